"""Deals through the Python interface: read beside the records, classify, and as RDF."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from rdflib import Graph

from remote_kg.answer_rdf import AnswerWriter, add_answers
from remote_kg.api import Classification, read_records
from remote_kg.deals.rdf import deal_lines, graph_to_deals
from remote_kg.deals.records import Deal, read_deals
from remote_kg.errors import InconsistentDataError, InputError
from remote_kg.ontology import DEFAULT_BASE
from remote_kg.reasoners import engine_pair
from remote_kg.records import Record


def deal_reasoner(name: str = "fast", ontology: Path | None = None):
    """The deal classifier called `name` ("fast" or "hermit")."""
    return engine_pair(name, "remote_kg.deals.fast:DealReasoner",
                       "remote_kg.deals.hermit:HermitDealReasoner", ontology)


def classify_deals(deals: Sequence[Deal], engine, source: str | None = None,
                   ) -> list[Classification]:
    """Classify deals; raise InconsistentDataError naming every deal whose facts (or whose
    workers' facts) contradict the ontology."""
    answers = engine.classify(d.facts for d in deals)
    where = f"{source}: " if source else ""
    bad = [d for d in deals if not answers[d.facts].consistent]
    if bad:
        raise InconsistentDataError([
            f"{where}inconsistent deal: {d.iri} (id {d.id!r}) contradicts the ontology, or "
            "one of its workers does (e.g. two provider kinds, or a worker with two "
            "contractual relations)" for d in bad])
    return [Classification(d.id, d.iri, a.is_, a.is_not, a.unknown)
            for d in deals for a in (answers[d.facts],)]


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


def deal_ntriples(deals: Sequence[Deal], results: Sequence[Classification]) -> Iterator[str]:
    """N-Triples of deals and their answers (types, rkg:isNot, rkg:undecided)."""
    yield from deal_lines(deals)
    writer = AnswerWriter()
    for result in results:
        yield from writer.lines(result.iri, result)


def add_deal_answers(graph: Graph, records: Sequence[Record], reasoner: str = "fast",
                     source: str = "input") -> Graph:
    """Classify the deals an RDF graph holds (none: nothing changes) and add their answers."""
    engine = deal_reasoner(reasoner)
    deals = graph_to_deals(graph, records, source, getattr(engine, "category_iris", ()))
    if deals:
        add_answers(graph, ((r.iri, r) for r in classify_deals(deals, engine, source)))
    return graph


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


