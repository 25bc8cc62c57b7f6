"""Records in an Arrow table: read with the CSV's contract, answered one column per
category (is / is_not / unknown), every other column kept as it was."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from remote_kg.errors import INTERFACE, InconsistentDataError, InputError, option_name
from remote_kg.model.records import (
    CSV_OPTIONS,
    CollectsProblems,
    CsvOptions,
    Facts,
    Performer,
    PerformerKinds,
    column_pairs,
    columns_example,
    did_you_mean,
    parse_cells,
    parse_performer,
)
from remote_kg.model.refusals import Problem, SetAside
from remote_kg.model.vocab import COLUMNS, FACT_COLUMNS, PERFORMER_COLUMNS
from remote_kg.reasoners.answer import Reasoner


def cell_text(value: Any) -> str:
    """A cell as the CSV would hold it: null is blank, booleans are yes / no."""
    if value is None:
        return ""
    if value is True or value is False:
        return "yes" if value else "no"
    return str(value)


class TableReader(CollectsProblems):
    """Checks an Arrow table's columns and turns its rows into facts, collecting every
    problem (named by row, counted from 1, and column) as the CSV reader does (or setting
    refused rows aside: `set_aside`)."""

    row_word = "row"

    def __init__(self, names: list[str], source: str, extra_columns: str = "refuse",
                 columns: tuple[tuple[str, str], ...] = ()):
        self.source = source
        self.problems: list[str] = []
        self.problem_count = 0
        lowered = CsvOptions(columns=columns).names(names)
        unknown = [n for n, low in zip(names, lowered) if low not in COLUMNS]
        problems = []
        if unknown and extra_columns == "refuse":
            named = ", ".join(f"{n!r}{did_you_mean(n, COLUMNS)}" for n in unknown)
            problems.append(f"{source}: unknown column(s) {named}; allowed columns: "
                            f"{', '.join(COLUMNS)}; to read a file with other columns too, "
                            f"pass {option_name('extra-columns', 'keep')} or "
                            f"{option_name('extra-columns', 'ignore')}, or map a name to ours "
                            f"with {columns_example('Their name', 'our_name')}")
        if "id" not in lowered:
            problems.append(f"{source}: missing required column 'id'" + (
                "" if columns else f"; or map the name it has to ours with "
                f"{columns_example('Their name', 'id')}"))
        duplicated = sorted({n for n in lowered if n and lowered.count(n) > 1})  # as the CSV
        if duplicated:
            problems.append(f"{source}: duplicate column(s) {', '.join(duplicated)}")
        if problems:
            raise InputError(problems)
        self.column = {low: name for name, low in zip(names, lowered) if low in COLUMNS}
        self.extras = [n for n, low in zip(names, lowered) if low not in COLUMNS]
        self._cache: dict[tuple[str, ...], Facts | list[str]] = {}
        self._seen: dict[str, int] = {}
        self._kinds = PerformerKinds()

    @property
    def problem_source(self) -> str:
        return self.source

    def rows(self, batch, first_row: int) -> Iterator[tuple[int, str, str | None, Facts | None]]:
        """(row number, id, label, facts or None when the row is bad) for a record batch."""
        for row, record_id, label, facts, _ in self.rows_with_performers(batch, first_row):
            yield row, record_id, label, facts

    def rows_with_performers(self, batch, first_row: int,
                             ) -> Iterator[tuple[int, str, str | None, Facts | None,
                                                 Performer | None]]:
        """`rows`, each with who does the record's work (None: not recorded)."""
        names = [c for c in FACT_COLUMNS if c in self.column]
        who = [c for c in PERFORMER_COLUMNS if c in self.column]
        read = ["id", *(["label"] if "label" in self.column else []), *names, *who]
        check_scalar(batch.schema, [self.column[c] for c in read], self.source)
        undecoded: dict[int, str] = {}  # row: why a binary cell is not UTF-8 text
        cells = [self._values(batch, c, first_row, undecoded) for c in names]
        ids = self._values(batch, "id", first_row, undecoded)
        labels = (self._values(batch, "label", first_row, undecoded) if "label" in self.column
                  else [None] * len(ids))
        performer_cells = list(zip(*(self._values(batch, c, first_row, undecoded)
                                     for c in who))) if who else [()] * len(ids)
        for offset, (raw_id, label, *values) in enumerate(zip(ids, labels, *cells)):
            row = first_row + offset
            if row in undecoded:
                self._refuse(row, [undecoded[row]])
                yield row, cell_text(raw_id).strip(), None, None, None
                continue
            record_id = cell_text(raw_id).strip()
            if not record_id:
                self._refuse(row, [Problem("column 'id': empty; every row needs an id", "id")])
                yield row, record_id, None, None, None
                continue
            if record_id in self._seen:
                self._refuse(row, [Problem(f"column 'id': duplicate id {record_id!r} (first "
                                           f"used on row {self._seen[record_id]})", "id",
                                           record_id)], record_id=record_id)
                yield row, record_id, None, None, None
                continue
            self._seen[record_id] = row
            key = tuple(cell_text(v) for v in values)
            facts = self._cache.get(key)
            if facts is None:
                facts = self._cache[key] = parse_cells(dict(zip(names, key)))
            refused = list(facts) if isinstance(facts, list) else []
            performer = None
            if who:
                found = parse_performer(dict(zip(who, map(cell_text, performer_cells[offset]))))
                if isinstance(found, list):
                    refused += found
                else:
                    performer = found
                    clash = self._kinds.check(performer, f"row {row}")
                    if clash:
                        refused.append(clash)
            if refused:
                self._refuse(row, refused, record_id=record_id)
                yield row, record_id, None, None, None
                continue
            text = cell_text(label).strip()
            yield row, record_id, text or None, facts, performer


    def _values(self, batch, column: str, first_row: int, undecoded: dict[int, str]) -> list:
        return column_values(batch, self.column[column], first_row, undecoded)


