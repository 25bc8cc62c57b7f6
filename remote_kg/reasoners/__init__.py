"""Classifiers: each answers is / is_not / unknown for every category of each record."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

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


def get_reasoner(name: str, ontology_path=None, categories: str | None = None) -> Reasoner:
    """Return the reasoner called `name` ("fast" or "hermit") for the given ontology,
    deciding the categories `categories` names (see `chosen_categories`; None: the seed
    categories)."""
    from remote_kg.ontology import ONTOLOGY_PATH, ontology_graph
    from remote_kg.owl_model import read_model

    if name not in ("fast", "hermit"):
        raise ValueError(f"unknown reasoner {name!r}; expected 'fast' or 'hermit'")
    chosen = None
    if categories is not None:
        chosen = chosen_categories(categories, read_model(ontology_graph(ontology_path)))
    if name == "fast":
        from remote_kg.reasoners.fast import FastReasoner

        base = FastReasoner.for_ontology(ontology_path)
        if chosen is None or chosen == base.category_iris:
            return base
        from remote_kg.reasoners.perspective import CategoryReasoner

        return CategoryReasoner(base, chosen)
    from remote_kg.reasoners.hermit import HermitReasoner

    if chosen is None:
        return HermitReasoner.for_ontology(ontology_path)
    return HermitReasoner(ontology_graph(ontology_path or ONTOLOGY_PATH), chosen)


def engine_pair(name: str, fast: str, hermit: str, ontology_path: Path | None = None):
    """The engine called `name` of a pair given as "module:Class" paths (imported only
    when chosen), each built with its `for_ontology`: for the deal and job engines."""
    import importlib

    if name not in ("fast", "hermit"):
        raise ValueError(f"unknown reasoner {name!r}; expected 'fast' or 'hermit'")
    module, _, cls = (fast if name == "fast" else hermit).partition(":")
    return getattr(importlib.import_module(module), cls).for_ontology(ontology_path)


CATEGORY_SETS = ("seed", "authorities", "all")


def chosen_categories(spec: str, model) -> list[str]:
    """The category IRIs a comma-separated list names: category local names (any case),
    or `seed` (the default categories), `authorities` (the authorities' modules' ones) or
    `all`. An unknown name raises InputError listing the known ones."""
    from remote_kg.errors import InputError
    from remote_kg.owl_model import local_name

    known = [*model.categories, *model.perspective_categories]
    by_name = {local_name(c).lower(): c for c in known}
    sets = {"seed": model.categories, "authorities": model.perspective_categories,
            "all": known}
    chosen: list[str] = []
    unknown = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        found = sets.get(part.lower()) or ([by_name[part.lower()]] if part.lower() in by_name
                                          else None)
        if found is None:
            unknown.append(part)
            continue
        chosen += [c for c in found if c not in chosen]
    if unknown or not chosen:
        raise InputError(
            f"--categories: {'unknown ' + ', '.join(map(repr, unknown)) if unknown else 'empty'}"
            f"; expected a comma-separated list of {', '.join(CATEGORY_SETS)} or category "
            f"names: {', '.join(local_name(c) for c in known)}")
    return chosen
