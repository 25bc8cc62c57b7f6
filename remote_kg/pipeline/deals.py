"""Deals files read beside the records their `workers` name, and classified."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from remote_kg.classification.answers import Classification
from remote_kg.classification.deals import classify_deals, deal_ntriples, deal_reasoner
from remote_kg.errors import InputError
from remote_kg.model.deals import Deal, read_deals
from remote_kg.model.ontology import DEFAULT_BASE
from remote_kg.model.records import Record
from remote_kg.pipeline.readers import read_records


def read_records_of(paths: Iterable[Path], base: str = DEFAULT_BASE) -> list[Record]:
    """The worker records of several inputs (CSV, Parquet or RDF), for resolving deals."""
    records: list[Record] = []
    for path in paths:
        records.extend(read_records(Path(path), base))
    return records


def read_deals_beside(deal_path: Path, records: Sequence[Record],
                      base: str = DEFAULT_BASE) -> list[Deal]:
    """A deals CSV whose `workers` are ids of `records`."""
    deal_path = Path(deal_path)
    if not deal_path.exists():
        raise InputError(f"{deal_path}: no such file")
    if deal_path.suffix.lower() not in (".csv", ".tsv"):
        raise InputError(f"{deal_path}: expected a .csv or .tsv file of deals "
                         f"(columns id, label, provider, workers)")
    return read_deals(deal_path, records, base)


def classify_deal_file(deal_path: Path, records_path: Path, reasoner: str = "fast",
                       base: str = DEFAULT_BASE, ontology: Path | None = None,
                       ) -> list[Classification]:
    """Classify the deals of a CSV file, their workers read from `records_path`."""
    records = read_records(Path(records_path), base)
    deals = read_deals_beside(deal_path, records, base)
    return classify_deals(deals, deal_reasoner(reasoner, ontology), str(deal_path))


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
