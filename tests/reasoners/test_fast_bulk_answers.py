"""The fast engine answers many records at once (`FastReasoner.distinct_answers`, which the
vectorised CSV route uses) exactly as it answers each alone (`answer`)."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from remote_kg.model.ontology import ontology_graph
from remote_kg.model.owl import read_model
from remote_kg.model.records import parse_cells
from remote_kg.reasoners.fast import FastReasoner


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
