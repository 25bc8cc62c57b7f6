"""The class hierarchy of the ontology: asserted, or inferred by HermiT."""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef

from remote_kg.errors import InconsistentDataError, InputError
from remote_kg.model.ontology import RKG
from remote_kg.site.graph_text import label, named_classes, rdf_list

PROBE = Namespace("urn:remote-kg:docs-probe#")


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
