"""--base is where every record's IRI starts: a value no IRI can start with is one error
line naming it, exit 2, before anything is read or written (it reached pyoxigraph's parser
as a traceback from `query --data`)."""

from __future__ import annotations

import pytest

from tests.conftest import REPO, run_cli

WORKERS = REPO / "examples" / "workers.csv"
DEALS = REPO / "examples" / "deals.csv"
QUERY = REPO / "queries" / "cq06-outsourcing-without-remote-work.rq"


COMMANDS = [
    ("classify", WORKERS),
    ("summary", WORKERS),
    ("import", WORKERS),
    ("explain", WORKERS, "--id", "freelance-engineer-at-home"),
    ("compare", WORKERS),
    ("classify-deals", DEALS, "--records", WORKERS),
    ("query", QUERY, "--data", WORKERS),
    ("load", WORKERS, "--store", "{store}"),
]


def _refused(arguments, base: str, tmp_path) -> None:
    args = [str(a).replace("{store}", str(tmp_path / "store")) for a in arguments]
    result = run_cli(*args, "--base", base)
    assert result.returncode == 2, result.stderr
    assert not result.stdout and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and repr(base) in result.stderr
    assert not (tmp_path / "store").exists()


@pytest.mark.parametrize("arguments", COMMANDS, ids=lambda arguments: arguments[0])
def test_every_command_refuses_a_base_no_iri_can_start_with_in_one_line(arguments, tmp_path):
    _refused(arguments, "http://x y/", tmp_path)


@pytest.mark.parametrize("base", ["no scheme", "http://a/<b>"])
def test_other_bases_no_iri_can_start_with_are_refused_too(base, tmp_path):
    _refused(COMMANDS[-2], base, tmp_path)
