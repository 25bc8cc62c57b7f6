"""Deals files read beside the records their `workers` name, and classified."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remote_kg.classification.answers import Classification
from remote_kg.classification.deals import (
    classify_deals,
    deal_ntriples,
    deal_reasoner,
    inconsistent_deals,
)
from remote_kg.errors import InputError
from remote_kg.model.deals import Deal, DealReader, read_deals
from remote_kg.model.ontology import DEFAULT_BASE
from remote_kg.model.records import Record
from remote_kg.model.refusals import Refusal
from remote_kg.pipeline.readers import read_records
from remote_kg.pipeline.rejects import RejectsFile, check_rejects_path
from remote_kg.pipeline.set_aside import Remembering


def read_records_of(paths: Iterable[Path], base: str = DEFAULT_BASE) -> list[Record]:
    """The worker records of several inputs (CSV, Parquet or RDF), for resolving deals."""
    records: list[Record] = []
    for path in paths:
        records.extend(read_records(Path(path), base))
    return records


def read_deals_beside(deal_path: Path, records: Sequence[Record],
                      base: str = DEFAULT_BASE) -> list[Deal]:
    """A deals CSV whose `workers` are ids of `records`."""
    return read_deals(check_deals_path(deal_path), records, base)


def check_deals_path(deal_path: Path) -> Path:
    """`deal_path`, once it names a CSV or TSV file that exists (InputError otherwise)."""
    deal_path = Path(deal_path)
    if not deal_path.exists():
        raise InputError(f"{deal_path}: no such file")
    if deal_path.suffix.lower() not in (".csv", ".tsv"):
        raise InputError(f"{deal_path}: expected a .csv or .tsv file of deals "
                         f"(columns id, label, provider, workers)")
    return deal_path


def classify_deal_file(deal_path: Path, records_path: Path, reasoner: str = "fast",
                       base: str = DEFAULT_BASE, ontology: Path | None = None,
                       rejects: str | Path | None = None) -> list[Classification]:
    """Classify the deals of a CSV file, their workers read from `records_path`. With
    `rejects` (a .csv or .jsonl path), bad deal rows are written there and the others
    classified (`classify_deals_apart`); InputError when every deal row is refused or
    `rejects` names an input."""
    engine = deal_reasoner(reasoner, ontology)
    if rejects is not None:
        target = check_rejects_path(rejects, None, [Path(deal_path), Path(records_path)],
                                    option="rejects=")
        apart, results, _ = classify_deals_apart(Path(deal_path), Path(records_path), engine,
                                                 target, base)
        apart.rejects.write()
        return results
    records = read_records(Path(records_path), base)
    deals = read_deals_beside(deal_path, records, base)
    return classify_deals(deals, engine, str(deal_path))


def deal_files_ntriples(deal_paths: Sequence[Path], records: Sequence[Record],
                        reasoner: str = "fast", base: str = DEFAULT_BASE) -> Iterator[str]:
    """N-Triples of the deals of `deal_paths` and their answers; their workers are among
    `records`. Every file is read and classified before the first line is yielded."""
    if not deal_paths:
        return
    engine = deal_reasoner(reasoner)
    chunks: list[str] = []
    seen: dict[str, Path] = {}
    for path in deal_paths:
        deals = read_deals_beside(path, records, base)
        for deal in deals:
            first = seen.setdefault(deal.iri, Path(path))
            if first != Path(path):
                raise InputError(f"{path}: deal {deal.id!r} is also in {first}; load each "
                                 "deal from one file")
        chunks.extend(deal_ntriples(deals, classify_deals(deals, engine, str(path))))
    yield from chunks


# -- setting bad deal rows aside (`classify-deals --rejects`) -----------------------------------

@dataclass(frozen=True)
class WorkersRead:
    """The worker records of a file read setting bad rows aside: the good records, why
    each refused row that has an id was refused (by id: "FILE (line N: reason)"), and how
    many rows there were and were refused."""

    records: list[Record]
    refused: dict[str, str]
    total: int
    refused_count: int


def read_workers_apart(path: Path, base: str = DEFAULT_BASE) -> WorkersRead:
    """The worker records of a CSV or Parquet file, each bad row set aside instead of
    failing the file (an RDF file has no rows: it is read whole); what is wrong with the
    whole file still raises InputError."""
    from remote_kg.columnar.table import read_parquet_records
    from remote_kg.pipeline.readers import iter_csv_records, reader_for

    path = Path(path)
    name = reader_for(path).name
    refusals: list[Refusal] = []
    if name == "csv":
        reader, stream = iter_csv_records(path, base)
        reader.set_aside = refusals.append
        records = list(stream)
        reader.raise_if_problems()
    elif name == "parquet":
        records = read_parquet_records(path, base, refusals.append)
    else:
        records = read_records(path, base)
    word = "row" if name == "parquet" else "line"
    refused: dict[str, str] = {}
    kept = {record.id for record in records}
    for refusal in refusals:
        # A later row repeating a kept id is set aside, as `classify --rejects` does; the
        # id still names the kept (first) row, so deals naming it use that record.
        if refusal.id and refusal.id not in kept:
            refused.setdefault(refusal.id, f"{path} ({word} {refusal.where}: "
                                            f"{'; '.join(refusal.problems)})")
    return WorkersRead(records, refused, len(records) + len(refusals), len(refusals))


@dataclass(frozen=True)
class DealsApart:
    """The good deals of a file (in its order), the rejects file holding the others (not
    yet written), how many deal rows there were, and the engine that answered them (its
    answers remembered)."""

    deals: list[Deal]
    rejects: RejectsFile
    total: int
    engine: Any


def deals_apart(deal_path: Path, workers: WorkersRead, engine, rejects_path: Path,
                base: str = DEFAULT_BASE) -> DealsApart:
    """The deals of a CSV whose workers are `workers`' records, each refused row handed
    to the rejects instead of failing the file: a bad value, an empty or duplicate id, a
    row of the wrong width, a worker no record has or whose row was refused, a deal the
    engine finds inconsistent (`classification.deals.inconsistent_deals`, naming the
    worker that makes it so)."""
    deal_path = check_deals_path(deal_path)
    rejects = RejectsFile(rejects_path, "line")
    reader = DealReader(deal_path, workers.records, base, workers.refused)
    reader.set_aside = rejects.add
    read = reader.read()
    rejects.header = reader.header
    total = len(read) + rejects.count
    remembered = Remembering(engine, {})
    bad = inconsistent_deals(read, remembered)
    for deal_id, why in bad.items():
        line, cells = reader.rows[deal_id]
        rejects.add(Refusal(line, (why,), cells, deal_id))
    good = [deal for deal in read if deal.id not in bad]
    return DealsApart(good, rejects, total, remembered)


def classify_deals_apart(deal_path: Path, records_path: Path, engine, rejects_path: Path,
                         base: str = DEFAULT_BASE,
                         ) -> tuple[DealsApart, list[Classification], list[str]]:
    """The good deals of `deal_path` classified, their workers read from `records_path`
    (bad rows of either set aside: `read_workers_apart`, `deals_apart`); the rejects are
    the caller's to write once its output is. Also the lines saying how many rows were
    set aside. When every deal row is refused, the rejects are written and InputError
    says so."""
    workers = read_workers_apart(records_path, base)
    apart = deals_apart(deal_path, workers, engine, rejects_path, base)
    if apart.total and apart.rejects.count == apart.total:
        apart.rejects.write()
        raise InputError(f"{deal_path}: every deal row ({apart.total:,}) was refused, so "
                         "nothing was classified and no output written; the reasons are in "
                         f"{rejects_path}")
    results = classify_deals(apart.deals, apart.engine, str(deal_path))
    said = [apart.rejects.summary(apart.total)]
    if workers.refused_count:
        said.append(f"remote-kg: {workers.refused_count:,} of {workers.total:,} worker rows "
                    f"in {records_path} refused; a deal naming a worker that only a refused row "
                    "has is set aside with the row's reason (a repeated id names its first "
                    "row)")
    return apart, results, said
