"""Reduced and completed records answered as the engine's box rows.

An explanation re-classifies a record reduced to some of its columns, or completed with a
value in a blank one, many times over. Building each as `Facts` and boxing it again costs
more than the answer itself; here the record is boxed once (`FastReasoner.box_row`), and a
reduction frees the slots of the columns left out, a completion fixes the slots one value
fixes, so each answer is one look-up in the engine's packed table. The answers are the
engine's own (`FastReasoner.answer_row` equals `answer`); nothing is decided here.
"""

from __future__ import annotations

from collections.abc import Iterable

from remote_kg.explain.facts import ASSERTED, with_value
from remote_kg.model.records import Facts
from remote_kg.model.vocab import WORKPLACE_COLUMNS
from remote_kg.reasoners.answer import Answer
from remote_kg.reasoners.fast import FastReasoner

Row = tuple[int, ...]


def _column_of(slot_name: str) -> tuple[str, ...]:
    """The CSV column(s) whose cells fix a slot."""
    group, _, _ = slot_name.partition(":")
    if group == "relation":
        return ("relation",)
    if group == "workplace":
        return WORKPLACE_COLUMNS
    if group == "class":
        return (ASSERTED,)
    return (slot_name,)


class FactRows:
    """One engine's slots grouped by the column that fixes them."""

    def __init__(self, engine: FastReasoner):
        self.engine = engine
        self.slots: dict[str, tuple[int, ...]] = {}
        for index, slot in enumerate(engine.slots):
            for column in _column_of(slot.name):
                self.slots[column] = (*self.slots.get(column, ()), index)
        self._completions: dict[tuple[str, str], tuple[tuple[int, int], ...] | None] = {}

    @property
    def columns(self) -> frozenset[str]:
        """The columns whose cells can change an answer (the others fix no slot)."""
        return frozenset(self.slots)

    def row(self, facts: Facts) -> Row | None:
        """The record as a box row, or None when it must be answered as Facts (asserted
        classes, or no world)."""
        if facts.asserted:
            return None
        found = self.engine.box_row(facts)
        return None if found is None else tuple(int(v) for v in found)

    def kept(self, row: Row, blanked: Iterable[str]) -> Row:
        """The row with the slots of the ``blanked`` columns freed."""
        free = {i for column in blanked for i in self.slots.get(column, ())}
        return tuple(-1 if i in free else v for i, v in enumerate(row))

    def completed(self, row: Row, column: str, value: str) -> Row | None:
        """The row of the record with a blank ``column`` filled with ``value`` (None: that
        value alone has no world)."""
        key = (column, value)
        if key not in self._completions:
            alone = self.engine.box_row(with_value(Facts(), column, value))
            self._completions[key] = None if alone is None else tuple(
                (i, int(v)) for i, v in enumerate(alone) if v >= 0)
        fixed = self._completions[key]
        if fixed is None:
            return None
        out = list(row)
        for i, v in fixed:
            if out[i] >= 0 and out[i] != v:
                return None
            out[i] = v
        return tuple(out)

    def answer(self, row: Row | None) -> Answer:
        if row is None:
            return Answer((), (), tuple(self.engine.categories), consistent=False)
        return self.engine.answer_row(row)
