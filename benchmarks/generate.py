"""Generate a seeded CSV of realistic worker records for benchmarks.

    python benchmarks/generate.py 1000000 -o workers-1m.csv --seed 1
    python benchmarks/generate.py 1000000 -o workers-1m-auth.csv --seed 1 --authority-facts

Rows follow the CSV contract of `remote_kg.model.vocab` (columns id, label, relation, workplaces,
schedule, tools, location_bound, uses_ict). Each row is drawn from an archetype taken from
the seed documents: office, hybrid and work-from-home employees (000, 001), field sales
staff (001, 002), freelancers at home, at clients and at the organisation's office (001),
contractors and subcontractors (001), provider staff such as outsourced virtual assistants
or an on-site safety team (002), business owners working from home (001) and ride-hail
drivers who set their own hours inside an area (000). Each fact cell is then blanked with a
per-column probability between 5% and 20%, as real HR extracts have holes.

Rows are written as they are drawn, so a million rows need little memory. The same seed
always gives the same file (the generator uses its own `random.Random`).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from remote_kg.model.vocab import COLUMNS

# The CSV contract's columns in their documented order, up to uses_ict: the benchmark data
# predate the later optional columns and keep their shape, so figures stay comparable
# across sessions.
HEADER = COLUMNS[: COLUMNS.index("uses_ict") + 1]
# The facts the authorities' definitions read, added with --authority-facts: each drawn
# uniformly from its allowed values, blank with probability AUTHORITY_BLANK.
AUTHORITY_COLUMNS = ("default_place", "regularity", "written_agreement",
                     "office_days_per_fortnight")
AUTHORITY_BLANK = 0.3

# Probability that a cell is left blank, per column (label included).
BLANK_RATE: dict[str, float] = {
    "label": 0.10,
    "relation": 0.05,
    "workplaces": 0.08,
    "schedule": 0.15,
    "tools": 0.12,
    "location_bound": 0.20,
    "uses_ict": 0.10,
}


@dataclass(frozen=True)
class Archetype:
    """A kind of worker: its share of the population and how its facts are drawn.

    Each fact is a list of (value, weight) choices; "" is a blank the archetype itself
    leaves (before the per-column blanks are applied).
    """

    name: str
    share: float
    labels: tuple[str, ...]
    relation: tuple[tuple[str, float], ...]
    workplaces: tuple[tuple[str, float], ...]
    schedule: tuple[tuple[str, float], ...]
    tools: tuple[tuple[str, float], ...]
    location_bound: tuple[tuple[str, float], ...]
    uses_ict: tuple[tuple[str, float], ...]


EMPLOYER = (("employer_set", 0.9), ("self_set", 0.1))
SELF = (("self_set", 0.95), ("employer_set", 0.05))
ORG_TOOLS = (("employer", 0.9), ("own", 0.1))
OWN_TOOLS = (("own", 0.9), ("employer", 0.1))
YES = (("yes", 1.0),)
MOSTLY_YES = (("yes", 0.8), ("no", 0.2))
MOSTLY_NO = (("no", 0.85), ("yes", 0.15))

ARCHETYPES: tuple[Archetype, ...] = (
    Archetype(
        "office employee",
        0.30,
        ("accountant", "HR officer", "office manager", "analyst", "receptionist"),
        (("employee", 1.0),),
        (("org_main_office", 0.85), ("org_branch_office", 0.15)),
        EMPLOYER,
        ORG_TOOLS,
        MOSTLY_YES,
        (("yes", 0.7), ("no", 0.3)),
    ),
    Archetype(
        "hybrid employee",
        0.20,
        ("software developer", "marketing specialist", "project manager", "analyst"),
        (("employee", 1.0),),
        (
            ("home;org_main_office", 0.75),
            ("home;org_branch_office", 0.15),
            ("home;org_main_office;coworking_space", 0.10),
        ),
        EMPLOYER,
        ORG_TOOLS,
        (("no", 0.6), ("yes", 0.4)),
        YES,
    ),
    Archetype(
        "work-from-home employee",
        0.12,
        ("customer-service agent", "bookkeeper", "support engineer", "data entry clerk"),
        (("employee", 1.0),),
        (("home", 1.0),),
        EMPLOYER,
        ORG_TOOLS,
        MOSTLY_NO,
        YES,
    ),
    Archetype(
        "branch-office employee",
        0.05,
        ("branch clerk", "regional manager", "loan officer"),
        (("employee", 1.0),),
        (("org_branch_office", 1.0),),
        EMPLOYER,
        ORG_TOOLS,
        MOSTLY_YES,
        MOSTLY_YES,
    ),
    Archetype(
        "field sales employee",
        0.04,
        ("salesman", "account manager", "field technician"),
        (("employee", 1.0),),
        (
            ("client_site;vehicle", 0.5),
            ("client_site;vehicle;org_main_office", 0.35),
            ("client_site;home", 0.15),
        ),
        (("employer_set", 0.6), ("self_set", 0.4)),
        ORG_TOOLS,
        MOSTLY_YES,
        YES,
    ),
    Archetype(
        "remote freelancer",
        0.08,
        ("freelance software engineer", "freelance writer", "graphic artist", "translator"),
        (("freelancer", 1.0),),
        (
            ("home", 0.55),
            ("home;coworking_space", 0.2),
            ("coworking_space", 0.1),
            ("home;public_place", 0.15),
        ),
        SELF,
        OWN_TOOLS,
        MOSTLY_NO,
        YES,
    ),
    Archetype(
        "freelancer at clients",
        0.03,
        ("freelance consultant", "freelance software engineer", "auditor"),
        (("freelancer", 1.0),),
        (("client_site", 0.6), ("client_site;home", 0.4)),
        SELF,
        OWN_TOOLS,
        MOSTLY_YES,
        MOSTLY_YES,
    ),
    Archetype(
        "freelancer at the office",
        0.01,
        ("freelance designer", "interim manager"),
        (("freelancer", 1.0),),
        (("org_main_office", 1.0),),
        (("employer_set", 0.5), ("self_set", 0.5)),
        OWN_TOOLS,
        MOSTLY_YES,
        MOSTLY_YES,
    ),
    Archetype(
        "contractor",
        0.04,
        ("building contractor", "IT contractor", "digital agency"),
        (("contractor", 1.0),),
        (("client_site", 0.5), ("home;coworking_space", 0.3), ("org_main_office", 0.2)),
        SELF,
        OWN_TOOLS,
        MOSTLY_YES,
        MOSTLY_YES,
    ),
    Archetype(
        "subcontractor",
        0.02,
        ("subcontracted developer", "electrician", "subcontracted designer"),
        (("subcontractor", 1.0),),
        (("client_site", 0.5), ("home", 0.5)),
        SELF,
        OWN_TOOLS,
        MOSTLY_YES,
        MOSTLY_YES,
    ),
    Archetype(
        "provider staff",
        0.04,
        ("virtual assistant", "health-and-safety officer", "call-centre agent", "cleaner"),
        (("provider_staff", 1.0),),
        (("home", 0.4), ("org_main_office", 0.4), ("client_site", 0.2)),
        (("employer_set", 0.8), ("self_set", 0.2)),
        ORG_TOOLS,
        MOSTLY_YES,
        MOSTLY_YES,
    ),
    Archetype(
        "owner",
        0.02,
        ("online business owner", "craftsman", "agency founder"),
        (("owner", 1.0),),
        (("home", 0.6), ("coworking_space", 0.2), ("home;public_place", 0.2)),
        SELF,
        OWN_TOOLS,
        MOSTLY_NO,
        MOSTLY_YES,
    ),
    Archetype(
        "ride-hail driver",
        0.05,
        ("ride-hail driver", "delivery rider", "courier"),
        (("freelancer", 0.7), ("contractor", 0.3)),
        (("vehicle", 1.0),),
        SELF,
        OWN_TOOLS,
        YES,
        YES,
    ),
)


def _picker(rng: random.Random, choices: Sequence[tuple[str, float]]):
    values = [v for v, _ in choices]
    cumulative = []
    total = 0.0
    for _, weight in choices:
        total += weight
        cumulative.append(total)
    if len(values) == 1:
        return lambda: values[0]
    return lambda: rng.choices(values, cum_weights=cumulative)[0]


def generate_rows(count: int, seed: int = 0) -> Iterator[tuple[str, ...]]:
    """Yield `count` rows (tuples in HEADER order), drawn reproducibly from `seed`."""
    rng = random.Random(seed)
    shares = [a.share for a in ARCHETYPES]
    pickers = [(a, [_picker(rng, getattr(a, column)) for column in HEADER[2:]]) for a in ARCHETYPES]
    blank = [BLANK_RATE[column] for column in HEADER[1:]]
    width = len(str(max(count, 1)))
    random_ = rng.random
    for n in range(1, count + 1):
        archetype, draw = rng.choices(pickers, weights=shares)[0]
        cells = [rng.choice(archetype.labels), *(pick() for pick in draw)]
        cells = [("" if random_() < rate else cell) for cell, rate in zip(cells, blank)]
        yield (f"w{n:0{width}d}", *cells)


def _authority_cells(rng: random.Random) -> Iterator[list[str]]:
    from remote_kg.model.vocab import ALLOWED, integer_range

    low, high = integer_range("office_days_per_fortnight")
    choices = [list(ALLOWED[c]) if c in ALLOWED else [str(n) for n in range(low, high + 1)]
               for c in AUTHORITY_COLUMNS]
    while True:
        yield ["" if rng.random() < AUTHORITY_BLANK else rng.choice(values)
               for values in choices]


def write_csv(count: int, out: TextIO, seed: int = 0, authority_facts: bool = False) -> None:
    """Write the header and `count` generated rows to `out` (with the authorities' four
    columns after them when `authority_facts`, drawn from their own seeded generator so the
    other columns are the same as without)."""
    writer = csv.writer(out, lineterminator="\n")
    if not authority_facts:
        writer.writerow(HEADER)
        writer.writerows(generate_rows(count, seed))
        return
    writer.writerow((*HEADER, *AUTHORITY_COLUMNS))
    extra = _authority_cells(random.Random(seed + 1))
    writer.writerows((*row, *next(extra)) for row in generate_rows(count, seed))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of records")
    parser.add_argument(
        "-o", "--output", type=Path, default=None, help="CSV file to write (default: stdout)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--authority-facts", action="store_true",
                        help="add the columns the authorities' definitions read")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("count must be zero or more")
    if args.output is None:
        write_csv(args.count, sys.stdout, args.seed, args.authority_facts)
        return
    with open(args.output, "w", encoding="utf-8", newline="") as handle:
        write_csv(args.count, handle, args.seed, args.authority_facts)


if __name__ == "__main__":
    main()
