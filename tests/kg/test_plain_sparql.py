"""Plain SPARQL as users write it: materialised answers, the derived hierarchy, prefixes,
readable errors, the query command's inputs, stores that stay true, what serve serves, and
output that never appears half-written."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import httpx
import pyoxigraph as ox
import pytest

from remote_kg.kg.served import hierarchy_pairs
from remote_kg.model.ontology import DEFAULT_BASE, RKG, ontology_graph
from remote_kg.reasoners.hermit import run_hermit
from tests.conftest import HEADER, REPO, run_cli
from tests.server.test_server_support import running_server

DATA = REPO / "examples" / "workers.csv"
CLI = [sys.executable, "-m", "remote_kg.cli"]


def _csv_rows(text: str) -> list[list[str]]:
    return [line.split(",") for line in text.strip().splitlines()[1:]]


# -- 1. the derived category hierarchy ---------------------------------------------------


@pytest.mark.slow
def test_the_derived_category_hierarchy_is_exactly_what_hermit_infers():
    supers, _ = run_hermit(ontology_graph())
    categories = {sub for sub, sup in hierarchy_pairs() if sup == str(RKG.Worker)}
    derived = set(hierarchy_pairs())
    from_hermit = {
        (sub, sup)
        for sub in categories
        for sup in supers.get(sub, ())
        if sup in categories | {str(RKG.Worker)} and sup != sub
    }
    assert derived == from_hermit
    assert (str(RKG.Telecommuter), str(RKG.Teleworker)) in derived


def test_the_served_ontology_lets_a_walk_from_worker_reach_every_category(tmp_path):
    query = tmp_path / "walk.rq"
    query.write_text("SELECT ?c WHERE { ?c rdfs:subClassOf+ rkg:Worker }")
    result = run_cli("query", query, "--format", "csv")
    assert result.returncode == 0, result.stderr
    walked = {row[0] for row in _csv_rows(result.stdout)}
    assert {str(RKG.Telecommuter), str(RKG.WorkFromHomeEmployee), str(RKG.Owner)} <= walked


# -- 2. prefixes ----------------------------------------------------------------------------


def test_a_query_without_prefix_lines_uses_the_predeclared_prefixes(tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?id WHERE { data:freelance-engineer-at-home rkg:recordId ?id ;"
                     " a owl:NamedIndividual }")
    result = run_cli("query", query, "--data", DATA, "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert _csv_rows(result.stdout) == [["freelance-engineer-at-home"]]


def test_a_prefix_the_query_declares_wins_over_the_predeclared_one(tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("PREFIX rkg: <http://example.org/other#>\n"
                     "SELECT ?w WHERE { ?w a rkg:Telecommuter }")
    result = run_cli("query", query, "--data", DATA, "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert _csv_rows(result.stdout) == []


def test_the_data_prefix_follows_the_base_option(tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?id WHERE { data:freelance-engineer-at-home rkg:recordId ?id }")
    base = "http://example.org/hr/"
    result = run_cli("query", query, "--data", DATA, "--base", base, "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert _csv_rows(result.stdout) == [["freelance-engineer-at-home"]]


# -- 3. errors a person can read -------------------------------------------------------------


def test_an_undeclared_prefix_is_named_with_its_line_and_column(tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?w WHERE {\n  ?w a schema:Person }\n")
    result = run_cli("query", query)
    assert result.returncode == 2 and result.stdout == ""
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    assert f"{query}: line 2, column" in message
    assert "undeclared prefix schema:" in message and "schema:Person" in message


def test_a_syntax_error_shows_the_offending_text_not_the_grammar(tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?w WHERE { ?w a rkg:Worker . FILTER(?w = ) }")
    result = run_cli("query", query)
    assert result.returncode == 2 and result.stdout == ""
    message = result.stderr.strip()
    assert f"{query}: line 1, column" in message and "FILTER(?w = ) }'" in message
    assert "\\u{" not in message and "['" not in message and len(message) < 300


# -- 4. the query command ------------------------------------------------------------------


def test_query_reads_the_query_from_standard_input():
    done = subprocess.run(
        [*CLI, "query", "-", "--data", str(DATA), "--format", "csv"],
        input="SELECT (COUNT(?w) AS ?n) WHERE { ?w a rkg:Telecommuter }", capture_output=True,
        text=True, cwd=REPO, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert _csv_rows(done.stdout) == [["10"]]


def test_an_error_in_a_query_from_standard_input_names_stdin():
    done = subprocess.run([*CLI, "query", "-"], input="SELECT ?w WHERE { ?w a foo:X }",
                          capture_output=True, text=True, cwd=REPO, timeout=300)
    assert done.returncode == 2 and done.stdout == ""
    assert "<stdin>: line 1" in done.stderr and "foo:" in done.stderr


def test_graph_goes_with_endpoint_only(tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("ASK {}")
    result = run_cli("query", query, "--graph", "http://example.org/g")
    assert result.returncode == 2 and "--graph goes with --endpoint" in result.stderr


@pytest.fixture
def endpoint(tmp_path):
    with running_server(tmp_path, "--data", str(DATA)) as server:
        yield server.base + "/sparql"


def test_table_format_and_prefixes_work_with_an_endpoint(endpoint, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?w WHERE { ?w a rkg:WorkFromHomeEmployee }")
    result = run_cli("query", query, "--endpoint", endpoint)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    rows = len(lines) - 3  # header, rule and count around the rows
    assert rows >= 1
    assert lines[0].strip() == "w" and lines[-1] == f"({rows} row{'s' if rows != 1 else ''})"
    assert lines[2].strip().startswith("data:")


def test_a_construct_asks_the_endpoint_for_the_graph_format_given(endpoint, tmp_path):
    import pyoxigraph as ox

    query = tmp_path / "q.rq"
    query.write_text("CONSTRUCT { ?w a rkg:WorkFromHomeEmployee } "
                     "WHERE { ?w a rkg:WorkFromHomeEmployee }")
    as_turtle = run_cli("query", query, "--endpoint", endpoint, "-f", "ttl")
    as_default = run_cli("query", query, "--endpoint", endpoint)
    assert as_turtle.returncode == as_default.returncode == 0, as_turtle.stderr
    turtle = set(ox.parse(as_turtle.stdout.encode(), format=ox.RdfFormat.TURTLE))
    n_triples = set(ox.parse(as_default.stdout.encode(), format=ox.RdfFormat.N_TRIPLES))
    assert turtle == n_triples and len(turtle) >= 1


# -- 5. stores stay true ---------------------------------------------------------------------


def test_loading_a_changed_record_replaces_it_and_says_so(tmp_path):
    store = tmp_path / "kg"
    first = tmp_path / "first.csv"
    first.write_text(f"{HEADER}\nw1,,employee,home,employer_set,,,\nw2,,owner,home,,,,\n")
    second = tmp_path / "second.csv"
    second.write_text(f"{HEADER}\nw1,,employee,org_main_office,,,,\nw3,,owner,,,,,\n")
    assert run_cli("load", first, "--store", store).returncode == 0
    result = run_cli("load", second, "--store", store)
    assert result.returncode == 0, result.stderr
    assert "(1 added, 1 replaced)" in result.stderr
    opened = ox.Store.read_only(str(store))
    w1 = ox.NamedNode(DEFAULT_BASE + "w1")
    telecommuter = ox.NamedNode(str(RKG.Telecommuter))
    assert ox.Quad(w1, ox.NamedNode(str(RKG.isNot)), telecommuter) in opened
    assert ox.Quad(w1, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                   telecommuter) not in opened
    home = ox.NamedNode(DEFAULT_BASE + "w1/workplace/home")
    assert not list(opened.quads_for_pattern(home, None, None))
    ids = {q.object.value for q in opened.quads_for_pattern(None, ox.NamedNode(
        str(RKG.recordId)), None)}
    assert ids == {"w1", "w2", "w3"}


def test_one_record_in_two_input_files_is_refused(tmp_path):
    a = tmp_path / "a.csv"
    b = tmp_path / "b.csv"
    a.write_text(f"{HEADER}\nw1,,employee,home,,,,\n")
    b.write_text(f"{HEADER}\nw1,,owner,home,,,,\n")
    store = tmp_path / "kg"
    result = run_cli("load", a, b, "--store", store)
    assert result.returncode == 2
    assert "w1" in result.stderr and "a.csv" in result.stderr and "b.csv" in result.stderr
    assert not store.exists()


# -- 6. serve --data serves the data only ----------------------------------------------------


def _count(base: str, pattern: str) -> int:
    query = f"PREFIX rkg: <{RKG}> SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
    response = httpx.post(base + "/sparql", data={"query": query},
                          headers={"Accept": "application/sparql-results+json"}, timeout=60)
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_serve_with_data_serves_no_seed_examples_unless_asked(tmp_path):
    with running_server(tmp_path, "--data", str(DATA)) as server:
        assert _count(server.base, "?w a rkg:Worker") == 59
        assert "the ontology and " in server.log.read_text()
        assert "seed examples" not in server.log.read_text()
    with running_server(tmp_path, "--data", str(DATA), "--with-examples") as server:
        assert _count(server.base, "?w a rkg:Worker") > 59
        assert "the seed examples" in server.log.read_text()


# -- 7. no partial output --------------------------------------------------------------------


def test_classify_with_a_bad_row_prints_nothing_on_stdout(write_csv):
    rows = "".join(f"w{i},,employee,home,,,,\n" for i in range(50))
    path = write_csv(f"{HEADER}\n{rows}bad,,astronaut,,,,,\n")
    for fmt in ("csv", "json", "ttl"):
        result = run_cli("classify", path, "-f", fmt)
        assert result.returncode == 2, fmt
        assert result.stdout == "", fmt
        assert "astronaut" in result.stderr


def test_output_files_get_the_usual_permissions(write_csv, tmp_path):
    out = tmp_path / "out.csv"
    old = os.umask(0o022)
    try:
        result = run_cli("classify", DATA, "-f", "csv", "-o", out)
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_a_store_of_the_answer_class_version_is_refused_with_the_way_out(tmp_path):
    old = tmp_path / "old"
    store = ox.Store(str(old))
    worker = ox.NamedNode(DEFAULT_BASE + "w1")
    store.add(ox.Quad(worker, ox.NamedNode(str(RKG.recordId)), ox.Literal("w1")))
    store.flush()
    del store
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?w WHERE { ?w a rkg:Telecommuter }")
    result = run_cli("query", query, "--store", old)
    assert result.returncode == 2 and result.stdout == ""
    assert "earlier remote-kg" in result.stderr and "--replace" in result.stderr


def test_the_endpoint_predeclares_prefixes_and_names_an_undeclared_one(endpoint):
    ok = httpx.post(endpoint, data={"query": "SELECT (COUNT(?w) AS ?n) WHERE "
                                              "{ ?w a rkg:Telecommuter }"},
                    headers={"Accept": "text/csv"}, timeout=60)
    assert ok.status_code == 200 and ok.text.split() == ["n", "10"]
    bad = httpx.post(endpoint, data={"query": "SELECT ?w WHERE {\n ?w a foo:Bar }"},
                     timeout=60)
    assert bad.status_code == 400
    assert bad.text.strip().startswith("query: line 2, column 7: undeclared prefix foo:")


def test_facts_carry_the_superclasses_and_superproperties_the_ontology_states(tmp_path):
    from rdflib import Graph as RdfGraph

    from remote_kg.rdf.answers import ToldHierarchy, told_hierarchy

    told = told_hierarchy()
    rkg = "https://w3id.org/remote-kg/ontology#"
    assert {rkg + "OrganisationPremises", rkg + "Workplace"} <= set(
        told.classes[rkg + "MainOffice"])
    assert rkg + "worksFor" in told.properties[rkg + "employedBy"]
    # derived from the axioms: a hierarchy stated differently gives different entailments
    edited = RdfGraph().parse(data=f"""
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <{rkg}MainOffice> rdfs:subClassOf <{rkg}Headquarters> .
        <{rkg}Headquarters> rdfs:subClassOf <{rkg}Building> .""", format="turtle")
    assert ToldHierarchy.of(edited).classes[rkg + "MainOffice"] == (
        rkg + "Building", rkg + "Headquarters")
