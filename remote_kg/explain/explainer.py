"""Explaining records: per category, the minimal facts and axioms an answer rests on, or
the values that would decide it; for an inconsistent record, what clashes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from rdflib import Graph

from remote_kg.errors import InputError, RemoteKGError
from remote_kg.explain.axioms import AxiomSet, justification, sources
from remote_kg.explain.facts import (
    SINGLE_COLUMNS,
    column_subsets,
    completion_values,
    completions,
    facts_of,
    keep_columns,
    minimal_sets,
    present_columns,
)
from remote_kg.explain.render import Words
from remote_kg.explain.rows import FactRows
from remote_kg.model.ontology import RKG, ontology_graph
from remote_kg.model.owl import read_model
from remote_kg.model.records import Facts
from remote_kg.model.vocab import (
    PLACE_COLUMNS,
    VALUE_COLUMNS,
    WORKPLACE_CLASS,
)
from remote_kg.reasoners.answer import Answer
from remote_kg.reasoners.fast import FastReasoner, fact_properties

Explanation = dict[str, Any]


def fact_terms(facts: Facts) -> set[str]:
    """The ontology terms a record's facts use (where the search for axioms starts)."""
    terms = {str(RKG.Worker)} | fact_properties(facts)
    places = facts.workplaces | (facts.workplaces_allowed or frozenset())
    terms |= {str(WORKPLACE_CLASS[c]) for c in places}
    for column, (_, table) in VALUE_COLUMNS.items():
        for code in getattr(facts, column):
            terms |= {str(t) for t in table[code]}
    for column in PLACE_COLUMNS:
        terms |= {str(WORKPLACE_CLASS[c]) for c in getattr(facts, column)}
    return terms | set(facts.asserted)


