"""`-o` never writes over a file the command reads: named as it is, through a symlink, as
a hard link of it, or inside a directory or pattern given as input. Every command with a
file -o refuses it before reading anything: one line naming the output, exit 2, nothing
on stdout, the input unchanged (as `--rejects` refuses to name an input). The CLI runs in
this process (`main`, as the console script calls it), one case in a subprocess."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli
from tests.pipeline.test_deal_rejects import run as run_here

WORKERS = (REPO / "examples" / "workers.csv").read_text(encoding="utf-8")
THREE = "\n".join(WORKERS.splitlines()[:4]) + "\n"
DEALS = "id,label,provider,workers\nd1,a deal,contractor,freelance-engineer-at-home\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "self.csv").write_text(THREE, encoding="utf-8")
    (tmp_path / "other.csv").write_text(THREE, encoding="utf-8")
    (tmp_path / "deals.csv").write_text(DEALS, encoding="utf-8")
    return tmp_path


@pytest.fixture
def refused(folder: Path, monkeypatch, capsys):
    """Run the CLI in `folder` and check it refused -o `output`, leaving `kept` as it was;
    the error line."""
    monkeypatch.chdir(folder)

    def run(*args: str, output: str = "self.csv", kept: str = "self.csv") -> str:
        before = (folder / kept).read_bytes()
        code, out, err = run_here(capsys, *args)
        assert code == 2, err
        assert out == ""
        lines = err.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: {output}: -o names an input "
                                                       "file"), err
        assert lines[0].endswith("give the output a file of its own")
        assert (folder / kept).read_bytes() == before
        return lines[0]

    return run


def test_classify_refuses_to_write_its_explanations_over_its_input(folder):
    before = (folder / "self.csv").read_bytes()
    result = run_cli("classify", "self.csv", "--explain", "-f", "json", "-o", "self.csv",
                     cwd=folder)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == ("error: self.csv: -o names an input file; writing the output "
                             "would overwrite it: give the output a file of its own\n")
    assert (folder / "self.csv").read_bytes() == before


@pytest.mark.parametrize("args", [
    ("classify", "self.csv", "--explain", "-f", "json", "-o", "self.csv"),
    ("classify", "other.csv", "self.csv", "-o", "self.csv"),
    ("classify", "self.csv", "--rejects", "bad.csv", "-o", "self.csv"),
    ("classify-deals", "deals.csv", "--records", "self.csv", "-o", "self.csv"),
    ("summary", "self.csv", "-o", "self.csv"),
    ("compare", "other.csv", "self.csv", "-o", "self.csv"),
    ("import", "self.csv", "-o", "self.csv"),
    ("explain", "self.csv", "-o", "self.csv"),
    ("validate", "self.csv", "-o", "self.csv"),
])
def test_every_command_refuses_to_write_over_its_input(refused, args):
    refused(*args)


def test_the_deals_file_is_an_input_too(refused):
    refused("classify-deals", "deals.csv", "--records", "self.csv", "-o", "deals.csv",
            output="deals.csv", kept="deals.csv")


def test_the_same_file_under_another_name_is_refused(folder, refused):
    os.link(folder / "self.csv", folder / "hard.csv")
    os.symlink("self.csv", folder / "link.csv")
    message = refused("classify", "hard.csv", "-o", "self.csv")
    assert "(hard.csv, the same file)" in message
    refused("classify", "link.csv", "-f", "json", "-o", "self.csv")
    refused("classify", "self.csv", "-f", "json", "-o", "link.csv", output="link.csv")
    refused("classify", "self.csv", "-o", f"{folder}/./self.csv",
            output=f"{folder}/./self.csv")


def test_an_input_directory_or_pattern_holding_the_output_is_refused(refused):
    refused("classify", ".", "-f", "json", "-o", "self.csv")
    refused("classify", "s*.csv", "-f", "json", "-o", "self.csv")


def test_an_output_beside_the_inputs_is_replaced(folder, monkeypatch, capsys):
    (folder / "answers.csv").write_text("written before\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    code, _, err = run_here(capsys, "classify", "self.csv", "-o", "answers.csv")
    assert code == 0, err
    assert (folder / "answers.csv").read_text(encoding="utf-8").startswith("id,label,")
