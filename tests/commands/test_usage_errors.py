"""Click's own complaints (a bad option value, a missing argument, an unknown option or
command) follow the project's standard, as every other error does: one line `error: ...`
naming the value and what was wrong, exit 2, nothing on stdout; not click's three lines
(Usage / Try / Error)."""

from __future__ import annotations

import pytest

from tests.conftest import REPO, run_cli

WORKERS = REPO / "examples" / "workers.csv"
QUERY = REPO / "queries" / "cq01-telecommuter-is-teleworker.rq"


@pytest.fixture(scope="module")
def a_file(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("usage") / "file"
    path.write_text("hi\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("args, names", [
    (["query", QUERY, "--store", "{file}"], ["'--store'", "'{file}' is a file",
                                             "remote-kg query --help"]),
    (["load", WORKERS, "--store", "{file}"], ["'--store'", "'{file}' is a file",
                                              "remote-kg load --help"]),
    (["serve", "--store", "{file}"], ["'--store'", "'{file}' is a file",
                                      "remote-kg serve --help"]),
    (["query", REPO], ["'QUERY_FILE'", f"'{REPO}' is a directory"]),
    (["explain", WORKERS, "-f", "jsonl"], ["'jsonl' is not one of 'text', 'markdown', 'json'",
                                           "remote-kg explain --help"]),
    (["classify"], ["Missing argument 'INPUT...'", "remote-kg classify --help"]),
    (["classify", WORKERS, "--bogus"], ["No such option '--bogus'"]),
    (["no-such-command"], ["No such command 'no-such-command'", "remote-kg --help"]),
])
def test_a_usage_error_is_one_line_naming_the_value(a_file, args, names):
    result = run_cli(*(str(a).format(file=a_file) for a in args))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for name in names:
        assert name.format(file=a_file) in lines[0]
    assert "Usage:" not in result.stderr and "Try '" not in result.stderr


def test_a_usage_error_quoting_a_control_character_stays_one_line():
    result = run_cli("classify", WORKERS, "-f", "js\non")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: Invalid value for '-f' / '--format': 'js\\non' is not one of 'json', "
        "'jsonl', 'csv', 'ttl', 'nt', 'parquet'; see remote-kg classify --help"]
