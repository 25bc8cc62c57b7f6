"""`remote-kg load` counts the records it stores on stderr when it is a terminal, says
nothing of it in a pipe, and nothing at all with -q."""

from __future__ import annotations

from tests.conftest import run_cli
from tests.terminal import run_with_terminal_stderr

RECORDS = "id,relation,workplaces\na,employee,home\nb,freelancer,client_site\nc,owner,\n"


def test_load_counts_the_records_it_stores_on_a_terminal_only(tmp_path):
    records = tmp_path / "records.csv"
    records.write_text(RECORDS, encoding="utf-8")
    code, out, err = run_with_terminal_stderr("load", records, "--store", tmp_path / "a")
    assert code == 0 and out == ""
    assert f"3 records stored from {records} [{'#' * 30}] 100.0%" in err
    assert "compacting the store" in err and "loaded 3 records" in err

    piped = run_cli("load", records, "--store", tmp_path / "b")
    assert piped.returncode == 0 and piped.stdout == ""
    assert piped.stderr.startswith("loaded 3 records") and "\r" not in piped.stderr


def test_quiet_load_says_nothing_on_a_terminal(tmp_path):
    records = tmp_path / "records.csv"
    records.write_text(RECORDS, encoding="utf-8")
    assert run_with_terminal_stderr("load", records, "--store", tmp_path / "s", "-q") == (
        0, "", "")
