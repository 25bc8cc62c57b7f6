"""The fast engine gives HermiT's answers: identical is / is_not / unknown everywhere."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from remote_kg.api import classify_path
from remote_kg.model.ontology import EXAMPLES_PATH, RKG
from remote_kg.model.records import Facts
from remote_kg.model.vocab import ALLOWED
from remote_kg.reasoners.fast import FastReasoner
from remote_kg.reasoners.hermit import HermitReasoner

pytestmark = pytest.mark.slow

RELATIONS = ALLOWED["relation"]
PLACES = ALLOWED["workplaces"]


def _subset(values, max_size):
    return st.frozensets(st.sampled_from(values), max_size=max_size)


@st.composite
def csv_facts(draw):
    """Any row the CSV contract allows: one value or blank per column, workplaces as the
    complete list (`workplaces`) or as the places known so far (`workplaces_known`)."""
    places = draw(_subset(PLACES, len(PLACES)))
    complete = draw(st.booleans())
    return Facts(
        relations=draw(_subset(RELATIONS, 1)),
        workplaces=places,
        workplaces_allowed=(places or None) if complete else None,
        schedule=draw(_subset(ALLOWED["schedule"], 1)),
        tools=draw(_subset(ALLOWED["tools"], 1)),
        location_bound=draw(st.frozensets(st.booleans(), max_size=1)),
        uses_ict=draw(st.frozensets(st.booleans(), max_size=1)),
        org_fully_remote=draw(st.frozensets(st.booleans(), max_size=1)),
        works_abroad=draw(st.frozensets(st.booleans(), max_size=1)),
        autonomous=draw(st.frozensets(st.booleans(), max_size=1)),
        remote_office=draw(st.frozensets(st.booleans(), max_size=1)),
    )


@st.composite
def rdf_facts(draw):
    """What RDF input can also say: open lists, restricted lists, asserted classes, clashes."""
    known = draw(_subset(PLACES, 3))
    allowed = draw(st.one_of(st.none(), _subset(PLACES, len(PLACES))))
    asserted = draw(
        _subset(
            [
                str(RKG[c])
                for c in (
                    "Telecommuter",
                    "RemoteWorker",
                    "VirtualWorker",
                    "Employee",
                    "OutsourcedWorker",
                    "HybridWorker",
                    "FlexWorker",
                    "RemoteStaffMember",
                    "WorkFromHomeEmployee",
                )
            ],
            1,
        )
    )
    return Facts(
        relations=draw(_subset(RELATIONS, 2)),
        workplaces=known,
        workplaces_allowed=None
        if allowed is None
        else allowed | (known if draw(st.booleans()) else frozenset()),
        schedule=draw(_subset(ALLOWED["schedule"], 2)),
        tools=draw(_subset(ALLOWED["tools"], 1)),
        location_bound=draw(st.frozensets(st.booleans(), max_size=2)),
        uses_ict=draw(st.frozensets(st.booleans(), max_size=1)),
        org_fully_remote=draw(st.frozensets(st.booleans(), max_size=2)),
        works_abroad=draw(st.frozensets(st.booleans(), max_size=2)),
        autonomous=draw(st.frozensets(st.booleans(), max_size=2)),
        remote_office=draw(st.frozensets(st.booleans(), max_size=2)),
        asserted=asserted,
    )


@pytest.fixture(scope="module")
def engines():
    return FastReasoner.for_ontology(), HermitReasoner.for_ontology()


def _compare(engines, facts):
    fast, hermit = engines
    reference = hermit.classify(facts)
    mismatches = []
    for f in facts:
        got = fast.answer(f)
        want = reference[f]
        if got.consistent != want.consistent or (
            want.consistent
            and (got.is_, got.is_not, got.unknown) != (want.is_, want.is_not, want.unknown)
        ):
            mismatches.append((f, got, want))
    assert mismatches == []


@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(csv_facts(), min_size=150, max_size=200))
def test_fast_engine_matches_hermit_on_random_csv_records(engines, facts):
    _compare(engines, list(dict.fromkeys(facts)))


@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(rdf_facts(), min_size=120, max_size=150))
def test_fast_engine_matches_hermit_on_random_rdf_individuals(engines, facts):
    _compare(engines, list(dict.fromkeys(facts)))


def test_fast_engine_matches_hermit_on_every_seed_example():
    fast = classify_path(EXAMPLES_PATH, "fast")
    hermit = classify_path(EXAMPLES_PATH, "hermit")
    assert len(fast) >= 20
    assert fast == hermit


def _answer_by_reducing_the_box(engine: FastReasoner, facts: Facts):
    """The reference the packed tables must match: any over the record's box of worlds."""
    import numpy as np

    box = engine._box(facts)
    if box is None:
        return engine.answer(facts)  # no world at all: nothing to reduce
    within = np.ix_(*box)
    values, consistent = engine.values[(slice(None), *within)], engine.consistent[within]
    held_in, failed_in = values & consistent, ~values & consistent
    axes = tuple(range(1, held_in.ndim))
    return engine._from_reduced(held_in.any(axis=axes), failed_in.any(axis=axes))


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(csv_facts(), rdf_facts()), min_size=5, max_size=10))
def test_packed_lookup_equals_reducing_each_box(facts):
    """The per-free-slot packed tables (issue 13, worst-case speed) answer exactly as
    reducing each record's box of worlds does."""
    import dataclasses

    engine = FastReasoner.for_ontology()
    # Asserted classes take the other path (`_consistent_in`), which HermiT's parity checks.
    plain = {dataclasses.replace(item, asserted=frozenset()) for item in facts}
    for item in plain:
        assert engine.answer(item) == _answer_by_reducing_the_box(engine, item), item
