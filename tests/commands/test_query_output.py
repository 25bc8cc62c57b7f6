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
