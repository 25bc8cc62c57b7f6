"""Setting bad rows aside (`--rejects`): an input's good rows, as an input of their own.

The input is read once with its reader's own rules, each refused row handed to the rejects
(`pipeline.rejects`) instead of failing the file; the distinct facts of the rows left are
asked of the engine, and those it finds inconsistent are refused too. The good rows then go
on as a file of their own (CSV and Parquet: a temporary copy holding them alone, read by
the same reader and route as any file; postings: the postings read), so their answers are
by construction those a file of only the good rows would give. Errors about the whole
file (unreadable, no `id` column, an unknown column) still refuse it.

A row is refused for what it holds or for clashing with an earlier row: a duplicate id
(the later row is refused, naming the first one's line) or a performer given another kind
(the later row). An earlier row keeps its id or kind even when it is refused itself.
"""

from __future__ import annotations

import contextlib
import csv
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from remote_kg.classification.answers import inconsistent_message
from remote_kg.errors import RemoteKGError
from remote_kg.model.records import CsvRecordReader
from remote_kg.model.refusals import Problem, Refusal
from remote_kg.pipeline.readers import Input, Reader
from remote_kg.pipeline.rejects import RejectsFile


@dataclass(frozen=True)
class GoodRows:
    """The good rows of an input, as an input; how many rows the input had; and the
    engine to classify them with (for a slow engine, one that remembers the answers
    already found while looking for inconsistent rows)."""

    input: Input
    total: int
    answers: dict = field(default_factory=dict, repr=False)
    engine: Any = None


class Remembering:
    """An engine that answers the facts it was already asked about from memory."""

    def __init__(self, engine, answers: dict):
        self._engine = engine
        self._answers = answers

    def classify(self, facts) -> dict:
        wanted = list(dict.fromkeys(facts))
        missing = [f for f in wanted if f not in self._answers]
        if missing:
            self._answers.update(self._engine.classify(missing))
        return {f: self._answers[f] for f in wanted}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)


@contextlib.contextmanager
def good_rows(source: Input, engine, rejects_path: Path, base: str,
              all_facts: bool = True) -> Iterator[tuple[GoodRows, RejectsFile]]:
    """The good rows of `source` (CSV, Parquet or postings) and the rejects file holding
    the others; the rejects are written when the block ends without error. `all_facts`
    False reads only the columns the engine's categories read, as the CSV routes of the
    fast engine do (so a row is inconsistent here exactly when it would be there)."""
    kind = source.reader.name
    with tempfile.TemporaryDirectory(prefix="remote-kg-rejects-") as scratch:
        if kind == "csv":
            rejects = RejectsFile(rejects_path, "line")
            good = _csv_good_rows(source.path, engine, rejects, base, all_facts, Path(scratch))
        elif kind == "parquet":
            rejects = RejectsFile(rejects_path, "row")
            good = _parquet_good_rows(source.path, engine, rejects, base, Path(scratch))
        elif source.holds == "postings" and kind == "postings":
            rejects = RejectsFile(rejects_path, "position", "field", None, "posting")
            good = _postings_good_rows(source, engine, rejects, base)
        else:
            from remote_kg.errors import InputError

            raise InputError(f"{source.path}: --rejects sets aside rows of CSV and Parquet "
                             "files and postings of JSON-LD and HTML files; an RDF file has "
                             "no rows (classify it without --rejects)")
        remembered = engine if engine.name == "fast" else Remembering(engine, good.answers)
        good = replace(good, engine=remembered)
        try:
            yield good, rejects
        except RemoteKGError as exc:  # name the input, not its temporary copy
            if good.input.path != source.path:
                exc.problems = [p.replace(str(good.input.path), str(source.path))
                                for p in exc.problems]
                exc.args = ("\n".join(exc.problems),)
            raise
        rejects.write()


def _inconsistent(engine, facts: list[Any]) -> tuple[set[Any], dict]:
    """The distinct facts among `facts` that the engine finds inconsistent, and the
    engine's answers for all of them."""
    answers = engine.classify(dict.fromkeys(facts))
    return {f for f, answer in answers.items() if not answer.consistent}, answers


def _refuse_inconsistent(rejects: RejectsFile, holds: str, where: int, record_id: str,
                         iri: str, cells: Any) -> None:
    rejects.add(Refusal(where, (Problem(inconsistent_message(holds, iri, record_id)),),
                        cells, record_id))


# -- CSV ---------------------------------------------------------------------------------------

