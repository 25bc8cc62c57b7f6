"""The fast engine holds one world per class of values that no expression of the ontology
tells apart: merging them changes no answer, and an ontology that tells them apart gets
them apart."""

from __future__ import annotations

import dataclasses

import pytest

from remote_kg.model.ontology import ONTOLOGY_PATH
from remote_kg.model.records import Facts
from remote_kg.reasoners.engine import Evaluator, MergedValuesDiffer, value_classes
from remote_kg.reasoners.fast import FastReasoner
from remote_kg.reasoners.hermit import HermitReasoner

ABROAD_FALSE = """
rkg:WorksAtHomeCountry a owl:Class ;
    rdfs:label "works at home country"@en ;
    owl:equivalentClass [ a owl:Class ; owl:intersectionOf ( rkg:Worker
        [ a owl:Restriction ; owl:onProperty rkg:worksAbroad ; owl:hasValue false ] ) ] .
"""


def _classes_of(engine: FastReasoner, name: str) -> list[list[object]]:
    index = next(i for i, s in enumerate(engine.slots) if s.name == name)
    slot = engine.slots[index]
    groups: dict[int, list[object]] = {}
    for value, position in zip(slot.values, engine._class_of[index].tolist()):
        groups.setdefault(position, []).append(value)
    return list(groups.values())


def test_values_the_ontology_never_tells_apart_share_one_world():
    # The ontology speaks of rkg:worksAbroad only as "true": no value and false are one.
    engine = FastReasoner.for_ontology()
    assert sorted(_classes_of(engine, "works_abroad"), key=len) == [[True], [None, False]]
    shape = engine.consistent.shape
    full = 1
    for slot in engine.slots:
        full *= len(slot.values)
    worlds = 1
    for size in shape:
        worlds *= size
    assert worlds < full


def test_records_on_merged_values_are_answered_as_hermit_answers_them():
    """For every slot whose values share a world, records stating each value of it, or
    leaving it blank, over a few bases, get HermiT's answers."""
    engine = FastReasoner.for_ontology()
    hermit = HermitReasoner.for_ontology()
    bases = [
        Facts(relations=frozenset({"employee"}), workplaces=frozenset({"home"}),
              workplaces_allowed=frozenset({"home"})),
        Facts(relations=frozenset({"freelancer"}), workplaces=frozenset({"client_site"})),
        Facts(workplaces=frozenset({"org_branch_office", "home"}),
              workplaces_allowed=frozenset({"org_branch_office", "home"})),
    ]
    records = []
    for slot, classes in zip(engine.slots, engine._class_of):
        if slot.values[0] is None and len(set(classes.tolist())) < len(slot.values):
            records += [dataclasses.replace(base, **{slot.name: frozenset()
                                                     if v is None else frozenset({v})})
                        for base in bases for v in slot.values]
    assert len(records) >= 2 * 3 * len(bases)
    reference = hermit.classify(records)
    for record in records:
        got, want = engine.answer(record), reference[record]
        assert got.consistent == want.consistent, record
        if want.consistent:
            assert (set(got.is_), set(got.is_not)) == (set(want.is_), set(want.is_not)), record


def test_an_ontology_that_tells_values_apart_gets_them_apart(tmp_path):
    edited = tmp_path / "edited.ttl"
    edited.write_text(ONTOLOGY_PATH.read_text(encoding="utf-8") + ABROAD_FALSE,
                      encoding="utf-8")
    engine = FastReasoner.for_ontology(edited)
    assert len(_classes_of(engine, "works_abroad")) == 3


def test_an_expression_the_classes_did_not_cover_is_refused_not_misread():
    engine = FastReasoner.for_ontology()
    model = engine.model
    slots = [s for s in engine.slots if s.name == "works_abroad"]
    abroad = slots[0].prop
    classes = value_classes(model, slots, [("value", abroad, True)])
    assert len(classes[0]) == 2
    evaluator = Evaluator(model, slots, classes=classes)
    assert evaluator.worker(("value", abroad, True)).shape == (2,)
    with pytest.raises(MergedValuesDiffer):
        evaluator.worker(("value", abroad, False))
