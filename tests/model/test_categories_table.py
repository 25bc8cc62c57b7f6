"""Each row of the categories table, checked on CSV records with both engines."""

from __future__ import annotations

import pytest

from tests.conftest import HEADER, classify_json

# (relation, workplaces, schedule, location_bound) -> expected states of some categories
CASES = [
    # Teleworker: somewhere other than the main office
    (
        "branch office counts as teleworking",
        ",employee,org_branch_office,,",
        {
            "Teleworker": "is",
            "RemoteWorker": "is_not",
            "InPersonWorker": "is_not",  # in person means at headquarters (seed 001)
            "Telecommuter": "is_not",
        },
    ),
    (
        "main office only is not teleworking",
        ",employee,org_main_office,,",
        {
            "Teleworker": "is_not",
            "InPersonWorker": "is",
            "HybridWorker": "is_not",
            "RemoteWorker": "is_not",
        },
    ),
    # Telecommuter: only from home
    (
        "home only is telecommuting",
        ",freelancer,home,,",
        {"Telecommuter": "is", "Teleworker": "is", "RemoteWorker": "is"},
    ),
    (
        "home and cafe is not telecommuting",
        ",,home;public_place,,",
        {"Telecommuter": "is_not", "Teleworker": "is", "RemoteWorker": "is"},
    ),
    # Hybrid: premises and elsewhere
    (
        "office and home is hybrid",
        ",employee,org_main_office;home,,",
        {
            "HybridWorker": "is",
            "RemoteWorker": "is_not",
            "InPersonWorker": "is_not",
            "Teleworker": "is",
        },
    ),
    # Flex / location independent / virtual
    (
        "self-set hours is flex",
        ",,,self_set,",
        # hours do not decide working from home (seed 000: not how, when or how much)
        {"FlexWorker": "is", "VirtualWorker": "unknown", "WorkFromHomeEmployee": "unknown"},
    ),
    (
        "ride-hail driver is flex but not virtual",
        ",contractor,vehicle,self_set,yes",
        {
            "FlexWorker": "is",
            "LocationIndependentWorker": "is_not",
            "VirtualWorker": "is_not",
            "RemoteWorker": "is",
        },
    ),
    (
        "virtual worker",  # issue 22: virtual workers "act as their own bosses" (seed 000)
        ",freelancer,home;coworking_space,self_set,no,,yes",
        {"VirtualWorker": "is", "FlexWorker": "is", "RemoteWorker": "is", "Employee": "is_not"},
    ),
    (
        "virtual worker undecided when autonomy is not recorded",  # issue 22, as above
        ",freelancer,home;coworking_space,self_set,no",
        {"VirtualWorker": "unknown", "FlexWorker": "is", "RemoteWorker": "is"},
    ),
    (
        # seed 000: virtual work has "no commute, tele- or otherwise"
        "own boss visiting clients is not a virtual worker",
        ",freelancer,client_site;home,self_set,no,,yes",
        {"VirtualWorker": "is_not", "FlexWorker": "is", "RemoteWorker": "is"},
    ),
    # Contractual relations
    (
        "employee",
        ",employee,,,",
        {"Employee": "is", "OutsourcedWorker": "is_not", "Freelancer": "is_not"},
    ),
    (
        "provider staff is outsourced",
        ",provider_staff,org_main_office,,",
        {
            "OutsourcedWorker": "is",
            "Employee": "is_not",
            "InPersonWorker": "is",
            "RemoteWorker": "is_not",
        },
    ),
    (
        "subcontractor is outsourced",
        ",subcontractor,,,",
        {"OutsourcedWorker": "is", "Subcontractor": "is"},
    ),
    (
        "owner is neither employee nor outsourced",
        ",owner,home,,",
        {"Employee": "is_not", "OutsourcedWorker": "is_not", "Telecommuter": "is"},
    ),
    (
        "remote staff member",
        ",employee,vehicle,,",
        {"RemoteStaffMember": "is", "Telecommuter": "is_not"},
    ),
    (
        "work-from-home employee on employer-set hours",
        ",employee,home,employer_set,,employer",
        {"WorkFromHomeEmployee": "is", "VirtualWorker": "is_not", "FlexWorker": "is_not"},
    ),
    (
        # issue 22: "The main difference is where they're working, not how" (seed 000)
        "work-from-home employee with own tools is still one (seed 000)",
        ",employee,home,employer_set,,own",
        {"WorkFromHomeEmployee": "is", "Telecommuter": "is"},
    ),
    (
        "work-from-home employee decided without tools",  # issue 22, as above
        ",employee,home,employer_set,",
        {"WorkFromHomeEmployee": "is", "RemoteStaffMember": "is"},
    ),
    (
        # seed 000: the difference is where they work, "not how, when, or how much"
        "work-from-home employee decided without hours",
        ",employee,home,,",
        {"WorkFromHomeEmployee": "is", "Telecommuter": "is", "VirtualWorker": "is_not"},
    ),
    (
        "work-from-home employee on self-set hours is still one (seed 000)",
        ",employee,home,self_set,",
        {"WorkFromHomeEmployee": "is", "FlexWorker": "is", "VirtualWorker": "is_not"},
    ),
    # Blanks stay unknown
    (
        "blank record decides nothing",
        ",,,,",
        {"Teleworker": "unknown", "Employee": "unknown", "FlexWorker": "unknown"},
    ),
]


def _row(record_id: str, cells: str) -> str:
    """A CSV row from a case's ",relation,workplaces,schedule,location_bound[,tools[,autonomous]]"
    cells."""
    _, relation, workplaces, schedule, location, *rest = cells.split(",")
    tools, autonomous = (rest + ["", ""])[:2]
    return f"{record_id},,{relation},{workplaces},{schedule},{tools},{location},,{autonomous}\n"


@pytest.mark.parametrize("reasoner", ["fast", pytest.param("hermit", marks=pytest.mark.slow)])
def test_categories_table_rows(write_csv, reasoner):
    text = HEADER + ",autonomous\n" + "".join(_row(f"r{i}", cells)
                                             for i, (_, cells, _) in enumerate(CASES))
    results = classify_json(write_csv(text), "--reasoner", reasoner)
    failures = []
    for i, (name, _, expected) in enumerate(CASES):
        row = results[f"r{i}"]
        state = (
            {c: "is" for c in row["is"]}
            | {c: "is_not" for c in row["is_not"]}
            | {c: "unknown" for c in row["unknown"]}
        )
        for category, want in expected.items():
            if state[category] != want:
                failures.append(f"{name}: {category} is {state[category]}, expected {want}")
    assert failures == []
