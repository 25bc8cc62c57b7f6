"""The CSV contract: allowed values of each column and the ontology terms they stand for.

This is a schema mapping only. Which categories follow from these facts is decided by the
ontology's axioms, never here.
"""

from __future__ import annotations

import functools

from rdflib import URIRef

from remote_kg.model.ontology import RKG

COLUMNS: tuple[str, ...] = (
    "id",
    "label",
    "relation",
    "workplaces",
    "schedule",
    "tools",
    "location_bound",
    "uses_ict",
    "org_fully_remote",
    "default_place",
    "regularity",
    "written_agreement",
    "office_days_per_fortnight",
    # Partial knowledge (issue 22): places known so far, others open; work abroad.
    "workplaces_known",
    "works_abroad",
    # issue 22, point 2: facts some definitions need that records used to lack
    *("could_work_at_premises", "autonomous", "economically_independent", "remote_office"),
    # issue 22, point 3: who does the work of the engagement (not a fact any category reads)
    "performer",
    "performer_kind",
)
# The columns naming who does the work: read beside id and label, never part of the facts.
PERFORMER_COLUMNS: tuple[str, ...] = ("performer", "performer_kind")
# The columns that hold a worker's facts (all but id, label and the performer's).
FACT_COLUMNS: tuple[str, ...] = tuple(c for c in COLUMNS[2:] if c not in PERFORMER_COLUMNS)
# The kinds of performer (`performer_kind`) and the class each is typed with.
PERFORMER_KIND_CLASS: dict[str, URIRef] = {
    "person": RKG.Person,
    "organisation": RKG.Organisation,
}

RELATION_PROPERTY: dict[str, URIRef] = {
    "employee": RKG.employedBy,
    "freelancer": RKG.freelancesFor,
    "contractor": RKG.contractsFor,
    "subcontractor": RKG.subcontractsFor,
    "provider_staff": RKG.worksViaProviderFor,
    "owner": RKG.ownerOf,
    "outsourced": RKG.worksOutsourcedFor,
}

WORKPLACE_CLASS: dict[str, URIRef] = {
    "home": RKG.Home,
    "org_main_office": RKG.MainOffice,
    "org_branch_office": RKG.BranchOffice,
    "client_site": RKG.ClientSite,
    "coworking_space": RKG.CoworkingSpace,
    "public_place": RKG.PublicPlace,
    "vehicle": RKG.Vehicle,
}

# Functional object properties whose values are drawn from a small set of individuals.
SCHEDULE_VALUE: dict[str, tuple[URIRef, URIRef]] = {  # code -> (individual, class)
    "employer_set": (RKG.organisationSetSchedule, RKG.OrganisationSetSchedule),
    "self_set": (RKG.selfSetSchedule, RKG.SelfSetSchedule),
}
TOOLS_VALUE: dict[str, tuple[URIRef, URIRef]] = {
    "employer": (RKG.organisationProvidedTools, RKG.OrganisationProvidedTools),
    "own": (RKG.ownTools, RKG.OwnTools),
}
REGULARITY_VALUE: dict[str, tuple[URIRef, URIRef]] = {
    "regular": (RKG.awayRegularly, RKG.RegularAwayWork),
    "occasional": (RKG.awayOccasionally, RKG.OccasionalAwayWork),
}
BOOLEAN_VALUE: dict[str, bool] = {"yes": True, "no": False}
# Every spelling a yes/no cell may take (matched in any case): exports write true/false,
# Y/N or 1/0 as often as yes/no.
BOOLEAN_SPELLINGS: dict[str, bool] = {
    "yes": True, "y": True, "true": True, "1": True,
    "no": False, "n": False, "false": False, "0": False,
}

