"""--base is where every record's IRI starts: a value no IRI can start with is one error
line naming it, exit 2, before anything is read or written (it reached pyoxigraph's parser
as a traceback from `query --data`)."""

from __future__ import annotations

import pytest

from tests.conftest import REPO, run_cli

WORKERS = REPO / "examples" / "workers.csv"
DEALS = REPO / "examples" / "deals.csv"
QUERY = REPO / "queries" / "cq06-outsourcing-without-remote-work.rq"


@pytest.mark.parametrize("arguments", [
    ("classify", WORKERS),
    ("summary", WORKERS),
    ("import", WORKERS),
    ("explain", WORKERS, "--id", "freelance-engineer-at-home"),
    ("compare", WORKERS),
    ("classify-deals", DEALS, "--records", WORKERS),
    ("query", QUERY, "--data", WORKERS),
    ("load", WORKERS, "--store", "{store}"),
], ids=lambda arguments: arguments[0])
@pytest.mark.parametrize("base", ["http://x y/", "no scheme", "http://a/<b>"])
def test_a_base_no_iri_can_start_with_is_one_error_line(arguments, base, tmp_path):
    args = [str(a).replace("{store}", str(tmp_path / "store")) for a in arguments]
    result = run_cli(*args, "--base", base)
    assert result.returncode == 2, result.stderr
    assert not result.stdout and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        result.stderr.strip().splitlines()[0]] and repr(base) in result.stderr
    assert not (tmp_path / "store").exists()
