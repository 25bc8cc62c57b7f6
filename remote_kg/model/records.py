"""Worker records: the facts about one worker, and reading them from the analysts' CSV."""

from __future__ import annotations

import csv
import difflib
import io
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from remote_kg.errors import INTERFACE, InputError, option_name
from remote_kg.model.csv_dialect import DELIMITERS, EXTRA_COLUMNS  # noqa: F401 (found here too)
from remote_kg.model.refusals import Problem, Refusal, SetAside
from remote_kg.model.text import visible
from remote_kg.model.vocab import (
    ALLOWED,
    BOOLEAN_COLUMNS,
    BOOLEAN_SPELLINGS,
    COLUMNS,
    FACT_COLUMNS,
    INTEGER_COLUMNS,
    PERFORMER_COLUMNS,
    PLACE_COLUMNS,
    VALUE_COLUMNS,
    integer_range,
)

MAX_REPORTED_PROBLEMS = 200


@dataclass(frozen=True, slots=True)
class Facts:
    """What is known about a worker, in the CSV vocabulary; empty means unknown.

    `workplaces` are the kinds the worker certainly works at; `workplaces_allowed` is the
    complete list when one was given (None: the list may go on, as the CSV column
    `workplaces_known` and RDF without a closure say).
    Several values in one slot can only come from RDF input (and may be inconsistent).
    `asserted` holds IRIs of classes the input asserts for the worker.
    """

    relations: frozenset[str] = frozenset()
    workplaces: frozenset[str] = frozenset()
    workplaces_allowed: frozenset[str] | None = None
    schedule: frozenset[str] = frozenset()
    tools: frozenset[str] = frozenset()
    location_bound: frozenset[bool] = frozenset()
    uses_ict: frozenset[bool] = frozenset()
    org_fully_remote: frozenset[bool] = frozenset()
    default_place: frozenset[str] = frozenset()
    regularity: frozenset[str] = frozenset()
    written_agreement: frozenset[bool] = frozenset()
    office_days_per_fortnight: frozenset[int] = frozenset()
    works_abroad: frozenset[bool] = frozenset()
    could_work_at_premises: frozenset[bool] = frozenset()
    autonomous: frozenset[bool] = frozenset()
    economically_independent: frozenset[bool] = frozenset()
    remote_office: frozenset[bool] = frozenset()
    asserted: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Record:
    """One worker (an engagement): its id in the input, its IRI, a label, its facts and who
    does its work.

    `performer` is the IRI of the person or organisation doing the work (None: not
    recorded, nothing guessed); `performer_kind` is "person", "organisation" or None (not
    said). Neither is a fact: no category reads them.
    """

    id: str
    iri: str
    facts: Facts
    label: str | None = None
    performer: str | None = None
    performer_kind: str | None = None


@dataclass(frozen=True, slots=True)
class Performer:
    """Who does an engagement's work, as a row gives it: the performer's id in the input
    (None: not given) and its kind ("person", "organisation"; None: not said)."""

    id: str | None
    kind: str | None


# What no performer id may hold: a line break or other control character (a pasted cell
# gone wrong) or ';' (a list: an engagement is done by one person or organisation).
_PERFORMER_REFUSED = frozenset(chr(c) for c in (*range(0x20), 0x7F)) | {";"}


def parse_performer(cells: dict[str, str]) -> Performer | None | list[str]:
    """The performer of one row from its `performer` and `performer_kind` cells (None when
    both are blank), or the list of problems."""
    problems: list[str] = []
    performer = cells.get("performer", "").strip()
    if any(ch in _PERFORMER_REFUSED for ch in performer):
        problems.append(Problem(
            f"column 'performer': value {performer!r} is not allowed; expected the id of the "
            "one person or organisation doing the work (text without ';', line breaks or "
            "other control characters), or blank", "performer", performer))
    kind = _one("performer_kind", cells.get("performer_kind", ""), problems)
    if problems:
        return problems
    if not performer and not kind:
        return None
    return Performer(performer or None, next(iter(kind), None))


