"""Explanations for job postings: `explain` reads whatever `classify` reads as postings and
says, per job category, which of the posting's fields (jobLocationType, employmentType,
...) the answer rests on, the ontology's axioms with their sources, and which field value
would decide an unknown; with classify's answers, on the CLI and from the API."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from remote_kg.api import explain_path, resolve_explanation
from remote_kg.explain.explainer import Explainer
from remote_kg.model.jobs import JobFacts, employment_codes
from remote_kg.model.ontology import RKG
from tests.conftest import REPO, run_cli

POSTINGS = REPO / "examples" / "postings.jsonld"
PAGE = REPO / "examples" / "postings.html"
JOBS = "https://jobs.example.com/postings/"
GOOGLE = "https://developers.google.com/search/docs/appearance/structured-data/job-posting"


@pytest.fixture(scope="module")
def explained() -> dict[str, dict]:
    """The CLI's JSON for every example posting and job category."""
    result = run_cli("explain", POSTINGS, "-f", "json")
    assert result.returncode == 0, result.stderr
    return {posting["id"]: posting for posting in json.loads(result.stdout)}


def _entry(posting: dict, category: str) -> dict:
    return next(e for e in posting["categories"] if e["category"] == category)


def test_explanations_give_classify_answers_for_every_posting_and_job_category(explained):
    result = run_cli("classify", POSTINGS, "-f", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["id"] for row in rows] == list(explained)
    for row in rows:
        statuses = {e["category"]: e["status"] for e in explained[row["id"]]["categories"]}
        assert statuses == {c: s for c, s in row.items() if c not in ("id", "label")}


def test_an_answer_rests_on_the_postings_fields_and_the_sourced_definition(explained):
    remote = _entry(explained[JOBS + "1001"], "RemoteJob")
    assert remote["status"] == "is"
    assert remote["facts"] == [{"column": "jobLocationType", "value": "TELECOMMUTE"}]
    definition = next(a for a in remote["axioms"] if a["iri"].endswith("#RemoteJob"))
    assert definition["text"] == "Remote job = Job who declares telecommute"
    assert definition["source"] == [GOOGLE]
    employee = _entry(explained[JOBS + "1001"], "EmployeeJob")
    assert employee["facts"] == [{"column": "employmentType", "value": "FULL_TIME"}]


def test_a_complete_employment_list_rules_out_other_types_as_the_types_differ(explained):
    contractor = _entry(explained[JOBS + "1002"], "ContractorJob")
    assert contractor["status"] == "is_not"
    assert contractor["facts"] == [{"column": "employmentType", "value": "PART_TIME;TEMPORARY"}]
    texts = [a["text"] for a in contractor["axioms"]]
    assert any(t.startswith("no two of these are the same: full-time employment") for t in texts)
    # FULL_TIME needs no such axiom to be an employee job
    assert not any("no two" in a["text"]
                   for a in _entry(explained[JOBS + "1001"], "EmployeeJob")["axioms"])


def test_an_unknown_answer_names_the_field_value_that_decides_it(explained):
    bare = explained[JOBS + "1006"]  # a posting with no field that decides anything
    remote = _entry(bare, "RemoteJob")
    assert remote["status"] == "unknown" and remote["facts"] == []
    assert {"column": "jobLocationType", "value": "TELECOMMUTE", "status": "is"} in remote[
        "would_decide"]
    employee = {(d["value"], d["status"]) for d in _entry(bare, "EmployeeJob")["would_decide"]
                if d["column"] == "employmentType"}
    assert {("FULL_TIME", "is"), ("CONTRACTOR", "is_not")} <= employee
    assert ("INTERN", "is") not in employee  # an internship may be unpaid: still open


def test_explain_cli_writes_a_paragraph_per_job_category_for_the_posting_asked_for():
    result = run_cli("explain", POSTINGS, "--id", JOBS + "1002", "--category", "ContractorJob",
                     "--category", "RemoteJob")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == JOBS + "1002 (Warehouse Associate)"
    assert lines[2] == ('ContractorJob: no. Because the posting has employmentType = '
                        '"PART_TIME;TEMPORARY", and the ontology says:')
    assert ('RemoteJob: cannot tell. It would be yes if jobLocationType = "TELECOMMUTE"'
            in result.stdout)


