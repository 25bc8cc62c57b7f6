"""The ontology as a knowledge graph serves it: its own triples plus the category
hierarchy the fast engine derives, as plain rdfs:subClassOf triples, so that
`?c rdfs:subClassOf* rkg:Worker` walks every category."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from rdflib import RDFS, Graph

from remote_kg.model.ontology import RKG


def hierarchy_pairs(ontology=None) -> list[tuple[str, str]]:
    """(sub, super) IRIs of every subsumption between seed categories, and of each under
    rkg:Worker, as the fast engine derives them from the ontology's axioms: A is under B
    when no consistent world has a worker in A and not in B. (The authorities' categories
    are not derived here: their worlds are not the seed engine's.)"""
    from remote_kg.reasoners.fast import FastReasoner

    engine = FastReasoner.for_ontology(ontology)
    iris = engine.category_iris
    # per category, its worlds as bits (eight to a byte: each pair is then a small AND)
    worlds = engine.values.reshape(len(iris), -1)
    held = np.packbits(worlds & engine.consistent.reshape(-1), axis=1)
    fails = np.packbits(~worlds, axis=1)
    pairs = [(sub, str(RKG.Worker)) for sub in iris]
    for i, sub in enumerate(iris):
        for j, sup in enumerate(iris):
            if i != j and not (held[i] & fails[j]).any():
                pairs.append((sub, sup))
    return pairs


def hierarchy_lines(ontology=None) -> Iterator[str]:
    """N-Triples of `hierarchy_pairs` as plain rdfs:subClassOf triples."""
    for sub, sup in hierarchy_pairs(ontology):
        yield f"<{sub}> <{RDFS.subClassOf}> <{sup}> .\n"


def served_ontology_graph(ontology=None) -> Graph:
    """The ontology as served, loaded and pushed: its own triples plus the derived
    category hierarchy (a new graph; the cached ontology graph is not changed)."""
    from remote_kg.model.ontology import ontology_graph

    graph = ontology_graph(ontology)  # already a fresh copy, prefixes bound
    graph.parse(data="".join(hierarchy_lines(ontology)), format="nt")
    return graph
