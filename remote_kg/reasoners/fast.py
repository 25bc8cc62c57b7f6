"""The fast classifier: the ontology's axioms evaluated over every combination of facts.

A record's facts fill a fixed set of slots (one boolean per contractual relation and per
kind of workplace, one value or none for each functional fact). Every complete filling is a
"world": the worker in it has exactly those relations and workplaces, whose fillers are the
canonical organisation, workplace kinds and value individuals. Class expressions of the
ontology are evaluated on all worlds at once as numpy boolean tensors (one axis per slot);
the general axioms give the mask of consistent worlds.

A record with blanks is compatible with a box of worlds. A category is "is" when it holds
in every consistent world of the box, "is_not" when it holds in none, and unknown
otherwise; no consistent world means the record contradicts the ontology. Nothing here
knows what a category means: change an axiom in the ontology and the answers change.
Expressions outside what this evaluation can decide exactly raise UnsupportedExpression,
and `--reasoner hermit` remains the reference; tests compare the two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from rdflib import Graph

from remote_kg.model.ontology import ONTOLOGY_PATH, shared_ontology_graph
from remote_kg.model.owl import (
    THING,
    Expr,
    OntologyModel,
    local_name,
    read_model,
)
from remote_kg.model.records import Facts
from remote_kg.model.vocab import (
    COLUMN_PROPERTY,
)
from remote_kg.reasoners.answer import Answer, Reasoner
from remote_kg.reasoners.engine import (
    WORKER,
    Evaluator,
    Slot,
    box_of,
    fact_properties,
    fact_slots,
    mentions_worker_facts,
    terms_used,
    value_classes,
)

# `answer_row` ORs a box of at most this many worlds straight from the packed table; a
# larger one is read from the table reduced over its free slots (cached per pattern).
DIRECT_WORLDS = 1 << 12
# An engine asked about given facts keeps one position per value of its free slots when
# they span at most this many worlds (`_within_classes`).
FEW_WORLDS = 1 << 12


class Packed:
    """A table with an integer bitset per world (maybe a trailing axis of several words),
    answered for a box of worlds by OR-ing the entries of its worlds.

    The slots of a box are each fixed to one value or wholly free, so the answer is one
    index into the table with the free slots reduced away (OR over them). Each reduction
    is computed once per set of free slots, from the set without its last slot (cached
    too), so each works on an already smaller table, at the same cost however varied the
    data are. Free slots are reduced away many-valued first, so the tables shrink fastest.
    """

    def __init__(self, table: np.ndarray, sizes: tuple[int, ...]):
        self._reductions: dict[tuple[int, ...], np.ndarray] = {(): table}
        # the order free slots are reduced in (`reduced` takes them in this order)
        self.rank = tuple(sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)))

    def reduced(self, free: tuple[int, ...]) -> np.ndarray:
        """The table with the slots in `free` (in `rank` order) reduced away."""
        found = self._reductions.get(free)
        if found is None:
            parent = self.reduced(free[:-1])
            last = free[-1]
            axis = last - sum(1 for s in free[:-1] if s < last)
            found = np.bitwise_or.reduce(parent, axis=axis)
            self._reductions[free] = found
        return found

    def entries(self, rows: np.ndarray) -> np.ndarray:
        """Each box row's entry (a row: each slot's position, -1 where it is free): one
        reduction per pattern of free slots, shared by the rows that have it."""
        whole = self.reduced(())
        out = np.zeros((len(rows), *whole.shape[len(self.rank):]), dtype=whole.dtype)
        patterns, groups = free_patterns(rows)
        for number, pattern in enumerate(patterns):
            members = np.nonzero(groups == number)[0]
            table = self.reduced(tuple(i for i in self.rank if pattern[i]))
            fixed = [i for i in range(len(self.rank)) if not pattern[i]]
            out[members] = table[tuple(rows[members, i] for i in fixed)] if fixed else table
        return out

    def at(self, box: list[list[int]]) -> np.ndarray:
        """The OR of the entries of the box's worlds (each slot fixed or wholly free)."""
        free = tuple(i for i in self.rank if len(box[i]) > 1)
        where = tuple(allowed[0] for allowed in box if len(allowed) == 1)
        return self.reduced(free)[where]


