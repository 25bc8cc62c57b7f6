"""`remote-kg docs`: HTML documentation of the ontology and a picture of its worker categories.

The page is generated from the Turtle source with rdflib and a small string template (no
network, no CDN): the ontology header, a diagram of the worker categories (Graphviz `dot`
turns it into SVG), a tree of all classes, one section per class and per property, and
the example individuals with the categories the classifier gives them.

Super- and subclasses are asserted and inferred. HermiT (through owlready2) is run once on
the ontology plus one probe class below both A and B for each pair of worker categories, so
the same run also tells which categories are disjoint. `--reasoner asserted` skips HermiT
and derives the hierarchy from the asserted axioms and the named parts of equivalences.
"""

from __future__ import annotations

import html
import itertools
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

import click
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from remote_kg.errors import InconsistentDataError, InputError
from remote_kg.ontology import EXAMPLES_PATH, ONTOLOGY_IRI, ONTOLOGY_PATH, RKG

TEMPLATES = Path(__file__).resolve().parent / "templates"
VANN = Namespace("http://purl.org/vocab/vann/")
PROBE = Namespace("urn:remote-kg:docs-probe#")
SVG_NAME = "worker-categories.svg"
CONTRACT_PROPERTY = RKG.worksFor

# ---------------------------------------------------------------------------
# Reading terms from the graph
# ---------------------------------------------------------------------------


def text_values(graph: Graph, subject: Node, predicate: URIRef) -> list[str]:
    """Literal values, English (or untagged) first, sorted for a stable page."""
    values = [o for o in graph.objects(subject, predicate) if isinstance(o, Literal)]
    values.sort(key=lambda lit: (lit.language not in (None, "en"), str(lit)))
    return [str(v) for v in values]


def local_name(iri: URIRef) -> str:
    """The part of an IRI after its last '#' or '/'."""
    return re.split(r"[#/]", str(iri))[-1]


def label(graph: Graph, iri: Node) -> str:
    """The English rdfs:label, or the local name when there is none."""
    labels = text_values(graph, iri, RDFS.label)
    return labels[0] if labels else local_name(iri)  # type: ignore[arg-type]


def curie(graph: Graph, iri: URIRef) -> str:
    """A prefixed name such as `rkg:Teleworker`, or the full IRI in angle brackets."""
    try:
        return graph.namespace_manager.curie(str(iri), generate=False)
    except (KeyError, ValueError):
        return f"<{iri}>"


def anchor(iri: URIRef) -> str:
    """The HTML id of a term: its local name for rkg terms, a prefixed form otherwise."""
    if str(iri).startswith(str(RKG)):
        return local_name(iri)
    return re.sub(r"[^A-Za-z0-9_-]+", "_", str(iri)).strip("_")


def named_classes(graph: Graph) -> list[URIRef]:
    """Every class the ontology declares, sorted by IRI."""
    found = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    return sorted(found - {OWL.Thing, OWL.Nothing})


def rdf_list(graph: Graph, node: Node) -> list[Node]:
    """The members of an RDF collection."""
    return list(Collection(graph, node))


# ---------------------------------------------------------------------------
# The class hierarchy: asserted, or inferred by HermiT
# ---------------------------------------------------------------------------


