"""`query --data` and `serve --data` count the triples they load on stderr when it is a
terminal, say nothing of it in a pipe or with -q, and print the same stdout either way
(`load`: tests/kg/test_load_progress.py)."""

from __future__ import annotations

import pytest

from tests.conftest import HEADER, run_cli
from tests.terminal import run_with_terminal_stderr

ROWS = 1_500  # about 62,000 triples: past the first report of the triples loaded
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?w a <https://w3id.org/remote-kg/ontology#Worker> }\n"


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    path = tmp_path_factory.mktemp("progress") / "records.csv"
    kinds = ["employee,home", "freelancer,client_site", ",", "owner,org_main_office;home"]
    lines = [HEADER]
    for i in range(ROWS):
        relation, places = kinds[i % len(kinds)].split(",")
        lines.append(f"r{i},,{relation},{places},,,,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def query(records):
    path = records.with_name("workers.rq")
    path.write_text(COUNT, encoding="utf-8")
    return path


def test_query_over_data_counts_the_triples_it_loads_and_keeps_stdout_the_same(records, query):
    code, out, err = run_with_terminal_stderr("query", query, "--data", records)
    assert code == 0 and "triples loaded" in err and "/s" in err
    piped = run_cli("query", query, "--data", records)
    assert piped.returncode == 0 and piped.stderr == ""
    assert out == piped.stdout and f"\n{ROWS}\n" in out

    code, quiet_out, err = run_with_terminal_stderr("query", query, "--data", records, "-q")
    assert (code, quiet_out, err) == (0, out, "")


def test_serve_over_data_counts_the_triples_it_loads_before_it_listens(records):
    code, out, err = run_with_terminal_stderr("serve", "--port", "0", "--data", records,
                                              until="Query page")
    assert out == "" and "triples loaded" in err
    assert err.index("triples loaded") < err.index("SPARQL endpoint")
