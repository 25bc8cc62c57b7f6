"""What a validation produces: results that name node, path, value, shape and reason."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}


@dataclass(frozen=True, order=False)
class ValidationResult:
    """One SHACL validation result, independent of the engine that found it.

    ``path`` is the result path as a SPARQL property path with full IRIs (``<...>``), or
    None when the result concerns the focus node itself.
    """

    focus: Node
    path: str | None
    value: Node | None
    shape: Node
    severity: URIRef
    component: URIRef
    message: str

    def key(self) -> tuple[str, ...]:
        """A sort and comparison key made of the N-Triples forms of the fields."""
        return (
            self.focus.n3(),
            self.path or "",
            self.value.n3() if self.value is not None else "",
            self.shape.n3(),
            self.severity.n3(),
            self.component.n3(),
            self.message,
        )


@dataclass
class ValidationRun:
    """The results of one set of shapes (data or ontology) on some inputs."""

    shapes: str  # "data" or "ontology"
    inputs: list[str]
    results: list[ValidationResult] = field(default_factory=list)
    shapes_graph: Graph | None = field(default=None, compare=False, repr=False)

    def conforms(self, allow_warnings: bool = False) -> bool:
        """SHACL conformance: no result at all (or, if warnings are allowed, no violation)."""
        if allow_warnings:
            return all(r.severity != SH.Violation for r in self.results)
        return not self.results


def sorted_results(results: list[ValidationResult]) -> list[ValidationResult]:
    """Deduplicate and order results by severity, then focus node, path, value and shape."""
    unique = {r.key(): r for r in results}
    return sorted(unique.values(), key=lambda r: (SEVERITY_ORDER.get(r.severity, 3), *r.key()))


def literal_text(messages: list[Literal]) -> str | None:
    """Pick the message to show: English or untagged first, then any."""
    if not messages:
        return None
    for wanted in (None, "en"):
        for message in sorted(messages, key=str):
            if message.language == wanted or (
                wanted == "en" and (message.language or "").lower().startswith("en")
            ):
                return str(message)
    return str(sorted(messages, key=str)[0])
