"""SPARQL for each supported SHACL constraint, evaluated for all focus nodes at once.

Every query returns ``?this`` (the focus node) and, where SHACL reports one, ``?value``.
They are shaped for pyoxigraph on large data: constraints on values scan the values first
and test the targets only for the few that fail, and OPTIONAL + !BOUND stands in for
NOT EXISTS, which oxigraph evaluates row by row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

# Datatypes whose lexical forms a SPARQL cast checks (ill-typed literals fail sh:datatype).
CASTABLE = frozenset(
    (XSD.boolean, XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.date, XSD.dateTime)
)
ANY_LEXICAL = frozenset((XSD.string, RDF.langString))
NODE_KINDS = {
    SH.IRI: "isIRI(?value)",
    SH.BlankNode: "isBlank(?value)",
    SH.Literal: "isLiteral(?value)",
    SH.BlankNodeOrIRI: "(isBlank(?value) || isIRI(?value))",
    SH.BlankNodeOrLiteral: "(isBlank(?value) || isLiteral(?value))",
    SH.IRIOrLiteral: "(isIRI(?value) || isLiteral(?value))",
}
TYPE_PATH = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
FORBIDDEN_IN_SELECT = re.compile(
    r"\$(PATH|currentShape|shapesGraph)\b|(?<![\w:])(MINUS|VALUES|SERVICE)\b", re.IGNORECASE
)
PROJECTS_THIS = re.compile(r"\bSELECT\b[^{]*?([$?]this\b|\*)", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Focus:
    """The focus nodes of a shape: a union of graph patterns, each binding ?this."""

    patterns: tuple[str, ...]

    def subquery(self) -> str:
        """A sub-select that enumerates the focus nodes."""
        union = " UNION ".join(f"{{ {p} }}" for p in self.patterns)
        return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"

    def exists(self) -> str:
        """A test that a bound ?this is a focus node."""
        return "EXISTS { " + " UNION ".join(f"{{ {p} }}" for p in self.patterns) + " }"


def term_sparql(term: Node) -> str:
    """A constant RDF term in SPARQL syntax."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise ValueError(f"{term.n3()} cannot be matched as a constant (blank node)")


def qname(graph: Graph, term: Node) -> str:
    """A term as a prefixed name when the shapes graph binds its namespace."""
    if isinstance(term, URIRef):
        return graph.namespace_manager.normalizeUri(term)
    return term.n3()


def integer(term: Node) -> int:
    """The value of an integer literal (counts and lengths)."""
    if not (isinstance(term, Literal) and isinstance(term.toPython(), int)):
        raise ValueError(f"{term.n3()} is not an integer")
    return int(term.toPython())


RANGE_OPERATORS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">",
                   SH.maxExclusive: "<"}


def value_condition(graph: Graph, shape: Node, predicate: URIRef, obj: Node) -> tuple[str, str]:
    """Patterns to add, and the condition under which ``?value`` violates the constraint."""
    if predicate == SH["class"]:
        pattern = (
            f"OPTIONAL {{ ?value <{RDF.type}> ?valueType . "
            f"?valueType <{RDFS.subClassOf}>* {term_sparql(obj)} . BIND (true AS ?hasClass) }}"
        )
        return pattern, "!BOUND(?hasClass)"
    if predicate == SH.datatype:
        if obj not in CASTABLE | ANY_LEXICAL:
            supported = ", ".join(sorted(qname(graph, d) for d in CASTABLE | ANY_LEXICAL))
            raise ValueError(
                f"sh:datatype {qname(graph, obj)} is not supported (supported: {supported})"
            )
        wrong = f"!isLiteral(?value) || datatype(?value) != <{obj}>"
        if obj in ANY_LEXICAL:
            return "", wrong
        return f"BIND (<{obj}>(STR(?value)) AS ?wellFormed)", f"{wrong} || !BOUND(?wellFormed)"
    if predicate == SH.nodeKind:
        if obj not in NODE_KINDS:
            raise ValueError(f"sh:nodeKind {qname(graph, obj)} is not a node kind")
        return "", f"!{NODE_KINDS[obj]}"
    if predicate == SH["in"]:
        members = [f"sameTerm(?value, {term_sparql(m)})" for m in Collection(graph, obj)]
        return "", f"!({' || '.join(members) or 'false'})"
    if predicate == SH.pattern:
        arguments = term_sparql(Literal(str(obj)))
        flags = graph.value(shape, SH.flags)
        if flags is not None:
            arguments += ", " + term_sparql(Literal(str(flags)))
        return "", f"isBlank(?value) || !REGEX(STR(?value), {arguments})"
    if predicate in (SH.minLength, SH.maxLength):
        op = "<" if predicate == SH.minLength else ">"
        return "", f"isBlank(?value) || STRLEN(STR(?value)) {op} {integer(obj)}"
    if predicate in RANGE_OPERATORS:  # a value that cannot be compared violates it too
        return "", f"COALESCE(!(?value {RANGE_OPERATORS[predicate]} {term_sparql(obj)}), true)"
    raise ValueError(f"{qname(graph, predicate)} is not supported by the SPARQL compiler")


