"""The competency questions (queries/*.rq) give their expected answers over the seed examples.

The dataset is the ontology, the seed examples and the classifier's inferences. Each query's
expected result sits beside it in queries/expected/ (SPARQL CSV results, or .ask holding
true/false) and is compared as an unordered multiset of rows. Every query is also run on
rdflib, so it must be plain SPARQL 1.1 that both engines understand.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery

from remote_kg.api import build_store, inferred_graph
from remote_kg.model.ontology import EXAMPLES_PATH, QUERIES_DIR, ontology_graph

EXPECTED_DIR = QUERIES_DIR / "expected"
README = QUERIES_DIR / "README.md"
QUERY_FILES = sorted(QUERIES_DIR.glob("*.rq"))
HEADER = ("# Question:", "# Expected answer:", "# Source:")
SEED_FILE = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")
# An authority's document (the perspectives' questions cite it beside or instead of a seed).
AUTHORITY_URL = re.compile(r"\bhttps://\S+")
REPO = Path(__file__).resolve().parents[2]

Row = tuple[str, ...]


def data_of(query_text: str) -> tuple[Path, ...]:
    """The dataset a query's expected answer is over: the files of its `# Data:` line
    (relative to the repository), else the seed examples."""
    for line in query_text.splitlines():
        if line.startswith("# Data:"):
            return tuple(REPO / part.strip() for part in line[len("# Data:"):].split(","))
    return (EXAMPLES_PATH,)


@cache
def oxigraph_store(data: tuple[Path, ...] = (EXAMPLES_PATH,)) -> ox.Store:
    return build_store(list(data), include_examples=False)


@cache
def rdflib_graph(data: tuple[Path, ...] = (EXAMPLES_PATH,)) -> Graph:
    graph = ontology_graph()
    graph += inferred_graph(list(data))
    return graph


def expected_path(query: Path) -> Path:
    for suffix in (".csv", ".ask"):
        candidate = EXPECTED_DIR / (query.stem + suffix)
        if candidate.exists():
            return candidate
    return EXPECTED_DIR / (query.stem + ".csv")


def read_expected(query: Path) -> bool | tuple[Row, Counter[Row]]:
    path = expected_path(query)
    if path.suffix == ".ask":
        text = path.read_text(encoding="utf-8").strip()
        assert text in ("true", "false"), f"{path}: expected 'true' or 'false', got {text!r}"
        return text == "true"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = tuple(next(reader))
        return header, Counter(tuple(row) for row in reader)


def _ox_text(term: object) -> str:
    return "" if term is None else term.value


def run_oxigraph(text: str) -> bool | tuple[Row, Counter[Row]]:
    result = oxigraph_store(data_of(text)).query(text)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    header = tuple(v.value for v in result.variables)
    rows = Counter(tuple(_ox_text(s[v]) for v in result.variables) for s in result)
    return header, rows


def _rdflib_text(term: object) -> str:
    return "" if term is None else str(term)


def run_rdflib(text: str) -> bool | tuple[Row, Counter[Row]]:
    result = rdflib_graph(data_of(text)).query(text)
    if result.type == "ASK":
        return bool(result.askAnswer)
    header = tuple(str(v) for v in result.vars)
    rows = Counter(tuple(_rdflib_text(row[i]) for i in range(len(header))) for row in result)
    return header, rows


def describe_difference(actual, expected) -> str:
    if isinstance(expected, bool):
        return f"ASK answered {actual}, expected {expected}"
    (a_head, a_rows), (e_head, e_rows) = actual, expected
    if a_head != e_head:
        return f"variables {a_head}, expected {e_head}"
    missing = sorted((e_rows - a_rows).elements())
    extra = sorted((a_rows - e_rows).elements())
    return f"missing rows {missing[:20]}; unexpected rows {extra[:20]}"


def query_params() -> list:
    params = []
    for query in QUERY_FILES:
        params.append(pytest.param(query, id=query.stem))
    return params


# --- the query files ---------------------------------------------------------------------

def test_there_is_a_query_per_competency_question():
    assert len(QUERY_FILES) >= 12


@pytest.mark.parametrize("query", QUERY_FILES, ids=lambda q: q.stem)
def test_query_starts_with_question_expected_answer_and_source(query: Path):
    lines = query.read_text(encoding="utf-8").splitlines()
    for line, prefix in zip(lines[:3], HEADER):
        assert line.startswith(prefix) and line[len(prefix):].strip(), f"{query.name}: {line!r}"
    assert SEED_FILE.search(lines[2]) or AUTHORITY_URL.search(lines[2]), (
        f"{query.name}: the Source line names no seed file and no authority's document")


@pytest.mark.parametrize("query", QUERY_FILES, ids=lambda q: q.stem)
def test_query_has_an_expected_result_file(query: Path):
    path = expected_path(query)
    assert path.exists(), f"no expected result for {query.name} in {EXPECTED_DIR}"
    expected = read_expected(query)
    if not isinstance(expected, bool):
        header, rows = expected
        assert header and rows, f"{path}: needs a header and at least one row"
        assert all(len(row) == len(header) for row in rows), f"{path}: ragged rows"


def test_every_expected_file_belongs_to_a_query():
    stems = {q.stem for q in QUERY_FILES}
    assert {p.stem for p in EXPECTED_DIR.iterdir()} <= stems


def test_readme_lists_every_query():
    text = README.read_text(encoding="utf-8")
    for query in QUERY_FILES:
        assert f"({query.name})" in text or f"`{query.name}`" in text, query.name


@pytest.mark.parametrize("query", QUERY_FILES, ids=lambda q: q.stem)
def test_query_parses_on_both_engines(query: Path):
    text = query.read_text(encoding="utf-8")
    prepareQuery(text)
    ox.Store().query(text)


# --- the answers ---------------------------------------------------------------------------

@pytest.mark.parametrize("query", query_params())
def test_query_answer_on_oxigraph_matches_expected(query: Path):
    expected = read_expected(query)
    actual = run_oxigraph(query.read_text(encoding="utf-8"))
    assert actual == expected, describe_difference(actual, expected)


@pytest.mark.parametrize("query", query_params())
def test_query_answer_on_rdflib_matches_expected(query: Path):
    expected = read_expected(query)
    actual = run_rdflib(query.read_text(encoding="utf-8"))
    assert actual == expected, describe_difference(actual, expected)


@pytest.mark.parametrize("query, rows", [
    ("cq15-worker-categories.rq", "ROWS"),
    ("cq16-deal-categories.rq", "DEAL_ROWS"),
])
def test_category_listing_query_matches_seed_expectations(query: str, rows: str):
    """cq15 (workers) and cq16 (deals) over the seed examples equal their rows of
    tests/data/seed_expectations.csv."""
    import tests.model.test_seed_examples as test_seed_examples

    rkg = "https://w3id.org/remote-kg/ontology#"
    wanted = Counter(
        (test_seed_examples.expand(r["individual"]), rkg + r["category"], r["expected"])
        for r in getattr(test_seed_examples, rows)
    )
    _, found = run_oxigraph((QUERIES_DIR / query).read_text(encoding="utf-8"))
    got = Counter(found.elements())
    assert got == wanted, describe_difference((("",), got), (("",), wanted))
