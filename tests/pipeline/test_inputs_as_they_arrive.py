"""Inputs as they arrive (issue 25, point 3): several inputs, directories and glob patterns,
standard input, JSON Lines of postings, exports' own column names, delimiters and
encodings. Each case runs the CLI as a newcomer would, in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

HEADER = "id,label,relation,workplaces"
FIRST = ["a,Ann,employee,home", "b,Bob,freelancer,client_site"]
SECOND = ["c,Cid,employee,org_main_office;home"]


def run_with_stdin(*args: str, data: bytes) -> subprocess.CompletedProcess:
    """The CLI with `data` piped into its standard input (stdout and stderr as bytes)."""
    return subprocess.run([sys.executable, "-m", "remote_kg.cli", *map(str, args)],
                          input=data, capture_output=True, cwd=REPO, timeout=600)


def text(output: bytes) -> str:
    """Output bytes as `run_cli` gives them (text, universal newlines)."""
    return output.decode().replace("\r\n", "\n")


def write(path: Path, *lines: str, encoding: str = "utf-8") -> Path:
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


@pytest.fixture
def exports(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    write(folder / "1-first.csv", HEADER, *FIRST)
    write(folder / "2-second.csv", HEADER, *SECOND)
    write(folder / "notes.txt", "not an input")
    return folder


def answers(stdout: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(stdout)))


def test_several_inputs_give_one_output_with_each_inputs_answers_in_order(exports, tmp_path):
    together = write(tmp_path / "together.csv", HEADER, *FIRST, *SECOND)
    several = run_cli("classify", exports / "1-first.csv", exports / "2-second.csv", "-f", "csv")
    one = run_cli("classify", together, "-f", "csv")
    assert several.returncode == 0, several.stderr
    assert several.stdout == one.stdout  # one header, every row, in order
    as_json = run_cli("classify", exports / "1-first.csv", exports / "2-second.csv")
    assert [row["id"] for row in json.loads(as_json.stdout)] == ["a", "b", "c"]


def test_a_directory_gives_its_files_with_a_known_extension_sorted(exports, tmp_path):
    result = run_cli("classify", exports, "-f", "csv")
    assert result.returncode == 0, result.stderr
    assert [row["id"] for row in answers(result.stdout)] == ["a", "b", "c"]


def test_a_quoted_glob_pattern_is_expanded_for_shells_that_do_not(exports):
    result = run_cli("classify", str(exports / "*.csv"), "-f", "csv")
    assert result.returncode == 0, result.stderr
    assert [row["id"] for row in answers(result.stdout)] == ["a", "b", "c"]
    nothing = run_cli("classify", str(exports / "*.parquet"))
    assert nothing.returncode == 2 and not nothing.stdout
    assert "matches no file" in nothing.stderr


def test_an_id_in_two_inputs_is_one_error_naming_the_id_and_both_files(exports, tmp_path):
    again = write(tmp_path / "again.csv", HEADER, "b,Bob again,employee,home")
    output = tmp_path / "out.csv"
    result = run_cli("classify", exports / "1-first.csv", again, "-o", output)
    assert result.returncode == 2
    assert not result.stdout and not output.exists()
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "'b'" in lines[0] and "1-first.csv" in lines[0] and "again.csv" in lines[0]
    assert "Traceback" not in result.stderr


def test_inputs_of_two_kinds_are_refused_in_one_clear_error(exports, tmp_path):
    postings = write(tmp_path / "jobs.jsonl", json.dumps(
        {"@context": "https://schema.org", "@type": "JobPosting", "@id": "https://ex.org/1"}))
    result = run_cli("classify", exports / "1-first.csv", postings)
    assert result.returncode == 2 and not result.stdout
    assert "worker records" in result.stderr and "job postings" in result.stderr
    assert "1-first.csv" in result.stderr and "jobs.jsonl" in result.stderr


def test_a_bad_row_in_any_input_refuses_all_and_writes_nothing(exports, tmp_path):
    bad = write(tmp_path / "bad.csv", HEADER, "z,Zed,freelance,home")
    output = tmp_path / "out.json"
    result = run_cli("classify", exports, bad, "-o", output)
    assert result.returncode == 2 and not output.exists()
    assert f"{bad}: line 2" in result.stderr and "'freelance'" in result.stderr


def test_kept_extra_columns_of_several_inputs_are_their_union_blank_where_missing(tmp_path):
    one = write(tmp_path / "one.csv", HEADER + ",team", "a,Ann,employee,home,blue")
    two = write(tmp_path / "two.csv", HEADER + ",site", "b,Bob,employee,home,Lyon")
    result = run_cli("classify", one, two, "-f", "csv", "--extra-columns", "keep")
    assert result.returncode == 0, result.stderr
    rows = answers(result.stdout)
    assert list(rows[0])[:4] == ["id", "label", "team", "site"]
    assert (rows[0]["team"], rows[0]["site"]) == ("blue", "")
    assert (rows[1]["team"], rows[1]["site"]) == ("", "Lyon")


def test_summary_compare_and_import_take_several_inputs_too(exports):
    summary = run_cli("summary", exports, "-f", "json")
    assert summary.returncode == 0, summary.stderr
    assert json.loads(summary.stdout)["records"] == 3
    compare = run_cli("compare", exports / "1-first.csv", exports / "2-second.csv")
    assert compare.returncode == 0, compare.stderr
    assert {row["id"] for row in answers(compare.stdout)} == {"a", "b", "c"}
    imported = run_cli("import", exports, "-o", exports.parent / "all.nt")
    assert imported.returncode == 0, imported.stderr


# -- standard input -----------------------------------------------------------------------------

def test_dash_reads_standard_input_guessing_csv(tmp_path):
    data = ("\n".join([HEADER, *FIRST]) + "\n").encode()
    piped = run_with_stdin("classify", "-", "-f", "csv", data=data)
    from_file = run_cli("classify", write(tmp_path / "f.csv", HEADER, *FIRST), "-f", "csv")
    assert piped.returncode == 0, piped.stderr
    assert text(piped.stdout) == from_file.stdout


def test_an_error_in_standard_input_names_it_and_says_what_was_guessed():
    result = run_with_stdin("classify", "-", data=b"id,label,relation\na,Ann,freelance\n")
    stderr = result.stderr.decode()
    assert result.returncode == 2 and not result.stdout
    assert "<stdin>: line 2" in stderr and "'freelance'" in stderr
    assert "guessed" in stderr and "--input-format" in stderr
    assert len(stderr.strip().splitlines()) == 1  # what was guessed is said on the same line
    assert "remote-kg-inputs" not in stderr  # no scratch file named


def test_input_format_says_what_standard_input_holds_when_it_cannot_be_guessed(tmp_path):
    triples = tmp_path / "w.nt"
    made = run_cli("import", write(tmp_path / "w.csv", HEADER, *FIRST), "-o", triples)
    assert made.returncode == 0, made.stderr
    guessed = run_with_stdin("classify", "-", data=triples.read_bytes())
    assert guessed.returncode == 2 and not guessed.stdout
    assert "--input-format" in guessed.stderr.decode()
    told = run_with_stdin("classify", "-", "--input-format", "nt", "-f", "csv",
                          data=triples.read_bytes())
    assert told.returncode == 0, told.stderr
    assert text(told.stdout) == run_cli("classify", triples, "-f", "csv").stdout


def test_standard_input_may_hold_postings_as_json_lines(tmp_path):
    lines = _postings_lines()
    piped = run_with_stdin("classify", "-", "-f", "csv", data=lines.encode())
    assert piped.returncode == 0, piped.stderr
    assert [row["id"] for row in answers(piped.stdout.decode())] == [
        "https://ex.org/jobs/1", "https://ex.org/jobs/2"]


# -- JSON Lines of postings ---------------------------------------------------------------------

def _postings_lines() -> str:
    first = {"@context": "https://schema.org", "@type": "JobPosting",
             "@id": "https://ex.org/jobs/1", "title": "Developer",
             "jobLocationType": "TELECOMMUTE"}
    second = {"@context": "https://schema.org", "@type": "JobPosting",
              "url": "https://ex.org/jobs/2", "title": "Operator", "employmentType": "FULL_TIME"}
    return json.dumps(first) + "\n\n" + json.dumps(second) + "\n"


def test_json_lines_hold_one_posting_a_line(tmp_path):
    for name in ("jobs.jsonl", "jobs.ndjson"):
        path = tmp_path / name
        path.write_text(_postings_lines(), encoding="utf-8")
        result = run_cli("classify", path, "-f", "csv")
        assert result.returncode == 0, result.stderr
        rows = answers(result.stdout)
        assert [(r["id"], r["label"]) for r in rows] == [
            ("https://ex.org/jobs/1", "Developer"), ("https://ex.org/jobs/2", "Operator")]


def test_an_error_in_json_lines_names_the_line(tmp_path):
    bad = {"@context": "https://schema.org", "@type": "JobPosting",
           "@id": "https://ex.org/jobs/3", "jobLocationType": "REMOTE"}
    path = tmp_path / "jobs.jsonl"
    path.write_text(_postings_lines() + json.dumps(bad) + "\n{not json\n", encoding="utf-8")
    result = run_cli("classify", path)
    assert result.returncode == 2 and not result.stdout
    assert f"{path}: line 5, column 2: not valid JSON" in result.stderr
    path.write_text(_postings_lines() + json.dumps(bad) + "\n", encoding="utf-8")
    result = run_cli("classify", path)
    assert f"{path}: line 4: posting 'https://ex.org/jobs/3': jobLocationType 'REMOTE'" in (
        result.stderr)


def test_the_same_posting_id_on_two_lines_names_both(tmp_path):
    line = _postings_lines().splitlines()[0]
    path = tmp_path / "jobs.jsonl"
    path.write_text(line + "\n" + line + "\n", encoding="utf-8")
    result = run_cli("classify", path)
    assert result.returncode == 2
    assert "line 2" in result.stderr and "line 1" in result.stderr
    assert "https://ex.org/jobs/1" in result.stderr


# -- an export's own names and delimiter --------------------------------------------------------

EXPORT = ["Employee ID;Full Name;Work location", "1;Ann;home", "2;Bob;client_site"]


def test_a_header_with_no_known_column_suggests_delimiter_or_columns(tmp_path):
    path = write(tmp_path / "export.csv", *EXPORT)
    result = run_cli("classify", path)
    assert result.returncode == 2 and not result.stdout
    assert "no known column" in result.stderr
    assert "--delimiter semicolon" in result.stderr and '--columns "Employee ID=id"' in (
        result.stderr)
    assert "--extra-columns" not in result.stderr


def test_a_wrong_delimiter_says_it_is_likely_wrong(tmp_path):
    path = write(tmp_path / "records.csv", "id;label;relation", "a;Ann;employee")
    result = run_cli("classify", path, "--delimiter", "comma")
    assert result.returncode == 2
    assert "delimiter is likely wrong" in result.stderr
    assert "--delimiter semicolon" in result.stderr


def test_columns_maps_the_exports_names_to_ours_before_the_header_check(tmp_path):
    path = write(tmp_path / "export.csv", *EXPORT)
    ours = write(tmp_path / "ours.csv", "id,label,workplaces", "1,Ann,home", "2,Bob,client_site")
    mapped = run_cli("classify", path, "--delimiter", "semicolon", "-f", "csv",
                     "--columns", "employee id=id, Full Name=label",
                     "--columns", "Work location=workplaces")
    assert mapped.returncode == 0, mapped.stderr
    assert mapped.stdout == run_cli("classify", ours, "-f", "csv").stdout


def test_columns_takes_names_holding_commas(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('ID,"Name, full",relation\n1,Ann,employee\n', encoding="utf-8")
    result = run_cli("classify", path, "-f", "csv", "--columns", "ID=id,Name, full=label")
    assert result.returncode == 0, result.stderr
    assert answers(result.stdout)[0]["label"] == "Ann"


def test_columns_refuses_a_name_that_is_not_ours_naming_the_allowed_ones(tmp_path):
    path = write(tmp_path / "export.csv", *EXPORT)
    result = run_cli("classify", path, "--columns", "Work location=workplace")
    assert result.returncode == 2 and not result.stdout
    assert "'workplace' is not a column of ours (did you mean 'workplaces'?)" in result.stderr
    assert "allowed: id, label" in result.stderr


# -- encodings ----------------------------------------------------------------------------------

def test_encoding_reads_a_windows_1252_export(tmp_path):
    path = write(tmp_path / "win.csv", HEADER, "a,Ana López,employee,home", encoding="cp1252")
    refused = run_cli("classify", path)
    assert refused.returncode == 2 and "--encoding" in refused.stderr
    assert "line 2" in refused.stderr
    result = run_cli("classify", path, "--encoding", "cp1252", "-f", "csv")
    assert result.returncode == 0, result.stderr
    assert answers(result.stdout)[0]["label"] == "Ana López"


def test_a_decoding_error_names_the_file_the_byte_and_the_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(HEADER.encode() + b"\na,Ann,employee,home\nb,\x81,employee,home\n")
    result = run_cli("classify", path, "--encoding", "cp1252")
    assert result.returncode == 2 and not result.stdout
    assert f"{path}: byte 51 (line 3, column 3)" in result.stderr and "0x81" in result.stderr
    assert "--encoding" in result.stderr


def test_an_html_page_is_read_in_the_charset_it_declares(tmp_path):
    posting = {"@context": "https://schema.org", "@type": "JobPosting",
               "@id": "https://ex.org/jobs/9", "title": "Développeur"}
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; '
            'charset=iso-8859-1"><script type="application/ld+json">'
            f"{json.dumps(posting, ensure_ascii=False)}</script></head></html>")
    path = tmp_path / "job.html"
    path.write_bytes(page.encode("latin-1"))
    result = run_cli("classify", path, "-f", "csv")
    assert result.returncode == 0, result.stderr
    assert answers(result.stdout)[0]["label"] == "Développeur"
    utf8 = tmp_path / "utf8.html"
    utf8.write_bytes(page.replace("iso-8859-1", "utf-8").encode("latin-1"))
    refused = run_cli("classify", utf8)
    assert refused.returncode == 2 and "--encoding" in refused.stderr
    told = run_cli("classify", utf8, "--encoding", "latin-1", "-f", "csv")
    assert told.returncode == 0, told.stderr
    assert answers(told.stdout)[0]["label"] == "Développeur"


# -- unchanged without the new options ----------------------------------------------------------

def test_one_input_without_the_new_options_answers_as_before(tmp_path):
    path = write(tmp_path / "f.csv", HEADER, *FIRST)
    for fmt in ("csv", "json", "ttl"):
        result = run_cli("classify", path, "-f", fmt)
        assert result.returncode == 0, result.stderr
        assert "remote-kg-inputs" not in result.stdout


def test_columns_maps_a_parquet_exports_names_too(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / "export.parquet"
    pq.write_table(pa.table({"Employee ID": ["1"], "Name": ["Ann"], "Contract": ["employee"]}),
                   path)
    mapping = ["--columns", "Employee ID=id,Name=label,Contract=relation"]
    refused = run_cli("classify", path, "--extra-columns", "ignore")
    assert refused.returncode == 2 and "--columns" in refused.stderr
    as_csv = run_cli("classify", path, "-f", "csv", *mapping)
    assert as_csv.returncode == 0, as_csv.stderr
    assert answers(as_csv.stdout)[0]["label"] == "Ann"
    output = tmp_path / "answers.parquet"
    written = run_cli("classify", path, "-o", output, *mapping)
    assert written.returncode == 0, written.stderr
    assert pq.read_table(output).column_names[:2] == ["id", "label"]


def test_a_weighted_summary_of_several_inputs_needs_the_weight_in_each(tmp_path):
    one = write(tmp_path / "one.csv", "id,relation,weight", "a,employee,2")
    two = write(tmp_path / "two.csv", "id,relation,weight", "b,freelancer,1")
    summary = run_cli("summary", one, two, "-f", "json")
    assert summary.returncode == 0, summary.stderr
    assert json.loads(summary.stdout)["records"] == 2
    bare = write(tmp_path / "bare.csv", "id,relation", "c,freelancer")
    result = run_cli("summary", one, bare)
    assert result.returncode == 2 and not result.stdout
    assert "every one needs the column 'weight'" in result.stderr
