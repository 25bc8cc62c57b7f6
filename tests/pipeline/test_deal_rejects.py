"""`classify-deals --rejects FILE`: bad deal rows are set aside with their line, reason and
cells (a deal naming a bad worker row too, with that row's reason), and the good deals are
answered as a deals file holding them alone would be."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from remote_kg.cli import main
from remote_kg.model.ontology import RKG
from tests.conftest import run_cli

RECORDS = """id,label,relation,workplaces,org_fully_remote
own-home,own employee at home,employee,home,
freelance,freelancer somewhere,freelancer,,
bad-row,a misspelt relation,freelance,home,
clash,"employee of an office-less firm, at its main office",employee,org_main_office,yes
"""
HEADER = "id,label,provider,workers"
GOOD = {2: "staffing,remote staffing,none,own-home", 9: "contract,,contractor,freelance"}
BAD = {  # line -> (the row, its column, its value, words of its reason)
    3: ("typo,,outsourcer,own-home", "provider", "outsourcer", "is not allowed"),
    4: ("via-bad,,none,bad-row", "workers", "bad-row",
        "worker 'bad-row' is refused in {records} (line 4: column 'relation': value "
        "'freelance' is not allowed"),
    5: ("clashing,,none,clash", "", "", "inconsistent deal: "
        "https://w3id.org/remote-kg/data/deal/clashing (id 'clashing'): its worker "
        "https://w3id.org/remote-kg/data/clash (id 'clash') contradicts the ontology"),
    6: ("wide,,none,own-home,extra", "", "wide,,none,own-home,extra", "5 cells, expected 4"),
    7: ("staffing,again,none,own-home", "id", "staffing",
        "duplicate id 'staffing' (first used on line 2)"),
    8: ("ghost,,contractor,nobody", "workers", "nobody", "no worker record has the id"),
    10: (",,none,own-home", "id", "", "column 'id': empty"),
}


def _deals(lines: dict[int, str]) -> str:
    return "\n".join([HEADER, *(lines[n] for n in sorted(lines))]) + "\n"


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("deals")
    paths = {"records": folder / "records.csv", "mixed": folder / "mixed.csv",
             "good": folder / "good.csv", "good records": folder / "good-records.csv"}
    paths["records"].write_text(RECORDS, encoding="utf-8")
    paths["good records"].write_text("".join(
        line for line in RECORDS.splitlines(keepends=True) if not line.startswith("bad-row")),
        encoding="utf-8")
    paths["mixed"].write_text(_deals({**GOOD, **{n: row[0] for n, row in BAD.items()}}),
                              encoding="utf-8")
    paths["good"].write_text(_deals(GOOD), encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def set_aside(files, tmp_path_factory):
    """classify-deals run as a user would, the bad rows set aside in a CSV file."""
    rejects = tmp_path_factory.mktemp("rejects") / "rejects.csv"
    done = run_cli("classify-deals", files["mixed"], "--records", files["records"], "-f", "csv",
                   "--rejects", rejects)
    with open(rejects, encoding="utf-8", newline="") as handle:
        return done, rejects, list(csv.DictReader(handle))


def run(capsys, *argv: str | Path) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def test_each_refused_deal_row_is_written_with_its_line_column_value_reason_and_cells(
        set_aside, files):
    done, rejects, rows = set_aside
    assert done.returncode == 0, done.stderr
    assert f"7 of 9 rows set aside in {rejects}" in done.stderr
    assert [int(r["line"]) for r in rows] == sorted(BAD)
    for row in rows:
        text, column, value, words = BAD[int(row["line"])]
        assert (row["column"], row["value"]) == (column, value)
        assert words.format(records=files["records"]) in row["reason"]
        width = len(HEADER.split(","))
        assert [row[c] for c in HEADER.split(",")] == text.split(",")[:width]
    assert [r.split(",")[0] for r in done.stdout.splitlines()[1:]] == ["staffing", "contract"]


def test_the_bad_worker_rows_are_counted_on_stderr(set_aside, files):
    done, _, _ = set_aside
    assert f"1 of 4 worker rows in {files['records']} refused" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("fmt", ["csv", "json", "ttl"])
def test_good_deals_answer_as_a_file_of_only_the_good_deals(capsys, files, tmp_path, fmt):
    code, with_rejects, err = run(capsys, "classify-deals", files["mixed"], "--records",
                                  files["records"], "-f", fmt, "--rejects", tmp_path / "r.csv")
    assert code == 0, err
    code, alone, err = run(capsys, "classify-deals", files["good"], "--records",
                           files["good records"], "-f", fmt)
    assert code == 0, err
    if fmt != "ttl":
        assert with_rejects == alone
        return
    answers = [RDF.type, RKG.isNot, RKG.undecided]
    graphs = [Graph().parse(data=text, format="turtle") for text in (with_rejects, alone)]
    deals = [{(s, p, o) for s, p, o in g
              if p in answers and "/deal/" in str(s) and isinstance(o, URIRef)}
             for g in graphs]
    assert deals[0] == deals[1]
    assert (URIRef("https://w3id.org/remote-kg/data/deal/staffing"), RDF.type,
            RKG.RemoteStaffing) in deals[0]


def test_json_lines_rejects_hold_the_cells_as_an_object(capsys, files, tmp_path):
    rejects = tmp_path / "r.jsonl"
    code, _, err = run(capsys, "classify-deals", files["mixed"], "--records", files["records"],
                       "--rejects", rejects)
    assert code == 0, err
    entries = [json.loads(line) for line in rejects.read_text().splitlines()]
    typo = next(e for e in entries if e["line"] == 3)
    assert (typo["column"], typo["value"]) == ("provider", "outsourcer")
    assert typo["cells"] == {"id": "typo", "label": "", "provider": "outsourcer",
                             "workers": "own-home"}


def test_when_every_deal_row_is_refused_nothing_is_written_and_the_rejects_say_why(
        capsys, files, tmp_path):
    deals, out, rejects = tmp_path / "d.csv", tmp_path / "out.json", tmp_path / "r.csv"
    deals.write_text(_deals({n: BAD[n][0] for n in (3, 8)}), encoding="utf-8")
    code, stdout, err = run(capsys, "classify-deals", deals, "--records", files["records"],
                            "-o", out, "--rejects", rejects)
    assert code == 2 and stdout == ""
    assert "every deal row (2) was refused" in err and str(rejects) in err
    assert not out.exists() and len(rejects.read_text().splitlines()) == 3


@pytest.mark.parametrize("which", ["deals", "records"])
def test_errors_about_a_whole_file_still_refuse_it(capsys, files, tmp_path, which):
    deals, records = files["good"], files["records"]
    if which == "deals":
        deals = tmp_path / "d.csv"
        deals.write_text("id,provider,staff\nd,none,own-home\n", encoding="utf-8")
    else:
        records = tmp_path / "w.csv"
        records.write_text("name,relation\nown-home,employee\n", encoding="utf-8")
    rejects = tmp_path / "r.csv"
    code, out, err = run(capsys, "classify-deals", deals, "--records", records,
                         "--rejects", rejects)
    assert code == 2 and out == "" and not rejects.exists()
    assert ("unknown column(s) 'staff'" if which == "deals"
            else "missing required column 'id'") in err


@pytest.mark.parametrize(("target", "message"), [
    ("mixed", "--rejects names an input file"),
    ("records", "--rejects names an input file"),
    ("out", "--rejects names the output file"),
])
def test_a_rejects_path_that_would_overwrite_a_file_is_refused(capsys, files, tmp_path,
                                                               target, message):
    out = tmp_path / "out.csv"
    rejects = out if target == "out" else files[target]
    before = rejects.read_bytes() if rejects.exists() else None
    code, _, err = run(capsys, "classify-deals", files["mixed"], "--records",
                       files["records"], "-o", out, "--rejects", rejects)
    assert code == 2 and message in err
    assert len(err.strip().splitlines()) == 1
    assert (rejects.read_bytes() if rejects.exists() else None) == before


def test_the_python_api_sets_deal_rows_aside_too(files, tmp_path):
    from remote_kg.api import classify_deals_path
    from remote_kg.errors import InputError

    rejects = tmp_path / "r.csv"
    got = classify_deals_path(files["mixed"], files["records"], rejects=rejects)
    assert got == classify_deals_path(files["good"], files["good records"])
    assert [r.id for r in got] == ["staffing", "contract"]
    assert len(rejects.read_text().splitlines()) == len(BAD) + 1
    with pytest.raises(InputError, match="rejects= names an input file"):
        classify_deals_path(files["mixed"], files["records"], rejects=files["records"])


def test_a_misspelt_deal_column_or_provider_names_the_closest_one(tmp_path):
    records = tmp_path / "r.csv"
    records.write_text("".join(RECORDS.splitlines(keepends=True)[:3]), encoding="utf-8")
    deals = tmp_path / "d.csv"
    deals.write_text("id,lable,provider,workers\nx,,contracter,own-home\n", encoding="utf-8")
    result = run_cli("classify-deals", deals, "--records", records)
    assert result.returncode == 2 and result.stdout == ""
    assert "'lable' (did you mean 'label'?)" in result.stderr
    deals.write_text("id,label,provider,workers\nx,,contracter,own-home\n", encoding="utf-8")
    result = run_cli("classify-deals", deals, "--records", records)
    assert result.returncode == 2
    assert "value 'contracter' is not allowed (did you mean 'contractor'?)" in result.stderr


def test_a_worker_id_repeated_in_the_records_names_its_first_row_as_classify_rejects_keeps(
        tmp_path):
    records = tmp_path / "records.csv"
    records.write_text("id,relation,workplaces\n"
                       "w,employee,home\n"
                       "w,freelancer,client_site\n", encoding="utf-8")
    deals = tmp_path / "deals.csv"
    deals.write_text(f"{HEADER}\nstaffing,,none,w\n", encoding="utf-8")
    kept = run_cli("classify", records, "-f", "csv", "--rejects", tmp_path / "r1.csv")
    assert kept.returncode == 0 and "w," in kept.stdout
    done = run_cli("classify-deals", deals, "--records", records, "-f", "csv",
                   "--rejects", tmp_path / "r2.csv")
    assert done.returncode == 0, done.stderr
    alone = tmp_path / "first.csv"
    alone.write_text("id,relation,workplaces\nw,employee,home\n", encoding="utf-8")
    assert done.stdout == run_cli("classify-deals", deals, "--records", alone,
                                  "-f", "csv").stdout
    assert "1 of 2 worker rows" in done.stderr
