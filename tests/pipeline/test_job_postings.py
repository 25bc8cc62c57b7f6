"""Job postings (schema.org JobPosting in JSON-LD or in HTML) read as jobs and classified.

The expected answers are written from the definitions' sources (Google's JobPosting rules,
schema.org) and the ontology's scope notes; the fast engine is checked against HermiT.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from remote_kg.classification.jobs import classify_postings, job_reasoner
from remote_kg.errors import InputError
from remote_kg.model.jobs import JobFacts, employment_codes
from remote_kg.model.ontology import DEFAULT_BASE, RKG, ontology_graph
from remote_kg.pipeline.postings import is_postings_file, read_postings

POSTINGS = REPO / "examples" / "postings.jsonld"
PAGE = REPO / "examples" / "postings.html"
JOBS = "https://jobs.example.com/postings/"


def _statuses(path: Path) -> dict[str, dict[str, str]]:
    done = run_cli("classify", path, "-f", "csv")
    assert done.returncode == 0, done.stderr
    return {row["id"]: row for row in csv.DictReader(io.StringIO(done.stdout))}


@pytest.fixture(scope="module")
def example_answers() -> dict[str, dict[str, str]]:
    return _statuses(POSTINGS)


# Each line: posting, category, answer, and what in the posting and the sources decides it.
EXPECTED = [
    ("1001", "RemoteJob", "is", "jobLocationType TELECOMMUTE"),
    ("1001", "CountryRestrictedJob", "is", "applicantLocationRequirements: USA"),
    ("1001", "EmployeeJob", "is", "FULL_TIME is employment"),
    ("1001", "ContractorJob", "is_not", "FULL_TIME alone: the list is complete"),
    ("1001", "RemoteEmployeeJob", "is", "remote and employment"),
    ("1002", "RemoteJob", "unknown",
     "no jobLocationType: Google requires it on 100% remote jobs, a rule about markup, not "
     "a fact about the job"),
    ("1002", "OnSiteJob", "unknown",
     "a street address and no TELECOMMUTE: done there only, or hybrid, the markup cannot tell"),
    ("1002", "HybridJob", "unknown", "no JobPosting field says a job is partly remote"),
    ("1002", "CountryRestrictedJob", "unknown", "no applicantLocationRequirements"),
    ("1002", "TemporaryJob", "is", "TEMPORARY"),
    ("1003", "RemoteJob", "is", "TELECOMMUTE with a street address is still remote"),
    ("1003", "OnSiteJob", "is_not", "TELECOMMUTE"),
    ("1003", "HybridJob", "is_not", "Google: jobs marked TELECOMMUTE must be fully remote"),
    ("1004", "ContractorJob", "is", "CONTRACTOR"),
    ("1004", "EmployeeJob", "is_not", "CONTRACTOR alone"),
    ("1004", "CountryRestrictedJob", "unknown", "no applicantLocationRequirements"),
    ("1005", "EmployeeJob", "is", "FULL_TIME and CONTRACTOR: both"),
    ("1005", "ContractorJob", "is", "FULL_TIME and CONTRACTOR: both"),
    ("1006", "RemoteJob", "unknown", "no jobLocationType: the posting does not say"),
    ("1006", "OnSiteJob", "unknown", "neither an address nor TELECOMMUTE"),
    ("1006", "EmployeeJob", "unknown", "no employmentType"),
    ("1007", "TemporaryJob", "is", "'Internship' is INTERN"),
    ("1007", "EmployeeJob", "unknown", "an internship may be paid employment or unpaid"),
    ("1007", "ContractorJob", "is_not", "INTERN alone: the list is complete"),
]


@pytest.mark.parametrize(("posting", "category", "answer", "why"), EXPECTED)
def test_example_postings_get_the_answers_their_sources_give(
        example_answers, posting: str, category: str, answer: str, why: str):
    assert example_answers[JOBS + posting][category] == answer, why


def test_a_posting_is_named_by_its_id_else_by_its_url(example_answers):
    assert JOBS + "1005" in example_answers  # it has a url and no @id
    assert example_answers[JOBS + "1001"]["label"] == "Backend Engineer (remote, US)"


def test_a_relative_id_is_read_under_the_base_and_given_back_as_written(tmp_path: Path):
    path = tmp_path / "one.jsonld"
    path.write_text(json.dumps({"@context": "https://schema.org/", "@type": "JobPosting",
                                "@id": "job-7", "title": "T", "jobLocationType": "TELECOMMUTE"}))
    [posting] = read_postings(path)
    assert posting.id == "job-7"
    assert posting.iri == DEFAULT_BASE + "job-7"


def _posting(**fields) -> dict:
    return {"@context": "https://schema.org/", "@type": "JobPosting", **fields}


def test_one_posting_a_list_and_a_graph_are_read_alike(tmp_path: Path):
    items = [_posting(url=f"https://e.org/{i}", title=f"T{i}", employmentType="PART_TIME")
             for i in range(3)]
    shapes = {
        "list.jsonld": items,
        "graph.json": {"@context": "https://schema.org/",
                       "@graph": [{k: v for k, v in i.items() if k != "@context"}
                                  for i in items]},
    }
    read = {}
    for name, document in shapes.items():
        (tmp_path / name).write_text(json.dumps(document))
        read[name] = [(p.id, p.label, p.facts) for p in read_postings(tmp_path / name)]
    assert read["list.jsonld"] == read["graph.json"]
    assert [r[0] for r in read["list.jsonld"]] == [f"https://e.org/{i}" for i in range(3)]
    (tmp_path / "one.jsonld").write_text(json.dumps(items[1]))
    assert [(p.id, p.label, p.facts) for p in read_postings(tmp_path / "one.jsonld")] == [
        read["list.jsonld"][1]]


def test_an_inline_https_vocabulary_reads_like_the_schema_org_context(tmp_path: Path):
    path = tmp_path / "inline.jsonld"
    path.write_text(json.dumps({"@context": {"@vocab": "https://schema.org/"},
                                "@type": "JobPosting", "url": "https://e.org/1",
                                "jobLocationType": "TELECOMMUTE"}))
    [posting] = read_postings(path)
    assert posting.facts.telecommute is True


def test_an_html_page_gives_its_json_ld_and_microdata_postings():
    answers = _statuses(PAGE)
    support = answers["https://careers.example.com/jobs/support-specialist"]
    assert (support["RemoteJob"], support["CountryRestrictedJob"]) == ("is", "is")
    field = answers["https://careers.example.com/jobs/field-technician"]  # microdata
    assert (field["OnSiteJob"], field["EmployeeJob"], field["RemoteJob"]) == (
        "unknown", "is", "unknown")  # an address, no jobLocationType: on site or hybrid


def test_employment_type_spellings_come_from_the_ontology():
    graph = ontology_graph()
    notations = {str(n) for i in graph.subjects(RDF.type, RKG.EmploymentType)
                 for n in graph.objects(i, SKOS.notation)}
    assert notations == set(employment_codes().values())
    assert {"FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN"} <= notations


def test_worker_records_in_json_ld_are_still_read_as_rdf(tmp_path: Path):
    done = run_cli("import", REPO / "examples" / "workers.csv")
    graph = Graph().parse(data=done.stdout, format="turtle")
    path = tmp_path / "workers.jsonld"
    graph.serialize(path, format="json-ld")
    assert not is_postings_file(path)
    classified = run_cli("classify", path, "-f", "csv")
    assert classified.returncode == 0, classified.stderr
    assert "Telecommuter" in classified.stdout.splitlines()[0]


# -- the judgement calls are stated in the ontology --------------------------------------------

def test_the_judgement_calls_are_scope_notes_in_the_ontology():
    graph = ontology_graph()
    notes = {str(s): " ".join(map(str, graph.objects(s, SKOS.scopeNote)))
             for s in (RKG.declaresTelecommute, RKG.RemoteJob, RKG.EmployeeJob)}
    assert "no jobLocationType" in notes[str(RKG.declaresTelecommute)]
    assert "street address" in notes[str(RKG.RemoteJob)]
    assert "internship" in notes[str(RKG.EmployeeJob)]


# -- bad postings: named, with the field, exit 2, nothing on stdout ----------------------------

BAD = {
    "location-type": (_posting(url="https://e.org/9", jobLocationType="REMOTE"),
                      ["'https://e.org/9'", "jobLocationType 'REMOTE'", "TELECOMMUTE"]),
    "employment": (_posting(url="https://e.org/8", employmentType="GIG"),
                   ["'https://e.org/8'", "employmentType 'GIG'", "FULL_TIME"]),
    "unnamed": (_posting(title="Nameless"), ["'Nameless'", "no @id, no url and no identifier"]),
    "remote-context": ({"@context": "https://example.org/context.jsonld",
                        "@type": "JobPosting", "url": "https://e.org/1"},
                       ["https://example.org/context.jsonld", "not fetched"]),
    "duplicate": ([_posting(url="https://e.org/1"), _posting(url="https://e.org/1")],
                  ["'https://e.org/1'", "two postings"]),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_malformed_posting_is_refused_naming_the_posting_and_field(tmp_path: Path, name):
    document, words = BAD[name]
    path = tmp_path / f"{name}.jsonld"
    path.write_text(json.dumps(document))
    done = run_cli("classify", path, "-f", "csv")
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert str(path) in done.stderr
    for word in words:
        assert word in done.stderr


TELECOMMUTE_SPELLINGS = {
    "word": "TELECOMMUTE",
    "lower case": "telecommute",
    "compact text": "schema:TELECOMMUTE",
    "https text": "https://schema.org/TELECOMMUTE",
    "http text": "http://schema.org/TELECOMMUTE",
    "https IRI": {"@id": "https://schema.org/TELECOMMUTE"},
    "http IRI": {"@id": "http://schema.org/TELECOMMUTE"},
    "compact IRI": {"@id": "schema:TELECOMMUTE"},
}


@pytest.mark.parametrize("name", sorted(TELECOMMUTE_SPELLINGS))
def test_every_schema_org_spelling_of_telecommute_makes_a_remote_job(tmp_path: Path, name):
    path = tmp_path / "posting.jsonld"
    path.write_text(json.dumps(_posting(url="https://e.org/1",
                                        jobLocationType=TELECOMMUTE_SPELLINGS[name])))
    [posting] = read_postings(path)
    assert posting.facts.telecommute is True


def test_a_microdata_link_to_telecommute_makes_a_remote_job(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text('<div itemscope itemtype="https://schema.org/JobPosting" '
                    'itemid="https://e.org/m1"><span itemprop="title">Dev</span>'
                    '<link itemprop="jobLocationType" href="https://schema.org/TELECOMMUTE">'
                    "</div>")
    [posting] = read_postings(page)
    assert posting.facts.telecommute is True


@pytest.mark.parametrize("value", [{"@id": "https://jobs.example.org/TELECOMMUTE"},
                                   "https://jobs.example.org/TELECOMMUTE",
                                   {"@id": "TELECOMMUTE"}])
def test_telecommute_on_another_host_is_refused_naming_the_value(tmp_path: Path, value):
    path = tmp_path / "posting.jsonld"
    path.write_text(json.dumps(_posting(url="https://e.org/1", jobLocationType=value)))
    done = run_cli("classify", path, "-f", "csv")
    assert (done.returncode, done.stdout) == (2, "")
    [line] = done.stderr.splitlines()
    assert str(path) in line and "TELECOMMUTE" in line and "schema:TELECOMMUTE" in line


def test_an_empty_script_with_a_src_does_not_hide_the_page_s_postings(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text('<html><head><script type="application/ld+json" src="/jobs.json"></script>'
                    '<script type="application/ld+json">\n  \n</script>'
                    f'<script type="application/ld+json">{json.dumps(_posting(url="https://e.org/1"))}'
                    "</script></head><body></body></html>")
    assert [p.id for p in read_postings(page)] == ["https://e.org/1"]


def _nested_posting(levels: int, kind: str = "object") -> str:
    """A posting whose JSON nests `levels` arrays and objects deep (the posting itself is one)."""
    head = '{"@context": "https://schema.org/", "@type": "JobPosting", "url": "https://e.org/1", '
    inner = levels - 1
    if kind == "object":
        nest = '{"@type": "Organization", "member": ' * inner + '"x"' + "}" * inner
        return head + '"hiringOrganization": ' + nest + "}"
    return head + '"description": ' + "[" * inner + "]" * inner + "}"


@pytest.mark.parametrize(("levels", "kind", "suffix"), [
    (1_000, "object", ".jsonld"), (1_000, "array", ".json"), (100_000, "array", ".jsonld"),
    (1_000, "object", ".html"), (101, "object", ".jsonld")])
def test_json_nested_too_deep_is_one_line_naming_the_file_and_the_limit(
        tmp_path: Path, levels: int, kind: str, suffix: str):
    path = tmp_path / f"deep{suffix}"
    text = _nested_posting(levels, kind)
    path.write_text(f'<script type="application/ld+json">{text}</script>' if suffix == ".html"
                    else text)
    for command in (["classify", path], ["load", path, "--store", tmp_path / "kg"]):
        done = run_cli(*command)
        assert (done.returncode, done.stdout) == (2, ""), done.stderr[-500:]
        [line] = done.stderr.splitlines()
        assert str(path) in line and "100 levels deep" in line
    assert not (tmp_path / "kg").exists()


def test_json_nested_up_to_the_limit_is_read(tmp_path: Path):
    path = tmp_path / "deep.jsonld"
    path.write_text(_nested_posting(100))
    assert [p.id for p in read_postings(path)] == ["https://e.org/1"]


def _script(document: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(document)}</script>'


ONE_ID_TWICE = {
    "graph.jsonld": json.dumps({"@context": "https://schema.org/", "@graph": [
        {"@type": "JobPosting", "@id": "https://e.org/1", "jobLocationType": "TELECOMMUTE"},
        {"@type": "JobPosting", "@id": "https://e.org/1", "employmentType": "CONTRACTOR"}]}),
    "list.json": json.dumps([_posting(**{"@id": "https://e.org/1", "title": "A"}),
                             _posting(**{"@id": "https://e.org/1", "title": "B"})]),
    "nested.jsonld": json.dumps(_posting(**{
        "@id": "https://e.org/1", "jobLocationType": "TELECOMMUTE",
        "relatedLink": {"@id": "https://e.org/1", "jobLocation": {"@type": "Place"}}})),
    "relative.jsonld": json.dumps([_posting(**{"@id": "1"}),
                                   _posting(**{"@id": DEFAULT_BASE + "1"})]),
    "scripts.html": _script(_posting(**{"@id": "https://e.org/1", "title": "A"}))
    + _script(_posting(**{"@id": "https://e.org/1", "title": "B"})),
}


@pytest.mark.parametrize("name", sorted(ONE_ID_TWICE))
def test_two_postings_with_one_id_are_refused_wherever_they_are(tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_text(ONE_ID_TWICE[name])
    query = tmp_path / "q.rq"
    query.write_text("SELECT * WHERE { ?j a rkg:Job }")
    for command in (["classify", path], ["load", path, "--store", tmp_path / "kg"],
                    ["query", query, "--data", path]):
        done = run_cli(*command)
        assert (done.returncode, done.stdout) == (2, ""), done.stderr
        [line] = done.stderr.splitlines()
        assert str(path) in line and "two postings have the id" in line and "1'" in line
    assert not (tmp_path / "kg").exists()


def test_one_posting_referred_to_by_id_elsewhere_is_not_a_duplicate(tmp_path: Path):
    path = tmp_path / "refs.jsonld"
    path.write_text(json.dumps({"@context": "https://schema.org/", "@graph": [
        {"@type": "JobPosting", "@id": "https://e.org/1", "hiringOrganization": {"@id": "_:o"}},
        {"@type": "JobPosting", "@id": "https://e.org/2", "hiringOrganization": {"@id": "_:o"},
         "sameAs": {"@id": "https://e.org/1"}},
        {"@id": "_:o", "@type": "Organization", "name": "Example"}]}))
    assert [p.id for p in read_postings(path)] == ["https://e.org/1", "https://e.org/2"]


def test_invalid_json_and_a_page_without_postings_are_clear_errors(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>No jobs here.</p></body></html>")
    with pytest.raises(InputError, match="no schema.org JobPosting"):
        read_postings(page)
    broken = tmp_path / "broken.html"
    broken.write_text('<script type="application/ld+json">{"@type": </script>')
    with pytest.raises(InputError, match="not valid JSON"):
        read_postings(broken)


# -- outputs and the knowledge graph ----------------------------------------------------------

def test_json_turtle_and_parquet_outputs_agree_with_csv(tmp_path: Path, example_answers):
    import pyarrow.parquet as pq

    done = run_cli("classify", POSTINGS)
    objects = {o["id"]: o for o in json.loads(done.stdout)}
    out = tmp_path / "jobs.parquet"
    assert run_cli("classify", POSTINGS, "-o", out).returncode == 0
    table = pq.read_table(out).to_pylist()
    turtle = Graph().parse(data=run_cli("classify", POSTINGS, "-f", "ttl").stdout,
                           format="turtle")
    for posting_id, row in example_answers.items():
        for category in ("RemoteJob", "OnSiteJob", "ContractorJob"):
            status = row[category]
            key = {"is": "is", "is_not": "is_not", "unknown": "unknown"}[status]
            assert category in objects[posting_id][key]
            assert next(r for r in table if r["id"] == posting_id)[category] == status
            typed = (URIRef(posting_id), RDF.type, RKG[category]) in turtle
            assert typed == (status == "is")


def test_import_writes_jobs_with_their_facts_and_closure():
    done = run_cli("import", POSTINGS)
    assert done.returncode == 0, done.stderr
    graph = Graph().parse(data=done.stdout, format="turtle")
    job = URIRef(JOBS + "1001")
    assert (job, RDF.type, RKG.Job) in graph
    assert (job, RKG.declaresTelecommute, Literal(True)) in graph
    assert (job, RKG.applicantLocationName, Literal("USA")) in graph
    assert (job, RKG.offersEmploymentType, RKG.fullTimeEmployment) in graph
    for job in ("1002", "1006"):  # no jobLocationType: the fact is left out, never false
        assert not list(graph.objects(URIRef(JOBS + job), RKG.declaresTelecommute))
    assert not list(graph.objects(URIRef(JOBS + "1006"), RKG.givesWorkAddress))


def test_a_plain_query_over_loaded_postings_finds_the_remote_jobs(tmp_path: Path):
    store = tmp_path / "store"
    loaded = run_cli("load", POSTINGS, PAGE, REPO / "examples" / "workers.csv",
                     "--store", store)
    assert loaded.returncode == 0, loaded.stderr
    query = tmp_path / "q.rq"
    query.write_text("PREFIX rkg: <https://w3id.org/remote-kg/ontology#>\n"
                     "SELECT ?j WHERE { ?j a rkg:RemoteJob } ORDER BY ?j\n")
    done = run_cli("query", query, "--store", store, "--format", "csv")
    assert done.returncode == 0, done.stderr
    found = done.stdout.split()[1:]
    assert found == sorted(["https://careers.example.com/jobs/support-specialist",
                            JOBS + "1001", JOBS + "1003", JOBS + "1004"])
    workers = tmp_path / "w.rq"
    workers.write_text("PREFIX rkg: <https://w3id.org/remote-kg/ontology#>\n"
                       "SELECT (COUNT(?w) AS ?n) WHERE { ?w a rkg:Telecommuter }\n")
    counted = run_cli("query", workers, "--store", store, "--format", "csv")
    assert int(counted.stdout.split()[1]) > 0  # the workers' answers are still there


# -- the fast engine against HermiT ------------------------------------------------------------

_TRUTH = st.sampled_from([None, True, False])
# The facts only RDF can state: the job classes INTERN and OTHER leave open.
_QUALIFIERS = [str(RKG.EmploymentContractJob), str(RKG.ContractForServicesJob),
               str(RKG.FixedTermJob)]
_FACTS = st.builds(
    JobFacts, _TRUTH, _TRUTH, _TRUTH,
    st.frozensets(st.sampled_from(sorted(employment_codes())), max_size=3),
    st.booleans(), st.frozensets(st.sampled_from(_QUALIFIERS), max_size=2), _TRUTH)


@pytest.mark.slow
@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_FACTS, min_size=20, max_size=30))
def test_the_fast_job_engine_gives_hermits_answers(facts: list[JobFacts]):
    fast = job_reasoner("fast").classify(facts)
    hermit = job_reasoner("hermit").classify(facts)
    for item in facts:
        assert fast[item] == hermit[item], item


@pytest.mark.slow
def test_the_example_postings_get_hermits_answers_too():
    postings = [*read_postings(POSTINGS), *read_postings(PAGE)]
    fast = classify_postings(postings, job_reasoner("fast"))
    hermit = classify_postings(postings, job_reasoner("hermit"))
    assert fast == hermit


def test_query_data_reads_postings_beside_worker_records(tmp_path: Path):
    query = tmp_path / "q.rq"
    query.write_text("PREFIX rkg: <https://w3id.org/remote-kg/ontology#>\n"
                     "SELECT ?j WHERE { ?j rkg:undecided rkg:OnSiteJob } ORDER BY ?j\n")
    done = run_cli("query", query, "--data", PAGE, "--data", REPO / "examples" / "workers.csv",
                   "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[1:] == ["https://careers.example.com/jobs/field-technician"]


def test_commands_for_worker_records_refuse_postings_by_name():
    done = run_cli("compare", POSTINGS)  # explain explains postings (tests/explain)
    assert done.returncode == 2 and done.stdout == ""
    assert f"{POSTINGS.name}: holds job postings" in done.stderr


def test_the_readme_shows_rows_the_command_really_prints():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("remote-kg classify examples/postings.jsonld -f csv\n", 1)[1]
    shown = [line[2:] for line in block.splitlines() if line.startswith("# ")]
    assert len(shown) >= 3
    printed = run_cli("classify", POSTINGS, "-f", "csv").stdout.splitlines()
    for line in shown:
        assert line in printed, line


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_postings_validate_and_a_bad_job_breaks_the_job_shapes(tmp_path: Path, engine: str):
    good = run_cli("validate", "--engine", engine, POSTINGS, PAGE)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix rkg: <https://w3id.org/remote-kg/ontology#> .\n"
                   "<https://e.org/j> a rkg:Job ; rkg:declaresTelecommute \"yes\" ;\n"
                   "    rkg:offersEmploymentType rkg:Home .\n")
    done = run_cli("validate", "--engine", engine, bad)
    assert done.returncode == 1
    assert "rkg:declaresTelecommute must be an xsd:boolean" in done.stdout
    assert "rkg:offersEmploymentType must point to" in done.stdout


def test_worker_categories_are_refused_for_postings():
    done = run_cli("classify", POSTINGS, "--categories", "all")
    assert done.returncode == 2 and done.stdout == ""
    assert str(POSTINGS.name) in done.stderr and "postings" in done.stderr


def test_the_python_interface_classifies_a_postings_file_like_the_cli(example_answers):
    from remote_kg.api import classify_path

    results = classify_path(POSTINGS)
    assert [r.id for r in results] == list(example_answers)
    for result in results:
        assert {c: result.status(c) for c in ("RemoteJob", "OnSiteJob")} == {
            c: example_answers[result.id][c] for c in ("RemoteJob", "OnSiteJob")}


def test_a_served_page_of_postings_answers_a_plain_query(tmp_path: Path):
    import httpx

    from tests.server.test_server_support import running_server

    query = ("PREFIX rkg: <https://w3id.org/remote-kg/ontology#>\n"
             "SELECT ?j WHERE { ?j a rkg:RemoteJob }")
    with running_server(tmp_path, "--data", str(PAGE)) as server:
        response = httpx.post(server.base + "/sparql", data={"query": query},
                              headers={"Accept": "text/csv"}, timeout=60)
    assert response.status_code == 200, response.text
    assert response.text.split() == ["j", "https://careers.example.com/jobs/support-specialist"]


# -- jobs in RDF: what `import` writes is read back, and classified wherever RDF goes ------------

def test_imported_jobs_classify_from_turtle_as_from_the_postings(tmp_path: Path,
                                                                  example_answers):
    turtle = tmp_path / "jobs.ttl"
    assert run_cli("import", POSTINGS, "-o", turtle).returncode == 0
    assert _statuses(turtle) == example_answers


def test_a_job_with_no_facts_in_rdf_is_unknown_like_a_posting_that_says_nothing(
        tmp_path: Path, example_answers):
    turtle = tmp_path / "bare.ttl"
    turtle.write_text("@prefix rkg: <https://w3id.org/remote-kg/ontology#> .\n"
                      "<https://e.org/j> a rkg:Job .\n")
    row = _statuses(turtle)["https://e.org/j"]
    posting = example_answers[JOBS + "1006"]  # no field a category reads
    categories = [c for c in row if c not in ("id", "label")]
    assert {row[c] for c in categories} == {"unknown"}
    assert {c: posting[c] for c in categories} == {c: row[c] for c in categories}


def test_other_leaves_every_employment_category_open(tmp_path: Path):
    """Google lists OTHER without saying what it is: employment, a contract or for how long
    are all open (before, OTHER alone made each of them a certain no)."""
    path = tmp_path / "other.jsonld"
    path.write_text(json.dumps({"@context": "https://schema.org/", "@type": "JobPosting",
                                "@id": "https://e.org/o", "employmentType": "OTHER"}))
    row = _statuses(path)["https://e.org/o"]
    assert [row[c] for c in ("EmployeeJob", "ContractorJob", "TemporaryJob")] == [
        "unknown"] * 3


JOB_FACTS = """@prefix rkg: <https://w3id.org/remote-kg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
<https://e.org/hybrid> a rkg:Job ; rkg:givesWorkAddress true ; rkg:declaresTelecommute false ;
    rkg:isPartlyRemote true .
