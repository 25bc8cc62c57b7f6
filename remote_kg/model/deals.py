"""Deal records: reading the deals CSV beside the worker records it refers to."""

from __future__ import annotations

import csv
import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from rdflib import URIRef

from remote_kg.errors import InputError
from remote_kg.model.ontology import RKG
from remote_kg.model.records import (
    CollectsProblems,
    Facts,
    Record,
    detect_delimiter,
    did_you_mean,
    not_utf8_error,
)
from remote_kg.model.refusals import Problem

DEAL_COLUMNS: tuple[str, ...] = ("id", "label", "provider", "workers")

# code -> (value individual, its class): who supplies a deal's work.
PROVIDER_VALUE: dict[str, tuple[URIRef, URIRef]] = {
    "none": (RKG.suppliedInHouse, RKG.InHouseProvision),
    "freelancer": (RKG.suppliedByFreelancer, RKG.FreelanceProvision),
    "contractor": (RKG.suppliedByContractor, RKG.ContractorProvision),
    "service_provider": (RKG.suppliedByServiceProvider, RKG.ServiceProviderProvision),
    "outside": (RKG.suppliedByOutsideProvider, RKG.ExternalProvision),
}


@dataclass(frozen=True, slots=True)
class DealFacts:
    """What is known about a deal; empty means unknown.

    `workers` counts the involved workers by their facts (the complete list), or is None
    when the list was not given. Only the workers' facts matter to a deal's categories, so
    two deals with the same provider and workers of the same facts share an answer.
    """

    provider: frozenset[str] = frozenset()
    workers: frozenset[tuple[Facts, int]] | None = None
    asserted: frozenset[str] = frozenset()

    @staticmethod
    def of(provider: Iterable[str], workers: Iterable[Facts] | None,
           asserted: Iterable[str] = ()) -> DealFacts:
        counted = None if workers is None else frozenset(Counter(workers).items())
        return DealFacts(frozenset(provider), counted, frozenset(asserted))


@dataclass(frozen=True, slots=True)
class Deal:
    """One deal: its id, IRI, label, facts, and the IRIs of the workers it involves (with
    their record ids and facts, in the same order, to name one in an error)."""

    id: str
    iri: str
    facts: DealFacts
    label: str | None = None
    worker_iris: tuple[str, ...] | None = None
    worker_ids: tuple[str, ...] | None = None
    worker_facts: tuple[Facts, ...] | None = None


def deal_iri(base: str, deal_id: str) -> str:
    """A deal's IRI: under `deal/` of the base, so no deal shares a worker's IRI."""
    return f"{base}deal/{quote(deal_id, safe='-._~')}"