class PerformerKinds:
    """The kind each performer was given with first (and where), to refuse a performer
    named a person on one row and an organisation on another, or in one input and another
    (`pipeline.performer_kinds`)."""

    def __init__(self) -> None:
        self._first: dict[str, tuple[str, Where]] = {}

    def check(self, performer: Performer | None, where: Where,
              key: str | None = None) -> str | None:
        """The problem when `performer` contradicts an earlier one, else None. `where`
        names this row as a message would ("line 4", "row 4"), or makes that text when a
        message needs it; `key` (default: the performer's id) is what one performer is
        known by, its IRI when the performers come from several inputs."""
        if performer is None or performer.id is None or performer.kind is None:
            return None
        first = self._first.setdefault(key or performer.id, (performer.kind, where))
        if first[0] == performer.kind:
            return None
        return kind_clash(performer, first[0], first[1])


# Where a performer was given its kind, or how to find it (called only for a message).
Where = str | Callable[[], str]


def kind_clash(performer: Performer, first_kind: str, first_where: Where) -> Problem:
    """The problem of `performer` given another kind than `first_kind`, which it was given
    at `first_where`."""
    where = first_where if isinstance(first_where, str) else first_where()
    return Problem(
        f"column 'performer_kind': value {performer.kind!r} contradicts {where}, "
        f"where performer {performer.id!r} is a{'n' if first_kind[0] in 'aeiou' else ''} "
        f"{first_kind}; a performer is one person or one organisation",
        "performer_kind", performer.kind or "")


@dataclass(frozen=True, repr=False)
class CsvOptions:
    """How to read a CSV that is not exactly ours: what to do with columns the contract
    does not name (refuse, keep them for the output, or ignore them), the delimiter
    (None: detected from the header) and `columns`, the export's names of our columns
    ((their name in lower case, ours) pairs, `column_mapping`)."""

    extra_columns: str = "refuse"
    delimiter: str | None = None
    columns: tuple[tuple[str, str], ...] = ()

    def __repr__(self) -> str:
        # As before `columns` existed when there are none: runs (`rdf.provenance`) are
        # keyed by this text, so a file read without a mapping keeps its run.
        mapped = f", columns={self.columns!r}" if self.columns else ""
        return (f"CsvOptions(extra_columns={self.extra_columns!r}, "
                f"delimiter={self.delimiter!r}{mapped})")

    def names(self, header: Iterable[str]) -> list[str]:
        """The header's names as the contract reads them: stripped, lower case, and
        renamed where `columns` maps the export's name to ours."""
        renamed = dict(self.columns)
        lowered = (cell.strip().lower() for cell in header)
        return [renamed.get(name, name) for name in lowered]

    def known_names(self) -> tuple[str, ...]:
        """Our columns and the export's names mapped to them (to detect the delimiter)."""
        return (*COLUMNS, *(theirs for theirs, _ in self.columns))


# What the running command was asked to do with other columns and the delimiter (set by
# `commands.options.csv_options`); every CSV reader of the command follows it.
CSV_OPTIONS: ContextVar[CsvOptions] = ContextVar("csv_options", default=CsvOptions())  # noqa: B039 (frozen)


