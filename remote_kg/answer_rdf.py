"""Inferred answers in RDF: every record carries its own answer, as plain triples.

For each category the reasoner decided, a record gets one triple:

- **is**: `?w rdf:type rkg:Category` (so `?w a rkg:Teleworker` is right on any SPARQL store,
  with no entailment regime),
- **is_not**: `?w rkg:isNot rkg:Category` (the facts contradict membership),
- **unknown**: `?w rkg:undecided rkg:Category` (the facts leave it open).

`rkg:isNot` and `rkg:undecided` are annotation properties, so the data stays OWL 2 DL. The
ontology that is served, loaded and pushed also carries the category hierarchy the reasoner
derives (`hierarchy_lines`), so `?c rdfs:subClassOf* rkg:Worker` walks every category.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from remote_kg.ontology import RKG


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


def add_answers(graph: Graph, results: Iterable[tuple[str, Answered]]) -> Graph:
    """Add (record IRI, answer) pairs to an rdflib graph; returns the graph."""
    writer = AnswerWriter()
    text = "".join(line for iri, answer in results for line in writer.lines(iri, answer))
    graph.parse(data=text, format="nt")
    graph.bind("rkg", RKG)
    return graph


def hierarchy_pairs(ontology=None) -> list[tuple[str, str]]:
    """(sub, super) IRIs of every subsumption between categories, and of each category
    under rkg:Worker, as the fast engine derives them from the ontology's axioms: A is
    under B when no consistent world has a worker in A and not in B."""
    from remote_kg.reasoners.fast import FastReasoner

    engine = FastReasoner.for_ontology(ontology)
    held = engine.values & engine.consistent
    iris = engine.category_iris
    pairs = [(sub, str(RKG.Worker)) for sub in iris]
    for i, sub in enumerate(iris):
        for j, sup in enumerate(iris):
            if i != j and not (held[i] & ~engine.values[j]).any():
                pairs.append((sub, sup))
    return pairs


def hierarchy_lines(ontology=None) -> Iterator[str]:
    """N-Triples of `hierarchy_pairs` as plain rdfs:subClassOf triples."""
    for sub, sup in hierarchy_pairs(ontology):
        yield f"<{sub}> <{RDFS.subClassOf}> <{sup}> .\n"


def served_ontology_graph(ontology=None) -> Graph:
    """The ontology as served, loaded and pushed: its own triples plus the derived
    category hierarchy (a new graph; the cached ontology graph is not changed)."""
    from remote_kg.ontology import ontology_graph

    graph = Graph()
    for prefix, namespace in ontology_graph(ontology).namespaces():
        graph.bind(prefix, namespace)
    graph += ontology_graph(ontology)
    graph.parse(data="".join(hierarchy_lines(ontology)), format="nt")
    return graph
