"""The diagram of worker categories: Graphviz DOT source, rendered to SVG by `dot`."""

from __future__ import annotations

import html
import itertools
import re
import shutil
import subprocess
from collections.abc import Sequence

from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef
from rdflib.term import Node

from remote_kg.errors import InputError
from remote_kg.model.ontology import RKG
from remote_kg.site.graph_text import anchor, curie, label, rdf_list, text_values
from remote_kg.site.hierarchy import Hierarchy, worker_categories

SVG_NAME = "worker-categories.svg"
CONTRACT_PROPERTY = RKG.worksFor

# Fill colour and legend text for each aspect a category is defined by.
ASPECTS: dict[str, tuple[str, str]] = {
    "place": ("#dbe9f6", "where they work (works at)"),
    "schedule": ("#e3f1dc", "who sets the hours, bound to a place or not"),
    "contract": ("#fbe7d2", "contractual relation with the organisation"),
    "combined": ("#eadff2", "a combination of the categories it sits below"),
    "base": ("#f2f2f2", "worker in general"),
}


def aspect(graph: Graph, cls: URIRef, seen: frozenset[URIRef] = frozenset()) -> str:
    """Which aspect of a worker the definition of `cls` looks at (a key of ASPECTS)."""
    props: set[URIRef] = set()
    named: set[URIRef] = set()
    for eq in graph.objects(cls, OWL.equivalentClass):
        _collect(graph, eq, props, named)
    named -= {RKG.Worker}
    contract = set(graph.transitive_subjects(RDFS.subPropertyOf, CONTRACT_PROPERTY))
    kinds = set()
    if props & {RKG.worksAt}:
        kinds.add("place")
    if props & {RKG.hasScheduleControl, RKG.isLocationBound}:
        kinds.add("schedule")
    if props & contract:
        kinds.add("contract")
    kinds |= {aspect(graph, n, seen | {cls}) for n in named if n not in seen}
    kinds.discard("base")
    if not kinds:
        return "base"
    return kinds.pop() if len(kinds) == 1 else "combined"


def _collect(graph: Graph, node: Node, props: set[URIRef], named: set[URIRef]) -> None:
    if isinstance(node, URIRef):
        named.add(node)
        return
    for p in graph.objects(node, OWL.onProperty):
        props.add(p)  # type: ignore[arg-type]
    for key in (OWL.intersectionOf, OWL.unionOf):
        for members in graph.objects(node, key):
            for m in rdf_list(graph, members):
                _collect(graph, m, props, named)


def _dot_id(iri: URIRef) -> str:
    return '"' + anchor(iri) + '"'


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def disjoint_groups(graph: Graph, within: set[URIRef]) -> list[list[URIRef]]:
    """owl:AllDisjointClasses groups whose members are all in `within`."""
    groups = []
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        for members in graph.objects(group, OWL.members):
            named = [m for m in rdf_list(graph, members) if isinstance(m, URIRef)]
            if len(named) > 2 and set(named) <= within:
                groups.append(named)
    return sorted(groups)


