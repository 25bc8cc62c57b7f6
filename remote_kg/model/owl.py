"""The ontology's logical content read with rdflib: class expressions, definitions, axioms.

Expressions are small tuples so they hash and compare:
  ("class", iri) | ("and", (e, ...)) | ("or", (e, ...)) | ("not", e)
  ("some", prop, e) | ("all", prop, e) | ("value", prop, literal_or_iri)
  ("min" | "max" | "exact", n, prop, e)
  ("facets", datatype, ((facet, value), ...))  a datatype restriction such as
      xsd:integer[>= 2], as a filler of a data property restriction
Anything else raises UnsupportedExpression naming the node.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

from remote_kg.model.ontology import ONTOLOGY_IRI, RKG

Expr = tuple[Any, ...]
PERSPECTIVES_IRI = ONTOLOGY_IRI + "/perspectives/"
THING = str(OWL.Thing)
NOTHING = str(OWL.Nothing)


class UnsupportedExpression(ValueError):
    """A class expression the fast engine cannot evaluate."""


def _members(graph: Graph, node: Any) -> list[Any]:
    return list(Collection(graph, node))


FACETS = {str(XSD[name]): name for name in
          ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive")}


def _datatype_restriction(graph: Graph, node: BNode) -> Expr | None:
    """A datatype restriction (owl:onDatatype with owl:withRestrictions), else None."""
    base = graph.value(node, OWL.onDatatype)
    if base is None:
        return None
    facets = []
    items = graph.value(node, OWL.withRestrictions)
    for facet in _members(graph, items) if items is not None else ():
        for kind, value in graph.predicate_objects(facet):
            if str(kind) not in FACETS or not isinstance(value, Literal):
                raise UnsupportedExpression(f"unsupported facet {kind} in datatype at {node}")
            facets.append((FACETS[str(kind)], value.toPython()))
    return ("facets", str(base), tuple(sorted(facets)))


def facet_holds(expr: Expr, value: Any) -> bool:
    """Whether a literal's value lies in the datatype restriction `expr`."""
    if expr[1] == str(XSD.integer) and (not isinstance(value, int) or isinstance(value, bool)):
        return False
    checks = {
        "minInclusive": lambda v, f: v >= f,
        "maxInclusive": lambda v, f: v <= f,
        "minExclusive": lambda v, f: v > f,
        "maxExclusive": lambda v, f: v < f,
    }
    return all(checks[facet](value, bound) for facet, bound in expr[2])


def parse_expression(graph: Graph, node: Any) -> Expr:
    """Parse the class expression at `node`."""
    if isinstance(node, URIRef):
        return ("class", str(node))
    if not isinstance(node, BNode):
        raise UnsupportedExpression(f"{node!r} is not a class expression")
    restriction = _datatype_restriction(graph, node)
    if restriction is not None:
        return restriction
    items = graph.value(node, OWL.intersectionOf)
    if items is not None:
        return ("and", tuple(parse_expression(graph, m) for m in _members(graph, items)))
    items = graph.value(node, OWL.unionOf)
    if items is not None:
        return ("or", tuple(parse_expression(graph, m) for m in _members(graph, items)))
    other = graph.value(node, OWL.complementOf)
    if other is not None:
        return ("not", parse_expression(graph, other))
    prop = graph.value(node, OWL.onProperty)
    if prop is not None:
        p = str(prop)
        filler = graph.value(node, OWL.onClass) or graph.value(node, OWL.onDataRange)
        qualified = parse_expression(graph, filler) if filler is not None else ("class", THING)
        for kind, predicate in (("some", OWL.someValuesFrom), ("all", OWL.allValuesFrom)):
            target = graph.value(node, predicate)
            if target is not None:
                if isinstance(target, URIRef) and str(target).startswith(str(RDFS)):
                    return (kind, p, ("class", THING))
                if str(target).startswith("http://www.w3.org/2001/XMLSchema#"):
                    return (kind, p, ("class", THING))
                return (kind, p, parse_expression(graph, target))
        value = graph.value(node, OWL.hasValue)
        if value is not None:
            return ("value", p, value.toPython() if isinstance(value, Literal) else str(value))
        for kind, names in (
            ("min", (OWL.minCardinality, OWL.minQualifiedCardinality)),
            ("max", (OWL.maxCardinality, OWL.maxQualifiedCardinality)),
            ("exact", (OWL.cardinality, OWL.qualifiedCardinality)),
        ):
            for name in names:
                n = graph.value(node, name)
                if n is not None:
                    return (kind, int(n), p, qualified)
    raise UnsupportedExpression(f"unsupported class expression at blank node {node}")