def may_stay_in_place(path: str) -> bool:
    """Whether a path can match with zero steps (then values must start from the focus)."""
    return path.endswith(("*", "?")) or ")*" in path or ")?" in path


def count_query(predicate: URIRef, limit: int, focus: Focus, path: str) -> str | None:
    """sh:minCount / sh:maxCount: focus nodes with too few or too many distinct values."""
    if predicate == SH.minCount:
        if limit == 0:
            return None
        return (
            f"SELECT ?this WHERE {{ {focus.subquery()} OPTIONAL {{ ?this {path} ?value }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {limit})"
        )
    having = f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {limit})"
    if may_stay_in_place(path):
        return f"SELECT ?this WHERE {{ {focus.subquery()} ?this {path} ?value }} {having}"
    grouped = f"SELECT ?this WHERE {{ ?this {path} ?value }} {having}"
    return f"SELECT ?this WHERE {{ {{ {grouped} }} FILTER ({focus.exists()}) }}"


def core_query(
    graph: Graph, shape: Node, predicate: URIRef, obj: Node, focus: Focus, path: str | None
) -> str | None:
    """The query for one core constraint of a node shape (path None) or property shape."""
    if predicate in (SH.minCount, SH.maxCount):
        if path is None:
            raise ValueError(f"{qname(graph, predicate)} needs a property shape (sh:path)")
        return count_query(predicate, integer(obj), focus, path)
    if predicate == SH.hasValue:  # results carry no sh:value
        if path is None:
            test = f"FILTER (!sameTerm(?this, {term_sparql(obj)}))"
        else:
            test = (
                f"OPTIONAL {{ ?this {path} {term_sparql(obj)} . BIND (true AS ?present) }} "
                "FILTER (!BOUND(?present))"
            )
        return f"SELECT DISTINCT ?this WHERE {{ {focus.subquery()} {test} }}"
    pattern, condition = value_condition(graph, shape, predicate, obj)
    select = "SELECT DISTINCT ?this ?value WHERE"
    if path is None:
        values = "BIND (?this AS ?value)"
    elif may_stay_in_place(path):
        values = f"?this {path} ?value ."
    else:  # values first; only failing ones are tested against the targets
        return (
            f"{select} {{ ?this {path} ?value . {pattern} "
            f"FILTER (({condition}) && {focus.exists()}) }}"
        )
    return f"{select} {{ {focus.subquery()} {values} {pattern} FILTER ({condition}) }}"


def declared_prefixes(graph: Graph, constraint: Node) -> list[tuple[str, str]]:
    """The sh:prefixes of a SPARQL constraint, as (prefix, namespace) pairs."""
    declared: dict[str, str] = {}
    for holder in graph.objects(constraint, SH.prefixes):
        for declaration in graph.objects(holder, SH.declare):
            prefix = graph.value(declaration, SH.prefix)
            namespace = graph.value(declaration, SH.namespace)
            if prefix is None or namespace is None:
                raise ValueError("an sh:declare lacks sh:prefix or sh:namespace")
            declared[str(prefix)] = str(namespace)
    return sorted(declared.items())


def sparql_query(graph: Graph, constraint: Node, focus: Focus) -> str:
    """A SPARQL-based constraint with the focus nodes bound to $this at the start of WHERE.

    Joining the focus nodes in, rather than pre-binding $this one node at a time, gives the
    same solutions for the queries SHACL allows (no MINUS, VALUES or SERVICE).
    """
    select = graph.value(constraint, SH.select)
    if not isinstance(select, Literal):
        raise ValueError("the SPARQL constraint has no sh:select")
    text = str(select)
    forbidden = FORBIDDEN_IN_SELECT.search(text)
    if forbidden:
        raise ValueError(f"{forbidden.group(0)} is not supported in sh:select")
    if not PROJECTS_THIS.search(text):
        raise ValueError("sh:select must project $this (SELECT $this ...)")
    brace = text.find("{")
    if brace < 0 or "select" not in text[:brace].lower():
        raise ValueError("sh:select must be a SELECT query whose first '{' opens WHERE")
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in declared_prefixes(graph, constraint))
    return prefixes + text[: brace + 1] + f" {focus.subquery()} " + text[brace + 1 :]
