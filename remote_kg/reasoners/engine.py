"""The engine core the fast engines share: the slots a record's facts fill, the worlds
they span, and class expressions of the ontology evaluated over all worlds at once
(`Evaluator`). The worker engine (`fast`), the authorities' split engine (`split`), the job
and deal engines and the explanations build on it; nothing here knows what a category
means.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from remote_kg.model.ontology import RKG
from remote_kg.model.owl import (
    THING,
    Expr,
    OntologyModel,
    UnsupportedExpression,
    facet_holds,
    local_name,
)
from remote_kg.model.records import Facts
from remote_kg.model.vocab import (
    BOOLEAN_COLUMNS,
    COLUMN_PROPERTY,
    INTEGER_COLUMNS,
    PLACE_COLUMNS,
    RELATION_PROPERTY,
    VALUE_COLUMNS,
    WORKPLACE_CLASS,
    integer_range,
)

WORKER = str(RKG.Worker)
ORGANISATION = str(RKG.Organisation)


@dataclass(frozen=True)
class Slot:
    """One axis of the world tensor.

    `values[i]` is what the worker has in that slot in world index i: for a boolean slot
    (False, True); for a functional slot (None, value, ...). `edges(value)` gives the
    (property, node) pairs the worker has when the slot takes `value`.
    """

    name: str
    prop: str
    values: tuple[Any, ...]
    nodes: tuple[Any, ...]  # node for each value (None when the value adds no edge)


def fact_slots() -> list[Slot]:
    """The slots of a worker record's facts (a new list; the slots are built once)."""
    return list(_fact_slots())


@functools.cache
def _fact_slots() -> tuple[Slot, ...]:
    org = ("node", ORGANISATION, None)
    slots = [
        Slot(f"relation:{code}", str(prop), (False, True), (None, org))
        for code, prop in RELATION_PROPERTY.items()
    ]
    slots += [
        Slot(f"workplace:{code}", str(RKG.worksAt), (False, True), (None, ("node", str(cls), None)))
        for code, cls in WORKPLACE_CLASS.items()
    ]
    for name, (prop, table) in VALUE_COLUMNS.items():
        slots.append(
            Slot(
                name,
                str(prop),
                (None, *table),
                (None, *(("node", str(cls), str(ind)) for ind, cls in table.values())),
            )
        )
    for name, prop in PLACE_COLUMNS.items():
        slots.append(
            Slot(name, str(prop), (None, *WORKPLACE_CLASS),
                 (None, *(("node", str(cls), None) for cls in WORKPLACE_CLASS.values())))
        )
    for name in BOOLEAN_COLUMNS:
        prop = COLUMN_PROPERTY[name]
        slots.append(
            Slot(
                name, str(prop), (None, True, False), (None, ("literal", True), ("literal", False))
            )
        )
    for name, prop in INTEGER_COLUMNS.items():
        low, high = integer_range(name)
        numbers = tuple(range(low, high + 1))
        slots.append(Slot(name, str(prop), (None, *numbers),
                          (None, *(("literal", n) for n in numbers))))
    return tuple(slots)


def box_of(facts: Facts, slot_kinds: list[tuple[str, str]], value_index: list[dict],
           full: list[list[int]]) -> list[list[int]] | None:
    """Indices of the worlds compatible with `facts` along each slot (None: no world), for
    slots described by their (group, code) names, value positions and full ranges. Each
    slot is either fixed to one value or wholly free."""
    box: list[list[int]] = []
    for (group, code), values, everything in zip(slot_kinds, value_index, full):
        if group == "class":
            allowed = [1] if code in facts.asserted else everything
        elif group == "relation":
            allowed = [1] if code in facts.relations else everything
        elif group == "workplace":
            excluded = (
                facts.workplaces_allowed is not None and code not in facts.workplaces_allowed
            )
            if code in facts.workplaces:
                if excluded:
                    return None  # works at a kind of place its closure rules out
                allowed = [1]
            else:
                allowed = [0] if excluded else everything
        else:
            known = getattr(facts, group)
            if not known:
                allowed = everything
            elif len(known) > 1:
                return None  # two values for a functional fact
            else:
                allowed = [values[next(iter(known))]]
        box.append(allowed)
    return box