def column_values(batch, name: str, first_row: int, undecoded: dict[int, str]) -> list:
    """A column's cells as Python values, binary ones decoded as UTF-8; a cell that is not
    UTF-8 (binary, or a Parquet string column's bytes, which pyarrow does not check) is
    noted in ``undecoded`` by row, and read as blank."""
    import pyarrow as pa

    column = batch.column(name)
    if not is_binary(column.type):
        try:
            return column.to_pylist()
        except UnicodeDecodeError:  # string data that is not UTF-8: found cell by cell below
            if pa.types.is_dictionary(column.type):
                column = column.dictionary_decode()
            column = column.cast(pa.large_binary())
    values = column.to_pylist()
    return [_decoded(v, name, first_row + i, undecoded) for i, v in enumerate(values)]


def _decoded(value: Any, name: str, row: int, undecoded: dict[int, str]) -> Any:
    if not isinstance(value, bytes):
        return value
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError as exc:
        undecoded.setdefault(row, f"column {name!r}: value is not UTF-8 text (byte "
                                  f"0x{value[exc.start]:02x} at offset {exc.start}); "
                                  "expected text")
        return None


def is_binary(arrow_type) -> bool:
    import pyarrow as pa

    if pa.types.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    return (pa.types.is_binary(arrow_type) or pa.types.is_large_binary(arrow_type)
            or pa.types.is_fixed_size_binary(arrow_type)
            or getattr(pa.types, "is_binary_view", lambda _t: False)(arrow_type))


def check_scalar(schema, names: list[str], source: str) -> None:
    """Refuse, by name, the columns among ``names`` whose values are lists, structs, maps or
    unions: a cell is one value (text, number, boolean, date), read as the CSV's text."""
    import pyarrow as pa

    problems = []
    for name in names:
        arrow_type = schema.field(name).type
        storage = getattr(arrow_type, "storage_type", arrow_type)  # extension types
        if pa.types.is_dictionary(storage):
            storage = storage.value_type
        if pa.types.is_nested(storage):
            problems.append(f"{source}: column {name!r} holds {arrow_type}; expected one value "
                            "per cell (text, number, boolean or date)")
    if problems:
        raise InputError(problems)


class Answers:
    """Each distinct set of facts answered once, as one status per category; records that
    contradict the ontology are collected and raised by `raise_if_inconsistent`."""

    def __init__(self, engine: Reasoner, source: str):
        self.engine = engine
        self.source = source
        self._found: dict[Facts, list[str]] = {}
        self.inconsistent: list[str] = []

    def of(self, facts: Facts, where: str) -> list[str]:
        """The statuses for ``facts`` (``where`` names the record if they clash)."""
        found = self._found.get(facts)
        if found is None:
            answer = self.engine.classify([facts])[facts]
            if not answer.consistent:
                self.inconsistent.append(f"{self.source}: inconsistent record at {where}")
            found = self._found[facts] = [answer.status(c) for c in self.engine.categories]
        return found

    def raise_if_inconsistent(self) -> None:
        if self.inconsistent:
            raise InconsistentDataError(self.inconsistent)


class Answering:
    """Answers an Arrow table's batches of rows (`Answers`); problems and inconsistent
    records are raised together by `finish`."""

    def __init__(self, reader: TableReader, engine: Reasoner):
        self.reader = reader
        self.engine = engine
        self.answers = Answers(engine, reader.source)
        self.next_row = 1

    def batch(self, batch) -> dict[str, list]:
        """Per category, the answer of each row of the batch (None for a bad row)."""
        categories = self.engine.categories
        columns: dict[str, list] = {c: [] for c in categories}
        for row, record_id, _label, facts in self.reader.rows(batch, self.next_row):
            statuses: list = [None] * len(categories)
            if facts is not None:
                statuses = self.answers.of(facts, f"row {row}, id {record_id!r}")
            for category, status in zip(categories, statuses):
                columns[category].append(status)
        self.next_row += batch.num_rows
        return columns

    def finish(self) -> None:
        self.reader.raise_if_problems()
        self.answers.raise_if_inconsistent()


