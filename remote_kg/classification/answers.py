"""The one classify-and-check step: what was read (worker records, deals or job postings)
in, a `Classification` per item out, every item whose facts contradict the ontology named.

It sits just above the engines: every route (the pipeline, the graph stage, the
authorities' comparison, the Python face) classifies through `classify_items`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remote_kg.errors import InconsistentDataError, InputError
from remote_kg.model.records import Record
from remote_kg.reasoners.answer import Answer, Reasoner
from remote_kg.reasoners.choice import get_engine, get_reasoner


@dataclass(frozen=True, slots=True)
class Classification:
    """The answer for one record: categories it is in, is not in, and cannot be decided."""

    id: str
    iri: str
    is_: tuple[str, ...]
    is_not: tuple[str, ...]
    unknown: tuple[str, ...]

    def status(self, category: str) -> str:
        """is / is_not / unknown for one category (as `Answer.status`)."""
        return Answer(self.is_, self.is_not, self.unknown).status(category)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "is": list(self.is_),
            "is_not": list(self.is_not),
            "unknown": list(self.unknown),
        }


# What each kind of item is called when its facts contradict the ontology.
_INCONSISTENT = {
    "records": ("inconsistent data: {iri} (id {id!r}) contradicts the ontology (e.g. two "
                "contractual relations with one organisation, or two values of a "
                "single-valued fact)"),
    "deals": ("inconsistent deal: {iri} (id {id!r}) contradicts the ontology, or one of "
              "its workers does (e.g. two provider kinds, or a worker with two contractual "
              "relations)"),
    "postings": "inconsistent posting {id!r}: its facts contradict the ontology",
}


def inconsistent_message(holds: str, iri: str, item_id: str) -> str:
    """Why an item (of worker records, deals or postings: `holds`) is refused as
    contradicting the ontology, as the error says it (without the file)."""
    return _INCONSISTENT[holds].format(iri=iri, id=item_id)


def classify_items(items: Sequence[Any], engine: Reasoner, source: str | None = None,
                   holds: str = "records") -> list[Classification]:
    """Classify worker records, deals or job postings (`holds`) with `engine`; raise
    InconsistentDataError naming every item whose facts contradict the ontology."""
    answers = engine.classify(item.facts for item in items)
    where = f"{source}: " if source else ""
    bad = [item for item in items if not answers[item.facts].consistent]
    if bad:
        raise InconsistentDataError(
            [where + _INCONSISTENT[holds].format(iri=i.iri, id=i.id) for i in bad])
    return [Classification(i.id, i.iri, a.is_, a.is_not, a.unknown)
            for i in items for a in (answers[i.facts],)]


def check_consistent(records: Sequence[Record], answers: dict, source: str | None = None) -> None:
    """Raise InconsistentDataError naming every record whose facts contradict the ontology
    (and the file they come from, when given)."""
    bad = [r for r in records if not answers[r.facts].consistent]
    where = f"{source}: " if source else ""
    if bad:
        raise InconsistentDataError(
            [where + _INCONSISTENT["records"].format(iri=r.iri, id=r.id) for r in bad])


def classify_with(records: Sequence[Record], engine: Reasoner,
                  source: str | None = None) -> list[Classification]:
    """Classify worker records with a given engine (`classify_items`)."""
    return classify_items(records, engine, source)


def classify_records(
    records: Sequence[Record], reasoner: str = "fast", ontology: Path | None = None,
    source: str | None = None, categories: str | None = None,
) -> list[Classification]:
    """Classify records for the categories `categories` names (None: the seed ones)."""
    return classify_with(records, get_reasoner(reasoner, ontology, categories), source)


def engine_for(holds: str, reasoner: str = "fast", ontology: Path | None = None,
               categories: str | None = None):
    """The engine for what an input holds: the worker reasoner for `categories` (None:
    the seed ones), or the job reasoner for postings (which take no other categories)."""
    if holds == "postings":
        if categories:
            raise InputError("job postings are classified for the job categories; "
                             "--categories chooses among worker categories")
        return get_engine("job-engine", reasoner, ontology)
    return get_reasoner(reasoner, ontology, categories)
