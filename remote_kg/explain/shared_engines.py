"""Engines built from a set of axioms, shared by the records a search asks about.

A search for the axioms behind an answer builds the fast engine from a part of the ontology
many times over, each asked about one record only (`FastReasoner`'s `within`: the worlds of
that record's box). Searches for records with other values ask the same parts again. An
engine asked about every world (the record's facts all left free, its asserted classes
kept) answers each record as the record's own engine does: the evaluation is exact in
every world of its box, and a wider box only leaves more questions open (a filler's
membership the axioms do not settle), never fewer. So that engine is built once for each
set of axioms and category; where it cannot be built, or it would have fewer slots than
the record's own engine (a fact no chosen axiom reads), or it cannot answer the record,
the record's own engine is built as before.
"""

from __future__ import annotations

from remote_kg.model.owl import OntologyModel, UnsupportedExpression
from remote_kg.model.records import Facts
from remote_kg.reasoners.answer import Answer
from remote_kg.reasoners.engine import fact_properties
from remote_kg.reasoners.fast import FastReasoner

FAILURES = (UnsupportedExpression, ValueError, KeyError, IndexError)


class SharedEngines:
    """For each set of axioms, category and asserted classes, the engine asked about every
    world (None: it cannot be built)."""

    def __init__(self) -> None:
        self._engines: dict[tuple, FastReasoner | None] = {}

    def answer(self, model: OntologyModel, chosen: frozenset[int], facts: Facts,
               answer_for: list[str]) -> Answer:
        """The answer of the engine built from `model` (the `chosen` axioms) for `facts`
        alone, for the categories `answer_for` (raises as that engine's build does)."""
        key = (chosen, tuple(answer_for), facts.asserted)
        if key not in self._engines:
            try:
                self._engines[key] = FastReasoner(model, within=Facts(asserted=facts.asserted),
                                                  answer_for=answer_for)
            except FAILURES:
                self._engines[key] = None
        engine = self._engines[key]
        if engine is not None and fact_properties(facts) <= {s.prop for s in engine.slots}:
            try:
                return engine.answer(facts)
            except FAILURES:  # an asserted class evaluated over more worlds
                pass
        return FastReasoner(model, within=facts, answer_for=answer_for).answer(facts)
