"""The reference deal classifier: HermiT on the ontology, one named class per deal.

Each distinct deal becomes a class D equivalent to its facts: a SourcingArrangement, with
its provider kind, involving each listed worker (a fresh individual per deal and worker,
as a nominal, with the worker's facts as a class expression), and only those individuals
when the list is complete. D_C = D and C per deal category C; HermiT's classification
then gives "is" (D subclass of C), "is not" (D_C unsatisfiable) and contradictions (D
unsatisfiable), as for workers (`reasoners.hermit`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from remote_kg.deals.records import PROVIDER_VALUE, DealFacts
from remote_kg.ontology import ONTOLOGY_PATH, RKG, ontology_graph
from remote_kg.owl_model import local_name, read_model
from remote_kg.reasoners import Answer
from remote_kg.reasoners.hermit import (
    BATCH_SIZE,
    QUERY,
    _class_node,
    _restriction,
    facts_expression,
    read_answer,
    run_hermit,
)


def _one_of(graph: Graph, individuals: list[URIRef]) -> URIRef:
    node = _class_node(graph, OWL.oneOf, individuals)
    return node


def deal_expression(graph: Graph, facts: DealFacts, tag: str):
    """Write a deal's facts into `graph` as one class expression and return it."""
    parts: list = [RKG.SourcingArrangement]
    for code in sorted(facts.provider):
        parts.append(_restriction(graph, RKG.hasProviderKind, OWL.someValuesFrom,
                                  PROVIDER_VALUE[code][1]))
    if facts.workers is not None:
        members = []
        for i, (worker, count) in enumerate(sorted(facts.workers, key=repr)):
            for j in range(count):
                member = QUERY[f"{tag}_w{i}_{j}"]
                graph.add((member, RDF.type, OWL.NamedIndividual))
                members.append(member)
                nominal = _one_of(graph, [member])
                filler = _class_node(graph, OWL.intersectionOf,
                                     [nominal, facts_expression(graph, worker)])
                parts.append(_restriction(graph, RKG.involvesWorker, OWL.someValuesFrom, filler))
        parts.append(_restriction(graph, RKG.involvesWorker, OWL.allValuesFrom,
                                  _one_of(graph, members)))
    parts.extend(URIRef(iri) for iri in sorted(facts.asserted))
    return _class_node(graph, OWL.intersectionOf, parts)


class HermitDealReasoner:
    """Classifies deal facts with HermiT; the reference for `deals.fast`."""

    name = "hermit"

    def __init__(self, ontology: Graph, categories: list[str], batch_size: int = BATCH_SIZE):
        self.ontology = ontology
        self.category_iris = categories
        self.categories = [local_name(c) for c in categories]
        self.batch_size = batch_size

    @classmethod
    def for_ontology(cls, path: Path | None = None) -> HermitDealReasoner:
        graph = ontology_graph(path or ONTOLOGY_PATH)
        return cls(graph, read_model(graph).deal_categories)

    def classify(self, facts: Iterable[DealFacts]) -> dict[DealFacts, Answer]:
        distinct = list(dict.fromkeys(facts))
        answers: dict[DealFacts, Answer] = {}
        for start in range(0, len(distinct), self.batch_size):
            answers.update(self._batch(distinct[start: start + self.batch_size]))
        return answers

    def answer(self, facts: DealFacts) -> Answer:
        return self.classify([facts])[facts]

    def _batch(self, batch: list[DealFacts]) -> dict[DealFacts, Answer]:
        graph = Graph()
        graph += self.ontology
        for i, facts in enumerate(batch):
            deal = QUERY[f"D{i}"]
            graph.add((deal, RDF.type, OWL.Class))
            graph.add((deal, OWL.equivalentClass, deal_expression(graph, facts, f"D{i}")))
            for j, category in enumerate(self.category_iris):
                conj = QUERY[f"D{i}_C{j}"]
                graph.add((conj, RDF.type, OWL.Class))
                graph.add((conj, OWL.equivalentClass,
                           _class_node(graph, OWL.intersectionOf, [deal, URIRef(category)])))
        supers, unsatisfiable = run_hermit(graph)
        return {facts: read_answer(f"D{i}", self.category_iris, self.categories, supers,
                                   unsatisfiable)
                for i, facts in enumerate(batch)}