def column_mapping(pairs: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """`--columns` values ("Employee ID=id,Work location=workplaces") as (their name in
    lower case, ours) pairs. Each value is split at commas; a piece without '=' belongs
    to the next one's name (a name holding a comma: "Last, first=label"), since none of
    our names holds a comma or '='. InputError for a piece that maps to no column of ours,
    naming the allowed ones."""
    found: list[tuple[str, str]] = []
    problems: list[str] = []
    for value in pairs:
        pending = ""
        for piece in value.split(","):
            piece = pending + piece
            if "=" not in piece:
                pending = piece + ","
                continue
            pending = ""
            theirs, _, ours = piece.rpartition("=")
            theirs, ours = theirs.strip(), ours.strip().lower()
            if not theirs:
                problems.append(f"{piece.strip()!r}: no column name before '='; expected "
                                "THEIR NAME=OUR NAME")
            elif ours not in COLUMNS:
                problems.append(f"{piece.strip()!r}: {ours!r} is not a column of ours"
                                f"{did_you_mean(ours, COLUMNS)}; allowed: {', '.join(COLUMNS)}")
            else:
                found.append((theirs.lower(), ours))
        if pending.strip(", "):
            problems.append(f"{pending.rstrip(',').strip()!r}: no '='; expected THEIR "
                            "NAME=OUR NAME, such as \"Employee ID=id\"")
    if problems:
        raise InputError([f"{option_name('columns')} {p}" for p in problems])
    return tuple(found)


def column_pairs(columns: Mapping[str, str] | str | Iterable[str] | None,
                 ) -> tuple[tuple[str, str], ...]:
    """`column_mapping` of a Python argument: a mapping ({"Employee ID": "id"}), one
    "THEIRS=OURS,..." string, or several."""
    if isinstance(columns, Mapping):
        return column_mapping(f"{theirs}={ours}" for theirs, ours in columns.items())
    return column_mapping([columns] if isinstance(columns, str) else list(columns or ()))


def detect_delimiter(header: str, columns: tuple[str, ...] = COLUMNS) -> str:
    """The delimiter (comma, semicolon or tab) under which the header line names the most
    of `columns`; a comma when none does."""
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        cells = next(csv.reader([header], delimiter=delimiter), [])
        score = sum(cell.strip().lower() in columns for cell in cells)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def not_utf8_error(path: Path, exc: UnicodeDecodeError) -> InputError:
    """The error naming the first byte of a CSV file that is not UTF-8."""
    from remote_kg.model.text import check_utf8_file

    hint = (f", or give its encoding with {option_name('encoding')} (such as cp1252, "
            "latin-1, utf-16)")
    try:
        check_utf8_file(path, "a CSV file")
    except InputError as found:
        return InputError([p + hint for p in found.problems])
    return InputError(f"{path}: not UTF-8 text ({exc.reason}); save it as UTF-8{hint}")


class CollectsProblems:
    """Problems found in a file, kept up to MAX_REPORTED_PROBLEMS and raised together."""

    problems: list[str]
    problem_count: int
    # Where refused rows go instead of the problems, when the caller sets them aside.
    set_aside: SetAside | None = None

    @property
    def problem_source(self) -> str:
        raise NotImplementedError

    def _problem(self, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_REPORTED_PROBLEMS:
            self.problems.append(message)

    row_word = "line"  # what a message calls a row: line (CSV), row (tables)

    def _refuse(self, where: int, messages: list[str], cells=None,
                record_id: str | None = None, separator: str = ", ") -> None:
        """One row refused: handed to `set_aside` when it is set, else each of its problems
        recorded after the file and the row (`where`) and `separator`."""
        if self.set_aside is not None:
            self.set_aside(Refusal(where, tuple(messages), cells, record_id or None))
            return
        prefix = f"{self.problem_source}: {self.row_word} {where}{separator}"
        for message in messages:
            self._problem(prefix + message)

    def raise_if_problems(self) -> None:
        if self.problem_count:
            extra = self.problem_count - len(self.problems)
            lines = list(self.problems)
            if extra > 0:
                lines.append(f"{self.problem_source}: ... and {extra} more problems")
            raise InputError(lines)


@dataclass
class CsvRecordReader(CollectsProblems):
    """Streams records from a CSV file, collecting every problem instead of stopping.

    Iterate over `rows()` (or `rows_with_extras()`); afterwards call `raise_if_problems()`.
    Distinct cell combinations are parsed once and the resulting `Facts` shared.
    `extra_names` holds the other columns kept under `--extra-columns keep`.
    """

    path: Path
    options: CsvOptions = field(default_factory=CSV_OPTIONS.get)
    # The fact columns whose values go into Facts (None: all). The others are still
    # checked, cell by cell, but left out, so rows that differ only there share one Facts:
    # a classifier that does not read a column need not see its combinations.
    keep_facts: frozenset[str] | None = None
    extra_names: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)  # the header's cells, as written
    header_read: list[str] = field(default_factory=list)  # the same, before it is checked
    delimiter: str = ","
    problems: list[str] = field(default_factory=list)
    problem_count: int = 0
    rows_read: int = 0
    _cache: dict[tuple[str, ...], Facts | list[str]] = field(default_factory=dict)

    @property
    def problem_source(self) -> str:
        return str(self.path)

    def rows(self) -> Iterator[tuple[int, str, str | None, Facts]]:
        """Yield (line number, id, label, facts) for each valid row."""
        for line, record_id, label, facts, _ in self.rows_with_extras():
            yield line, record_id, label, facts

    def rows_with_extras(self) -> Iterator[tuple[int, str, str | None, Facts, tuple[str, ...]]]:
        """Yield (line number, id, label, facts, kept extra cells) for each valid row."""
        for line, record_id, label, facts, extras, _, _ in self._all_rows():
            yield line, record_id, label, facts, extras

    def rows_with_cells(self) -> Iterator[tuple[int, str, Facts, list[str]]]:
        """Yield (line number, id, facts, the row's cells as read) for each valid row."""
        for line, record_id, _, facts, _, _, cells in self._all_rows():
            yield line, record_id, facts, cells

    def rows_with_performers(self) -> Iterator[tuple[int, str, str | None, Facts,
                                                     Performer | None]]:
        """Yield (line number, id, label, facts, performer or None) for each valid row."""
        for line, record_id, label, facts, _, performer, _ in self._all_rows():
            yield line, record_id, label, facts, performer

    def _all_rows(self) -> Iterator[tuple[int, str, str | None, Facts, tuple[str, ...],
                                          Performer | None, list[str]]]:
        try:
            handle = open(self.path, encoding="utf-8-sig", newline="")  # noqa: SIM115
        except OSError as exc:
            raise InputError(f"{self.path}: cannot read file: {exc.strerror}") from exc
        with handle:
            yield from self._rows(handle)

    def _not_utf8(self, exc: UnicodeDecodeError) -> InputError:
        return not_utf8_error(self.path, exc)

    def _rows(self, handle: io.TextIOBase,
              ) -> Iterator[tuple[int, str, str | None, Facts, tuple[str, ...],
                                  Performer | None, list[str]]]:
        try:
            first = handle.readline()
        except UnicodeDecodeError as exc:
            raise self._not_utf8(exc) from exc
        delimiter = self.options.delimiter or detect_delimiter(
            first, self.options.known_names())
        reader = csv.reader(itertools.chain([first], handle), strict=True, delimiter=delimiter)
        try:
            header = next(reader, None)
        except UnicodeDecodeError as exc:
            raise self._not_utf8(exc) from exc
        except csv.Error as exc:
            raise InputError(f"{self.path}: line 1: not a readable CSV header ({exc})") from exc
        if header is None or not any(cell.strip() for cell in header):
            raise InputError(f"{self.path}: empty file; expected a header with at least 'id'")
        names = self.options.names(header)
        self.header_read = header
        self._check_header(names, delimiter, first)
        self.header, self.delimiter = header, delimiter
        index = {name: i for i, name in enumerate(names) if name in COLUMNS}
        keep = self.options.extra_columns == "keep"
        extra_positions = [i for i, name in enumerate(names) if name not in COLUMNS and name]
        self.extra_names = [header[i].strip() for i in extra_positions] if keep else []
        extras_of = _key_getter(extra_positions) if keep else (lambda row: ())
        fact_columns = [c for c in FACT_COLUMNS if c in index
                        and (self.keep_facts is None or c in self.keep_facts)]
        checked = [(c, index[c]) for c in FACT_COLUMNS if c in index and c not in fact_columns]
        valid: dict[str, set[str]] = {c: set() for c, _ in checked}
        positions = [index[c] for c in fact_columns]
        row_key = _key_getter(positions)
        id_pos = index["id"]
        label_pos = index.get("label")
        performer_getter = _key_getter([index[c] for c in PERFORMER_COLUMNS if c in index])
        performer_names = [c for c in PERFORMER_COLUMNS if c in index]
        performers: dict[tuple[str, ...], Performer | None | list[str]] = {}
        kinds = PerformerKinds()
        width = len(names)
        seen: dict[str, int] = {}
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except UnicodeDecodeError as exc:
                raise self._not_utf8(exc) from exc
            except csv.Error as exc:
                self._problem(f"{self.path}: line {reader.line_num}: malformed CSV ({exc})")
                break
            line = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            self.rows_read += 1
            if len(row) != width:
                self._refuse(line, [f"{len(row)} cells, expected {width} (one per header "
                                    "column)"], row, separator=": ")
                continue
            record_id = row[id_pos].strip()
            if not record_id:
                self._refuse(line, [Problem(
                    "column 'id': empty; every row needs an id", "id")], row)
                continue
            first = seen.get(record_id)
            if first is not None:
                self._refuse(line, [Problem(
                    f"column 'id': duplicate id {record_id!r} (first used on line {first}); "
                    "ids must be unique", "id", record_id)], row, record_id)
                continue
            seen[record_id] = line
            key = row_key(row)
            facts = self._cache.get(key)
            if facts is None:
                facts = parse_cells(dict(zip(fact_columns, key)))
                self._cache[key] = facts
            refused = list(facts) if isinstance(facts, list) else []
            for column, position in checked:
                cell = row[position]
                if cell not in valid[column]:
                    found = parse_cells({column: cell})
                    if isinstance(found, list):
                        refused += found
                    else:
                        valid[column].add(cell)
            performer = None
            if performer_names:
                cells = performer_getter(row)
                performer = performers.get(cells)
                if performer is None and cells not in performers:
                    performer = performers[cells] = parse_performer(
                        dict(zip(performer_names, cells)))
                if isinstance(performer, list):
                    refused += performer
                else:
                    clash = kinds.check(performer, f"line {line}")
                    if clash:
                        refused.append(clash)
            if refused:
                self._refuse(line, refused, row, record_id)
                continue
            label = row[label_pos].strip() if label_pos is not None else None
            yield line, record_id, label or None, facts, extras_of(row), performer, row

    def _check_header(self, names: list[str], delimiter: str, line: str) -> None:
        if not any(n in COLUMNS for n in names):
            unused = self._mapping_hint() if self.options.columns else ""
            raise InputError(delimiter_advice(self.path, line, delimiter,
                                              self.options.delimiter is not None) + unused)
        problems = []
        unknown = [n for n in names if n not in COLUMNS]
        if unknown and self.options.extra_columns == "refuse":
            named = ", ".join(f"{n!r}{did_you_mean(n, COLUMNS)}" for n in unknown)
            problems.append(
                f"{self.path}: line 1: unknown column(s) {named} "
                f"({DELIMITERS.get(delimiter, repr(delimiter))}-separated); allowed columns: "
                f"{', '.join(COLUMNS)}; to read a file with other columns too, pass "
                f"{option_name('extra-columns', 'keep')} (they go into the output) or "
                f"{option_name('extra-columns', 'ignore')}{self._mapping_hint()}"
            )
        duplicated = sorted({n for n in names if n and names.count(n) > 1})
        if duplicated:
            problems.append(f"{self.path}: line 1: duplicate column(s) {', '.join(duplicated)}")
        if "id" not in names:
            problems.append(f"{self.path}: line 1: missing required column 'id'"
                            f"{self._mapping_hint('id')}")
        if problems:
            raise InputError(problems)

    def _mapping_hint(self, ours: str = "our_name") -> str:
        """How to name an export's own column as ours, or which names of `columns` this
        header does not have."""
        if not self.options.columns:
            return f"; or map the export's name to ours with {columns_example('Their name', ours)}"
        present = {cell.strip().lower() for cell in self.header_read}
        missing = [theirs for theirs, _ in self.options.columns if theirs not in present]
        if not missing:
            return ""
        named = ", ".join(f"{m!r}{did_you_mean(m, present)}" for m in missing)
        return (f"; {option_name('columns')} maps {named}, not in this header (names are "
                "matched ignoring case and surrounding spaces)")


def columns_example(theirs: str, ours: str = "id") -> str:
    """`--columns "Employee ID=id"` (or, in Python, `columns={'Employee ID': 'id'}`)."""
    if INTERFACE.get() == "python":
        return f"columns={{{theirs!r}: {ours!r}}}"
    return f'--columns "{theirs}={ours}"'


def delimiter_advice(path: Path | str, line: str, delimiter: str, chosen: bool) -> str:
    """The error for a header in which no column is ours: split at `delimiter` (`chosen`
    by the user, else guessed), it is likely read with the wrong delimiter, or named in
    the export's own words (`--columns`)."""
    cells = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), [])
    counts = {d: line.count(d) for d in DELIMITERS}
    likely = max(counts, key=lambda d: counts[d])
    shown = visible(line.rstrip("\r\n"))
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    split = (f"read as {DELIMITERS.get(delimiter, repr(delimiter))}-separated "
             f"({option_name('delimiter', DELIMITERS.get(delimiter, delimiter))})" if chosen
             else f"read as {DELIMITERS.get(delimiter, repr(delimiter))}-separated (guessed: "
             "no delimiter splits it into a known column)")
    if chosen and likely != delimiter and counts[likely]:
        guess = (f"; the delimiter is likely wrong: the header looks "
                 f"{DELIMITERS[likely]}-separated (try "
                 f"{option_name('delimiter', DELIMITERS[likely])}, or leave it out to detect it)")
    elif not chosen and likely != delimiter and counts[likely]:
        guess = (f"; if the file is {DELIMITERS[likely]}-separated, pass "
                 f"{option_name('delimiter', DELIMITERS[likely])}")
    else:
        guess = f"; if it has another delimiter, pass {option_name('delimiter')}"
    theirs = next(csv.reader([line.rstrip("\r\n")], delimiter=likely), [])
    first = theirs[0].strip() if theirs and theirs[0].strip() else "Employee ID"
    if any(cell.strip().lower() in COLUMNS for cell in theirs):
        return f"{path}: line 1: no known column in the header {shown!r}, {split}{guess}"
    return (f"{path}: line 1: no known column in the header {shown!r}, {split}, "
            f"{len(cells)} cell(s){guess}; if its columns have the export's own names, map "
            f"them to ours with {columns_example(first)}; our columns: "
            f"{', '.join(COLUMNS)}")


