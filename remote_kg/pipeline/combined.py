"""Several inputs answered as one: the answers of each file, in order, in one output.

All inputs must hold one kind (worker records or job postings), and an id may be in one
input only. Each input is read whole by its own reader (several inputs are not streamed);
CSV and Parquet inputs whose kept extra columns differ (or postings whose kept fields
differ) give the union of those columns, in the order they first appear, blank where an
input has no such column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remote_kg.errors import InconsistentDataError, InputError
from remote_kg.model.ontology import DEFAULT_BASE
from remote_kg.pipeline.performer_kinds import KindsAcross, record_namings
from remote_kg.pipeline.readers import Input


@dataclass(frozen=True)
class Read:
    """One input and what its reader read from it."""

    input: Input
    items: list[Any]


def common_kind(sources: Sequence[Input]) -> str:
    """What every input holds ("records" or "postings"); InputError naming one input of
    each kind when they differ."""
    kinds = {source.holds: source for source in sources}
    if len(kinds) > 1:
        words = {"records": "worker records", "postings": "job postings"}
        named = " and ".join(f"{words.get(k, k)} ({s.path})" for k, s in kinds.items())
        raise InputError(f"the inputs hold {named}; give inputs of one kind at a time")
    return next(iter(kinds))


def read_all(sources: Sequence[Input], base: str = DEFAULT_BASE) -> list[Read]:
    """Every input read, in order; InputError listing the problems of every input, then
    one problem per id that two inputs hold (naming the id and both files), then one
    line for a performer two inputs give different kinds (`performer_kinds`)."""
    reads: list[Read] = []
    problems: list[str] = []
    for source in sources:
        try:
            reads.append(Read(source, source.read(base)))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    first: dict[str, Path] = {}
    for read in reads:
        for item in read.items:
            where = first.setdefault(item.id, read.input.path)
            if where != read.input.path:
                problems.append(f"id {item.id!r} is in two inputs: {where} and "
                                f"{read.input.path}; ids must be unique across the inputs")
    if problems:
        raise InputError(problems)
    if len(reads) > 1:  # within one input its reader checked them
        kinds = KindsAcross()
        for read in reads:
            kinds.add(record_namings(read.input, read.items, base))
    return reads


def classify_all(sources: Sequence[Input], fmt: str, output: str | None, engine,
                 base: str = DEFAULT_BASE, explainer=None, ontology: Path | None = None,
                 ) -> None:
    """Classify every input with `engine` and write the answers, each input's in order,
    as one output in `fmt` (`output` None: stdout), all or nothing."""
    from remote_kg.pipeline.classify import classify_read, extras_of
    from remote_kg.pipeline.writers import Classified, check_extra_names, writer_for
    from remote_kg.rdf.provenance import run_for

    holds = common_kind(sources)
    reads = read_all(sources, base)
    categories = list(engine.categories)
    items: list[Any] = []
    results: list[Any] = []
    names: list[str] = []
    cells: list[tuple[list[str], dict]] = []
    problems: list[str] = []
    for read in reads:
        path, reader = read.input.path, read.input.reader
        try:
            results += classify_read(reader, read.items, engine, str(path))
        except InconsistentDataError as exc:
            problems += exc.problems
            continue
        items += read.items
        found, extras = extras_of(path, reader, categories, read.items)
        names += [n for n in found if n not in names]
        cells.append((found, extras))
    if problems:
        raise InconsistentDataError(problems)
    check_extra_names(sources[0].path, names, categories, holds)
    blank = None if holds == "postings" else ""  # a posting without the field: null
    extras = {record_id: _aligned(found, row, names, blank)
              for found, by_id in cells for record_id, row in by_id.items()}
    readers = {read.input.reader.name for read in reads}
    paths = [source.path for source in sources]
    run = run_for(paths, engine.name, ",".join(categories), base, ontology)
    batch = Classified(paths[0], holds, readers.pop() if len(readers) == 1 else "several",
                       items, results, categories, names, extras, base, explainer, run,
                       paths)
    writer_for(fmt).write(output, batch)


def _aligned(found: list[str], row: tuple, names: list[str], blank: str | None) -> tuple:
    """One record's kept cells under the union of the inputs' kept columns (`blank` where
    its input has no such column)."""
    if found == names:
        return row
    by_name = dict(zip(found, row))
    return tuple(by_name.get(name, blank) for name in names)
