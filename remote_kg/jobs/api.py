"""Job postings through the Python interface: read, classify, and as RDF with answers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from remote_kg.answer_rdf import add_answers
from remote_kg.api import Classification
from remote_kg.errors import InconsistentDataError
from remote_kg.jobs.facts import Posting
from remote_kg.jobs.rdf import postings_graph
from remote_kg.ontology import DEFAULT_BASE
from remote_kg.reasoners import engine_pair


def job_reasoner(name: str = "fast", ontology: Path | None = None):
    """The job classifier called `name` ("fast" or "hermit")."""
    return engine_pair(name, "remote_kg.jobs.fast:JobReasoner",
                       "remote_kg.jobs.hermit:HermitJobReasoner", ontology)


def classify_postings(postings: Sequence[Posting], engine, source: str | None = None,
                      ) -> list[Classification]:
    """Classify postings' jobs; raise InconsistentDataError naming every posting whose
    facts contradict the ontology."""
    answers = engine.classify(p.facts for p in postings)
    where = f"{source}: " if source else ""
    bad = [p for p in postings if not answers[p.facts].consistent]
    if bad:
        raise InconsistentDataError([f"{where}inconsistent posting {p.id!r}: its facts "
                                     "contradict the ontology" for p in bad])
    return [Classification(p.id, p.iri, a.is_, a.is_not, a.unknown)
            for p in postings for a in (answers[p.facts],)]


def classified_postings_graph(path: Path, reasoner: str = "fast",
                              base: str = DEFAULT_BASE) -> Graph:
    """A postings file's jobs as RDF with their answers (types, rkg:isNot, rkg:undecided):
    what `load`, `serve`, `push` and `query --data` hold for it."""
    from remote_kg.pipeline.readers import reader_for  # JSON-LD, HTML, or RDF of jobs

    postings = reader_for(Path(path)).read(Path(path), base)
    results = classify_postings(postings, job_reasoner(reasoner), str(path))
    return add_answers(postings_graph(postings), ((r.iri, r) for r in results))
