"""`remote-kg import`, `classify` and `query`."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

import click

from remote_kg.answer_rdf import add_answers
from remote_kg.api import (
    Classification,
    add_inferences,
    classify_with,
    inference_lines,
    is_csv,
    is_parquet,
    is_records_file,
    iter_csv_records,
    read_records,
)
from remote_kg.commands.options import (
    base_option,
    categories_option,
    csv_options,
    existing_file,
    reasoner_option,
)
from remote_kg.errors import InconsistentDataError, InputError
from remote_kg.jobs.rdf import postings_graph
from remote_kg.jobs.read import is_postings_file, read_postings
from remote_kg.ontology import RKG
from remote_kg.outputs import Progress, atomic_output
from remote_kg.rdf_io import ntriples_lines, parse_rdf
from remote_kg.reasoners import Answer, get_reasoner
from remote_kg.records import CSV_OPTIONS, CsvRecordReader

PRETTY_TURTLE_LIMIT = 20_000


@click.command("import")
@click.argument("records", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Output file (.ttl or .nt); default: Turtle on stdout.",
)
@base_option
@csv_options
def import_command(records: str, output: str | None, base: str) -> None:
    """Turn a CSV (or .tsv, or Parquet) file of worker records, or a file of schema.org job
    postings (JSON-LD, or HTML embedding them), into RDF in the ontology's vocabulary
    (closure included)."""
    path = existing_file(records)
    if is_postings_file(path):  # jobs, as RDF in the ontology's vocabulary
        graph = postings_graph(read_postings(path, base))
        with atomic_output(Path(output) if output else None) as out:
            fmt = "nt" if output is not None and output.endswith(".nt") else "turtle"
            out.write(graph.serialize(format=fmt))
        return
    if not is_records_file(path):
        raise InputError(f"{path}: expected a .csv, .tsv or .parquet file of worker records, "
                         "or a .jsonld, .json or .html file of job postings")
    if is_csv(path):  # streamed; its problems are raised once every row is read
        reader, stream = iter_csv_records(path, base)
        check = reader.raise_if_problems
    else:  # Parquet: read whole, problems raised before anything is written
        stream, check = iter(read_records(path, base)), lambda: None
    as_ntriples = output is not None and output.endswith(".nt")
    with atomic_output(Path(output) if output else None) as out:
        if as_ntriples:
            for line in ntriples_lines(stream, base):
                out.write(line)
            check()
        else:
            records = list(stream)
            check()
            _write_turtle(out, records, base)


def _write_turtle(out, records, base: str, inferred: list[Classification] | None = None) -> None:
    """Records (and their inferred triples) as Turtle: pretty when small, streamed when big."""
    from remote_kg.rdf_io import records_to_graph

    if len(records) <= PRETTY_TURTLE_LIMIT:
        graph = records_to_graph(records, base)
        if inferred:
            add_inferences(graph, inferred, base)
        out.write(graph.serialize(format="turtle"))
        return
    out.write(f"@prefix rkg: <{RKG}> .\n")  # N-Triples lines are valid Turtle
    for line in ntriples_lines(records, base, entailed=bool(inferred)):
        out.write(line)
    if inferred:
        for line in inference_lines(inferred, base):
            out.write(line)


@click.command("classify")
@click.argument("input", type=click.Path(dir_okay=False))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "ttl", "parquet"]),
    default=None,
    help="Output format; default: parquet for -o *.parquet, else json.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Output file (written atomically); default: stdout.",
)
@reasoner_option
@categories_option
@click.option(
    "--ontology",
    type=click.Path(dir_okay=False, exists=True),
    default=None,
    help="Use another copy of the ontology (Turtle).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress report on stderr.")
@click.option("--explain", is_flag=True,
              help="Add to each JSON object why (see `remote-kg explain`).")
@csv_options
@base_option
def classify_command(
    input: str,
    fmt: str | None,
    output: str | None,
    reasoner: str,
    categories: str | None,
    ontology: str | None,
    quiet: bool,
    explain: bool,
    base: str,
) -> None:
    """Classify each record: the categories it is in, is not in, and cannot be decided.

    INPUT is a CSV (or .tsv) or Parquet file of worker records, an RDF file of worker
    individuals, or schema.org job postings (.jsonld / .json, or .html pages embedding
    them), classified for the job categories. CSV, JSON and Parquet output keep each
    record's id and label, and with --extra-columns keep the input's other columns too.
    """
    path = existing_file(input)
    from_parquet = is_parquet(path)
    if fmt is None:
        fmt = "parquet" if output and is_parquet(Path(output)) else "json"
    if is_postings_file(path):
        if categories or explain:
            raise InputError(f"{path}: job postings are classified for the job categories; "
                             f"--categories and --explain are for worker records")
        _classify_postings(path, fmt, output, reasoner, Path(ontology) if ontology else None,
                           base)
        return
    if explain and fmt != "json":
        raise InputError(f"--explain adds an explanation to each JSON object; it does not "
                         f"go with --format {fmt} (use --format json, or `remote-kg explain`)")
    ontology_path = Path(ontology) if ontology else None
    engine = get_reasoner(reasoner, ontology_path, categories)
    if explain and engine.categories != get_reasoner("fast", ontology_path).categories:
        raise InputError("--explain explains the seed categories; it does not go with "
                         "--categories (drop one of the two)")
    explainer = _explainer(ontology_path) if explain else None
    categories = engine.categories
    if fmt == "parquet":
        from remote_kg.columnar.parquet import classify_to_parquet

        classify_to_parquet(path, output, engine, from_parquet)
        return
    if is_csv(path) and fmt in ("json", "csv") and reasoner == "fast":
        _stream_csv(path, fmt, output, engine, categories, quiet, base, explainer)
        return
    records = read_records(path, base)
    results = classify_with(records, engine, str(path))
    names, extras = _extras(path, categories)
    heads = [_head(fmt, r.id, r.label, extras.get(r.id, ()), names) for r in records]
    with atomic_output(Path(output) if output else None) as out:
        if fmt == "json":
            _write_json(out, ((head, result, record.facts)
                              for head, result, record in zip(heads, results, records)),
                        explainer)
        elif fmt == "csv":
            _write_csv(out, zip(heads, results), categories, names)
        elif is_csv(path):
            _write_turtle(out, records, base, results)
        else:
            graph = add_inferences(parse_rdf(path), results, base)
            out.write(graph.serialize(format="turtle"))


def _classify_postings(path: Path, fmt: str, output: str | None, reasoner: str,
                       ontology: Path | None, base: str) -> None:
    """`classify` of a postings file: one row or object per posting, job categories."""
    from remote_kg.jobs.api import classify_postings, job_reasoner

    postings = read_postings(path, base)
    engine = job_reasoner(reasoner, ontology)
    results = classify_postings(postings, engine, str(path))
    if fmt == "parquet":
        from remote_kg.columnar.parquet import write_answers

        write_answers(output, [(p.id, p.label) for p in postings], results, engine.categories)
        return
    heads = [_head(fmt, p.id, p.label, (), []) for p in postings]
    with atomic_output(Path(output) if output else None) as out:
        if fmt == "json":
            _write_json(out, ((head, result, None) for head, result in zip(heads, results)))
        elif fmt == "csv":
            _write_csv(out, zip(heads, results), engine.categories, [])
        else:
            graph = add_answers(postings_graph(postings), ((r.iri, r) for r in results))
            out.write(graph.serialize(format="turtle"))


OUTPUT_KEYS = ("id", "label", "is", "is_not", "unknown", "explanation")


def _check_extra_names(path: Path, names: list[str], categories: list[str]) -> None:
    """Kept columns must not take the name of a column or key the output already has."""
    taken = {n.lower() for n in (*OUTPUT_KEYS, *categories)}
    clashes = [n for n in names if n.lower() in taken]
    if clashes:
        raise InputError(f"{path}: line 1: kept column(s) {', '.join(map(repr, clashes))} "
                         "would clash with the output's own; rename them in the file")


def _extras(path: Path, categories: list[str]) -> tuple[list[str], dict]:
    """The kept extra columns' names and each record's cells (a pass over the CSV or
    Parquet file; none for RDF)."""
    if CSV_OPTIONS.get().extra_columns != "keep" or not is_records_file(path):
        return [], {}
    if is_parquet(path):
        from remote_kg.columnar.table import parquet_extras

        names, cells = parquet_extras(path)
        _check_extra_names(path, names, categories)
        return names, cells
    reader = CsvRecordReader(path)
    cells = {record_id: extra for _, record_id, _, _, extra in reader.rows_with_extras()}
    _check_extra_names(path, reader.extra_names, categories)
    return reader.extra_names, cells


_PLAIN_CELL = set('",\r\n')


def _cell(value: str) -> str:
    return _csv_cell(value) if _PLAIN_CELL.intersection(value) else value


def _head(fmt: str, record_id: str, label: str | None, extras: tuple[str, ...],
          names: list[str]) -> str:
    """What a record's output line starts with: its id, label and kept cells."""
    if fmt == "csv":
        return ",".join([_cell(record_id), _cell(label or ""), *map(_cell, extras)])
    parts = [f'{{"id": {_json_string(record_id)}',
             f'"label": {_json_string(label) if label is not None else "null"}']
    parts += [f"{json.dumps(n)}: {_json_string(v)}" for n, v in zip(names, extras)]
    return ", ".join(parts)


