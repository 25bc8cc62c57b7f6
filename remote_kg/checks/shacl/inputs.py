"""Reading the files to validate into one pyoxigraph store, one named graph per file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from remote_kg.checks.shacl.terms import to_rdflib
from remote_kg.errors import InputError
from remote_kg.pipeline.postings import is_postings_file
from remote_kg.pipeline.readers import Input, reader_for
from remote_kg.rdf.parse import RDF_FORMATS, parse_quads

OWL_ONTOLOGY = "http://www.w3.org/2002/07/owl#Ontology"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
INPUT_GRAPH = "urn:remote-kg:validate:input:"
REFERENCE_ONTOLOGY_GRAPH = ox.NamedNode("urn:remote-kg:validate:ontology")
TABLE_READERS = ("csv", "parquet")  # CSV and TSV, Parquet: worker records in columns


@dataclass(frozen=True)
class LoadedInput:
    """A file read into the store: its graph name and whether it declares an owl:Ontology;
    `records`: the worker records a CSV, TSV, Parquet or RDF file held (None: not read as
    such, as an ontology is not)."""

    path: Path
    graph: ox.NamedNode
    is_ontology: bool
    shown: str = ""  # how the user named it (`Input.shown`); default: the path
    records: tuple | None = None


def _describe(exc: BaseException) -> str:
    text = exc.msg if isinstance(exc, SyntaxError) and exc.msg else str(exc)
    return " ".join(text.split()) or type(exc).__name__


def _load_rdf(store: ox.Store, path: Path, graph: ox.NamedNode) -> list[ox.Quad]:
    """The file's quads (through the parser every command uses), folded into its graph;
    returned, so its records are read from them rather than from a second parse."""
    quads = parse_quads(path)
    store.extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)
    return quads


def _rdf_records(path: Path, quads: list[ox.Quad]) -> tuple:
    """The worker records of an RDF file's quads, as the RDF reader reads them (none when
    it refuses them: the shapes' results name those values)."""
    from remote_kg.rdf.records import graph_to_records

    graph = Graph()
    for quad in quads:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    try:
        return tuple(graph_to_records(graph, source=str(path)))
    except InputError:
        return ()


def _load_records(store: ox.Store, path: Path, graph: ox.NamedNode) -> tuple:
    """Stream the records' N-Triples (no rdflib graph), so big files validate quickly; the
    records read (the consistency check asks about them too)."""
    from remote_kg.model.ontology import DEFAULT_BASE
    from remote_kg.pipeline.readers import read_records
    from remote_kg.rdf.records import ntriples_lines

    records = tuple(read_records(path))
    data = "".join(ntriples_lines(records, DEFAULT_BASE)).encode()
    store.load(input=data, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
    return records


def _load_postings(store: ox.Store, path: Path, graph: ox.NamedNode) -> None:
    """Job postings (JSON-LD or HTML) as the jobs' RDF, as `import` writes it."""
    from remote_kg.pipeline.postings import read_postings
    from remote_kg.rdf.jobs import postings_graph

    data = postings_graph(read_postings(path)).serialize(format="nt", encoding="utf-8")
    store.load(input=data, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)


def _load_modules(store: ox.Store, path: Path, graph: ox.NamedNode) -> list[str]:
    """Load the bundled modules an ontology imports (transitively) into its graph, so it
    is validated whole; the problems of imports that are not bundled."""
    from remote_kg.model.ontology import module_path

    imports = ox.NamedNode("http://www.w3.org/2002/07/owl#imports")
    ontology = ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    # Imports may be cyclic (a module imports the main ontology): never load a file twice.
    done = {str(q.subject.value) for q in store.quads_for_pattern(None, rdf_type, ontology, graph)}
    problems: list[str] = []
    while True:
        pending = {str(q.object.value) for q in store.quads_for_pattern(None, imports, None, graph)}
        pending -= done
        if not pending:
            return problems
        for iri in sorted(pending):
            done.add(iri)
            module = module_path(path, iri)
            if module is None or not module.is_file():
                problems.append(f"{path}: owl:imports <{iri}>, which is not bundled")
                continue
            _load_rdf(store, module, graph)


def load_inputs(store: ox.Store, paths: Sequence[Path | Input]) -> list[LoadedInput]:
    """Read every file into ``store``; raise InputError listing every file that failed."""
    problems: list[str] = []
    loaded: list[LoadedInput] = []
    for number, given in enumerate(paths):
        path = given.path if isinstance(given, Input) else Path(given)
        shown = given.shown if isinstance(given, Input) else str(path)
        graph = ox.NamedNode(f"{INPUT_GRAPH}{number}")
        suffix = path.suffix.lower()
        if not path.exists():
            problems.append(f"{path}: no such file")
            continue
        if path.is_dir():
            problems.append(f"{path}: is a directory, expected a CSV or RDF file")
            continue
        records = None
        quads = None
        try:
            if reader_for(path).name in TABLE_READERS:
                records = _load_records(store, path, graph)
            elif is_postings_file(path):
                _load_postings(store, path, graph)
            elif suffix in RDF_FORMATS:
                quads = _load_rdf(store, path, graph)
            else:
                problems.append(
                    f"{path}: unknown file type {suffix or '(no extension)'!r}; expected .csv, "
                    ".tsv, .parquet, RDF (" + ", ".join(sorted(RDF_FORMATS)) + ") or job "
                    "postings (.jsonld, .json, .jsonl, .ndjson, .html)"
                )
                continue
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        except (SyntaxError, OSError, ValueError, UnicodeDecodeError) as exc:
            # RDF parse errors arrive as InputError (rdf_parse); this is the records' side
            problems.append(f"{path}: cannot read: {_describe(exc)}")
            continue
        is_ontology = bool(
            store.query(f"ASK {{ GRAPH <{graph.value}> {{ ?o <{RDF_TYPE}> <{OWL_ONTOLOGY}> }} }}")
        )
        if is_ontology:
            problems.extend(_load_modules(store, path, graph))
        elif quads is not None and reader_for(path).name == "rdf":
            records = _rdf_records(path, quads)
        loaded.append(LoadedInput(path, graph, is_ontology, shown, records))
    if problems:
        raise InputError(problems)
    return loaded


def load_reference_ontology(store: ox.Store, path: Path) -> ox.NamedNode:
    """Load the remote-kg ontology, its modules merged (for class hierarchy and types),
    into its own graph."""
    from remote_kg.model.ontology import ontology_graph

    data = ontology_graph(path).serialize(format="nt", encoding="utf-8")
    store.load(input=data, format=ox.RdfFormat.N_TRIPLES, to_graph=REFERENCE_ONTOLOGY_GRAPH)
    return REFERENCE_ONTOLOGY_GRAPH


def graph_to_rdflib(store: ox.Store, graphs: Sequence[ox.NamedNode]) -> Graph:
    """Copy the union of some store graphs into an rdflib graph (for the pySHACL engine)."""
    result = Graph()
    for graph in graphs:
        for quad in store.quads_for_pattern(None, None, None, graph):
            result.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return result
