"""`remote-kg import` and `classify`: options turned into a call of the pipeline."""

from __future__ import annotations

from pathlib import Path

import click

from remote_kg.api import iter_csv_records
from remote_kg.commands.options import (
    base_option,
    categories_option,
    csv_options,
    existing_file,
    reasoner_option,
)
from remote_kg.errors import InputError
from remote_kg.outputs import atomic_output
from remote_kg.pipeline.classify import classify_file, engine_for
from remote_kg.pipeline.readers import reader_for
from remote_kg.pipeline.writers import write_records_turtle
from remote_kg.rdf_io import ntriples_lines
from remote_kg.reasoners import get_reasoner


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
    reader = reader_for(path)
    as_ntriples = output is not None and output.endswith(".nt")
    if reader.holds == "postings":  # jobs, as RDF in the ontology's vocabulary
        from remote_kg.jobs.rdf import postings_graph

        graph = postings_graph(reader.read(path, base))
        with atomic_output(Path(output) if output else None) as out:
            out.write(graph.serialize(format="nt" if as_ntriples else "turtle"))
        return
    if reader.name == "csv":  # streamed; its problems are raised once every row is read
        csv_reader, stream = iter_csv_records(path, base)
        check = csv_reader.raise_if_problems
    elif reader.name == "parquet":  # read whole, problems raised before anything is written
        stream, check = iter(reader.read(path, base)), lambda: None
    else:
        raise InputError(f"{path}: expected a .csv, .tsv or .parquet file of worker records, "
                         "or a .jsonld, .json or .html file of job postings")
    with atomic_output(Path(output) if output else None) as out:
        if as_ntriples:
            for line in ntriples_lines(stream, base):
                out.write(line)
            check()
        else:
            found = list(stream)
            check()
            write_records_turtle(out, found, base)


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
    if fmt is None:
        fmt = "parquet" if output and Path(output).suffix.lower() == ".parquet" else "json"
    reader = reader_for(path)
    if explain and fmt != "json":
        raise InputError(f"--explain adds an explanation to each JSON object; it does not "
                         f"go with --format {fmt} (use --format json, or `remote-kg explain`)")
    if explain and reader.holds != "records":
        raise InputError(f"{path}: --explain explains worker records; {path.name} holds "
                         "job postings")
    ontology_path = Path(ontology) if ontology else None
    try:
        engine = engine_for(reader, reasoner, ontology_path, categories)
    except InputError as exc:
        raise InputError([f"{path}: {p}" for p in exc.problems]) from None
    if explain and engine.categories != get_reasoner("fast", ontology_path).categories:
        raise InputError("--explain explains the seed categories; it does not go with "
                         "--categories (drop one of the two)")
    explainer = None
    if explain:
        from remote_kg.explain.explainer import Explainer

        explainer = Explainer(ontology_path)
    classify_file(path, fmt, output, engine, base, quiet, explainer)
