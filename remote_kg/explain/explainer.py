"""Explaining records: per category, the minimal facts and axioms an answer rests on, or
the values that would decide it; for an inconsistent record, what clashes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from rdflib import Graph

from remote_kg.classification.answers import engine_for
from remote_kg.errors import InputError, RemoteKGError
from remote_kg.explain.axioms import AxiomSet, justification, sources
from remote_kg.explain.facts import (
    RECORD_COLUMNS,
    SINGLE_COLUMNS,
    completions,
    minimal_sets,
    present_columns,
)
from remote_kg.explain.posting_fields import posting_columns
from remote_kg.explain.render import Words
from remote_kg.explain.rows import FactRows
from remote_kg.model.ontology import RKG, ontology_graph
from remote_kg.model.owl import local_name, read_model
from remote_kg.reasoners.answer import Answer
from remote_kg.reasoners.choice import chosen_categories
from remote_kg.reasoners.fast import FastReasoner

Explanation = dict[str, Any]


class Explainer:
    """Explains records (or, `holds="postings"`, job postings) against one ontology, for
    the categories `categories` names as `classify --categories` takes them (None: the
    seed ones; postings: the job categories), answered by the engine `classify` uses.

    Records with the same facts (once reduced to the columns the engine reads) share one
    explanation; a category's explanation is one object for every record whose fact sets
    and values in them (or values that would decide) are the same, and reduced records
    with the same facts share their axioms. For the seed categories, reduced and completed
    records are answered from the engine's table (`rows`).
    """

    def __init__(self, ontology: Path | None = None, categories: str | None = None,
                 holds: str = "records"):
        self.ontology_path = ontology
        self.holds = holds
        self.graph: Graph = ontology_graph(ontology)
        self.engine = engine_for(holds, "fast", ontology, categories)
        self.axiom_set = AxiomSet.of(self.graph)
        self.words = Words(read_model(self.graph).labels)
        self.categories: list[str] = list(self.engine.categories)
        self.columns = RECORD_COLUMNS if holds == "records" else posting_columns(ontology)
        self._answers: dict[Any, Answer] = {}
        self._subsets: dict[Any, tuple] = {}
        self._keeps: dict[tuple, Any] = {}
        self._axioms: dict[tuple, list[dict[str, Any]]] = {}
        self._explained: dict[tuple, Explanation] = {}
        self._entries: dict[tuple, Explanation] = {}
        # The seed engine's table answers reduced records; other engines answer Facts.
        self.rows = FactRows(self.engine) if type(self.engine) is FastReasoner else None
        # The columns whose values can change an answer (None: every one may).
        self.read: frozenset[str] | None = (
            self.rows.columns if self.rows else
            self.engine.columns if holds == "records" else None)

    def answer(self, facts: Any) -> Answer:
        found = self._answers.get(facts)
        if found is None:
            found = self._answers[facts] = self.engine.answer(facts)
        return found

    def check_categories(self, names: Iterable[str]) -> list[str]:
        """The categories asked for, or InputError naming the unknown ones."""
        wanted = list(dict.fromkeys(names))
        check_names(wanted, self.categories)
        return wanted or self.categories

    # -- axioms -----------------------------------------------------------------------------
    def _rendered(self, chosen: Iterable[int] | None) -> list[dict[str, Any]]:
        found = [self.axiom_set.axioms[i] for i in sorted(chosen or ())]
        return [{"iri": a.subject, "text": self.words.axiom(a, self.graph),
                 "source": sources(self.graph, a)} for a in found]

    def axioms_for(self, reduced: Any, category: str | None, status: str) -> list[dict]:
        """A minimal set of axioms giving ``reduced`` this status in ``category`` (None:
        making it inconsistent), rendered; shared by every record reducing to it."""
        key = (reduced, category, status)
        if key not in self._axioms:
            seeds = self.columns.terms(reduced) | ({str(RKG[category])} if category
                                                   else set())
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
    def _reduced(self, facts: Any) -> tuple[list[tuple[str, ...]], list[frozenset[str]],
                                            Callable[[tuple[str, ...]], Answer]]:
        """The subsets of the record's columns, smallest first (as tuples and as sets), and
        the answer for the record reduced to one of them (each answered when first asked
        for: a search for minimal sets skips the supersets of those it has found)."""
        found = self._subsets.get(facts)
        if found is None:
            row = self.rows.row(facts) if self.rows else None
            if row is None:  # not the seed engine, or asserted classes: answered as Facts
                def answer(subset: tuple[str, ...]) -> Answer:
                    return self.answer(self.columns.keep(facts, subset))
            else:
                present = set(present_columns(facts))
                answers: dict[tuple[str, ...], Answer] = {}

                def answer(subset: tuple[str, ...]) -> Answer:
                    got = answers.get(subset)
                    if got is None:
                        got = answers[subset] = self.rows.answer(  # type: ignore[union-attr]
                            self.rows.kept(row, present.difference(subset)))  # type: ignore
                    return got
            subsets = list(self.columns.subsets(facts))
            found = self._subsets[facts] = (subsets, list(map(frozenset, subsets)), answer)
        return found

    def _fact_sets(self, facts: Any, keeps) -> list[tuple[str, ...]]:
        subsets, members, answer = self._reduced(facts)
        return minimal_sets(subsets, lambda s: keeps(answer(s)), members)

    def _kept(self, facts: Any, columns: frozenset[str]) -> Any:
        """The record with every column but `columns` blanked (kept while it is explained:
        its categories mostly rest on the same few columns)."""
        found = self._keeps.get((facts, columns))
        if found is None:
            found = self._keeps[facts, columns] = self.columns.keep(facts, columns)
        return found

    def _interned(self, key: tuple, make) -> Explanation:
        """One object per distinct explanation of a category (`key` says what it holds)."""
        found = self._entries.get(key)
        if found is None:
            found = self._entries[key] = make()
        return found

    def _decided(self, facts: Any, category: str, status: str) -> Explanation:
        sets = self._fact_sets(facts, lambda a: a.status(category) == status)
        # the explanation is made of these sets and the record's values in them alone
        columns = self.columns
        key = (category, status, tuple(sets),
               self._kept(facts, frozenset(c for s in sets for c in s)))

        def make() -> Explanation:
            reduced = columns.keep(facts, sets[0])
            return {"category": category, "status": status,
                    "facts": columns.facts_of(facts, sets[0]),
                    "axioms": self.axioms_for(reduced, category, status),
                    "other_fact_sets": [columns.facts_of(facts, s) for s in sets[1:]],
                    "would_decide": []}
        return self._interned(key, make)

    def _completed(self, facts: Any) -> list[tuple[str, str, Answer]]:
        """(column, value, answer) for each value tried in each blank column that can
        change an answer (a column fixing no slot of the engine cannot decide anything;
        with asserted classes, any column may)."""
        row = self.rows.row(facts) if self.rows else None
        if row is not None:
            return [(c, v, self.rows.answer(self.rows.completed(row, c, v)))
                    for c, v in self.columns.values(facts, self.rows.columns)]
        if self.rows:  # the seed engine, asserted classes
            return [(c, v, self.answer(f)) for c, v, f in completions(facts)]
        read = None if facts.asserted else self.read
        return [(c, v, self.answer(self.columns.with_value(facts, c, v)))
                for c, v in self.columns.values(facts, read)]

    def _undecided(self, facts: Any, category: str,
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

    def clash(self, facts: Any) -> Explanation:
        """For an inconsistent record: minimal sets of its facts, and axioms, that clash."""
        sets = self._fact_sets(facts, lambda a: not a.consistent)
        reduced = self.columns.keep(facts, sets[0])
        return {"facts": self.columns.facts_of(facts, sets[0]),
                "axioms": self.axioms_for(reduced, None, "inconsistent"),
                "other_fact_sets": [self.columns.facts_of(facts, s) for s in sets[1:]]}

    def explain(self, facts: Any, categories: Iterable[str] | None = None) -> Explanation:
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
            self._keeps.clear()
        return found

    def relevant(self, facts: Any) -> Any:
        """The record without the single-valued columns that fix no slot of the engine
        (they change no answer, so no explanation lists them); a posting as it is."""
        if self.read is None:
            return facts
        dropped = [c for c in SINGLE_COLUMNS
                   if c not in self.read and len(getattr(facts, c)) == 1]
        if not dropped:
            return facts
        return replace(facts, **{c: frozenset() for c in dropped})

    def record(self, record_id: str, facts: Any,
               categories: Iterable[str] | None = None) -> Explanation:
        """The explanation of one record: ``{"id": ..., "categories": [...]}``."""
        return {"id": record_id, **self.explain(facts, categories)}


def explainer_for(holds: str = "records", ontology: Path | None = None,
                  categories: str | None = None, names: Iterable[str] = (),
                  ) -> tuple[Explainer, list[str]]:
    """The explainer for what an input holds ("records", "postings") and the categories to
    explain: those `names` lists (`--category`), else every one `categories` names as
    `classify --categories` takes it (seed, authorities, all or names; postings take none
    and are explained for the job categories). With `names` alone, any worker category
    may be named (seed ones alone are answered by the seed engine, as by default).
    InputError names an unknown category."""
    names = list(dict.fromkeys(names))
    if holds == "records" and names:  # refused before any engine is built
        model = read_model(ontology_graph(ontology))
        known = ([*model.categories, *model.perspective_categories] if categories is None
                 else chosen_categories(categories, model))
        check_names(names, [local_name(c) for c in known])
        if categories is None:
            seed = {local_name(c) for c in model.categories}
            categories = None if seed.issuperset(names) else ",".join(names)
    explainer = Explainer(ontology, categories, holds)
    return explainer, explainer.check_categories(names)


def check_names(names: list[str], known: list[str]) -> None:
    """InputError naming the categories of `names` not in `known`, and listing those."""
    unknown = [n for n in names if n not in known]
    if unknown:
        raise InputError(f"unknown category {', '.join(map(repr, unknown))}; "
                         f"expected one of: {', '.join(known)}")