def answered_batches(reader: TableReader, batches: Iterable[Any], engine,
                     ) -> Iterator[tuple[Any, dict[str, list]]]:
    """Each batch with, per category, the answer of each of its rows (None for a bad row);
    the rows' problems and inconsistent records are raised after the last batch, so a
    caller writing as it goes never finishes a bad output."""
    answering = Answering(reader, engine)
    for batch in batches:
        yield batch, answering.batch(batch)
    answering.finish()


def answer_columns(reader: TableReader, batches, engine: Reasoner) -> dict[str, list]:
    """Per category, the answer of every row of the batches."""
    columns: dict[str, list] = {c: [] for c in engine.categories}
    for _batch, answers in answered_batches(reader, batches, engine):
        for category, values in answers.items():
            columns[category].extend(values)
    return columns


def classify_table(table, engine: Reasoner | None = None, source: str = "the table",
                   extra_columns: str = "keep", columns: Mapping[str, str] | str | None = None):
    """The Arrow table with one string column per category (is / is_not / unknown) added;
    with extra_columns "keep" every other column stays, with "ignore" only id and label do
    ("refuse" refuses a table with other columns). `columns` names the table's columns
    that are ours under other names ({"Employee ID": "id"}). Errors name keywords."""
    token = INTERFACE.set("python")
    try:
        return _classify_table(table, engine, source, extra_columns, column_pairs(columns))
    finally:
        INTERFACE.reset(token)


def _classify_table(table, engine: Reasoner | None, source: str, extra_columns: str,
                    columns: tuple[tuple[str, str], ...]):
    require_pyarrow()
    import pyarrow as pa

    from remote_kg.reasoners.fast import FastReasoner

    engine = engine or FastReasoner.for_ontology(None)
    reader = TableReader(table.column_names, source, extra_columns, columns)
    taken = {c.lower() for c in engine.categories}
    clashes = [n for n in table.column_names if n.lower() in taken]
    if clashes:
        raise InputError(f"{source}: column(s) {', '.join(map(repr, clashes))} would clash "
                         "with the category columns added; rename them")
    columns = answer_columns(reader, table.to_batches(), engine)
    if extra_columns != "keep":
        kept = [reader.column[c] for c in ("id", "label") if c in reader.column]
        table = table.select(kept)
    for category in engine.categories:
        table = table.append_column(category, pa.array(columns[category], pa.string()))
    return table


def classify_frame(frame, engine: Reasoner | None = None, *, extra_columns: str = "keep",
                   columns: Mapping[str, str] | str | None = None):
    """A pandas or polars DataFrame, an Arrow table, record batch or record batch reader
    (read whole), or a DuckDB relation of records, returned as the same kind of object
    with one column per category added (`classify_table`'s `extra_columns`
    and `columns`)."""
    module = type(frame).__module__.split(".")[0]
    if module == "pandas":
        import pyarrow as pa

        try:
            table = pa.Table.from_pandas(frame, preserve_index=False)
        except (ValueError, TypeError, pa.ArrowException) as exc:  # duplicate names, mixed cells
            raise InputError(f"the DataFrame: cannot be read as a table ({_reason(exc)})") from exc
        return classify_table(table, engine, "the DataFrame", extra_columns, columns).to_pandas()
    if module == "polars":
        import polars as pl

        return pl.from_arrow(classify_table(frame.to_arrow(), engine, "the DataFrame",
                                            extra_columns, columns))
    if module == "pyarrow":
        import pyarrow as pa

        if isinstance(frame, pa.RecordBatch):
            table = classify_table(pa.Table.from_batches([frame]), engine, "the record batch",
                                   extra_columns, columns).combine_chunks()
            batches = table.to_batches()
            return batches[0] if batches else pa.RecordBatch.from_pylist([], table.schema)
        if isinstance(frame, pa.RecordBatchReader):
            # read whole: a bad row is refused before any answer is handed out
            table = classify_table(frame.read_all(), engine, "the record batch reader",
                                   extra_columns, columns)
            return table.to_reader()
        return classify_table(frame, engine, "the table", extra_columns, columns)
    if module == "duckdb":
        import duckdb
        import pyarrow as pa

        arrow = frame.fetch_arrow_table() if hasattr(frame, "fetch_arrow_table") else (
            frame.arrow())
        if isinstance(arrow, pa.RecordBatchReader):  # DuckDB 1.4's .arrow() streams
            arrow = arrow.read_all()
        table = classify_table(arrow, engine, "the DuckDB relation", extra_columns, columns)
        return duckdb.from_arrow(table)
    raise InputError(f"cannot classify a {type(frame).__name__}: expected a pandas or polars "
                     "DataFrame, an Arrow table, record batch or record batch reader, or a "
                     "DuckDB relation")


