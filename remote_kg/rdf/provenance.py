"""The provenance of answers: the classification run that produced them, in PROV-O.

Every output holding inferences describes its run once (`Run.lines`: an
`rkg:ClassificationRun`, a `prov:Activity`, with the ontology version and digest, the engine
and remote-kg's version) and links each record to it with one triple, `?record
rkg:classifiedBy ?run` (`Run.link`). The answers stay plain triples on the record.

A run is named from a hash of everything that decides its answers (`run_for`): the inputs'
bytes, the ontology's files, the engine, remote-kg's version, the categories decided, the
base IRI and the CSV reading options. Classifying the same inputs the same way again gives
the same run and the same bytes; no time is recorded, since it would make equal answers
differ.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from remote_kg.model.ontology import (
    DEFAULT_BASE,
    RKG,
    ontology_digest,
    ontology_version_iri,
)
from remote_kg.model.records import CSV_OPTIONS
from remote_kg.rdf.records import nt_literal

PROV = "http://www.w3.org/ns/prov#"
RUN_CLASS = str(RKG.ClassificationRun)
CLASSIFIED_BY = str(RKG.classifiedBy)
_BLOCK = 1 << 20


@cache
def software_version() -> str:
    """remote-kg's installed version ("unknown" when it is not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("remote-kg")
    except PackageNotFoundError:
        return "unknown"


def file_digest(path: Path) -> str:
    """SHA-256 (hex) of a file's bytes, read in blocks. A file that cannot be read gets
    no digest: its reader refuses it afterwards with the usual message, so no run made
    from it is ever written."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while block := handle.read(_BLOCK):
                digest.update(block)
    except OSError:
        return "unreadable"
    return digest.hexdigest()


@dataclass(frozen=True)
class Run:
    """One classification run: its IRI and what it used."""

    iri: str
    engine: str
    ontology_version: str | None
    ontology_digest: str
    software: str

    def link(self, record_iri: str) -> str:
        """The N-Triples line linking a record to this run."""
        return f"<{record_iri}> <{CLASSIFIED_BY}> <{self.iri}> .\n"

    def triples(self) -> list[tuple[str, str, str]]:
        """The run's description as N-Triples terms (subject, predicate, object)."""
        run = f"<{self.iri}>"
        rows = [
            (run, f"<{RDF.type}>", f"<{OWL.NamedIndividual}>"),
            (run, f"<{RDF.type}>", f"<{RUN_CLASS}>"),
            (run, f"<{RDF.type}>", f"<{PROV}Activity>"),
            (run, f"<{RKG.ontologyDigest}>", nt_literal(self.ontology_digest)),
            (run, f"<{RKG.engineName}>", nt_literal(self.engine)),
            (run, f"<{RKG.softwareVersion}>", nt_literal(self.software)),
        ]
        if self.ontology_version:
            version = f"<{self.ontology_version}>"
            rows += [(run, f"<{RKG.usedOntologyVersion}>", version),
                     (run, f"<{PROV}used>", version)]
        return rows

    def lines(self) -> list[str]:
        """The run's description as N-Triples lines (`prov:Activity` and `prov:used` are
        written out, as the records' entailed types are, so no entailment is needed)."""
        return [f"{s} {p} {o} .\n" for s, p, o in self.triples()]

    def add_to(self, graph: Graph, records: Iterable[str]) -> Graph:
        """Add the run's description and a link from each record IRI to an rdflib graph."""
        text = "".join(self.lines()) + "".join(self.link(iri) for iri in sorted(records))
        graph.parse(data=text, format="nt")
        return graph


def run_for(inputs: Sequence[Path], engine: str, categories: str = "seed",
            base: str = DEFAULT_BASE, ontology: Path | None = None) -> Run:
    """The run that classifies `inputs` (files, deals files included, in order) with the
    engine named `engine` under the ontology at `ontology` (None: the bundled one)."""
    digest = ontology_digest(ontology)
    key = hashlib.sha256()
    parts = ["remote-kg run 1", software_version(), engine, digest, str(categories), base,
             repr(CSV_OPTIONS.get()), *(file_digest(Path(p)) for p in inputs)]
    for part in parts:
        key.update(part.encode() + b"\0")
    return Run(f"{base}run/{key.hexdigest()[:32]}", engine, ontology_version_iri(ontology),
               digest, software_version())
