"""`query`'s inputs as a user gives them: --bind fixes any variable the query uses (with
--base for data:), once; --data, --store and --endpoint exclude one another; a query file
saved with a byte-order mark reads; Ctrl-C stops a long query with one line and 130."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from remote_kg.kg.query_text import MAX_ELEMENTS, MalformedQuery, check_limits, with_bindings
from remote_kg.kg.sparql_safety import inspect_query
from tests.conftest import REPO, run_cli

RECORDS = "id,label,relation,workplaces\nhome-craftsman,Craftsman,freelancer,home\n" \
          "clerk,Clerk,employee,org_main_office\n"


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("records") / "workers.csv"
    path.write_text(RECORDS, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store(records) -> Path:
    directory = records.parent / "kg"
    done = run_cli("load", records, "--store", directory, "-q")
    assert done.returncode == 0, done.stderr
    return directory


def _query(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "q.rq"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _one_error(done: subprocess.CompletedProcess, code: int = 2) -> str:
    lines = done.stderr.strip().splitlines()
    assert done.returncode == code and done.stdout == "" and len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


def test_bind_fixes_a_variable_the_select_list_does_not_name(tmp_path, store):
    query = _query(tmp_path, "SELECT ?l WHERE { ?w a rkg:Worker ; rdfs:label ?l }")
    done = run_cli("query", query, "--store", store, "-f", "csv",
                   "--bind", "w=data:home-craftsman")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["l", "Craftsman"]


def test_bind_with_an_aggregate_counts_only_the_bound_record(tmp_path, store):
    query = _query(tmp_path, "SELECT (COUNT(*) AS ?n) WHERE { ?w a rkg:Worker }")
    done = run_cli("query", query, "--store", store, "-f", "csv", "--bind", "w=data:clerk")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["n", "1"]


def test_a_bound_data_name_uses_the_base_the_records_were_given(tmp_path, records):
    query = _query(tmp_path, "SELECT ?w WHERE { ?w a rkg:Worker }")
    done = run_cli("query", query, "--data", records, "--base", "http://ex.org/r/",
                   "-f", "csv", "--bind", "w=data:home-craftsman")
    assert done.returncode == 0, done.stderr
    assert [row["w"] for row in csv.DictReader(io.StringIO(done.stdout))] == [
        "http://ex.org/r/home-craftsman"]


def test_binding_a_variable_twice_is_refused_naming_it(tmp_path, store):
    query = _query(tmp_path, "SELECT ?w WHERE { ?w a rkg:Worker }")
    line = _one_error(run_cli("query", query, "--store", store, "--bind", "w=data:clerk",
                              "--bind", "w=data:home-craftsman"))
    assert "?w is already bound" in line and "w=data:home-craftsman" in line


def test_a_variable_the_query_sets_itself_cannot_be_bound(tmp_path, store):
    query = _query(tmp_path, "SELECT ?w WHERE { BIND(<http://a/b> AS ?w) }")
    line = _one_error(run_cli("query", query, "--store", store, "--bind", "w=data:clerk"))
    assert "sets ?w itself" in line


def test_bindings_open_the_where_block_past_a_template_or_around_a_subquery():
    construct = with_bindings("CONSTRUCT { ?w a ?c } WHERE { ?w a ?c }", {"w": "http://a/b"})
    assert construct == "CONSTRUCT { ?w a ?c } WHERE { VALUES (?w) { (<http://a/b>) } ?w a ?c }"
    sub = with_bindings("SELECT * { SELECT ?w { ?w ?p ?o } LIMIT 1 }", {"w": "http://a/b"})
    assert sub == "SELECT * { VALUES (?w) { (<http://a/b>) } { SELECT ?w { ?w ?p ?o } LIMIT 1 } }"
    with pytest.raises(MalformedQuery, match="no variable"):
        with_bindings("SELECT * { ?s ?p ?o } # ?w", {"w": "http://a/b"})


@pytest.mark.parametrize("sources", [("--data", "DATA", "--store", "STORE"),
                                     ("--store", "STORE", "--endpoint", "http://127.0.0.1:9/"),
                                     ("--data", "DATA", "--endpoint", "http://127.0.0.1:9/")])
def test_data_store_and_endpoint_exclude_one_another(tmp_path, records, store, sources):
    query = _query(tmp_path, "ASK {}")
    args = [{"DATA": str(records), "STORE": str(store)}.get(a, a) for a in sources]
    line = _one_error(run_cli("query", query, *args))
    assert f"not {sources[0]} and {sources[2]}" in line


def test_a_query_file_with_a_byte_order_mark_reads(tmp_path, store):
    query = _query(tmp_path, b"\xef\xbb\xbfSELECT ?w WHERE { ?w a rkg:Worker }")
    done = run_cli("query", query, "--store", store, "-f", "csv")
    assert done.returncode == 0, done.stderr
    assert sorted(done.stdout.split()[1:]) == [
        "https://w3id.org/remote-kg/data/clerk", "https://w3id.org/remote-kg/data/home-craftsman"]


def test_the_endpoint_reads_a_byte_order_mark_as_the_command_line_does():
    assert inspect_query("\ufeffASK {}").form == "ASK"


def test_a_union_or_optional_counts_once_towards_the_group_limit():
    check_limits("SELECT * { " + "OPTIONAL { ?s ?p ?o } " * MAX_ELEMENTS + "}")
    check_limits("ASK { " + " UNION ".join(["{}"] * MAX_ELEMENTS) + " }")
    with pytest.raises(MalformedQuery, match=f"{MAX_ELEMENTS + 1} UNION, OPTIONAL"):
        check_limits("SELECT * { " + "OPTIONAL { } " * (MAX_ELEMENTS + 1) + "}")


def _query_thread_started(pid: int) -> bool:
    """Whether the process runs a thread besides its main one and RocksDB's."""
    names = [Path(task, "comm").read_text().strip()
             for task in Path(f"/proc/{pid}/task").iterdir()]
    return sum(not name.startswith("rocksdb") for name in names) > 1


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_ctrl_c_stops_a_long_query_with_one_line_and_status_130(tmp_path, store):
    steps = "/".join(["(rdfs:subClassOf|^rdfs:subClassOf)*"] * 5)
    query = _query(tmp_path, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?x {steps} ?y }}")
    running = subprocess.Popen(
        [sys.executable, "-m", "remote_kg.cli", "query", str(query), "--store", str(store),
         "-f", "csv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 10
    while not _query_thread_started(running.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.poll() is None, "the query ended before it could be interrupted"
    os.kill(running.pid, signal.SIGINT)
    stdout, stderr = running.communicate(timeout=5)
    assert running.returncode == 130 and stdout == "", stderr
    assert stderr.splitlines() == [f"error: {query}: interrupted; nothing was printed"]


def test_a_bound_prefixed_name_with_an_unknown_prefix_is_refused_naming_it(tmp_path, store):
    query = _query(tmp_path, "SELECT ?c WHERE { ?w a ?c }")
    line = _one_error(run_cli("query", query, "--store", store, "--bind", "c=foo:Bar"))
    assert line.startswith("error: --bind 'c=foo:Bar': the prefix foo: is neither declared "
                           f"by {query} nor one of the usual ones (")
    assert "expected an <IRI> in angle brackets, an absolute http(s):// or urn: IRI, or a " \
           "prefixed name with a known prefix" in line


@pytest.mark.parametrize("value", [
    "<foo:Bar>", "foo:Bar", "urn:x-rkg:clerk", "https://w3id.org/remote-kg/data/clerk",
    "file:///clerk", "data:clerk", "rkg:Worker"])
def test_a_bound_iri_in_brackets_a_bare_absolute_iri_or_a_known_prefix_is_used(
        tmp_path, store, value):
    query = _query(tmp_path, "PREFIX foo: <http://foo.example/>\nSELECT ?v WHERE { }")
    done = run_cli("query", query, "--store", store, "-f", "csv", "--bind", f"v={value}")
    assert done.returncode == 0, done.stderr
    expanded = {"foo:Bar": "http://foo.example/Bar", "<foo:Bar>": "foo:Bar",
                "data:clerk": "https://w3id.org/remote-kg/data/clerk",
                "rkg:Worker": "https://w3id.org/remote-kg/ontology#Worker"}
    assert done.stdout.split() == ["v", expanded.get(value, value)]
