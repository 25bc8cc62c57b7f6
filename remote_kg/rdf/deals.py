"""Deals in RDF: written as N-Triples in the ontology's vocabulary, and read back.

A deal is an rkg:SourcingArrangement with rkg:recordId, rdfs:label, rkg:hasProviderKind
(one of the provider individuals) and rkg:involvesWorker links. A complete worker list is
a type: `involvesWorker only {w1, ..., wn}`, whose blank nodes are named from a hash of
the deal's IRI, so writing a deal twice gives the same triples.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from remote_kg.errors import InputError
from remote_kg.model.deals import PROVIDER_VALUE, Deal, DealFacts, deal_of
from remote_kg.model.ontology import RKG
from remote_kg.model.records import Record
from remote_kg.rdf.records import nt_literal, ntriples_line

_REVERSE_PROVIDER = {str(ind): code for code, (ind, _) in PROVIDER_VALUE.items()}
_PROVIDER_CLASS = {str(cls): code for code, (_, cls) in PROVIDER_VALUE.items()}
_OUTSIDE = _PROVIDER_CLASS[str(RKG.ExternalProvision)]  # an outside provider of no known kind


def deal_triples(deal: Deal) -> Iterator[tuple[str, str, str]]:
    """N-Triples terms (subject, predicate, object) for one deal."""
    s, t = f"<{deal.iri}>", f"<{RDF.type}>"
    yield s, t, f"<{OWL.NamedIndividual}>"
    yield s, t, f"<{RKG.SourcingArrangement}>"
    yield s, f"<{RKG.recordId}>", nt_literal(deal.id)
    if deal.label:
        yield s, f"<{RDFS.label}>", nt_literal(deal.label)
    for code in sorted(deal.facts.provider):
        yield s, f"<{RKG.hasProviderKind}>", f"<{PROVIDER_VALUE[code][0]}>"
    if deal.worker_iris is None:
        return
    for worker in deal.worker_iris:
        yield s, f"<{RKG.involvesWorker}>", f"<{worker}>"
    tag = hashlib.blake2b(deal.iri.encode(), digest_size=12).hexdigest()
    restriction, one_of = f"_:d{tag}", f"_:o{tag}"
    yield s, t, restriction
    yield restriction, t, f"<{OWL.Restriction}>"
    yield restriction, f"<{OWL.onProperty}>", f"<{RKG.involvesWorker}>"
    yield restriction, f"<{OWL.allValuesFrom}>", one_of
    yield one_of, t, f"<{OWL.Class}>"
    yield one_of, f"<{OWL.oneOf}>", f"_:l0{tag}"
    for i, worker in enumerate(deal.worker_iris):
        rest = f"_:l{i + 1}{tag}" if i + 1 < len(deal.worker_iris) else f"<{RDF.nil}>"
        yield f"_:l{i}{tag}", f"<{RDF.first}>", f"<{worker}>"
        yield f"_:l{i}{tag}", f"<{RDF.rest}>", rest


def deal_lines(deals: Iterable[Deal]) -> Iterator[str]:
    for deal in deals:
        for triple in deal_triples(deal):
            yield ntriples_line(triple)


def deals_graph(deals: Iterable[Deal]) -> Graph:
    graph = Graph()
    graph.bind("rkg", RKG)
    graph.parse(data="".join(deal_lines(deals)), format="nt")
    return graph


def _closure(graph: Graph, node) -> list[URIRef] | None:
    """The individuals of an `involvesWorker only {...}` restriction, else None."""
    if not isinstance(node, BNode) or graph.value(node, OWL.onProperty) != RKG.involvesWorker:
        return None
    filler = graph.value(node, OWL.allValuesFrom)
    members = graph.value(filler, OWL.oneOf) if filler is not None else None
    if members is None:
        return None
    return [m for m in Collection(graph, members) if isinstance(m, URIRef)]


def graph_to_deals(graph: Graph, records: Iterable[Record], source: str = "input",
                   deal_classes: Iterable[str] = ()) -> list[Deal]:
    """The deal individuals of `graph` (typed rkg:SourcingArrangement or a subclass, or
    carrying a deal fact), their workers found among `records` by IRI."""
    by_iri = {r.iri: r for r in records}
    classes = {RKG.SourcingArrangement, *map(URIRef, deal_classes)}
    subjects = {s for c in classes for s in graph.subjects(RDF.type, c)}
    subjects |= set(graph.subjects(RKG.hasProviderKind, None))
    subjects |= set(graph.subjects(RKG.involvesWorker, None))
    problems: list[str] = []
    deals = []
    for subject in sorted(subjects, key=str):
        node = f"{source}: deal <{subject}>"
        if not isinstance(subject, URIRef):
            problems.append(f"{source}: a deal is a blank node; give it an IRI")
            continue
        provider = set()
        for value in graph.objects(subject, RKG.hasProviderKind):
            kinds = {_PROVIDER_CLASS[str(t)] for t in graph.objects(value, RDF.type)
                     if str(t) in _PROVIDER_CLASS}
            if len(kinds) > 1:  # a narrower kind beside its superclass: the narrower one
                kinds.discard(_OUTSIDE)
            code = _REVERSE_PROVIDER.get(str(value)) or min(kinds, default=None)
            if code is None:
                names = ", ".join("rkg:" + str(v[0]).rsplit("#")[-1]
                                  for v in PROVIDER_VALUE.values())
                problems.append(f"{node}: rkg:hasProviderKind {value.n3()} is none of {names}")
            else:
                provider.add(code)
        listed = list(graph.objects(subject, RKG.involvesWorker))
        complete: list[URIRef] | None = None
        asserted = set()
        for cls in graph.objects(subject, RDF.type):
            members = _closure(graph, cls)
            if members is not None:
                complete = members if complete is None else [m for m in complete if m in members]
            elif isinstance(cls, BNode):
                problems.append(f"{node}: unsupported class expression {cls.n3()} in its types; "
                                "expected only the worker closure (owl:allValuesFrom an "
                                "owl:oneOf on rkg:involvesWorker)")
            elif cls not in (OWL.NamedIndividual, RKG.SourcingArrangement):
                asserted.add(str(cls))
        workers = None
        if complete is not None:
            missing = [w for w in listed if w not in complete]
            if missing:
                problems.append(f"{node}: involves {missing[0].n3()}, which its closure "
                                "(involvesWorker only {...}) leaves out")
            unknown = [w for w in complete if str(w) not in by_iri]
            if unknown:
                problems.append(f"{node}: involves {unknown[0].n3()}, which is no worker of "
                                "the input")
                continue
            workers = [by_iri[str(w)] for w in complete]
        record_id = graph.value(subject, RKG.recordId)
        label = graph.value(subject, RDFS.label)
        deals.append(deal_of(
            str(record_id) if record_id is not None else str(subject), str(subject),
            DealFacts.of(provider, None if workers is None else [w.facts for w in workers],
                         asserted),
            str(label) if label is not None else None, workers))
    if problems:
        raise InputError(problems)
    return deals
