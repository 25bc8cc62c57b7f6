"""Inferred answers in RDF: every record carries its own answer, as plain triples.

For each category the reasoner decided, a record gets one triple:

- **is**: `?w rdf:type rkg:Category` (so `?w a rkg:Teleworker` is right on any SPARQL store,
  with no entailment regime),
- **is_not**: `?w rkg:isNot rkg:Category` (the facts contradict membership),
- **unknown**: `?w rkg:undecided rkg:Category` (the facts leave it open).

`rkg:isNot` and `rkg:undecided` are annotation properties, so the data stays OWL 2 DL. The
ontology that is served, loaded and pushed also carries the category hierarchy the reasoner
derives (`hierarchy_lines`), so `?c rdfs:subClassOf* rkg:Worker` walks every category.

The records' own facts are written with what the ontology's stated class and property
hierarchy entails for them (`ToldHierarchy`): a main office is also typed
`rkg:OrganisationPremises`, an `rkg:employedBy` link is also an `rkg:worksFor` link, so
`?p a rkg:OrganisationPremises` and `?w rkg:worksFor ?o` are right with no entailment regime.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from remote_kg.model.ontology import RKG
from remote_kg.model.owl import transitive


class Answered(Protocol):
    is_: tuple[str, ...]
    is_not: tuple[str, ...]
    unknown: tuple[str, ...]


STATUS_PREDICATES = (
    ("is", str(RDF.type)),
    ("is_not", str(RKG.isNot)),
    ("unknown", str(RKG.undecided)),
)


def answer_pairs(answer: Answered) -> list[tuple[str, str]]:
    """(predicate IRI, category IRI) of each triple a record with this answer gets."""
    return [
        (predicate, str(RKG[name]))
        for (_, predicate), names in zip(
            STATUS_PREDICATES, (answer.is_, answer.is_not, answer.unknown)
        )
        for name in names
    ]


class AnswerWriter:
    """N-Triples lines of records' answers; each distinct answer is rendered once."""

    def __init__(self) -> None:
        self._suffixes: dict[tuple, list[str]] = {}

    def suffixes(self, answer: Answered) -> list[str]:
        """`<p> <o> .` parts of the answer's triples, to follow a record's subject."""
        key = (answer.is_, answer.is_not, answer.unknown)
        found = self._suffixes.get(key)
        if found is None:
            found = [f" <{p}> <{o}> .\n" for p, o in answer_pairs(answer)]
            self._suffixes[key] = found
        return found

    def lines(self, record_iri: str, answer: Answered) -> list[str]:
        subject = f"<{record_iri}>"
        return [subject + suffix for suffix in self.suffixes(answer)]


def _closure(edges: dict[str, set[str]]) -> dict[str, tuple[str, ...]]:
    """Everything reachable from each node (itself excluded), sorted."""
    reach = {node: found - {node} for node, found in transitive(edges).items()}
    return {node: tuple(sorted(found)) for node, found in reach.items() if found}


def _edges(graph: Graph, sub: URIRef, equivalent: URIRef, top: URIRef) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    pairs = [(a, b) for a, b in graph.subject_objects(sub)]
    for a, b in graph.subject_objects(equivalent):
        pairs += [(a, b), (b, a)]
    for a, b in pairs:
        if isinstance(a, URIRef) and isinstance(b, URIRef) and b != top:
            edges.setdefault(str(a), set()).add(str(b))
    return edges


@dataclass(frozen=True)
class ToldHierarchy:
    """The named superclasses and superproperties the ontology states (rdfs:subClassOf,
    rdfs:subPropertyOf, owl:equivalentClass / Property between named terms, closed under
    transitivity): each is entailed, so adding it to the data is sound."""

    classes: dict[str, tuple[str, ...]]
    properties: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, graph: Graph) -> ToldHierarchy:
        return cls(
            _closure(_edges(graph, RDFS.subClassOf, OWL.equivalentClass, OWL.Thing)),
            _closure(_edges(graph, RDFS.subPropertyOf, OWL.equivalentProperty,
                            OWL.topObjectProperty)),
        )

    def entailed(self, s: str, p: str, o: str) -> list[tuple[str, str, str]]:
        """Triples (N-Triples terms) the hierarchy adds to the triple (s, p, o)."""
        if p == _TYPE:
            return [(s, p, f"<{sup}>") for sup in self.classes.get(o[1:-1], ())]
        return [(s, f"<{sup}>", o) for sup in self.properties.get(p[1:-1], ())]

    def add_to(self, graph: Graph) -> Graph:
        """Add what the hierarchy entails for the graph's own triples; returns the graph."""
        extra = []
        for s, p, o in graph:
            if p == RDF.type and isinstance(o, URIRef):
                extra += [(s, p, URIRef(sup)) for sup in self.classes.get(str(o), ())]
            elif isinstance(p, URIRef):
                extra += [(s, URIRef(sup), o) for sup in self.properties.get(str(p), ())]
        for triple in extra:
            graph.add(triple)
        return graph


_TYPE = f"<{RDF.type}>"


@lru_cache(maxsize=4)
def _told_hierarchy(path: str | None) -> ToldHierarchy:
    from remote_kg.model.ontology import ontology_graph

    return ToldHierarchy.of(ontology_graph(path))


def told_hierarchy(ontology=None) -> ToldHierarchy:
    """The ontology's `ToldHierarchy` (computed once per ontology file)."""
    return _told_hierarchy(str(ontology) if ontology else None)


def add_answers(graph: Graph, results: Iterable[tuple[str, Answered]]) -> Graph:
    """Add to an rdflib graph of records what the ontology's stated hierarchy entails for
    their facts, and each (record IRI, answer) pair; returns the graph."""
    told_hierarchy().add_to(graph)
    writer = AnswerWriter()
    text = "".join(line for iri, answer in results for line in writer.lines(iri, answer))
    graph.parse(data=text, format="nt")
    graph.bind("rkg", RKG)
    return graph
