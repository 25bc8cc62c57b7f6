"""Release artefacts: the Turtle ontology as RDF/XML, N-Triples and JSON-LD.

Every artefact is generated from the Turtle source. Blank nodes are given canonical
labels and triples are written in a fixed order, so regenerating an unchanged ontology
gives the same bytes and diffs stay small. `--check` compares N-Triples byte for byte
and RDF/XML and JSON-LD as graphs (isomorphism), since those formats allow many
equivalent spellings.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.compare import isomorphic, to_canonical_graph

from remote_kg.errors import InputError, RemoteKGError
from remote_kg.model.ontology import merge_imports
from remote_kg.outputs import output_directory, write_output

STEM = "remote-kg"

# Prefixes kept in the JSON-LD context so that the file reads like the Turtle.
JSONLD_PREFIXES = ("rkg", "src", "owl", "rdf", "rdfs", "xsd", "skos", "dcterms", "vann")


class OutOfDateError(RemoteKGError):
    """Release files on disk differ from what the Turtle source generates."""

    exit_code = 1


@dataclass(frozen=True)
class Artefact:
    """One release file: its name, how to write it, and how to compare it."""

    name: str
    rdflib_format: str
    render: Callable[[Graph], str]
    compare_as_graph: bool


def load_source(path: Path) -> Graph:
    """Parse the Turtle source with the modules it imports merged in (the release is one
    self-contained file), reporting a missing or malformed file to the user."""
    if not path.is_file():
        raise InputError(f"{path}: ontology source not found (expected a Turtle file)")
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
        merge_imports(graph, path)
    except InputError:
        raise
    except Exception as exc:  # rdflib raises several parser-specific types
        raise InputError(f"{path} or a module it imports: not valid Turtle: {exc}") from exc
    return graph


def canonical(graph: Graph) -> Graph:
    """Return a copy with canonical blank-node labels, triples inserted in sorted order.

    rdflib's in-memory store iterates in insertion order, so serializers that walk the
    store produce the same output for the same graph.
    """
    canon = to_canonical_graph(graph)
    ordered = Graph(store="SimpleMemory")
    for prefix, namespace in graph.namespaces():
        ordered.bind(prefix, namespace, override=True, replace=True)
    for triple in sorted(canon, key=lambda t: tuple(term.n3() for term in t)):
        ordered.add(triple)
    return ordered


def render_ntriples(canon: Graph) -> str:
    """N-Triples of a canonical graph, one triple per line, lines sorted."""
    lines = canon.serialize(format="nt").splitlines()
    return "\n".join(sorted(line for line in lines if line.strip())) + "\n"


def render_rdfxml(canon: Graph) -> str:
    """RDF/XML of a canonical graph (plain, not nested, so that every OWL tool parses it)."""
    return canon.serialize(format="xml")


def render_jsonld(canon: Graph) -> str:
    """JSON-LD of a canonical graph, compacted with the ontology's own prefixes."""
    context = {
        prefix: str(namespace)
        for prefix, namespace in canon.namespaces()
        if prefix in JSONLD_PREFIXES
    }
    text = canon.serialize(format="json-ld", context=context, auto_compact=True)
    return json.dumps(_ordered_json(json.loads(text)), indent=2, sort_keys=True) + "\n"


def _ordered_json(value: Any, in_list: bool = False) -> Any:
    """Sort JSON-LD arrays that are sets (all but `@list` values) so output is stable."""
    if isinstance(value, dict):
        return {key: _ordered_json(item, key == "@list") for key, item in value.items()}
    if isinstance(value, list):
        items = [_ordered_json(item) for item in value]
        return items if in_list else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


ARTEFACTS: tuple[Artefact, ...] = (
    Artefact(f"{STEM}.owl", "xml", render_rdfxml, compare_as_graph=True),
    Artefact(f"{STEM}.nt", "nt", render_ntriples, compare_as_graph=False),
    Artefact(f"{STEM}.jsonld", "json-ld", render_jsonld, compare_as_graph=True),
)


def is_current(artefact: Artefact, path: Path, source: Graph, expected: str) -> bool:
    """True when the file on disk says what `expected` says (graph-wise where allowed)."""
    if not path.is_file():
        return False
    actual = path.read_text(encoding="utf-8")
    if actual == expected:
        return True
    if not artefact.compare_as_graph:
        return False
    on_disk = Graph()
    try:
        on_disk.parse(data=actual, format=artefact.rdflib_format)
    except Exception:  # an unparsable file is out of date, not a crash
        return False
    return isomorphic(on_disk, source)


def out_of_date(source_path: Path, output_dir: Path) -> list[Path]:
    """The release files in `output_dir` that differ from what `source_path` generates."""
    source = load_source(source_path)
    canon = canonical(source)
    stale = []
    for artefact in ARTEFACTS:
        path = output_dir / artefact.name
        if not is_current(artefact, path, source, artefact.render(canon)):
            stale.append(path)
    return stale


def write_release(source_path: Path, output_dir: Path) -> list[tuple[Path, bool]]:
    """Write every artefact whose bytes would change; return (path, written) pairs."""
    output_directory(output_dir)  # before the work: a directory that cannot be made fails fast
    canon = canonical(load_source(source_path))
    results = []
    for artefact in ARTEFACTS:
        path = output_dir / artefact.name
        expected = artefact.render(canon)
        if path.is_file() and path.read_text(encoding="utf-8") == expected:
            results.append((path, False))
            continue
        write_output(path, expected)
        results.append((path, True))
    return results
