"""Deals through the Python interface: read beside the records, classify, and as RDF."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from rdflib import Graph

from remote_kg.classification.answers import Classification, classify_items
from remote_kg.errors import InconsistentDataError
from remote_kg.model.deals import Deal, DealFacts
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
    workers' facts) contradict the ontology, and the worker that makes it so."""
    try:
        return classify_items(deals, engine, source, holds="deals")
    except InconsistentDataError:
        where = f"{source}: " if source else ""
        raise InconsistentDataError(
            [where + why for why in inconsistent_deals(deals, engine).values()]) from None


def inconsistent_deals(deals: Sequence[Deal], engine) -> dict[str, str]:
    """Why each deal whose facts (or whose workers' facts) contradict the ontology does,
    by id, in the deals' order (none: an empty dict)."""
    answers = engine.classify(d.facts for d in deals)
    bad = [d for d in deals if not answers[d.facts].consistent]
    if not bad:
        return {}
    checks = engine.classify(f for d in bad for f in _partial_deals(d))
    return {d.id: _why_inconsistent(d, checks) for d in bad}


def _partial_deals(deal: Deal) -> list[DealFacts]:
    """The smaller deals that tell where a contradiction lies: the provider alone, and
    each worker alone, with no provider and with the deal's provider."""
    provider = sorted(deal.facts.provider)
    found = [DealFacts.of(provider, None)]
    for facts in deal.worker_facts or ():
        found += [DealFacts.of((), [facts]), DealFacts.of(provider, [facts])]
    return found


def _why_inconsistent(deal: Deal, checks: dict) -> str:
    """One line naming an inconsistent deal and, where one worker alone makes it so, that
    worker: whose own facts contradict the ontology, or who cannot work under the deal's
    provider kind (the engine decided both; nothing here knows why)."""
    head = f"inconsistent deal: {deal.iri} (id {deal.id!r})"
    provider = sorted(deal.facts.provider)
    if not checks[DealFacts.of(provider, None)].consistent:
        return f"{head}: its provider kinds {', '.join(provider)} contradict each other"
    for iri, worker_id, facts in zip(deal.worker_iris or (), deal.worker_ids or (),
                                     deal.worker_facts or ()):
        worker = f"worker {iri} (id {worker_id!r})"
        if not checks[DealFacts.of((), [facts])].consistent:
            return (f"{head}: its {worker} contradicts the ontology (e.g. two contractual "
                    "relations, or two values of a single-valued fact)")
        if not checks[DealFacts.of(provider, [facts])].consistent:
            return (f"{head}: its provider kind {provider[0]!r} contradicts its {worker} "
                    "(e.g. an outsourced worker in a deal supplied in house: outsourced "
                    "work comes from outside the organisation)")
    return f"{head} contradicts the ontology through its workers taken together"


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
