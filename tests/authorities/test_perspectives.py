"""The authorities' definitions (ontology/perspectives/): the facts they need, their
answers on boundary records written from the texts, HermiT parity, `classify
--categories` and `remote-kg compare`."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from remote_kg.model.ontology import ONTOLOGY_DIR, RKG, ontology_graph
from remote_kg.model.owl import local_name, read_model
from remote_kg.model.records import CsvRecordReader, Facts
from remote_kg.model.vocab import ALLOWED, integer_range
from remote_kg.reasoners.choice import get_reasoner

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "authorities.csv"
EXPECTED = Path(__file__).resolve().parents[1] / "data" / "perspectives" / "expected.csv"
AUTHORITY_CLASSES = ["EUTeleworker", "EurofoundTeleworker", "OPMTeleworker", "OPMRemoteWorker",
                     "GoogleTelecommuter", "BLSTeleworker", "ONSHybridWorker", "ILOHomeWorker",
                     # the seeds' own senses of remote (seed-senses.ttl)
                     "RemoteWorkUmbrellaWorker", "OutsideRegisteredPremisesWorker"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "remote_kg.cli", *args], capture_output=True,
                          text=True, cwd=cwd)


def expectations() -> list[dict[str, str]]:
    with EXPECTED.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def example_facts() -> dict[str, Facts]:
    return {record_id: facts for _, record_id, _, facts in CsvRecordReader(EXAMPLES).rows()}


# --- the ontology modules -----------------------------------------------------------------

def test_each_authority_class_is_a_documented_category_of_its_own_module():
    graph = ontology_graph()
    model = read_model(graph)
    assert sorted(local_name(c) for c in model.perspective_categories) == sorted(
        AUTHORITY_CLASSES)
    for name in AUTHORITY_CLASSES:
        cls = RKG[name]
        module = graph.value(cls, RDFS.isDefinedBy)
        assert module is not None and "/perspectives/" in str(module), name
        assert (ONTOLOGY_DIR / "perspectives" / (str(module).rsplit("/", 1)[1] + ".ttl")).is_file()
        assert graph.value(cls, SKOS.definition) is not None, name
        assert list(graph.objects(cls, SKOS.scopeNote)), f"{name}: no scope note"
        sources = list(graph.objects(cls, URIRef("http://purl.org/dc/terms/source")))
        assert sources, name
        for source in sources:
            assert str(source).startswith("https://"), source
            assert graph.value(source, URIRef("http://purl.org/dc/terms/title")) is not None
            date = graph.value(source, URIRef("http://purl.org/dc/terms/date"))
            seed = graph.value(source, URIRef("http://purl.org/dc/terms/identifier"))
            if seed is None or date is not None:  # a seed file may carry no date
                assert date is not None and date.datatype == XSD.date, source
        assert graph.value(cls, RKG.definedByAuthority) is not None
        assert graph.value(cls, RKG.givesSenseOf) is not None


def test_the_seed_categories_stay_the_default():
    model = read_model(ontology_graph())
    assert not set(model.perspective_categories) & set(model.categories)
    assert len(model.categories) == 17
    assert get_reasoner("fast").categories == [local_name(c) for c in model.categories]


def test_the_modules_are_merged_without_their_imports_and_headers():
    graph = ontology_graph()
    assert not list(graph.subject_objects(OWL.imports))
    assert list(graph.subjects(RDF.type, OWL.Ontology)) == [
        URIRef("https://w3id.org/remote-kg/ontology")]


def test_an_ontology_importing_an_unbundled_module_is_refused(tmp_path: Path):
    path = tmp_path / "mine.ttl"
    path.write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                    "<https://example.org/o> a owl:Ontology ; "
                    "owl:imports <https://example.org/elsewhere> .\n", encoding="utf-8")
    (tmp_path / "w.csv").write_text("id\nw1\n", encoding="utf-8")
    result = run("classify", str(tmp_path / "w.csv"), "--ontology", str(path))
    assert result.returncode == 2, result.stderr
    assert "owl:imports <https://example.org/elsewhere>" in result.stderr
    assert "not bundled" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_office_days_range_comes_from_the_ontology_and_the_shapes_agree():
    graph = ontology_graph()
    assert integer_range("office_days_per_fortnight") == (0, 10)
    shapes = Graph().parse(ONTOLOGY_DIR / "shapes" / "data-shapes.ttl")
    sh = "http://www.w3.org/ns/shacl#"
    shape = URIRef("https://w3id.org/remote-kg/shapes#OfficeDaysRangeShape")
    bounds = (shapes.value(shape, URIRef(sh + "minInclusive")).toPython(),
              shapes.value(shape, URIRef(sh + "maxInclusive")).toPython())
    assert bounds == integer_range("office_days_per_fortnight")
    assert graph.value(RKG.officeDaysPerFortnight, RDFS.range) is not None


# --- boundary records written from the texts ------------------------------------------------

@pytest.mark.parametrize("row", expectations(), ids=lambda r: f"{r['id']}-{r['category']}")
def test_boundary_record_is_classified_as_the_text_says(row: dict[str, str]):
    engine = get_reasoner("fast", None, "all")
    answer = engine.answer(example_facts()[row["id"]])
    assert answer.status(row["category"]) == row["status"], row["because"]


def test_hermit_agrees_on_every_boundary_record():
    facts = example_facts()
    fast = get_reasoner("fast", None, "all")
    hermit = get_reasoner("hermit", None, "all").classify(facts.values())
    for record_id, f in facts.items():
        for category in fast.categories:
            assert fast.answer(f).status(category) == hermit[f].status(category), (
                record_id, category)


def _one(column: str):
    return st.frozensets(st.sampled_from(ALLOWED[column]), max_size=1)


@st.composite
def authority_facts(draw) -> Facts:
    places = draw(st.frozensets(st.sampled_from(ALLOWED["workplaces"]), max_size=3))
    low, high = integer_range("office_days_per_fortnight")
    return Facts(
        relations=draw(_one("relation")),
        workplaces=places,
        workplaces_allowed=places if draw(st.booleans()) else None,
        uses_ict=draw(st.frozensets(st.booleans(), max_size=1)),
        default_place=draw(_one("default_place")),
        regularity=draw(_one("regularity")),
        written_agreement=draw(st.frozensets(st.booleans(), max_size=1)),
        office_days_per_fortnight=draw(st.frozensets(st.integers(low, high), max_size=1)),
        location_bound=draw(st.frozensets(st.booleans(), max_size=1)),
        works_abroad=draw(st.frozensets(st.booleans(), max_size=1)),
        could_work_at_premises=draw(st.frozensets(st.booleans(), max_size=1)),
        autonomous=draw(st.frozensets(st.booleans(), max_size=1)),
        economically_independent=draw(st.frozensets(st.booleans(), max_size=1)),
        remote_office=draw(st.frozensets(st.booleans(), max_size=1)),
        schedule=draw(_one("schedule")),
    )


@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(authority_facts(), min_size=25, max_size=30))
def test_fast_engine_equals_hermit_on_random_records_with_the_new_facts(batch: list[Facts]):
    fast = get_reasoner("fast", None, "authorities")
    hermit = get_reasoner("hermit", None, "authorities").classify(batch)
    for facts in batch:
        for category in fast.categories:
            assert fast.answer(facts).status(category) == hermit[facts].status(category), (
                category, facts)


@settings(max_examples=60, deadline=None)
@given(authority_facts())
def test_the_new_facts_do_not_change_the_seed_categories(facts: Facts):
    engine = get_reasoner("fast")
    without = Facts(relations=facts.relations, workplaces=facts.workplaces,
                    workplaces_allowed=facts.workplaces_allowed, uses_ict=facts.uses_ict,
                    location_bound=facts.location_bound, works_abroad=facts.works_abroad,
                    autonomous=facts.autonomous, remote_office=facts.remote_office,
                    schedule=facts.schedule)
    assert engine.answer(facts) == engine.answer(without)


def test_two_values_of_a_new_functional_fact_contradict_in_both_engines():
    doubled = [Facts(default_place=frozenset({"home", "org_main_office"})),
               Facts(office_days_per_fortnight=frozenset({2, 3})),
               Facts(regularity=frozenset({"regular", "occasional"})),
               Facts(written_agreement=frozenset({True, False}))]
    hermit = get_reasoner("hermit").classify(doubled)
    for facts in doubled:
        assert not hermit[facts].consistent
        assert not get_reasoner("fast").answer(facts).consistent
        assert not get_reasoner("fast", None, "all").answer(facts).consistent


def test_work_that_could_not_be_done_at_the_premises_is_not_eu_telework_wherever_it_is_based():
    """EU clause 2: the work must be of a kind that could also be done at the premises; a
    record based at the office that says it could not (a nurse's rounds) is consistent and
    is_not, one that leaves it blank is undecided; both engines agree."""
    based = {"relations": frozenset({"employee"}), "uses_ict": frozenset({True}),
             "workplaces": frozenset({"client_site", "org_main_office"}),
             "default_place": frozenset({"org_main_office"}),
             "regularity": frozenset({"regular"})}
    could_not = Facts(**based, could_work_at_premises=frozenset({False}))
    blank = Facts(**based)
    could = Facts(**based, could_work_at_premises=frozenset({True}))
    hermit = get_reasoner("hermit", None, "all").classify([could_not, blank, could])
    fast = get_reasoner("fast", None, "all")
    for facts, status in ((could_not, "is_not"), (blank, "unknown"), (could, "is")):
        assert hermit[facts].consistent and fast.answer(facts).consistent
        assert hermit[facts].status("EUTeleworker") == status
        assert fast.answer(facts).status("EUTeleworker") == status


def test_an_employee_at_home_who_is_their_own_boss_is_working_from_home_not_a_contradiction():
    facts = example_facts()["s0-autonomous-employee-home"]
    answer = get_reasoner("fast", None, "all").answer(facts)
    assert answer.consistent
    assert answer.status("WorkFromHomeEmployee") == "is"
    assert answer.status("VirtualWorker") == "is_not"


# --- the CSV columns ----------------------------------------------------------------------

@pytest.mark.parametrize("cell, message", [
    ("11", "value '11' is not allowed; expected a whole number from 0 to 10"),
    ("-1", "value '-1' is not allowed"),
    ("2.5", "value '2.5' is not allowed"),
    ("+3", "value '+3' is not allowed"),
    ("two", "value 'two' is not allowed"),
])
def test_office_days_outside_the_ontology_range_is_refused(tmp_path: Path, cell: str,
                                                           message: str):
    path = tmp_path / "w.csv"
    path.write_text(f"id,office_days_per_fortnight\nw1,4\nw2,{cell}\n", encoding="utf-8")
    result = run("classify", str(path), "--categories", "OPMTeleworker")
    assert result.returncode == 2
    assert f"line 3, column 'office_days_per_fortnight': {message}" in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_rdf_office_days_out_of_range_is_refused(tmp_path: Path):
    path = tmp_path / "w.ttl"
    path.write_text(
        "@prefix rkg: <https://w3id.org/remote-kg/ontology#> .\n"
        "<https://example.org/w1> a rkg:Worker ; rkg:officeDaysPerFortnight 12 .\n",
        encoding="utf-8")
    result = run("classify", str(path))
    assert result.returncode == 2
    assert "rkg:officeDaysPerFortnight" in result.stderr and "from 0 to 10" in result.stderr
    assert "<https://example.org/w1>" in result.stderr


def test_bad_values_of_the_new_columns_name_the_column_and_the_choices(tmp_path: Path):
    path = tmp_path / "w.csv"
    path.write_text("id,default_place,regularity,written_agreement\nw1,office,often,maybe\n",
                    encoding="utf-8")
    result = run("classify", str(path))
    assert result.returncode == 2
    assert "column 'default_place': value 'office' is not allowed; expected one of home" in (
        result.stderr)
    assert "column 'regularity': value 'often' is not allowed; expected one of regular, " \
           "occasional" in result.stderr
    assert "column 'written_agreement': value 'maybe'" in result.stderr


def test_new_facts_round_trip_through_rdf(tmp_path: Path):
    ttl = tmp_path / "a.ttl"
    assert run("import", str(EXAMPLES), "-o", str(ttl)).returncode == 0
    graph = Graph().parse(ttl)
    w = URIRef("https://w3id.org/remote-kg/data/opm-two-days")
    assert (w, RKG.officeDaysPerFortnight, Literal(2, datatype=XSD.integer)) in graph
    assert (w, RKG.hasAwayWorkRegularity, RKG.awayRegularly) in graph
    assert (w, RKG.hasWrittenAgreement, Literal(True)) in graph
    place = graph.value(w, RKG.hasDefaultPlace)
    assert (place, RDF.type, RKG.MainOffice) in graph
    from_csv = json.loads(run("classify", str(EXAMPLES), "--categories", "all").stdout)
    from_rdf = json.loads(run("classify", str(ttl), "--categories", "all").stdout)
    by_id = {r["id"]: r for r in from_rdf}
    for row in from_csv:
        other = by_id[row["id"]]
        assert (sorted(row["is"]), sorted(row["is_not"])) == (
            sorted(other["is"]), sorted(other["is_not"])), row["id"]


# --- classify --categories ----------------------------------------------------------------

def test_classify_without_categories_outputs_the_seed_categories_only():
    result = run("classify", str(EXAMPLES), "-f", "csv")
    header = result.stdout.splitlines()[0].split(",")
    assert header[:2] == ["id", "label"] and len(header) == 2 + 17
    assert not set(header) & set(AUTHORITY_CLASSES)


def test_classify_categories_chooses_and_orders_the_columns():
    result = run("classify", str(EXAMPLES), "-f", "csv", "--categories",
                 "opmremoteworker,Teleworker")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert list(rows[0]) == ["id", "label", "OPMRemoteWorker", "Teleworker"]
    assert {r["id"]: r["OPMRemoteWorker"] for r in rows}["opm-one-day"] == "is"


def test_classify_categories_authorities_and_all(tmp_path: Path):
    authorities = run("classify", str(EXAMPLES), "-f", "csv", "--categories", "authorities")
    header = authorities.stdout.splitlines()[0].split(",")[2:]
    assert sorted(header) == sorted(AUTHORITY_CLASSES)
    everything = run("classify", str(EXAMPLES), "-f", "csv", "--categories", "all")
    assert len(everything.stdout.splitlines()[0].split(",")) == 2 + 17 + 10


def test_an_unknown_category_is_refused_with_the_known_ones():
    result = run("classify", str(EXAMPLES), "--categories", "Telework")
    assert result.returncode == 2 and result.stdout == ""
    assert "--categories: unknown 'Telework'" in result.stderr
    assert "EUTeleworker" in result.stderr and "seed, authorities, all" in result.stderr


def test_turtle_output_types_the_authorities_categories():
    result = run("classify", str(EXAMPLES), "-f", "ttl", "--categories", "OPMRemoteWorker")
    graph = Graph().parse(data=result.stdout, format="turtle")
    w = URIRef("https://w3id.org/remote-kg/data/opm-one-day")
    assert (w, RDF.type, RKG.OPMRemoteWorker) in graph


# --- remote-kg compare --------------------------------------------------------------------

def test_compare_gives_a_row_per_record_and_authority_with_disagreements():
    result = run("compare", str(EXAMPLES))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(result.stdout.splitlines()))
    authorities = {r["authority"] for r in rows}
    assert {"seed-001", "eu-2002", "eurofound", "us-opm", "google", "bls-cps", "ons-opn",
            "ilo-c177"} <= authorities
    assert len(rows) == len(example_facts()) * len(authorities)
    home = {r["authority"]: r for r in rows if r["id"] == "eu-home-default"}
    assert home["eu-2002"]["teleworker"] == "unknown"  # could it be done at the premises?
    assert home["seed-001"]["teleworker"] == "is"
    assert home["eu-2002"]["remote"] == ""  # the agreement defines no remote worker
    assert home["us-opm"]["remote"] == "is" and home["google"]["remote"] == "is"
    occasional = {r["authority"]: r for r in rows if r["id"] == "eu-occasional"}
    assert occasional["eu-2002"]["teleworker"] == "is_not"
    assert "teleworker" in occasional["eu-2002"]["disagrees_on"].split(";")


def test_compare_reads_seed_000s_remote_as_its_umbrella_and_seed_002s_as_any_relation():
    rows = list(csv.DictReader(run("compare", str(EXAMPLES)).stdout.splitlines()))
    by = {(r["id"], r["authority"]): r for r in rows}
    laptop = by[("s0-home-own-laptop", "seed-000")]  # bound to a metro area, working from home
    assert (laptop["remote"], laptop["home_worker"]) == ("is", "is")
    assert "remote" not in laptop["disagrees_on"].split(";")
    assert by[("s2-freelancer-home", "seed-002")]["remote"] == "is"
    items = {i["id"]: i for i in json.loads(run("compare", str(EXAMPLES), "-f", "json").stdout)}
    remote = items["s2-freelancer-home"]["disagreements"]["remote"]
    assert {"seed-001", "seed-002"} <= set(remote["is"])  # only OPM's employees-only sense
    assert remote["is_not"] == ["us-opm"]


def test_compare_json_lists_who_says_is_and_who_is_not():
    result = run("compare", str(EXAMPLES), "-f", "json")
    items = {item["id"]: item for item in json.loads(result.stdout)}
    one_day = items["opm-one-day"]
    assert one_day["authorities"]["us-opm"] == {"teleworker": "is_not", "remote": "is"}
    remote = one_day["disagreements"]["remote"]
    assert "us-opm" in remote["is"] and "google" in remote["is_not"]


def test_compare_reads_rdf_records_too():
    result = run("compare", str(ONTOLOGY_DIR / "examples.ttl"), "-f", "json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert items and all("seed-001" in item["authorities"] for item in items)


def test_compare_refuses_inconsistent_records(tmp_path: Path):
    path = tmp_path / "w.csv"
    path.write_text("id,relation,workplaces,org_fully_remote\nw1,employee,org_main_office,yes\n",
                    encoding="utf-8")
    result = run("compare", str(path))
    assert result.returncode == 1 and "inconsistent" in result.stderr and result.stdout == ""


# --- the docs page ------------------------------------------------------------------------

def test_docs_page_sets_the_definitions_side_by_side(tmp_path: Path):
    import re

    from remote_kg.commands.docs import build_docs

    written = build_docs(tmp_path, examples=ONTOLOGY_DIR / "examples.ttl", reasoner="asserted")
    page = (tmp_path / "authorities.html").read_text(encoding="utf-8")
    assert tmp_path / "authorities.html" in written
    assert 'href="authorities.html"' in (tmp_path / "index.html").read_text(encoding="utf-8")
    facts = re.search(r"<table class=facts>.*?</table>", page, re.S).group(0)
    header = re.findall(r"<th><code>([a-z_]+)</code></th>", facts)
    opm = re.search(r"<tr><th>US federal[^<]*</th><td>teleworker</td>.*?</tr>", facts).group(0)
    ticks = [header[i] for i, cell in enumerate(re.findall(r"<td>(✓?)</td>", opm)) if cell]
    assert ticks == ["relation", "workplaces", "default_place", "written_agreement",
                     "office_days_per_fortnight"]
    for name in AUTHORITY_CLASSES:
        assert f'id="{name}"' in page
    assert "https://osha.europa.eu/en/legislation/guidelines/framework-agreement-telework" in page
    examples = re.search(r"<table class=examples>.*?</table>", page, re.S).group(0)
    assert "freelance software engineer" in examples.lower()
    from remote_kg.api import read_records

    assert examples.count("<tr><th title=") == len(read_records(ONTOLOGY_DIR / "examples.ttl"))


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_shapes_check_the_new_facts_with_both_engines(tmp_path: Path, engine: str):
    path = tmp_path / "w.ttl"
    path.write_text(
        "@prefix rkg: <https://w3id.org/remote-kg/ontology#> .\n"
        "<https://example.org/w1> a rkg:Worker ; rkg:recordId \"w1\" ;\n"
        "  rkg:officeDaysPerFortnight 12 ; rkg:hasDefaultPlace <https://example.org/p> ;\n"
        "  rkg:hasAwayWorkRegularity rkg:sometimes ; rkg:hasWrittenAgreement \"yes\" .\n"
        "<https://example.org/w2> a rkg:Worker ; rkg:recordId \"w2\" ;\n"
        "  rkg:officeDaysPerFortnight 3 ; rkg:hasDefaultPlace <https://example.org/h> ;\n"
        "  rkg:hasAwayWorkRegularity rkg:awayRegularly ; rkg:hasWrittenAgreement true .\n"
        "<https://example.org/h> a rkg:Home .\n", encoding="utf-8")
    result = run("validate", str(path), "--engine", engine, "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    found = {(r["focus"]["value"], r["shape"]["value"].rsplit("#", 1)[-1])
             for run_ in report["runs"] for r in run_["results"]}
    assert found == {("https://example.org/w1", s) for s in (
        "OfficeDaysRangeShape", "DefaultPlaceKindShape", "RegularityValueShape",
        "WrittenAgreementDatatypeShape")}


def test_columns_no_category_reads_are_still_checked_when_classifying_a_csv(tmp_path: Path):
    """The streaming classify leaves out of Facts the columns its categories do not read,
    but a bad value there is still refused, naming the line."""
    path = tmp_path / "w.csv"
    path.write_text("id,relation,uses_ict,office_days_per_fortnight\nw1,employee,yes,3\n"
                    "w2,employee,perhaps,3\nw3,owner,no,30\n", encoding="utf-8")
    result = run("classify", str(path), "-f", "csv")
    assert result.returncode == 2 and result.stdout == ""
    assert "line 3, column 'uses_ict': value 'perhaps' is not allowed" in result.stderr
    assert "line 4, column 'office_days_per_fortnight': value '30' is not allowed" in (
        result.stderr)


def test_answers_do_not_depend_on_columns_the_categories_do_not_read(tmp_path: Path):
    with_new = run("classify", str(EXAMPLES), "-f", "csv")
    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    seed_facts = ("relation", "workplaces", "schedule", "tools", "location_bound", "autonomous",
                  "remote_office")  # the facts the seed categories read
    keep = [i for i, name in enumerate(header) if name in ("id", "label", *seed_facts)]
    stripped = tmp_path / "stripped.csv"
    rows = list(csv.reader(lines))
    with stripped.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[row[i] for i in keep] for row in rows])
    assert run("classify", str(stripped), "-f", "csv").stdout == with_new.stdout
