"""The rejects file (`--rejects FILE`): the rows set aside, each with where it was, why and
its original cells.

One line per problem, as DuckDB's reject tables have it (a row with two bad cells is two
lines, each with the row's cells). The format follows FILE's extension:

- `.csv`: the columns `line` (`row` for Parquet, `position` for postings), `column`
  (`field` for postings; blank when the problem is about the whole row, say an inconsistent
  record), `value`, `reason` (the error's wording, without the file and line), then the
  input's own columns with the row's cells as read (postings: `id` and `posting`, the
  posting's JSON object);
- `.jsonl` / `.ndjson`: one JSON object per line with the same keys, the cells as an object
  under `cells` (postings: `posting`).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from remote_kg.columnar.table import cell_text
from remote_kg.errors import InputError
from remote_kg.model.refusals import Refusal, column_of, value_of
from remote_kg.outputs import atomic_output, check_not_an_input

REJECTS_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def rejects_format(path: Path, option: str = "--rejects") -> str:
    """csv or jsonl, as the rejects file's extension says (InputError for another;
    `option` is what the caller calls the rejects: --rejects, or rejects= in Python)."""
    fmt = REJECTS_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: {option} writes CSV (.csv) or JSON Lines (.jsonl, "
                         f".ndjson); the extension {Path(path).suffix or '(none)'!r} names "
                         "neither")
    return fmt


def check_one_input(count: int) -> None:
    """--rejects sets aside the rows of one input (InputError naming how many were given)."""
    if count > 1:
        raise InputError(f"--rejects sets aside the rows of one input; {count} inputs were "
                         "given (classify them one at a time with --rejects)")


def check_rejects_path(rejects: str | Path, output: str | Path | None,
                       inputs: Sequence[Path], option: str = "--rejects") -> Path:
    """`rejects`, once its format is known and it is neither the output nor an input
    (InputError, one line, otherwise: either would be overwritten)."""
    if str(rejects) == "-":
        raise InputError(f"{option} -: the rejects go to a file (.csv or .jsonl), not to "
                         "standard output")
    rejects = Path(rejects)
    rejects_format(rejects, option)
    same = os.path.realpath(rejects)
    if output is not None and str(output) != "-" and os.path.realpath(output) == same:
        raise InputError(f"{rejects}: {option} names the output file (-o); give the "
                         "rejects a file of their own")
    check_not_an_input(rejects, inputs, option)  # by name, symlink or hard link
    return rejects


@dataclass
class RejectsFile:
    """The rows an input had refused, written to `path` once the output is written.

    `where` names the place of a row (line, row, position), `subject` what a problem is
    about (column, field); `header` the input's columns (None: the cells are one JSON
    object, written under `cells_name`)."""

    path: Path
    where: str = "line"
    subject: str = "column"
    header: list[str] | None = None
    cells_name: str = "cells"
    refusals: list[Refusal] = field(default_factory=list)

    def add(self, refusal: Refusal) -> None:
        self.refusals.append(refusal)

    @property
    def count(self) -> int:
        """How many rows were set aside."""
        return len(self.refusals)

    def write(self) -> None:
        """Write the rejects (all or nothing), in the order of the input."""
        refusals = sorted(self.refusals, key=lambda r: r.where)
        fmt = rejects_format(self.path)
        self._check_names(fmt)
        with atomic_output(self.path) as out:
            if fmt == "csv":
                self._write_csv(out, refusals)
            else:
                self._write_jsonl(out, refusals)

    def summary(self, total: int | None = None) -> str:
        """The stderr line: how many rows were set aside, and where."""
        rows = self.count
        problems = sum(len(r.problems) for r in self.refusals)
        unit = {"line": "row", "row": "row", "position": "posting"}.get(self.where, "row")
        noun = unit if (total if total is not None else rows) == 1 else unit + "s"
        of = f" of {total:,}" if total is not None else ""
        more = f" ({problems:,} problems)" if problems != rows else ""
        return f"remote-kg: {rows:,}{of} {noun} set aside in {self.path}{more}"

    # -- writing ---------------------------------------------------------------------------

    def _own_names(self) -> list[str]:
        names = [self.where]
        if self.header is None:
            names.append("id")
        return [*names, self.subject, "value", "reason"]

    def _check_names(self, fmt: str) -> None:
        if fmt != "csv" or not self.header:
            return
        own = {n.lower() for n in self._own_names()}
        clash = [n for n in self.header if n.strip().lower() in own]
        if clash:
            raise InputError(f"{self.path}: the input's column(s) {', '.join(map(repr, clash))} "
                             f"would clash with the rejects file's own ({', '.join(own)}); "
                             "write the rejects as JSON Lines (.jsonl) instead")

    def _lines(self, refusals: list[Refusal]):
        for refusal in refusals:
            for problem in refusal.problems:
                yield refusal, problem

    def _write_csv(self, out, refusals: list[Refusal]) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        own = self._own_names()
        writer.writerow([*own, *(self.header if self.header is not None
                                 else [self.cells_name])])
        for refusal, problem in self._lines(refusals):
            head: list[Any] = [refusal.where]
            if self.header is None:
                head.append(refusal.id or "")
            value = value_of(problem)
            cells = self._cell_list(refusal)
            if self.header is not None and len(cells) != len(self.header) and not value:
                value = _joined(cells)  # a row of the wrong width: the row as read
            head += [column_of(problem), value, str(problem)]
            if self.header is None:
                head.append(json.dumps(refusal.cells, ensure_ascii=False, default=str))
            else:
                width = len(self.header)
                head += [cell_text(c) for c in (cells + [""] * width)[:width]]
            writer.writerow(head)
            out.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
        if not refusals:
            out.write(buffer.getvalue())

    def _write_jsonl(self, out, refusals: list[Refusal]) -> None:
        for refusal, problem in self._lines(refusals):
            entry: dict[str, Any] = {self.where: refusal.where}
            if self.header is None:
                entry["id"] = refusal.id
            entry.update({self.subject: column_of(problem) or None,
                          "value": value_of(problem) or None, "reason": str(problem)})
            cells = refusal.cells
            if self.header is not None:
                listed = self._cell_list(refusal)
                cells = (dict(zip(self.header, listed)) if len(listed) == len(self.header)
                         else listed)
            entry[self.cells_name] = cells
            out.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")

    def _cell_list(self, refusal: Refusal) -> list[Any]:
        cells = refusal.cells
        if cells is None:
            return []
        if isinstance(cells, dict):
            return [cells.get(name) for name in self.header or ()]
        return list(cells)


def _joined(cells: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([cell_text(c) for c in cells])
    return buffer.getvalue()
