"""The CSV contract: allowed values of each column and the ontology terms they stand for.

This is a schema mapping only. Which categories follow from these facts is decided by the
ontology's axioms, never here.
"""

from __future__ import annotations

from rdflib import URIRef

from remote_kg.ontology import RKG

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
)
# The columns that hold a worker's facts (all but id and label).
FACT_COLUMNS: tuple[str, ...] = COLUMNS[2:]

RELATION_PROPERTY: dict[str, URIRef] = {
    "employee": RKG.employedBy,
    "freelancer": RKG.freelancesFor,
    "contractor": RKG.contractsFor,
    "subcontractor": RKG.subcontractsFor,
    "provider_staff": RKG.worksViaProviderFor,
    "owner": RKG.ownerOf,
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
BOOLEAN_VALUE: dict[str, bool] = {"yes": True, "no": False}

ALLOWED: dict[str, tuple[str, ...]] = {
    "relation": tuple(RELATION_PROPERTY),
    "workplaces": tuple(WORKPLACE_CLASS),
    "schedule": tuple(SCHEDULE_VALUE),
    "tools": tuple(TOOLS_VALUE),
    "location_bound": tuple(BOOLEAN_VALUE),
    "uses_ict": tuple(BOOLEAN_VALUE),
    "org_fully_remote": tuple(BOOLEAN_VALUE),
}

# The yes / no columns (functional boolean data properties of the worker).
BOOLEAN_COLUMNS: tuple[str, ...] = ("location_bound", "uses_ict", "org_fully_remote")

# Property that carries each column's facts.
COLUMN_PROPERTY: dict[str, URIRef] = {
    "workplaces": RKG.worksAt,
    "schedule": RKG.hasScheduleControl,
    "tools": RKG.hasToolProvision,
    "location_bound": RKG.isLocationBound,
    "uses_ict": RKG.usesICT,
    "org_fully_remote": RKG.worksForFullyRemoteOrganisation,
}
