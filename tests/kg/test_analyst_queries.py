"""The queries an analyst new to the project writes first give classify's answers everywhere.

Each query below is written as someone who has read only the README writes it: plain
`?w a rkg:Category`, `rkg:isNot`, `rkg:undecided`, FILTER NOT EXISTS, VALUES, a walk down
`rdfs:subClassOf*`. Its expected answer is computed from `remote-kg classify` over the same
file, and it is asked on every surface: `query --data`, `serve --data` over HTTP, a store
built by `load`, and a real Oxigraph server filled by `push`.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from remote_kg.kg.push import remote_query
from remote_kg.model.ontology import DEFAULT_BASE, PREFIXES
from tests.conftest import REPO, classify_json, run_cli
from tests.kg.test_push import oxigraph  # noqa: F401 (a fixture: a real Oxigraph server)
from tests.server.test_server_support import running_server

DATA = REPO / "examples" / "workers.csv"
RKG = PREFIXES["rkg"]
DECLARED = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

Answers = dict[str, dict[str, list[str]]]


def _iri(record_id: str) -> str:
    from urllib.parse import quote

    return DEFAULT_BASE + quote(record_id, safe="")


def _workers(answers: Answers, test: Callable[[dict[str, list[str]]], bool]) -> Counter:
    return Counter((_iri(rid),) for rid, row in answers.items() if test(row))


def _category_counts(answers: Answers) -> Counter:
    counts = Counter({(RKG + "Worker", str(len(answers))): 1})
    per = Counter(c for row in answers.values() for c in row["is"])
    counts.update({(RKG + c, str(n)): 1 for c, n in per.items()})
    return counts


def _facts_workers(test: Callable[[dict[str, str]], bool]) -> Callable[[Answers], Counter]:
    """Expected rows computed from the CSV's own columns (for questions about facts)."""

    def expected(_answers: Answers) -> Counter:
        with DATA.open(newline="", encoding="utf-8") as handle:
            return Counter((_iri(row["id"]),) for row in csv.DictReader(handle) if test(row))

    return expected


# (name, query as a newcomer writes it, expected rows computed from classify's answers)
QUERIES: list[tuple[str, str, Callable[[Answers], Counter]]] = [
    (
        "at-the-organisations-premises",
        "SELECT DISTINCT ?w WHERE { ?w rkg:worksAt ?p . ?p a rkg:OrganisationPremises }",
        _facts_workers(lambda row: bool(  # the complete list or the places known so far
            {"org_main_office", "org_branch_office"}
            & set(f"{row['workplaces']};{row.get('workplaces_known', '')}".split(";")))),
    ),
    (
        "working-for-the-organisation",
        "SELECT DISTINCT ?w WHERE { ?w rkg:worksFor ?organisation }",
        _facts_workers(lambda row: bool(row["relation"].strip())),
    ),
    (
        "telecommuters",
        "SELECT ?w WHERE { ?w a rkg:Telecommuter }",
        lambda a: _workers(a, lambda r: "Telecommuter" in r["is"]),
    ),
    (
        "two-types-at-once",
        "SELECT ?w WHERE { ?w a rkg:RemoteWorker , rkg:Employee }",
        lambda a: _workers(a, lambda r: {"RemoteWorker", "Employee"} <= set(r["is"])),
    ),
    (
        "virtual-freelancers",
        "SELECT ?w WHERE { ?w a rkg:VirtualWorker , rkg:Freelancer }",
        lambda a: _workers(a, lambda r: {"VirtualWorker", "Freelancer"} <= set(r["is"])),
    ),
    (
        "not-known-to-be-telecommuters",
        "SELECT ?w WHERE { ?w a rkg:Worker FILTER NOT EXISTS { ?w a rkg:Telecommuter } }",
        lambda a: _workers(a, lambda r: "Telecommuter" not in r["is"]),
    ),
    (
        "category-from-values",
        "SELECT ?w WHERE { VALUES ?c { rkg:Telecommuter } ?w a ?c }",
        lambda a: _workers(a, lambda r: "Telecommuter" in r["is"]),
    ),
    (
        "counts-per-category",
        "SELECT ?c (COUNT(?w) AS ?n) WHERE { ?c rdfs:subClassOf* rkg:Worker . ?w a ?c } "
        "GROUP BY ?c",
        _category_counts,
    ),
    (
        "count-of-virtual-workers",
        "SELECT (COUNT(?w) AS ?n) WHERE { ?w a rkg:VirtualWorker }",
        lambda a: Counter({(str(sum("VirtualWorker" in r["is"] for r in a.values())),): 1}),
    ),
    (
        "certainly-not-telecommuters",
        "SELECT ?w WHERE { ?w rkg:isNot rkg:Telecommuter }",
        lambda a: _workers(a, lambda r: "Telecommuter" in r["is_not"]),
    ),
    (
        "cannot-tell-employees",
        "SELECT ?w WHERE { ?w rkg:undecided rkg:Employee }",
        lambda a: _workers(a, lambda r: "Employee" in r["unknown"]),
    ),
    (
        "teleworkers-not-telecommuters",
        "SELECT ?w WHERE { ?w a rkg:Teleworker ; rkg:isNot rkg:Telecommuter }",
        lambda a: _workers(
            a, lambda r: "Teleworker" in r["is"] and "Telecommuter" in r["is_not"]
        ),
    ),
    (
        "flexible-but-not-virtual",
        "SELECT DISTINCT ?w WHERE { ?w a rkg:FlexWorker . ?w rkg:isNot rkg:VirtualWorker }",
        lambda a: _workers(
            a, lambda r: "FlexWorker" in r["is"] and "VirtualWorker" in r["is_not"]
        ),
    ),
]