@dataclass
class OntologyModel:
    """The parts of an ontology the classifiers need, read once."""

    definitions: dict[str, list[Expr]] = field(default_factory=lambda: defaultdict(list))
    axioms: list[Expr] = field(default_factory=list)  # each must hold on every individual
    told_supers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    super_properties: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    functional: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)
    categories: list[str] = field(default_factory=list)
    # Worker categories of the authorities' modules (ontology/perspectives/): decided on
    # request (`classify --categories`, `compare`), not by default.
    perspective_categories: list[str] = field(default_factory=list)
    # The authority (rkg:definedByAuthority) and sense (rkg:givesSenseOf) a worker category gives.
    authority: dict[str, str] = field(default_factory=dict)
    sense: dict[str, str] = field(default_factory=dict)
    deal_categories: list[str] = field(default_factory=list)
    job_categories: list[str] = field(default_factory=list)  # decided for rkg:Job postings
    # A subClassOf (p only X), A and X named: an A's p-values are X's.
    universal: list[tuple[str, str, str]] = field(default_factory=list)

    def sub_properties(self, prop: str) -> set[str]:
        """All properties p with p sub-property-of* `prop` (including itself)."""
        return {p for p, sups in self.super_properties.items() if prop in sups} | {prop}


def transitive(pairs: dict[str, set[str]]) -> dict[str, set[str]]:
    """Everything reachable from each node of `pairs` (the node too, if on a cycle)."""
    closed: dict[str, set[str]] = defaultdict(set)
    for start in list(pairs):
        stack, seen = list(pairs[start]), set()
        while stack:
            item = stack.pop()
            if item in seen:
                continue
            seen.add(item)
            stack.extend(pairs.get(item, ()))
        closed[start] = seen
    return closed


def read_model(graph: Graph) -> OntologyModel:
    """Read definitions, general axioms, hierarchies and the worker and deal categories."""
    model = OntologyModel()
    for cls in graph.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef):
            model.classes.add(str(cls))
    for cls, eq in graph.subject_objects(OWL.equivalentClass):
        if isinstance(cls, URIRef):
            model.definitions[str(cls)].append(parse_expression(graph, eq))
            if isinstance(eq, URIRef):
                model.definitions[str(eq)].append(("class", str(cls)))
    supers: dict[str, set[str]] = defaultdict(set)
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            supers[str(sub)].add(str(sup))
        sup_expr = parse_expression(graph, sup)
        model.axioms.append(("or", (("not", parse_expression(graph, sub)), sup_expr)))
        if isinstance(sub, URIRef) and sup_expr[0] == "all" and sup_expr[2][0] == "class":
            model.universal.append((str(sub), sup_expr[1], sup_expr[2][1]))
    model.told_supers = transitive(supers)
    for a, b in graph.subject_objects(OWL.disjointWith):
        model.axioms.append(_disjoint(parse_expression(graph, a), parse_expression(graph, b)))
    for node in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = [
            parse_expression(graph, m) for m in _members(graph, graph.value(node, OWL.members))
        ]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                model.axioms.append(_disjoint(a, b))
    props: dict[str, set[str]] = defaultdict(set)
    for sub, sup in graph.subject_objects(RDFS.subPropertyOf):
        props[str(sub)].add(str(sup))
    model.super_properties = transitive(props)
    model.functional = {str(p) for p in graph.subjects(RDF.type, OWL.FunctionalProperty)}
    for s, label in graph.subject_objects(RDFS.label):
        if isinstance(s, URIRef) and (label.language in (None, "en")):
            model.labels.setdefault(str(s), str(label))
    workers = _categories(model, str(RKG.Worker))
    modules = {str(c) for c, m in graph.subject_objects(RDFS.isDefinedBy)
               if str(m).startswith(PERSPECTIVES_IRI)}
    model.categories = [c for c in workers if c not in modules]
    model.perspective_categories = [c for c in workers if c in modules]
    model.authority = {str(c): str(a) for c, a in graph.subject_objects(RKG.definedByAuthority)}
    model.sense = {str(c): str(a) for c, a in graph.subject_objects(RKG.givesSenseOf)}
    model.deal_categories = _categories(model, str(RKG.SourcingArrangement))
    model.job_categories = _categories(model, str(RKG.Job))
    return model


def _disjoint(a: Expr, b: Expr) -> Expr:
    return ("not", ("and", (a, b)))


def _categories(model: OntologyModel, root: str) -> list[str]:
    """Defined classes in the rkg namespace that entail being a `root` (a Worker, a
    SourcingArrangement), by structure."""
    found: set[str] = set()

    def entails_worker(expr: Expr) -> bool:
        if expr[0] == "class":
            return expr[1] == root or expr[1] in found
        if expr[0] == "and":
            return any(entails_worker(e) for e in expr[1])
        if expr[0] == "or":
            return all(entails_worker(e) for e in expr[1])
        return False

    changed = True
    while changed:
        changed = False
        for cls, defs in model.definitions.items():
            if cls in found or not cls.startswith(str(RKG)):
                continue
            if any(entails_worker(d) for d in defs if d != ("class", cls)):
                found.add(cls)
                changed = True
    return sorted(found, key=lambda iri: iri.rsplit("#", 1)[-1])


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@functools.lru_cache(maxsize=1)
def bundled_model() -> OntologyModel:
    """The model of the bundled ontology, read once (for callers that need its category
    lists without building an engine)."""
    from remote_kg.model.ontology import ontology_graph

    return read_model(ontology_graph())
