"""Writers by output format: answers as JSON, CSV, Turtle or Parquet.

Each writer takes a `Classified` batch (what was read, and its answers) and an output path
(None: stdout), and writes all of it or nothing (`outputs.atomic_output`). The row writers'
pieces (`row_head`, `json_fragment`, `csv_fragment`) are also what the streaming CSV path
and `classify-deals` write with, so every route gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from remote_kg import plugins
from remote_kg.errors import InputError
from remote_kg.model.ontology import DEFAULT_BASE, RKG
from remote_kg.outputs import atomic_output
from remote_kg.pipeline.posting_fields import cell_text
from remote_kg.rdf.answers import add_answers
from remote_kg.reasoners.answer import Answer

PRETTY_TURTLE_LIMIT = 20_000
BYTE_ORDER_MARK = "\ufeff"
# Set by `--excel`: CSV output starts with a UTF-8 byte-order mark, by which Excel reads it
# as UTF-8 rather than the locale's code page ("Ana López", not "Ana LÃ³pez").
EXCEL_CSV: ContextVar[bool] = ContextVar("EXCEL_CSV", default=False)
OUTPUT_KEYS = ("id", "label", "is", "is_not", "unknown", "explanation")


@dataclass
class Classified:
    """What a reader gave (worker records or job postings) and the answers for it."""

    source: Path
    holds: str  # "records" or "postings"
    reader: str  # the reader's name: csv, parquet, rdf, postings
    items: Sequence[Any]  # remote_kg.model.records.Record or remote_kg.model.jobs.Posting
    results: Sequence[Any]  # remote_kg.classification.answers.Classification, one per item
    categories: list[str]
    extra_names: list[str] = field(default_factory=list)
    # Each item's kept cells by id: text for records; for postings text, numbers or None
    # (no such field), a column's numbers becoming text when it holds text too.
    extras: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    base: str = DEFAULT_BASE
    # Explanations to write (`explain.references`): an ExplanationTable (each distinct
    # entry once, records refer to it) or InlineExplanations (whole in each record).
    explainer: Any = None
    run: Any = None  # remote_kg.rdf.provenance.Run: what RDF output names as its producer
    sources: list[Path] = field(default_factory=list)  # several inputs: all of them, in order


@dataclass(frozen=True)
class Writer:
    """One output format (a "writer" plugin): how it writes a `Classified` batch to an
    output path (None: stdout), and what else it can take. `rows` says the format is
    written row by row, so a CSV input can be streamed or take the vectorised route
    (`pipeline.classify`); `table`, when given, answers a file of records batch by batch
    into the output without holding it whole: (path, output, engine, is_parquet)."""

    name: str
    write: Callable[[str | None, Classified], None]
    rows: bool = False
    table: Callable[..., None] | None = None
    extensions: tuple[str, ...] = ()  # file name endings `-o` picks this format by


def register_writer(fmt: str, writer: Writer | Callable[[str | None, Classified], None]) -> None:
    """Make `writer` (a Writer, or a bare write function) the one for `--format fmt`."""
    plugins.register("writer", fmt, writer if isinstance(writer, Writer) else Writer(fmt, writer))


def writer_for(fmt: str) -> Writer:
    """The writer of format `fmt` (`remote_kg.plugins`)."""
    return plugins.get("writer", fmt)


def formats() -> list[str]:
    """The output formats there are writers for."""
    return plugins.names("writer")


def __getattr__(name: str) -> Any:
    """`WRITERS`: the writers by format, as a dict (read from the registry)."""
    if name == "WRITERS":
        return {fmt: writer_for(fmt) for fmt in formats()}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def write(fmt: str, output: str | None, batch: Classified) -> None:
    """Write `batch` in format `fmt` to `output` (None: stdout)."""
    writer_for(fmt).write(output, batch)


# -- rows: the pieces every JSON and CSV output is made of -----------------------------------

# What makes csv_line quote a cell: the delimiter, the quote, CR, LF (`arrow_csv` quotes
# by the same rule).
CSV_QUOTED_CHARACTERS = '",\r\n'
_QUOTED = set(CSV_QUOTED_CHARACTERS)


def csv_line(cells: Iterable[str], end: str = "\r\n") -> str:
    """One CSV row ended by `end`, as Python's csv module writes it: a cell holding a comma,
    a quote, CR or LF is quoted (its quotes doubled), so the row reads back as written.

    The csv module quotes a cell for a line break only when the line terminator holds
    that character, so the writer always ends with CR LF, which is then replaced."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()[:-2] + end


