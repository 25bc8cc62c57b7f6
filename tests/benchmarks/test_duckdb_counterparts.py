"""benchmarks/duckdb/: each DuckDB counterpart asks the same question as its SPARQL query.

The query benchmark times every competency and README query beside DuckDB over
`classify`'s Parquet answers; the ratio means something only if both answer alike. Over a
store of the bundled examples (the seed records and the authorities' cases), each
question's first column (ids, words or counts) and row count must agree.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))
import duckdb_side  # noqa: E402

DATA = [REPO / "examples" / "workers.csv", REPO / "examples" / "authorities.csv"]
CLI = [sys.executable, "-m", "remote_kg.cli"]
QUESTIONS = sorted(duckdb_side.QUESTIONS.glob("*.sql"))
WORKER_ID = "field-sales-staff"


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def sides(tmp_path_factory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("duckdb-side")
    store = work / "store"
    _run([*CLI, "load", *map(str, DATA), "--store", str(store), "-q"])
    duckdb_side.prepare(DATA, work / "duckdb", CLI, lambda what, command: _run(command))
    return store, work / "duckdb"


def _sparql_query(question: Path) -> Path:
    query = REPO / "queries" / f"{question.stem}.rq"
    return query if query.exists() else duckdb_side.README_QUERIES / f"{question.stem}.rq"


def _key_column(path: Path, last: bool) -> Counter:
    """The answer's first (or last) column, IRIs cut to their last segment (an id or a
    name)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines and lines[0] in ("true", "false"):
        return Counter(lines)
    cells = [line.rsplit(",", 1)[-1] if last else line.split(",", 1)[0] for line in lines[1:]]
    return Counter(cell.rsplit("/", 1)[-1].rsplit("#", 1)[-1] for cell in cells)


def test_every_question_with_a_duckdb_counterpart_has_its_sparql_query():
    assert QUESTIONS
    assert all(_sparql_query(question).exists() for question in QUESTIONS)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda path: path.stem)
def test_duckdb_and_the_graph_give_the_same_answer(question, sides, tmp_path):
    store, duckdb_dir = sides
    query = _sparql_query(question)
    bind = (["--bind", f"worker=https://w3id.org/remote-kg/data/{WORKER_ID}"]
            if "--bind worker=" in query.read_text() else [])
    sparql = tmp_path / "sparql.csv"
    done = subprocess.run([*CLI, "query", str(query), "--store", str(store), "-f", "csv",
                           *bind], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    sparql.write_text(done.stdout, encoding="utf-8")
    duck = tmp_path / "duckdb.csv"
    _run(duckdb_side.duckdb_command(duckdb_dir, question, duck,
                                    WORKER_ID if bind else None))
    last = "compared by its last column" in question.read_text()
    graph_answer, duckdb_answer = _key_column(sparql, last), _key_column(duck, last)
    assert graph_answer == duckdb_answer
    assert sum(graph_answer.values()) > 0


@pytest.mark.parametrize("query", sorted(duckdb_side.README_QUERIES.glob("*.rq")),
                         ids=lambda path: path.stem)
def test_each_timed_readme_query_is_the_one_readme_shows(query):
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    text = "".join(line for line in query.read_text(encoding="utf-8").splitlines(True)
                   if not line.startswith("#"))
    assert " ".join(text.split()) in readme
