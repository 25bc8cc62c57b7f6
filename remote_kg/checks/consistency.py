"""The reasoner's side of `validate`: records whose facts contradict the ontology's axioms.

SHACL shapes check the form of the data; a record can hold only allowed values and still be
impossible (an employee of an organisation without premises, at its main office). `classify`
refuses such a record, so `validate` reports it too, as a violation: the two commands never
disagree on one file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import SH

from remote_kg.checks.shacl.model import ValidationResult
from remote_kg.errors import InputError
from remote_kg.model.ontology import ONTOLOGY_IRI
from remote_kg.model.records import Record
from remote_kg.pipeline.readers import resolve
from remote_kg.reasoners.choice import get_reasoner

# Not a SHACL constraint component: the check is the fast engine's consistency test, derived
# from the ontology's axioms (the same test `classify` makes).
COMPONENT = URIRef("urn:remote-kg:validate:ConsistentWithTheOntology")


def inconsistent_records(files: Sequence[tuple[Path, str, Sequence[Record] | None]],
                         ontology_path: Path | None = None) -> list[ValidationResult]:
    """One violation per worker record of `files` ((path, name as the user gave it, its
    records if already read) triples) whose facts the ontology rules out (postings hold no
    worker records)."""
    engine = get_reasoner("fast", ontology_path)
    found: list[ValidationResult] = []
    for file, path, read in files:
        records = read
        if records is None:
            source = resolve(Path(file))
            if source.holds != "records":
                continue
            try:
                records = source.read()
            except InputError:  # values the reader refuses: the shapes' results name them
                continue
        answers = engine.classify({r.facts for r in records})
        for record in records:
            if not answers[record.facts].consistent:
                found.append(ValidationResult(
                    URIRef(record.iri), None, None, URIRef(ONTOLOGY_IRI), SH.Violation,
                    COMPONENT,
                    f"record {record.id!r} of {path}: its facts contradict the ontology's "
                    f"axioms, so classify refuses it (`remote-kg explain {path} --id "
                    f"{record.id}` names the clash)"))
    return found
