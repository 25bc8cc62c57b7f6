"""Readers by input format: which one takes a file, what it holds, and reading it all.

Readers are "reader" plugins (`remote_kg.plugins`), tried in order; the first whose
`matches` accepts the path reads it. Worker records come from CSV / TSV (`model.records`),
Parquet (`columnar`) and RDF (`rdf.records`, the fallback, which names the file type it
cannot read); job postings from JSON-LD with a JobPosting in it, and HTML pages
(`pipeline.postings`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph

from remote_kg import plugins
from remote_kg.errors import InputError
from remote_kg.model.ontology import DEFAULT_BASE
from remote_kg.model.records import CsvRecordReader, Record


@dataclass(frozen=True)
class Reader:
    """One input format: its name, what it holds ("records" or "postings"), which paths
    it takes, and how it reads one whole (InputError listing every problem)."""

    name: str
    holds: str
    matches: Callable[[Path], bool]
    read: Callable[[Path, str], list[Any]]


@dataclass(frozen=True)
class Input:
    """One input file and the reader that takes it, resolved once (`resolve`) and handed
    on, so no later stage asks again which reader a file needs."""

    path: Path
    reader: Reader
    name: str | None = None  # how the user named it, when `path` is a scratch copy

    @property
    def shown(self) -> str:
        """The input as the user named it (`-` is `<stdin>`)."""
        return self.name or str(self.path)

    @property
    def holds(self) -> str:
        return self.reader.holds

    def read(self, base: str = DEFAULT_BASE) -> list[Any]:
        return self.reader.read(self.path, base)


def resolve(path: Path | Input) -> Input:
    """`path` with its reader (an Input is returned as it is)."""
    if isinstance(path, Input):
        return path
    return Input(Path(path), reader_for(Path(path)))


def register_reader(reader: Reader, first: bool = True) -> None:
    """Add a reader (a "reader" plugin), tried before the others (`first`) or after them."""
    plugins.register("reader", reader.name, reader, first=first)


def readers() -> list[Reader]:
    """The readers, in the order they are tried (`plugins`: RDF last)."""
    return [reader for _, reader in plugins.items("reader")]


def __getattr__(name: str) -> Any:
    """`READERS`: the readers in the order they are tried (read from the registry)."""
    if name == "READERS":
        return readers()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def reader_for(path: Path) -> Reader:
    """The reader that takes `path` (RDF, whose parser names what it cannot read, last)."""
    path = Path(path)
    return next(r for r in readers() if r.matches(path))


def read(path: Path, base: str = DEFAULT_BASE) -> tuple[Reader, list[Any]]:
    """The reader of `path` and everything it reads from it."""
    reader = reader_for(path)
    return reader, reader.read(Path(path), base)


# -- reading helpers ---------------------------------------------------------------------------

def iter_csv_records(
    path: Path, base: str = DEFAULT_BASE
) -> tuple[CsvRecordReader, Iterator[Record]]:
    """A reader (collecting problems) and a stream of records from a CSV file, read as
    `records.CSV_OPTIONS` says (other columns, delimiter)."""
    from remote_kg.rdf.records import performer_iri, record_iri

    reader = CsvRecordReader(path)

    def stream() -> Iterator[Record]:
        for _, record_id, label, facts, performer in reader.rows_with_performers():
            iri = record_iri(base, record_id)
            if performer is None:
                yield Record(record_id, iri, facts, label)
            else:
                yield Record(record_id, iri, facts, label, performer_iri(base, iri, performer),
                             performer.kind)

    return reader, stream()


def read_records(path: Path, base: str = DEFAULT_BASE) -> list[Record]:
    """All worker records of a CSV, Parquet or RDF file (none in a file of job postings);
    raises InputError listing every problem."""
    path = Path(path)
    reader = reader_for(path)
    return reader.read(path, base) if reader.holds == "records" else []


def load_input_graph(path: Path, base: str = DEFAULT_BASE) -> Graph:
    """Records as RDF in the data model (closure included), job postings as jobs; RDF
    files parsed as is."""
    from remote_kg.rdf.records import parse_rdf, records_to_graph

    path = Path(path)
    reader = reader_for(path)
    if reader.holds == "postings":
        from remote_kg.rdf.jobs import postings_graph

        return postings_graph(reader.read(path, base))
    if reader.name != "rdf":
        return records_to_graph(reader.read(path, base), base)
    return parse_rdf(path)


def is_postings_file(path: Path) -> bool:
    """Whether a file holds job postings rather than worker records (its reader says)."""
    return reader_for(Path(path)).holds == "postings"


def refuse_postings(path: Path, command: str) -> None:
    """InputError when a command that reads worker records alone is given job postings."""
    if is_postings_file(path):
        raise InputError(f"{path}: holds job postings; `remote-kg {command}` reads worker "
                         "records (`remote-kg classify` classifies postings)")


# -- the built-in readers -----------------------------------------------------------------------

def _is_csv(path: Path) -> bool:
    return path.suffix.lower() in (".csv", ".tsv")


def _is_parquet(path: Path) -> bool:
    return path.suffix.lower() == ".parquet"


def _read_csv(path: Path, base: str) -> list[Any]:
    reader, stream = iter_csv_records(path, base)
    records = list(stream)
    reader.raise_if_problems()
    return records


def _read_parquet(path: Path, base: str) -> list[Any]:
    from remote_kg.columnar.table import read_parquet_records

    return read_parquet_records(path, base)


def _read_rdf(path: Path, base: str) -> list[Any]:
    from remote_kg.rdf.records import graph_to_records, parse_rdf

    return graph_to_records(parse_rdf(path), source=str(path))


def _is_postings(path: Path) -> bool:
    from remote_kg.pipeline.postings import is_postings_file

    return is_postings_file(path)


def _read_postings(path: Path, base: str) -> list[Any]:
    from remote_kg.pipeline.postings import read_postings

    return read_postings(path, base)


def _is_rdf_of_jobs(path: Path) -> bool:
    """An RDF file whose individuals are jobs (rkg:Job) and no workers."""
    from remote_kg.rdf.parse import RDF_FORMATS

    if path.suffix.lower() not in RDF_FORMATS or not path.is_file():
        return False
    stat = path.stat()
    return _holds_jobs_only(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=1)
def _job_terms() -> re.Pattern[bytes]:
    """rkg:Job or a job category's name as a whole word after `#` or `:` (not JobSharing)."""
    from remote_kg.model.owl import local_name
    from remote_kg.rdf.jobs import job_categories

    names = sorted({"Job", *map(local_name, job_categories())})
    return re.compile(rb"[#:](?:" + b"|".join(n.encode() for n in names) + rb")(?![\w-])")


