"""Validation reports for people (text) and for programs (JSON, Turtle)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from remote_kg.checks.shacl.model import ValidationResult, ValidationRun, literal_text
from remote_kg.checks.shacl.terms import DISPLAY_PREFIXES, show_path, show_term

SHAPES_LABEL = {"data": "data shapes", "ontology": "ontology shapes"}


def conforms(runs: Sequence[ValidationRun], allow_warnings: bool = False) -> bool:
    """Whether every run conforms."""
    return all(run.conforms(allow_warnings) for run in runs)


def _severity(result: ValidationResult) -> str:
    return (
        result.severity[len(str(SH)) :]
        if result.severity.startswith(str(SH))
        else str(result.severity)
    )


def _shape_name(run: ValidationRun, shape: Node) -> str | None:
    if run.shapes_graph is None:
        return None
    names = [n for n in run.shapes_graph.objects(shape, SH.name) if isinstance(n, Literal)]
    return literal_text(names)


def _summary(results: Sequence[ValidationResult]) -> str:
    counts = Counter(_severity(r).lower() for r in results)
    parts = []
    for severity in ("violation", "warning", "info"):
        if counts[severity]:
            parts.append(f"{counts[severity]} {severity}{'s' if counts[severity] > 1 else ''}")
    return ", ".join(parts)


def render_text(runs: Sequence[ValidationRun], engine: str, allow_warnings: bool = False) -> str:
    """One block per result: the node, the property path, the value, the reason, the shape."""
    lines: list[str] = []
    for run in runs:
        lines.append(
            f"Validated {', '.join(run.inputs)} against the {SHAPES_LABEL[run.shapes]} "
            f"(engine: {engine})."
        )
        for result in run.results:
            name = _shape_name(run, result.shape)
            shape = show_term(result.shape) + (f' ("{name}")' if name else "")
            lines += [
                "",
                f"{_severity(result)}: {show_term(result.focus)}",
                f"  path:   {show_path(result.path)}",
                f"  value:  {show_term(result.value)}",
                f"  reason: {result.message}",
                f"  shape:  {shape}",
            ]
        if run.conforms(allow_warnings):
            verdict = "Conforms" + (f" (with {_summary(run.results)})." if run.results else ".")
        else:
            verdict = f"Does not conform: {_summary(run.results)}."
        lines += ["", verdict, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _term_json(term: Node | None) -> dict[str, str] | None:
    """A term in the style of SPARQL JSON results."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "unknown", "value": str(term)}


def render_json(runs: Sequence[ValidationRun], engine: str, allow_warnings: bool = False) -> str:
    """The report as JSON: terms as in SPARQL JSON results, paths in SPARQL syntax."""
    document = {
        "conforms": conforms(runs, allow_warnings),
        "engine": engine,
        "runs": [
            {
                "shapes": run.shapes,
                "inputs": run.inputs,
                "conforms": run.conforms(allow_warnings),
                "results": [
                    {
                        "severity": _severity(r),
                        "focus": _term_json(r.focus),
                        "path": r.path,
                        "value": _term_json(r.value),
                        "message": r.message,
                        "shape": _term_json(r.shape),
                        "shape_name": _shape_name(run, r.shape),
                        "component": str(r.component),
                    }
                    for r in run.results
                ],
            }
            for run in runs
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _copy_path(source: Graph, node: Node, target: Graph) -> None:
    """Copy the blank-node structure of a SHACL path (lists included) into ``target``."""
    if not isinstance(node, BNode):
        return
    for predicate, obj in source.predicate_objects(node):
        target.add((node, predicate, obj))
        _copy_path(source, obj, target)


def render_turtle(runs: Sequence[ValidationRun], allow_warnings: bool = False) -> str:
    """A standard SHACL validation report graph, in Turtle."""
    graph = Graph()
    for prefix, namespace in DISPLAY_PREFIXES.items():
        graph.bind(prefix, namespace)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(conforms(runs, allow_warnings))))
    for run in runs:
        for result in run.results:
            node = BNode()
            graph.add((report, SH.result, node))
            graph.add((node, RDF.type, SH.ValidationResult))
            graph.add((node, SH.focusNode, result.focus))
            graph.add((node, SH.resultSeverity, result.severity))
            graph.add((node, SH.sourceShape, result.shape))
            graph.add((node, SH.sourceConstraintComponent, result.component))
            graph.add((node, SH.resultMessage, Literal(result.message)))
            if result.value is not None:
                graph.add((node, SH.value, result.value))
            if result.path is not None:
                if result.path.startswith("<") and result.path.count("<") == 1:
                    graph.add((node, SH.resultPath, URIRef(result.path[1:-1])))
                elif run.shapes_graph is not None:
                    path_node = run.shapes_graph.value(result.shape, SH.path)
                    graph.add((node, SH.resultPath, path_node))
                    _copy_path(run.shapes_graph, path_node, graph)
    return graph.serialize(format="turtle")
