"""A file's answers summarised: per category, how many records are in it, are not, and
cannot be decided, with their shares and, given a weight column, their weighted shares.
Postings are weighed by one of their fields (`pipeline.posting_fields`), such as
totalJobOpenings: positions rather than postings.

The answers come from `classify_file` itself (written to a scratch CSV and read back), so
a summary counts exactly what `classify` answers for the same file and options."""

from __future__ import annotations

import csv
import json
import math
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from remote_kg.errors import InputError
from remote_kg.model.ontology import DEFAULT_BASE
from remote_kg.model.records import CSV_OPTIONS
from remote_kg.pipeline.classify import classify_file
from remote_kg.pipeline.readers import Input

STATUSES = ("is", "is_not", "unknown")
# The column a summary weighs records by when the file has it and no --weight is given.
DEFAULT_WEIGHT = "weight"
# The readers of inputs with columns (or fields) to weigh by.
WEIGHED_READERS = ("csv", "parquet", "postings")


@dataclass
class CategoryCounts:
    """One category's answers: record counts and summed weights per status."""

    category: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    weights: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0.0))

    def shares(self, weighted: bool = False) -> dict[str, float]:
        """Each status's share of the records (or of their total weight), 0 to 1."""
        values = self.weights if weighted else self.counts
        total = sum(values.values())
        return {s: (values[s] / total if total else 0.0) for s in STATUSES}


@dataclass
class Summary:
    """The answers of one input, per category."""

    source: str
    records: int
    categories: list[CategoryCounts]
    weight: str | None = None  # the weight column, when the records were weighed
    unit: str = "records"  # what was counted: records, or postings
    set_aside: str | None = None  # with --rejects: how many rows were set aside, and where

    @property
    def total_weight(self) -> float | None:
        if self.weight is None or not self.categories:
            return None
        return sum(self.categories[0].weights.values())

    def as_dict(self) -> dict:
        return {
            "source": self.source, "records": self.records, "weight": self.weight,
            "total_weight": self.total_weight,
            "categories": [
                {"category": c.category, **c.counts,
                 "share": c.shares(),
                 **({"weighted": c.weights, "weighted_share": c.shares(True)}
                    if self.weight else {})}
                for c in self.categories],
        }


def summarise(sources: Input | Sequence[Input], engine, weight: str | None = None,
              base: str = DEFAULT_BASE, ontology: Path | None = None,
              rejects: Path | None = None) -> Summary:
    """Classify `sources` (one input, or several: counted together) with `engine` and
    count their answers per category. `weight` names a column of the inputs to weigh
    records by (None: the column `weight` if they have one). Other extra columns follow
    the running command's --extra-columns. With `rejects` (one input), bad rows are set
    aside there as `classify --rejects` does, and the good ones counted; the summary's
    `set_aside` says how many."""
    from remote_kg.pipeline.classify import classify_setting_aside
    from remote_kg.pipeline.combined import classify_all
    from remote_kg.pipeline.rejects import check_one_input

    several = [sources] if isinstance(sources, Input) else list(sources)
    source = several[0]
    asked = CSV_OPTIONS.get()
    odd = next((s for s in several if s.reader.name not in WEIGHED_READERS), None)
    if weight is not None and odd is not None:
        raise InputError(f"{odd.path}: --weight {weight!r} needs a CSV or Parquet input, or "
                         f"postings (JSON-LD, JSON Lines, HTML); {odd.path.name} has no "
                         "columns")
    unit = "postings" if source.holds == "postings" else "records"
    categories = list(engine.categories)
    with tempfile.TemporaryDirectory(prefix="remote-kg-summary-") as scratch:
        answers = Path(scratch) / "answers.csv"
        # Keep the extra columns so a weight column reaches the answers; which extras the
        # user allowed is checked below, on the header the classification read.
        token = CSV_OPTIONS.set(replace(asked, extra_columns="keep"))
        set_aside = None
        try:
            if rejects is not None:
                check_one_input(len(several))
                set_aside = classify_setting_aside(source, "csv", str(answers), engine,
                                                   rejects, base, ontology=ontology)
            elif len(several) == 1:
                classify_file(source, "csv", str(answers), engine, base, ontology=ontology)
            else:
                classify_all(several, "csv", str(answers), engine, base, ontology=ontology)
        finally:
            CSV_OPTIONS.reset(token)
        with answers.open(encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle)
            header = next(rows)
            extras = header[2:len(header) - len(categories)]
            mode = "ignore" if unit == "postings" else asked.extra_columns  # fields: kept
            where = ", ".join(s.shown for s in several)
            column = _weight_column(source, extras, weight, mode, unit, where)
            found = _count(where, rows, header, categories, column, len(several) > 1, unit)
            return replace(found, set_aside=set_aside)


