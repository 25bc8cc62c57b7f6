"""Progress on stderr for long runs: only on a terminal, and --quiet silences it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import HEADER, REPO
from tests.terminal import run_with_terminal_stderr

ROWS = 120_000


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("progress") / "many.csv"
    kinds = ["employee,home", "freelancer,client_site", ",", "owner,org_main_office;home"]
    with path.open("w") as handle:
        handle.write(HEADER + "\n")
        for i in range(ROWS):
            relation, places = kinds[i % len(kinds)].split(",")
            handle.write(f"r{i},,{relation},{places},,,,\n")
    return path


def _run_with_terminal_stderr(*args) -> tuple[int, str]:
    code, _out, err = run_with_terminal_stderr(*args)
    return code, err


def test_progress_is_shown_on_a_terminal(big_csv, tmp_path):
    code, err = _run_with_terminal_stderr(
        "classify", big_csv, "-f", "csv", "-o", tmp_path / "o.csv"
    )
    assert code == 0
    assert "records" in err and "/s" in err


def test_quiet_silences_progress(big_csv, tmp_path):
    code, err = _run_with_terminal_stderr(
        "classify", big_csv, "-f", "csv", "-o", tmp_path / "o.csv", "--quiet"
    )
    assert code == 0 and err == ""


def test_no_progress_when_stderr_is_not_a_terminal(big_csv, tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "remote_kg.cli",
            "classify",
            big_csv,
            "-f",
            "json",
            "-o",
            tmp_path / "o.json",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert result.returncode == 0 and result.stderr == ""
    assert (tmp_path / "o.json").read_text().count('"id"') == ROWS


def test_explain_shows_its_progress_on_a_terminal_unless_quiet(tmp_path):
    small = tmp_path / "three.csv"
    small.write_text("id,relation,workplaces\na,employee,home\nb,owner,\nc,freelancer,"
                     "client_site\n", encoding="utf-8")
    code, err = _run_with_terminal_stderr("explain", small, "-o", tmp_path / "why.txt")
    assert code == 0 and "records [" in err and "100.0%" in err
    code, err = _run_with_terminal_stderr("explain", small, "-o", tmp_path / "why.txt", "-q")
    assert code == 0 and err == ""