class DealReader(CollectsProblems):
    """Reads a deals CSV, resolving worker ids against the records; every problem is
    collected and raised together (nothing is returned when there is one), or with
    `set_aside` each refused row handed to it.

    `refused_workers` gives, by id, why a worker row of the records was refused (when
    they were read setting rows aside): a deal naming one is refused with that reason.
    Once read, `header` holds the header's cells and `rows` each good deal's line and
    cells, by id."""

    def __init__(self, path: Path, records: Iterable[Record], base: str,
                 refused_workers: dict[str, str] | None = None):
        self.path = Path(path)
        self.base = base
        self.workers = {r.id: r for r in records}
        self.refused_workers = refused_workers or {}
        self.problems: list[str] = []
        self.problem_count = 0
        self.header: list[str] = []
        self.rows: dict[str, tuple[int, list[str]]] = {}

    @property
    def problem_source(self) -> str:
        return str(self.path)

    def read(self) -> list[Deal]:
        try:
            handle = open(self.path, encoding="utf-8-sig", newline="")  # noqa: SIM115
        except OSError as exc:
            raise InputError(f"{self.path}: cannot read file: {exc.strerror}") from exc
        with handle:
            try:
                deals = self._deals(handle)
            except UnicodeDecodeError as exc:
                raise not_utf8_error(self.path, exc) from exc
        self.raise_if_problems()
        return deals

    def _deals(self, handle) -> list[Deal]:
        first = handle.readline()
        delimiter = detect_delimiter(first, DEAL_COLUMNS)
        reader = csv.reader(itertools.chain([first], handle), strict=True, delimiter=delimiter)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            raise InputError(f"{self.path}: line 1: not a readable CSV header ({exc})") from exc
        if header is None or not any(c.strip() for c in header):
            raise InputError(f"{self.path}: empty file; expected a header with at least 'id'")
        names = [c.strip().lower() for c in header]
        unknown = [n for n in names if n not in DEAL_COLUMNS]
        problems = []
        if unknown:
            problems.append(f"{self.path}: line 1: unknown column(s) "
                            f"{', '.join(repr(n) + did_you_mean(n, DEAL_COLUMNS) for n in unknown)}"
                            "; a deals file has the columns "
                            f"{', '.join(DEAL_COLUMNS)}")
        duplicated = sorted({n for n in names if names.count(n) > 1})
        if duplicated:
            problems.append(f"{self.path}: line 1: duplicate column(s) {', '.join(duplicated)}")
        if "id" not in names:
            problems.append(f"{self.path}: line 1: missing required column 'id'")
        if problems:
            raise InputError(problems)
        self.header = header
        index = {n: i for i, n in enumerate(names)}
        deals: list[Deal] = []
        seen: dict[str, int] = {}
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                self._problem(f"{self.path}: line {reader.line_num}: malformed CSV ({exc})")
                break
            line = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != len(names):
                self._refuse(line, [f"{len(row)} cells, expected {len(names)} (one per "
                                    "header column)"], row, separator=": ")
                continue
            deal = self._deal(line, {n: row[i] for n, i in index.items()}, seen, row)
            if deal is not None:
                deals.append(deal)
                self.rows[deal.id] = (line, row)
        return deals

    def _deal(self, line: int, cells: dict[str, str], seen: dict[str, int],
              row: list[str]) -> Deal | None:
        deal_id = cells["id"].strip()
        if not deal_id:
            self._refuse(line, [Problem("column 'id': empty; every deal needs an id", "id")],
                         row)
            return None
        if deal_id in seen:
            self._refuse(line, [Problem(
                f"column 'id': duplicate id {deal_id!r} (first used on line {seen[deal_id]}); "
                "ids must be unique", "id", deal_id)], row, deal_id)
            return None
        seen[deal_id] = line
        problems: list[str] = []
        provider = cells.get("provider", "").strip().lower()
        if provider and provider not in PROVIDER_VALUE:
            value = cells["provider"].strip()
            problems.append(Problem(
                f"column 'provider': value {value!r} is not allowed"
                f"{did_you_mean(provider, PROVIDER_VALUE)}; expected one of "
                f"{', '.join(PROVIDER_VALUE)} or blank", "provider", value))
        workers = self._workers(cells.get("workers", ""), problems)
        if problems:
            self._refuse(line, problems, row, deal_id)
            return None
        label = cells.get("label", "").strip() or None
        facts = DealFacts.of([provider] if provider else [],
                             None if workers is None else [w.facts for w in workers])
        return deal_of(deal_id, deal_iri(self.base, deal_id), facts, label, workers)


    def _workers(self, raw: str, problems: list[str]) -> list[Record] | None:
        """The records a `workers` cell names (None: blank, the list not given); each
        problem added to `problems`."""
        if not raw.strip():
            return None
        workers: list[Record] = []
        listed: set[str] = set()
        for piece in raw.split(";"):
            worker_id = piece.strip()
            if not worker_id:
                continue
            if worker_id in listed:
                problems.append(Problem(f"column 'workers': worker {worker_id!r} is listed "
                                        "twice", "workers", worker_id))
                continue
            listed.add(worker_id)
            refused = self.refused_workers.get(worker_id)
            record = self.workers.get(worker_id)
            if refused is not None:
                problems.append(Problem(f"column 'workers': worker {worker_id!r} is refused "
                                        f"in {refused}", "workers", worker_id))
            elif record is None:
                problems.append(Problem(
                    f"column 'workers': no worker record has the id {worker_id!r}; expected "
                    "';'-separated ids of rows in the records file", "workers", worker_id))
            else:
                workers.append(record)
        return workers if listed else None


def deal_of(deal_id: str, iri: str, facts: DealFacts, label: str | None,
            workers: Sequence[Record] | None) -> Deal:
    """A deal with its workers' IRIs, ids and facts (None: the list is not given)."""
    if workers is None:
        return Deal(deal_id, iri, facts, label)
    return Deal(deal_id, iri, facts, label, tuple(w.iri for w in workers),
                tuple(w.id for w in workers), tuple(w.facts for w in workers))


def read_deals(path: Path, records: Iterable[Record], base: str) -> list[Deal]:
    """The deals of a CSV file, their workers found among `records` by id; raises
    InputError listing every problem."""
    return DealReader(path, records, base).read()
