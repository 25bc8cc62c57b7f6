"""The three-valued answer every engine gives, and the interface engines implement."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from remote_kg.model.records import Facts


@dataclass(frozen=True, slots=True)
class Answer:
    """The classification of one distinct set of facts (category local names, sorted)."""

    is_: tuple[str, ...]
    is_not: tuple[str, ...]
    unknown: tuple[str, ...]
    consistent: bool = True

    def status(self, category: str) -> str:
        """is / is_not / unknown for one category, or inconsistent."""
        if not self.consistent:
            return "inconsistent"
        if category in self.is_:
            return "is"
        return "is_not" if category in self.is_not else "unknown"


class Reasoner:
    """Interface of the classifiers: distinct facts in, one Answer per facts out."""

    name = "abstract"
    categories: list[str]

    def classify(self, facts: Iterable[Facts]) -> dict[Facts, Answer]:
        raise NotImplementedError