def csv_cell(value: str) -> str:
    """A CSV cell (as csv_line writes it), quoted only when it must be."""
    if not _QUOTED.intersection(value):
        return value
    return csv_line([value], "")


def json_string(value: str) -> str:
    """json.dumps(value), without its cost for the usual plain ASCII id."""
    if value.isascii() and value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'
    return json.dumps(value)


def row_head(fmt: str, record_id: str, label: str | None, extras: tuple[Any, ...],
             names: list[str]) -> str:
    """What an output row starts with: the id, label and kept cells (text; a posting's
    field may be a number, or None when the posting has no such field)."""
    if fmt == "csv":
        return ",".join([csv_cell(record_id), csv_cell(label or ""),
                         *(csv_cell(v if isinstance(v, str) else cell_text(v))
                           for v in extras)])
    parts = [f'{{"id": {json_string(record_id)}',
             f'"label": {json_string(label) if label is not None else "null"}']
    parts += [f"{json.dumps(n)}: {_json_value(v)}" for n, v in zip(names, extras)]
    return ", ".join(parts)


def _json_value(value: Any) -> str:
    if isinstance(value, str):
        return json_string(value)
    return "null" if value is None else json.dumps(value)


def typed_extras(names: list[str], extras: dict[str, tuple[Any, ...]],
                 ) -> dict[str, tuple[Any, ...]]:
    """`extras` with each column of one type: a column holding text and numbers has its
    numbers as text (records' cells are text already)."""
    texts = [any(isinstance(row[i], str) for row in extras.values() if i < len(row))
             for i in range(len(names))]
    if not any(texts) or all(isinstance(v, str) for row in extras.values() for v in row):
        return extras
    return {key: tuple(cell_text(v) if text and v is not None and not isinstance(v, str)
                       else v for v, text in zip(row, texts))
            for key, row in extras.items()}


def json_fragment(answer: Answer, explanation: dict | list[int] | None = None) -> str:
    """The rest of a JSON object after its head: is / is_not / unknown (and why: the whole
    explanation, or the numbers of its entries in the output's table)."""
    # About 13 KB a record: no spaces, and ASCII (\u escapes), which Python writes about 7
    # times faster than text with any other character.
    why = "" if explanation is None else ', "explanation": ' + json.dumps(
        explanation, separators=(",", ":"))
    return (
        f', "is": {json.dumps(list(answer.is_))}, "is_not": {json.dumps(list(answer.is_not))}'
        f', "unknown": {json.dumps(list(answer.unknown))}{why}}}'
    )


def csv_fragment(answer: Answer, categories: list[str]) -> str:
    """The rest of a CSV row after its head: one status per category."""
    return "," + ",".join(answer.status(c) for c in categories) + "\r\n"


def csv_header(categories: list[str], names: list[str]) -> str:
    """The answers' CSV header row (after a byte-order mark when `EXCEL_CSV` is set)."""
    mark = BYTE_ORDER_MARK if EXCEL_CSV.get() else ""
    return mark + ",".join(["id", "label", *map(csv_cell, names), *categories]) + "\r\n"


def is_referenced(explanations: Any) -> bool:
    """Whether explanations are written once in a table and referred to by number
    (`explain.references.ExplanationTable`) rather than whole in each record."""
    return bool(getattr(explanations, "referenced", False))


def json_start(explanations: Any = None) -> str:
    """What a JSON output starts with: a list of records, or an object whose "records"
    list refers to its "explanations" table."""
    return '{"records": [' if is_referenced(explanations) else "["