def read_parquet_records(path: Path, base: str, set_aside: SetAside | None = None):
    """The records of a Parquet file (for the commands that take records); with
    `set_aside` (`model.refusals.SetAside`), each refused row is handed to it."""
    from remote_kg.model.records import Record
    from remote_kg.rdf.records import record_iri, with_performer

    parquet = open_parquet(path)
    reader = TableReader(parquet.schema_arrow.names, str(path),
                         CSV_OPTIONS.get().extra_columns, CSV_OPTIONS.get().columns)
    reader.set_aside = set_aside
    records = []
    first = 1
    for batch in parquet_batches(parquet, path, [reader.column[c] for c in reader.column]):
        for _row, record_id, label, facts, who in reader.rows_with_performers(batch, first):
            if facts is not None:
                record = Record(record_id, record_iri(base, record_id), facts, label)
                records.append(with_performer(record, base, who))
        first += batch.num_rows
    reader.raise_if_problems()
    return records


def require_pyarrow() -> None:
    """InputError, not a traceback, when the columnar extra is not installed."""
    try:
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise InputError("Parquet files and DataFrames need pyarrow: "
                         "pip install 'remote-kg[columnar]'") from exc


def _reason(exc: BaseException) -> str:
    """pyarrow's message on one line."""
    return " ".join(str(exc).split()) or type(exc).__name__


def open_parquet(path: Path):
    """The Parquet file's reader (its footer read; pages with checksums are checked)."""
    require_pyarrow()
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path, page_checksum_verification=True)
        parquet.schema_arrow  # noqa: B018 - a schema Arrow cannot take fails here
        return parquet
    except (OSError, ValueError, MemoryError, pa.ArrowException) as exc:
        raise InputError(f"{path}: not a readable Parquet file ({_reason(exc)})") from exc


def parquet_batches(parquet, path: Path, columns: list[str] | None = None,
                    batch_size: int = 65_536) -> Iterator:
    """The file's record batches (of ``columns``, or all), read to the last page: damaged
    data is an InputError naming the row group and column, raised before anything is
    written from the rows after it."""
    import pyarrow as pa

    batches = parquet.iter_batches(batch_size=batch_size, columns=columns)
    done = 0
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except (OSError, ValueError, MemoryError, pa.ArrowException) as exc:
            raise InputError(_damage(parquet, path, done, columns, exc)) from exc
        done += batch.num_rows
        yield batch


def _damage(parquet, path: Path, done: int, columns: list[str] | None,
            exc: BaseException) -> str:
    """One line naming where a Parquet file's data cannot be read: the row group and column
    found by reading each on its own, from the row group holding row ``done`` on."""
    import pyarrow as pa

    metadata = parquet.metadata
    start = 0
    for group in range(metadata.num_row_groups):
        rows = metadata.row_group(group).num_rows
        if start + rows > done or group == metadata.num_row_groups - 1:
            for name in columns or parquet.schema_arrow.names:
                try:
                    parquet.read_row_group(group, columns=[name])
                except (OSError, ValueError, MemoryError, pa.ArrowException) as found:
                    return (f"{path}: damaged Parquet data in row group {group + 1} of "
                            f"{metadata.num_row_groups}, column {name!r}: {_reason(found)}")
        start += rows
    return f"{path}: damaged Parquet data after row {done}: {_reason(exc)}"


def parquet_extras(path: Path) -> tuple[list[str], dict[str, tuple[str, ...]]]:
    """A Parquet file's other columns (kept under --extra-columns keep) and each record's
    cells in them, as text (as from a CSV): for JSON and CSV output."""
    parquet = open_parquet(path)
    reader = TableReader(parquet.schema_arrow.names, str(path), "keep",
                         CSV_OPTIONS.get().columns)
    check_scalar(parquet.schema_arrow, reader.extras, str(path))  # they become text
    cells: dict[str, tuple[str, ...]] = {}
    first = 1
    for batch in parquet_batches(parquet, path, [reader.column["id"], *reader.extras]):
        undecoded: dict[int, str] = {}
        ids = reader._values(batch, "id", first, undecoded)
        columns = [column_values(batch, name, first, undecoded) for name in reader.extras]
        if undecoded:
            row = min(undecoded)
            raise InputError(f"{path}: row {row}, {undecoded[row]}")
        for i, record_id in enumerate(ids):
            cells[cell_text(record_id).strip()] = tuple(cell_text(c[i]) for c in columns)
        first += batch.num_rows
    return reader.extras, cells
