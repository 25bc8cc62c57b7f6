"""`remote-kg validate`: check records or an ontology against the project's SHACL shapes."""

from __future__ import annotations

from pathlib import Path

import click

from remote_kg.checks.shacl.report import conforms, render_json, render_text, render_turtle
from remote_kg.checks.shacl.run import ENGINES, SHAPES_CHOICES, validate_paths
from remote_kg.commands.options import (
    csv_options,
    format_option,
    input_arguments,
    ontology_option,
    output_format,
    output_option,
)
from remote_kg.errors import DoesNotConform
from remote_kg.model.ontology import ONTOLOGY_PATH
from remote_kg.outputs import atomic_output
from remote_kg.pipeline.readers import Input


@click.command("validate")
@input_arguments
@click.option(
    "--shapes",
    type=click.Choice(SHAPES_CHOICES),
    default="auto",
    show_default=True,
    help="data: the data-model shapes, checked with the ontology's class hierarchy; "
    "ontology: the documentation and naming shapes for ontology files; "
    "auto: data shapes on all inputs, plus ontology shapes on files with an owl:Ontology.",
)
@format_option(["text", "json", "ttl"], None,
               "text for people; json, or ttl (a SHACL validation report) for programs; "
               "default: the one -o's extension names, else text.")
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="fast",
    show_default=True,
    help="fast: the shapes compiled to SPARQL over pyoxigraph (for large data); "
    "pyshacl: the pySHACL reference.",
)
@ontology_option("Check data against another copy of the ontology (Turtle).")
@click.option(
    "--allow-warnings",
    is_flag=True,
    help="Exit 0 when the only results are warnings or infos.",
)
@output_option("Write the report to a file (atomically); default: stdout.")
@csv_options
def validate_command(
    sources: list[Input],
    shapes: str,
    fmt: str,
    engine: str,
    ontology: Path | None,
    allow_warnings: bool,
    output: Path | None,
) -> None:
    """Validate INPUTS (CSV records or RDF files) against the SHACL shapes.

    INPUT is a file, a directory (its files), a quoted glob pattern or - (standard input).

    Each result names the node, the property path, the value, the reason, the shape and its
    severity. Exit status: 0 conforms, 1 does not conform, 2 error (unreadable input).
    """
    fmt = output_format(fmt, output, ("text", "json", "ttl"), "text")
    runs = validate_paths(sources, shapes, engine, ontology or ONTOLOGY_PATH)
    with atomic_output(output) as out:
        if fmt == "json":
            out.write(render_json(runs, engine, allow_warnings))
        elif fmt == "ttl":
            out.write(render_turtle(runs, allow_warnings))
        else:
            out.write(render_text(runs, engine, allow_warnings))
    if not conforms(runs, allow_warnings):
        raise DoesNotConform()
