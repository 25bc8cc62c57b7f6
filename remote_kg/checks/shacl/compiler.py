"""Compile SHACL shapes into SPARQL SELECT queries, one per (shape, constraint).

Supported: targets (sh:targetNode, sh:targetClass, implicit class targets,
sh:targetSubjectsOf, sh:targetObjectsOf); node shapes with property shapes one level deep;
every kind of property path; sh:deactivated; the constraints in ``SUPPORTED`` (the SPARQL
for each is in ``constraints``). Any other term of the SHACL vocabulary on a shape makes
compilation fail with a message naming the shape and the feature, so that no check is ever
silently skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from remote_kg.checks.shacl.constraints import (
    TYPE_PATH,
    Focus,
    core_query,
    qname,
    sparql_query,
    term_sparql,
)
from remote_kg.checks.shacl.model import literal_text
from remote_kg.checks.shacl.paths import PathError, sparql_path
from remote_kg.errors import InputError

TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
NON_VALIDATING = (SH.name, SH.description, SH.message, SH.severity, SH.order, SH.group,
                  SH.defaultValue, SH.deactivated)  # fmt: skip
SUPPORTED = (SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.hasValue, SH.minCount,
             SH.maxCount, SH.pattern, SH.minLength, SH.maxLength, SH.sparql,
             SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive)  # fmt: skip
ALLOWED_ON_SHAPE = frozenset(
    (*TARGETS, *NON_VALIDATING, *SUPPORTED, SH.path, SH.property, SH.flags)
)


class ShapeCompileError(InputError):
    """The shapes use a feature the SPARQL compiler does not support, or are malformed."""


@dataclass(frozen=True)
class CompiledCheck:
    """One constraint of one shape, as a SPARQL query over the data."""

    shape: Node
    name: str
    component: URIRef
    severity: URIRef
    message: str
    path: str | None  # the shape's path; SPARQL-based checks bind ?path themselves
    is_node_shape: bool
    query: str


def _component(predicate: URIRef) -> URIRef:
    local = predicate[len(str(SH)) :]
    return URIRef(f"{SH}{local[0].upper()}{local[1:]}ConstraintComponent")


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.problems: list[str] = []
        self.checks: list[CompiledCheck] = []

    def label(self, node: Node) -> str:
        """How a message names a shape: a prefixed name, or where a blank node sits."""
        path = self.g.value(node, SH.path)
        parent = self.g.value(None, SH.property, node)
        if not isinstance(node, URIRef) and path is not None and parent is not None:
            return f"{self.label(parent)} (property shape on {qname(self.g, path)})"
        return qname(self.g, node) if isinstance(node, URIRef) else f"blank-node shape {node.n3()}"

    def is_true(self, node: Node, predicate: URIRef) -> bool:
        value = self.g.value(node, predicate)
        return isinstance(value, Literal) and value.toPython() is True

    # -- shapes and their focus nodes ---------------------------------------------------

    def shapes(self) -> list[Node]:
        found: set[Node] = set()
        for kind in (SH.NodeShape, SH.PropertyShape):
            found.update(self.g.subjects(RDF.type, kind))
        for predicate in TARGETS:
            found.update(self.g.subjects(predicate, None))
        found.update(self.g.subjects(SH.path, None))
        found.update(self.g.objects(None, SH.property))
        return sorted(found, key=lambda n: n.n3())

    def own_targets(self, shape: Node) -> list[str]:
        g = self.g
        classes = list(g.objects(shape, SH.targetClass))
        if set(g.objects(shape, RDF.type)) & {RDFS.Class, OWL.Class}:
            classes.append(shape)  # implicit class target
        return [
            *(f"VALUES ?this {{ {term_sparql(n)} }}" for n in g.objects(shape, SH.targetNode)),
            *(f"?this {TYPE_PATH} {term_sparql(c)} ." for c in classes),
            *(f"?this {term_sparql(p)} [] ." for p in g.objects(shape, SH.targetSubjectsOf)),
            *(f"[] {term_sparql(p)} ?this ." for p in g.objects(shape, SH.targetObjectsOf)),
        ]

    def focus(self, shape: Node) -> Focus | None:
        patterns = self.own_targets(shape)
        for parent in self.g.subjects(SH.property, shape):
            if not self.is_true(parent, SH.deactivated):
                patterns += self.own_targets(parent)
        return Focus(tuple(sorted(set(patterns)))) if patterns else None

    def unsupported(self, shape: Node, is_property: bool) -> list[str]:
        problems = [
            f"{qname(self.g, p)} is not supported by the SPARQL compiler"
            for p in sorted(set(self.g.predicates(shape, None)))
            if p.startswith(str(SH)) and p not in ALLOWED_ON_SHAPE
        ]
        for child in self.g.objects(shape, SH.property):
            if is_property:
                problems.append(f"nested property shape {self.label(child)} is not supported")
            elif (child, SH.path, None) not in self.g:
                problems.append(f"sh:property value {self.label(child)} has no sh:path")
        return problems

    # -- compiling -----------------------------------------------------------------------

    def compile(self) -> list[CompiledCheck]:
        if (None, RDF.type, SH.ConstraintComponent) in self.g:
            self.problems.append(
                "custom constraint components (sh:ConstraintComponent) are not supported by "
                "the SPARQL compiler"
            )
        for shape in self.shapes():
            try:
                self.compile_shape(shape)
            except (ValueError, PathError) as exc:
                self.problems.append(f"{self.label(shape)}: {exc}")
        if self.problems:
            raise ShapeCompileError(
                [*self.problems, "(validate with --engine pyshacl to use these shapes)"]
            )
        return self.checks

    def compile_shape(self, shape: Node) -> None:
        path_node = self.g.value(shape, SH.path)
        problems = self.unsupported(shape, path_node is not None)
        self.problems += [f"{self.label(shape)}: {p}" for p in problems]
        if problems or self.is_true(shape, SH.deactivated):
            return
        path = sparql_path(self.g, path_node) if path_node is not None else None
        focus = self.focus(shape)
        if focus is None:
            return  # no targets and not used by a targeted shape: the shape checks nothing
        for predicate, obj in sorted(self.g.predicate_objects(shape)):
            if predicate == SH.sparql:
                if path is not None:
                    raise ValueError("SPARQL-based constraints: node shapes only")
                if not self.is_true(obj, SH.deactivated):
                    query = sparql_query(self.g, obj, focus)
                    self.add(shape, SH.SPARQLConstraintComponent, query, None, obj)
            elif predicate in SUPPORTED:
                query = core_query(self.g, shape, predicate, obj, focus, path)
                if query is not None:
                    self.add(shape, _component(predicate), query, path, None)

    def add(
        self, shape: Node, component: URIRef, query: str, path: str | None, constraint: Node | None
    ) -> None:
        messages = list(self.g.objects(shape, SH.message))
        if constraint is not None:
            messages += self.g.objects(constraint, SH.message)
        message = literal_text([m for m in messages if isinstance(m, Literal)])
        name = literal_text([n for n in self.g.objects(shape, SH.name) if isinstance(n, Literal)])
        kind = component[len(str(SH)) :].removesuffix("ConstraintComponent")
        self.checks.append(
            CompiledCheck(
                shape=shape,
                name=name or self.label(shape),
                component=component,
                severity=self.g.value(shape, SH.severity) or SH.Violation,
                message=message or f"{kind} constraint of {self.label(shape)} not met.",
                path=path,
                is_node_shape=path is None,
                query=query,
            )
        )


def compile_shapes(shapes: Graph) -> list[CompiledCheck]:
    """Compile every active constraint in ``shapes``; raise ShapeCompileError if unsupported."""
    return _Compiler(shapes).compile()
