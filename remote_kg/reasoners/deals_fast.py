"""The fast deal classifier: the ontology's deal definitions evaluated over every world.

A deal's world is a value of its provider slot, a truth value for each undefined class
its axioms mention, and the set S of "profiles" its workers have: a profile is the truth
of each worker-level filler of an rkg:involvesWorker restriction (OutsourcedWorker,
RemoteStaffMember, ...). Each listed worker contributes one profile among those its own
facts allow (read from the worker engine's worlds); an unlisted workforce may be any set
of profiles a worker can have, the empty one included. `involvesWorker some F` holds when
a profile in S has F, `only F` when all do. A deal axiom may rule out some combinations of
provider and worker profiles (an outsourced worker in an in-house deal); no world is then
left when a listed worker has only such profiles, and the deal is inconsistent. Deals are
decided independently of each other, and the workers' own answers come from their facts
alone. Nothing here knows what a category means.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from remote_kg.model.deals import PROVIDER_VALUE, DealFacts
from remote_kg.model.ontology import ONTOLOGY_PATH, RKG, ontology_graph
from remote_kg.model.owl import (
    THING,
    Expr,
    OntologyModel,
    UnsupportedExpression,
    local_name,
    read_model,
)
from remote_kg.model.records import Facts
from remote_kg.reasoners.answer import Answer
from remote_kg.reasoners.fast import Evaluator, FastReasoner

DEAL = str(RKG.SourcingArrangement)
PROVIDER = str(RKG.hasProviderKind)
INVOLVES = str(RKG.involvesWorker)


class _Terms:
    """What the deal axioms and categories mention: worker fillers and free classes."""

    def __init__(self, model: OntologyModel):
        self.model = model
        self.fillers: list[Expr] = []
        self.free: list[str] = []
        self._seen: set[str] = set()

    def collect(self, expr: Expr) -> None:
        kind = expr[0]
        if kind == "class":
            iri = expr[1]
            if iri in self._seen or iri in (THING, DEAL) or iri in self.model.told_supers.get(
                    DEAL, ()):
                return
            self._seen.add(iri)
            own = [d for d in self.model.definitions.get(iri, ()) if d != expr]
            if own:
                self.collect(own[0])
            else:
                self.free.append(iri)
        elif kind in ("and", "or"):
            for e in expr[1]:
                self.collect(e)
        elif kind == "not":
            self.collect(expr[1])
        elif kind in ("some", "all") and self._involves(expr[1]) and (
                expr[2] not in self.fillers):
            self.fillers.append(expr[2])

    def _involves(self, prop: str) -> bool:
        return prop in self.model.sub_properties(INVOLVES) or INVOLVES in (
            self.model.super_properties.get(prop, ()))


def _mentions_deals(expr: Expr, model: OntologyModel, categories: set[str]) -> bool:
    """Whether an axiom speaks of deal categories or of a deal's facts."""
    kind = expr[0]
    if kind == "class":
        return expr[1] in categories
    if kind in ("and", "or"):
        return any(_mentions_deals(e, model, categories) for e in expr[1])
    if kind == "not":
        return _mentions_deals(expr[1], model, categories)
    prop = expr[1] if kind in ("some", "all", "value") else expr[2]
    return bool(model.sub_properties(prop) & {PROVIDER, INVOLVES})


