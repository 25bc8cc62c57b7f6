"""The reference job classifier: HermiT, one named class per distinct set of job facts.

A job's facts become an intersection: rkg:Job, a hasValue restriction per boolean fact,
one per employment type offered and, when the list is complete, `offersEmploymentType
only {those types}` (the ontology states the types pairwise different). Batching and
reading HermiT's answer are the worker reasoner's (`reasoners.hermit`).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL

from remote_kg.model.jobs import BOOLEAN_FACTS, EMPLOYMENT, JobFacts
from remote_kg.model.ontology import ONTOLOGY_PATH, RKG, ontology_graph
from remote_kg.model.owl import read_model
from remote_kg.reasoners.hermit import HermitReasoner, class_node, restriction


def job_expression(graph: Graph, facts: JobFacts) -> BNode:
    """Write a job's facts into `graph` as one class expression and return it."""
    parts: list = [RKG.Job]
    for name, prop in BOOLEAN_FACTS.items():
        value = getattr(facts, name)
        if value is not None:
            parts.append(restriction(graph, prop, OWL.hasValue, Literal(value)))
    offered = [URIRef(i) for i in sorted(facts.employment)]
    for individual in offered:
        parts.append(restriction(graph, EMPLOYMENT, OWL.hasValue, individual))
    if facts.employment_closed:
        filler = class_node(graph, OWL.oneOf, offered) if offered else OWL.Nothing
        parts.append(restriction(graph, EMPLOYMENT, OWL.allValuesFrom, filler))
    parts.extend(URIRef(iri) for iri in sorted(facts.asserted))
    return class_node(graph, OWL.intersectionOf, parts)


class HermitJobReasoner(HermitReasoner):
    """Classifies JobFacts with HermiT; the reference for `jobs.fast`."""

    @classmethod
    def for_ontology(cls, path: Path | None = None) -> HermitJobReasoner:
        graph = ontology_graph(path or ONTOLOGY_PATH)
        return cls(graph, read_model(graph).job_categories)

    def expression(self, graph: Graph, facts: JobFacts, name: str) -> BNode:
        return job_expression(graph, facts)
