"""The reference deal classifier: HermiT on the ontology, one named class per deal.

Each distinct deal becomes a class D equivalent to its facts: a SourcingArrangement, with
its provider kind, involving each listed worker (a fresh individual per deal and worker,
as a nominal, with the worker's facts as a class expression), and only those individuals
when the list is complete. D_C = D and C per deal category C; HermiT's classification
then gives "is" (D subclass of C), "is not" (D_C unsatisfiable) and contradictions (D
unsatisfiable), as for workers (`reasoners.hermit`).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF

from remote_kg.model.deals import PROVIDER_VALUE, DealFacts
from remote_kg.model.ontology import ONTOLOGY_PATH, RKG, ontology_graph
from remote_kg.model.owl import read_model
from remote_kg.reasoners.hermit import (
    QUERY,
    HermitReasoner,
    class_node,
    facts_expression,
    restriction,
)


def deal_expression(graph: Graph, facts: DealFacts, tag: str):
    """Write a deal's facts into `graph` as one class expression and return it."""
    parts: list = [RKG.SourcingArrangement]
    for code in sorted(facts.provider):
        parts.append(restriction(graph, RKG.hasProviderKind, OWL.someValuesFrom,
                                  PROVIDER_VALUE[code][1]))
    if facts.workers is not None:
        members = []
        for i, (worker, count) in enumerate(sorted(facts.workers, key=repr)):
            for j in range(count):
                member = QUERY[f"{tag}_w{i}_{j}"]
                graph.add((member, RDF.type, OWL.NamedIndividual))
                members.append(member)
                nominal = class_node(graph, OWL.oneOf, [member])
                filler = class_node(graph, OWL.intersectionOf,
                                     [nominal, facts_expression(graph, worker)])
                parts.append(restriction(graph, RKG.involvesWorker, OWL.someValuesFrom, filler))
        parts.append(restriction(graph, RKG.involvesWorker, OWL.allValuesFrom,
                                  class_node(graph, OWL.oneOf, members)))
    parts.extend(URIRef(iri) for iri in sorted(facts.asserted))
    return class_node(graph, OWL.intersectionOf, parts)


class HermitDealReasoner(HermitReasoner):
    """Classifies deal facts with HermiT; the reference for `deals.fast`. Batching and
    reading HermiT's answer are the worker reasoner's; only the expression differs."""

    @classmethod
    def for_ontology(cls, path: Path | None = None) -> HermitDealReasoner:
        graph = ontology_graph(path or ONTOLOGY_PATH)
        return cls(graph, read_model(graph).deal_categories)

    def expression(self, graph: Graph, facts: DealFacts, name: str) -> BNode:
        return deal_expression(graph, facts, name)
