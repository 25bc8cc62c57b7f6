"""Categories beyond the seed ones (the authorities' modules), decided on top of the fast
engine's worlds without multiplying them.

A perspective category mixes facts the base engine's worlds hold (relations, workplaces,
...) with facts only it uses (default place, away-work regularity, written agreement,
office days, ICT use). Its largest sub-expressions over base facts become "atoms". For a
record, the base engine gives the combinations of atom truth values its consistent worlds
allow (`FastReasoner.profiles`); a second, small tensor over the atoms and the other facts
gives the category in each. This is exact because no axiom constrains those other facts:
one that did would raise UnsupportedExpression here (use `--reasoner hermit`), and the
HermiT parity tests compare the two engines.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from remote_kg.model.owl import THING, Expr, UnsupportedExpression, local_name
from remote_kg.model.records import Facts
from remote_kg.reasoners.answer import Answer, Reasoner
from remote_kg.reasoners.engine import worker_terms
from remote_kg.reasoners.fast import (
    WORKER,
    Evaluator,
    FastReasoner,
    Slot,
    box_of,
    fact_slots,
    terms_used,
)

ATOM = "urn:remote-kg:atom#"
# The Facts fields `box_of` reads for a slot of each group (others: the field named so).
BOX_FIELDS = {"relation": ("relations",), "workplace": ("workplaces", "workplaces_allowed"),
              "class": ("asserted",)}


class _Split:
    """One perspective category: its atoms and its tensor over atoms and other facts."""

    def __init__(self, base: FastReasoner, iri: str):
        self.base = base
        model = base.model
        self.base_props = {s.prop for s in base.slots if s.prop}
        self.fact_props = {s.prop for s in fact_slots()}
        self.base_classes = {s.name[len("class:"):] for s in base.slots
                             if s.name.startswith("class:")}
        self.atoms: list[Expr] = []
        definition = [d for d in model.definitions[iri] if d != ("class", iri)][0]
        expr = self._split(definition)
        _, used = terms_used(model, [expr])
        others = [s for s in fact_slots() if s.prop in used and s.prop not in self.base_props]
        self.slots = [Slot(f"class:{ATOM}{i}", "", (False, True), (None, None))
                      for i in range(len(self.atoms))] + others
        evaluator = Evaluator(model, self.slots)
        shape = evaluator.shape
        self.values = np.broadcast_to(np.asarray(evaluator.worker(expr), dtype=bool), shape)
        self._kinds = [s.name.partition(":")[::2] for s in self.slots]
        self._index = [{v: j for j, v in enumerate(s.values)} for s in self.slots]
        self._full = [list(range(len(s.values))) for s in self.slots]
        self._cache: dict[tuple, tuple[bool, bool]] = {}
        # The other facts' part of a box, per the Facts fields box_of reads for them: equal
        # values there give equal boxes.
        self._rest_fields = sorted({field for group, _ in self._kinds[len(self.atoms):]
                                    for field in BOX_FIELDS.get(group, (group,))})
        self._rests: dict[tuple, tuple | None] = {}

    def _is_base(self, expr: Expr) -> bool:
        model = self.base.model
        classes, props = worker_terms(model, [expr])
        for prop in props:
            if (model.sub_properties(prop) & self.fact_props) - self.base_props:
                return False
        return all(c in (THING, WORKER) or model.definitions.get(c) or c in self.base_classes
                   or c in model.told_supers.get(WORKER, ()) for c in classes)

    def _split(self, expr: Expr) -> Expr:
        """`expr` with its largest base sub-expressions replaced by atom classes."""
        if self._is_base(expr):
            value = self.base._evaluator.worker(expr)
            if isinstance(value, bool | np.bool_):  # the same in every world: no atom
                return ("class", THING) if value else ("not", ("class", THING))
            self.atoms.append(expr)
            return ("class", f"{ATOM}{len(self.atoms) - 1}")
        kind = expr[0]
        if kind == "class":
            own = [d for d in self.base.model.definitions.get(expr[1], ())
                   if d != expr]
            if not own:
                raise UnsupportedExpression(f"class {local_name(expr[1])} is not among the slots")
            return self._split(own[0])
        if kind in ("and", "or"):
            return (kind, tuple(self._split(e) for e in expr[1]))
        if kind == "not":
            return ("not", self._split(expr[1]))
        return expr  # a restriction on facts the base worlds do not hold

    def _rest(self, facts: Facts) -> tuple | None:
        """The box along the other facts' slots (None: no world), made once per values."""
        values = tuple(getattr(facts, name) for name in self._rest_fields)
        if values not in self._rests:
            box = box_of(facts, self._kinds[len(self.atoms):], self._index[len(self.atoms):],
                         self._full[len(self.atoms):])
            self._rests[values] = None if box is None else tuple(map(tuple, box))
        return self._rests[values]

    def decide(self, facts: Facts, profiles: list[int]) -> tuple[bool, bool]:
        """(holds in some consistent world, fails in some) for a record whose base worlds
        allow the atom `profiles` (bit i: atom i holds)."""
        rest = self._rest(facts)
        if rest is None:
            return False, False
        key = (tuple(profiles), rest)
        found = self._cache.get(key)
        if found is None:
            held = failed = False
            for profile in profiles:
                fixed = [[(profile >> i) & 1] for i in range(len(self.atoms))]
                values = self.values[np.ix_(*fixed, *rest)]
                held = held or bool(values.any())
                failed = failed or not bool(values.all())
            found = self._cache[key] = (held, failed)
        return found