def _csv_good_rows(path: Path, engine, rejects: RejectsFile, base: str, all_facts: bool,
                   scratch: Path) -> GoodRows:
    from remote_kg.pipeline.readers import CSV
    from remote_kg.rdf.records import record_iri

    reader = CsvRecordReader(path)
    if not all_facts:
        reader.keep_facts = engine.columns
    reader.set_aside = rejects.add
    copy = scratch / f"good{path.suffix.lower()}"
    lines: list[int] = []
    facts: list[Any] = []
    with open(copy, "w", encoding="utf-8", newline="") as handle:
        writer = None
        for line, _record_id, row_facts, cells in reader.rows_with_cells():
            if writer is None:
                writer = _csv_writer(handle, reader)
            writer.writerow(cells)
            lines.append(line)
            facts.append(row_facts)
        if writer is None and reader.header:
            _csv_writer(handle, reader)
    reader.raise_if_problems()  # what is about the whole file (a malformed CSV)
    rejects.header = reader.header
    total = len(lines) + rejects.count
    bad, answers = _inconsistent(engine, facts)
    if bad:
        kept = scratch / f"consistent{path.suffix.lower()}"
        with open(copy, encoding="utf-8", newline="") as source, \
                open(kept, "w", encoding="utf-8", newline="") as handle:
            rows = csv.reader(source, delimiter=reader.delimiter, strict=True)
            writer = _csv_writer(handle, reader)
            next(rows)
            id_at = reader.options.names(reader.header).index("id")
            for line, row_facts, cells in zip(lines, facts, rows):
                if row_facts in bad:
                    record_id = cells[id_at].strip()
                    _refuse_inconsistent(rejects, "records", line, record_id,
                                         record_iri(base, record_id), cells)
                else:
                    writer.writerow(cells)
        copy = kept
    return GoodRows(Input(copy, CSV), total, answers)


def _csv_writer(handle, reader: CsvRecordReader):
    """A writer of the copy, which reads back as the input did: same delimiter and header."""
    writer = csv.writer(handle, delimiter=reader.delimiter, lineterminator="\r\n")
    writer.writerow(reader.header)
    return writer


# -- Parquet -----------------------------------------------------------------------------------

def _parquet_good_rows(path: Path, engine, rejects: RejectsFile, base: str,
                       scratch: Path) -> GoodRows:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from remote_kg.columnar.table import TableReader, open_parquet, parquet_batches
    from remote_kg.model.records import CSV_OPTIONS
    from remote_kg.pipeline.readers import PARQUET
    from remote_kg.rdf.records import record_iri

    parquet = open_parquet(path)
    names = parquet.schema_arrow.names
    reader = TableReader(names, str(path), CSV_OPTIONS.get().extra_columns,
                         CSV_OPTIONS.get().columns)
    reader.set_aside = rejects.add
    rejects.header = list(names)
    batches = []
    good: list[int] = []  # row numbers (from 1) of the rows read well
    ids: list[str] = []
    facts: list[Any] = []
    first = 1
    for batch in parquet_batches(parquet, path):
        for row, record_id, _label, row_facts, _who in reader.rows_with_performers(batch, first):
            if row_facts is not None:
                good.append(row)
                ids.append(record_id)
                facts.append(row_facts)
        batches.append(batch)
        first += batch.num_rows
    reader.raise_if_problems()
    table = pa.Table.from_batches(batches, schema=parquet.schema_arrow)
    bad, answers = _inconsistent(engine, facts)
    kept = [row for row, f in zip(good, facts) if f not in bad]
    for row, record_id, f in zip(good, ids, facts):
        if f in bad:
            _refuse_inconsistent(rejects, "records", row, record_id,
                                 record_iri(base, record_id), None)
    rejects.refusals[:] = [replace(r, cells=table.slice(r.where - 1, 1).to_pylist()[0])
                           for r in rejects.refusals]
    copy = scratch / "good.parquet"
    pq.write_table(table.take(pa.array([r - 1 for r in kept], pa.int64())), copy)
    return GoodRows(Input(copy, PARQUET), first - 1, answers)


# -- postings ----------------------------------------------------------------------------------

def _postings_good_rows(source: Input, engine, rejects: RejectsFile, base: str) -> GoodRows:
    from remote_kg.pipeline.postings import read_postings_apart

    read = read_postings_apart(source.path, base, rejects.add)
    total = len(read.postings) + rejects.count
    bad, answers = _inconsistent(engine, [p.facts for p in read.postings])
    good = []
    for position, posting in zip(read.positions, read.postings):
        if posting.facts in bad:
            _refuse_inconsistent(rejects, "postings", position, posting.id, posting.iri,
                                 read.originals.get(posting.id))
        else:
            good.append(posting)
    reader = source.reader
    held = Reader(reader.name, reader.holds, reader.matches, lambda _path, _base: good)
    return GoodRows(Input(source.path, held), total, answers)
