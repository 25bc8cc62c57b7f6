"""Job postings through the Python interface: read, classify, and as RDF with answers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from remote_kg.classification.answers import Classification, classify_items
from remote_kg.model.jobs import Posting
from remote_kg.rdf.answers import add_answers
from remote_kg.rdf.jobs import graph_to_postings
from remote_kg.reasoners.choice import get_engine


def job_reasoner(name: str = "fast", ontology: Path | None = None):
    """The job classifier called `name` ("fast" or "hermit")."""
    return get_engine("job-engine", name, ontology)


def classify_postings(postings: Sequence[Posting], engine, source: str | None = None,
                      ) -> list[Classification]:
    """Classify postings' jobs; raise InconsistentDataError naming every posting whose
    facts contradict the ontology."""
    return classify_items(postings, engine, source, holds="postings")


def add_job_answers(graph: Graph, reasoner: str = "fast", source: str = "input") -> Graph:
    """Classify the jobs an RDF graph holds (none: nothing changes) and add their answers."""
    postings = graph_to_postings(graph, source)
    if postings:
        results = classify_postings(postings, job_reasoner(reasoner), source)
        add_answers(graph, ((r.iri, r) for r in results))
    return graph