class CategoryReasoner(Reasoner):
    """The fast engine for a chosen list of categories: seed categories from the base
    engine, the authorities' categories through `_Split`."""

    name = "fast"

    def __init__(self, base: FastReasoner, category_iris: list[str]):
        self.base = base
        self.category_iris = category_iris
        self.categories = [local_name(c) for c in category_iris]
        model = base.model
        outside = {s.prop for s in fact_slots()} - {s.prop for s in base.slots}
        for axiom in model.axioms:
            _, used = terms_used(model, [axiom])
            if used & outside:
                raise UnsupportedExpression(
                    "an axiom constrains facts outside the fast engine's worlds: "
                    f"{sorted(local_name(p) for p in used & outside)}")
        self._splits = {iri: _Split(base, iri) for iri in category_iris
                        if iri not in base.category_iris}

    @property
    def columns(self) -> frozenset[str]:
        """The CSV fact columns the answers read: the seed engine's and the splits'."""
        own = {s.name for split in self._splits.values() for s in split.slots
               if not s.name.startswith("class:")}
        return self.base.columns | own

    def answer(self, facts: Facts) -> Answer:
        base = self.base.answer(facts)
        if not base.consistent:
            return self._inconsistent()
        return self._combined(facts, base, {
            iri: self.base.profile_codes(facts, tuple(split.atoms))
            for iri, split in self._splits.items()})

    def _inconsistent(self) -> Answer:
        return Answer((), (), tuple(self.categories), consistent=False)

    def _combined(self, facts: Facts, base: Answer,
                  profiles: dict[str, list[int] | None]) -> Answer:
        """The answer from the base engine's (consistent) answer and, per split category,
        the atom profiles the record's base worlds allow (None: none is consistent)."""
        is_, is_not, unknown = [], [], []
        for iri, name in zip(self.category_iris, self.categories):
            split = self._splits.get(iri)
            if split is None:
                status = base.status(name)
            else:
                codes = profiles[iri]
                if codes is None:
                    return self._inconsistent()
                held, failed = split.decide(facts, codes)
                if not (held or failed):
                    return self._inconsistent()
                status = "unknown" if held and failed else "is" if held else "is_not"
            {"is": is_, "is_not": is_not, "unknown": unknown}[status].append(name)
        return Answer(tuple(is_), tuple(is_not), tuple(unknown))

    def classify(self, facts: Iterable[Facts]) -> dict[Facts, Answer]:
        """`answer` for each distinct set of facts; those without asserted classes are
        read from the base engine's tables in bulk (`FastReasoner.distinct_answers`,
        `profile_codes_of_rows`): the same answers, without a look-up per category."""
        unique = list(dict.fromkeys(facts))
        found: dict[Facts, Answer] = {}
        plain: list[Facts] = []
        rows = []
        for item in unique:
            row = None if item.asserted else self.base.box_row(item)
            if row is not None:
                plain.append(item)
                rows.append(row)
            else:  # asserted classes (read from their worlds), or no world at all
                found[item] = self.answer(item)
        if plain:
            matrix = np.stack(rows)
            answers, which = self.base.distinct_answers(matrix)
            profiles = {iri: self.base.profile_codes_of_rows(matrix, tuple(split.atoms))
                        for iri, split in self._splits.items()}
            for k, item in enumerate(plain):
                base = answers[which[k]]
                found[item] = (self._combined(item, base, {
                    iri: codes[k] for iri, codes in profiles.items()})
                    if base.consistent else self._inconsistent())
        return {item: found[item] for item in unique}
