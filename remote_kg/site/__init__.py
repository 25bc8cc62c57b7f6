"""`remote-kg docs`: HTML documentation of the ontology and a picture of its worker categories.

The page is generated from the Turtle source with rdflib and a small string template (no
network, no CDN): the ontology header, a diagram of the worker categories (Graphviz `dot`
turns it into SVG), a tree of all classes, one section per class and per property, and
the example individuals with the categories the classifier gives them.

Super- and subclasses are asserted and inferred. HermiT (through owlready2) is run once on
the ontology plus one probe class below both A and B for each pair of worker categories, so
the same run also tells which categories are disjoint. `--reasoner asserted` skips HermiT
and derives the hierarchy from the asserted axioms and the named parts of equivalences.

Modules: `graph_text` (reading terms), `hierarchy` (asserted or HermiT), `examples`,
`diagram` (Graphviz), `markup` and `page` (HTML), `build` (build_docs).
"""

from remote_kg.site.build import build_docs
from remote_kg.site.diagram import SVG_NAME, diagram_dot, inline_svg, render_svg
from remote_kg.site.examples import Example, load_examples
from remote_kg.site.graph_text import anchor, curie, label, local_name, named_classes
from remote_kg.site.hierarchy import (
    Hierarchy,
    asserted_hierarchy,
    build_hierarchy,
    hermit_hierarchy,
    worker_categories,
)
from remote_kg.site.page import Page

__all__ = [
    "SVG_NAME",
    "Example",
    "Hierarchy",
    "Page",
    "anchor",
    "asserted_hierarchy",
    "build_docs",
    "build_hierarchy",
    "curie",
    "diagram_dot",
    "hermit_hierarchy",
    "inline_svg",
    "label",
    "load_examples",
    "local_name",
    "named_classes",
    "render_svg",
    "worker_categories",
]