def disjoint_pairs(model: OntologyModel) -> set[tuple[str, str]]:
    """The pairs of named classes the model states disjoint (both ways round)."""
    pairs = set()
    for axiom in model.axioms:
        if axiom[0] == "not" and axiom[1][0] == "and" and len(axiom[1][1]) == 2:
            a, b = axiom[1][1]
            if a[0] == "class" and b[0] == "class":
                pairs.add((a[1], b[1]))
                pairs.add((b[1], a[1]))
    return pairs


class OpenMembership(UnsupportedExpression):
    """A filler node's membership in a class that the axioms at hand leave open."""

    def __init__(self, key: tuple[str, str]):
        super().__init__(f"cannot tell whether a {local_name(key[0])} is a {local_name(key[1])}"
                         ": the ontology neither entails nor excludes it")
        self.key = key


class Evaluator:
    """Evaluates class expressions on the worker over all worlds, and on filler nodes.

    A filler node's membership in a class the ontology neither entails nor excludes raises
    OpenMembership. `within` (a box of worlds; explanations build engines from parts of
    the ontology for one record) limits the evaluation to those worlds: elsewhere results
    are junk, and an open membership matters only where it could change a result there.
    """

    def __init__(self, model: OntologyModel, slots: list[Slot],
                 within: list[list[int]] | None = None, root: str = WORKER,
                 classes: list[list[list[int]]] | None = None):
        """`classes` (see `value_classes`) gives each slot's axis one position per class of
        interchangeable values instead of one per value; `within` stays in value indices."""
        self.model = model
        self.root = root  # the class every individual evaluated is in (rkg:Worker, rkg:Job)
        self.within = within
        self.slots = slots
        self.classes = classes
        self.shape = (tuple(len(c) for c in classes) if classes is not None
                      else tuple(len(s.values) for s in slots))
        self.fact_properties = {s.prop for s in slots}
        self._disjoint = disjoint_pairs(model)
        self._cache: dict[Expr, np.ndarray | bool] = {}
        self._active: set[str] = set()
        # The asked-about worlds along each axis (its positions), where a junction may be
        # settled before its other parts are evaluated (None: every world is asked about).
        self._box: list[list[int]] | None = None
        self._care: np.ndarray | None = None  # of the box's worlds, those that count
        self._defer = within is not None  # an open question waits for the other parts
        if within is not None:
            self._box = [sorted({position for position, group in enumerate(groups)
                                 if any(v in group for v in allowed)})
                         for allowed, groups in zip(within, classes or [
                             [[v] for v in range(len(s.values))] for s in slots])]

    # -- filler nodes: canonical individuals typed by their class and its superclasses ----
    def _node_types(self, cls: str) -> set[str]:
        return {cls, THING} | self.model.told_supers.get(cls, set())

    def node_has(self, expr: Expr, node: Any) -> bool:
        """Truth of `expr` on a filler node; raises when the ontology leaves it open."""
        kind = expr[0]
        if node[0] == "literal":
            if expr == ("class", THING):
                return True
            if kind == "facets":
                return facet_holds(expr, node[1])
            if kind in ("and", "or"):
                return self._node_junction(kind == "or", expr[1], node)
            if kind == "not":
                return not self.node_has(expr[1], node)
            raise UnsupportedExpression(f"data range {expr} on a literal")
        _, cls, individual = node
        if kind == "class":
            types = self._node_types(cls)
            if expr[1] in types:
                return True
            if any((t, expr[1]) in self._disjoint for t in types):
                return False
            definitions = self.model.definitions.get(expr[1])
            if definitions and expr[1] not in self._active:
                self._active.add(expr[1])
                try:
                    return self.node_has(definitions[0], node)
                finally:
                    self._active.discard(expr[1])
            raise OpenMembership((cls, expr[1]))
        if kind in ("and", "or"):
            return self._node_junction(kind == "or", expr[1], node)
        if kind == "not":
            return not self.node_has(expr[1], node)
        if kind == "value":
            return False
        raise UnsupportedExpression(f"property restriction {expr[0]} on a {local_name(cls)}")

    def _node_junction(self, any_: bool, parts: tuple, node: Any) -> bool:
        """and / or on a node: a part that settles it wins over a part left open."""
        open_: OpenMembership | None = None
        for part in parts:
            try:
                if self.node_has(part, node) is any_:
                    return any_
            except OpenMembership as exc:
                open_ = open_ or exc
        if open_ is not None:
            raise open_
        return not any_

    def _matters(self, index: int, position: int) -> bool:
        """Whether value `position` of slot `index` lies in the worlds asked about."""
        return self.within is None or position in self.within[index]

    # -- the worker, over all worlds ------------------------------------------------------
    def _axis(self, index: int, mask: list[bool]) -> np.ndarray:
        """A per-value mask of slot `index` as a tensor along its axis (one position per
        class of values when the axis is quotiented). A slot the worlds asked about fix
        gives its one value's truth as a constant: the worlds elsewhere are junk anyway,
        and constants keep the tensors to the slots left free."""
        if self.within is not None and len(self.within[index]) == 1:
            return np.asarray(bool(mask[self.within[index][0]]))
        if self.classes is not None:
            groups = self.classes[index]
            if any(mask[v] != mask[group[0]] for group in groups for v in group):
                raise MergedValuesDiffer(
                    f"slot {self.slots[index].name}: an expression tells apart values "
                    "the value classes merged")
            mask = [mask[group[0]] for group in groups]
        shape = [1] * len(self.slots)
        shape[index] = len(mask)
        return np.array(mask, dtype=bool).reshape(shape)

    def _edges(self, prop: str):
        """Slots whose property is `prop` or a sub-property of it."""
        subs = self.model.sub_properties(prop)
        if prop not in self.fact_properties and not (subs & self.fact_properties):
            raise UnsupportedExpression(
                f"property {local_name(prop)} is not among the facts a record carries"
            )
        return [(i, s) for i, s in enumerate(self.slots) if s.prop in subs]

    def worker(self, expr: Expr) -> np.ndarray | bool:
        """Boolean tensor (or constant) of `expr` on the worker in every world."""
        if expr in self._cache:
            return self._cache[expr]
        result = self._worker(expr)
        self._cache[expr] = result
        return result

    def _worker(self, expr: Expr) -> np.ndarray | bool:
        kind = expr[0]
        if kind == "class":
            iri = expr[1]
            if iri in (THING, self.root) or iri in self.model.told_supers.get(self.root, ()):
                return True
            definitions = self.model.definitions.get(iri)
            if not definitions:
                for index, slot in enumerate(self.slots):
                    if slot.name == f"class:{iri}":
                        return self._axis(index, [False, True])
                raise UnsupportedExpression(f"class {local_name(iri)} is not among the slots")
            if iri in self._active:
                raise UnsupportedExpression(f"class {local_name(iri)} is defined in a cycle")
            self._active.add(iri)
            try:
                own = [d for d in definitions if d != ("class", iri)]
                return self.worker(own[0])
            finally:
                self._active.discard(iri)
        if kind in ("and", "or"):
            return self._junction(kind == "or", expr[1])
        if kind == "not":
            return np.logical_not(self.worker(expr[1]))
        if kind in ("some", "all", "value"):
            prop = expr[1]
            out = kind == "all"
            deferred: OpenMembership | None = None  # as in `_junction`, over the fillers
            for index, slot in self._edges(prop):
                try:
                    if kind == "value":
                        hits = [n is not None and _node_is(n, expr[2]) for n in slot.nodes]
                    else:
                        hits = [n is not None and self._matters(index, v)
                                and self.node_has(expr[2], n) for v, n in enumerate(slot.nodes)]
                except OpenMembership as open_:
                    if not self._defer:
                        raise
                    deferred = deferred or open_
                    continue
                if kind == "all":
                    ok = [n is None or h for n, h in zip(slot.nodes, hits)]
                    out = np.logical_and(out, self._axis(index, ok))
                else:
                    out = np.logical_or(out, self._axis(index, hits))
                if self._box is not None and self._settled(out, kind != "all"):
                    return out
            if deferred is not None:
                raise deferred
            return out
        if kind in ("min", "max", "exact"):
            n, prop, filler = expr[1], expr[2], expr[3]
            slots = self._edges(prop)
            if any(len(s.values) == 2 for _, s in slots) and prop not in self.model.functional:
                raise UnsupportedExpression(
                    f"cardinality on {local_name(prop)}: records say which kinds of place, "
                    "not how many places"
                )
            count: np.ndarray | int = 0
            for index, slot in slots:
                hits = [
                    int(node is not None and self._matters(index, v)
                        and self.node_has(filler, node))
                    for v, node in enumerate(slot.nodes)
                ]
                count = count + self._axis(index, hits).astype(np.int8)
            if kind == "min":
                return np.asarray(count) >= n
            if kind == "max":
                return np.asarray(count) <= n
            return np.asarray(count) == n
        raise UnsupportedExpression(f"unsupported expression {expr}")

    def _junction(self, any_: bool, parts: tuple) -> np.ndarray | bool:
        """and / or over all worlds. Asked about a box of worlds, the parts stop once those
        evaluated settle the junction throughout the box, and a part the ontology leaves
        open about a filler node is put last (the open question cannot change a settled
        junction there)."""
        out: np.ndarray | bool = not any_
        combine = np.logical_or if any_ else np.logical_and
        deferred: OpenMembership | None = None
        for part in parts:
            try:
                value = self.worker(part)
            except OpenMembership as open_:
                if not self._defer:
                    raise
                deferred = deferred or open_
                continue
            out = combine(out, value)
            if self._box is not None and self._settled(out, any_):
                return out
        if deferred is not None:
            raise deferred
        return out

    def only_where(self, mask: np.ndarray | bool) -> None:
        """Asked about a box of worlds: from now on, only the box's worlds where `mask`
        holds count (the consistent ones, once the axioms are evaluated), so a junction
        settled there is settled."""
        if self._box is not None:
            self._care = np.ascontiguousarray(self._in_box(mask))

    def _in_box(self, value: np.ndarray | bool) -> np.ndarray:
        """`value` over the box's worlds (a view: each axis of the box is one position,
        all of them, or an axis `value` does not vary along)."""
        array = np.asarray(value)
        if not array.ndim:
            return array
        index = tuple(slice(None) if size == 1 or len(box) == size
                      else slice(box[0], box[0] + 1) if len(box) == 1 else box
                      for size, box in zip(array.shape, self._box))
        if any(isinstance(i, list) for i in index):
            return array[np.ix_(*([0] if size == 1 else box
                                  for size, box in zip(array.shape, self._box)))]
        return array[index]

    def _settled(self, value: np.ndarray | bool, any_: bool) -> bool:
        """Whether `value` is `any_` in every world of the box that counts."""
        array = self._in_box(value)
        if any_:
            array = np.logical_not(array)
        if self._care is not None:
            array = np.logical_and(array, self._care)
        return not bool(array.any())