<https://e.org/onsite> a rkg:Job ; rkg:givesWorkAddress true ; rkg:declaresTelecommute false ;
    rkg:isPartlyRemote false .
<https://e.org/paid-intern> a rkg:Job , rkg:EmploymentContractJob ,
    [ a owl:Restriction ; owl:onProperty rkg:offersEmploymentType ;
      owl:allValuesFrom [ a owl:Class ; owl:oneOf ( rkg:internship ) ] ] ;
    rkg:offersEmploymentType rkg:internship .
"""


@pytest.mark.parametrize("reasoner", ["fast", "hermit"])
def test_on_site_and_hybrid_jobs_are_kept_apart_when_a_source_says_which(
        tmp_path: Path, reasoner: str):
    """What a posting cannot say, RDF input may: a job partly remote is a hybrid job and not
    an on-site one; an internship known to come with a contract of employment is an
    employee job. HermiT gives the same answers."""
    path = tmp_path / "jobs.ttl"
    path.write_text(JOB_FACTS, encoding="utf-8")
    done = run_cli("classify", path, "-f", "csv", "--reasoner", reasoner)
    assert done.returncode == 0, done.stderr
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(done.stdout))}
    hybrid, onsite = rows["https://e.org/hybrid"], rows["https://e.org/onsite"]
    assert (hybrid["HybridJob"], hybrid["OnSiteJob"], hybrid["RemoteJob"]) == (
        "is", "is_not", "is_not")
    assert (onsite["HybridJob"], onsite["OnSiteJob"]) == ("is_not", "is")
    assert rows["https://e.org/paid-intern"]["EmployeeJob"] == "is"


def test_a_job_both_telecommute_and_partly_remote_is_inconsistent(tmp_path: Path):
    """Google: jobs marked TELECOMMUTE must be fully remote."""
    path = tmp_path / "clash.ttl"
    path.write_text("@prefix rkg: <https://w3id.org/remote-kg/ontology#> .\n"
                    "<https://e.org/c> a rkg:Job ; rkg:declaresTelecommute true ;"
                    " rkg:isPartlyRemote true .\n", encoding="utf-8")
    done = run_cli("classify", path, "-f", "csv")
    assert done.returncode == 1 and done.stdout == ""
    assert "https://e.org/c" in done.stderr and "inconsistent" in done.stderr


def test_workers_and_jobs_in_one_rdf_file_are_both_classified_in_the_store(tmp_path: Path):
    both = tmp_path / "both.ttl"
    workers = run_cli("import", REPO / "examples" / "workers.csv").stdout
    jobs = run_cli("import", POSTINGS).stdout
    both.write_text(workers + "\n" + jobs)
    query = tmp_path / "q.rq"
    query.write_text("PREFIX rkg: <https://w3id.org/remote-kg/ontology#>\n"
                     "SELECT (COUNT(DISTINCT ?j) AS ?jobs) (COUNT(DISTINCT ?w) AS ?workers) "
                     "WHERE { { ?j a rkg:RemoteJob } UNION { ?w a rkg:Telecommuter } }\n")
    done = run_cli("query", query, "--data", both, "--format", "csv")
    assert done.returncode == 0, done.stderr
    jobs_count, workers_count = map(int, done.stdout.split()[1].split(","))
    assert jobs_count == 3 and workers_count > 0


def test_a_bad_job_fact_in_rdf_names_the_job_and_the_property(tmp_path: Path):
    turtle = tmp_path / "bad.ttl"
    turtle.write_text("@prefix rkg: <https://w3id.org/remote-kg/ontology#> .\n"
                      "<https://e.org/j> a rkg:Job ; rkg:declaresTelecommute true, false .\n")
    done = run_cli("classify", turtle, "-f", "csv")
    assert done.returncode == 2 and done.stdout == ""
    assert "<https://e.org/j>" in done.stderr and "rkg:declaresTelecommute" in done.stderr
