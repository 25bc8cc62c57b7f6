"""`classify` with Parquet: records in from a Parquet file or a CSV, answers out as a
Parquet file with the CSV output's columns (id, label, kept columns, one per category),
written in batches so the file's size does not bound memory."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from remote_kg.columnar.table import (
    Answers,
    TableReader,
    answered_batches,
    column_values,
    open_parquet,
    parquet_batches,
    require_pyarrow,
)
from remote_kg.errors import InputError
from remote_kg.model.records import CSV_OPTIONS, CsvRecordReader
from remote_kg.outputs import atomic_path
from remote_kg.reasoners.answer import Reasoner

BATCH_ROWS = 65_536


def classify_to_parquet(path: Path, output: str | None, engine: Reasoner,
                        source_is_parquet: bool) -> None:
    """Write the answers for every record of ``path`` to the Parquet file ``output``."""
    require_pyarrow()
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not output or output == "-":
        raise InputError("Parquet output is binary: give a file with -o OUT.parquet")
    extra = CSV_OPTIONS.get().extra_columns
    with answers_file(Path(output)) as tmp:
        writer = None
        for table in _answered_tables(path, engine, source_is_parquet, extra):
            if writer is None:
                writer = pq.ParquetWriter(tmp, table.schema)
            writer.write_table(table)
        if writer is None:  # no rows at all: an empty file with the output's columns
            empty = pa.table({c: pa.array([], pa.string())
                              for c in ["id", "label", *engine.categories]})
            writer = pq.ParquetWriter(tmp, empty.schema)
            writer.write_table(empty)
        writer.close()


def write_answers(output: str | None, heads: list[tuple[str, str | None]], results,
                  categories: list[str], references: list[list[int]] | None = None,
                  entries: list[dict] | None = None,
                  kept: tuple[list[str], list[tuple]] | None = None) -> None:
    """Write answers already computed (id and label, then is / is_not / unknown per
    category) to the Parquet file ``output``; with ``kept`` (column names, each record's
    cells), the kept columns after the label, a column of numbers as numbers; with
    ``references``, each record's explanation entry numbers too (column
    ``explanation``), and the entries to the file `explanations_path` names beside it."""
    require_pyarrow()
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not output or output == "-":
        raise InputError("Parquet output is binary: give a file with -o OUT.parquet")
    columns = {"id": pa.array([h[0] for h in heads], pa.string()),
               "label": pa.array([h[1] for h in heads], pa.string())}
    names, rows = kept or ([], [])
    for i, name in enumerate(names):
        columns[name] = kept_column([row[i] for row in rows])
    for category in categories:
        columns[category] = pa.array([r.status(category) for r in results], pa.string())
    if references is not None:
        columns["explanation"] = pa.array(references, pa.list_(pa.int32()))
    with answers_file(Path(output), None if references is None else entries or []) as tmp:
        pq.write_table(pa.table(columns), tmp)


@contextlib.contextmanager
def answers_file(output: Path, entries: list[dict] | None = None) -> Iterator[str]:
    """A temporary name to write the answers ``output`` to, as `atomic_path` gives. With
    ``entries``, their file beside it (`explanations_path`) is written too, and neither
    replaces what was there unless both were written. Without, the explanations file an
    earlier `--explain` left beside ``output`` is removed once the new answers are in
    place: it explained the answers they replace (a file that is not an explanations
    table is left alone)."""
    import pyarrow.parquet as pq

    beside = explanations_path(output)
    if entries is None:
        with atomic_path(output) as tmp:
            yield tmp
        if _holds_explanations(beside):
            with contextlib.suppress(FileNotFoundError):
                beside.unlink()
        return
    with atomic_path(output) as tmp, atomic_path(beside) as entries_tmp:
        pq.write_table(explanations_table(entries), entries_tmp)
        yield tmp


def _holds_explanations(path: Path) -> bool:
    """Whether ``path`` is a Parquet file with the columns `explanations_table` writes."""
    import pyarrow.parquet as pq

    if not path.is_file():
        return False
    try:
        names = pq.read_schema(path).names
    except Exception:  # noqa: BLE001 - not Parquet, unreadable: not ours to remove
        return False
    return names == explanations_table([]).schema.names


def kept_column(values: list):
    """A kept column as Arrow: numbers as int64 or double when it holds nothing else (and
    they fit), else text; None is null."""
    import pyarrow as pa

    if any(v is not None and not isinstance(v, str) for v in values):
        try:
            return pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            values = [v if v is None or isinstance(v, str) else str(v) for v in values]
    return pa.array(values, pa.string())


def explanations_path(output: Path) -> Path:
    """The file beside ``answers.parquet`` holding its explanations:
    ``answers.explanations.parquet``."""
    return output.with_name(f"{output.stem}.explanations{output.suffix or '.parquet'}")


def explanations_table(entries: list[dict]):
    """The explanation entries as an Arrow table: one row per entry, numbered
    (``explanation``) as the records refer to them, with the JSON form's fields nested."""
    import pyarrow as pa

    fact = pa.struct([("column", pa.string()), ("value", pa.string())])
    schema = pa.schema([
        ("explanation", pa.int32()), ("category", pa.string()), ("status", pa.string()),
        ("facts", pa.list_(fact)),
        ("axioms", pa.list_(pa.struct([("iri", pa.string()), ("text", pa.string()),
                                       ("source", pa.list_(pa.string()))]))),
        ("other_fact_sets", pa.list_(pa.list_(fact))),
        ("would_decide", pa.list_(pa.struct([("column", pa.string()), ("value", pa.string()),
                                             ("status", pa.string())]))),
    ])
    rows = [{"explanation": n, **entry} for n, entry in enumerate(entries)]
    return pa.Table.from_pylist(rows, schema=schema)


