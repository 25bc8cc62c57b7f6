"""`remote-kg summary`: a file's answers counted per category, weighted on request, and
drawn; the counts are classify's own."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WORKERS = REPO / "examples" / "workers.csv"
POSTINGS = REPO / "examples" / "postings.jsonld"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "remote_kg.cli", *args], capture_output=True,
                          text=True)


def classify_counts(path: Path) -> dict[str, Counter]:
    result = run("classify", str(path), "-f", "csv", "-q")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    categories = [c for c in rows[0] if c not in ("id", "label")]
    return {c: Counter(row[c] for row in rows) for c in categories}


@pytest.mark.parametrize("path", [WORKERS, POSTINGS], ids=["workers", "postings"])
def test_summary_counts_are_classifys_answers_counted(path: Path):
    expected = classify_counts(path)
    result = run("summary", str(path), "-f", "json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["records"] == sum(next(iter(expected.values())).values())
    assert [c["category"] for c in summary["categories"]] == list(expected)
    for entry in summary["categories"]:
        counted = expected[entry["category"]]
        assert {s: entry[s] for s in ("is", "is_not", "unknown")} == {
            s: counted[s] for s in ("is", "is_not", "unknown")}
        assert sum(entry["share"].values()) == pytest.approx(1.0)


def test_text_summary_names_the_file_and_gives_percentages():
    result = run("summary", str(WORKERS))
    assert result.returncode == 0, result.stderr
    first, header, *rows = result.stdout.splitlines()
    assert first.startswith("59 records in ") and first.endswith("workers.csv")
    assert header.split() == ["category", "is", "is_not", "unknown", "is", "%", "is_not", "%",
                              "unknown", "%"]
    teleworker = next(r for r in rows if r.startswith("Teleworker "))
    counts = classify_counts(WORKERS)["Teleworker"]
    assert teleworker.split()[1:4] == [str(counts[s]) for s in ("is", "is_not", "unknown")]
    assert teleworker.split()[4] == f"{100 * counts['is'] / 59:.1f}"


def weighted_file(tmp_path: Path, weights: list[str], column: str = "weight") -> Path:
    path = tmp_path / "survey.csv"
    lines = [f"id,relation,workplaces,{column}", f"a,employee,home,{weights[0]}",
             f"b,employee,org_main_office,{weights[1]}", f"c,freelancer,home,{weights[2]}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_weight_column_adds_weighted_shares(tmp_path: Path):
    path = weighted_file(tmp_path, ["1.5", "3", "0.5"])
    result = run("summary", str(path), "-f", "json", "--categories", "Telecommuter,Employee")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["weight"] == "weight" and summary["total_weight"] == 5.0
    telecommuter, employee = summary["categories"]
    assert (telecommuter["is"], telecommuter["is_not"]) == (2, 1)
    assert telecommuter["weighted"] == {"is": 2.0, "is_not": 3.0, "unknown": 0.0}
    assert telecommuter["weighted_share"]["is"] == pytest.approx(0.4)
    assert employee["weighted_share"]["is"] == pytest.approx(0.9)
    assert telecommuter["share"]["is"] == pytest.approx(2 / 3)


def test_weight_names_any_column_and_the_text_table_adds_weighted_percentages(tmp_path: Path):
    path = weighted_file(tmp_path, ["1", "1", "2"], column="survey_weight")
    result = run("summary", str(path), "--weight", "survey_weight", "--categories",
                 "Telecommuter")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "weighted by 'survey_weight' (total 4)" in lines[0]
    assert lines[2].split() == ["Telecommuter", "2", "1", "0", "66.7", "33.3", "0.0", "75.0",
                                "25.0", "0.0"]


@pytest.mark.parametrize("cell", ["", "heavy", "-1", "nan", "inf"])
def test_a_bad_weight_is_one_error_naming_record_column_and_value(tmp_path: Path, cell: str):
    path = weighted_file(tmp_path, ["1", cell, "1"])
    result = run("summary", str(path))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"error: {path}: record 'b', column 'weight': value {cell!r} is not a weight; "
        "expected a number, 0 or more"]


def test_weight_naming_a_column_the_file_lacks_is_refused(tmp_path: Path):
    path = weighted_file(tmp_path, ["1", "1", "1"])
    result = run("summary", str(path), "--weight", "wieght")
    assert result.returncode == 2 and result.stdout == ""
    assert "no column 'wieght' to weigh records by; its other columns: weight" in result.stderr


def test_other_unknown_columns_are_refused_unless_ignored(tmp_path: Path):
    path = tmp_path / "w.csv"
    path.write_text("id,relation,weight,region\na,employee,2,north\n", encoding="utf-8")
    refused = run("summary", str(path))
    assert refused.returncode == 2 and refused.stdout == ""
    assert "unknown column(s) 'region'" in refused.stderr
    ignored = run("summary", str(path), "--extra-columns", "ignore", "-f", "json")
    assert ignored.returncode == 0, ignored.stderr
    assert json.loads(ignored.stdout)["total_weight"] == 2.0


def test_weight_naming_a_field_no_posting_has_is_refused():
    result = run("summary", str(POSTINGS), "--weight", "w")
    assert result.returncode == 2 and result.stdout == ""
    assert "no posting has the field 'w' to weigh postings by; their fields: url, title" in (
        result.stderr)


@pytest.mark.parametrize("ending, magic", [(".svg", b"<?xml"), (".png", b"\x89PNG")])
def test_a_chart_is_drawn_and_the_table_still_printed(tmp_path: Path, ending: str,
                                                      magic: bytes):
    chart = tmp_path / f"chart{ending}"
    result = run("summary", str(WORKERS), "-o", str(chart))
    assert result.returncode == 0, result.stderr
    assert chart.read_bytes().startswith(magic)
    assert result.stdout.startswith("59 records in ")


def test_the_svg_chart_names_every_category():
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        chart = Path(scratch) / "c.svg"
        assert run("summary", str(WORKERS), "-o", str(chart)).returncode == 0
        drawn = chart.read_text(encoding="utf-8")
    for category in classify_counts(WORKERS):
        assert f"<!-- {category} -->" in drawn


def test_the_table_goes_to_a_file_in_the_format_its_extension_names(tmp_path: Path):
    out = tmp_path / "summary.csv"
    result = run("summary", str(WORKERS), "-o", str(out))
    assert result.returncode == 0 and result.stdout == ""
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert rows[0].keys() >= {"category", "is", "is_not", "unknown", "is_share"}


def test_an_unknown_output_extension_is_refused_and_nothing_written(tmp_path: Path):
    out = tmp_path / "chart.pdf"
    result = run("summary", str(WORKERS), "-o", str(out))
    assert result.returncode == 2 and result.stdout == "" and not out.exists()
    assert "'.pdf'" in result.stderr


def test_an_inconsistent_record_fails_the_summary_as_it_fails_classify(tmp_path: Path):
    path = tmp_path / "w.csv"
    path.write_text("id,relation,workplaces,org_fully_remote\nw1,employee,org_main_office,yes\n",
                    encoding="utf-8")
    result = run("summary", str(path))
    assert result.returncode == 1 and result.stdout == ""
    assert "inconsistent record at line 2" in result.stderr
