"""Generate the worst case for the fast engine: records covering the whole fact space.

    python benchmarks/generate_worst.py 1000000 -o worst-1m.csv --seed 1

Every combination a CSV row can state (each relation or blank, each set of workplaces or
blank, each schedule, tools, location-bound and uses-ICT value or blank: 82,944 in all
since the relation `outsourced`; 72,576 before)
appears, in a seeded random order, repeated until `count` rows, so the engine meets as many
distinct fact combinations as the contract allows. The optional org_fully_remote column is
left out, as in `generate.py`, to keep the benchmark files comparable.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from remote_kg.model.vocab import ALLOWED

HEADER = ("id", "label", "relation", "workplaces", "schedule", "tools", "location_bound",
          "uses_ict")


def fact_space() -> list[tuple[str, ...]]:
    """Every row of fact cells the contract allows (blank included)."""
    places = ALLOWED["workplaces"]
    workplace_sets = [""] + [";".join(c) for n in range(1, len(places) + 1)
                             for c in itertools.combinations(places, n)]
    columns = [("", *ALLOWED["relation"]), workplace_sets,
               *(("", *ALLOWED[c]) for c in HEADER[4:])]
    return list(itertools.product(*columns))


def generate_rows(count: int, seed: int = 0) -> Iterator[tuple[str, ...]]:
    rng = random.Random(seed)
    space = fact_space()
    width = len(str(max(count, 1)))
    n = 0
    while n < count:
        rng.shuffle(space)
        for cells in space[: count - n]:
            n += 1
            yield (f"w{n:0{width}d}", "", *cells)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of records")
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help="CSV file to write (default: stdout)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.output is None:
        write_csv(sys.stdout, args.count, args.seed)
        return
    with open(args.output, "w", encoding="utf-8", newline="") as handle:
        write_csv(handle, args.count, args.seed)


def write_csv(out, count: int, seed: int) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(generate_rows(count, seed))


if __name__ == "__main__":
    main()
