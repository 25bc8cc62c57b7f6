"""`query -f tsv` holds plain values, the same as `-f csv` holds, tab-separated: what
spreadsheets and pandas read, not SPARQL TSV's `<iri>` and `"text"@en` term syntax."""

from __future__ import annotations

import csv
import io

from tests.conftest import run_cli

QUERY = """SELECT ?worker ?label ?missing WHERE {
  ?worker a rkg:Teleworker ; rdfs:label ?label .
  OPTIONAL { ?worker rkg:noSuchProperty ?missing }
} ORDER BY ?worker"""
TRICKY = 'id,label,relation,workplaces\nann,"tab\there, ""quoted""",employee,home\n'


def _rows(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_tsv_holds_the_plain_values_csv_holds(tmp_path):
    records = tmp_path / "w.csv"
    records.write_text(TRICKY, encoding="utf-8")
    query = tmp_path / "q.rq"
    query.write_text(QUERY, encoding="utf-8")
    tsv = run_cli("query", query, "--data", records, "-f", "tsv")
    as_csv = run_cli("query", query, "--data", records, "-f", "csv")
    assert tsv.returncode == as_csv.returncode == 0, tsv.stderr
    rows = _rows(tsv.stdout, "\t")
    assert rows == _rows(as_csv.stdout, ",")
    assert rows[0] == ["worker", "label", "missing"]
    assert rows[1] == ["https://w3id.org/remote-kg/data/ann", 'tab\there, "quoted"', ""]


def test_tsv_of_the_bundled_examples_has_no_term_syntax():
    result = run_cli("query", "queries/cq02-teleworker-not-telecommuter.rq", "-f", "tsv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) > 1
    assert not any(cell.startswith(("<", '"')) for line in lines for cell in line.split("\t"))