def write_json_end(out, first: bool, explanations: Any = None) -> None:
    """Close the records' list (`first`: none was written) and, for referenced
    explanations, write the table of entries, one a line."""
    out.write("\n]" if not first else "]")
    if not is_referenced(explanations):
        out.write("\n")
        return
    out.write(',\n"explanations": [')
    for number, entry in enumerate(explanations.entries):
        out.write("\n  " if number == 0 else ",\n  ")
        out.write(json.dumps(entry, separators=(",", ":")))
    out.write("\n]}\n" if explanations.entries else "]}\n")


def jsonl_entries(explanations: Any, since: int) -> str:
    """JSON Lines of the table's entries numbered from `since` on: each entry with its
    number under "explanation" (written before the first record that refers to it)."""
    return "".join(json.dumps({"explanation": n, **explanations.entries[n]},
                              separators=(",", ":")) + "\n"
                   for n in range(since, len(explanations.entries)))


def write_json_rows(out, rows: Iterable[tuple[str, Any, Any]], explanations=None) -> None:
    """JSON objects, each from its head (`row_head`), answer and (explained) facts."""
    out.write(json_start(explanations))
    first = True
    for head, answer, facts in rows:
        out.write("\n  " if first else ",\n  ")
        first = False
        why = explanations.why(facts) if explanations else None
        out.write(head + json_fragment(answer, why))
    write_json_end(out, first, explanations)


def write_csv_rows(out, rows: Iterable[tuple[str, Any]], categories: list[str],
                   names: list[str]) -> None:
    """CSV rows, each from its head (`row_head`) and answer."""
    out.write(csv_header(categories, names))
    for head, answer in rows:
        out.write(head + csv_fragment(answer, categories))


def check_extra_names(path: Path, names: list[str], categories: list[str],
                      holds: str = "records") -> None:
    """Kept columns must not take the name of a column or key the output already has."""
    taken = {n.lower() for n in (*OUTPUT_KEYS, *categories)}
    clashes = [n for n in names if n.lower() in taken]
    if not clashes:
        return
    named = ", ".join(map(repr, clashes))
    if holds == "postings":
        raise InputError(f"{path}: the postings' field(s) {named} would clash with the "
                         "output's own columns; classify without --extra-columns keep")
    raise InputError(f"{path}: line 1: kept column(s) {named} would clash with the "
                     "output's own; rename them in the file")


# -- the writers ------------------------------------------------------------------------------

def _heads(fmt: str, batch: Classified) -> list[str]:
    extras = typed_extras(batch.extra_names, batch.extras) if fmt != "csv" else batch.extras
    return [row_head(fmt, item.id, item.label, extras.get(item.id, ()), batch.extra_names)
            for item in batch.items]


def _write_json(output: str | None, batch: Classified) -> None:
    heads = _heads("json", batch)
    with atomic_output(Path(output) if output else None) as out:
        write_json_rows(out, ((head, result, getattr(item, "facts", None))
                              for head, result, item in zip(heads, batch.results, batch.items)),
                        batch.explainer)


def _write_jsonl(output: str | None, batch: Classified) -> None:
    """JSON Lines: the JSON output's objects, one per line, no enclosing list; referenced
    explanations as lines of their own, each before the first record that refers to it."""
    heads = _heads("json", batch)
    explanations = batch.explainer
    written = 0
    with atomic_output(Path(output) if output else None) as out:
        for head, result, item in zip(heads, batch.results, batch.items):
            why = explanations.why(item.facts) if explanations else None
            if is_referenced(explanations) and len(explanations.entries) > written:
                out.write(jsonl_entries(explanations, written))
                written = len(explanations.entries)
            out.write(head + json_fragment(result, why) + "\n")


def _write_csv(output: str | None, batch: Classified) -> None:
    heads = _heads("csv", batch)
    with atomic_output(Path(output) if output else None) as out:
        write_csv_rows(out, zip(heads, batch.results), batch.categories, batch.extra_names)


