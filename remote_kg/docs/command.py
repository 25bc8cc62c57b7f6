"""`remote-kg docs`: build the page and the diagram, and the click command that does it."""

from __future__ import annotations

from pathlib import Path

import click
from rdflib import Graph

from remote_kg.docs import authorities
from remote_kg.docs.diagram import SVG_NAME, diagram_dot, render_svg
from remote_kg.docs.examples import load_examples
from remote_kg.docs.hierarchy import build_hierarchy
from remote_kg.docs.page import Page
from remote_kg.errors import InputError
from remote_kg.ontology import EXAMPLES_PATH, ONTOLOGY_PATH, RKG, merge_imports
from remote_kg.outputs import output_directory, write_output

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def build_docs(
    output: Path,
    ontology: Path = ONTOLOGY_PATH,
    examples: Path | None = EXAMPLES_PATH,
    reasoner: str = "hermit",
) -> list[Path]:
    """Write index.html, the SVG diagram and the authorities page into `output`; return
    the written files."""
    graph = Graph()
    try:
        graph.parse(ontology, format="turtle")
        merge_imports(graph, Path(ontology))
    except InputError:
        raise
    except FileNotFoundError as exc:
        raise InputError(f"{ontology}: ontology not found (expected a Turtle file)") from exc
    except Exception as exc:  # rdflib parser errors have several types
        raise InputError(f"{ontology}: not valid Turtle: {exc}") from exc
    hierarchy = build_hierarchy(graph, reasoner)
    svg = render_svg(diagram_dot(graph, hierarchy))
    page = Page(graph, hierarchy, load_examples(examples, ontology), svg)
    template = (TEMPLATES / "docs.html").read_text(encoding="utf-8")
    css = (TEMPLATES / "docs.css").read_text(encoding="utf-8")
    output_directory(output)
    written = [output / "index.html", output / SVG_NAME, output / authorities.PAGE_NAME]
    write_output(written[0], page.render(template, css))
    write_output(written[1], svg)
    write_output(written[2], _authorities_page(graph, ontology, examples, css))
    return written


def _authorities_page(graph: Graph, ontology: Path, examples: Path | None, css: str) -> str:
    """The authorities page, with the examples classified under every authority."""
    from remote_kg.api import classify_records, read_records
    from remote_kg.owl_model import read_model
    from remote_kg.perspectives.compare import read_perspectives

    model = read_model(graph)
    rows = []
    if examples is not None:
        names = ",".join(read_perspectives(graph, model).categories)
        records = read_records(examples)
        for record, result in zip(records, classify_records(
                records, ontology=ontology, source=str(examples), categories=names)):
            status = {c: result.status(c) for c in names.split(",")}
            rows.append((record.id, record.label or record.id, status))
    return authorities.render(graph, model, rows, css, str(RKG))


@click.command("docs")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Directory to write index.html and worker-categories.svg into.",
)
@click.option(
    "--ontology",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=ONTOLOGY_PATH,
    show_default=True,
    help="Turtle source of the ontology.",
)
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
    """Write HTML documentation of the ontology, with an SVG of the worker categories."""
    if no_examples:
        examples = None
    elif examples is None:
        examples = EXAMPLES_PATH if EXAMPLES_PATH.is_file() else None
        if examples is None:
            click.echo(f"note: {EXAMPLES_PATH} not found; the page shows no examples", err=True)
    for path in build_docs(output, ontology, examples, reasoner):
        click.echo(f"wrote: {path}")
