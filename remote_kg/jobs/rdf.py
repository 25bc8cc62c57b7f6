"""Jobs as RDF in the ontology's vocabulary: an rkg:Job individual per posting."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from remote_kg.jobs.facts import BOOLEAN_FACTS, EMPLOYMENT, Posting
from remote_kg.ontology import RKG


def postings_graph(postings: Iterable[Posting]) -> Graph:
    """The jobs of `postings` with their facts: the posting's id (rkg:postingId), title
    (rdfs:label), url (rdfs:seeAlso), boolean facts, applicant location names, employment
    types offered and, the list being complete, `offersEmploymentType only {those}`."""
    graph = Graph()
    graph.bind("rkg", RKG)
    for posting in postings:
        job = URIRef(posting.iri)
        facts = posting.facts
        graph.add((job, RDF.type, RKG.Job))
        graph.add((job, RDF.type, OWL.NamedIndividual))
        graph.add((job, RKG.postingId, Literal(posting.id)))
        if posting.label is not None:
            graph.add((job, RDFS.label, Literal(posting.label)))
        if posting.url and ":" in posting.url and posting.url != posting.iri:
            graph.add((job, RDFS.seeAlso, URIRef(posting.url)))
        for name, prop in BOOLEAN_FACTS.items():
            value = getattr(facts, name)
            if value is not None:
                graph.add((job, prop, Literal(value)))
        for place in posting.places:
            graph.add((job, RKG.applicantLocationName, Literal(place)))
        offered = [URIRef(i) for i in sorted(facts.employment)]
        for individual in offered:
            graph.add((job, EMPLOYMENT, individual))
        if facts.employment_closed:
            graph.add((job, RDF.type, _closure(graph, offered)))
        for iri in sorted(facts.asserted):
            graph.add((job, RDF.type, URIRef(iri)))
    return graph


def _closure(graph: Graph, offered: list[URIRef]) -> BNode:
    """`offersEmploymentType only {offered}` (only owl:Nothing when none)."""
    restriction = BNode()
    graph.add((restriction, RDF.type, OWL.Restriction))
    graph.add((restriction, OWL.onProperty, EMPLOYMENT))
    if offered:
        filler, items = BNode(), BNode()
        graph.add((filler, RDF.type, OWL.Class))
        Collection(graph, items, offered)
        graph.add((filler, OWL.oneOf, items))
    else:
        filler = OWL.Nothing
    graph.add((restriction, OWL.allValuesFrom, filler))
    return restriction