# The columns whose one value is an individual of a small set: column -> (property, table).
VALUE_COLUMNS: dict[str, tuple[URIRef, dict[str, tuple[URIRef, URIRef]]]] = {
    "schedule": (RKG.hasScheduleControl, SCHEDULE_VALUE),
    "tools": (RKG.hasToolProvision, TOOLS_VALUE),
    "regularity": (RKG.hasAwayWorkRegularity, REGULARITY_VALUE),
}
# The columns whose one value is a place of a workplace kind: column -> property.
PLACE_COLUMNS: dict[str, URIRef] = {"default_place": RKG.hasDefaultPlace}
# The columns holding one integer; the allowed range is the property's rdfs:range in the
# ontology (an xsd:integer datatype restriction), read by `integer_range`.
INTEGER_COLUMNS: dict[str, URIRef] = {"office_days_per_fortnight": RKG.officeDaysPerFortnight}

ALLOWED: dict[str, tuple[str, ...]] = {
    "relation": tuple(RELATION_PROPERTY),
    "workplaces": tuple(WORKPLACE_CLASS),
    "schedule": tuple(SCHEDULE_VALUE),
    "tools": tuple(TOOLS_VALUE),
    "location_bound": tuple(BOOLEAN_VALUE),
    "uses_ict": tuple(BOOLEAN_VALUE),
    "org_fully_remote": tuple(BOOLEAN_VALUE),
    "default_place": tuple(WORKPLACE_CLASS),
    "regularity": tuple(REGULARITY_VALUE),
    "written_agreement": tuple(BOOLEAN_VALUE),
    "workplaces_known": tuple(WORKPLACE_CLASS),
    "works_abroad": tuple(BOOLEAN_VALUE),
    **dict.fromkeys(("could_work_at_premises", "autonomous", "economically_independent",
                     "remote_office"), tuple(BOOLEAN_VALUE)),
    "performer_kind": tuple(PERFORMER_KIND_CLASS),
}

# The yes / no columns (functional boolean data properties of the worker).
BOOLEAN_COLUMNS: tuple[str, ...] = (
    "location_bound", "uses_ict", "org_fully_remote", "written_agreement",
    "works_abroad",
    "could_work_at_premises", "autonomous", "economically_independent", "remote_office",
)

# Property that carries each column's facts.
COLUMN_PROPERTY: dict[str, URIRef] = {
    "workplaces": RKG.worksAt,
    "schedule": RKG.hasScheduleControl,
    "tools": RKG.hasToolProvision,
    "location_bound": RKG.isLocationBound,
    "uses_ict": RKG.usesICT,
    "org_fully_remote": RKG.worksForFullyRemoteOrganisation,
    "written_agreement": RKG.hasWrittenAgreement,
    "regularity": RKG.hasAwayWorkRegularity,
    "default_place": RKG.hasDefaultPlace,
    "office_days_per_fortnight": RKG.officeDaysPerFortnight,
    "workplaces_known": RKG.worksAt,
    "works_abroad": RKG.worksAbroad,
    "could_work_at_premises": RKG.couldBeDoneAtPremises,
    "autonomous": RKG.isAutonomous,
    "economically_independent": RKG.isEconomicallyIndependent,
    "remote_office": RKG.atRemoteOffice,
}
# The two ways of giving workplaces: the complete list, or the places known so far.
WORKPLACE_COLUMNS: tuple[str, ...] = ("workplaces", "workplaces_known")


@functools.cache
def integer_range(column: str) -> tuple[int, int]:
    """The inclusive bounds of an integer column: the xsd:minInclusive / xsd:maxInclusive
    facets of its property's rdfs:range in the ontology."""
    from rdflib.collection import Collection
    from rdflib.namespace import OWL, RDFS, XSD

    from remote_kg.model.ontology import shared_ontology_graph

    graph = shared_ontology_graph()  # read, not changed
    prop = INTEGER_COLUMNS[column]
    low, high = None, None
    for rng in graph.objects(prop, RDFS.range):
        facets = graph.value(rng, OWL.withRestrictions)
        for facet in Collection(graph, facets) if facets is not None else ():
            for kind, value in graph.predicate_objects(facet):
                if kind == XSD.minInclusive:
                    low = int(value)
                elif kind == XSD.maxInclusive:
                    high = int(value)
    if low is None or high is None:
        raise RuntimeError(f"the ontology gives no integer range for {prop}")
    return low, high
