"""SHACL property paths as SPARQL property paths."""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

_MODIFIERS = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


class PathError(ValueError):
    """A node that is not a well-formed SHACL property path."""


def sparql_path(graph: Graph, node: Node) -> str:
    """Return the SPARQL form of the SHACL path at ``node`` (full IRIs, composites in parens).

    The form is canonical, so paths read from a shapes graph and from a pySHACL report
    compare equal as strings.
    """
    if isinstance(node, URIRef):
        return f"<{node}>"
    if not isinstance(node, BNode):
        raise PathError(f"{node.n3()} is not a property path")
    if (node, RDF.first, None) in graph:
        parts = [sparql_path(graph, item) for item in Collection(graph, node)]
        if len(parts) < 2:
            raise PathError("a sequence path needs at least two members")
        return "(" + "/".join(parts) + ")"
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        parts = [sparql_path(graph, item) for item in Collection(graph, alternatives)]
        if len(parts) < 2:
            raise PathError("sh:alternativePath needs at least two members")
        return "(" + "|".join(parts) + ")"
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return "(^" + sparql_path(graph, inverse) + ")"
    for predicate, modifier in _MODIFIERS.items():
        inner = graph.value(node, predicate)
        if inner is not None:
            return "(" + sparql_path(graph, inner) + ")" + modifier
    raise PathError(f"blank node {node.n3()} is not a property path")
