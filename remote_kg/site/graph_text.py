"""Reading terms from the ontology graph: text values, labels, prefixed names, anchors."""

from __future__ import annotations

import re

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from remote_kg.model.ontology import RKG


def text_values(graph: Graph, subject: Node, predicate: URIRef) -> list[str]:
    """Literal values, English (or untagged) first, sorted for a stable page."""
    values = [o for o in graph.objects(subject, predicate) if isinstance(o, Literal)]
    values.sort(key=lambda lit: (lit.language not in (None, "en"), str(lit)))
    return [str(v) for v in values]


def local_name(iri: URIRef) -> str:
    """The part of an IRI after its last '#' or '/'."""
    return re.split(r"[#/]", str(iri))[-1]


def label(graph: Graph, iri: Node) -> str:
    """The English rdfs:label, or the local name when there is none."""
    labels = text_values(graph, iri, RDFS.label)
    return labels[0] if labels else local_name(iri)  # type: ignore[arg-type]


def curie(graph: Graph, iri: URIRef) -> str:
    """A prefixed name such as `rkg:Teleworker`, or the full IRI in angle brackets."""
    try:
        return graph.namespace_manager.curie(str(iri), generate=False)
    except (KeyError, ValueError):
        return f"<{iri}>"


def anchor(iri: URIRef) -> str:
    """The HTML id of a term: its local name for rkg terms, a prefixed form otherwise."""
    if str(iri).startswith(str(RKG)):
        return local_name(iri)
    return re.sub(r"[^A-Za-z0-9_-]+", "_", str(iri)).strip("_")


def named_classes(graph: Graph) -> list[URIRef]:
    """Every class the ontology declares, sorted by IRI."""
    found = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    return sorted(found - {OWL.Thing, OWL.Nothing})


def rdf_list(graph: Graph, node: Node) -> list[Node]:
    """The members of an RDF collection."""
    return list(Collection(graph, node))
