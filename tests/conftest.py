"""Shared fixtures: writing CSV files and running the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
HEADER = "id,label,relation,workplaces,schedule,tools,location_bound,uses_ict"


@pytest.fixture
def write_csv(tmp_path):
    """Write CSV text to a file in tmp_path and return its path."""

    def write(text: str, name: str = "records.csv") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed `remote-kg` entry point as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "remote_kg.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        timeout=600,
    )


def classify_json(path: Path, *extra: str) -> dict[str, dict[str, list[str]]]:
    result = run_cli("classify", path, "--format", "json", *extra)
    assert result.returncode == 0, result.stderr
    return {row["id"]: row for row in json.loads(result.stdout)}


_STATUS_QUERY = """
PREFIX rkg: <https://w3id.org/remote-kg/ontology#>
SELECT DISTINCT ?worker ?category ?status WHERE {
  ?worker a rkg:Worker .
  { ?worker a ?category . BIND ("is" AS ?status) }
  UNION { ?worker rkg:isNot ?category . BIND ("is_not" AS ?status) }
  UNION { ?worker rkg:undecided ?category . BIND ("unknown" AS ?status) }
  FILTER (STRSTARTS(STR(?category), STR(rkg:)) && ?category NOT IN (rkg:Worker, rkg:Agent))
}
"""


def answer_statuses(graph) -> dict[tuple[str, str], str]:
    """(worker IRI, category local name) -> is / is_not / unknown, read from the plain
    triples of docs/data-model.md in an rdflib graph or a pyoxigraph store."""
    statuses: dict[tuple[str, str], str] = {}
    for row in graph.query(_STATUS_QUERY):
        worker, category, status = (
            (str(row[0]), str(row[1]), str(row[2]))
            if isinstance(row, tuple)
            else (row["worker"].value, row["category"].value, row["status"].value)
        )
        local = category.rsplit("#", 1)[-1]
        if (worker, local) in statuses and statuses[worker, local] != status:
            raise AssertionError(f"{worker} has two statuses for {local}")
        statuses[worker, local] = status
    return statuses


# The test files that take longest, slowest first (junit times of a full run, 2026-12-07).
# scripts/test.sh runs the suite with `--dist loadfile --no-loadscope-reorder`: each file
# goes whole to the next free worker, in collection order; starting the long ones first
# (longest processing time first) keeps the workers from ending minutes apart, as they did
# when a 10-minute file happened to be dealt last. Other files follow in their own order.
SLOW_FILES_FIRST = (
    "tests/explain/test_explain.py",
    "tests/explain/test_explanations_confirmed_by_hermit.py",
    "tests/commands/test_outputs.py",
    "tests/pipeline/test_input_gate.py",
    "tests/commands/test_cli.py",
    "tests/checks/test_shapes.py",
    "tests/columnar/test_columnar.py",
    "tests/kg/test_plain_sparql.py",
    "tests/authorities/test_perspectives.py",
    "tests/model/test_release.py",
    "tests/classification/test_deals.py",
    "tests/kg/test_push.py",
    "tests/kg/test_analyst_queries.py",
    "tests/commands/test_output_formats.py",
    "tests/pipeline/test_inputs_as_they_arrive.py",
    "tests/kg/test_query_says_what_it_does.py",
    "tests/hostile/test_fuzz.py",
    "tests/explain/test_references.py",
    "tests/explain/test_authority_and_posting_explanations_confirmed_by_hermit.py",
    "tests/explain/test_explain_postings.py",
    "tests/explain/test_explain_authorities.py",
    "tests/columnar/test_spark_extra.py",
    "tests/server/test_server.py",
    "tests/checks/test_quality.py",
    "tests/hostile/test_query_limits.py",
    "tests/pipeline/test_job_postings.py",
    "tests/commands/test_summary.py",
    "tests/kg/test_store.py",
    "tests/reasoners/test_reasoner_parity.py",
    "tests/benchmarks/test_duckdb_counterparts.py",
)


def pytest_collection_modifyitems(config, items):
    """Put the slowest files first, keeping every file's tests in their own order."""
    rank = {name: i for i, name in enumerate(SLOW_FILES_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))
