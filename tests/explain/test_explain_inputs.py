"""`explain` takes inputs as `classify` does: several files, a directory, a glob or `-`,
explained as one list; an id in two inputs and inputs of two kinds are one error each."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO, run_cli

ONE = "id,relation,workplaces\na,employee,home\n"
TWO = "id,relation,workplaces\nb,freelancer,client_site\n"


def _folder(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "1.csv").write_text(ONE, encoding="utf-8")
    (folder / "2.csv").write_text(TWO, encoding="utf-8")
    return folder


def test_a_directory_a_glob_and_stdin_are_explained_as_the_files_are(tmp_path):
    folder = _folder(tmp_path)
    args = ("--category", "Telecommuter", "-f", "json", "-q")
    files = run_cli("explain", folder / "1.csv", folder / "2.csv", *args)
    assert files.returncode == 0, files.stderr
    assert [e["id"] for e in json.loads(files.stdout)] == ["a", "b"]
    assert run_cli("explain", folder, *args).stdout == files.stdout
    piped = subprocess.run(
        [sys.executable, "-m", "remote_kg.cli", "explain", "-", str(folder / "2.csv"), *args],
        input=ONE, capture_output=True, text=True, cwd=REPO, timeout=600)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == files.stdout


def test_an_id_in_two_inputs_and_two_kinds_of_input_are_one_error_each(tmp_path):
    folder = _folder(tmp_path)
    again = tmp_path / "again.csv"
    again.write_text("id,relation\na,owner\n", encoding="utf-8")
    twice = run_cli("explain", folder / "1.csv", again, "-q")
    assert twice.returncode == 2 and twice.stdout == ""
    assert twice.stderr.splitlines() == [
        f"error: id 'a' is in two inputs: {folder / '1.csv'} and {again}; ids must be "
        "unique across the inputs"]
    mixed = run_cli("explain", folder / "1.csv", REPO / "examples" / "postings.jsonld", "-q")
    assert mixed.returncode == 2 and mixed.stdout == ""
    assert "give inputs of one kind at a time" in mixed.stderr
