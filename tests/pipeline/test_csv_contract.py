"""The analysts' CSV: columns in any order, case-insensitive values, every problem reported."""

from __future__ import annotations

import json

from tests.conftest import HEADER, classify_json, run_cli


def test_only_id_is_required_and_columns_may_come_in_any_order(write_csv):
    path = write_csv("workplaces,id\nhome,a\n,b\n")
    results = classify_json(path)
    assert "Telecommuter" in results["a"]["is"]
    assert "Telecommuter" in results["b"]["unknown"]


def test_values_are_case_insensitive_and_trimmed(write_csv):
    path = write_csv("ID, Relation ,Workplaces\nx,  EMPLOYEE , Home ; Org_Main_Office \n")
    results = classify_json(path)
    assert {"Employee", "HybridWorker"} <= set(results["x"]["is"])


def test_blank_cells_stay_unknown(write_csv):
    path = write_csv(f"{HEADER}\nx,,,,,,,\n")
    row = classify_json(path)["x"]
    assert row["is"] == [] and row["is_not"] == []


def test_every_problem_is_listed_with_line_column_value_and_allowed_values(write_csv, tmp_path):
    path = write_csv(
        "id,relation,workplaces,schedule,location_bound\n"
        "a,staff,home,,\n"
        "b,employee,garage;home,whenever,maybe\n"
        "a,owner,,,\n"
    )
    out = tmp_path / "out.json"
    result = run_cli("classify", path, "-o", out)
    assert result.returncode == 2
    err = result.stderr
    assert "line 2, column 'relation': value 'staff' is not allowed" in err
    assert "employee, freelancer, contractor, subcontractor, provider_staff, owner" in err
    assert "line 3, column 'workplaces': value 'garage'" in err
    assert "line 3, column 'schedule': value 'whenever'" in err
    assert "line 3, column 'location_bound': value 'maybe'" in err
    assert "line 4, column 'id': duplicate id 'a'" in err
    assert "Traceback" not in err
    assert not out.exists()
    assert list(tmp_path.glob("*.part")) == []


def test_unknown_and_duplicate_columns_are_errors(write_csv):
    result = run_cli("classify", write_csv("id,relation,department,id\n1,employee,x,1\n"))
    assert result.returncode == 2
    assert "unknown column(s) 'department'" in result.stderr
    assert "duplicate column(s) id" in result.stderr


def test_missing_id_column_is_an_error(write_csv):
    result = run_cli("classify", write_csv("relation\nemployee\n"))
    assert result.returncode == 2 and "missing required column 'id'" in result.stderr


def test_rows_with_wrong_number_of_cells_are_errors(write_csv):
    result = run_cli("classify", write_csv("id,relation\n1,employee,extra\n2\n"))
    assert result.returncode == 2
    assert "line 2: 3 cells, expected 2" in result.stderr
    assert "line 3, column 'id'" not in result.stderr


def test_empty_and_non_utf8_files_are_clear_errors(write_csv, tmp_path):
    empty = write_csv("", "empty.csv")
    result = run_cli("classify", empty)
    assert result.returncode == 2 and "empty file" in result.stderr
    binary = tmp_path / "latin1.csv"
    binary.write_bytes("id,label\n1,caf\xe9\n".encode("latin-1"))
    result = run_cli("classify", binary)
    assert result.returncode == 2 and "not UTF-8" in result.stderr
    assert "Traceback" not in result.stderr


def test_unterminated_quote_is_reported_as_malformed(write_csv):
    result = run_cli("classify", write_csv('id,label\n1,"never closed\n'))
    assert result.returncode == 2
    assert "malformed CSV" in result.stderr or "cells, expected" in result.stderr


def test_byte_order_mark_and_quoted_ids_are_accepted(write_csv, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_text('\ufeffid,label\n"a, b","Ann"\n', encoding="utf-8")
    result = run_cli("classify", path, "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith('"a, b",')


def test_missing_input_file_is_an_error_not_a_traceback(tmp_path):
    result = run_cli("classify", tmp_path / "nope.csv")
    assert result.returncode == 2 and "no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_json_output_has_exactly_the_documented_keys(write_csv):
    result = run_cli("classify", write_csv("id\nx\n"))
    rows = json.loads(result.stdout)
    assert list(rows[0]) == ["id", "label", "is", "is_not", "unknown"]
    assert rows[0]["label"] is None  # no label column: null, as a blank label