class Explainer:
    """Explains records against one ontology.

    Records with the same facts (once reduced to the columns the engine reads) share one
    explanation; a category's explanation is one object for every record whose fact sets
    and values in them (or values that would decide) are the same, and reduced records
    with the same facts share their axioms. Reduced and completed records are answered
    from the engine's table (`rows`).
    """

    def __init__(self, ontology: Path | None = None):
        self.ontology_path = ontology
        self.graph: Graph = ontology_graph(ontology)
        self.engine = FastReasoner.for_ontology(ontology)
        self.axiom_set = AxiomSet.of(self.graph)
        self.words = Words(read_model(self.graph).labels)
        self.categories: list[str] = list(self.engine.categories)
        self._answers: dict[Facts, Answer] = {}
        self._subsets: dict[Facts, dict[tuple[str, ...], Answer]] = {}
        self._axioms: dict[tuple, list[dict[str, Any]]] = {}
        self._explained: dict[tuple, Explanation] = {}
        self._entries: dict[tuple, Explanation] = {}
        self.rows = FactRows(self.engine)

    def answer(self, facts: Facts) -> Answer:
        found = self._answers.get(facts)
        if found is None:
            found = self._answers[facts] = self.engine.answer(facts)
        return found

    def check_categories(self, names: Iterable[str]) -> list[str]:
        """The categories asked for, or InputError naming the unknown ones."""
        wanted = list(dict.fromkeys(names))
        unknown = [n for n in wanted if n not in self.categories]
        if unknown:
            raise InputError(f"unknown category {', '.join(map(repr, unknown))}; "
                             f"expected one of: {', '.join(self.categories)}")
        return wanted or self.categories

    # -- axioms -----------------------------------------------------------------------------
    def _rendered(self, chosen: Iterable[int] | None) -> list[dict[str, Any]]:
        found = [self.axiom_set.axioms[i] for i in sorted(chosen or ())]
        return [{"iri": a.subject, "text": self.words.axiom(a, self.graph),
                 "source": sources(self.graph, a)} for a in found]

    def axioms_for(self, reduced: Facts, category: str | None, status: str) -> list[dict]:
        """A minimal set of axioms giving ``reduced`` this status in ``category`` (None:
        making it inconsistent), rendered; shared by every record reducing to it."""
        key = (reduced, category, status)
        if key not in self._axioms:
            seeds = fact_terms(reduced) | ({str(RKG[category])} if category else set())
            if category is None:
                def holds(chosen):
                    return self.axiom_set.consistent(chosen, reduced) is False
            else:
                def holds(chosen):
                    return self.axiom_set.status(chosen, reduced, category) == status
            chosen = justification(self.axiom_set, holds, seeds)
            if chosen is None:  # the whole ontology gives the answer, so this is a bug
                raise RemoteKGError(f"could not find the axioms behind {status} "
                                    f"{category or 'consistent'}; please report this")
            self._axioms[key] = self._rendered(chosen)
        return self._axioms[key]

    # -- records ----------------------------------------------------------------------------
    def _reduced(self, facts: Facts) -> dict[tuple[str, ...], Answer]:
        """The answer for the record reduced to each subset of its columns."""
        found = self._subsets.get(facts)
        if found is None:
            row = self.rows.row(facts)
            if row is None:  # asserted classes: answered as Facts
                found = {s: self.answer(keep_columns(facts, s)) for s in column_subsets(facts)}
            else:
                present = set(present_columns(facts))
                found = {s: self.rows.answer(self.rows.kept(row, present.difference(s)))
                         for s in column_subsets(facts)}
            self._subsets[facts] = found
        return found

    def _fact_sets(self, facts: Facts, keeps) -> list[tuple[str, ...]]:
        reduced = self._reduced(facts)
        return minimal_sets(list(reduced), lambda s: keeps(reduced[s]))

    def _interned(self, key: tuple, make) -> Explanation:
        """One object per distinct explanation of a category (`key` says what it holds)."""
        found = self._entries.get(key)
        if found is None:
            found = self._entries[key] = make()
        return found

    def _decided(self, facts: Facts, category: str, status: str) -> Explanation:
        sets = self._fact_sets(facts, lambda a: a.status(category) == status)
        # the explanation is made of these sets and the record's values in them alone
        key = (category, status, tuple(sets),
               keep_columns(facts, {c for s in sets for c in s}))

        def make() -> Explanation:
            reduced = keep_columns(facts, sets[0])
            return {"category": category, "status": status, "facts": facts_of(facts, sets[0]),
                    "axioms": self.axioms_for(reduced, category, status),
                    "other_fact_sets": [facts_of(facts, s) for s in sets[1:]],
                    "would_decide": []}
        return self._interned(key, make)

    def _completed(self, facts: Facts) -> list[tuple[str, str, Answer]]:
        """(column, value, answer) for each value tried in each blank column that can
        change an answer (a column fixing no slot of the engine cannot decide anything)."""
        row = self.rows.row(facts)
        if row is None:
            return [(c, v, self.answer(f)) for c, v, f in completions(facts)]
        return [(c, v, self.rows.answer(self.rows.completed(row, c, v)))
                for c, v in completion_values(facts, self.rows.columns)]

    def _undecided(self, facts: Facts, category: str,
                   completed: list[tuple[str, str, Answer]]) -> Explanation:
        decide = []
        for column, value, answer in completed:
            status = answer.status(category)
            if status in ("is", "is_not"):
                decide.append({"column": column, "value": value, "status": status})
        # A list of places that decides only because a shorter list in it does says
        # nothing new: keep the shortest lists that decide.
        lists = [(d["column"], d["status"], frozenset(d["value"].split(";"))) for d in decide]
        decide = [d for d, (column, status, places) in zip(decide, lists) if not any(
            c == column and s == status and p < places for c, s, p in lists)]
        key = (category, "unknown", tuple((d["column"], d["value"], d["status"])
                                          for d in decide))
        return self._interned(key, lambda: {
            "category": category, "status": "unknown", "facts": [], "axioms": [],
            "other_fact_sets": [], "would_decide": decide})

    def clash(self, facts: Facts) -> Explanation:
        """For an inconsistent record: minimal sets of its facts, and axioms, that clash."""
        sets = self._fact_sets(facts, lambda a: not a.consistent)
        reduced = keep_columns(facts, sets[0])
        return {"facts": facts_of(facts, sets[0]),
                "axioms": self.axioms_for(reduced, None, "inconsistent"),
                "other_fact_sets": [facts_of(facts, s) for s in sets[1:]]}

    def explain(self, facts: Facts, categories: Iterable[str] | None = None) -> Explanation:
        """``{"categories": [...]}`` for consistent facts; ``{"inconsistent": true,
        "clash": {...}, "categories": []}`` otherwise. Columns that fix no slot of the
        engine cannot change an answer, so the record is explained without them."""
        wanted = tuple(self.check_categories(categories or ()))
        facts = self.relevant(facts)
        key = (facts, wanted)
        found = self._explained.get(key)
        if found is None:
            answer = self.answer(facts)
            if not answer.consistent:
                found = {"inconsistent": True, "clash": self.clash(facts), "categories": []}
            else:
                completed = (self._completed(facts) if any(
                    answer.status(c) == "unknown" for c in wanted) else [])
                found = {"categories": [
                    self._undecided(facts, c, completed) if answer.status(c) == "unknown"
                    else self._decided(facts, c, answer.status(c)) for c in wanted]}
            self._explained[key] = found
            self._subsets.pop(facts, None)
        return found

    def relevant(self, facts: Facts) -> Facts:
        """The record without the single-valued columns that fix no slot of the engine
        (they change no answer, so no explanation lists them)."""
        dropped = [c for c in SINGLE_COLUMNS
                   if c not in self.rows.columns and len(getattr(facts, c)) == 1]
        if not dropped:
            return facts
        return replace(facts, **{c: frozenset() for c in dropped})

    def record(self, record_id: str, facts: Facts,
               categories: Iterable[str] | None = None) -> Explanation:
        """The explanation of one record: ``{"id": ..., "categories": [...]}``."""
        return {"id": record_id, **self.explain(facts, categories)}