@functools.lru_cache(maxsize=8)
def _holds_jobs_only(path: str, _mtime: int, _size: int) -> bool:
    if not _job_terms().search(Path(path).read_bytes()):  # most RDF inputs: workers only
        return False
    from remote_kg.errors import InputError
    from remote_kg.rdf.jobs import job_nodes
    from remote_kg.rdf.records import graph_to_records, parse_rdf

    try:  # a file the RDF reader would refuse is left to it, with its message
        graph = parse_rdf(Path(path))
        return bool(job_nodes(graph)) and not graph_to_records(graph, path)
    except InputError:
        return False


def _read_rdf_jobs(path: Path, base: str) -> list[Any]:
    from remote_kg.rdf.jobs import graph_to_postings
    from remote_kg.rdf.records import parse_rdf

    return graph_to_postings(parse_rdf(path), str(path))


# The built-in readers, registered by name in `remote_kg.plugins`.
RDF = Reader("rdf", "records", lambda path: True, _read_rdf)
RDF_JOBS = Reader("rdf-jobs", "postings", _is_rdf_of_jobs, _read_rdf_jobs)
CSV = Reader("csv", "records", _is_csv, _read_csv)
PARQUET = Reader("parquet", "records", _is_parquet, _read_parquet)
POSTINGS = Reader("postings", "postings", _is_postings, _read_postings)