@dataclass
class Hierarchy:
    """Named superclasses, equivalences and disjoint pairs of the ontology's classes."""

    reasoner: str
    supers: dict[URIRef, set[URIRef]]
    equivalents: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    disjoint: set[frozenset[URIRef]] = field(default_factory=set)
    unsatisfiable: set[URIRef] = field(default_factory=set)

    def ancestors(self, cls: URIRef) -> set[URIRef]:
        """Every named strict superclass (equivalent classes excluded)."""
        return self.supers.get(cls, set()) - self.equivalents.get(cls, set()) - {cls}

    def direct_supers(self, cls: URIRef) -> set[URIRef]:
        """Superclasses with no other superclass of `cls` between them and `cls`."""
        ups = self.ancestors(cls)
        return {s for s in ups if not any(s in self.ancestors(o) for o in ups if o != s)}

    def direct_subs(self, cls: URIRef) -> set[URIRef]:
        """Classes of which `cls` is a direct superclass."""
        return {c for c in self.supers if cls in self.direct_supers(c)}

    def is_disjoint(self, a: URIRef, b: URIRef) -> bool:
        """True when `a` and `b` are known to share no member."""
        ups_a = self.ancestors(a) | {a}
        ups_b = self.ancestors(b) | {b}
        return any(frozenset((x, y)) in self.disjoint for x in ups_a for y in ups_b)

    def most_general_disjoint(self, cls: URIRef, among: Iterable[URIRef]) -> list[URIRef]:
        """Classes disjoint with `cls` none of whose superclasses is also disjoint with it."""
        hits = [b for b in among if b != cls and self.is_disjoint(cls, b)]
        return [b for b in hits if not any(self.is_disjoint(cls, s) for s in self.ancestors(b))]


def asserted_disjoint_pairs(graph: Graph) -> set[frozenset[URIRef]]:
    """Pairs of named classes stated disjoint (owl:disjointWith or owl:AllDisjointClasses)."""
    pairs = {
        frozenset((a, b))
        for a, b in graph.subject_objects(OWL.disjointWith)
        if isinstance(a, URIRef) and isinstance(b, URIRef)
    }
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        for members in graph.objects(group, OWL.members):
            named = [m for m in rdf_list(graph, members) if isinstance(m, URIRef)]
            pairs |= {frozenset(p) for p in itertools.combinations(named, 2)}
    return pairs


def asserted_hierarchy(graph: Graph) -> Hierarchy:
    """Hierarchy from rdfs:subClassOf plus the named operands of equivalences.

    `C ≡ A and B and ...` gives `C ⊑ A`; `C ≡ A or B` gives `A ⊑ C`; `C ≡ D` both ways.
    """
    classes = named_classes(graph)
    direct: dict[URIRef, set[URIRef]] = {c: set() for c in classes}
    for c in classes:
        direct[c] |= {s for s in graph.objects(c, RDFS.subClassOf) if isinstance(s, URIRef)}
        for eq in graph.objects(c, OWL.equivalentClass):
            if isinstance(eq, URIRef):
                direct[c].add(eq)
                direct.setdefault(eq, set()).add(c)
            for members in graph.objects(eq, OWL.intersectionOf):
                direct[c] |= {m for m in rdf_list(graph, members) if isinstance(m, URIRef)}
            for members in graph.objects(eq, OWL.unionOf):
                for m in rdf_list(graph, members):
                    if isinstance(m, URIRef):
                        direct.setdefault(m, set()).add(c)
    supers = {c: _reachable(c, direct) for c in direct}
    # A union of named classes is below every class all of its members are below.
    for c in classes:
        for eq in graph.objects(c, OWL.equivalentClass):
            for members in graph.objects(eq, OWL.unionOf):
                named = [m for m in rdf_list(graph, members) if isinstance(m, URIRef)]
                if named:
                    common = set.intersection(*(supers.get(m, set()) for m in named))
                    supers[c] |= common - {c}
    equivalents = {c: {s for s in supers[c] if c in supers.get(s, set())} for c in supers}
    return Hierarchy("asserted axioms", supers, equivalents, asserted_disjoint_pairs(graph))