def test_postings_in_json_lines_are_explained_as_in_json_ld(tmp_path, explained):
    graph = json.loads(POSTINGS.read_text(encoding="utf-8"))["@graph"]
    lines = tmp_path / "postings.jsonl"
    lines.write_text("".join(json.dumps({"@context": "https://schema.org/", **posting}) + "\n"
                             for posting in graph[1:3]), encoding="utf-8")
    result = run_cli("explain", lines, "-f", "json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found == [explained[JOBS + "1002"], explained[JOBS + "1003"]]


def test_postings_in_a_page_are_explained_by_their_fields():
    result = run_cli("explain", PAGE, "--category", "RemoteJob", "-f", "json")
    assert result.returncode == 0, result.stderr
    by_id = {p["id"]: p["categories"][0] for p in json.loads(result.stdout)}
    support = by_id["https://careers.example.com/jobs/support-specialist"]
    assert support["status"] == "is"
    assert support["facts"] == [{"column": "jobLocationType", "value": "TELECOMMUTE"}]


def test_rdf_jobs_are_explained_by_what_rdf_says_and_a_posting_cannot(tmp_path):
    data = tmp_path / "jobs.ttl"
    data.write_text("@prefix rkg: <https://w3id.org/remote-kg/ontology#> .\n"
                    "<https://e.org/jobs/h1> a rkg:Job ; rkg:postingId \"h1\" ;\n"
                    "    rkg:isPartlyRemote true ; rkg:declaresTelecommute false .\n",
                    encoding="utf-8")
    result = run_cli("explain", data, "--category", "HybridJob", "--category", "RemoteJob",
                     "-f", "json")
    assert result.returncode == 0, result.stderr
    hybrid, remote = json.loads(result.stdout)[0]["categories"]
    assert hybrid["status"] == "is"
    assert hybrid["facts"] == [{"column": "isPartlyRemote", "value": "yes"}]
    assert remote["status"] == "is_not"
    assert {"column": "jobLocationType", "value": "not TELECOMMUTE"} in [
        fact for facts in [remote["facts"], *remote["other_fact_sets"]] for fact in facts]


@pytest.mark.parametrize("args, message", [
    (["--categories", "authorities"], "job postings are classified for the job categories"),
    (["--category", "EUTeleworker"], "unknown category 'EUTeleworker'; expected one of: "
                                     "ContractorJob"),
    (["--id", "1001"], f"no posting with id '1001' (7 postings, such as '{JOBS}1001'"),
])
def test_explain_refuses_what_postings_are_not_explained_for(args, message):
    result = run_cli("explain", POSTINGS, *args)
    assert result.returncode == 2 and result.stdout == ""
    assert message in result.stderr and "Traceback" not in result.stderr


def test_classify_explain_refers_each_posting_to_its_explanations(explained):
    result = run_cli("classify", POSTINGS, "--explain")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert {row["id"]: resolve_explanation(row["explanation"], body["explanations"])
            for row in body["records"]} == {
        i: {"categories": p["categories"]} for i, p in explained.items()}


def test_python_api_explains_postings_like_the_cli(explained):
    assert explain_path(POSTINGS, ids=[JOBS + "1002"]) == [explained[JOBS + "1002"]]
    assert explain_path(POSTINGS, ids=[JOBS + "1003"], categories=["OnSiteJob"]) == [
        {"id": JOBS + "1003",
         "categories": [_entry(explained[JOBS + "1003"], "OnSiteJob")]}]


_TRUTH = st.sampled_from([None, True, False])
# Besides what postings say: what only RDF states, job classes the input asserts among them
# (a clash then has an explanation too).
_ASSERTED = [str(RKG[c]) for c in ("EmploymentContractJob", "ContractForServicesJob",
                                    "FixedTermJob", "HybridJob", "RemoteJob")]
_JOB_FACTS = st.builds(
    JobFacts, _TRUTH, _TRUTH, _TRUTH,
    st.frozensets(st.sampled_from(sorted(employment_codes())), max_size=3),
    st.booleans(), st.frozensets(st.sampled_from(_ASSERTED), max_size=2), _TRUTH)
_EXPLAINER: list[Explainer] = []


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(_JOB_FACTS)
def test_explanations_of_any_job_are_sufficient_and_minimal_when_reclassified(facts):
    """The fact side, for any job: each fact set re-classified gives the answer and none of
    its fields can be dropped; each value said to decide does (the axioms: HermiT, in
    test_authority_and_posting_explanations_confirmed_by_hermit.py)."""
    if not _EXPLAINER:
        _EXPLAINER.append(Explainer(holds="postings"))
        _EXPLAINER[0].axioms_for = lambda reduced, category, status: []  # type: ignore
    explainer = _EXPLAINER[0]
    keep, engine = explainer.columns.keep, explainer.engine

    def status(job: JobFacts, category: str) -> str:
        answer = engine.answer(job)
        return answer.status(category) if category != "clash" else (
            "inconsistent" if not answer.consistent else "consistent")

    explained = explainer.explain(facts)
    entries = ([("clash", "inconsistent", explained["clash"])] if explained.get("inconsistent")
               else [(e["category"], e["status"], e) for e in explained["categories"]])
    for category, answer, entry in entries:
        for fact_set in [entry["facts"], *entry.get("other_fact_sets", [])]:
            fields = [f["column"] for f in fact_set]
            assert status(keep(facts, fields), category) == answer, (category, fields)
            for field in fields:
                fewer = keep(facts, [f for f in fields if f != field])
                assert status(fewer, category) != answer, (category, fields, field)
        for decide in entry.get("would_decide", []):
            completed = explainer.columns.with_value(facts, decide["column"], decide["value"])
            assert status(completed, category) == decide["status"], (category, decide)