class MergedValuesDiffer(RuntimeError):
    """An expression distinguishes values that `value_classes` found interchangeable: the
    expressions given to it did not cover every one evaluated later (a bug, not bad data)."""


class _MaskRecorder(Evaluator):
    """Walks expressions as Evaluator does, recording each slot's per-value masks and
    computing nothing over worlds (every tensor is a single junk cell)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.masks: list[set[tuple[bool, ...]]] = [set() for _ in self.slots]
        self._box = None  # every part is visited (an open one last): its tensors are junk

    def _axis(self, index: int, mask: list[bool]) -> np.ndarray:
        self.masks[index].add(tuple(bool(m) for m in mask))
        return np.zeros([1] * len(self.slots), dtype=bool)

    def visit(self, expr: Expr) -> None:
        """Evaluate `expr`; where it cannot be evaluated as a whole, visit its parts (and
        restriction fillers, which other engines evaluate on the individual) alone."""
        try:
            self.worker(expr)
            return
        except UnsupportedExpression:
            pass
        kind = expr[0]
        if kind == "class":
            for definition in self.model.definitions.get(expr[1], ()):
                if definition != expr and expr[1] not in self._active:
                    self._active.add(expr[1])
                    try:
                        self.visit(definition)
                    finally:
                        self._active.discard(expr[1])
        elif kind in ("and", "or"):
            for part in expr[1]:
                self.visit(part)
        elif kind == "not":
            self.visit(expr[1])
        elif kind in ("some", "all") and isinstance(expr[2], tuple):
            self.visit(expr[2])
        elif kind in ("min", "max", "exact") and isinstance(expr[3], tuple):
            self.visit(expr[3])


def value_classes(model: OntologyModel, slots: list[Slot], exprs: Iterable[Expr],
                  within: list[list[int]] | None = None,
                  root: str = WORKER) -> list[list[list[int]]]:
    """Per slot, its values grouped into classes that no expression of `exprs` (nor any
    part of them) tells apart: values whose per-value masks agree in every restriction
    on the slot give identical slices of every tensor, so one world per class answers
    exactly as one per value. Axioms the ontology has, but leave schedule, say, read as
    "organisation-set or not", then need two positions where the slot has three values."""
    recorder = _MaskRecorder(model, slots, within, root)
    for expr in exprs:
        recorder.visit(expr)
    found = []
    for slot, masks in zip(slots, recorder.masks):
        ordered = sorted(masks)
        groups: dict[tuple[bool, ...], list[int]] = {}
        for v in range(len(slot.values)):
            groups.setdefault(tuple(mask[v] for mask in ordered), []).append(v)
        found.append(list(groups.values()))
    return found


def _node_is(node: Any, value: Any) -> bool:
    if node[0] == "literal":
        return node[1] == value and type(node[1]) is type(value)
    return node[2] == value


@functools.lru_cache(maxsize=1 << 16)
def direct_terms(expr: Expr) -> tuple[frozenset[str], frozenset[str]]:
    """The classes and properties an expression uses on the individual itself, its named
    classes not unfolded (the same in every model, so kept: explanations ask about the
    same axioms under thousands of models)."""
    kind = expr[0]
    if kind == "class":
        return frozenset((expr[1],)), frozenset()
    if kind in ("and", "or"):
        found = [direct_terms(e) for e in expr[1]]
        return (frozenset().union(*(c for c, _ in found)),
                frozenset().union(*(p for _, p in found)))
    if kind == "not":
        return direct_terms(expr[1])
    return frozenset(), frozenset((expr[1] if kind in ("some", "all", "value") else expr[2],))


def mentions_worker_facts(
    expr: Expr, model: OntologyModel, fact_props: set[str], categories: set[str],
    root: str = WORKER,
) -> bool:
    """Whether an axiom says anything about the categories or facts of a worker (or of
    another `root`'s individuals): it names one of the categories or the root on the
    individual, or a property that is one of the facts' or has one of them below it."""
    classes, props = direct_terms(expr)
    if root in classes or not classes.isdisjoint(categories):
        return True
    return any(prop in fact_props or not model.sub_properties(prop).isdisjoint(fact_props)
               for prop in props)


def worker_terms(model: OntologyModel, exprs: Iterable[Expr]) -> tuple[set[str], set[str]]:
    """The classes and properties `exprs` use on the individual itself, defined classes
    unfolded (the properties as named, without their sub-properties)."""
    classes: set[str] = set()
    props: set[str] = set()
    todo = list(exprs)
    while todo:
        found, used = direct_terms(todo.pop())
        props |= used
        for iri in found - classes:
            classes.add(iri)
            todo.extend(model.definitions.get(iri, ()))
    return classes, props


def terms_used(model: OntologyModel, exprs: Iterable[Expr]) -> tuple[set[str], set[str]]:
    """The classes and the properties (sub-properties included) `exprs` use on the
    individual itself, defined classes unfolded."""
    classes, props = worker_terms(model, exprs)
    return classes, set().union(*(model.sub_properties(p) for p in props)) if props else set()


def fact_properties(facts: Facts) -> set[str]:
    """The properties a record's facts use."""
    found = {str(RELATION_PROPERTY[code]) for code in facts.relations}
    if facts.workplaces or facts.workplaces_allowed is not None:
        found.add(str(RKG.worksAt))
    for column in (*VALUE_COLUMNS, *PLACE_COLUMNS, *BOOLEAN_COLUMNS, *INTEGER_COLUMNS):
        if getattr(facts, column):
            found.add(str(COLUMN_PROPERTY[column]))
    return found
