"""A job posting's side of an explanation: its facts named as the posting's fields
(`jobLocationType` TELECOMMUTE, `employmentType` FULL_TIME), reduced to some of them, or a
blank one filled, for re-classifying with the job engine, as `facts` does for workers.

What no posting field says, RDF input may (`rkg:isPartlyRemote`, `rkg:declaresTelecommute
false`, `rkg:givesWorkAddress false`); those values are named here too, and are tried in
blank fields, so an unknown answer says which question would decide it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import replace
from itertools import combinations
from pathlib import Path

from remote_kg.explain.facts import ASSERTED, FactColumns
from remote_kg.model.jobs import JOB, JobFacts, employment_codes
from remote_kg.reasoners.jobs_fast import job_properties

EMPLOYMENT = "employmentType"  # the complete list of the types offered
EMPLOYMENT_KNOWN = "employmentType_known"  # types offered, the list left open (RDF only)
# Each yes/no fact's field and how a value reads there (True, False).
BOOLEAN_FIELDS = {
    "jobLocationType": ("telecommute", ("TELECOMMUTE", "not TELECOMMUTE")),
    "jobLocation": ("address", ("given", "none")),
    "applicantLocationRequirements": ("restricted", ("given", "none")),
    "isPartlyRemote": ("hybrid", ("yes", "no")),
}
FIELDS = (*BOOLEAN_FIELDS, EMPLOYMENT, EMPLOYMENT_KNOWN, ASSERTED)


def posting_columns(ontology: Path | None = None) -> FactColumns:
    """The fields of postings classified against the ontology at `ontology`."""
    codes = employment_codes(ontology)  # individual -> FULL_TIME, ...
    individuals = {code: individual for individual, code in codes.items()}

    def listed(values: Collection[str]) -> str:
        return ";".join(sorted(codes[v] for v in values)) or "none"

    def present(facts: JobFacts) -> dict[str, str]:
        found = {}
        for field, (name, words) in BOOLEAN_FIELDS.items():
            value = getattr(facts, name)
            if value is not None:
                found[field] = words[0] if value else words[1]
        if facts.employment_closed:
            found[EMPLOYMENT] = listed(facts.employment)
        elif facts.employment:
            found[EMPLOYMENT_KNOWN] = listed(facts.employment)
        if facts.asserted:
            found[ASSERTED] = ";".join(sorted(facts.asserted))
        return found

    def keep(facts: JobFacts, fields: Collection[str]) -> JobFacts:
        changes: dict = {name: None for field, (name, _) in BOOLEAN_FIELDS.items()
                         if field not in fields}
        if EMPLOYMENT not in fields and EMPLOYMENT_KNOWN not in fields:
            changes.update(employment=frozenset(), employment_closed=False)
        if ASSERTED not in fields:
            changes["asserted"] = frozenset()
        return replace(facts, **changes)

    def values(facts: JobFacts, fields: frozenset[str] | None = None,
               ) -> Iterator[tuple[str, str]]:
        """(field, value) for each value to try in each blank field: both values of a
        yes/no fact, and for employmentType (a complete list, holding the types known so
        far) each type and each pair."""
        for field, (name, words) in BOOLEAN_FIELDS.items():
            if getattr(facts, name) is None and (fields is None or field in fields):
                yield from ((field, word) for word in words)
        if facts.employment_closed or (fields is not None and EMPLOYMENT not in fields):
            return
        kinds = sorted(individuals)
        lists = [facts.employment | {individuals[k] for k in pair}
                 for pair in (*([k] for k in kinds), *combinations(kinds, 2))]
        for value in dict.fromkeys(listed(offered) for offered in lists):
            yield EMPLOYMENT, value

    def with_value(facts: JobFacts, field: str, value: str) -> JobFacts:
        if field in BOOLEAN_FIELDS:
            name, words = BOOLEAN_FIELDS[field]
            return replace(facts, **{name: value == words[0]})
        offered = frozenset() if value == "none" else frozenset(
            individuals[code] for code in value.split(";"))
        return replace(facts, employment=offered, employment_closed=field == EMPLOYMENT)

    def terms(facts: JobFacts) -> set[str]:
        return {JOB, *job_properties(facts), *facts.employment, *facts.asserted}

    return FactColumns("posting", present, keep, values, with_value, terms)
