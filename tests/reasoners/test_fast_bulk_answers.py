"""The fast engine answers many records at once (`FastReasoner.distinct_answers`, which the
vectorised CSV route uses) exactly as it answers each alone (`answer`)."""

from __future__ import annotations

import dataclasses
import itertools
import random

import numpy as np
import pytest

from remote_kg.model.ontology import RKG, ontology_graph
from remote_kg.model.owl import read_model
from remote_kg.model.records import parse_cells
from remote_kg.reasoners.fast import FastReasoner, free_patterns


def _facts(count: int) -> list:
    """Fact rows drawn from every value of six columns (blank included)."""
    values = {"relation": ["", "employee", "freelancer", "owner", "subcontractor"],
              "workplaces": ["", "home", "org_main_office", "home;client_site",
                             "vehicle;coworking_space", "org_branch_office;public_place"],
              "schedule": ["", "employer_set", "self_set"], "tools": ["", "employer", "own"],
              "location_bound": ["", "yes", "no"], "uses_ict": ["", "yes", "no"]}
    rows = list(itertools.product(*values.values()))
    random.Random(7).shuffle(rows)
    return [parse_cells(dict(zip(values, row))) for row in rows[:count]]


@pytest.mark.parametrize("answer_for", [None, []], ids=["categories", "consistency only"])
def test_answering_many_records_at_once_gives_each_the_answer_it_gets_alone(answer_for):
    """The seed categories (one packed table) and consistency alone (no packed table)."""
    engine = FastReasoner(read_model(ontology_graph()), answer_for=answer_for)
    facts = _facts(400)
    rows = np.stack([engine.box_row(f) for f in facts])
    answers, which = engine.distinct_answers(rows)
    assert len(which) == len(facts)
    assert len(answers) < len(facts)  # records share answers; each is given once
    for fact, i in zip(facts, which.tolist()):
        assert answers[i] == engine.answer(fact)
    assert engine.answer_rows(rows) == [engine.answer(f) for f in facts]


def test_bulk_classify_of_the_authorities_categories_gives_each_record_its_own_answer():
    """`CategoryReasoner.classify` reads records without asserted classes from the tables in
    bulk; records with asserted classes, and records that contradict the ontology, among
    them keep the answer `answer` gives each alone."""
    from remote_kg.reasoners.choice import get_reasoner

    engine = get_reasoner("fast", categories="all")
    facts = _facts(600)
    asserted = [dataclasses.replace(f, asserted=frozenset({str(RKG.Teleworker)}))
                for f in facts[:3]]  # read from their worlds: slow
    clash = parse_cells({"workplaces": "org_main_office", "org_fully_remote": "yes"})
    mixed = [*facts, *asserted, clash, facts[0]]  # a repeat is answered once
    answers = engine.classify(mixed)
    assert list(answers) == list(dict.fromkeys(mixed))
    assert {a.consistent for a in answers.values()} == {True, False}
    assert answers == {f: engine.answer(f) for f in mixed}


@pytest.mark.parametrize("slots", [21, 70], ids=["packed into one integer", "more than 64"])
def test_free_patterns_number_rows_as_numpy_unique_does(slots):
    rows = np.random.default_rng(3).integers(-1, 3, size=(500, slots)).astype(np.int16)
    rows[::7, : slots // 2] = -1  # repeated patterns
    patterns, groups = free_patterns(rows)
    expected, expected_groups = np.unique(rows < 0, axis=0, return_inverse=True)
    assert sorted(map(bytes, np.packbits(patterns, axis=1))) == sorted(
        map(bytes, np.packbits(expected, axis=1)))
    assert (patterns[groups] == (rows < 0)).all()
    assert len(set(groups.tolist())) == len(set(expected_groups.ravel().tolist()))