def _rows(csv_text: str) -> Counter:
    rows = list(csv.reader(io.StringIO(csv_text)))
    return Counter(tuple(row) for row in rows[1:] if row)


@pytest.fixture(scope="module")
def answers() -> Answers:
    return classify_json(DATA)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("analyst") / "store"
    result = run_cli("load", DATA, "--store", directory)
    assert result.returncode == 0, result.stderr
    return directory


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(tmp_path_factory.mktemp("serve"), "--data", str(DATA)) as server:
        yield server.base + "/sparql"


@pytest.fixture(scope="module")
def pushed(oxigraph: str) -> str:  # noqa: F811 (the fixture imported above)
    """The query URL of a real Oxigraph server holding what `push` sent."""
    url = oxigraph + "/query"
    result = run_cli("push", "--endpoint", url, DATA)
    assert result.returncode == 0, result.stderr
    return url


@pytest.mark.parametrize("name, query, expected", QUERIES, ids=[q[0] for q in QUERIES])
def test_query_without_prefix_lines_on_the_cli_matches_classify(name, query, expected, answers,
                                                                tmp_path):
    path = tmp_path / f"{name}.rq"
    path.write_text(query + "\n")
    result = run_cli("query", path, "--data", DATA, "--format", "csv")
    assert result.returncode == 0, result.stderr
    want = expected(answers)
    assert _rows(result.stdout) == want
    assert sum(want.values()) > 0 or name == "virtual-freelancers", "a query that tests nothing"


@pytest.mark.parametrize("name, query, expected", QUERIES, ids=[q[0] for q in QUERIES])
def test_query_over_a_loaded_store_matches_classify(name, query, expected, answers, store,
                                                    tmp_path):
    path = tmp_path / f"{name}.rq"
    path.write_text(DECLARED + query + "\n")
    result = run_cli("query", path, "--store", store, "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert _rows(result.stdout) == expected(answers)


@pytest.mark.parametrize("name, query, expected", QUERIES, ids=[q[0] for q in QUERIES])
def test_query_on_the_endpoint_matches_classify(name, query, expected, answers, served):
    response = httpx.post(served, data={"query": DECLARED + query},
                          headers={"Accept": "text/csv"}, timeout=60)
    assert response.status_code == 200, response.text
    assert _rows(response.text) == expected(answers)


@pytest.mark.parametrize("name, query, expected", QUERIES, ids=[q[0] for q in QUERIES])
def test_query_on_a_pushed_oxigraph_matches_classify(name, query, expected, answers, pushed):
    body = remote_query(pushed, DECLARED + query, "text/csv").decode()
    assert _rows(body) == expected(answers)


def test_every_record_has_exactly_one_status_per_category(answers, store):
    import pyoxigraph as ox

    categories = {c for row in answers.values() for s in ("is", "is_not", "unknown")
                  for c in row[s]}
    opened = ox.Store.read_only(str(store))
    query = DECLARED + """SELECT ?w ?c (COUNT(*) AS ?n) WHERE {
        { ?w a ?c } UNION { ?w rkg:isNot ?c } UNION { ?w rkg:undecided ?c }
        ?w rkg:recordId ?id . ?c rdfs:subClassOf+ rkg:Worker .
    } GROUP BY ?w ?c"""
    counts = {(r["w"].value, r["c"].value): int(r["n"].value) for r in opened.query(query)}
    assert len(counts) == len(answers) * len(categories)
    assert set(counts.values()) == {1}