@dataclass(frozen=True)
class Kind:
    """A kind of individual an engine classifies: the class all of them are in, the slots
    their facts fill, the categories decided for them, and the properties given facts use
    (for an engine asked about those facts only)."""

    root: str
    slots: tuple[Slot, ...]
    categories: tuple[str, ...]
    properties: Callable[[Any], set[str]] = fact_properties


class FastReasoner(Reasoner):
    """Classifies facts by slicing precomputed world tensors; see the module docstring."""

    name = "fast"

    def __init__(self, model: OntologyModel, within: Facts | None = None,
                 answer_for: list[str] | None = None, kind: Kind | None = None):
        """`within` (only these facts will be asked about) and `answer_for` (answer for
        these category IRIs alone; [] for consistency only) serve explanations, which
        build engines from parts of the ontology; see Evaluator. `kind` says what
        individuals are classified (default: workers)."""
        self.model = model
        kind = kind or Kind(WORKER, tuple(fact_slots()), tuple(model.categories))
        root = self.root = kind.root
        self.category_iris = list(kind.categories) if answer_for is None else answer_for
        self.categories = [local_name(c) for c in self.category_iris]
        slots = list(kind.slots)
        fact_props = {s.prop for s in slots}
        cats = set(kind.categories)
        axioms = [a for a in model.axioms
                  if mentions_worker_facts(a, model, fact_props, cats, root)]
        classes, used = terms_used(model, [*axioms, *(("class", c) for c in self.category_iris)])
        if within is not None:  # what the facts say counts, whatever the axioms mention
            used |= kind.properties(within)
        free = sorted(
            c
            for c in classes
            if not model.definitions.get(c)
            and c not in (THING, root)
            and c not in model.told_supers.get(root, ())
        )
        self.slots = [s for s in slots if s.prop in used] + [
            Slot(f"class:{c}", "", (False, True), (None, None)) for c in free
        ]
        # Functional facts the worlds do not hold: two values of one still contradict.
        self._unslotted = [s.name for s in slots
                           if s.prop not in used and s.values[0] is None]
        # What `_facts_box` reads for each slot, computed once.
        self._slot_kinds = [s.name.partition(":")[::2] for s in self.slots]
        self._value_index = [{v: j for j, v in enumerate(s.values)} for s in self.slots]
        self._full = [list(range(len(s.values))) for s in self.slots]
        self._last_box: tuple[Facts, list[list[int]] | None] | None = None
        box = None
        if within is not None:
            box = self._facts_box(within) or [[] for _ in self.slots]
        # One world per class of values no expression of the ontology tells apart (the
        # definitions of every class and the axioms, parts included), not per value. An
        # engine asked about given facts only (`within`) evaluates no other class than
        # its categories and the classes those facts assert, so only they need telling
        # apart (`MergedValuesDiffer` would say otherwise).
        told = (model.definitions if within is None
                else [c for c in within.asserted if c in model.definitions])
        classes = _within_classes(self.slots, box) or value_classes(
            model, self.slots,
            [*axioms, *(("class", c) for c in (*told, *self.category_iris))],
            box, root)
        if box is not None:  # a slot the box fixes is one position (`Evaluator._axis`)
            classes = [[list(range(len(slot.values)))] if len(allowed) == 1 else groups
                       for slot, allowed, groups in zip(self.slots, box, classes)]
        self._class_of = [np.array([next(k for k, g in enumerate(groups) if v in g)
                                    for v in range(len(s.values))], dtype=np.int16)
                          for s, groups in zip(self.slots, classes)]
        self._class_full = [list(range(len(groups))) for groups in classes]
        evaluator = Evaluator(model, self.slots, box, root, classes)
        consistent: np.ndarray | bool = True
        for axiom in axioms:
            consistent = np.logical_and(consistent, evaluator.worker(axiom))
        shape = evaluator.shape
        self.consistent = np.broadcast_to(np.asarray(consistent, dtype=bool), shape)
        evaluator.only_where(self.consistent)  # the categories count in consistent worlds
        self._category_tensors = [evaluator.worker(("class", c)) for c in self.category_iris]
        self._values: np.ndarray | None = None
        self._evaluator = evaluator
        # Packed: per world one integer (bit i: category i holds there and the world is
        # consistent; bit 32 + i: it fails there), so answering a record is one OR over
        # its box in a table 17 times smaller than the booleans, built from each category's
        # own (often lower-dimensional) tensor with no full boolean copy. (More than 32
        # categories, or none: `_held` and `_failed`, the same as boolean tables, are
        # answered from as below.)
        self._packed: Packed | None = None
        self._answers: dict[int, Answer] = {}
        self._held = self._failed = None
        if 0 < len(self.categories) <= 32:
            held = np.zeros(shape, dtype=np.uint32)
            for i, tensor in enumerate(self._category_tensors):
                np.bitwise_or(held, np.asarray(tensor, dtype=np.uint32) << i, out=held)
            packed = held.astype(np.uint64)
            np.bitwise_xor(held, np.uint32((1 << len(self.categories)) - 1), out=held)
            packed |= held.astype(np.uint64) << np.uint64(32)
            del held
            packed *= self.consistent
            self._packed = Packed(packed, shape)
        else:
            self._held = self.values & self.consistent
            self._failed = ~self.values & self.consistent
        self._profile_tables: dict[tuple[Expr, ...], tuple[Packed, list[int]]] = {}

    @property
    def values(self) -> np.ndarray:
        """Per category, whether it holds in each world (stacked on first use)."""
        if self._values is None:
            shape = self.consistent.shape
            self._values = np.stack(
                [np.broadcast_to(np.asarray(t, dtype=bool), shape)
                 for t in self._category_tensors]
            ) if self._category_tensors else np.zeros((0, *shape), dtype=bool)
        return self._values

    @property
    def columns(self) -> frozenset[str]:
        """The CSV fact columns whose values can change this engine's answers for a CSV
        record (one value per column): those of its slots."""
        props = {s.prop for s in self.slots if s.prop}
        found = {c for c, p in COLUMN_PROPERTY.items() if str(p) in props}
        if any(s.name.startswith("relation:") for s in self.slots):
            found.add("relation")
        if any(s.name.startswith("workplace:") for s in self.slots):
            found.add("workplaces")
        return frozenset(found)

    @classmethod
    def for_ontology(cls, path: Path | None = None) -> FastReasoner:
        return _cached_reasoner(str(path or ONTOLOGY_PATH))

    @classmethod
    def from_graph(cls, graph: Graph) -> FastReasoner:
        return cls(read_model(graph))

    def _facts_box(self, facts: Facts) -> list[list[int]] | None:
        """Indices of the values compatible with `facts` along each slot (None: no world).
        Each slot is either fixed to one value or wholly free."""
        if self._unslotted and any(len(getattr(facts, n)) > 1 for n in self._unslotted):
            return None  # two values for a functional fact the worlds do not hold
        return box_of(facts, self._slot_kinds, self._value_index, self._full)

    def _box(self, facts: Facts) -> list[list[int]] | None:
        """`_facts_box` along the world axes, whose positions are classes of values: a
        fixed value gives its class, a free slot all classes. The last facts' box is kept:
        the split engine asks again for each of its categories."""
        last = self._last_box
        if last is not None and last[0] is facts:
            return last[1]
        box = self._facts_box(facts)
        if box is not None:
            box = [full if len(allowed) == len(values) else
                   sorted({int(classes[v]) for v in allowed})
                   for allowed, values, classes, full
                   in zip(box, self._full, self._class_of, self._class_full)]
        self._last_box = (facts, box)
        return box

    def _consistent_in(self, facts: Facts, box: list[list[int]]) -> tuple[Any, np.ndarray]:
        """The box as an index, and which of its worlds are consistent with `facts`
        (asserted defined classes included)."""
        index = np.ix_(*box)
        consistent = self.consistent[index]
        for iri in facts.asserted:
            if not self.model.definitions.get(iri):
                continue  # free classes are slots of the box; others cannot change the answer
            held = np.asarray(self._evaluator.worker(("class", iri)), dtype=bool)
            consistent = consistent & np.broadcast_to(held, self.consistent.shape)[index]
        return index, consistent

    def profiles(self, facts: Facts, exprs: list[Expr]) -> set[tuple[bool, ...]]:
        """The combinations of truth values of `exprs` that a worker with `facts` can have
        (one per consistent world); empty when the facts contradict the ontology."""
        box = self._box(facts)
        if box is None:
            return set()
        index, consistent = self._consistent_in(facts, box)
        if not exprs:
            return {()} if consistent.any() else set()
        columns = [
            np.broadcast_to(np.asarray(self._evaluator.worker(e), dtype=bool),
                            self.consistent.shape)[index][consistent]
            for e in exprs
        ]
        rows = np.unique(np.stack(columns, axis=1), axis=0)
        return {tuple(bool(v) for v in row) for row in rows}

    def profile_codes(self, facts: Facts, exprs: tuple[Expr, ...]) -> list[int] | None:
        """`profiles` as integers (bit i: expression i holds), read from a packed table of
        the profiles each world allows; None when the facts contradict the ontology."""
        box = self._box(facts)
        if box is None:
            return None
        if any(self.model.definitions.get(iri) for iri in facts.asserted):
            found = self.profiles(facts, list(exprs))  # the box alone does not say it
            codes = [sum(1 << i for i, v in enumerate(p) if v) for p in found]
            return codes or None
        table, realised = self._profile_entry(exprs)
        return _profiles_of(np.atleast_1d(table.at(box)).tolist(), realised) or None

    def _profile_entry(self, exprs: tuple[Expr, ...]) -> tuple[Packed, list[int]]:
        """The packed profile table of `exprs` and its profiles in bit order (made once)."""
        entry = self._profile_tables.get(exprs)
        if entry is None:
            table, realised = self._profile_table(exprs)
            entry = self._profile_tables[exprs] = (Packed(table, self.consistent.shape),
                                                   realised)
        return entry

    def profile_codes_of_rows(self, rows: np.ndarray, exprs: tuple[Expr, ...]
                              ) -> list[list[int] | None]:
        """`profile_codes` for many boxes at once, each a `box_row` of facts without
        asserted classes: one reduction of the profile table per pattern of free slots,
        each distinct entry decoded once."""
        packed, realised = self._profile_entry(exprs)
        entries = packed.entries(rows)
        if entries.shape[1] == 1:  # one word: sorting integers, not rows, is quicker
            found, which = np.unique(entries[:, 0], return_inverse=True)
            found = found[:, np.newaxis]
        else:
            found, which = np.unique(entries, axis=0, return_inverse=True)
        decoded = [_profiles_of(entry.tolist(), realised) or None for entry in found]
        return [decoded[i] for i in which.ravel().tolist()]

    def _profile_table(self, exprs: tuple[Expr, ...]) -> tuple[np.ndarray, list[int]]:
        """Per world, a bitset with one bit set, that of the world's profile of `exprs`
        among the profiles some consistent world has (none set when the world is
        inconsistent), and those profiles in bit order. The bitset is the smallest
        unsigned integer that holds them, or uint64 words on a trailing axis past 64."""
        shape = self.consistent.shape
        n = len(exprs)  # the codes in the smallest integers that hold them: less to move
        kind = np.uint8 if n <= 8 else np.uint16 if n <= 16 else np.int64
        code = np.zeros(shape, dtype=kind)
        for i, expr in enumerate(exprs):
            held = np.asarray(self._evaluator.worker(expr), dtype=kind)
            np.bitwise_or(code, held << kind(i), out=code)
        realised = np.flatnonzero(np.bincount(code[self.consistent].ravel(), minlength=1 << n))
        count = max(len(realised), 1)
        if count <= 32:
            dtype = next(t for t in (np.uint8, np.uint16, np.uint32)
                         if count <= 8 * t().itemsize)
            bit = np.zeros(1 << n, dtype=dtype)  # each realised code's own bit
            bit[realised] = np.left_shift(dtype(1), np.arange(len(realised), dtype=dtype))
            return np.where(self.consistent, bit[code], dtype(0))[..., np.newaxis], \
                realised.tolist()
        bit = np.zeros(1 << n, dtype=np.int64)
        bit[realised] = np.arange(len(realised))
        code = bit[code]
        words = -(-count // 64)
        table = np.zeros((*shape, words), dtype=np.uint64)
        for w in range(words):
            in_word = self.consistent & (code >> 6 == w)
            bits = np.left_shift(np.uint64(1), (code & 63).astype(np.uint64))
            table[..., w] = np.where(in_word, bits, np.uint64(0))
        return table, realised.tolist()

    def answer(self, facts: Facts) -> Answer:
        box = self._box(facts)
        if box is None:
            return Answer((), (), tuple(self.categories), consistent=False)
        if not any(self.model.definitions.get(iri) for iri in facts.asserted):
            return self._answer_box(box)
        index, consistent = self._consistent_in(facts, box)
        if not consistent.any():
            return Answer((), (), tuple(self.categories), consistent=False)
        if not self.categories:  # an engine asked about consistency only
            return Answer((), (), ())
        values = self.values[(slice(None), *index)]
        held = (values & consistent).reshape(len(self.categories), -1).any(axis=1)
        failed = (~values & consistent).reshape(len(self.categories), -1).any(axis=1)
        is_ = tuple(c for c, h, f in zip(self.categories, held, failed) if h and not f)
        is_not = tuple(c for c, h, f in zip(self.categories, held, failed) if f and not h)
        unknown = tuple(c for c, h, f in zip(self.categories, held, failed) if h and f)
        return Answer(is_, is_not, unknown)

    def box_row(self, facts: Facts) -> np.ndarray | None:
        """`_box(facts)` as one row: each slot's value index where the facts fix it, -1
        where it is free; None when the facts have no world (see `answer_rows`)."""
        box = self._box(facts)
        if box is None:
            return None
        return np.array([allowed[0] if len(allowed) == 1 else -1 for allowed in box],
                        dtype=np.int16)

    def answer_row(self, row: tuple[int, ...]) -> Answer:
        """The answer for one `box_row` (as a tuple) of facts without asserted classes: the
        same as `answer`, read from the packed table without building a box."""
        if self._packed is None:
            return self._answer_box([[v] if v >= 0 else full
                                     for v, full in zip(row, self._class_full)])
        packed = self._packed
        free = tuple(i for i in packed.rank if row[i] < 0)
        worlds = 1
        for i in free:
            worlds *= len(self._class_full[i])
        if worlds <= DIRECT_WORLDS:  # OR the box's few worlds: no table-sized reduction
            box = packed.reduced(())[tuple(slice(None) if v < 0 else v for v in row)]
            return self._packed_answer(int(np.bitwise_or.reduce(np.ravel(box))))
        where = tuple(v for v in row if v >= 0)
        return self._packed_answer(int(packed.reduced(free)[where]))

    def answer_rows(self, rows: np.ndarray) -> list[Answer]:
        """The answers for many boxes at once, each a `box_row` of facts without asserted
        classes: the same as `answer` for each (see `distinct_answers`)."""
        answers, which = self.distinct_answers(rows)
        return [answers[i] for i in which.tolist()]

    def distinct_answers(self, rows: np.ndarray) -> tuple[list[Answer], np.ndarray]:
        """`answer_rows` as the distinct answers and, per row, the index of its own: read
        from the packed table one reduction per pattern of free slots (box by box when
        there is no packed table)."""
        if self._packed is None:
            numbered: dict[Answer, int] = {}
            which = [numbered.setdefault(self._answer_box(
                [[int(v)] if v >= 0 else full for v, full in zip(row, self._class_full)]),
                len(numbered)) for row in rows]
            return list(numbered), np.array(which, dtype=np.int64)
        found, which = np.unique(self._packed.entries(rows), return_inverse=True)
        return [self._packed_answer(int(code)) for code in found.tolist()], which.ravel()

    def _packed_answer(self, code: int) -> Answer:
        """The answer a packed code stands for (each distinct code decoded once)."""
        found = self._answers.get(code)
        if found is None:
            n = len(self.categories)
            held = np.array([(code >> i) & 1 for i in range(n)], dtype=bool)
            failed = np.array([(code >> (32 + i)) & 1 for i in range(n)], dtype=bool)
            found = self._answers[code] = self._from_reduced(held, failed)
        return found

    def _answer_box(self, box: list[list[int]]) -> Answer:
        """Answer from the precomputed tables; each slot is fixed or free, so the box is
        taken by basic indexing (a view) rather than np.ix_ (a copy)."""
        if self._packed is not None:  # `_box` fixes each slot or leaves it wholly free
            return self._packed_answer(int(self._packed.at(box)))
        index: list[int | slice | list[int]] = [
            allowed[0] if len(allowed) == 1
            else slice(None) if len(allowed) == len(full) else allowed
            for allowed, full in zip(box, self._class_full)
        ]
        if any(isinstance(i, list) for i in index):
            index = list(np.ix_(*box))
        where = (slice(None), *index)
        if not self.categories:  # an engine asked about consistency only
            consistent = bool(np.asarray(self.consistent[tuple(index)]).any())
            return Answer((), (), (), consistent=consistent)
        held_in, failed_in = self._held[where], self._failed[where]
        axes = tuple(range(1, held_in.ndim))
        held = held_in.any(axis=axes) if axes else held_in
        failed = failed_in.any(axis=axes) if axes else failed_in
        return self._from_reduced(held, failed)

    def _from_reduced(self, held: np.ndarray, failed: np.ndarray) -> Answer:
        """The answer from, per category, whether it holds in some consistent world of the
        box and whether it fails in some."""
        if not (held | failed).any():
            return Answer((), (), tuple(self.categories), consistent=False)
        is_ = tuple(c for c, h, f in zip(self.categories, held, failed) if h and not f)
        is_not = tuple(c for c, h, f in zip(self.categories, held, failed) if f and not h)
        unknown = tuple(c for c, h, f in zip(self.categories, held, failed) if h and f)
        return Answer(is_, is_not, unknown)

    def classify(self, facts: Iterable[Facts]) -> dict[Facts, Answer]:
        return {f: self.answer(f) for f in dict.fromkeys(facts)}


def _profiles_of(words: list[int], realised: list[int]) -> list[int]:
    """The profiles whose bits a profile table's entry (its words) sets."""
    return [realised[64 * w + b] for w, word in enumerate(words)
            for b in range(64) if (word >> b) & 1]


def free_patterns(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct patterns of free slots (-1) among box rows, and each row's pattern's
    number: `np.unique(rows < 0, axis=0)`, with up to 64 slots packed into an integer
    first (sorting rows of booleans is slow)."""
    free = rows < 0
    packed = np.packbits(free, axis=1)
    if packed.shape[1] > 8:
        patterns, groups = np.unique(free, axis=0, return_inverse=True)
        return patterns, groups.ravel()
    keys = np.zeros(len(rows), dtype=np.uint64)
    for column in packed.T:
        keys = (keys << np.uint64(8)) | column.astype(np.uint64)
    _, first, groups = np.unique(keys, return_index=True, return_inverse=True)
    return free[first], groups.ravel()


def _within_classes(slots: list[Slot], box: list[list[int]] | None
                    ) -> list[list[list[int]]] | None:
    """For an engine asked about a box of worlds whose free slots span few worlds, one
    class per value (finding the classes no expression tells apart would cost more than
    the tensors it saves); None otherwise."""
    if box is None:
        return None
    worlds = 1
    for slot, allowed in zip(slots, box):
        if len(allowed) != 1:
            worlds *= len(slot.values)
    if worlds > FEW_WORLDS:
        return None
    return [[[v] for v in range(len(slot.values))] for slot in slots]


@lru_cache(maxsize=4)
def _cached_reasoner(path: str) -> FastReasoner:
    return FastReasoner(read_model(shared_ontology_graph(Path(path))))  # read, not changed