def diagram_dot(graph: Graph, hierarchy: Hierarchy) -> str:
    """Graphviz source: worker categories, subclass arrows, disjointness as red dashed lines."""
    cats = worker_categories(graph, hierarchy)
    within = set(cats)
    groups = disjoint_groups(graph, within)
    grouped = {frozenset(p) for g in groups[:1] for p in itertools.combinations(g, 2)}
    in_group = {c for g in groups[:1] for c in g}
    font = 'fontname="DejaVu Sans,Helvetica,Arial,sans-serif"'
    lines = [
        "digraph worker_categories {",
        f"  graph [rankdir=BT, {font}, fontsize=13, nodesep=0.35, ranksep=0.55, "
        f'labelloc=t, label="Worker categories of remote-kg ({hierarchy.reasoner})", '
        'tooltip="Worker categories"];',
        f'  node [shape=box, style="rounded,filled", color="#5b6b7f", {font}, fontsize=12, '
        'margin="0.14,0.06"];',
        '  edge [color="#5b6b7f", arrowhead=empty, arrowsize=0.8];',
    ]

    def node(c: URIRef, indent: str = "  ") -> str:
        fill = ASPECTS[aspect(graph, c)][0]
        definition = (text_values(graph, c, SKOS.definition) or [""])[0]
        tip = _dot_text(f"{curie(graph, c)}: {definition}")
        return (
            f'{indent}{_dot_id(c)} [label="{_dot_text(label(graph, c))}", fillcolor="{fill}", '
            f'URL="#{anchor(c)}", target="_top", tooltip="{tip}"];'
        )

    for i, members in enumerate(groups[:1]):
        lines += [
            f"  subgraph cluster_disjoint_{i} {{",
            '    label="one contractual relation per worker: pairwise disjoint"; '
            'style="dashed,rounded"; color="#c0392b"; fontcolor="#c0392b"; fontsize=11;',
            *(node(c, "    ") for c in members),
            "  }",
        ]
    lines += [node(c) for c in cats if c not in in_group]
    for c in cats:
        for s in sorted(hierarchy.direct_supers(c)):
            if s in within:
                lines.append(f"  {_dot_id(c)} -> {_dot_id(s)};")
    for a, b in diagram_disjoint_pairs(graph, hierarchy, cats, grouped):
        lines.append(
            f'  {_dot_id(a)} -> {_dot_id(b)} [dir=none, style=dashed, color="#c0392b", '
            'constraint=false, penwidth=1.2, tooltip="disjoint"];'
        )
    lines += [_legend(), "}"]
    return "\n".join(lines) + "\n"


def diagram_disjoint_pairs(
    graph: Graph, hierarchy: Hierarchy, cats: Sequence[URIRef], grouped: set[frozenset]
) -> list[tuple[URIRef, URIRef]]:
    """The most general disjoint pairs of categories not already shown by a group box."""
    pairs = set()
    for a in cats:
        for b in hierarchy.most_general_disjoint(a, cats):
            if any(hierarchy.is_disjoint(s, b) for s in hierarchy.ancestors(a)):
                continue
            pair = frozenset((a, b))
            if pair not in grouped:
                pairs.add(pair)
    return sorted(tuple(sorted(p)) for p in pairs)  # type: ignore[misc]


def _legend() -> str:
    rows = "".join(
        f'<TR><TD BGCOLOR="{fill}" WIDTH="18"> </TD><TD ALIGN="LEFT">{html.escape(text)}</TD></TR>'
        for fill, text in ASPECTS.values()
    )
    rows += (
        '<TR><TD>&#8594;</TD><TD ALIGN="LEFT">arrow points to the broader category</TD></TR>'
        '<TR><TD><FONT COLOR="#c0392b">- -</FONT></TD>'
        '<TD ALIGN="LEFT">red dashes: no worker can be in both</TD></TR>'
    )
    return (
        '  legend [shape=plain, style=solid, fontsize=10, label=<<TABLE BORDER="0" CELLBORDER="0" '
        f'CELLSPACING="2"><TR><TD COLSPAN="2" ALIGN="LEFT"><B>Colour: defined by</B></TD></TR>'
        f"{rows}</TABLE>>];"
    )


MISSING_DOT = ("Graphviz `dot` was not found on PATH; install it (Debian: apt-get install -y "
               "graphviz)")


def require_dot() -> str:
    """The path of Graphviz `dot`, or InputError saying how to install it."""
    dot = shutil.which("dot")
    if dot is None:
        raise InputError(MISSING_DOT)
    return dot


def render_svg(dot_source: str) -> str:
    """Run Graphviz `dot` to turn the diagram into SVG."""
    dot = require_dot()
    done = subprocess.run(
        [dot, "-Tsvg"], input=dot_source, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise InputError(f"Graphviz `dot` failed: {done.stderr.strip()}")
    return done.stdout


def inline_svg(svg: str) -> str:
    """The SVG without its XML declaration, doctype and comments, for use inside HTML."""
    svg = re.sub(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", "", svg, flags=re.S)
    return svg.strip()
