"""Building the documentation site: the ontology page, the diagram and the authorities page."""

from __future__ import annotations

import shutil
from pathlib import Path

from rdflib import Graph

from remote_kg.errors import InputError
from remote_kg.model.ontology import EXAMPLES_PATH, ONTOLOGY_PATH, RKG, merge_imports
from remote_kg.outputs import output_directory, write_output
from remote_kg.site import authorities
from remote_kg.site.diagram import SVG_NAME, diagram_dot, render_svg
from remote_kg.site.examples import load_examples
from remote_kg.site.hierarchy import build_hierarchy
from remote_kg.site.page import Page

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def build_docs(
    output: Path,
    ontology: Path = ONTOLOGY_PATH,
    examples: Path | None = EXAMPLES_PATH,
    reasoner: str = "hermit",
) -> list[Path]:
    """Write index.html, the SVG diagram and the authorities page into `output`; return
    the written files. The directory is made first, so one that cannot be fails before
    the work (and is removed again if the work fails)."""
    made = not Path(output).exists()
    output_directory(output)
    try:
        return _write_docs(Path(output), ontology, examples, reasoner)
    except BaseException:
        if made:
            shutil.rmtree(output, ignore_errors=True)
        raise


def _write_docs(output: Path, ontology: Path, examples: Path | None,
                reasoner: str) -> list[Path]:
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
    written = [output / "index.html", output / SVG_NAME, output / authorities.PAGE_NAME]
    write_output(written[0], page.render(template, css))
    write_output(written[1], svg)
    write_output(written[2], _authorities_page(graph, ontology, examples, css))
    return written


def _authorities_page(graph: Graph, ontology: Path, examples: Path | None, css: str) -> str:
    """The authorities page, with the examples classified under every authority."""
    from remote_kg.authorities.compare import read_perspectives
    from remote_kg.classification.answers import classify_records
    from remote_kg.model.owl import read_model
    from remote_kg.pipeline.readers import read_records

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