def _reachable(start: URIRef, edges: dict[URIRef, set[URIRef]]) -> set[URIRef]:
    seen: set[URIRef] = set()
    todo = list(edges.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(edges.get(node, ()))
    return seen - {start}


def hermit_hierarchy(graph: Graph, probe_classes: Sequence[URIRef]) -> Hierarchy:
    """Classify the ontology with HermiT, probing pairs of `probe_classes` for disjointness.

    Each probe is a fresh class stated to be a subclass of both A and B (and nothing more);
    it is unsatisfiable exactly when A and B are disjoint. Being primitive, probes never
    become super- or equivalent classes of the ontology's own classes.
    """
    import owlready2  # slow to import; only needed here

    probed = graph + Graph()
    probes: dict[str, frozenset[URIRef]] = {}
    for i, (a, b) in enumerate(itertools.combinations(sorted(probe_classes), 2)):
        probe = PROBE[f"p{i}"]
        probed.add((probe, RDF.type, OWL.Class))
        probed.add((probe, RDFS.subClassOf, a))
        probed.add((probe, RDFS.subClassOf, b))
        probes[str(probe)] = frozenset((a, b))

    with tempfile.TemporaryDirectory(prefix="remote-kg-docs-") as tmp:
        owl_file = Path(tmp) / "ontology.owl"
        probed.serialize(owl_file, format="xml")  # owlready2 does not read Turtle
        world = owlready2.World()
        world.get_ontology(owl_file.as_uri()).load()
        try:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            raise InconsistentDataError("the ontology is inconsistent according to HermiT") from exc
        except Exception as exc:  # Java missing or HermiT failing: say how to go on
            raise InputError(
                f"HermiT could not classify the ontology ({exc}); "
                "install Java or run `remote-kg docs --reasoner asserted`"
            ) from exc

        unsat = {c.iri for c in world.inconsistent_classes()}
        supers: dict[URIRef, set[URIRef]] = {}
        equivalents: dict[URIRef, set[URIRef]] = {}
        for cls in named_classes(graph):
            entity = world[str(cls)]
            if entity is None:
                supers[cls] = set()
                continue
            supers[cls] = _named(a.iri for a in entity.ancestors(include_self=False))
            equivalents[cls] = _named(
                e.iri for e in entity.equivalent_to if isinstance(e, owlready2.ThingClass)
            )
    disjoint = asserted_disjoint_pairs(graph) | {probes[i] for i in unsat if i in probes}
    unsatisfiable = {URIRef(i) for i in unsat if i.startswith(("http", "urn")) and i not in probes}
    return Hierarchy("HermiT", supers, equivalents, disjoint, unsatisfiable - {OWL.Nothing})


def _named(iris: Iterable[str]) -> set[URIRef]:
    skip = {str(OWL.Thing), str(OWL.Nothing)}
    return {URIRef(i) for i in iris if i not in skip and not i.startswith(str(PROBE))}


def worker_categories(graph: Graph, hierarchy: Hierarchy) -> list[URIRef]:
    """rkg:Worker and every class below it, sorted by label."""
    cats = [c for c in named_classes(graph) if RKG.Worker in hierarchy.ancestors(c)]
    return [RKG.Worker, *sorted(cats, key=lambda c: label(graph, c))]


def build_hierarchy(graph: Graph, reasoner: str) -> Hierarchy:
    """The hierarchy by the chosen reasoner ("hermit" or "asserted")."""
    asserted = asserted_hierarchy(graph)
    if reasoner == "asserted":
        return asserted
    return hermit_hierarchy(graph, worker_categories(graph, asserted))


# ---------------------------------------------------------------------------
# Example individuals and their categories
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """One example individual and the categories the classifier gave it."""

    iri: URIRef
    id: str
    label: str
    comment: str
    sources: tuple[URIRef, ...]
    is_: tuple[URIRef, ...]
    is_not: tuple[URIRef, ...]
    unknown: tuple[URIRef, ...]


def _category_iri(name: str) -> URIRef:
    return URIRef(name) if re.match(r"^[a-z][a-z0-9+.-]*:", name) else RKG[name]


def load_examples(path: Path | None) -> list[Example]:
    """Classify the example individuals in `path` (none when `path` is None)."""
    if path is None:
        return []
    from remote_kg.api import classify_path, load_input_graph  # only needed here

    data = load_input_graph(path)
    examples = []
    for c in classify_path(path):
        iri = URIRef(c.iri)
        comments = text_values(data, iri, RDFS.comment) + text_values(data, iri, SKOS.note)
        examples.append(
            Example(
                iri=iri,
                id=c.id,
                label=label(data, iri) if (iri, RDFS.label, None) in data else c.id,
                comment=" ".join(comments),
                sources=tuple(
                    sorted(s for s in data.objects(iri, DCTERMS.source) if isinstance(s, URIRef))
                ),
                is_=tuple(_category_iri(n) for n in c.is_),
                is_not=tuple(_category_iri(n) for n in c.is_not),
                unknown=tuple(_category_iri(n) for n in c.unknown),
            )
        )
    return sorted(examples, key=lambda e: e.id)


def members_by_class(examples: Sequence[Example], hierarchy: Hierarchy) -> dict[URIRef, list]:
    """For each class, the examples that fall into it (directly or through a subclass)."""
    members: dict[URIRef, list[Example]] = {}
    for ex in examples:
        classes = set(ex.is_)
        for c in ex.is_:
            classes |= hierarchy.ancestors(c)
        for c in classes:
            members.setdefault(c, []).append(ex)
    return members


def example_anchor(ex: Example) -> str:
    """HTML id of an example individual."""
    return "example-" + re.sub(r"[^A-Za-z0-9_-]+", "-", ex.id)


# ---------------------------------------------------------------------------
# The diagram of worker categories (Graphviz)
# ---------------------------------------------------------------------------

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


def render_svg(dot_source: str) -> str:
    """Run Graphviz `dot` to turn the diagram into SVG."""
    dot = shutil.which("dot")
    if dot is None:
        raise InputError(
            "Graphviz `dot` was not found on PATH; install it (Debian: apt-get install -y graphviz)"
        )
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


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

esc = html.escape


class Page:
    """Renders the ontology, hierarchy and examples as one HTML page."""

    def __init__(
        self, graph: Graph, hierarchy: Hierarchy, examples: Sequence[Example], svg: str
    ) -> None:
        self.g = graph
        self.h = hierarchy
        self.examples = examples
        self.members = members_by_class(examples, hierarchy)
        self.svg = svg
        self.classes = named_classes(graph)
        self.documented = set(self.classes) | set(self.properties())
        self.categories = set(worker_categories(graph, hierarchy))
        self.asserted_disjoint = asserted_disjoint_pairs(graph)

    # -- small pieces -------------------------------------------------------

    def link(self, iri: Node) -> str:
        """A link to a documented term, or its prefixed name."""
        if not isinstance(iri, URIRef):
            return esc(str(iri))
        text = esc(local_name(iri) if str(iri).startswith(str(RKG)) else curie(self.g, iri))
        if iri in self.documented:
            return f'<a href="#{anchor(iri)}" title="{esc(label(self.g, iri))}">{text}</a>'
        return f"<code>{text}</code>"

    def links(self, iris: Iterable[URIRef], tags: dict[URIRef, str] | None = None) -> str:
        """Links sorted by label, each with an optional tag ("" when there are none)."""
        items = []
        for iri in sorted(iris, key=lambda i: label(self.g, i).lower()):
            tag = (tags or {}).get(iri)
            badge = f' <span class="tag {tag.split()[0]}">{esc(tag)}</span>' if tag else ""
            items.append(f"<li>{self.link(iri)}{badge}</li>")
        return f'<ul class="inline">{"".join(items)}</ul>' if items else ""

    def expression(self, node: Node) -> str:
        """A class expression in Manchester-like syntax, with links to named terms."""
        g = self.g
        if isinstance(node, URIRef):
            return self.link(node)
        if isinstance(node, Literal):
            return f'<span class="lit">{esc(node.n3(g.namespace_manager))}</span>'
        for key, word in ((OWL.intersectionOf, "and"), (OWL.unionOf, "or")):
            for members in g.objects(node, key):
                parts = [self._wrapped(m) for m in rdf_list(g, members)]
                return f' <span class="kw">{word}</span> '.join(parts)
        for inner in g.objects(node, OWL.complementOf):
            return f'<span class="kw">not</span> {self._wrapped(inner)}'
        for members in g.objects(node, OWL.oneOf):
            return "{" + ", ".join(self.expression(m) for m in rdf_list(g, members)) + "}"
        prop = g.value(node, OWL.onProperty)
        if prop is not None:
            return self._restriction(node, prop)
        return "<em>(an expression this page cannot show)</em>"

    def _restriction(self, node: Node, prop: Node) -> str:
        g = self.g
        head = self.link(prop)
        for key, word in (
            (OWL.someValuesFrom, "some"),
            (OWL.allValuesFrom, "only"),
            (OWL.hasValue, "value"),
        ):
            filler = g.value(node, key)
            if filler is not None:
                return f'{head} <span class="kw">{word}</span> {self._wrapped(filler)}'
        for key, word in (
            (OWL.minCardinality, "min"),
            (OWL.maxCardinality, "max"),
            (OWL.cardinality, "exactly"),
            (OWL.minQualifiedCardinality, "min"),
            (OWL.maxQualifiedCardinality, "max"),
            (OWL.qualifiedCardinality, "exactly"),
        ):
            n = g.value(node, key)
            if n is not None:
                on = g.value(node, OWL.onClass) or g.value(node, OWL.onDataRange)
                tail = f" {self._wrapped(on)}" if on is not None else ""
                return f'{head} <span class="kw">{word}</span> {esc(str(n))}{tail}'
        return head

    def _wrapped(self, node: Node) -> str:
        inner = self.expression(node)
        return f"({inner})" if isinstance(node, BNode) else inner

    def sources(self, iri: Node, cited: Iterable[Node] = ()) -> str:
        """The seed files a term (or the `cited` sources) cite, each with its title."""
        items = []
        for src in sorted({*self.g.objects(iri, DCTERMS.source), *cited}, key=str):
            ident = (text_values(self.g, src, DCTERMS.identifier) or [local_name(src)])[0]  # type: ignore[arg-type]
            title = label(self.g, src)
            items.append(
                f'<li><code class="seed">{esc(ident)}</code> '
                f'<span class="muted">{esc(title)}</span></li>'
            )
        return f'<ul class="plain">{"".join(items)}</ul>' if items else ""

    def texts(self, iri: Node, predicate: URIRef) -> list[str]:
        """Escaped literal values."""
        return [esc(t) for t in text_values(self.g, iri, predicate)]

    @staticmethod
    def rows(pairs: Iterable[tuple[str, str]]) -> str:
        """A definition list of the non-empty (term, description) pairs."""
        body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in pairs if v)
        return f"<dl>{body}</dl>"

    def heading(self, iri: URIRef, kind: str) -> str:
        """The heading of a term section: label, kind, prefixed name and full IRI."""
        return (
            f'<h3>{esc(label(self.g, iri))} <span class="kind">{kind}</span></h3>'
            f'<p class="iri"><code>{esc(curie(self.g, iri))}</code> '
            f'<code class="full">{esc(str(iri))}</code></p>'
        )

    # -- classes ------------------------------------------------------------

    def class_section(self, cls: URIRef) -> str:
        """Everything known about one class."""
        g, h = self.g, self.h
        asserted_up = {s for s in g.objects(cls, RDFS.subClassOf) if isinstance(s, URIRef)}
        asserted_down = {s for s in g.subjects(RDFS.subClassOf, cls) if isinstance(s, URIRef)}
        inferred = "inferred" if h.reasoner == "HermiT" else "derived"
        ups = h.direct_supers(cls) | asserted_up
        downs = h.direct_subs(cls) | asserted_down
        up_tags = {s: "asserted" if s in asserted_up else inferred for s in ups}
        down_tags = {s: "asserted" if s in asserted_down else inferred for s in downs}
        definitions = [
            self.expression(e) for e in g.objects(cls, OWL.equivalentClass) if isinstance(e, BNode)
        ]
        extra_supers = [
            self.expression(e) for e in g.objects(cls, RDFS.subClassOf) if isinstance(e, BNode)
        ]
        asserted_disjoint = {b for pair in self.asserted_disjoint if cls in pair for b in pair}
        asserted_disjoint.discard(cls)
        pool = self.categories if cls in self.categories else set()
        disjoint = set(h.most_general_disjoint(cls, pool)) | asserted_disjoint
        disjoint_tags = {b: "asserted" if b in asserted_disjoint else inferred for b in disjoint}
        unsat = (
            '<p class="warning">HermiT finds this class unsatisfiable: it can have no members.</p>'
            if cls in h.unsatisfiable
            else ""
        )
        body = self.rows(
            [
                ("Definition", "<br>".join(self.texts(cls, SKOS.definition))),
                ("Source", self.sources(cls)),
                ("Synonyms", ", ".join(self.texts(cls, SKOS.altLabel))),
                ("Scope note", "<br>".join(self.texts(cls, SKOS.scopeNote))),
                ("Example in the source", "<br>".join(self.texts(cls, SKOS.example))),
                ("Comment", "<br>".join(self.texts(cls, RDFS.comment))),
                ("Formal definition (≡)", "<br>".join(f"<code>{d}</code>" for d in definitions)),
                ("Also implies (⊑)", "<br>".join(f"<code>{d}</code>" for d in extra_supers)),
                ("Superclasses", self.links(ups, up_tags) if ups else ""),
                ("Subclasses", self.links(downs, down_tags) if downs else ""),
                ("Equivalent to", self.links(h.equivalents.get(cls, set()) - {cls})),
                ("Disjoint with", self.links(disjoint, disjoint_tags) if disjoint else ""),
                ("Why (axiom notes)", self.axiom_notes(cls)),
                ("Property domain of", self.links(self.props_with(RDFS.domain, cls))),
                ("Property range of", self.links(self.props_with(RDFS.range, cls))),
                ("Example individuals", self.example_links(self.members.get(cls, []))),
            ]
        )
        return (
            f'<section class="term class" id="{anchor(cls)}">'
            f"{self.heading(cls, 'class')}{unsat}{body}</section>"
        )

    def axiom_notes(self, cls: URIRef) -> str:
        """Annotated axioms about `cls`: the rationale and source the ontology records."""
        items = []
        for ax in self.g.subjects(OWL.annotatedSource, cls):
            prop = self.g.value(ax, OWL.annotatedProperty)
            target = self.g.value(ax, OWL.annotatedTarget)
            word = {RDFS.subClassOf: "⊑", OWL.disjointWith: "disjoint with"}.get(prop, "")
            note = " ".join(self.texts(ax, RDFS.comment))
            items.append(
                f"<li><code>{self.link(cls)} {esc(word)} {self.link(target)}</code>: {note}"
                f"{self.sources(ax)}</li>"
            )
        return f'<ul class="plain">{"".join(sorted(items))}</ul>' if items else ""

    def props_with(self, predicate: URIRef, cls: URIRef) -> list[URIRef]:
        """Properties whose domain or range is `cls`."""
        return [p for p in self.g.subjects(predicate, cls) if isinstance(p, URIRef)]

    def example_links(self, examples: Sequence[Example]) -> str:
        """Links to example individuals."""
        items = "".join(
            f'<li><a href="#{example_anchor(e)}">{esc(e.label)}</a></li>' for e in examples
        )
        return f'<ul class="inline">{items}</ul>' if examples else ""

    # -- class tree ----------------------------------------------------------

    def roots(self) -> list[URIRef]:
        """Classes with no named superclass."""
        tops = [c for c in self.classes if not self.h.direct_supers(c)]
        return sorted(tops, key=lambda c: label(self.g, c).lower())

    def tree(self, classes: Sequence[URIRef], path: frozenset[URIRef] = frozenset()) -> str:
        """A nested list of classes and their subclasses."""
        items = []
        for c in classes:
            subs = sorted(self.h.direct_subs(c) - path - {c}, key=lambda s: label(self.g, s))
            sub_html = self.tree(subs, path | {c}) if subs else ""
            items.append(f'<li><a href="#{anchor(c)}">{esc(label(self.g, c))}</a>{sub_html}</li>')
        return f"<ul>{''.join(items)}</ul>"

    def tree_order(self) -> list[URIRef]:
        """Classes in the order of a depth-first walk of the tree (each once)."""
        order: list[URIRef] = []

        def walk(c: URIRef) -> None:
            if c in order:
                return
            order.append(c)
            for s in sorted(self.h.direct_subs(c), key=lambda s: label(self.g, s)):
                walk(s)

        for r in self.roots():
            walk(r)
        return order + [c for c in self.classes if c not in order]

    # -- properties and individuals -----------------------------------------

    def properties(self) -> list[URIRef]:
        """Object, datatype and annotation properties, rkg ones first, then by label."""
        kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        found = {p for k in kinds for p in self.g.subjects(RDF.type, k) if isinstance(p, URIRef)}
        return sorted(found, key=lambda p: (not str(p).startswith(str(RKG)), str(p).lower()))

    def property_section(self, prop: URIRef) -> str:
        """Everything known about one property."""
        g = self.g
        types = set(g.objects(prop, RDF.type))
        kind = next(
            (
                word
                for t, word in (
                    (OWL.ObjectProperty, "object property"),
                    (OWL.DatatypeProperty, "datatype property"),
                    (OWL.AnnotationProperty, "annotation property"),
                )
                if t in types
            ),
            "property",
        )
        characteristics = [local_name(t) for t in sorted(types) if t == OWL.FunctionalProperty]
        ups = [p for p in g.objects(prop, RDFS.subPropertyOf) if isinstance(p, URIRef)]
        downs = [p for p in g.subjects(RDFS.subPropertyOf, prop) if isinstance(p, URIRef)]
        body = self.rows(
            [
                ("Definition", "<br>".join(self.texts(prop, SKOS.definition))),
                ("Source", self.sources(prop)),
                ("Synonyms", ", ".join(self.texts(prop, SKOS.altLabel))),
                ("Domain", " ".join(self.expression(d) for d in g.objects(prop, RDFS.domain))),
                ("Range", " ".join(self.expression(r) for r in g.objects(prop, RDFS.range))),
                ("Characteristics", ", ".join(characteristics)),
                ("Sub-property of", self.links(ups) if ups else ""),
                ("Sub-properties", self.links(downs) if downs else ""),
            ]
        )
        return (
            f'<section class="term property" id="{anchor(prop)}">'
            f"{self.heading(prop, kind)}{body}</section>"
        )

    def example_section(self, ex: Example) -> str:
        """An example individual with its categories."""
        body = self.rows(
            [
                ("Record id", f"<code>{esc(ex.id)}</code>"),
                ("IRI", f"<code>{esc(str(ex.iri))}</code>"),
                ("Note", esc(ex.comment)),
                ("Source", self.sources(ex.iri, ex.sources)),
                ("Is", self.links(ex.is_) if ex.is_ else "—"),
                ("Is not", self.links(ex.is_not) if ex.is_not else "—"),
                ("Undecided", self.links(ex.unknown) if ex.unknown else "—"),
            ]
        )
        return (
            f'<section class="term example" id="{example_anchor(ex)}">'
            f'<h3>{esc(ex.label)} <span class="kind">example</span></h3>{body}</section>'
        )

    def individuals(self) -> str:
        """Named individuals of the ontology itself (sources, schedule and tool values)."""
        rows = []
        for ind in sorted(set(self.g.subjects(RDF.type, OWL.NamedIndividual)), key=str):
            types = [t for t in self.g.objects(ind, RDF.type) if t != OWL.NamedIndividual]
            rows.append(
                f"<tr><td><code>{esc(curie(self.g, ind))}</code></td>"  # type: ignore[arg-type]
                f"<td>{esc(label(self.g, ind))}</td>"
                f"<td>{', '.join(self.link(t) for t in sorted(types))}</td></tr>"
            )
        head = "<tr><th>Individual</th><th>Label</th><th>Type</th></tr>"
        return f"<table>{head}{''.join(rows)}</table>"

    # -- the whole page -----------------------------------------------------

    def header(self) -> dict[str, str]:
        """Template fields from the ontology header."""
        g, onto = self.g, URIRef(ONTOLOGY_IRI)
        title = (text_values(g, onto, DCTERMS.title) or ["Ontology"])[0]
        description = " ".join((text_values(g, onto, DCTERMS.description) or [""])[0].split())
        license_iri = g.value(onto, DCTERMS.license)
        meta = [
            ("Ontology IRI", f"<code>{esc(str(onto))}</code>"),
            ("Version", esc(" ".join(text_values(g, onto, OWL.versionInfo)))),
            ("Version IRI", f"<code>{esc(str(g.value(onto, OWL.versionIRI) or ''))}</code>"),
            (
                "Preferred prefix",
                esc(" ".join(text_values(g, onto, VANN.preferredNamespacePrefix))),
            ),
            ("Namespace", esc(" ".join(text_values(g, onto, VANN.preferredNamespaceUri)))),
            ("Created", esc(" ".join(text_values(g, onto, DCTERMS.created)))),
            ("Creator", esc(" ".join(text_values(g, onto, DCTERMS.creator)))),
            (
                "License",
                f'<a href="{esc(str(license_iri))}">{esc(str(license_iri))}</a>'
                if license_iri
                else "",
            ),
            ("Note", "<br>".join(self.texts(onto, RDFS.comment))),
            ("Hierarchy by", esc(self.h.reasoner)),
        ]
        return {"title": esc(title), "description": esc(description), "meta": self.rows(meta)}

    def render(self, template: str, css: str) -> str:
        """The complete HTML page."""
        classes = "".join(self.class_section(c) for c in self.tree_order())
        props = "".join(self.property_section(p) for p in self.properties())
        if self.examples:
            examples = "".join(self.example_section(e) for e in self.examples)
        else:
            examples = "<p>No example individuals were given.</p>"
        cats = worker_categories(self.g, self.h)
        fields = self.header() | {
            "css": css,
            "svg": inline_svg(self.svg),
            "svg_name": SVG_NAME,
            "tree": self.tree(self.roots()),
            "classes": classes,
            "properties": props,
            "examples": examples,
            "individuals": self.individuals(),
            "n_classes": str(len(self.classes)),
            "n_properties": str(len(self.properties())),
            "n_examples": str(len(self.examples)),
            "n_categories": str(len(cats)),
            "unsatisfiable": (
                '<p class="warning">Unsatisfiable classes: '
                + ", ".join(self.link(c) for c in sorted(self.h.unsatisfiable))
                + "</p>"
                if self.h.unsatisfiable
                else ""
            ),
        }
        return Template(template).substitute(fields)


