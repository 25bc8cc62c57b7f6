"""Partial knowledge: places known so far (`workplaces_known`, others open) beside the
complete list (`workplaces`), and work abroad relative to the organisation (`works_abroad`).

Each row of tests/data/partial_knowledge.csv is a record written from one clause of a seed
(the phrase is in the row) with the answer the seed gives; the records are read by the CSV
reader users run, and both engines must answer them so.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

import pytest

from remote_kg.model.records import Facts, parse_cells
from remote_kg.reasoners.fast import FastReasoner
from remote_kg.reasoners.hermit import HermitReasoner
from tests.conftest import classify_json, run_cli

CLAUSES = Path(__file__).resolve().parents[1] / "data" / "partial_knowledge.csv"
SEED_002 = "https://w3id.org/remote-kg/source/002_5bf695ac87648e60"
FACT_CELLS = ("relation", "workplaces", "workplaces_known", "works_abroad")


def _clauses() -> list[dict[str, str]]:
    with CLAUSES.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


ROWS = _clauses()


@cache
def _records(tmp: Path) -> dict[str, Facts]:
    """The clause records as one CSV file, read back by the users' CSV reader."""
    from remote_kg.api import read_records

    path = tmp / "clauses.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("id", *FACT_CELLS))
        for number, row in enumerate(ROWS):
            writer.writerow((f"r{number}", *(row[c] for c in FACT_CELLS)))
    return {r.id: r.facts for r in read_records(path)}


def _status(answer, category: str) -> str:
    return "inconsistent" if not answer.consistent else answer.status(category)


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> dict[str, Facts]:
    return _records(tmp_path_factory.mktemp("clauses"))


def test_every_clause_row_names_its_seed_and_phrase():
    assert len(ROWS) >= 20
    for row in ROWS:
        assert row["seed"] in ("000", "001", "002") and len(row["phrase"]) > 20, row
        assert row["expected"] in ("is", "is_not", "unknown", "inconsistent"), row


@pytest.mark.parametrize("number", range(len(ROWS)),
                         ids=[f"{r['seed']}-{r['category']}-{i}" for i, r in enumerate(ROWS)])
def test_fast_engine_answers_the_clause_record_as_the_seed_says(records, number):
    row = ROWS[number]
    answer = FastReasoner.for_ontology().answer(records[f"r{number}"])
    assert _status(answer, row["category"]) == row["expected"], (row["phrase"], row["why"])


@pytest.mark.slow
def test_hermit_answers_every_clause_record_as_the_seed_says(records):
    hermit = HermitReasoner.for_ontology()
    answers = hermit.classify(list(dict.fromkeys(records.values())))
    wrong = [(row["phrase"], row["category"], row["expected"])
             for number, row in enumerate(ROWS)
             if _status(answers[records[f"r{number}"]], row["category"]) != row["expected"]]
    assert wrong == []


# --- the CSV contract of the new columns ---------------------------------------------------

def test_places_known_so_far_are_certain_and_leave_the_others_open():
    assert parse_cells({"workplaces_known": "Client_Site ; home"}) == Facts(
        workplaces=frozenset({"client_site", "home"}))
    assert parse_cells({"workplaces": "home"}) == Facts(
        workplaces=frozenset({"home"}), workplaces_allowed=frozenset({"home"}))
    assert parse_cells({"works_abroad": "Yes"}) == Facts(works_abroad=frozenset({True}))


def test_both_workplace_columns_in_one_row_is_an_error_naming_line_and_columns(write_csv):
    path = write_csv("id,workplaces,workplaces_known\na,home,\nb,home,client_site\n")
    result = run_cli("classify", path, "-f", "csv")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert f"{path}: line 3, columns 'workplaces' and 'workplaces_known': both given" \
        in result.stderr


def test_a_bad_known_place_or_abroad_value_is_named_with_the_allowed_values(write_csv):
    path = write_csv("id,workplaces_known,works_abroad\na,garage,\nb,,perhaps\n")
    result = run_cli("classify", path)
    assert result.returncode == 2
    assert "line 2, column 'workplaces_known': value 'garage' is not allowed; expected " \
        "';'-separated values from home, org_main_office" in result.stderr
    assert "line 3, column 'works_abroad': value 'perhaps' is not allowed; expected yes or no " \
        "(or true/false, y/n, 1/0, in any case) or blank" in result.stderr


def test_existing_files_keep_their_answers_the_complete_list_is_unchanged(write_csv):
    old = classify_json(write_csv("id,workplaces\na,client_site\n"))["a"]
    new = classify_json(write_csv("id,workplaces,workplaces_known,works_abroad\n"
                                  "a,client_site,,\n"))["a"]
    assert old == new and "RemoteWorker" in old["is"]


# --- RDF: the known places are facts without the closure ------------------------------------

def test_import_writes_known_places_without_closure_and_reads_them_back(write_csv, tmp_path):
    from remote_kg.api import read_records

    path = write_csv("id,workplaces_known,works_abroad\na,client_site;home,\nb,,yes\n"
                     "c,home,no\n")
    out = tmp_path / "out.ttl"
    assert run_cli("import", path, "-o", out).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert "works-only-at" not in text and "allValuesFrom" not in text
    assert "rkg:worksAbroad true" in text and "rkg:worksAbroad false" in text
    assert ({r.id: r.facts for r in read_records(out)}
            == {r.id: r.facts for r in read_records(path)})
    assert classify_json(out) == classify_json(path)


def test_known_places_and_work_abroad_conform_to_the_data_shapes(write_csv, tmp_path):
    path = write_csv("id,relation,workplaces_known,works_abroad\na,employee,vehicle,yes\n")
    out = tmp_path / "out.ttl"
    assert run_cli("import", path, "-o", out).returncode == 0
    result = run_cli("validate", out)
    assert result.returncode == 0, result.stdout


# --- explanations cite the column as written ----------------------------------------------

def test_explanation_cites_the_places_known_so_far_and_asks_for_the_complete_list(write_csv):
    path = write_csv("id,workplaces_known\nsalesman,client_site\n")
    result = run_cli("explain", path, "--category", "Teleworker", "--category",
                     "RemoteWorker", "--format", "json")
    assert result.returncode == 0, result.stderr
    [record] = json.loads(result.stdout)
    teleworker, remote = record["categories"]
    assert teleworker["facts"] == [{"column": "workplaces_known", "value": "client_site"}]
    decide = {(d["column"], d["value"], d["status"]) for d in remote["would_decide"]}
    assert ("workplaces", "client_site", "is") in decide
    assert ("workplaces", "org_main_office;client_site", "is_not") in decide
    assert ("works_abroad", "yes", "is") in decide
    assert not any(c == "workplaces_known" for c, _, _ in decide)


def test_explanation_of_work_abroad_cites_the_fact_and_the_sourced_axiom(write_csv):
    path = write_csv("id,relation,works_abroad\nfar,employee,yes\n")
    result = run_cli("explain", path, "--category", "RemoteStaffMember", "--format", "json")
    assert result.returncode == 0, result.stderr
    [record] = json.loads(result.stdout)
    [entry] = record["categories"]
    assert entry["status"] == "is"
    assert {"column": "works_abroad", "value": "yes"} in entry["facts"]
    abroad = [a for a in entry["axioms"] if "abroad" in a["text"]]
    assert any("every worker who works abroad" in a["text"] for a in abroad), abroad
    assert all(a["source"] == [SEED_002] for a in abroad), abroad
