"""Explanations: derived from the ontology, confirmed by HermiT, minimal, and the same on
the CLI, the Python API and the endpoint."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from remote_kg.api import explain_path, read_records
from remote_kg.explain.explainer import Explainer
from remote_kg.explain.facts import keep_columns, with_value
from remote_kg.explain.verify import check_many
from remote_kg.model.ontology import EXAMPLES_PATH, ONTOLOGY_PATH
from remote_kg.model.records import Facts
from tests.conftest import REPO, run_cli
from tests.reasoners.test_reasoner_parity import csv_facts, rdf_facts
from tests.server.test_server_support import running_server

WORKERS = REPO / "examples" / "workers.csv"


@pytest.fixture(scope="module")
def explainer() -> Explainer:
    return Explainer()


def _seed_records():
    return read_records(WORKERS) + read_records(EXAMPLES_PATH)


def _reclassification_problems(explainer: Explainer, facts: Facts) -> list[str]:
    """Sufficiency and minimality of the fact sets, and each would-decide value, checked by
    classifying the reduced or completed record with the fast engine."""
    problems = []
    explained = explainer.explain(facts)
    if explained.get("inconsistent"):
        entries = [("clash", "inconsistent", explained["clash"])]
    else:
        entries = [(e["category"], e["status"], e) for e in explained["categories"]]
    for category, status, entry in entries:
        def status_of(f, category=category):
            return explainer.engine.answer(f).status(category) if category != "clash" \
                else ("inconsistent" if not explainer.engine.answer(f).consistent else "ok")
        for fact_set in [entry["facts"], *entry.get("other_fact_sets", [])]:
            columns = [f["column"] for f in fact_set]
            if status_of(keep_columns(facts, columns)) != status:
                problems.append(f"{category}: {columns} do not give {status}")
            for column in columns:
                fewer = keep_columns(facts, [c for c in columns if c != column])
                if status_of(fewer) == status:
                    problems.append(f"{category}: {columns} without {column} still {status}")
        for decide in entry.get("would_decide", []):
            completed = with_value(facts, decide["column"], decide["value"])
            if status_of(completed) != decide["status"]:
                problems.append(f"{category}: {decide} does not decide it")
    return problems


def test_seed_explanations_are_sufficient_and_minimal_when_reclassified(explainer):
    for record in _seed_records():
        assert _reclassification_problems(explainer, record.facts) == [], record.id


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(csv_facts(), rdf_facts()))
def test_explanations_of_any_record_are_sufficient_and_minimal_when_reclassified(facts):
    assert _reclassification_problems(_shared_explainer(), facts) == []


_EXPLAINER: list[Explainer] = []


def _shared_explainer() -> Explainer:
    if not _EXPLAINER:
        _EXPLAINER.append(Explainer())
    return _EXPLAINER[0]


def test_blank_columns_list_every_value_that_decides_and_only_those(explainer):
    craftsman = next(r for r in read_records(WORKERS) if r.id == "home-craftsman")
    employee = explainer.explain(craftsman.facts, ["Employee"])["categories"][0]
    assert employee["status"] == "unknown"
    relation = {d["value"]: d["status"] for d in employee["would_decide"]
                if d["column"] == "relation"}
    assert relation == {"employee": "is", "freelancer": "is_not", "contractor": "is_not",
                        "subcontractor": "is_not", "provider_staff": "is_not",
                        "owner": "is_not", "outsourced": "is_not"}


def test_explanations_follow_an_edited_ontology(tmp_path):
    edited = tmp_path / "edited.ttl"
    text = ONTOLOGY_PATH.read_text(encoding="utf-8")
    old = "owl:unionOf ( rkg:BranchOffice rkg:Home rkg:ClientSite rkg:CoworkingSpace"
    assert text.count(old) == 1
    edited.write_text(text.replace(old, "owl:unionOf ( rkg:BranchOffice rkg:Home "
                                        "rkg:CoworkingSpace"), encoding="utf-8")
    at_home = Facts(workplaces=frozenset({"home"}), workplaces_allowed=frozenset({"home"}))
    at_client = Facts(workplaces=frozenset({"client_site"}),
                      workplaces_allowed=frozenset({"client_site"}))
    before = Explainer().explain(at_home, ["Teleworker"])["categories"][0]
    after = Explainer(edited).explain(at_home, ["Teleworker"])["categories"][0]
    assert "client site" in before["axioms"][0]["text"]
    assert "client site" not in after["axioms"][0]["text"]
    assert Explainer().explain(at_client, ["Teleworker"])["categories"][0]["status"] == "is"
    assert Explainer(edited).explain(at_client, ["Teleworker"])["categories"][0][
        "status"] != "is"


def test_axioms_are_rendered_with_labels_and_cite_their_sources(explainer):
    facts = Facts(relations=frozenset({"freelancer"}))
    entry = explainer.explain(facts, ["Employee"])["categories"][0]
    assert entry["status"] == "is_not"
    assert entry["facts"] == [{"column": "relation", "value": "freelancer"}]
    texts = [a["text"] for a in entry["axioms"]]
    assert "employee = worker who is employed by an organisation" in texts
    assert all("#" not in t and "http" not in t for t in texts)
    assert all(a["source"] and a["iri"].startswith("https://w3id.org/remote-kg/ontology#")
               for a in entry["axioms"])


def test_an_inconsistent_record_is_explained_by_the_facts_and_axioms_that_clash(explainer):
    facts = Facts(relations=frozenset({"employee", "freelancer"}), uses_ict=frozenset({True}))
    explained = explainer.explain(facts)
    assert explained["inconsistent"] is True
    assert explained["clash"]["facts"] == [{"column": "relation",
                                            "value": "employee;freelancer"}]
    assert any("nothing is two of" in a["text"] for a in explained["clash"]["axioms"])


def test_records_with_the_same_facts_share_one_explanation(explainer):
    facts = Facts(relations=frozenset({"owner"}))
    assert explainer.explain(facts) is explainer.explain(replace(facts))


# -- the CLI, the API and the endpoint ---------------------------------------------------

def test_explain_cli_writes_a_paragraph_per_category():
    result = run_cli("explain", WORKERS, "--id", "freelance-engineer-at-home",
                     "--category", "Teleworker", "--category", "FlexWorker")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("freelance-engineer-at-home (")
    assert any(line.startswith('Teleworker: yes. Because the record has workplaces = "home"')
               for line in lines)
    assert any(line.startswith("  - teleworker = worker who works at") for line in lines)
    assert 'FlexWorker: cannot tell. It would be yes if schedule = "self_set"' in result.stdout


def test_explain_cli_markdown_and_json():
    md = run_cli("explain", WORKERS, "--id", "home-craftsman", "-f", "markdown")
    assert md.returncode == 0 and md.stdout.startswith("### home-craftsman")
    assert "**Employee: cannot tell.**" in md.stdout
    js = run_cli("explain", WORKERS, "--id", "home-craftsman", "-f", "json")
    body = json.loads(js.stdout)
    assert body["id"] == "home-craftsman"
    assert {c["category"] for c in body["categories"]} >= {"Employee", "Teleworker"}
    assert set(body["categories"][0]) >= {"category", "status", "facts", "axioms",
                                          "would_decide"}
    every = json.loads(run_cli("explain", WORKERS, "-f", "json").stdout)
    assert len(every) == len(read_records(WORKERS))


@pytest.mark.parametrize("args, message", [
    (["--id", "no-such-worker"], "no record with id 'no-such-worker'"),
    (["--category", "Astronaut"], "unknown category 'Astronaut'"),
])
def test_explain_cli_refuses_unknown_ids_and_categories(args, message):
    result = run_cli("explain", WORKERS, *args)
    assert result.returncode == 2 and result.stdout == ""
    assert message in result.stderr and "Traceback" not in result.stderr


def test_classify_explain_refers_each_record_to_explanations_matching_its_answer():
    result = run_cli("classify", WORKERS, "--explain")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    for row in body["records"]:
        entries = [body["explanations"][n] for n in row["explanation"]]
        statuses = {e["category"]: e["status"] for e in entries}
        assert {c for c, s in statuses.items() if s == "is"} == set(row["is"])
        assert {c for c, s in statuses.items() if s == "is_not"} == set(row["is_not"])
    refused = run_cli("classify", WORKERS, "--explain", "-f", "csv")
    assert refused.returncode == 2 and refused.stdout == ""
    assert "--explain" in refused.stderr and "json" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_classify_explain_on_rdf_input_matches_the_csv_streaming_path():
    rdf = json.loads(run_cli("classify", EXAMPLES_PATH, "--explain").stdout)
    assert rdf["records"] and all("explanation" in row for row in rdf["records"])
    assert max(n for row in rdf["records"] for n in row["explanation"]) < len(
        rdf["explanations"])


def test_python_api_explains_like_the_cli():
    cli = json.loads(run_cli("explain", WORKERS, "--id", "home-craftsman", "-f", "json").stdout)
    assert explain_path(WORKERS, ids=["home-craftsman"]) == [cli]


@pytest.mark.slow
def test_endpoint_serves_an_explanation_per_record_and_links_it(tmp_path):
    data = tmp_path / "w.csv"
    data.write_text(WORKERS.read_text(encoding="utf-8"), encoding="utf-8")
    with running_server(tmp_path, "--data", str(data)) as server:
        payload = json.load(urllib.request.urlopen(server.base + "/queries.json"))
        bases = payload["explain"]["recordBases"]
        iri = bases[0] + "home-craftsman"
        with urllib.request.urlopen(server.base + payload["explain"]["path"]
                                    + urllib.request.quote(iri, safe="")) as response:
            assert response.headers["Content-Type"].startswith("application/json")
            body = json.load(response)
        assert body["id"] == "home-craftsman" and body["iri"] == iri
        assert body == {"iri": iri, **explain_path(data, ids=["home-craftsman"])[0]}
        browser = urllib.request.Request(
            server.base + payload["explain"]["path"] + urllib.request.quote(iri, safe=""),
            headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,"
                               "*/*;q=0.8"})
        with urllib.request.urlopen(browser) as response:
            assert response.headers["Content-Type"] == "text/html; charset=utf-8"
            assert response.headers["Vary"] == "Accept"
            page = response.read().decode("utf-8")
        assert page.startswith("<!DOCTYPE html>") and "<h1>Why: home-craftsman</h1>" in page
        assert all(f"<h2>{entry['category']}: " in page for entry in body["categories"])
        for accept in ("application/json", "*/*"):
            request = urllib.request.Request(browser.full_url, headers={"Accept": accept})
            with urllib.request.urlopen(request) as response:
                assert response.headers["Content-Type"].startswith("application/json")
        for query, status in (("iri=urn:nobody", 404), ("", 400),
                              (f"iri={iri}&category=Astronaut", 400)):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(server.base + "/explain?" + query)
            assert refused.value.code == status
    script = (REPO / "remote_kg" / "static" / "form.js").read_text(encoding="utf-8")
    assert "explain.path + encodeURIComponent" in script


def test_html_docs_explain_every_seed_example_for_each_category_it_is_or_is_not_in(tmp_path):
    from remote_kg.commands.docs import build_docs
    from remote_kg.site.examples import example_anchor, load_examples

    page = build_docs(tmp_path, reasoner="asserted")[0].read_text(encoding="utf-8")
    for example in load_examples(EXAMPLES_PATH):
        start = page.index(f'id="{example_anchor(example)}"')
        section = page[start:page.index("</section>", start)]
        decided = len(example.is_) + len(example.is_not)
        assert section.count("because <code>") == decided, example.id
        assert len(example.explanation) == decided


@pytest.mark.slow
def test_two_values_of_a_functional_fact_clash_through_the_values_disjointness(explainer):
    """Found by the random HermiT check: the engine holds two schedule values to be two
    things, so the clash must cite the schedule classes' disjointness, not only the
    property's functionality."""
    facts = Facts(relations=frozenset({"freelancer"}),
                  schedule=frozenset({"self_set", "employer_set"}),
                  location_bound=frozenset({False}),
                  asserted=frozenset({"https://w3id.org/remote-kg/ontology#VirtualWorker"}))
    explained = explainer.record("two-schedules", facts)
    assert explained["clash"]["facts"] == [{"column": "schedule",
                                            "value": "employer_set;self_set"}]
    texts = {a["text"] for a in explained["clash"]["axioms"]}
    assert texts == {"no self-set schedule is an organisation-set schedule",
                     "has schedule control has at most one value"}
    assert check_many(explainer, [(facts, explained)]) == []


