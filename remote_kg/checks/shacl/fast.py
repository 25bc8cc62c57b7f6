"""The fast engine: compiled shape queries run over a pyoxigraph store."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox
from rdflib.namespace import SH

from remote_kg.checks.shacl.compiler import CompiledCheck, ShapeCompileError
from remote_kg.checks.shacl.model import ValidationResult
from remote_kg.checks.shacl.terms import to_rdflib


def _result(check: CompiledCheck, solution: ox.QuerySolution) -> ValidationResult:
    focus = to_rdflib(solution["this"])
    value = solution["value"]  # None when unbound or not selected
    path = solution["path"]
    if value is not None:
        value_term = to_rdflib(value)
    elif check.component == SH.SPARQLConstraintComponent and check.is_node_shape:
        value_term = focus  # SHACL-SPARQL: a node shape's value defaults to $this
    else:
        value_term = None
    return ValidationResult(
        focus=focus,
        path=f"<{path.value}>" if isinstance(path, ox.NamedNode) else check.path,
        value=value_term,
        shape=check.shape,
        severity=check.severity,
        component=check.component,
        message=check.message,
    )


def run_checks(
    store: ox.Store, checks: Sequence[CompiledCheck], graphs: Sequence[ox.NamedNode]
) -> list[ValidationResult]:
    """Run every check with the union of ``graphs`` as the data graph."""
    results: list[ValidationResult] = []
    for check in checks:
        try:
            solutions = store.query(check.query, default_graph=list(graphs))
            results.extend(_result(check, solution) for solution in solutions)
        except SyntaxError as exc:
            raise ShapeCompileError(
                f"{check.name}: the compiled query is not valid SPARQL: {exc.msg}"
            ) from exc
    return results
