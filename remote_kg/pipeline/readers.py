"""Readers by input format: which one takes a file, what it holds, and reading it all.

Readers are tried in order; the first whose `matches` accepts the path reads it. Worker
records come from CSV / TSV (`records`), Parquet (`columnar`) and RDF (`rdf_io`, the
fallback, which names the file type it cannot read); job postings from JSON-LD with a
JobPosting in it, and HTML pages (`jobs.read`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remote_kg.ontology import DEFAULT_BASE


@dataclass(frozen=True)
class Reader:
    """One input format: its name, what it holds ("records" or "postings"), which paths
    it takes, and how it reads one whole (InputError listing every problem)."""

    name: str
    holds: str
    matches: Callable[[Path], bool]
    read: Callable[[Path, str], list[Any]]


READERS: list[Reader] = []


def register_reader(reader: Reader, first: bool = True) -> None:
    """Add a reader, tried before the others (`first`) or after them."""
    READERS.insert(0, reader) if first else READERS.append(reader)


def reader_for(path: Path) -> Reader:
    """The reader that takes `path` (RDF, whose parser names what it cannot read, last)."""
    path = Path(path)
    return next(r for r in READERS if r.matches(path))


def read(path: Path, base: str = DEFAULT_BASE) -> tuple[Reader, list[Any]]:
    """The reader of `path` and everything it reads from it."""
    reader = reader_for(path)
    return reader, reader.read(Path(path), base)


# -- the built-in readers -----------------------------------------------------------------------

def _is_csv(path: Path) -> bool:
    return path.suffix.lower() in (".csv", ".tsv")


def _is_parquet(path: Path) -> bool:
    return path.suffix.lower() == ".parquet"


def _read_csv(path: Path, base: str) -> list[Any]:
    from remote_kg.api import iter_csv_records

    reader, stream = iter_csv_records(path, base)
    records = list(stream)
    reader.raise_if_problems()
    return records


def _read_parquet(path: Path, base: str) -> list[Any]:
    from remote_kg.columnar.table import read_parquet_records

    return read_parquet_records(path, base)


def _read_rdf(path: Path, base: str) -> list[Any]:
    from remote_kg.rdf_io import graph_to_records, parse_rdf

    return graph_to_records(parse_rdf(path), source=str(path))


def _is_postings(path: Path) -> bool:
    from remote_kg.jobs.read import is_postings_file

    return is_postings_file(path)


def _read_postings(path: Path, base: str) -> list[Any]:
    from remote_kg.jobs.read import read_postings

    return read_postings(path, base)


def _is_rdf_of_jobs(path: Path) -> bool:
    """An RDF file whose individuals are jobs (rkg:Job) and no workers."""
    from remote_kg.rdf_parse import RDF_FORMATS

    if path.suffix.lower() not in RDF_FORMATS or not path.is_file():
        return False
    stat = path.stat()
    return _holds_jobs_only(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=1)
def _job_terms() -> re.Pattern[bytes]:
    """rkg:Job or a job category's name as a whole word after `#` or `:` (not JobSharing)."""
    from remote_kg.jobs.rdf import job_categories
    from remote_kg.owl_model import local_name

    names = sorted({"Job", *map(local_name, job_categories())})
    return re.compile(rb"[#:](?:" + b"|".join(n.encode() for n in names) + rb")(?![\w-])")


@functools.lru_cache(maxsize=8)
def _holds_jobs_only(path: str, _mtime: int, _size: int) -> bool:
    if not _job_terms().search(Path(path).read_bytes()):  # most RDF inputs: workers only
        return False
    from remote_kg.errors import InputError
    from remote_kg.jobs.rdf import job_nodes
    from remote_kg.rdf_io import graph_to_records, parse_rdf

    try:  # a file the RDF reader would refuse is left to it, with its message
        graph = parse_rdf(Path(path))
        return bool(job_nodes(graph)) and not graph_to_records(graph, path)
    except InputError:
        return False


def _read_rdf_jobs(path: Path, base: str) -> list[Any]:
    from remote_kg.jobs.rdf import graph_to_postings
    from remote_kg.rdf_io import parse_rdf

    return graph_to_postings(parse_rdf(path), str(path))


register_reader(Reader("rdf", "records", lambda path: True, _read_rdf), first=False)
register_reader(Reader("rdf-jobs", "postings", _is_rdf_of_jobs, _read_rdf_jobs))
register_reader(Reader("csv", "records", _is_csv, _read_csv))
register_reader(Reader("parquet", "records", _is_parquet, _read_parquet))
register_reader(Reader("postings", "postings", _is_postings, _read_postings))
