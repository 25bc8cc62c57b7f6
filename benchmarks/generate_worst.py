"""Generate the worst case for the fast engine: records covering the whole fact space.

    python benchmarks/generate_worst.py 1000000 -o worst-1m.csv --seed 1
    python benchmarks/generate_worst.py 1000000 -o worst-all-1m.csv --seed 1 --all-columns

Every combination a CSV row can state (each relation or blank, each set of workplaces or
blank, each schedule, tools, location-bound and uses-ICT value or blank: 82,944 in all
since the relation `outsourced`; 72,576 before)
appears, in a seeded random order, repeated until `count` rows, so the engine meets as many
distinct fact combinations as the contract allows. The optional org_fully_remote column is
left out, as in `generate.py`, to keep the benchmark files comparable.

`--all-columns` is the worst case for the current contract: every fact column of
`remote_kg.model.vocab.FACT_COLUMNS` (`workplaces_known`, `works_abroad`, `autonomous`,
`remote_office` and the authorities' columns included) and `performer` / `performer_kind`.
That space (billions of combinations) cannot be listed, so each row is drawn uniformly:
each column blank or one of its values, the places in `workplaces` or (the list left open)
in `workplaces_known` or neither. A row whose facts contradict the ontology (an office
listed for a fully remote organisation) is drawn again, the fast engine deciding, since
`classify` refuses such a file. Almost every row is then a distinct fact combination, and
almost every row a new pattern of blank columns for the engine's table: drawing takes about
4 ms a row on two busy cores (the check is the engine's answer), so 100k rows take minutes.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from remote_kg.model.vocab import ALLOWED, FACT_COLUMNS, INTEGER_COLUMNS, integer_range

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


# --all-columns: every fact column, then the performer's
ALL_HEADER = ("id", "label", *FACT_COLUMNS, "performer", "performer_kind")


def _cell(rng: random.Random, column: str) -> str:
    """A column's cell: blank or one of its values, uniformly."""
    if column in INTEGER_COLUMNS:
        low, high = integer_range(column)
        values: Sequence[str] = [str(n) for n in range(low, high + 1)]
    else:
        values = ALLOWED[column]
    pick = rng.randrange(len(values) + 1)
    return "" if pick == len(values) else values[pick]


def generate_all_rows(count: int, seed: int = 0) -> Iterator[tuple[str, ...]]:
    """`count` rows over every column, each consistent with the ontology."""
    from remote_kg.model.records import parse_cells
    from remote_kg.reasoners.fast import FastReasoner

    engine = FastReasoner.for_ontology()
    rng = random.Random(seed)
    places = ALLOWED["workplaces"]
    width = len(str(max(count, 1)))
    n = 0
    while n < count:
        cells = {c: _cell(rng, c) for c in FACT_COLUMNS if not c.startswith("workplaces")}
        where = rng.choice(("workplaces", "workplaces_known", ""))
        listed = ";".join(rng.sample(places, rng.randint(1, len(places)))) if where else ""
        cells["workplaces"] = listed if where == "workplaces" else ""
        cells["workplaces_known"] = listed if where == "workplaces_known" else ""
        facts = parse_cells(cells)
        if isinstance(facts, list) or not engine.answer(facts).consistent:
            continue
        n += 1
        performer = rng.choice(("", f"p{rng.randrange(1000)}"))
        kind = rng.choice(("", "person")) if performer else ""
        yield (f"w{n:0{width}d}", "", *(cells[c] for c in FACT_COLUMNS), performer, kind)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of records")
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help="CSV file to write (default: stdout)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--all-columns", action="store_true",
                        help="every fact column of the current contract, rows drawn at random "
                        "(see above)")
    args = parser.parse_args(argv)
    if args.output is None:
        write_csv(sys.stdout, args.count, args.seed, args.all_columns)
        return
    with open(args.output, "w", encoding="utf-8", newline="") as handle:
        write_csv(handle, args.count, args.seed, args.all_columns)


def write_csv(out, count: int, seed: int, all_columns: bool = False) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ALL_HEADER if all_columns else HEADER)
    writer.writerows((generate_all_rows if all_columns else generate_rows)(count, seed))


if __name__ == "__main__":
    main()