def _weight_column(source: Input, extras: list[str], weight: str | None,
                   mode: str, unit: str = "records", where: str = "") -> str | None:
    """The column to weigh by, after refusing the extra columns the user did not allow."""
    chosen = weight if weight is not None else (
        DEFAULT_WEIGHT if DEFAULT_WEIGHT in extras else None)
    if weight is not None and weight not in extras and unit == "postings":
        named = ", ".join(extras) if extras else "none"
        raise InputError(f"{where or source.path}: no posting has the field {weight!r} to weigh "
                         f"postings by; their fields: {named}")
    if weight is not None and weight not in extras:
        named = ", ".join(extras) if extras else "none besides the record columns"
        raise InputError(f"{source.path}: no column {weight!r} to weigh records by; "
                         f"its other columns: {named}")
    unknown = [n for n in extras if n != chosen]
    if unknown and mode == "refuse":
        raise InputError(
            f"{source.path}: unknown column(s) {', '.join(map(repr, unknown))}; a summary "
            f"weighs records by --weight COLUMN (default: a column named "
            f"{DEFAULT_WEIGHT!r}); to read a file with other columns too, pass "
            "--extra-columns ignore")
    return chosen


def _count(where: str, rows: Iterable[list[str]], header: list[str],
           categories: list[str], weight: str | None, several: bool = False,
           unit: str = "records") -> Summary:
    """The counts of the answers' rows (`where` names the inputs)."""
    counts = [CategoryCounts(c) for c in categories]
    first = len(header) - len(categories)
    at = header.index(weight) if weight else None
    records = 0
    for row in rows:
        records += 1
        amount = _weight(where, row, at, weight, several, unit) if at is not None else 1.0
        for entry, status in zip(counts, row[first:]):
            entry.counts[status] += 1
            entry.weights[status] += amount
    return Summary(where, records, counts, weight, unit)


def _weight(where: str, row: list[str], at: int, column: str, several: bool,
            unit: str = "records") -> float:
    cell = row[at].strip()
    try:
        value = float(cell)
    except ValueError:
        value = math.nan
    if unit == "postings" and not cell:
        raise InputError(f"{where}: posting {row[0]!r} has no {column!r} to weigh it by; "
                         "every posting needs a number, 0 or more (or summarise without "
                         "--weight)")
    if not math.isfinite(value) or value < 0:
        each = (f"; with several inputs, every one needs the column {column!r}"
                if several and not cell else "")
        what = "posting" if unit == "postings" else "record"
        part = "field" if unit == "postings" else "column"
        raise InputError(f"{where}: {what} {row[0]!r}, {part} {column!r}: value "
                         f"{cell!r} is not a weight; expected a number, 0 or more{each}")
    return value


def as_text(summary: Summary) -> str:
    """A plain table for a terminal: counts, then shares in percent (weighted too)."""
    weighted = summary.weight is not None
    head = ["category", "is", "is_not", "unknown", "is %", "is_not %", "unknown %"]
    if weighted:
        head += ["weighted is %", "weighted is_not %", "weighted unknown %"]
    lines = [head]
    for c in summary.categories:
        line = [c.category, *(str(c.counts[s]) for s in STATUSES),
                *(f"{100 * v:.1f}" for v in c.shares().values())]
        if weighted:
            line += [f"{100 * v:.1f}" for v in c.shares(True).values()]
        lines.append(line)
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    table = "\n".join(
        "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                  for i, (cell, w) in enumerate(zip(line, widths))).rstrip()
        for line in lines)
    about = f"{summary.records:,} {summary.unit} in {summary.source}"
    if weighted:
        about += f", weighted by {summary.weight!r} (total {summary.total_weight:,.6g})"
    return f"{about}\n{table}\n"


def as_csv(summary: Summary) -> str:
    """One row per category: counts, shares (0 to 1) and, weighted, weighted shares."""
    weighted = summary.weight is not None
    head = ["category", *STATUSES, *(f"{s}_share" for s in STATUSES)]
    if weighted:
        head += [f"{s}_weight" for s in STATUSES] + [f"{s}_weighted_share" for s in STATUSES]
    lines = [",".join(head)]
    for c in summary.categories:
        cells = [c.category, *(str(c.counts[s]) for s in STATUSES),
                 *(repr(v) for v in c.shares().values())]
        if weighted:
            cells += [repr(c.weights[s]) for s in STATUSES]
            cells += [repr(v) for v in c.shares(True).values()]
        lines.append(",".join(cells))
    return "\r\n".join(lines) + "\r\n"


def as_json(summary: Summary) -> str:
    return json.dumps(summary.as_dict(), indent=2) + "\n"
