"""The reference engine: pySHACL, with its report read back into engine-neutral results."""

from __future__ import annotations

import pyshacl
from pyshacl.errors import ReportableRuntimeError
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from remote_kg.checks.shacl.model import ValidationResult, literal_text
from remote_kg.checks.shacl.paths import sparql_path
from remote_kg.errors import InputError


def _message(shapes: Graph, shape, constraint) -> str | None:
    messages = [m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)]
    if constraint is not None:
        messages += [m for m in shapes.objects(constraint, SH.message) if isinstance(m, Literal)]
    return literal_text(messages)


def run_pyshacl(data: Graph, shapes: Graph, ontology: Graph | None) -> list[ValidationResult]:
    """Validate ``data`` (with ``ontology`` mixed in) against ``shapes`` with pySHACL.

    Messages are taken from the shapes graph, as the fast engine does, so the two engines'
    reports read the same; only shapes without sh:message keep pySHACL's own message.
    """
    try:
        _, report, _ = pyshacl.validate(
            data,
            shacl_graph=shapes,
            ont_graph=ontology,
            inference="none",
            abort_on_first=False,
            allow_infos=False,
            allow_warnings=False,
        )
    except ReportableRuntimeError as exc:  # e.g. a malformed shape
        raise InputError(f"pySHACL cannot validate with these shapes: {exc.message}") from exc
    results: list[ValidationResult] = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(node, SH.sourceShape)
        component = report.value(node, SH.sourceConstraintComponent)
        constraint = report.value(node, SH.sourceConstraint)
        path_node = report.value(node, SH.resultPath)
        message = _message(shapes, shape, constraint)
        if message is None:
            message = str(report.value(node, SH.resultMessage))
        results.append(
            ValidationResult(
                focus=report.value(node, SH.focusNode),
                path=sparql_path(report, path_node) if path_node is not None else None,
                value=report.value(node, SH.value),
                shape=shape,
                severity=URIRef(report.value(node, SH.resultSeverity)),
                component=URIRef(component),
                message=message,
            )
        )
    return results
