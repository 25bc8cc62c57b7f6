"""The fast job classifier: the worker engine's world tensors over a job's slots.

A job's slots are its posting's boolean facts (none, true or false) and one boolean per
rkg:EmploymentType individual (offered or not). They and the job categories are read from
the ontology; `FastReasoner` evaluates the axioms that mention them over every world, as
it does for workers. Nothing here knows what a category means.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from remote_kg.model.jobs import BOOLEAN_FACTS, EMPLOYMENT, JOB, JobFacts, employment_codes
from remote_kg.model.ontology import ONTOLOGY_PATH, RKG, ontology_graph
from remote_kg.model.owl import OntologyModel, read_model
from remote_kg.reasoners.answer import Answer
from remote_kg.reasoners.fast import FastReasoner, Kind, Slot

_TRUTH = (None, True, False)


def job_slots(ontology: Path | None = None) -> tuple[Slot, ...]:
    """The axes of a job's worlds."""
    return slots_for(employment_codes(ontology))


def slots_for(employment_types: Iterable[str]) -> tuple[Slot, ...]:
    """The axes of a job's worlds, given the ontology's rkg:EmploymentType individuals."""
    slots = [Slot(name, str(prop), _TRUTH, (None, ("literal", True), ("literal", False)))
             for name, prop in BOOLEAN_FACTS.items()]
    for individual in sorted(employment_types):
        node = ("node", str(RKG.EmploymentType), individual)
        slots.append(Slot(f"employment:{individual}", str(EMPLOYMENT), (False, True),
                          (None, node)))
    return tuple(slots)


def job_properties(facts: JobFacts) -> set[str]:
    """The properties a job's facts use."""
    found = {str(prop) for name, prop in BOOLEAN_FACTS.items()
             if getattr(facts, name) is not None}
    return found | ({str(EMPLOYMENT)} if facts.employment or facts.employment_closed else set())


class JobReasoner(FastReasoner):
    """Classifies JobFacts for the ontology's job categories.

    The keywords serve explanations, which build engines from parts of the ontology:
    `slots` (default: the ontology's), `distinct` (whether the employment types are known
    to be pairwise different: without it, a complete list of the types offered rules out
    none of the others, which may be one of those listed) and FastReasoner's `within` and
    `answer_for`."""

    def __init__(self, model: OntologyModel, ontology: Path | None = None, *,
                 slots: tuple[Slot, ...] | None = None, distinct: bool = True,
                 **options: Any):
        self.distinct = distinct
        super().__init__(model, kind=Kind(JOB, slots or job_slots(ontology),
                                          tuple(model.job_categories), job_properties),
                         **options)

    @classmethod
    def for_ontology(cls, path: Path | None = None) -> JobReasoner:
        return _cached(str(path or ONTOLOGY_PATH))

    @property
    def columns(self) -> frozenset[str]:
        return frozenset()

    def _facts_box(self, facts: JobFacts) -> list[list[int]] | None:  # type: ignore[override]
        box: list[list[int]] = []
        for slot, full in zip(self.slots, self._full):
            group, _, code = slot.name.partition(":")
            if group == "employment":
                if code in facts.employment:
                    allowed = [1]
                elif facts.employment_closed and (self.distinct or not facts.employment):
                    allowed = [0]
                else:
                    allowed = full
            elif group == "class":
                allowed = [1] if code in facts.asserted else full
            else:
                value = getattr(facts, group)
                allowed = full if value is None else [slot.values.index(value)]
            box.append(allowed)
        return box

    def answer(self, facts: JobFacts) -> Answer:  # type: ignore[override]
        return super().answer(facts)  # type: ignore[arg-type]


@lru_cache(maxsize=4)
def _cached(path: str) -> JobReasoner:
    return JobReasoner(read_model(ontology_graph(Path(path))), Path(path))
