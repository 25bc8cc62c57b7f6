"""Explanations written once and referred to: `classify --explain`'s shape.

A record's explanation is one entry per category (why it is, is not, or what would decide
it). Records share entries: every office employee is not a teleworker for the same reason.
An output therefore holds a table of the distinct entries, numbered from 0 in the order
they are first used, and each record refers to its entries by number, one per category in
the output's category order. Resolving the numbers gives exactly `Explainer.explain`'s
``{"categories": [...]}`` for the record (`resolve`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from remote_kg.explain.explainer import Explainer, Explanation
from remote_kg.model.records import Facts


class ExplanationTable:
    """The distinct explanation entries one output refers to, numbered as first used."""

    referenced = True

    def __init__(self, explainer: Explainer):
        self.explainer = explainer
        self.entries: list[Explanation] = []
        self._numbers: dict[int, int] = {}  # id(entry) -> its number
        self._refs: dict[Facts, list[int]] = {}

    def why(self, facts: Facts) -> list[int]:
        """The numbers of the record's entries, one per category (an inconsistent record:
        one entry, the whole ``{"inconsistent": true, "clash": ...}``)."""
        found = self._refs.get(facts)
        if found is None:
            explained = self.explainer.explain(facts)
            parts = [explained] if explained.get("inconsistent") else explained["categories"]
            found = self._refs[facts] = [self._number(e) for e in parts]
        return found

    def _number(self, entry: Explanation) -> int:
        number = self._numbers.get(id(entry))
        if number is None:
            number = self._numbers[id(entry)] = len(self.entries)
            self.entries.append(entry)
        return number


class InlineExplanations:
    """Each record's whole explanation beside its answer (`--explain-inline`)."""

    referenced = False

    def __init__(self, explainer: Explainer):
        self.explainer = explainer

    def why(self, facts: Facts) -> Explanation:
        return self.explainer.explain(facts)


def resolve(numbers: Sequence[int], entries: Sequence[dict[str, Any]]) -> Explanation:
    """A record's explanation from its references: ``{"categories": [...]}`` (or the clash
    of an inconsistent record), as `Explainer.explain` gives it."""
    found = [entries[n] for n in numbers]
    if len(found) == 1 and found[0].get("inconsistent"):
        return found[0]
    return {"categories": found}
