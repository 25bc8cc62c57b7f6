"""`remote-kg docs`: HTML documentation of the ontology and a picture of its categories."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from remote_kg.commands.options import ontology_option, output_option
from remote_kg.errors import InputError
from remote_kg.model.ontology import EXAMPLES_PATH, ONTOLOGY_PATH
from remote_kg.site.build import build_docs
from remote_kg.site.diagram import MISSING_DOT


def require_tools(reasoner: str) -> None:
    """Refuse at once, naming every missing tool, rather than after the reasoning."""
    missing = [] if shutil.which("dot") else [MISSING_DOT]
    if reasoner == "hermit" and not shutil.which("java"):
        missing.append("Java was not found on PATH; --reasoner hermit needs it (Debian: "
                       "apt-get install -y default-jre-headless), or pass --reasoner asserted")
    if missing:
        raise InputError(["docs cannot start: " + m for m in missing])


@click.command("docs")
@output_option("Directory to write index.html and worker-categories.svg into.",
               directory=True, required=True)
@ontology_option("Turtle source of the ontology.", default=ONTOLOGY_PATH)
@click.option(
    "--examples",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Example individuals to classify and show [default: the ontology's examples.ttl].",
)
@click.option("--no-examples", is_flag=True, help="Leave the example individuals out.")
@click.option(
    "--reasoner",
    type=click.Choice(["hermit", "asserted"]),
    default="hermit",
    show_default=True,
    help="hermit: infer the hierarchy and disjointness with HermiT (needs Java); "
    "asserted: use the asserted axioms and the named parts of definitions only.",
)
def docs_command(
    output: Path, ontology: Path, examples: Path | None, no_examples: bool, reasoner: str
) -> None:
    """Write HTML documentation of the ontology, with an SVG of the worker categories.

    Needs Graphviz `dot` on PATH, and Java for --reasoner hermit (the default); both are
    checked before any work starts.
    """
    require_tools(reasoner)
    if no_examples:
        examples = None
    elif examples is None:
        examples = EXAMPLES_PATH if EXAMPLES_PATH.is_file() else None
        if examples is None:
            click.echo(f"note: {EXAMPLES_PATH} not found; the page shows no examples", err=True)
    for path in build_docs(output, ontology, examples, reasoner):
        click.echo(f"wrote: {path}")
