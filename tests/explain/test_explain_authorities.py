"""Explanations for the authorities' categories: `explain --category EUTeleworker` and
`--categories` (as classify takes it) give the facts (the authorities' own columns among
them), the sourced axioms and the deciding values, with classify's answers, confirmed by
HermiT (test_authority_and_posting_explanations_confirmed_by_hermit.py); the same from the
API and from `classify --explain`."""

from __future__ import annotations

import csv
import io
import json

import pytest

from remote_kg.api import explain_path, explain_referenced, read_records, resolve_explanation
from remote_kg.explain.explainer import Explainer
from tests.conftest import REPO, run_cli

AUTHORITIES = REPO / "examples" / "authorities.csv"
CHOSEN = ("eu-regular", "eu-occasional", "eu-home-default")


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    """Three records of the authorities' boundary examples (a few axiom searches)."""
    lines = AUTHORITIES.read_text(encoding="utf-8").splitlines()
    path = tmp_path_factory.mktemp("authorities") / "three.csv"
    path.write_text("\n".join([lines[0], *(line for line in lines
                                           if line.split(",", 1)[0] in CHOSEN)]) + "\n",
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def explained(three) -> dict[str, dict]:
    """The CLI's JSON for the three records, for every authority category."""
    result = run_cli("explain", three, "--categories", "authorities", "-f", "json")
    assert result.returncode == 0, result.stderr
    return {record["id"]: record for record in json.loads(result.stdout)}


@pytest.fixture(scope="module")
def classified() -> list[dict[str, str]]:
    """`classify --categories authorities` of every boundary example, as CSV rows."""
    result = run_cli("classify", AUTHORITIES, "--categories", "authorities", "-f", "csv")
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def _entry(record: dict, category: str) -> dict:
    return next(e for e in record["categories"] if e["category"] == category)


def test_explain_cli_explains_every_authority_category_as_classify_orders_them(explained,
                                                                            classified):
    header = [c for c in classified[0] if c not in ("id", "label")]
    assert [e["category"] for e in explained["eu-regular"]["categories"]] == header
    assert "EUTeleworker" in header and "Employee" not in header


def test_the_authorities_columns_are_facts_an_answer_rests_on(explained):
    opm = _entry(explained["eu-regular"], "OPMTeleworker")
    assert opm["status"] == "is"
    assert {"column": "written_agreement", "value": "yes"} in opm["facts"]
    assert {"column": "office_days_per_fortnight", "value": "6"} in opm["facts"]
    eurofound = _entry(explained["eu-regular"], "EurofoundTeleworker")
    assert {"column": "uses_ict", "value": "yes"} in eurofound["facts"]  # no seed one reads it
    eu = _entry(explained["eu-occasional"], "EUTeleworker")
    assert eu["status"] == "is_not"
    assert {f["column"] for f in eu["facts"]} == {"default_place", "regularity"}


def test_an_authority_answer_cites_the_authoritys_own_text(explained):
    opm = _entry(explained["eu-home-default"], "OPMTeleworker")
    assert opm["status"] == "is_not"
    assert opm["facts"] == [{"column": "office_days_per_fortnight", "value": "0"}]
    definition = next(a for a in opm["axioms"] if a["iri"].endswith("#OPMTeleworker"))
    assert definition["text"].startswith("OPM teleworker = employee who has written agreement")
    assert any("uscode.house.gov" in s and "6501" in s for s in definition["source"])


def test_an_unknown_authority_answer_names_the_blank_column_that_decides_it(explained):
    eu = _entry(explained["eu-home-default"], "EUTeleworker")
    assert eu["status"] == "unknown" and eu["facts"] == [] and eu["axioms"] == []
    assert {(d["column"], d["value"], d["status"]) for d in eu["would_decide"]} == {
        ("could_work_at_premises", "yes", "is"), ("could_work_at_premises", "no", "is_not")}


def test_explanations_give_classify_answers_for_every_record_and_authority_category(
        classified):
    by_id = {row["id"]: row for row in classified}
    explainer = Explainer(categories="authorities")
    # The answers do not depend on the axioms: their searches are left out here (HermiT
    # checks them on a few records), so the 61 records take seconds.
    explainer.axioms_for = lambda reduced, category, status: []  # type: ignore[method-assign]
    records = read_records(AUTHORITIES)
    assert len(records) == len(by_id) > 50
    for record in records:
        statuses = {e["category"]: e["status"]
                    for e in explainer.record(record.id, record.facts)["categories"]}
        expected = {c: s for c, s in by_id[record.id].items() if c not in ("id", "label")}
        assert statuses == expected, record.id


def test_one_authority_category_is_named_with_category_and_mixes_with_seed_ones(three):
    result = run_cli("explain", three, "--id", "eu-home-default", "--category", "EUTeleworker",
                     "--category", "Employee")
    assert result.returncode == 0, result.stderr
    assert ('EUTeleworker: cannot tell. It would be yes if could_work_at_premises = "yes"; '
            'no if could_work_at_premises = "no".') in result.stdout
    assert 'Employee: yes. Because the record has relation = "employee"' in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--categories", "Telework"], "--categories: unknown 'Telework'"),
    (["--category", "Teleworkr"], "unknown category 'Teleworkr'"),
    (["--categories", "authorities", "--category", "Employee"], "unknown category 'Employee'"),
])
def test_explain_refuses_categories_it_does_not_explain(three, args, message):
    result = run_cli("explain", three, *args)
    assert result.returncode == 2 and result.stdout == ""
    assert message in result.stderr and "Traceback" not in result.stderr
    assert "EUTeleworker" in result.stderr  # the categories it does explain are listed


def test_python_api_explains_authority_categories_like_the_cli(three, explained):
    found = explain_path(three, ids=["eu-home-default"],
                         categories=["EUTeleworker", "OPMTeleworker"])
    cli = explained["eu-home-default"]
    assert found == [{"id": "eu-home-default",
                      "categories": [_entry(cli, "EUTeleworker"),
                                     _entry(cli, "OPMTeleworker")]}]
    table = explain_referenced(three, categories="EurofoundTeleworker")
    assert {r["id"]: resolve_explanation(r["explanation"], table["explanations"])
            for r in table["records"]} == {
        i: {"categories": [_entry(e, "EurofoundTeleworker")]} for i, e in explained.items()}


def test_classify_explain_with_authority_categories_refers_to_the_same_explanations(
        three, explained):
    chosen = ["OPMTeleworker", "EUTeleworker"]
    result = run_cli("classify", three, "--categories", ",".join(chosen), "--explain")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert len(body["records"]) == len(CHOSEN)
    for row in body["records"]:
        resolved = resolve_explanation(row["explanation"], body["explanations"])
        assert resolved == {"categories": [_entry(explained[row["id"]], c) for c in chosen]}
        assert [e["category"] for e in resolved["categories"] if e["status"] == "is"] == row["is"]
