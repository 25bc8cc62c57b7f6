"""Classifiers: each answers is / is_not / unknown for every category of each record."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from remote_kg.records import Facts


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


def get_reasoner(name: str, ontology_path=None) -> Reasoner:
    """Return the reasoner called `name` ("fast" or "hermit") for the given ontology."""
    if name == "fast":
        from remote_kg.reasoners.fast import FastReasoner

        return FastReasoner.for_ontology(ontology_path)
    if name == "hermit":
        from remote_kg.reasoners.hermit import HermitReasoner

        return HermitReasoner.for_ontology(ontology_path)
    raise ValueError(f"unknown reasoner {name!r}; expected 'fast' or 'hermit'")
