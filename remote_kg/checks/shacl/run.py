"""Validate files: choose the shapes for each input and run an engine."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from remote_kg.checks.consistency import inconsistent_records
from remote_kg.checks.shacl.compiler import CompiledCheck, compile_shapes
from remote_kg.checks.shacl.fast import run_checks
from remote_kg.checks.shacl.inputs import (
    LoadedInput,
    graph_to_rdflib,
    load_inputs,
    load_reference_ontology,
)
from remote_kg.checks.shacl.model import ValidationRun, sorted_results
from remote_kg.checks.shacl.reference import run_pyshacl
from remote_kg.errors import InputError
from remote_kg.model.ontology import ONTOLOGY_DIR, ONTOLOGY_PATH, ontology_graph
from remote_kg.pipeline.readers import Input

SHAPES_DIR = ONTOLOGY_DIR / "shapes"
SHAPES_FILES = {
    "data": SHAPES_DIR / "data-shapes.ttl",
    "ontology": SHAPES_DIR / "ontology-shapes.ttl",
}
ENGINES = ("fast", "pyshacl")
SHAPES_CHOICES = ("auto", "data", "ontology")


@functools.lru_cache(maxsize=4)
def shapes_graph(kind: str) -> Graph:
    """The shapes graph for 'data' or 'ontology' (parsed once)."""
    path = SHAPES_FILES[kind]
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # a broken shapes file is reported, not traced back
        raise InputError(f"{path}: cannot parse the shapes: {exc}") from exc
    return graph


@functools.lru_cache(maxsize=4)
def compiled_checks(kind: str) -> tuple[CompiledCheck, ...]:
    """The shapes for 'data' or 'ontology' compiled into SPARQL (once)."""
    return tuple(compile_shapes(shapes_graph(kind)))


def plan(inputs: Sequence[LoadedInput], shapes: str) -> list[tuple[str, list[LoadedInput]]]:
    """Which shapes check which inputs.

    ``auto``: the data shapes check every input together (they target instance data only, so
    a pure ontology passes), and the ontology shapes check the inputs that declare an
    owl:Ontology.
    """
    if shapes == "data":
        return [("data", list(inputs))]
    if shapes == "ontology":
        return [("ontology", list(inputs))]
    runs = [("data", list(inputs))]
    ontologies = [i for i in inputs if i.is_ontology]
    if ontologies:
        runs.append(("ontology", ontologies))
    return runs


def validate_paths(
    paths: Sequence[Path | Input],
    shapes: str = "auto",
    engine: str = "fast",
    ontology_path: Path = ONTOLOGY_PATH,
) -> list[ValidationRun]:
    """Validate CSV or RDF files; data is checked together with the ontology (for types).

    Raises InputError for unreadable inputs and ShapeCompileError when the fast engine meets
    a shape feature it does not support.
    """
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    if shapes not in SHAPES_CHOICES:
        raise InputError(f"unknown shapes {shapes!r}; expected one of {', '.join(SHAPES_CHOICES)}")
    store = ox.Store()
    inputs = load_inputs(store, list(paths))
    runs: list[ValidationRun] = []
    for kind, members in plan(inputs, shapes):
        graphs = [i.graph for i in members]
        if engine == "fast":
            checks = compiled_checks(kind)
            if kind == "data":
                graphs.append(load_reference_ontology(store, ontology_path))
            results = run_checks(store, checks, graphs)
        else:
            ontology = ontology_graph(ontology_path) if kind == "data" else None
            results = run_pyshacl(graph_to_rdflib(store, graphs), shapes_graph(kind), ontology)
        if kind == "data":  # and each record against the ontology's axioms, as classify does
            results = [*results, *inconsistent_records(
                [(i.path, i.shown or str(i.path), i.records) for i in members
                 if not i.is_ontology],
                ontology_path)]
        runs.append(
            ValidationRun(
                shapes=kind,
                inputs=[i.shown or str(i.path) for i in members],
                results=sorted_results(results),
                shapes_graph=shapes_graph(kind),
            )
        )
    return runs
