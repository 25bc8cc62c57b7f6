"""`remote-kg import`: records or postings as RDF in the ontology's vocabulary."""

from __future__ import annotations

from pathlib import Path

import click

from remote_kg.commands.options import (
    base_option,
    csv_options,
    existing_file,
    output_option,
)
from remote_kg.errors import InputError
from remote_kg.outputs import atomic_output
from remote_kg.pipeline.readers import iter_csv_records, reader_for
from remote_kg.pipeline.writers import write_records_turtle
from remote_kg.rdf.records import ntriples_lines


@click.command("import")
@click.argument("records", type=click.Path(dir_okay=False))
@output_option("Output file (.ttl or .nt); default: Turtle on stdout.")
@base_option
@csv_options
def import_command(records: str, output: str | None, base: str) -> None:
    """Turn a CSV (or .tsv, or Parquet) file of worker records, or a file of schema.org job
    postings (JSON-LD, or HTML embedding them), into RDF in the ontology's vocabulary (a
    complete workplaces list with its closure; places known so far without one)."""
    path = existing_file(records)
    reader = reader_for(path)
    as_ntriples = output is not None and output.endswith(".nt")
    if reader.holds == "postings":  # jobs, as RDF in the ontology's vocabulary
        from remote_kg.rdf.jobs import postings_graph

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
