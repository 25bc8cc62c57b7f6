"""Deals through the Python interface: read beside the records, classify, and as RDF."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from rdflib import Graph

from remote_kg.classification.answers import Classification, classify_items
from remote_kg.model.deals import Deal
from remote_kg.model.records import Record
from remote_kg.rdf.answers import AnswerWriter, add_answers
from remote_kg.rdf.deals import deal_lines, graph_to_deals
from remote_kg.reasoners.choice import get_engine


def deal_reasoner(name: str = "fast", ontology: Path | None = None):
    """The deal classifier called `name` ("fast" or "hermit")."""
    return get_engine("deal-engine", name, ontology)


def classify_deals(deals: Sequence[Deal], engine, source: str | None = None,
                   ) -> list[Classification]:
    """Classify deals; raise InconsistentDataError naming every deal whose facts (or whose
    workers' facts) contradict the ontology."""
    return classify_items(deals, engine, source, holds="deals")


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
