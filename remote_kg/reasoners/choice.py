"""Choosing an engine: the worker reasoner by name and categories, the deal and job
engines by name."""

from __future__ import annotations

from pathlib import Path

from remote_kg.reasoners.answer import Reasoner


def get_reasoner(name: str, ontology_path=None, categories: str | None = None) -> Reasoner:
    """Return the worker engine called `name` (an "engine" plugin: "fast", "hermit") for
    the given ontology, deciding the categories `categories` names (see
    `chosen_categories`; None: the seed categories)."""
    from remote_kg.model.ontology import ONTOLOGY_PATH, ontology_graph
    from remote_kg.model.owl import read_model

    engine = _engine("engine", name)
    chosen = None
    if categories is not None:
        chosen = chosen_categories(categories, read_model(ontology_graph(ontology_path)))
    if name == "fast":
        base = engine.for_ontology(ontology_path)
        if chosen is None or chosen == base.category_iris:
            return base
        from remote_kg.reasoners.split import CategoryReasoner

        return CategoryReasoner(base, chosen)
    if chosen is None:
        return engine.for_ontology(ontology_path)
    return engine(ontology_graph(ontology_path or ONTOLOGY_PATH), chosen)


def get_engine(kind: str, name: str, ontology_path: Path | None = None):
    """The `kind` engine ("deal-engine", "job-engine") called `name`, built with its
    `for_ontology`."""
    return _engine(kind, name).for_ontology(ontology_path)


def _engine(kind: str, name: str):
    from remote_kg import plugins

    if name not in plugins.names(kind):
        raise ValueError(f"unknown reasoner {name!r}; expected one of "
                         f"{', '.join(map(repr, plugins.names(kind)))}")
    return plugins.get(kind, name)


CATEGORY_SETS = ("seed", "authorities", "all")


def chosen_categories(spec: str, model) -> list[str]:
    """The category IRIs a comma-separated list names: category local names (any case),
    or `seed` (the default categories), `authorities` (the authorities' modules' ones) or
    `all`. An unknown name raises InputError listing the known ones."""
    from remote_kg.errors import InputError
    from remote_kg.model.owl import local_name

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
