"""`summary --rejects FILE`: bad rows set aside as `classify --rejects` sets them aside, the
good ones counted as a file holding them alone."""

from __future__ import annotations

import csv
import json

from tests.conftest import run_cli

GOOD = ("id,relation,workplaces\n"
        "a,employee,home\n"
        "b,freelancer,org_main_office\n"
        "c,employee,home;org_main_office\n")


def test_summary_sets_bad_rows_aside_and_counts_the_good_ones(tmp_path):
    mixed = tmp_path / "mixed.csv"
    mixed.write_text(GOOD + "d,employe,home\n", encoding="utf-8")
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    result = run_cli("summary", mixed, "--rejects", rejects, "-f", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"remote-kg: 1 of 4 rows set aside in {rejects}"
    alone = run_cli("summary", good, "-f", "json")
    counted = json.loads(result.stdout)
    assert counted["records"] == 3
    assert counted["categories"] == json.loads(alone.stdout)["categories"]
    with rejects.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["line"], r["column"], r["value"], r["id"]) for r in rows] == [
        ("5", "relation", "employe", "d")]


def test_summary_with_every_row_refused_writes_the_rejects_and_exits_2(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,relation\na,employe\n", encoding="utf-8")
    rejects = tmp_path / "rejects.jsonl"
    result = run_cli("summary", bad, "--rejects", rejects)
    assert result.returncode == 2 and result.stdout == ""
    assert "every row (1) was refused" in result.stderr
    assert json.loads(rejects.read_text(encoding="utf-8").splitlines()[0])["value"] == "employe"


def test_summary_refuses_rejects_that_would_overwrite_its_input(tmp_path):
    records = tmp_path / "r.csv"
    records.write_text(GOOD, encoding="utf-8")
    result = run_cli("summary", records, "--rejects", records)
    assert result.returncode == 2 and result.stdout == ""
    assert records.read_text(encoding="utf-8") == GOOD
