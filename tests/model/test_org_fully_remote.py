"""The organisation's own facts count: a worker of an organisation with no premises works
somewhere, and only off premises (issue 11, point 2)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli

HEADER = "id,label,relation,workplaces,org_fully_remote\n"


def _answers(write_csv, body: str, *extra: str) -> dict[str, dict]:
    result = run_cli("classify", write_csv(HEADER + body), *extra)
    assert result.returncode == 0, result.stderr
    return {row["id"]: row for row in json.loads(result.stdout)}


@pytest.mark.parametrize("reasoner", ["fast", pytest.param("hermit", marks=pytest.mark.slow)])
def test_a_worker_of_an_organisation_without_premises_is_remote_with_blank_workplaces(
        write_csv, reasoner):
    rows = _answers(write_csv, "a,,employee,,yes\nb,,,,no\nc,,,,\nd,,,home,yes\n",
                    "--reasoner", reasoner)
    assert {"RemoteWorker", "Teleworker", "RemoteStaffMember"} <= set(rows["a"]["is"])
    assert {"InPersonWorker", "HybridWorker"} <= set(rows["a"]["is_not"])
    assert "Telecommuter" in rows["a"]["unknown"]  # home only? not recorded
    for other in ("b", "c"):  # "no" and blank leave the workplace open, as before
        assert {"RemoteWorker", "Teleworker", "InPersonWorker"} <= set(rows[other]["unknown"])
    assert "Telecommuter" in rows["d"]["is"]


@pytest.mark.parametrize("office", ["org_main_office", "org_branch_office",
                                    "home;org_main_office"])
def test_an_office_listed_for_a_worker_of_an_organisation_without_premises_is_inconsistent(
        write_csv, office):
    result = run_cli("classify", write_csv(HEADER + f"ok,,,home,yes\nx,,employee,{office},yes\n"))
    assert result.returncode == 1 and result.stdout == ""
    assert "inconsistent record at line 3, id 'x'" in result.stderr


def test_the_column_takes_yes_or_no_only(write_csv):
    result = run_cli("classify", write_csv(HEADER + "x,,,,maybe\n"))
    assert result.returncode == 2 and result.stdout == ""
    assert "column 'org_fully_remote': value 'maybe' is not allowed" in result.stderr


def test_the_fact_reaches_rdf_and_comes_back(write_csv, tmp_path):
    out = tmp_path / "records.ttl"
    assert run_cli("import", write_csv(HEADER + "a,,employee,,yes\n"), "-o", out).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert "worksForFullyRemoteOrganisation true" in text
    from_rdf = json.loads(run_cli("classify", out).stdout)[0]
    assert "RemoteWorker" in from_rdf["is"] and "HybridWorker" in from_rdf["is_not"]


def test_the_explanation_cites_the_organisation_fact_and_the_axiom(write_csv):
    result = run_cli("explain", write_csv(HEADER + "a,,employee,,yes\n"), "--id", "a",
                     "--category", "HybridWorker", "-f", "json")
    entry = json.loads(result.stdout)["categories"][0]
    assert entry["status"] == "is_not"
    assert entry["facts"] == [{"column": "org_fully_remote", "value": "yes"}]
    assert any(a["iri"].endswith("#worksForFullyRemoteOrganisation")
               and a["text"].startswith("every worker who works for fully remote organisation")
               for a in entry["axioms"])