def _explainer(ontology: Path | None):
    from remote_kg.explain.explainer import Explainer

    return Explainer(ontology)


def _json_fragment(answer: Answer, explanation: dict | None = None) -> str:
    # About 13 KB a record: no spaces, and ASCII (\u escapes), which Python writes about 7
    # times faster than text with any other character.
    why = "" if explanation is None else ', "explanation": ' + json.dumps(
        explanation, separators=(",", ":"))
    return (
        f', "is": {json.dumps(list(answer.is_))}, "is_not": {json.dumps(list(answer.is_not))}'
        f', "unknown": {json.dumps(list(answer.unknown))}{why}}}'
    )


def _csv_fragment(answer: Answer, categories: list[str]) -> str:
    return "," + ",".join(answer.status(c) for c in categories) + "\r\n"


def _json_string(value: str) -> str:
    """json.dumps(value), without its cost for the usual plain ASCII id."""
    if value.isascii() and value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'
    return json.dumps(value)


def _csv_cell(value: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([value])
    return buffer.getvalue()


def _write_json(out, rows, explainer=None) -> None:
    """JSON objects, each from its head (`_head`), answer and (explained) facts."""
    out.write("[")
    first = True
    for head, answer, facts in rows:
        out.write("\n  " if first else ",\n  ")
        first = False
        why = explainer.explain(facts) if explainer else None
        out.write(head + _json_fragment(answer, why))
    out.write("\n]\n" if not first else "]\n")


def _csv_header(categories: list[str], names: list[str]) -> str:
    return ",".join(["id", "label", *map(_cell, names), *categories]) + "\r\n"


def _write_csv(out, rows, categories: list[str], names: list[str]) -> None:
    """CSV rows, each from its head (`_head`) and answer."""
    out.write(_csv_header(categories, names))
    for head, answer in rows:
        out.write(head + _csv_fragment(answer, categories))


def _stream_csv(
    path: Path, fmt: str, output: str | None, engine, categories: list[str], quiet: bool,
    base: str, explainer=None,
) -> None:
    """Classify a CSV in one pass: each distinct fact combination is answered once."""
    reader, _ = iter_csv_records(path, base)
    if explainer is None:  # answers alone: columns no category reads need not split Facts
        reader.keep_facts = engine.columns
    rows = reader.rows_with_extras()
    start = next(rows, None)  # reads the header: the kept columns are known from here
    names = reader.extra_names
    _check_extra_names(path, names, categories)
    fragments: dict = {}
    inconsistent: list[str] = []
    progress = Progress(path.stat().st_size, enabled=not quiet)
    with atomic_output(Path(output) if output else None) as out:
        write = out.write
        if fmt == "json":
            write("[")
        else:
            write(_csv_header(categories, names))
        first = True
        for line, record_id, label, facts, extras in (
                itertools.chain([start], rows) if start else ()):
            fragment = fragments.get(facts)
            if fragment is None:
                answer = engine.answer(facts)
                if not answer.consistent:
                    inconsistent.append(f"line {line}, id {record_id!r}")
                if fmt == "csv":
                    fragment = _csv_fragment(answer, categories)
                else:
                    why = explainer.explain(facts) if explainer and answer.consistent else None
                    fragment = _json_fragment(answer, why)
                fragments[facts] = fragment
            head = _head(fmt, record_id, label, extras, names)
            if fmt == "json":
                write(("\n  " if first else ",\n  ") + head + fragment)
            else:
                write(head + fragment)
            first = False
            progress.step()
        progress.close()
        reader.raise_if_problems()
        if inconsistent:
            raise InconsistentDataError(
                [f"{path}: inconsistent record at {where}" for where in inconsistent]
            )
        if fmt == "json":
            write("\n]\n" if not first else "]\n")
