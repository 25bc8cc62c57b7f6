"""Change a definition in a copy of the ontology: the fast answers change with no code change."""

from __future__ import annotations

import dataclasses

import pytest

from remote_kg.model.ontology import ONTOLOGY_PATH
from remote_kg.model.records import Facts
from remote_kg.reasoners.fast import FastReasoner
from remote_kg.reasoners.hermit import HermitReasoner
from tests.conftest import classify_json

COWORKING = Facts(
    workplaces=frozenset({"coworking_space"}), workplaces_allowed=frozenset({"coworking_space"})
)
HOME_EMPLOYEE = Facts(
    relations=frozenset({"employee"}),
    workplaces=frozenset({"home"}),
    workplaces_allowed=frozenset({"home"}),
)

# Seed 001 says a coworking-space worker "cannot officially" be a telecommuter; a team that
# decides otherwise edits one definition.
OLD_TELECOMMUTER = "owl:allValuesFrom rkg:Home ] ) ] ;"
NEW_TELECOMMUTER = (
    "owl:allValuesFrom [ a owl:Class ; owl:unionOf ( rkg:Home rkg:CoworkingSpace ) ] ] ) ] ;"
)
OLD_SOME_HOME = (
    "owl:someValuesFrom rkg:Home ]\n"
    "        [ a owl:Restriction ; owl:onProperty rkg:worksAt ; owl:allValuesFrom rkg:Home"
)
NEW_SOME_HOME = (
    "owl:someValuesFrom [ a owl:Class ; owl:unionOf ( rkg:Home rkg:CoworkingSpace ) ] ]\n"
    "        [ a owl:Restriction ; owl:onProperty rkg:worksAt ; owl:allValuesFrom rkg:Home"
)


@pytest.fixture
def edited_ontology(tmp_path):
    text = ONTOLOGY_PATH.read_text(encoding="utf-8")
    assert OLD_SOME_HOME in text and OLD_TELECOMMUTER in text
    text = text.replace(OLD_SOME_HOME, NEW_SOME_HOME).replace(OLD_TELECOMMUTER, NEW_TELECOMMUTER, 1)
    # and working from home comes to require hours the employer sets again
    wfh = "owl:intersectionOf ( rkg:Employee rkg:Telecommuter ) ] ;"
    assert wfh in text
    text = text.replace(wfh, "owl:intersectionOf ( rkg:Employee rkg:Telecommuter\n"
                        "        [ a owl:Restriction ; owl:onProperty rkg:hasScheduleControl ; "
                        "owl:someValuesFrom rkg:OrganisationSetSchedule ] ) ] ;", 1)
    path = tmp_path / "edited.ttl"
    path.write_text(text, encoding="utf-8")
    return path


def test_fast_answers_follow_an_edited_definition(edited_ontology):
    original = FastReasoner.for_ontology()
    edited = FastReasoner.for_ontology(edited_ontology)
    assert "Telecommuter" in original.answer(COWORKING).is_not
    assert "Telecommuter" in edited.answer(COWORKING).is_
    assert "WorkFromHomeEmployee" in original.answer(HOME_EMPLOYEE).is_
    assert "WorkFromHomeEmployee" in edited.answer(HOME_EMPLOYEE).unknown


@pytest.mark.slow
def test_edited_ontology_fast_and_hermit_agree(edited_ontology):
    fast = FastReasoner.for_ontology(edited_ontology)
    hermit = HermitReasoner.for_ontology(edited_ontology)
    with_own_hours = dataclasses.replace(HOME_EMPLOYEE, schedule=frozenset({"self_set"}))
    facts = [COWORKING, HOME_EMPLOYEE, with_own_hours]
    assert "WorkFromHomeEmployee" in fast.answer(with_own_hours).is_not
    reference = hermit.classify(facts)
    for f in facts:
        assert fast.answer(f) == reference[f]


def test_classify_command_takes_an_edited_ontology(edited_ontology, write_csv):
    path = write_csv("id,workplaces\nc,coworking_space\n")
    assert "Telecommuter" in classify_json(path)["c"]["is_not"]
    assert "Telecommuter" in classify_json(path, "--ontology", edited_ontology)["c"]["is"]


ABROAD = Facts(relations=frozenset({"employee"}), works_abroad=frozenset({True}))
KNOWN_AT_CLIENT = Facts(workplaces=frozenset({"client_site"}))  # others open
ABROAD_AXIOM = (
    "[ a owl:Class ; owl:intersectionOf ( rkg:Worker\n"
    "    [ a owl:Restriction ; owl:onProperty rkg:worksAbroad ; owl:hasValue true ] ) ]\n"
    "  rdfs:subClassOf"
)


def test_work_abroad_is_off_the_premises_only_through_the_ontologys_axiom(tmp_path):
    """Seed 002's staff "in a country on the other side of the world" are remote staff
    because of one axiom of the ontology; without it the fast engine cannot tell."""
    text = ONTOLOGY_PATH.read_text(encoding="utf-8")
    assert ABROAD_AXIOM in text
    head, _, tail = text.partition(ABROAD_AXIOM)
    edited = tmp_path / "edited.ttl"
    edited.write_text(head + tail.split(" .\n", 1)[1], encoding="utf-8")
    assert {"RemoteStaffMember", "RemoteWorker", "Teleworker"} <= set(
        FastReasoner.for_ontology().answer(ABROAD).is_)
    assert {"RemoteStaffMember", "RemoteWorker", "Teleworker"} <= set(
        FastReasoner.for_ontology(edited).answer(ABROAD).unknown)


def test_places_known_so_far_leave_the_other_places_open():
    answer = FastReasoner.for_ontology().answer(KNOWN_AT_CLIENT)
    assert {"Teleworker"} <= set(answer.is_)
    assert {"Telecommuter", "InPersonWorker"} <= set(answer.is_not)
    assert {"RemoteWorker", "HybridWorker"} <= set(answer.unknown)
