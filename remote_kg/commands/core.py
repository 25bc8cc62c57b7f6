"""`remote-kg import`, `classify` and `query`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click

from remote_kg.api import (
    Classification,
    add_inferences,
    classify_with,
    inference_lines,
    is_csv,
    iter_csv_records,
    read_records,
)
from remote_kg.commands.options import base_option, existing_file, reasoner_option
from remote_kg.errors import InconsistentDataError, InputError
from remote_kg.ontology import RKG
from remote_kg.outputs import Progress, atomic_output
from remote_kg.rdf_io import ntriples_lines, parse_rdf
from remote_kg.reasoners import Answer, get_reasoner

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
def import_command(records: str, output: str | None, base: str) -> None:
    """Turn a CSV of worker records into RDF in the ontology's vocabulary (closure included)."""
    path = existing_file(records)
    if not is_csv(path):
        raise InputError(f"{path}: expected a .csv file of worker records")
    reader, stream = iter_csv_records(path, base)
    as_ntriples = output is not None and output.endswith(".nt")
    with atomic_output(Path(output) if output else None) as out:
        if as_ntriples:
            for line in ntriples_lines(stream, base):
                out.write(line)
            reader.raise_if_problems()
        else:
            records = list(stream)
            reader.raise_if_problems()
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
    type=click.Choice(["json", "csv", "ttl"]),
    default="json",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Output file (written atomically); default: stdout.",
)
@reasoner_option
@click.option(
    "--ontology",
    type=click.Path(dir_okay=False, exists=True),
    default=None,
    help="Use another copy of the ontology (Turtle).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress report on stderr.")
@click.option("--explain", is_flag=True,
              help="Add to each JSON object why (see `remote-kg explain`).")
@base_option
def classify_command(
    input: str,
    fmt: str,
    output: str | None,
    reasoner: str,
    ontology: str | None,
    quiet: bool,
    explain: bool,
    base: str,
) -> None:
    """Classify each record: the categories it is in, is not in, and cannot be decided.

    INPUT is a CSV of worker records or an RDF file of worker individuals.
    """
    path = existing_file(input)
    if explain and fmt != "json":
        raise InputError(f"--explain adds an explanation to each JSON object; it does not "
                         f"go with --format {fmt} (use --format json, or `remote-kg explain`)")
    ontology_path = Path(ontology) if ontology else None
    engine = get_reasoner(reasoner, ontology_path)
    explainer = _explainer(ontology_path) if explain else None
    categories = engine.categories
    if is_csv(path) and fmt in ("json", "csv") and reasoner == "fast":
        _stream_csv(path, fmt, output, engine, categories, quiet, base, explainer)
        return
    records = read_records(path, base)
    results = classify_with(records, engine, str(path))
    with atomic_output(Path(output) if output else None) as out:
        if fmt == "json":
            facts = {r.id: r.facts for r in records}
            _write_json(out, ((r.id, r) for r in results), explainer, facts)
        elif fmt == "csv":
            _write_csv(out, ((r.id, r) for r in results), categories)
        elif is_csv(path):
            _write_turtle(out, records, base, results)
        else:
            graph = add_inferences(parse_rdf(path), results, base)
            out.write(graph.serialize(format="turtle"))


def _explainer(ontology: Path | None):
    from remote_kg.explain.explainer import Explainer

    return Explainer(ontology)


def _json_fragment(answer: Answer, explanation: dict | None = None) -> str:
    why = "" if explanation is None else ', "explanation": ' + json.dumps(
        {k: v for k, v in explanation.items() if k != "id"},
        separators=(",", ":"))  # about 13 KB a record: no spaces, and ASCII (\u escapes),
    # which Python writes about 7 times faster than text with any other character
    return (
        f', "is": {json.dumps(list(answer.is_))}, "is_not": {json.dumps(list(answer.is_not))}'
        f', "unknown": {json.dumps(list(answer.unknown))}{why}}}'
    )


def _csv_fragment(answer: Answer, categories: list[str]) -> str:
    state = {c: "is" for c in answer.is_} | {c: "is_not" for c in answer.is_not}
    return "," + ",".join(state.get(c, "unknown") for c in categories) + "\r\n"


def _json_string(value: str) -> str:
    """json.dumps(value), without its cost for the usual plain ASCII id."""
    if value.isascii() and value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'
    return json.dumps(value)


def _csv_cell(value: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([value])
    return buffer.getvalue()


def _write_json(out, rows, explainer=None, facts: dict | None = None) -> None:
    out.write("[")
    first = True
    for record_id, answer in rows:
        out.write("\n  " if first else ",\n  ")
        first = False
        why = explainer.explain(facts[record_id]) if explainer and facts else None
        out.write('{"id": ' + json.dumps(record_id) + _json_fragment(answer, why))
    out.write("\n]\n" if not first else "]\n")


def _write_csv(out, rows, categories: list[str]) -> None:
    out.write(",".join(["id", *categories]) + "\r\n")
    for record_id, answer in rows:
        out.write(_csv_cell(record_id) + _csv_fragment(answer, categories))


def _stream_csv(
    path: Path, fmt: str, output: str | None, engine, categories: list[str], quiet: bool,
    base: str, explainer=None,
) -> None:
    """Classify a CSV in one pass: each distinct fact combination is answered once."""
    reader, _ = iter_csv_records(path, base)
    fragments: dict = {}
    inconsistent: list[str] = []
    progress = Progress(path.stat().st_size, enabled=not quiet)
    plain_id = set('",\r\n')
    with atomic_output(Path(output) if output else None) as out:
        write = out.write
        if fmt == "json":
            write("[")
        else:
            write(",".join(["id", *categories]) + "\r\n")
        first = True
        for line, record_id, _label, facts in reader.rows():
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
            if fmt == "json":
                write(
                    ('\n  {"id": ' if first else ',\n  {"id": ')
                    + _json_string(record_id)
                    + fragment
                )
            else:
                cell = _csv_cell(record_id) if plain_id.intersection(record_id) else record_id
                write(cell + fragment)
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
