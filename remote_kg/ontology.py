"""Where the ontology and its companions live, and loading them."""

from __future__ import annotations

import functools
from pathlib import Path

from rdflib import Graph, Namespace

RKG = Namespace("https://w3id.org/remote-kg/ontology#")
ONTOLOGY_IRI = "https://w3id.org/remote-kg/ontology"
DEFAULT_BASE = "https://w3id.org/remote-kg/data/"

# The prefixes every query page and result serialization declares.
PREFIXES: dict[str, str] = {
    "rkg": str(RKG),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

DATA_DIR = Path(__file__).resolve().parent / "data"
ONTOLOGY_DIR = DATA_DIR / "ontology"
QUERIES_DIR = DATA_DIR / "queries"
ONTOLOGY_PATH = ONTOLOGY_DIR / "remote-kg.ttl"
EXAMPLES_PATH = ONTOLOGY_DIR / "examples.ttl"


@functools.lru_cache(maxsize=8)
def _parsed(path: str) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle")
    return graph


def ontology_graph(path: Path | None = None) -> Graph:
    """Return a fresh copy of the ontology graph (parsed once per path)."""
    source = _parsed(str(path or ONTOLOGY_PATH))
    copy = Graph()
    for prefix, ns in source.namespaces():
        copy.bind(prefix, ns)
    copy += source
    return copy
