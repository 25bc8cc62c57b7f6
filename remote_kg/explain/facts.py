"""The record's side of an explanation: its facts as the analyst wrote them (one per CSV
column), the minimal sets of them an answer rests on, and the values that would decide an
unknown. Each is found by re-classifying reduced or completed records, never by rule."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any

from remote_kg.model.ontology import RKG
from remote_kg.model.records import Facts
from remote_kg.model.vocab import (
    ALLOWED,
    BOOLEAN_COLUMNS,
    FACT_COLUMNS,
    INTEGER_COLUMNS,
    PLACE_COLUMNS,
    VALUE_COLUMNS,
    WORKPLACE_CLASS,
    WORKPLACE_COLUMNS,
    integer_range,
)
from remote_kg.reasoners.engine import fact_properties

# The columns holding at most one value each (all but relation and workplaces).
SINGLE_COLUMNS = (*VALUE_COLUMNS, *PLACE_COLUMNS, *BOOLEAN_COLUMNS, *INTEGER_COLUMNS)

ASSERTED = "asserted_types"  # RDF input only: classes the input asserts for the worker

Fact = dict[str, str]


def _text(values) -> str:
    return ";".join(sorted("yes" if v is True else "no" if v is False else str(v)
                           for v in values))


def present_columns(facts: Facts) -> dict[str, str]:
    """{column: value as written in the CSV} for each column the record fills."""
    found = {}
    if facts.relations:
        found["relation"] = _text(facts.relations)
    if facts.workplaces_allowed is not None:
        found["workplaces"] = _text(facts.workplaces or facts.workplaces_allowed)
    elif facts.workplaces:
        found["workplaces_known"] = _text(facts.workplaces)  # the list stays open
    for column in SINGLE_COLUMNS:
        values = getattr(facts, column)
        if values:
            found[column] = _text(values)
    if facts.asserted:
        found[ASSERTED] = _text(facts.asserted)
    return found


# What blanking each column (or group: a record fills at most one workplace column) sets.
_BLANK = {
    ("relation",): {"relations": frozenset()},
    WORKPLACE_COLUMNS: {"workplaces": frozenset(), "workplaces_allowed": None},
    **{(column,): {column: frozenset()} for column in SINGLE_COLUMNS},
    (ASSERTED,): {"asserted": frozenset()},
}


def keep_columns(facts: Facts, columns: set[str] | frozenset[str] | tuple[str, ...]) -> Facts:
    """The record with every column but ``columns`` blanked."""
    changes: dict = {}
    for group, blank in _BLANK.items():
        if not any(column in columns for column in group):
            changes.update(blank)
    return replace(facts, **changes)


def column_subsets(facts: Any, present: Callable[[Any], dict[str, str]] = present_columns,
                   ) -> Iterator[tuple[str, ...]]:
    """Every subset of the record's filled columns (as `present` finds them), smallest
    first."""
    columns = sorted(present(facts))
    for size in range(len(columns) + 1):
        yield from combinations(columns, size)


def minimal_sets(subsets: list[tuple[str, ...]],
                 keeps: Callable[[tuple[str, ...]], bool],
                 members: list[frozenset[str]] | None = None) -> list[tuple[str, ...]]:
    """The minimal subsets (given smallest first) for which ``keeps`` holds. Entailment is
    monotonic (a superset of facts that entail an answer entails it too), so supersets of
    a set found are skipped rather than tried. `members`: the subsets as sets, when the
    caller has them."""
    found: list[tuple[str, ...]] = []
    smaller: list[frozenset[str]] = []
    for subset, these in zip(subsets, members or map(frozenset, subsets)):
        if any(small <= these for small in smaller):
            continue
        if keeps(subset):
            found.append(subset)
            smaller.append(these)
    return found


def facts_of(facts: Any, columns: tuple[str, ...],
             present: Callable[[Any], dict[str, str]] = present_columns) -> list[Fact]:
    values = present(facts)
    return [{"column": c, "value": values[c]} for c in columns]


def candidates(column: str, known: frozenset[str] = frozenset()) -> list[str]:
    """Values to try in a blank column: each allowed value, and for workplaces (a complete
    list when given) each single place and each pair, added to the places ``known``."""
    if column in INTEGER_COLUMNS:
        low, high = integer_range(column)
        return [str(n) for n in range(low, high + 1)]
    values = list(ALLOWED[column])
    if column == "workplaces":
        lists = [known.union(places) for places in (*([v] for v in values),
                                                     *combinations(values, 2))]
        return list(dict.fromkeys(";".join(v for v in values if v in places)
                                  for places in lists))
    return values


def with_value(facts: Facts, column: str, value: str) -> Facts:
    """The record with a blank ``column`` filled with ``value`` (as written in the CSV)."""
    parts = frozenset(value.split(";"))
    if column == "relation":
        return replace(facts, relations=parts)
    if column == "workplaces":  # the complete list, which holds any places known so far
        return replace(facts, workplaces=parts, workplaces_allowed=parts)
    if column in BOOLEAN_COLUMNS:
        return replace(facts, **{column: frozenset({value == "yes"})})
    if column in INTEGER_COLUMNS:
        return replace(facts, **{column: frozenset(int(v) for v in parts)})
    return replace(facts, **{column: parts})


def completion_values(facts: Facts, columns: frozenset[str] | None = None,
                      ) -> Iterator[tuple[str, str]]:
    """(column, value) for each candidate value of each blank column (of ``columns``, if
    given), in the order `completions` tries them."""
    present = present_columns(facts)
    for column in FACT_COLUMNS:
        if column not in present and column != "workplaces_known" and (
                columns is None or column in columns):
            known = facts.workplaces if column == "workplaces" else frozenset()
            for value in candidates(column, known):
                yield column, value


def completions(facts: Facts) -> Iterator[tuple[str, str, Facts]]:
    """(column, value, completed record) for each candidate value of each blank column.
    Places known so far are completed by a complete list holding them (`workplaces`): the
    question to ask is where else the worker works."""
    present = present_columns(facts)
    for column in FACT_COLUMNS:
        if column not in present and column != "workplaces_known":
            known = facts.workplaces if column == "workplaces" else frozenset()
            for value in candidates(column, known):
                yield column, value, with_value(facts, column, value)


def fact_terms(facts: Facts) -> set[str]:
    """The ontology terms a record's facts use (where the search for axioms starts)."""
    terms = {str(RKG.Worker)} | fact_properties(facts)
    places = facts.workplaces | (facts.workplaces_allowed or frozenset())
    terms |= {str(WORKPLACE_CLASS[c]) for c in places}
    for column, (_, table) in VALUE_COLUMNS.items():
        for code in getattr(facts, column):
            terms |= {str(t) for t in table[code]}
    for column in PLACE_COLUMNS:
        terms |= {str(WORKPLACE_CLASS[c]) for c in getattr(facts, column)}
    return terms | set(facts.asserted)


@dataclass(frozen=True)
class FactColumns:
    """How explanations read one kind of facts (a worker record's, a job posting's): as the
    input's columns or fields, each with its value as written (`present`), blanked but for
    some (`keep`), a blank one filled (`values` to try, `with_value`), and the ontology
    terms they use (`terms`). `noun` names what holds them."""

    noun: str
    present: Callable[[Any], dict[str, str]]
    keep: Callable[[Any, Collection[str]], Any]
    values: Callable[[Any, frozenset[str] | None], Iterator[tuple[str, str]]]
    with_value: Callable[[Any, str, str], Any]
    terms: Callable[[Any], set[str]]

    def subsets(self, facts: Any) -> Iterator[tuple[str, ...]]:
        return column_subsets(facts, self.present)

    def facts_of(self, facts: Any, columns: tuple[str, ...]) -> list[Fact]:
        return facts_of(facts, columns, self.present)


RECORD_COLUMNS = FactColumns("record", present_columns, keep_columns, completion_values,
                             with_value, fact_terms)
