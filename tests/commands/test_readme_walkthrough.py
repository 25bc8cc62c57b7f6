"""README's walkthrough from a raw HR export and a folder of career pages to answers,
rejects and charts: every command runs as written and prints every line shown under it."""

from __future__ import annotations

import csv
import re
import shlex
import shutil

import pytest

from tests.conftest import REPO, run_cli

SECTION = "## From a raw file to answers and a chart"


def _commands() -> list[tuple[list[str], list[str]]]:
    """(argv after `remote-kg`, the output lines shown as comments) per command."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index(SECTION):]
    section = section[:section.index("\n## ", len(SECTION))]
    found: list[tuple[list[str], list[str]]] = []
    for block in re.findall(r"```sh\n(.*?)```", section, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            if line.startswith("# "):
                found[-1][1].append(line[2:])
            elif line.startswith("remote-kg "):
                found.append((shlex.split(line)[1:], []))
    return found


COMMANDS = _commands()


def test_the_walkthrough_shows_commands_and_their_output():
    assert len(COMMANDS) == 3 and all(shown for _, shown in COMMANDS)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    pytest.importorskip("matplotlib")
    where = tmp_path_factory.mktemp("walkthrough")
    shutil.copytree(REPO / "examples", where / "examples")
    for argv, shown in COMMANDS:
        result = run_cli(*argv, cwd=where)
        assert result.returncode == 0, result.stderr
        printed = result.stdout.splitlines() + result.stderr.splitlines()
        assert [line for line in shown if line not in printed] == [], printed
    return where


def test_the_answers_keep_the_export_s_own_columns_and_open_in_excel(workdir):
    raw = (workdir / "answers.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["id"] for r in rows] == ["E-1001", "E-1002", "E-1003", "E-1004", "E-1006"]
    assert rows[0]["label"] == "Ana López" and rows[0]["Department"] == "Finance"
    assert rows[0]["Telecommuter"] == "is"


def test_the_misspelt_contract_is_set_aside_with_its_cells(workdir):
    with (workdir / "rejects.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["line"], r["value"], r["Employee ID"], r["Full Name"]) for r in rows] == [
        ("6", "employe", "E-1005", "Sam O'Neil")]
    assert "did you mean 'employee'?" in rows[0]["reason"]


def test_the_charts_are_drawn(workdir):
    assert (workdir / "categories.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert (workdir / "jobs.png").read_bytes().startswith(b"\x89PNG")
