"""What `remote-kg query` prints: a table row is one line whatever its values hold, and
csv, tsv and json carry the values with their own standard quoting."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

WORKERS = REPO / "examples" / "workers.csv"
# A value holding a tab, a line feed, a carriage return, a backslash, a control character
# and a line separator (U+2028), beside a plain one.
TRICKY = ('SELECT ?x ?y WHERE { BIND("a\\tb\\nc\\rd\\\\e\\u0001f\\u2028g" AS ?x) '
          'BIND("plain" AS ?y) }')
TRICKY_VALUE = "a\tb\nc\rd\\e\x01f\u2028g"


def _query(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    return path


def _stdout_as_written(*args: object) -> str:
    """The CLI's standard output, line breaks as written (run_cli's text mode reads a CR as
    a LF)."""
    done = subprocess.run([sys.executable, "-m", "remote_kg.cli", *map(str, args)],
                          capture_output=True, cwd=REPO, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


def test_a_table_cell_escapes_control_characters_so_each_row_is_one_line(tmp_path):
    done = run_cli("query", _query(tmp_path, TRICKY), "--data", WORKERS, "-q", "-f", "table")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.split("\n")
    assert len(lines) == 5 and lines[-1] == "", done.stdout  # header, rule, row, count
    assert lines[2].split(" | ") == ["a\\tb\\nc\\rd\\\\e\\x01f\\u2028g", "plain"]
    assert lines[3] == "(1 row)"


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_carry_a_tab_or_line_break_by_quoting_the_cell(tmp_path, fmt):
    written = _stdout_as_written("query", _query(tmp_path, TRICKY), "--data", WORKERS, "-q",
                                 "-f", fmt)
    rows = list(csv.reader(io.StringIO(written, newline=""),
                           delimiter="\t" if fmt == "tsv" else ","))
    assert rows == [["x", "y"], [TRICKY_VALUE, "plain"]]


def test_json_carries_control_characters_as_json_escapes(tmp_path):
    done = run_cli("query", _query(tmp_path, TRICKY), "--data", WORKERS, "-q", "-f", "json")
    assert done.returncode == 0, done.stderr
    assert "\n" not in done.stdout.strip()
    binding = json.loads(done.stdout)["results"]["bindings"][0]
    assert binding["x"]["value"] == TRICKY_VALUE


CONSTRUCT = "CONSTRUCT { ?w a rkg:Teleworker } WHERE { ?w a rkg:Teleworker } LIMIT 2"


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_a_table_format_given_for_a_construct_is_refused_printing_nothing(tmp_path, fmt):
    done = run_cli("query", _query(tmp_path, CONSTRUCT), "--data", WORKERS, "-q", "-f", fmt)
    assert done.returncode == 2 and done.stdout == "", done.stderr
    assert done.stderr.splitlines() == [
        f"error: -f {fmt} prints the table a SELECT or ASK answers, and {tmp_path / 'q.rq'} "
        "is a CONSTRUCT, whose answer is a graph: give -f nt, ttl or jsonld, or no -f for "
        "N-Triples"]


@pytest.mark.parametrize(("text", "form"), [("SELECT ?w WHERE { ?w a rkg:Worker }", "a SELECT"),
                                            ("ASK { ?w a rkg:Worker }", "an ASK")])
def test_a_graph_format_given_for_a_select_or_ask_is_refused_printing_nothing(tmp_path, text,
                                                                              form):
    done = run_cli("query", _query(tmp_path, text), "--data", WORKERS, "-q", "-f", "ttl")
    assert done.returncode == 2 and done.stdout == "", done.stderr
    assert done.stderr.splitlines() == [
        f"error: -f ttl prints the graph a CONSTRUCT or DESCRIBE answers, and "
        f"{tmp_path / 'q.rq'} is {form}: give -f table, csv, tsv or json, or no -f for a table"]


def test_a_format_of_the_wrong_kind_is_refused_before_the_endpoint_is_asked(tmp_path):
    done = run_cli("query", _query(tmp_path, CONSTRUCT), "--endpoint", "http://127.0.0.1:9/",
                   "-f", "csv")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("error: -f csv prints the table") and "127.0.0.1" not in \
        done.stderr


def _triples(text: str, fmt: str) -> set[tuple[str, str, str]]:
    import pyoxigraph as ox

    syntax = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE,
              "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    return {(str(t.subject), str(t.predicate), str(t.object))
            for t in ox.parse(text.encode(), format=syntax)}


@pytest.mark.parametrize("fmt", [None, "nt", "ttl", "jsonld"])
def test_a_construct_prints_its_graph_in_n_triples_or_the_graph_format_given(tmp_path, fmt):
    query = _query(tmp_path, CONSTRUCT)
    done = run_cli("query", query, "--data", WORKERS, "-q", *(["-f", fmt] if fmt else []))
    assert done.returncode == 0, done.stderr
    triples = _triples(done.stdout, fmt or "nt")
    assert len(triples) == 2
    assert {p for _, p, _ in triples} == {"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"}
    if fmt == "ttl":
        assert "@prefix rkg: <https://w3id.org/remote-kg/ontology#> ." in done.stdout
        assert " a rkg:Teleworker ." in done.stdout


def test_a_describe_prints_n_triples_without_a_format(tmp_path):
    query = _query(tmp_path, "DESCRIBE data:freelance-engineer-at-home")
    done = run_cli("query", query, "--data", WORKERS, "-q")
    assert done.returncode == 0, done.stderr
    subjects = {s for s, _, _ in _triples(done.stdout, "nt")}
    assert subjects == {"<https://w3id.org/remote-kg/data/freelance-engineer-at-home>"}
