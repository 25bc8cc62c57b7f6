"""HermiT's check of explanations: the listed axioms and facts entail the answer, the fact
set is minimal, and each value said to decide an unknown does decide it.

Each check of "these axioms and these facts" runs on its own copy of the listed axioms,
with every ontology term renamed apart, so one HermiT run checks many explanations at once
without one copy's axioms helping another's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF

from remote_kg.explain.explainer import Explainer
from remote_kg.model.jobs import JobFacts
from remote_kg.model.ontology import RKG
from remote_kg.model.records import Facts
from remote_kg.reasoners.answer import Answer
from remote_kg.reasoners.hermit import HermitReasoner, class_node, facts_expression, run_hermit
from remote_kg.reasoners.jobs_hermit import HermitJobReasoner, job_expression

BATCH = 30


@dataclass(frozen=True)
class Claim:
    """These facts, with only these axioms, give this status in this category (category
    None: the facts and axioms are inconsistent)."""

    facts: Facts | JobFacts
    category: str | None
    status: str
    axioms: tuple[int, ...]


def _rename(term: Any, suffix: str) -> Any:
    if isinstance(term, URIRef) and str(term).startswith(str(RKG)):
        return URIRef(f"{term}__{suffix}")
    if isinstance(term, BNode):
        return BNode(f"{term}_{suffix}")
    return term


def _claim_graph(explainer: Explainer, claim: Claim, suffix: str) -> Graph:
    axiom_set = explainer.axiom_set
    graph = Graph()
    for index in claim.axioms:
        for triple in axiom_set.axioms[index].triples:
            graph.add(triple)
    record = RKG[f"Record{suffix}"]
    graph.add((record, RDF.type, OWL.Class))
    expression = job_expression if isinstance(claim.facts, JobFacts) else facts_expression
    graph.add((record, OWL.equivalentClass, expression(graph, claim.facts)))  # type: ignore[arg-type]
    if claim.category is not None:
        both = RKG[f"RecordIn{suffix}"]
        graph.add((both, RDF.type, OWL.Class))
        graph.add((both, OWL.equivalentClass,
                   class_node(graph, OWL.intersectionOf, [record, RKG[claim.category]])))
    used = {t for triple in graph for t in triple if isinstance(t, URIRef)}
    for triple in axiom_set.base.triples((None, RDF.type, None)):
        if triple[0] in used:
            graph.add(triple)
    renamed = Graph()
    for triple in graph:
        renamed.add(tuple(_rename(t, suffix) for t in triple))  # type: ignore[arg-type]
    return renamed


def hermit_status(explainer: Explainer, claims: list[Claim]) -> list[str]:
    """The status HermiT derives for each claim's facts from its axioms alone."""
    found: list[str] = []
    for start in range(0, len(claims), BATCH):
        batch = claims[start:start + BATCH]
        graph = Graph()
        for k, claim in enumerate(batch):
            graph += _claim_graph(explainer, claim, str(k))
        supers, unsatisfiable = run_hermit(graph)
        for k, claim in enumerate(batch):
            record = f"{RKG}Record{k}__{k}"
            if record in unsatisfiable:
                found.append("inconsistent")
            elif claim.category is None:
                found.append("consistent")
            elif f"{RKG}{claim.category}__{k}" in supers.get(record, ()):
                found.append("is")
            elif f"{RKG}RecordIn{k}__{k}" in unsatisfiable:
                found.append("is_not")
            else:
                found.append("unknown")
    return found


def _status(answer: Answer, category: str | None) -> str:
    """The answer's status in a category, or (category None) whether it is consistent."""
    if category is None:
        return "consistent" if answer.consistent else "inconsistent"
    return answer.status(category)


def axiom_indices(explainer: Explainer, listed: Iterable[dict[str, Any]]) -> tuple[int, ...]:
    """The ontology axioms an explanation lists, found by their IRI and rendering."""
    wanted = {(a["iri"], a["text"]) for a in listed}
    return tuple(i for i, axiom in enumerate(explainer.axiom_set.axioms)
                 if (axiom.subject, explainer.words.axiom(axiom, explainer.graph)) in wanted)


def check(explainer: Explainer, facts: Facts | JobFacts,
          explanation: dict[str, Any]) -> list[str]:
    """Problems HermiT finds with one record's explanation (empty: confirmed)."""
    return check_many(explainer, [(facts, explanation)])


@dataclass(frozen=True)
class Expectation:
    """With the whole ontology, ``facts`` must (or must not) give ``status``."""

    where: str
    facts: Facts | JobFacts
    category: str | None
    status: str
    holds: bool


def _expectations(explainer: Explainer, facts: Facts | JobFacts, explanation: dict[str, Any],
                  ) -> tuple[list[tuple[str, Claim]], list[Expectation]]:
    """What an explanation claims from its own axioms, and what it implies with the whole
    ontology (its fact sets minimal, its would-decide values deciding)."""
    keep_columns, with_value = explainer.columns.keep, explainer.columns.with_value
    rid = explanation.get("id", "?")
    entries = ([(None, "inconsistent", explanation["clash"])]
               if explanation.get("inconsistent") else
               [(e["category"], e["status"], e) for e in explanation["categories"]])
    claims: list[tuple[str, Claim]] = []
    expected: list[Expectation] = []
    for category, status, entry in entries:
        where = f"{rid} / {category or 'clash'} ({status})"
        for d in entry.get("would_decide", []):
            expected.append(Expectation(f"{where}: {d['column']}={d['value']} should give "
                                        f"{d['status']}", with_value(facts, d["column"],
                                                                     d["value"]),
                                        category, d["status"], True))
        if status == "unknown":
            continue
        columns = tuple(f["column"] for f in entry["facts"])
        claims.append((where, Claim(keep_columns(facts, columns), category, status,
                                    axiom_indices(explainer, entry["axioms"]))))
        for column in columns:  # minimal: each listed fact is needed
            fewer = keep_columns(facts, tuple(c for c in columns if c != column))
            expected.append(Expectation(f"{where}: still {status} without {column}", fewer,
                                        category, status, False))
    return claims, expected


def reference(explainer: Explainer) -> HermitReasoner:
    """HermiT on the explainer's ontology, deciding the explainer's categories."""
    kind = HermitJobReasoner if explainer.holds == "postings" else HermitReasoner
    return kind(explainer.graph, list(explainer.engine.category_iris))


def check_many(explainer: Explainer,
               items: list[tuple[Facts | JobFacts, dict[str, Any]]]) -> list[str]:
    """Problems HermiT finds with explanations of records (empty: all confirmed)."""
    claims: list[tuple[str, Claim]] = []
    expected: list[Expectation] = []
    for facts, explanation in items:
        found, wanted = _expectations(explainer, facts, explanation)
        claims += found
        expected += wanted
    problems: list[str] = []
    statuses = hermit_status(explainer, [c for _, c in claims])
    for (where, claim), status in zip(claims, statuses):
        if status != claim.status:
            problems.append(f"{where}: the listed axioms and facts give {status}")
    answers = reference(explainer).classify([e.facts for e in expected])
    for e in expected:
        if (_status(answers[e.facts], e.category) == e.status) != e.holds:
            problems.append(e.where)
    return problems
