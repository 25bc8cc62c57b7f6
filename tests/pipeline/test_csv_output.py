"""Every CSV the project writes reads back, with Python's csv module, into exactly the rows
written: ids, labels and kept cells holding CR, LF, CRLF, quotes or delimiters are quoted.

Each route that writes CSV is run through the CLI (in this process, for speed): classify
from CSV (the vectorised route, and the exact one under `--extra-columns keep`), from
Parquet, from RDF and from job postings; `compare`; `classify-deals`.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from remote_kg import cli
from remote_kg.pipeline.writers import csv_cell, csv_line

REGRESSIONS = REPO / "tests" / "data" / "fuzz-regressions"
ROUNDS = settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
HOSTILE = st.lists(st.sampled_from(["a", "b", "é", " ", ",", ";", "\t", '"', "\r", "\n",
                                    "\r\n"]), min_size=1, max_size=8).map("".join)


def run_in_process(*args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `remote-kg ARGS`, run as `cli.main` runs it."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            cli.main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


def _clean(value: str, prefix: str) -> str:
    """A value the readers keep as it is: they strip cells, and an id must not be empty."""
    return prefix + value.strip() + "z"


def _names(draw_values: list[str], prefix: str) -> list[str]:
    return [_clean(v, f"{prefix}{i}") for i, v in enumerate(draw_values)]


RECORDS = st.lists(st.tuples(HOSTILE, HOSTILE, HOSTILE), min_size=1, max_size=5)


def _records_csv(path: Path, rows: list[tuple[str, str, str]], extra: bool = False) -> dict:
    """Records with hostile ids, labels (and a kept column): {id: (label, extra)}."""
    expected = {_clean(i, f"r{n}-"): (_clean(label, "l"), _clean(more, "e"))
                for n, (i, label, more) in enumerate(rows)}
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(["id", "label", "relation", *(["dept"] if extra else [])])
        for record_id, (label, more) in expected.items():
            writer.writerow([record_id, label, "employee", *([more] if extra else [])])
    return expected


def _classified(text: str, width: int = 2) -> dict[str, tuple[str, ...]]:
    rows = _cells(text)
    assert all(len(row) == len(rows[0]) for row in rows), rows
    return {row[0]: tuple(row[1:width]) for row in rows[1:]}


@pytest.mark.parametrize("value", ["plain", "a,b", 'say "hi"', "a\nb", "a\rb", "a\r\nb",
                                   "\r", "", "é"])
def test_a_cell_reads_back_as_written(value):
    line = csv_line([value, "x", value])
    assert _cells(line) == [[value, "x", value]]
    assert _cells("x," + csv_cell(value) + "\r\n") == [["x", value]]


def test_ordinary_cells_are_written_as_before():
    assert csv_line(["a b", "", "x;y", "é"]) == "a b,,x;y,é\r\n"
    assert csv_line(["a,b", 'q"'], "\n") == '"a,b","q"""\n'
    assert csv_cell("plain") == "plain" and csv_cell("a,b") == '"a,b"'


@ROUNDS
@given(rows=RECORDS)
def test_classify_from_csv_reads_back(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("csv") / "records.csv"
    expected = _records_csv(path, rows)
    code, out, err = run_in_process("classify", path, "-f", "csv")
    assert code == 0, err
    assert _classified(out) == {k: (v[0],) for k, v in expected.items()}


@ROUNDS
@given(rows=RECORDS)
def test_classify_keeping_extra_columns_reads_back(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("keep") / "records.csv"
    expected = _records_csv(path, rows, extra=True)
    code, out, err = run_in_process("classify", path, "-f", "csv", "--extra-columns", "keep")
    assert code == 0, err
    assert _cells(out)[0][:3] == ["id", "label", "dept"]
    assert _classified(out, 3) == expected


@ROUNDS
@given(rows=RECORDS)
def test_classify_from_parquet_reads_back(tmp_path_factory, rows):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path_factory.mktemp("parquet") / "records.parquet"
    expected = {_clean(i, f"r{n}-"): _clean(label, "l") for n, (i, label, _) in enumerate(rows)}
    pq.write_table(pa.table({"id": list(expected), "label": list(expected.values())}), path)
    code, out, err = run_in_process("classify", path, "-f", "csv")
    assert code == 0, err
    assert _classified(out) == {k: (v,) for k, v in expected.items()}


@ROUNDS
@given(rows=RECORDS)
def test_classify_from_rdf_reads_back(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("rdf")
    expected = _records_csv(folder / "records.csv", rows)
    code, _, err = run_in_process("import", folder / "records.csv", "-o", folder / "r.ttl")
    assert code == 0, err
    code, out, err = run_in_process("classify", folder / "r.ttl", "-f", "csv")
    assert code == 0, err
    assert _classified(out) == {k: (v[0],) for k, v in expected.items()}


@ROUNDS
@given(titles=st.lists(HOSTILE, min_size=1, max_size=4))
def test_classify_postings_reads_back(tmp_path_factory, titles):
    path = tmp_path_factory.mktemp("postings") / "postings.jsonld"
    expected = {f"https://jobs.example.com/p/{n}": _clean(t, "t") for n, t in enumerate(titles)}
    path.write_text(json.dumps({"@context": "https://schema.org/", "@graph": [
        {"@type": "JobPosting", "@id": i, "title": t, "jobLocationType": "TELECOMMUTE"}
        for i, t in expected.items()]}), encoding="utf-8")
    code, out, err = run_in_process("classify", path, "-f", "csv")
    assert code == 0, err
    assert _classified(out) == {k: (v,) for k, v in expected.items()}


@ROUNDS
@given(rows=RECORDS)
def test_compare_reads_back(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("compare") / "records.csv"
    expected = _records_csv(path, rows)
    code, out, err = run_in_process("compare", path, "-f", "csv")
    assert code == 0, err
    found = _cells(out)
    assert found[0][:3] == ["id", "label", "authority"]
    assert all(len(row) == len(found[0]) for row in found)
    assert {(row[0], row[1]) for row in found[1:]} == {(k, v[0]) for k, v in expected.items()}


@ROUNDS
@given(rows=RECORDS)
def test_classify_deals_reads_back(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("deals")
    (folder / "records.csv").write_text("id,relation,workplaces\nw1,contractor,client_site\n",
                                        encoding="utf-8")
    expected = {_clean(i, f"d{n}-"): _clean(label, "l") for n, (i, label, _) in enumerate(rows)}
    with open(folder / "deals.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "label", "provider", "workers"])
        writer.writerows([i, label, "contractor", "w1"] for i, label in expected.items())
    code, out, err = run_in_process("classify-deals", folder / "deals.csv", "--records",
                                    folder / "records.csv", "-f", "csv")
    assert code == 0, err
    assert _classified(out) == {k: (v,) for k, v in expected.items()}


def test_regression_files_of_hostile_labels_read_back():
    """tests/data/fuzz-regressions/csv-output-*.csv: classified to CSV, its other columns
    ignored or kept, every row reads back with the file's id and label."""
    files = sorted(REGRESSIONS.glob("csv-output-*.csv"))
    assert files
    for path in files:
        with open(path, encoding="utf-8", newline="") as handle:
            source = list(csv.reader(handle, strict=True))
        expected = {row[0].strip(): (row[1].strip(),) for row in source[1:]}
        for extra in ("ignore", "keep"):
            code, out, err = run_in_process("classify", path, "-f", "csv", "--extra-columns",
                                            extra)
            assert code == 0, err
            assert _classified(out) == expected, (path, extra)