def _answered_tables(path: Path, engine: Reasoner, source_is_parquet: bool,
                     extra: str) -> Iterator:
    """Arrow tables of answers, batch by batch. Errors anywhere are raised before the
    caller renames its file, so a bad row leaves no output."""
    import pyarrow as pa

    if source_is_parquet:
        parquet = open_parquet(path)
        reader = TableReader(parquet.schema_arrow.names, str(path), extra,
                             CSV_OPTIONS.get().columns)
        kept = [reader.column[c] for c in ("id", "label") if c in reader.column]
        if extra == "keep":  # as in CSV output: id, label, then the other columns
            kept += reader.extras
        batches = parquet_batches(parquet, path, batch_size=BATCH_ROWS)
        first_row = 1
        for batch, columns in answered_batches(reader, batches, engine):
            _check_carried(path, batch, reader.extras if extra == "keep" else [], first_row)
            first_row += batch.num_rows
            table = _as_text(pa.Table.from_batches([batch]).select(kept),
                             [reader.column[c] for c in ("id", "label") if c in reader.column])
            ours = [c for c in ("id", "label") if c in reader.column]
            if kept[:len(ours)] != ours:  # named otherwise in the input (`--columns`)
                table = table.rename_columns(ours + kept[len(ours):])
            for category in engine.categories:
                table = table.append_column(category, pa.array(columns[category], pa.string()))
            yield table  # a bad row anywhere raises after the last, before the rename
        return
    yield from _csv_tables(path, engine)


def _as_text(table, names: list[str]):
    """``table`` with its binary id and label columns as text, as every other output has
    them (a value that is not UTF-8 was already found by the reader, which raises before
    the output is kept)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from remote_kg.columnar.table import is_binary

    for name in names:
        index = table.schema.get_field_index(name)
        if is_binary(table.schema.field(index).type):
            column = pc.cast(table.column(index), options=pc.CastOptions(
                target_type=pa.string(), allow_invalid_utf8=True))
            table = table.set_column(index, name, column)
    return table


def _check_carried(path: Path, batch, names: list[str], first_row: int) -> None:
    """The columns carried as they are must hold valid data (a Parquet string column's
    bytes are not checked as UTF-8 when read)."""
    import pyarrow as pa

    for name in names:
        try:
            batch.column(name).validate(full=True)
        except pa.ArrowInvalid as exc:
            undecoded: dict[int, str] = {}
            column_values(batch, name, first_row, undecoded)
            if undecoded:
                row = min(undecoded)
                raise InputError(f"{path}: row {row}, {undecoded[row]}") from exc
            raise InputError(f"{path}: column {name!r}: {' '.join(str(exc).split())}") from exc


def _csv_tables(path: Path, engine: Reasoner) -> Iterator:
    """The CSV's records answered, as Arrow tables of strings (id, label, kept columns,
    one column per category), a batch at a time."""
    import pyarrow as pa

    reader = CsvRecordReader(path)
    answers = Answers(engine, str(path))

    def table(chunk: list) -> pa.Table:
        names = ["id", "label", *reader.extra_names]
        data = {name: pa.array([row[1][i] for row in chunk], pa.string())
                for i, name in enumerate(names)}
        statuses = [answers.of(facts, f"line {line}, id {cells[0]!r}")
                    for line, cells, facts in chunk]
        for i, category in enumerate(engine.categories):
            data[category] = pa.array([s[i] for s in statuses], pa.string())
        return pa.table(data)

    chunk: list = []
    for line, record_id, label, facts, extras in reader.rows_with_extras():
        chunk.append((line, (record_id, label, *extras), facts))
        if len(chunk) >= BATCH_ROWS:
            yield table(chunk)
            chunk = []
    last = table(chunk) if chunk else None
    reader.raise_if_problems()
    answers.raise_if_inconsistent()
    if last is not None:
        yield last
