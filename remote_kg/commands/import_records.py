"""`remote-kg import`: records or postings as RDF in the ontology's vocabulary."""

from __future__ import annotations

from pathlib import Path

import click

from remote_kg.commands.options import (
    base_option,
    csv_options,
    input_arguments,
    output_option,
)
from remote_kg.errors import InputError
from remote_kg.outputs import atomic_output
from remote_kg.pipeline.combined import common_kind, read_all
from remote_kg.pipeline.readers import Input, iter_csv_records
from remote_kg.pipeline.writers import write_records_turtle
from remote_kg.rdf.records import ntriples_lines


@click.command("import")
@input_arguments
@output_option("Output file (.ttl or .nt); default: Turtle on stdout.")
@base_option
@csv_options
def import_command(sources: list[Input], output: str | None, base: str) -> None:
    """Turn a CSV (or .tsv, or Parquet) file of worker records, or a file of schema.org job
    postings (JSON-LD, JSON Lines, or HTML embedding them), into RDF in the ontology's
    vocabulary (a complete workplaces list with its closure; places known so far without
    one). Several inputs of one kind give one graph."""
    as_ntriples = output is not None and output.endswith(".nt")
    holds = common_kind(sources)
    for source in sources:
        if source.holds == "records" and source.reader.name not in ("csv", "parquet"):
            raise InputError(f"{source.path}: expected a .csv, .tsv or .parquet file of worker "
                             "records, or a .jsonld, .json, .jsonl or .html file of job "
                             "postings")
    if holds == "postings":  # jobs, as RDF in the ontology's vocabulary
        from remote_kg.rdf.jobs import postings_graph

        postings = [p for read in read_all(sources, base) for p in read.items]
        graph = postings_graph(postings)
        with atomic_output(Path(output) if output else None) as out:
            out.write(graph.serialize(format="nt" if as_ntriples else "turtle"))
        return
    path, reader = sources[0].path, sources[0].reader
    if len(sources) > 1:  # read whole, problems raised before anything is written
        stream = iter([r for read in read_all(sources, base) for r in read.items])
        check = lambda: None  # noqa: E731
    elif reader.name == "csv":  # streamed; its problems are raised once every row is read
        csv_reader, stream = iter_csv_records(path, base)
        check = csv_reader.raise_if_problems
    else:  # Parquet: read whole, problems raised before anything is written
        stream, check = iter(reader.read(path, base)), lambda: None
    with atomic_output(Path(output) if output else None) as out:
        if as_ntriples:
            for line in ntriples_lines(stream, base):
                out.write(line)
            check()
        else:
            found = list(stream)
            check()
            write_records_turtle(out, found, base)
