"""The core commands end to end: import, classify in every format, query, errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from urllib.parse import quote

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from remote_kg.model.ontology import DEFAULT_BASE, RKG
from tests.conftest import HEADER, REPO, answer_statuses, classify_json, run_cli

ROWS = f"""{HEADER}
ann,Ann,employee,home,employer_set,employer,no,yes
bob,"Bob, the driver",contractor,vehicle,self_set,own,yes,yes
cy,,,,,,,
"d e",,freelancer,client_site;home,,,,
"""


def test_import_writes_records_with_closure_and_default_base(write_csv, tmp_path):
    out = tmp_path / "records.ttl"
    result = run_cli("import", write_csv(ROWS), "-o", out)
    assert result.returncode == 0, result.stderr
    graph = Graph().parse(out)
    ann = URIRef(DEFAULT_BASE + "ann")
    assert (ann, RDF.type, OWL.NamedIndividual) in graph
    assert (ann, RKG.employedBy, URIRef(DEFAULT_BASE + "organisation")) in graph
    assert (ann, RKG.isLocationBound, Literal(False)) in graph
    closures = [
        (t, r)
        for t in graph.objects(ann, RDF.type)
        for r in graph.objects(t, RDFS.subClassOf)
        if (r, OWL.onProperty, RKG.worksAt) in graph
    ]
    assert [c for c, _ in closures] == [URIRef(DEFAULT_BASE + "works-only-at/home")]
    assert graph.value(closures[0][1], OWL.allValuesFrom) == RKG.Home
    assert (URIRef(DEFAULT_BASE + "d%20e"), RKG.recordId, Literal("d e")) in graph
    cy = URIRef(DEFAULT_BASE + "cy")
    assert not list(graph.objects(cy, RKG.worksAt))
    assert set(graph.objects(cy, RDF.type)) == {OWL.NamedIndividual, RKG.Worker}


def test_import_base_option_and_ntriples_output(write_csv, tmp_path):
    out = tmp_path / "records.nt"
    result = run_cli("import", write_csv(ROWS), "-o", out, "--base", "http://example.org/hr/")
    assert result.returncode == 0, result.stderr
    graph = Graph().parse(out, format="nt")
    assert (URIRef("http://example.org/hr/bob"), RDF.type, RKG.Worker) in graph


def test_import_of_a_bad_file_writes_nothing(write_csv, tmp_path):
    out = tmp_path / "records.ttl"
    result = run_cli("import", write_csv(f"{HEADER}\nx,,boss,,,,,\n"), "-o", out)
    assert result.returncode == 2 and "value 'boss' is not allowed" in result.stderr
    assert not out.exists()


def test_classify_csv_output_has_one_column_per_category(write_csv):
    result = run_cli("classify", write_csv(ROWS), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["ann", "bob", "cy", "d e"]
    assert rows[0]["WorkFromHomeEmployee"] == "is"
    assert rows[1]["VirtualWorker"] == "is_not" and rows[1]["FlexWorker"] == "is"
    assert list(rows[0])[:2] == ["id", "label"]
    assert {v for k, v in rows[2].items() if k not in ("id", "label")} == {"unknown"}


def test_classify_ttl_output_is_input_plus_inferred_types(write_csv, tmp_path):
    out = tmp_path / "classified.ttl"
    result = run_cli("classify", write_csv(ROWS), "--format", "ttl", "-o", out)
    assert result.returncode == 0, result.stderr
    graph = Graph().parse(out)
    ann = URIRef(DEFAULT_BASE + "ann")
    statuses = answer_statuses(graph)
    assert statuses[str(ann), "Telecommuter"] == "is"
    assert statuses[str(ann), "VirtualWorker"] == "is_not"
    assert statuses[DEFAULT_BASE + "cy", "Employee"] == "unknown"
    assert (ann, RKG.employedBy, URIRef(DEFAULT_BASE + "organisation")) in graph
    expected = classify_json(write_csv(ROWS, "again.csv"))
    assert statuses == {
        (DEFAULT_BASE + quote(rid), category): status
        for rid, row in expected.items()
        for status in ("is", "is_not", "unknown")
        for category in row[status]
    }


def test_classify_reads_rdf_written_by_import(write_csv, tmp_path):
    ttl = tmp_path / "records.ttl"
    assert run_cli("import", write_csv(ROWS), "-o", ttl).returncode == 0
    from_csv = classify_json(write_csv(ROWS, "again.csv"))
    from_rdf = classify_json(ttl)
    assert from_rdf == from_csv


def test_inconsistent_rdf_is_reported_naming_the_individual(tmp_path):
    data = tmp_path / "clash.ttl"
    data.write_text(
        "@prefix rkg: <https://w3id.org/remote-kg/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<http://example.org/zoe> a owl:NamedIndividual, rkg:Worker ;\n"
        "  rkg:employedBy <http://example.org/acme> ;\n"
        "  rkg:freelancesFor <http://example.org/acme> .\n"
        "<http://example.org/ok> a owl:NamedIndividual, rkg:Worker ;\n"
        "  rkg:employedBy <http://example.org/acme> .\n"
    )
    for reasoner in ("fast", "hermit"):
        result = run_cli("classify", data, "--reasoner", reasoner)
        assert result.returncode == 1, (reasoner, result.stderr)
        assert "http://example.org/zoe" in result.stderr and "inconsistent" in result.stderr
        assert "http://example.org/ok" not in result.stderr
        assert "Traceback" not in result.stderr


def test_unparsable_rdf_is_an_error_naming_the_file(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle .")
    result = run_cli("classify", bad)
    assert result.returncode == 2
    assert f"{bad}: line 1, column 1: not valid Turtle:" in result.stderr


def test_workplace_of_unknown_kind_in_rdf_is_an_error(tmp_path):
    data = tmp_path / "odd.ttl"
    data.write_text(
        "@prefix rkg: <https://w3id.org/remote-kg/ontology#> .\n"
        "<http://example.org/w> a rkg:Worker ; rkg:worksAt <http://example.org/somewhere> .\n"
    )
    result = run_cli("classify", data)
    assert result.returncode == 2
    assert "<http://example.org/somewhere>" in result.stderr and "rkg:Home" in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "table"])
def test_query_runs_a_competency_query_in_every_format(fmt):
    query = REPO / "queries" / "cq01-telecommuter-is-teleworker.rq"
    result = run_cli("query", query, "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    if fmt == "json":
        json.loads(result.stdout)


def test_query_over_given_data_sees_inferred_categories(write_csv, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text(
        "SELECT ?id WHERE { ?w a rkg:FlexWorker ; rkg:isNot rkg:VirtualWorker ; "
        "rkg:recordId ?id }"
    )
    result = run_cli("query", query, "--data", write_csv(ROWS), "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["id", "bob"]


def test_query_syntax_error_is_reported_without_traceback(tmp_path):
    query = tmp_path / "broken.rq"
    query.write_text("SELECT * WHERE { ?s ?p }")
    result = run_cli("query", query)
    assert result.returncode == 2 and "not valid SPARQL" in result.stderr
    assert "line 1, column" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1


def test_classify_ttl_of_a_big_csv_is_streamed_and_still_valid_turtle(write_csv, tmp_path):
    import pyoxigraph as ox

    lines = [HEADER] + [f"r{i},,employee,home,,,," for i in range(25_000)]
    out = tmp_path / "big.ttl"
    result = run_cli("classify", write_csv("\n".join(lines) + "\n"), "-f", "ttl", "-o", out)
    assert result.returncode == 0, result.stderr
    store = ox.Store()
    store.load(path=str(out), format=ox.RdfFormat.TURTLE)
    telecommuters = store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { ?w a <https://w3id.org/remote-kg/ontology#Telecommuter> }"
    )
    assert int(next(iter(telecommuters))["n"].value) == 25_000


@pytest.mark.parametrize(
    "args",
    [
        ("classify", "examples/workers.csv"),
        ("query", "queries/cq01-telecommuter-is-teleworker.rq"),
        ("load", "examples/workers.csv", "--store", "unused-store"),
        ("serve", "--data", "examples/workers.csv"),
        ("push", "--endpoint", "http://127.0.0.1:9/none", "examples/workers.csv"),
    ],
)
def test_every_command_rejects_an_unknown_reasoner_clearly(args):
    result = run_cli(*args, "--reasoner", "pellet")
    assert result.returncode == 2
    assert "'pellet' is not one of 'fast', 'hermit'" in result.stderr
    assert "Traceback" not in result.stderr


CQ15 = REPO / "queries" / "cq15-worker-categories.rq"
RIDE_HAIL = "https://w3id.org/remote-kg/examples/ride-hail-driver"


def test_query_bind_fixes_a_variable_to_one_record():
    result = run_cli("query", CQ15, "--bind", f"worker={RIDE_HAIL}", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 17 and {r["worker"] for r in rows} == {RIDE_HAIL}
    status = {r["category"].rsplit("#", 1)[-1]: r["status"] for r in rows}
    assert status["FlexWorker"] == "is" and status["VirtualWorker"] == "is_not"
    assert status["Employee"] == "unknown"


@pytest.mark.parametrize(
    "value", ["ex:ride-hail-driver", f"<{RIDE_HAIL}>", "example:ride-hail-driver"]
)
def test_query_bind_takes_an_iri_or_a_prefixed_name(tmp_path, value):
    query = tmp_path / "q.rq"
    query.write_text(
        "PREFIX example: <https://w3id.org/remote-kg/examples/>\n" + CQ15.read_text()
    )
    result = run_cli("query", query, "--bind", f"worker={value}", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert {r["worker"] for r in csv.DictReader(io.StringIO(result.stdout))} == {RIDE_HAIL}


def test_query_bind_gives_the_same_rows_as_the_values_block_it_writes():
    from remote_kg.api import build_store
    from remote_kg.kg.query_text import with_bindings
    from remote_kg.kg.sparql import run_query, write_results

    def as_csv(results) -> bytes:
        out = io.BytesIO()
        write_results(results, "csv", out)
        return out.getvalue()

    store = build_store([], include_examples=True)
    text = CQ15.read_text()
    bound = as_csv(run_query(store, text, "cq15", {"worker": RIDE_HAIL}))
    values = as_csv(run_query(store, with_bindings(text, {"worker": RIDE_HAIL})))
    assert sorted(bound.splitlines()) == sorted(values.splitlines())
    assert len(bound.splitlines()) == 18


@pytest.mark.parametrize(
    ("binding", "message"),
    [
        ("worker", "expected NAME=IRI"),
        ("nobody=https://example.org/x", "has no variable ?nobody"),
        ("worker=ride-hail-driver", "is not an absolute IRI"),
        ("worker=https://exa mple.org/x", "is not a valid IRI"),
    ],
)
def test_query_bind_errors_name_the_binding(binding, message):
    result = run_cli("query", CQ15, "--bind", binding)
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_query_csv_output_is_written_to_stdout_as_pyoxigraph_serialises_it(tmp_path):
    query = tmp_path / "all.rq"
    query.write_text("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    result = run_cli("query", query, "--format", "csv")
    assert result.returncode == 0, result.stderr
    from remote_kg.api import build_store

    expected = build_store([], include_examples=True).query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["s", "p", "o"] and len(rows) - 1 == len(list(expected)) > 1000


def test_help_lists_every_command_without_importing_any():
    script = ("import sys\nfrom remote_kg.cli import main\ntry:\n    main(['--help'])\n"
              "except SystemExit:\n    pass\n"
              "loaded = sorted(m for m in sys.modules if m.startswith('remote_kg.commands.')"
              " or m == 'rdflib')\nprint('LOADED', loaded)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stdout
    from remote_kg import plugins

    for name in plugins.names("command"):
        assert f"\n  {name} " in result.stdout


def test_the_registry_short_help_is_each_commands_own():
    from remote_kg import plugins

    for name, text in plugins.SHORT_HELP.items():
        command = plugins.get("command", name)
        assert command.get_short_help_str(limit=10_000) == text, name
