"""A job's facts, and the vocabulary they are read in, taken from the ontology."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import URIRef
from rdflib.namespace import RDF, SKOS

from remote_kg.model.ontology import RKG, ontology_graph

JOB = str(RKG.Job)
EMPLOYMENT = RKG.offersEmploymentType
# The posting's single-valued facts: field of JobFacts -> the ontology's boolean property.
BOOLEAN_FACTS: dict[str, URIRef] = {
    "telecommute": RKG.declaresTelecommute,
    "address": RKG.givesWorkAddress,
    "restricted": RKG.restrictsApplicantLocation,
    "hybrid": RKG.isPartlyRemote,
}


@dataclass(frozen=True)
class JobFacts:
    """What a posting says of its job; None or empty: it does not say."""

    telecommute: bool | None = None
    address: bool | None = None
    restricted: bool | None = None
    employment: frozenset[str] = frozenset()  # IRIs of rkg:EmploymentType individuals
    employment_closed: bool = False  # the list above is complete (a posting's always is)
    asserted: frozenset[str] = frozenset()  # classes the input states the job is in
    hybrid: bool | None = None  # partly remote: no posting field says it, RDF input may


@dataclass(frozen=True)
class Posting:
    """One job posting: its id (@id, else url, else identifier), the job's IRI, title and
    facts; `fields` its other fields kept as columns (name, value), in order."""

    id: str
    iri: str
    label: str | None
    facts: JobFacts
    url: str | None = None
    places: tuple[str, ...] = field(default=())  # applicant location names
    fields: tuple[tuple[str, Any], ...] = field(default=(), compare=False, repr=False)


def spelling(value: str) -> str:
    """A value's comparable spelling: upper case, runs of spaces and hyphens as `_`."""
    return re.sub(r"[\s\-]+", "_", value.strip()).upper()


@lru_cache(maxsize=4)
def employment_types(ontology: Path | None = None) -> dict[str, str]:
    """Each accepted employmentType spelling -> its rkg:EmploymentType individual: the
    individuals' skos:notation and skos:hiddenLabel values in the ontology."""
    graph = ontology_graph(ontology)
    found: dict[str, str] = {}
    for individual in graph.subjects(RDF.type, RKG.EmploymentType):
        for prop in (SKOS.notation, SKOS.hiddenLabel):
            for value in graph.objects(individual, prop):
                found[spelling(str(value))] = str(individual)
    return found


@lru_cache(maxsize=4)
def employment_codes(ontology: Path | None = None) -> dict[str, str]:
    """Each rkg:EmploymentType individual -> its notation (FULL_TIME, CONTRACTOR, ...)."""
    graph = ontology_graph(ontology)
    return {str(i): str(graph.value(i, SKOS.notation))
            for i in graph.subjects(RDF.type, RKG.EmploymentType)}