# ---------------------------------------------------------------------------
# Command
# ---------------------------------------------------------------------------


def build_docs(
    output: Path,
    ontology: Path = ONTOLOGY_PATH,
    examples: Path | None = EXAMPLES_PATH,
    reasoner: str = "hermit",
) -> list[Path]:
    """Write index.html and the SVG diagram into `output`; return the written files."""
    graph = Graph()
    try:
        graph.parse(ontology, format="turtle")
    except FileNotFoundError as exc:
        raise InputError(f"{ontology}: ontology not found (expected a Turtle file)") from exc
    except Exception as exc:  # rdflib parser errors have several types
        raise InputError(f"{ontology}: not valid Turtle: {exc}") from exc
    hierarchy = build_hierarchy(graph, reasoner)
    svg = render_svg(diagram_dot(graph, hierarchy))
    page = Page(graph, hierarchy, load_examples(examples), svg)
    template = (TEMPLATES / "docs.html").read_text(encoding="utf-8")
    css = (TEMPLATES / "docs.css").read_text(encoding="utf-8")
    output.mkdir(parents=True, exist_ok=True)
    written = [output / "index.html", output / SVG_NAME]
    written[0].write_text(page.render(template, css), encoding="utf-8")
    written[1].write_text(svg, encoding="utf-8")
    return written


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