class DealReasoner:
    """Classifies deal facts; see the module docstring."""

    name = "fast"

    def __init__(self, model: OntologyModel, workers: FastReasoner):
        self.model = model
        self.workers = workers
        self.category_iris = list(model.deal_categories)
        self.categories = [local_name(c) for c in self.category_iris]
        cats = set(self.category_iris)
        self.axioms = [a for a in model.axioms if _mentions_deals(a, model, cats)]
        terms = _Terms(model)
        for expr in [*self.axioms, *(("class", c) for c in self.category_iris)]:
            terms.collect(expr)
        self.fillers, self.free = terms.fillers, terms.free
        self._nodes = Evaluator(model, [])
        self.provider_codes: tuple[str | None, ...] = (None, *PROVIDER_VALUE)
        self._provider_nodes = {None: None} | {
            code: ("node", str(cls), str(ind)) for code, (ind, cls) in PROVIDER_VALUE.items()}
        self._any_worker = self.workers.profiles(Facts(), self.fillers)
        self._cache: dict[DealFacts, Answer] = {}

    @classmethod
    def for_ontology(cls, path: Path | None = None) -> DealReasoner:
        return _cached(str(path or ONTOLOGY_PATH))

    # -- worlds -----------------------------------------------------------------------------
    def _workforces(self, facts: DealFacts) -> set[frozenset[tuple[bool, ...]]]:
        """Every set of profiles the deal's workers can have together."""
        if facts.workers is None:
            pool = sorted(self._any_worker)
            return {frozenset(c) for n in range(len(pool) + 1)
                    for c in itertools.combinations(pool, n)}
        sets: set[frozenset[tuple[bool, ...]]] = {frozenset()}
        for worker, count in facts.workers:
            options = self.workers.profiles(worker, self.fillers)
            for _ in range(count):
                sets = {s | {p} for s in sets for p in options}
        return sets

    def _holds(self, expr: Expr, provider: Any, free: dict[str, bool],
               workforce: frozenset[tuple[bool, ...]], active: frozenset[str] = frozenset(),
               ) -> bool:
        kind = expr[0]
        if kind == "class":
            iri = expr[1]
            if iri in (THING, DEAL) or iri in self.model.told_supers.get(DEAL, ()):
                return True
            if iri in free:
                return free[iri]
            own = [d for d in self.model.definitions.get(iri, ()) if d != expr]
            if not own or iri in active:
                raise UnsupportedExpression(f"class {local_name(iri)} on a deal")
            return self._holds(own[0], provider, free, workforce, active | {iri})
        if kind == "and":
            return all(self._holds(e, provider, free, workforce, active) for e in expr[1])
        if kind == "or":
            return any(self._holds(e, provider, free, workforce, active) for e in expr[1])
        if kind == "not":
            return not self._holds(expr[1], provider, free, workforce, active)
        if kind in ("some", "all", "value"):
            prop = expr[1]
            if prop in self.model.sub_properties(PROVIDER):
                node = self._provider_nodes[provider]
                if kind == "value":
                    return node is not None and node[2] == expr[2]
                if node is None:
                    return kind == "all"
                return self._nodes.node_has(expr[2], node)
            if kind != "value" and expr[2] in self.fillers:
                position = self.fillers.index(expr[2])
                hits = (profile[position] for profile in workforce)
                return any(hits) if kind == "some" else all(hits)
        raise UnsupportedExpression(f"deal expression {expr}")

    # -- answers ----------------------------------------------------------------------------
    def answer(self, facts: DealFacts) -> Answer:
        found = self._cache.get(facts)
        if found is None:
            found = self._cache[facts] = self._answer(facts)
        return found

    def _answer(self, facts: DealFacts) -> Answer:
        providers = [p for p in self.provider_codes
                     if not facts.provider or p in facts.provider]
        if len(facts.provider) > 1:
            providers = []
        held = [False] * len(self.category_iris)
        failed = [False] * len(self.category_iris)
        any_world = False
        # An asserted class no deal axiom mentions and nothing defines cannot change it.
        asserted = [c for c in facts.asserted
                    if c in self.free or self.model.definitions.get(c)]
        workforces = self._workforces(facts)
        for provider in providers:
            for values in itertools.product((False, True), repeat=len(self.free)):
                free = dict(zip(self.free, values))
                for workforce in workforces:
                    if not all(self._holds(a, provider, free, workforce) for a in self.axioms):
                        continue
                    if not all(self._holds(("class", c), provider, free, workforce)
                               for c in asserted):
                        continue
                    any_world = True
                    for i, iri in enumerate(self.category_iris):
                        if self._holds(("class", iri), provider, free, workforce):
                            held[i] = True
                        else:
                            failed[i] = True
        if not any_world:
            return Answer((), (), tuple(self.categories), consistent=False)
        pairs = list(zip(self.categories, held, failed))
        return Answer(tuple(c for c, h, f in pairs if h and not f),
                      tuple(c for c, h, f in pairs if f and not h),
                      tuple(c for c, h, f in pairs if h and f))

    def classify(self, facts: Iterable[DealFacts]) -> dict[DealFacts, Answer]:
        return {f: self.answer(f) for f in dict.fromkeys(facts)}


@lru_cache(maxsize=4)
def _cached(path: str) -> DealReasoner:
    model = read_model(ontology_graph(Path(path)))
    return DealReasoner(model, FastReasoner.for_ontology(Path(path)))