def _key_getter(positions: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """A C-level function returning the cells at `positions` as a tuple (the cache key)."""
    if len(positions) >= 2:
        return itemgetter(*positions)
    if positions:
        only = positions[0]
        return lambda row: (row[only],)
    return lambda row: ()


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """" (did you mean 'x'?)" for the closest of `choices` to a misspelt `value`, or ""."""
    close = difflib.get_close_matches(value.lower(), list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _one(column: str, raw: str, problems: list[str]) -> frozenset[str]:
    value = raw.strip().lower()
    if not value:
        return frozenset()
    if value not in ALLOWED[column]:
        problems.append(Problem(
            f"column {column!r}: value {raw.strip()!r} is not allowed"
            f"{did_you_mean(value, ALLOWED[column])}; "
            f"expected one of {', '.join(ALLOWED[column])} or blank", column, raw.strip()))
        return frozenset()
    return frozenset((value,))


def _boolean(column: str, raw: str, problems: list[str]) -> frozenset[bool]:
    """A yes/no cell in any usual spelling (`BOOLEAN_SPELLINGS`); blank: unknown."""
    value = raw.strip().lower()
    if not value:
        return frozenset()
    if value not in BOOLEAN_SPELLINGS:
        problems.append(Problem(
            f"column {column!r}: value {raw.strip()!r} is not allowed; expected yes or no "
            "(or true/false, y/n, 1/0, in any case) or blank", column, raw.strip()))
        return frozenset()
    return frozenset((BOOLEAN_SPELLINGS[value],))


def parse_cells(cells: dict[str, str]) -> Facts | list[str]:
    """Turn one row's fact cells into Facts, or return the list of problems."""
    problems: list[str] = []
    relation = _one("relation", cells.get("relation", ""), problems)
    values = {column: _one(column, cells.get(column, ""), problems)
              for column in (*VALUE_COLUMNS, *PLACE_COLUMNS)}
    integers = {column: _integer(column, cells.get(column, ""), problems)
                for column in INTEGER_COLUMNS}
    booleans = {column: _boolean(column, cells.get(column, ""), problems)
                for column in BOOLEAN_COLUMNS}
    complete = _places("workplaces", cells, problems)
    known = _places("workplaces_known", cells, problems)
    if complete and known:
        problems.append(Problem(
            "columns 'workplaces' and 'workplaces_known': both given; give the complete list "
            "in 'workplaces' or the places known so far (others open) in 'workplaces_known', "
            "not both", "workplaces_known", cells.get("workplaces_known", "").strip()))
    if problems:
        return problems
    return Facts(
        relations=relation,
        workplaces=complete or known,
        workplaces_allowed=complete or None,
        **values,
        **booleans,
        **integers,
    )


def _places(column: str, cells: dict[str, str], problems: list[str]) -> frozenset[str]:
    """The kinds of place in a ';'-separated workplaces cell; blank: none."""
    places: set[str] = set()
    for piece in cells.get(column, "").split(";"):
        value = piece.strip().lower()
        if not value:
            continue
        if value not in ALLOWED[column]:
            problems.append(Problem(
                f"column {column!r}: value {piece.strip()!r} is not allowed"
                f"{did_you_mean(value, ALLOWED[column])}; expected "
                f"';'-separated values from {', '.join(ALLOWED[column])}, or blank",
                column, piece.strip()))
        else:
            places.add(value)
    return frozenset(places)


def _integer(column: str, raw: str, problems: list[str]) -> frozenset[int]:
    """An integer cell within the range the ontology gives its property; blank: unknown."""
    text = raw.strip()
    if not text:
        return frozenset()
    low, high = integer_range(column)
    value = int(text) if text.isascii() and text.isdigit() else None
    if value is None or not low <= value <= high:
        problems.append(Problem(
            f"column {column!r}: value {text!r} is not allowed; expected a whole number "
            f"from {low} to {high}, or blank", column, text))
        return frozenset()
    return frozenset((value,))