def _rdf_writer(rdf_format: str) -> Callable[[str | None, Classified], None]:
    """A writer of the answers as RDF in `rdf_format` (rdflib's name: turtle, nt)."""

    def write_rdf(output: str | None, batch: Classified) -> None:
        with atomic_output(Path(output) if output else None) as out:
            if batch.holds == "postings":
                from remote_kg.rdf.jobs import postings_graph

                graph = add_answers(postings_graph(batch.items),
                                    ((r.iri, r) for r in batch.results))
                out.write(_with_run(graph, batch).serialize(format=rdf_format))
            elif batch.reader == "rdf":  # the input's own graph, with the answers added
                from remote_kg.rdf.records import parse_rdf

                graph = parse_rdf(batch.source)
                for source in batch.sources[1:]:  # several RDF inputs: one graph of them all
                    graph += parse_rdf(source)
                graph = add_answers(graph, ((r.iri, r) for r in batch.results))
                out.write(_with_run(graph, batch).serialize(format=rdf_format))
            else:
                write_records_turtle(out, batch.items, batch.base, batch.results, batch.run,
                                     ntriples=rdf_format == "nt")

    return write_rdf


def _with_run(graph, batch: Classified):
    """`graph` with the batch's run described and each answered record linked to it."""
    if batch.run is not None:
        batch.run.add_to(graph, (r.iri for r in batch.results))
        graph.bind("prov", "http://www.w3.org/ns/prov#")
    return graph


def write_records_turtle(out, records, base: str, inferred=None, run=None,
                         ntriples: bool = False) -> None:
    """Records (and their inferred triples, each record linked to `run` when given, see
    `rdf.provenance`) as Turtle: pretty when small, streamed when big; or as N-Triples
    (`ntriples`), always streamed."""
    from remote_kg.rdf.answers import AnswerWriter
    from remote_kg.rdf.records import ntriples_lines, records_to_graph

    if len(records) <= PRETTY_TURTLE_LIMIT and not ntriples:
        graph = records_to_graph(records, base)
        if inferred:
            add_answers(graph, ((r.iri, r) for r in inferred))
            if run is not None:
                run.add_to(graph, (r.iri for r in inferred))
                graph.bind("prov", "http://www.w3.org/ns/prov#")
        out.write(graph.serialize(format="turtle"))
        return
    if not ntriples:
        out.write(f"@prefix rkg: <{RKG}> .\n")  # N-Triples lines are valid Turtle
    for line in ntriples_lines(records, base, entailed=bool(inferred)):
        out.write(line)
    if inferred:
        writer = AnswerWriter()
        for result in inferred:
            for line in writer.lines(result.iri, result):
                out.write(line)
        if run is not None:
            out.write("".join(run.lines()))
            for result in inferred:
                out.write(run.link(result.iri))


def _write_parquet(output: str | None, batch: Classified) -> None:
    from remote_kg.columnar.parquet import write_answers

    explanations = batch.explainer
    heads = [(i.id, i.label) for i in batch.items]
    extras = typed_extras(batch.extra_names, batch.extras)
    kept = (batch.extra_names, [extras.get(i.id, (None,) * len(batch.extra_names))
                                for i in batch.items])
    if explanations is None:
        write_answers(output, heads, batch.results, batch.categories, kept=kept)
        return
    references = [explanations.why(i.facts) for i in batch.items]
    write_answers(output, heads, batch.results, batch.categories, references,
                  explanations.entries, kept)


def _parquet_table(path: Path, output: str | None, engine, is_parquet: bool) -> None:
    from remote_kg.columnar.parquet import classify_to_parquet

    classify_to_parquet(path, output, engine, is_parquet)


# The built-in writers, registered by name in `remote_kg.plugins`.
JSON = Writer("json", _write_json, rows=True, extensions=(".json",))
JSONL = Writer("jsonl", _write_jsonl, extensions=(".jsonl", ".ndjson"))
CSV = Writer("csv", _write_csv, rows=True, extensions=(".csv",))
TTL = Writer("ttl", _rdf_writer("turtle"), extensions=(".ttl",))
NT = Writer("nt", _rdf_writer("nt"), extensions=(".nt",))
PARQUET = Writer("parquet", _write_parquet, table=_parquet_table, extensions=(".parquet",))
