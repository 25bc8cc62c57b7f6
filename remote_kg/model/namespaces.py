"""The IRIs every part of remote-kg shares, as plain strings, and where the bundled
ontology lies: nothing here imports an RDF library.

Kept apart from `model.ontology` so that a command that only asks a store (`remote-kg query
--store`) starts without loading rdflib.
"""

from __future__ import annotations

from pathlib import Path

RKG_NAMESPACE = "https://w3id.org/remote-kg/ontology#"
ONTOLOGY_IRI = "https://w3id.org/remote-kg/ontology"
DEFAULT_BASE = "https://w3id.org/remote-kg/data/"

# The prefixes every query page and result serialization declares.
PREFIXES: dict[str, str] = {
    "rkg": RKG_NAMESPACE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ONTOLOGY_DIR = DATA_DIR / "ontology"
QUERIES_DIR = DATA_DIR / "queries"
ONTOLOGY_PATH = ONTOLOGY_DIR / "remote-kg.ttl"
EXAMPLES_PATH = ONTOLOGY_DIR / "examples.ttl"
# The merged ontology in N-Triples, written by `remote-kg release` and kept equal to the
# Turtle source by `release --check` in CI.
RELEASE_NTRIPLES = ONTOLOGY_DIR / "release" / "remote-kg.nt"


def check_base(base: str) -> str:
    """`base` if records' IRIs can start with it (InputError naming it otherwise)."""
    import pyoxigraph as ox

    from remote_kg.errors import InputError

    try:
        ox.NamedNode(base + "x")
    except ValueError as exc:
        raise InputError(f"--base {base!r}: not a valid IRI prefix ({exc})") from None
    return base