CLASHING_TTL = """@prefix rkg: <https://w3id.org/remote-kg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <http://example.org/> .
ex:org a rkg:Organisation .
ex:w a owl:NamedIndividual, rkg:Worker ; rkg:recordId "w" ;
    rkg:employedBy ex:org ; rkg:freelancesFor ex:org ; rkg:usesICT true .
"""


@pytest.mark.slow
def test_explain_cli_names_what_clashes_in_an_inconsistent_record(tmp_path, explainer):
    data = tmp_path / "clash.ttl"
    data.write_text(CLASHING_TTL, encoding="utf-8")
    result = run_cli("explain", data)
    assert result.returncode == 0, result.stderr
    assert 'The record contradicts the ontology: its relation = "employee;freelancer"' \
        in result.stdout
    axioms = [line for line in result.stdout.splitlines() if line.startswith("  - ")]
    assert len(axioms) == 3 and "nothing is two of" in axioms[0]
    record = read_records(data)[0]
    assert check_many(explainer, [(record.facts, explainer.record("w", record.facts))]) == []


def test_a_clash_with_an_asserted_class_is_explained(explainer):
    """Found by the property test: an engine asked about consistency only met a class the
    record asserts."""
    facts = Facts(relations=frozenset({"freelancer"}),
                  asserted=frozenset({"https://w3id.org/remote-kg/ontology#Employee"}))
    explained = explainer.explain(facts)
    assert explained["inconsistent"] is True
    assert {f["column"] for f in explained["clash"]["facts"]} == {"relation", "asserted_types"}
    assert _reclassification_problems(explainer, facts) == []


