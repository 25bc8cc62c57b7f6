"""CSV files as HR systems export them: other columns, semicolons or tabs, Excel's BOM and
CRLF; the output keeps what an analyst needs to join the answers back."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import REPO, run_cli

WORKERS = REPO / "examples" / "workers.csv"
HR_ROWS = [
    ["employee_id", "department", "id", "label", "relation", "workplaces", "cost centre"],
    ["E1", "Sales", "w1", "Ann, at home", "employee", "home", "CC-1"],
    ["E2", "Ingénierie", "w2", "Bob", "freelancer", "", "CC-2"],
    ["E3", "IT", "w3", "", "owner", "org_main_office;home", ""],
]


def _export(tmp_path, rows, delimiter=",", name="hr.csv", excel=False) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n" if excel else "\n") \
        .writerows(rows)
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if excel else b"") + buffer.getvalue().encode("utf-8"))
    return str(path)


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _answers(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    skip = {"id", "label", "employee_id", "department", "cost centre"}
    return {r["id"]: {k: v for k, v in r.items() if k not in skip} for r in rows}


def test_an_extra_column_is_refused_by_default_naming_it_and_the_option(tmp_path):
    path = _export(tmp_path, HR_ROWS)
    result = run_cli("classify", path, "-f", "csv")
    assert result.returncode == 2 and result.stdout == ""
    assert "unknown column(s) 'employee_id', 'department', 'cost centre'" in result.stderr
    assert "--extra-columns keep" in result.stderr and "Traceback" not in result.stderr


def test_keep_passes_every_extra_column_through_to_csv_and_json(tmp_path):
    path = _export(tmp_path, HR_ROWS)
    rows = _csv_rows(run_cli("classify", path, "-f", "csv", "--extra-columns", "keep").stdout)
    assert list(rows[0])[:5] == ["id", "label", "employee_id", "department", "cost centre"]
    assert [(r["id"], r["label"], r["employee_id"], r["department"], r["cost centre"])
            for r in rows] == [("w1", "Ann, at home", "E1", "Sales", "CC-1"),
                               ("w2", "Bob", "E2", "Ingénierie", "CC-2"),
                               ("w3", "", "E3", "IT", "")]
    objects = json.loads(run_cli("classify", path, "--extra-columns", "keep").stdout)
    assert objects[1]["department"] == "Ingénierie" and objects[1]["label"] == "Bob"
    assert objects[2]["label"] is None and objects[2]["cost centre"] == ""
    assert "Employee" in objects[0]["is"]


def test_keep_gives_the_same_rows_with_either_reasoner(tmp_path):
    path = _export(tmp_path, HR_ROWS)
    fast = run_cli("classify", path, "-f", "csv", "--extra-columns", "keep")
    hermit = run_cli("classify", path, "-f", "csv", "--extra-columns", "keep",
                     "--reasoner", "hermit")
    assert hermit.returncode == 0, hermit.stderr
    assert hermit.stdout == fast.stdout


def test_ignore_answers_as_if_the_columns_were_not_there(tmp_path):
    path = _export(tmp_path, HR_ROWS)
    plain = _export(tmp_path, [[c for c, n in zip(r, HR_ROWS[0])
                                if n in ("id", "label", "relation", "workplaces")]
                               for r in HR_ROWS], name="plain.csv")
    ignored = run_cli("classify", path, "-f", "csv", "--extra-columns", "ignore")
    assert ignored.returncode == 0, ignored.stderr
    assert ignored.stdout == run_cli("classify", plain, "-f", "csv").stdout


@pytest.mark.parametrize("delimiter, name", [(";", "hr.csv"), ("\t", "hr.tsv"),
                                             ("\t", "hr.csv"), (",", "hr.csv")])
def test_the_delimiter_is_detected(tmp_path, delimiter, name):
    path = _export(tmp_path, HR_ROWS, delimiter=delimiter, name=name)
    result = run_cli("classify", path, "-f", "csv", "--extra-columns", "keep")
    assert result.returncode == 0, result.stderr
    assert [r["department"] for r in _csv_rows(result.stdout)] == ["Sales", "Ingénierie", "IT"]


def test_an_excel_export_with_bom_crlf_and_semicolons_reads_like_the_plain_file(tmp_path):
    rows = list(csv.reader(WORKERS.open(encoding="utf-8")))
    excel = _export(tmp_path, rows, delimiter=";", excel=True)
    assert run_cli("classify", excel, "-f", "csv").stdout == \
        run_cli("classify", WORKERS, "-f", "csv").stdout


def test_a_forced_delimiter_wins_over_detection(tmp_path):
    path = _export(tmp_path, [["id", "label"], ["a;b", "x"]], delimiter=",")
    result = run_cli("classify", path, "-f", "csv", "--delimiter", "semicolon")
    assert result.returncode == 2 and result.stdout == ""
    assert "semicolon-separated" in result.stderr


def test_the_csv_output_always_keeps_the_label():
    rows = _csv_rows(run_cli("classify", WORKERS, "-f", "csv").stdout)
    assert list(rows[0])[:2] == ["id", "label"]
    assert rows[0]["label"] == "freelance software engineer working from home"


@pytest.mark.parametrize("column", ["Teleworker", "is", "label "])
def test_a_kept_column_named_like_an_output_column_is_refused(tmp_path, column):
    rows = [["id", "relation", column], ["w1", "employee", "x"]]
    path = _export(tmp_path, rows)
    result = run_cli("classify", path, "--extra-columns", "keep")
    if column.strip() == "label":  # a contract column with stray spaces is the column
        assert result.returncode == 0, result.stderr
        return
    assert result.returncode == 2 and result.stdout == ""
    assert f"kept column(s) '{column}' would clash" in result.stderr


@pytest.mark.parametrize("command", [
    ["import"], ["validate"], ["explain", "--id", "w1"], ["load", "--store", "{store}"],
    ["query", "-", "--data"],
])
def test_every_command_reading_records_takes_the_same_options(tmp_path, command):
    path = _export(tmp_path, HR_ROWS, delimiter=";")
    args = [a.replace("{store}", str(tmp_path / "store")) for a in command]
    if command[0] == "query":
        args = ["query", "SELECT * WHERE { ?w a rkg:Employee }", "--data", path]
        args[1] = str(tmp_path / "q.rq")
        (tmp_path / "q.rq").write_text("SELECT ?w WHERE { ?w a rkg:Employee }")
        refused = run_cli(*args)
        accepted = run_cli(*args, "--extra-columns", "ignore")
    else:
        refused = run_cli(args[0], path, *args[1:])
        accepted = run_cli(args[0], path, *args[1:], "--extra-columns", "ignore")
    assert refused.returncode == 2 and "--extra-columns" in refused.stderr
    assert accepted.returncode == 0, accepted.stderr
