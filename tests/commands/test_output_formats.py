"""`-o FILE` picks the format its extension names (an unknown one is refused unless -f
says which), -f still wins, and `--excel` CSV starts with a byte-order mark."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from tests.conftest import REPO, run_cli

WORKERS = REPO / "examples" / "workers.csv"
SMALL = "id,label,relation,workplaces\nana,Ana López,employee,home\nbo,,freelancer,\n"


@pytest.fixture
def records(tmp_path):
    path = tmp_path / "records.csv"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.mark.parametrize("ending, fmt", [(".csv", "csv"), (".json", "json"), (".ttl", "ttl"),
                                         (".CSV", "csv"), (".jsonl", "jsonl"), (".nt", "nt")])
def test_classify_writes_the_format_the_extension_names(records, tmp_path, ending, fmt):
    by_name = tmp_path / f"answers{ending}"
    by_flag = tmp_path / "answers.out"
    assert run_cli("classify", records, "-o", by_name, "-q").returncode == 0
    assert run_cli("classify", records, "-f", fmt, "-o", by_flag, "-q").returncode == 0
    assert by_name.read_bytes() == by_flag.read_bytes()


def test_parquet_by_extension_is_parquet(records, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "answers.parquet"
    assert run_cli("classify", records, "-o", out, "-q").returncode == 0
    assert pq.read_table(out).column("id").to_pylist() == ["ana", "bo"]


def test_json_lines_hold_the_json_outputs_objects_one_per_line(records, tmp_path):
    assert run_cli("classify", records, "-o", tmp_path / "a.jsonl", "-q").returncode == 0
    assert run_cli("classify", records, "-o", tmp_path / "a.json", "-q").returncode == 0
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == json.loads(
        (tmp_path / "a.json").read_text(encoding="utf-8"))


def test_ntriples_hold_the_turtle_outputs_triples(records, tmp_path):
    assert run_cli("classify", records, "-o", tmp_path / "a.nt", "-q").returncode == 0
    assert run_cli("classify", records, "-o", tmp_path / "a.ttl", "-q").returncode == 0
    nt = Graph().parse(tmp_path / "a.nt", format="nt")
    ttl = Graph().parse(tmp_path / "a.ttl", format="turtle")
    assert len(nt) == len(ttl) > 0
    assert isomorphic(nt, ttl)


@pytest.mark.parametrize("command", [
    ["classify", "{records}"],
    ["compare", "{records}"],
    ["explain", "{records}"],
    ["validate", "{records}"],
])
def test_an_extension_that_names_no_format_is_refused_naming_the_ones_that_do(
        records, tmp_path, command):
    out = tmp_path / "answers.xlsx"
    result = run_cli(*[a.format(records=records) for a in command], "-o", out)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "answers.xlsx" in result.stderr and "'.xlsx'" in result.stderr
    assert "-f FORMAT" in result.stderr and result.stderr.count("\n") == 1
    assert not out.exists()


def test_a_format_the_command_does_not_write_is_refused(records, tmp_path):
    result = run_cli("compare", records, "-o", tmp_path / "c.parquet")
    assert result.returncode == 2
    assert "names the format parquet, which this command does not write" in result.stderr
    assert "csv (.csv), json (.json)" in result.stderr


def test_format_flag_wins_over_the_extension(records, tmp_path):
    out = tmp_path / "answers.json"
    assert run_cli("classify", records, "-f", "csv", "-o", out, "-q").returncode == 0
    assert out.read_text(encoding="utf-8").startswith("id,label,")


@pytest.mark.parametrize("command, ending, start", [
    (["compare"], ".json", "["),
    (["explain", "--id", "ana"], ".md", "#"),
    (["explain", "--id", "ana"], ".json", "{"),
    (["validate"], ".json", "{"),
])
def test_other_commands_follow_the_extension_too(records, tmp_path, command, ending, start):
    out = tmp_path / f"report{ending}"
    result = run_cli(command[0], records, *command[1:], "-o", out)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").lstrip().startswith(start)


def test_a_name_without_extension_keeps_the_default_format(records, tmp_path):
    out = tmp_path / "answers"
    assert run_cli("classify", records, "-o", out, "-q").returncode == 0
    json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("command", [["classify", "-f", "csv", "-q"], ["compare"]])
def test_excel_csv_starts_with_a_byte_order_mark_and_is_otherwise_the_same(records, command):
    plain = run_cli(command[0], records, *command[1:])
    excel = run_cli(command[0], records, *command[1:], "--excel")
    assert plain.returncode == excel.returncode == 0
    assert excel.stdout == "\ufeff" + plain.stdout
    assert "Ana López" in excel.stdout


def _rows(text: str, delimiter: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


@pytest.mark.parametrize("name, mark", [("semicolon", ";"), ("tab", "\t")])
def test_output_delimiter_writes_the_same_cells_with_another_separator(tmp_path, name, mark):
    source = tmp_path / "w.csv"
    source.write_text('id,label,relation\na,"x; y, and ""z""",employee\nb,plain,owner\n',
                      encoding="utf-8")
    comma = run_cli("classify", source, "-f", "csv")
    other = run_cli("classify", source, "--output-delimiter", name)
    assert comma.returncode == 0 and other.returncode == 0, other.stderr
    assert _rows(other.stdout, mark) == _rows(comma.stdout, ",")
    assert other.stdout.splitlines()[0].startswith(f"id{mark}label{mark}")


def test_output_delimiter_goes_with_excels_byte_order_mark_and_a_csv_file(tmp_path):
    out = tmp_path / "answers.csv"
    result = run_cli("classify", WORKERS, "--excel", "--output-delimiter", "semicolon",
                     "-o", out)
    assert result.returncode == 0 and result.stdout == ""
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid;label;")
    compared = run_cli("compare", REPO / "examples" / "authorities.csv",
                       "--output-delimiter", "semicolon")
    assert compared.returncode == 0 and compared.stdout.startswith("id;label;authority;")


@pytest.mark.parametrize("extra", [["-f", "json"], ["-o", "answers.parquet"]])
def test_output_delimiter_with_another_format_is_refused_before_any_work(tmp_path, extra):
    args = [a if a != "answers.parquet" else tmp_path / a for a in extra]
    result = run_cli("classify", WORKERS, "--output-delimiter", "semicolon", *args)
    assert result.returncode == 2 and result.stdout == ""
    assert "--output-delimiter semicolon writes CSV" in result.stderr
    assert not (tmp_path / "answers.parquet").exists()