def test_explanations_show_the_issue_22_axioms_of_the_changed_seed_categories():
    """Virtual workers are their own bosses, remote staff may sit in a remote office, and
    working from home needs no employer tools: explanations read these from the axioms."""
    authorities = REPO / "examples" / "authorities.csv"
    result = run_cli("explain", authorities, "--format", "json", "--id", "s0-flexitime-employee",
                     "--category", "VirtualWorker", "--category", "WorkFromHomeEmployee")
    assert result.returncode == 0, result.stderr
    by = {c["category"]: c for c in json.loads(result.stdout)["categories"]}
    virtual = by["VirtualWorker"]
    assert virtual["status"] == "is_not"
    assert virtual["facts"] == [{"column": "autonomous", "value": "no"}]
    assert any("is autonomous" in a["text"] and "virtual worker =" in a["text"]
               for a in virtual["axioms"])
    office = json.loads(run_cli("explain", authorities, "--format", "json", "--id",
                                "s2-remote-office", "--category", "RemoteStaffMember").stdout)
    (staff,) = office["categories"]
    assert staff["status"] == "unknown"
    assert {(d["column"], d["value"], d["status"]) for d in staff["would_decide"]} == {
        ("remote_office", "yes", "is"), ("remote_office", "no", "is_not")}
    laptop = json.loads(run_cli("explain", authorities, "--format", "json", "--id",
                                "s0-home-own-laptop", "--category", "WorkFromHomeEmployee").stdout)
    (home,) = laptop["categories"]
    assert home["status"] == "is" and all(f["column"] != "tools" for f in home["facts"])
    assert not any("tool" in a["text"] for a in home["axioms"])


