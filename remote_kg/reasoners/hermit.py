"""The reference classifier: HermiT (through owlready2) on the ontology's axioms.

Each distinct set of facts becomes a named class R equivalent to the facts written as a
class expression (closure included), plus one class R_C = R and C per category C. HermiT's
classification then gives "is" (R subclass of C) and "is not" (R_C unsatisfiable); an
unsatisfiable R means the facts contradict the ontology. Realising individuals against
complement classes is far slower (see DEVELOPERS.md), hence this encoding. Batches keep each
HermiT run small, since its time grows faster than linearly with the number of classes.
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

from remote_kg.errors import RemoteKGError
from remote_kg.model.ontology import ONTOLOGY_PATH, RKG, ontology_graph
from remote_kg.model.owl import NOTHING, local_name, read_model
from remote_kg.model.records import Facts
from remote_kg.model.vocab import (
    BOOLEAN_COLUMNS,
    COLUMN_PROPERTY,
    INTEGER_COLUMNS,
    PLACE_COLUMNS,
    RELATION_PROPERTY,
    VALUE_COLUMNS,
    WORKPLACE_CLASS,
)
from remote_kg.reasoners.answer import Answer, Reasoner

QUERY = Namespace("urn:remote-kg:query#")
# Measured on 147 random CSV-style fact combinations: 82 s in batches of 120, 22 s in
# batches of 40 or 20 (HermiT's classification time grows faster than the class count).
BATCH_SIZE = 40


def class_node(graph: Graph, kind: URIRef, items: list) -> BNode:
    node, items_node = BNode(), BNode()
    graph.add((node, RDF.type, OWL.Class))
    Collection(graph, items_node, items)
    graph.add((node, kind, items_node))
    return node


def restriction(graph: Graph, prop: URIRef, kind: URIRef, value) -> BNode:
    node = BNode()
    graph.add((node, RDF.type, OWL.Restriction))
    graph.add((node, OWL.onProperty, prop))
    graph.add((node, kind, value))
    return node


def facts_expression(graph: Graph, facts: Facts) -> BNode:
    """Write `facts` into `graph` as one class expression (an intersection) and return it."""
    parts: list = [RKG.Worker]
    for code in sorted(facts.relations):
        parts.append(
            restriction(graph, RELATION_PROPERTY[code], OWL.someValuesFrom, RKG.Organisation)
        )
    for code in sorted(facts.workplaces):
        parts.append(restriction(graph, RKG.worksAt, OWL.someValuesFrom, WORKPLACE_CLASS[code]))
    if facts.workplaces_allowed is not None:
        kinds = [WORKPLACE_CLASS[c] for c in sorted(facts.workplaces_allowed)]
        if not kinds:
            filler = OWL.Nothing
        elif len(kinds) == 1:
            filler = kinds[0]
        else:
            filler = class_node(graph, OWL.unionOf, kinds)
        parts.append(restriction(graph, RKG.worksAt, OWL.allValuesFrom, filler))
    for column, (prop, table) in VALUE_COLUMNS.items():
        for code in sorted(getattr(facts, column)):
            parts.append(restriction(graph, prop, OWL.someValuesFrom, table[code][1]))
    for column, prop in PLACE_COLUMNS.items():
        for code in sorted(getattr(facts, column)):
            parts.append(restriction(graph, prop, OWL.someValuesFrom, WORKPLACE_CLASS[code]))
    for column in BOOLEAN_COLUMNS:
        prop = COLUMN_PROPERTY[column]
        for value in sorted(getattr(facts, column)):
            parts.append(restriction(graph, prop, OWL.hasValue, Literal(value)))
    for column, prop in INTEGER_COLUMNS.items():
        for number in sorted(getattr(facts, column)):
            parts.append(restriction(graph, prop, OWL.hasValue,
                                      Literal(number, datatype=XSD.integer)))
    parts.extend(URIRef(iri) for iri in sorted(facts.asserted))
    return class_node(graph, OWL.intersectionOf, parts)


class HermitReasoner(Reasoner):
    """Classifies facts with HermiT; exact, and the reference for the fast engine."""

    name = "hermit"

    def __init__(self, ontology: Graph, categories: list[str], batch_size: int = BATCH_SIZE):
        self.ontology = ontology
        self.category_iris = categories
        self.categories = [local_name(c) for c in categories]
        self.batch_size = batch_size

    @classmethod
    def for_ontology(cls, path: Path | None = None) -> HermitReasoner:
        graph = ontology_graph(path or ONTOLOGY_PATH)
        return cls(graph, read_model(graph).categories)

    def classify(self, facts: Iterable[Facts]) -> dict[Facts, Answer]:
        distinct = list(dict.fromkeys(facts))
        answers: dict[Facts, Answer] = {}
        for start in range(0, len(distinct), self.batch_size):
            answers.update(self._classify_batch(distinct[start : start + self.batch_size]))
        return answers

    def expression(self, graph: Graph, facts, name: str) -> BNode:
        """The facts as a class expression in `graph` (`name`: the query class's name)."""
        return facts_expression(graph, facts)

    def _classify_batch(self, batch: list) -> dict:
        graph = Graph()
        graph += self.ontology
        for i, facts in enumerate(batch):
            record = QUERY[f"R{i}"]
            graph.add((record, RDF.type, OWL.Class))
            graph.add((record, OWL.equivalentClass, self.expression(graph, facts, f"R{i}")))
            for j, category in enumerate(self.category_iris):
                conj = QUERY[f"R{i}_C{j}"]
                graph.add((conj, RDF.type, OWL.Class))
                graph.add(
                    (
                        conj,
                        OWL.equivalentClass,
                        class_node(graph, OWL.intersectionOf, [record, URIRef(category)]),
                    )
                )
        supers, unsatisfiable = run_hermit(graph)
        return {facts: read_answer(f"R{i}", self.category_iris, self.categories, supers,
                                   unsatisfiable)
                for i, facts in enumerate(batch)}


def read_answer(name: str, category_iris: list[str], categories: list[str],
                supers: dict[str, set[str]], unsatisfiable: set[str]) -> Answer:
    """The answer for the query class `name` (with its conjunctions `name`_C<j>) from
    HermiT's classification: "is" where a category is a superclass, "is_not" where the
    conjunction is unsatisfiable, inconsistent where the class itself is."""
    record = str(QUERY[name])
    if record in unsatisfiable:
        return Answer((), (), tuple(categories), consistent=False)
    is_, is_not, unknown = [], [], []
    for j, (iri, category) in enumerate(zip(category_iris, categories)):
        if iri in supers.get(record, ()):
            is_.append(category)
        elif str(QUERY[f"{name}_C{j}"]) in unsatisfiable:
            is_not.append(category)
        else:
            unknown.append(category)
    return Answer(tuple(is_), tuple(is_not), tuple(unknown))


def run_hermit(graph: Graph) -> tuple[dict[str, set[str]], set[str]]:
    """Classify `graph` with HermiT; return (all named superclasses, unsatisfiable classes).

    The graph goes to owlready2 as N-Triples (it cannot read Turtle); results are read back
    from owlready2's store as triples rather than through its Python class objects.
    """
    import owlready2

    fd, path = tempfile.mkstemp(suffix=".nt", prefix="remote-kg-")
    os.close(fd)
    try:
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        world.get_ontology(Path(path).as_uri()).load()
        try:
            owlready2.sync_reasoner_hermit(world, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            raise RemoteKGError("the ontology itself is inconsistent according to HermiT") from exc
        except owlready2.OwlReadyJavaError as exc:
            raise RemoteKGError(f"HermiT failed: {str(exc).strip()[:2000]}") from exc
        view = world.as_rdflib_graph()
        direct: dict[str, set[str]] = defaultdict(set)
        equivalent: dict[str, set[str]] = defaultdict(set)
        for s, o in view.subject_objects(RDFS.subClassOf):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                direct[str(s)].add(str(o))
        for s, o in view.subject_objects(OWL.equivalentClass):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                equivalent[str(s)].add(str(o))
                equivalent[str(o)].add(str(s))
        world.close()
    finally:
        os.unlink(path)
    unsatisfiable = _closure_of(NOTHING, equivalent) - {NOTHING}
    for cls, sups in direct.items():  # a subclass of Nothing is unsatisfiable too
        if NOTHING in sups:
            unsatisfiable.add(cls)
    for cls in list(direct):
        direct[cls] |= equivalent.get(cls, set())
    for cls in equivalent:
        direct[cls] |= equivalent[cls]
    supers = {cls: _closure_of(cls, direct) for cls in direct}
    return supers, unsatisfiable


def _closure_of(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen, stack = set(), [start]
    while stack:
        node = stack.pop()
        for nxt in edges.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen
