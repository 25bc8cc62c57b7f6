"""Moving RDF terms between pyoxigraph and rdflib, and showing them to people."""

from __future__ import annotations

import re
import warnings

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

DISPLAY_PREFIXES: dict[str, str] = {
    "rkg": "https://w3id.org/remote-kg/ontology#",
    "rkgsh": "https://w3id.org/remote-kg/shapes#",
    "data": "https://w3id.org/remote-kg/data/",
    "src": "https://w3id.org/remote-kg/source/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "sh": "http://www.w3.org/ns/shacl#",
}
_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-/%]*")
_IRI = re.compile(r"<([^<>]*)>")


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """Convert a pyoxigraph term; plain xsd:string literals become untyped rdflib literals."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == str(XSD.string):
            return Literal(term.value)
        with warnings.catch_warnings():  # rdflib warns about ill-typed values; SHACL reports them
            warnings.simplefilter("ignore")
            # keep the lexical form as written: normalising would turn "yes"^^xsd:boolean
            # into "false" and hide what the user must fix
            return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    raise TypeError(f"unsupported RDF term {term!r}")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term to pyoxigraph."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported RDF term {term!r}")


def compact_iri(iri: str, prefixes: dict[str, str] = DISPLAY_PREFIXES) -> str:
    """``rkg:Worker`` for a known namespace, ``<iri>`` otherwise."""
    best = ""
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and len(namespace) > len(prefixes.get(best, "")):
            local = iri[len(namespace) :]
            if _LOCAL.fullmatch(local):
                best = prefix
    if best:
        return f"{best}:{iri[len(prefixes[best]) :]}"
    return f"<{iri}>"


def show_term(term: Node | None) -> str:
    """A short, readable form of a term for text reports."""
    if term is None:
        return "-"
    if isinstance(term, URIRef):
        return compact_iri(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = '"' + str(term).replace("\\", "\\\\").replace('"', '\\"') + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None:
            return f"{text}^^{compact_iri(str(term.datatype))}"
        return text
    return str(term)


def show_path(path: str | None) -> str:
    """A SPARQL path with its IRIs compacted."""
    if path is None:
        return "-"
    shown = _IRI.sub(lambda m: compact_iri(m.group(1)), path)
    if shown.startswith("(") and shown.endswith(")") and shown.count("(") == 1:
        shown = shown[1:-1]
    return shown