def test_explanations_show_the_axioms_settled_on_the_reviewers_findings():
    """Working from home whatever the hours (seed 000: "not how, when, or how much"), a
    remote office outside seed 002's hybrid line, and virtual work at places of the worker's
    choosing only (seed 000: "no commute, tele- or otherwise")."""
    authorities = REPO / "examples" / "authorities.csv"

    def explained(record_id: str, category: str) -> dict:
        result = run_cli("explain", authorities, "--format", "json", "--id", record_id,
                         "--category", category)
        assert result.returncode == 0, result.stderr
        (entry,) = json.loads(result.stdout)["categories"]
        return entry

    home = explained("s0-flexitime-employee", "WorkFromHomeEmployee")
    assert home["status"] == "is" and all(f["column"] != "schedule" for f in home["facts"])
    assert any(a["text"].startswith("work-from-home employee = employee and telecommuter")
               for a in home["axioms"])
    hybrid = explained("s2-remote-office-home", "HybridWorker")
    assert hybrid["status"] == "is_not"
    assert {"column": "remote_office", "value": "yes"} in hybrid["facts"]
    assert any("hybrid worker =" in a["text"] and "remote office" in a["text"]
               for a in hybrid["axioms"])
    consultant = explained("s0-consultant-clients", "VirtualWorker")
    assert consultant["status"] == "is_not"
    assert any("worker-chosen place =" in a["text"] for a in consultant["axioms"])


def test_an_html_explanation_escapes_every_value_from_the_record():
    from remote_kg.explain.html import as_html

    hostile = "<script>alert(1)</script>"
    page = as_html({"id": hostile, "iri": "urn:x", "categories": [
        {"category": "Teleworker", "status": "is", "facts": [
            {"column": "workplaces", "value": hostile}],
         "axioms": [{"iri": "urn:a", "text": "a & b", "source": ['urn:"s"']}],
         "other_fact_sets": [], "would_decide": []},
        {"category": "VirtualWorker", "status": "unknown", "facts": [], "axioms": [],
         "other_fact_sets": [], "would_decide": [
             {"column": "autonomous", "value": "yes", "status": "is"}]}]}, str)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "a &amp; b" in page and 'href="urn:&quot;s&quot;"' in page
    assert "<li>yes if autonomous = <code>yes</code></li>" in page
