"""`remote-kg serve`: the SPARQL 1.1 Protocol, read-only and safe, tested over real HTTP."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from tests.server.test_server_support import RECORDS_CSV, Listener, Server, running_server

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
PREFIXES = """PREFIX rkg: <https://w3id.org/remote-kg/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
CLASSES = PREFIXES + "SELECT ?c ?label WHERE { ?c a owl:Class ; rdfs:label ?label } ORDER BY ?c"
CONSTRUCT = PREFIXES + (
    "CONSTRUCT { ?c rdfs:label ?label } WHERE { ?c a owl:Class ; rdfs:label ?label }"
)
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
DATA = "https://w3id.org/remote-kg/data/"
MAX_ROWS = 500
TIMEOUT = 4


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("serve")
    (tmp / "records.csv").write_text(RECORDS_CSV)
    queries = tmp / "queries"
    queries.mkdir()
    (queries / "cq-01-employees.rq").write_text(
        "# Question: Which workers are employees?\n" + PREFIXES
        + "SELECT ?w WHERE { ?w a rkg:Employee }\n"
    )
    with running_server(
        tmp, "--no-examples", "--data", str(tmp / "records.csv"), "--timeout", str(TIMEOUT),
        "--max-rows", str(MAX_ROWS), "--max-body", "65536", "--queries-dir", str(queries),
    ) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: Server):
    with httpx.Client(base_url=server.base, timeout=60) as http:
        yield http


def select(client: httpx.Client, query: str, **params: str) -> httpx.Response:
    return client.post(
        "/sparql", data={"query": query, **params},
        headers={"Accept": "application/sparql-results+json"},
    )


def count_classes(client: httpx.Client) -> int:
    query = PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?c a owl:Class }"
    return int(select(client, query).json()["results"]["bindings"][0]["n"]["value"])


# -- the protocol ---------------------------------------------------------------------------

def test_get_without_query_returns_a_service_description(server: Server, client: httpx.Client):
    response = client.get("/sparql")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    service = graph.value(predicate=SD.endpoint, object=URIRef(server.endpoint))
    assert service is not None
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    triples = [int(o) for o in graph.objects(None, VOID.triples)]
    assert triples and triples[0] > 900


def test_get_post_form_and_post_query_body_give_the_same_answer(client: httpx.Client):
    accept = {"Accept": "application/sparql-results+json"}
    by_get = client.get("/sparql", params={"query": CLASSES}, headers=accept)
    by_form = client.post("/sparql", data={"query": CLASSES}, headers=accept)
    by_body = client.post(
        "/sparql", content=CLASSES.encode(),
        headers={**accept, "Content-Type": "application/sparql-query"},
    )
    answers = [r.json()["results"]["bindings"] for r in (by_get, by_form, by_body)]
    assert all(r.status_code == 200 for r in (by_get, by_form, by_body))
    assert answers[0] == answers[1] == answers[2]
    assert {"c", "label"} <= set(answers[0][0])
    assert any(b["c"]["value"].endswith("#Teleworker") for b in answers[0])


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
        ("text/csv", ox.QueryResultsFormat.CSV),
    ],
)
def test_select_results_parse_back_in_every_format(client: httpx.Client, accept, fmt):
    response = client.post("/sparql", data={"query": CLASSES}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    reference = select(client, CLASSES).json()["results"]["bindings"]
    expected = [(b["c"]["value"], b["label"]["value"]) for b in reference]
    if fmt == ox.QueryResultsFormat.CSV:
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[0] == ["c", "label"]
        assert [tuple(r) for r in rows[1:]] == expected
        return
    parsed = ox.parse_query_results(response.content, format=fmt)
    assert [v.value for v in parsed.variables] == ["c", "label"]
    assert [(s["c"].value, s["label"].value) for s in parsed] == expected


def test_ask_answers_a_boolean_in_json_and_xml(client: httpx.Client):
    ask = PREFIXES + "ASK { rkg:Teleworker a owl:Class }"
    as_json = client.get("/sparql", params={"query": ask}, headers={"Accept": "application/json"})
    assert as_json.json()["boolean"] is True
    as_xml = client.get(
        "/sparql", params={"query": ask.replace("Teleworker", "NoSuchClass")},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert bool(ox.parse_query_results(as_xml.content, format=ox.QueryResultsFormat.XML)) is False


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
     ("application/rdf+xml", "xml")],
)
def test_construct_results_parse_back_in_every_rdf_format(client: httpx.Client, accept,
                                                          rdflib_format):
    response = client.post("/sparql", data={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    graph = Graph().parse(data=response.content, format=rdflib_format)
    classes = select(client, CLASSES).json()["results"]["bindings"]
    assert len(graph) == len(classes) > 10
    assert (URIRef("https://w3id.org/remote-kg/ontology#Teleworker"), None, None) in graph


def test_accept_q_values_choose_the_format(client: httpx.Client):
    accept = "text/csv;q=0.5, application/sparql-results+xml;q=0.9, */*;q=0.1"
    response = client.post("/sparql", data={"query": CLASSES}, headers={"Accept": accept})
    assert response.headers["content-type"].startswith("application/sparql-results+xml")
    refused = "application/sparql-results+json;q=0, text/csv"
    response = client.post("/sparql", data={"query": CLASSES}, headers={"Accept": refused})
    assert response.headers["content-type"].startswith("text/csv")


def test_the_served_data_holds_records_and_their_inferred_categories(client: httpx.Client):
    query = PREFIXES + f"""SELECT ?cat WHERE {{ <{DATA}w1> a ?cat .
        FILTER(STRSTARTS(STR(?cat), STR(rkg:))) }}"""
    categories = {b["cat"]["value"].split("#")[1]
                  for b in select(client, query).json()["results"]["bindings"]}
    assert {"Employee", "WorkFromHomeEmployee", "Teleworker"} <= categories
    ask = PREFIXES + f"ASK {{ <{DATA}w2> rkg:isNot rkg:RemoteWorker }}"
    assert select(client, ask).json()["boolean"] is True


def test_the_served_data_names_the_run_that_gave_its_answers(client: httpx.Client):
    """Every served record links to one classification run (PROV-O), which says which
    ontology version and engine gave the answers."""
    query = PREFIXES + """PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?w ?version ?engine WHERE { ?w rkg:recordId ?id ; rkg:classifiedBy ?run .
        ?run a prov:Activity ; rkg:usedOntologyVersion ?version ; rkg:engineName ?engine }"""
    rows = {(b["w"]["value"], b["version"]["value"], b["engine"]["value"])
            for b in select(client, query).json()["results"]["bindings"]}
    version = "https://w3id.org/remote-kg/ontology/0.1.0"
    assert rows == {(f"{DATA}w1", version, "fast"), (f"{DATA}w2", version, "fast")}


# -- status codes ---------------------------------------------------------------------------

def test_malformed_query_is_400_with_the_position(client: httpx.Client):
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert response.status_code == 400
    assert "not valid SPARQL" in response.text and "{" not in response.text.split("near")[0]
    assert len(response.text.strip().splitlines()) == 1


def test_unacceptable_accept_is_406(client: httpx.Client):
    response = client.post("/sparql", data={"query": CLASSES}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text
    graph_as_table = client.post(
        "/sparql", data={"query": CONSTRUCT},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert graph_as_table.status_code == 406


def test_unsupported_content_type_is_415(client: httpx.Client):
    response = client.post("/sparql", content=CLASSES, headers={"Content-Type": "text/plain"})
    assert response.status_code == 415


def test_wrong_method_is_405_with_allow(client: httpx.Client):
    response = client.put("/sparql", content=b"")
    assert response.status_code == 405
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {
        "GET", "HEAD", "POST", "OPTIONS"}
    page = client.post("/", data={"query": CLASSES})
    assert page.status_code == 405
    assert "GET" in page.headers["allow"]


def test_request_body_over_the_limit_is_413(client: httpx.Client):
    big = CLASSES + "#" + "x" * 70000
    response = client.post(
        "/sparql", content=big, headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 413
    assert client.get("/sparql").status_code == 200  # still serving


def test_missing_query_in_a_post_is_400(client: httpx.Client):
    assert client.post("/sparql", data={"nothing": "here"}).status_code == 400


def test_requests_addressed_to_another_host_name_are_refused(client: httpx.Client):
    # DNS rebinding: a page on another site resolving its name to 127.0.0.1
    response = client.get("/sparql", headers={"Host": "attacker.example"})
    assert response.status_code == 403


# -- read-only ------------------------------------------------------------------------------

def test_updates_are_refused_with_403_and_change_nothing(client: httpx.Client):
    before = count_classes(client)
    insert = PREFIXES + "INSERT DATA { rkg:Injected a owl:Class }"
    responses = [
        client.post("/sparql", data={"update": insert}),
        client.post("/sparql", content=insert,
                    headers={"Content-Type": "application/sparql-update"}),
        client.post("/update", content=insert,
                    headers={"Content-Type": "application/sparql-update"}),
        client.put("/store?default", content=b"<urn:a> <urn:b> <urn:c> .",
                   headers={"Content-Type": "application/n-triples"}),
        client.post("/store?default", content=b"<urn:a> <urn:b> <urn:c> .",
                    headers={"Content-Type": "application/n-triples"}),
        client.delete("/store?default"),
        client.post("/data?default", content=b"<urn:a> <urn:b> <urn:c> .",
                    headers={"Content-Type": "application/n-triples"}),
    ]
    assert [r.status_code for r in responses] == [403] * len(responses)
    assert count_classes(client) == before


def test_an_update_sent_as_a_query_is_400(client: httpx.Client):
    response = client.get("/sparql", params={"query": "CLEAR DEFAULT"})
    assert response.status_code == 400
    assert "read-only" in response.text


def test_graph_store_read_returns_the_default_graph(client: httpx.Client):
    response = client.get("/store?default", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="nt")
    assert len(graph) == MAX_ROWS  # the default graph is larger than the row cap
    assert response.headers["x-result-truncated"].startswith("true")


# -- no outbound requests -------------------------------------------------------------------

@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ BIND(<http://127.0.0.1:{port}/> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?s ?p ?o {{ SELECT * {{ OPTIONAL {{ "
        "SERVICE <http://127.0.0.1:{port}/> {{ ?a ?b ?c }} }} }} }} }}",
    ],
)
def test_queries_that_would_fetch_are_refused_before_running(client: httpx.Client, template):
    listener = Listener()
    try:
        query = template.format(port=listener.port)
        response = client.post("/sparql", data={"query": query})
        time.sleep(0.5)  # give a stray outbound request time to arrive
        assert response.status_code == 400
        assert "SERVICE" in response.text
        assert listener.connections == 0
    finally:
        listener.close()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * FROM <http://127.0.0.1:{port}/> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <http://127.0.0.1:{port}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "PREFIX here: <http://127.0.0.1:{port}/> SELECT * FROM here:g WHERE {{ ?s ?p ?o }}",
        "ASK FROM <http://127.0.0.1:{port}/> {{ ?s ?p ?o }}",
    ],
)
def test_from_a_graph_the_store_lacks_reads_an_empty_graph_and_fetches_nothing(
        client: httpx.Client, template):
    listener = Listener()
    try:
        query = template.format(port=listener.port)
        response = client.post("/sparql", data={"query": query},
                               headers={"Accept": "application/sparql-results+json"})
        time.sleep(0.5)  # give a stray outbound request time to arrive
        assert response.status_code == 200, response.text
        answer = response.json()
        assert answer.get("boolean") is False or answer["results"]["bindings"] == []
        assert listener.connections == 0
    finally:
        listener.close()


def test_load_is_refused_and_fetches_nothing(client: httpx.Client):
    listener = Listener()
    try:
        load = f"LOAD <http://127.0.0.1:{listener.port}/data.ttl>"
        as_query = client.post("/sparql", data={"query": load})
        as_update = client.post("/sparql", data={"update": load})
        time.sleep(0.5)
        assert (as_query.status_code, as_update.status_code) == (400, 403)
        assert listener.connections == 0
    finally:
        listener.close()


def test_protocol_graph_parameters_naming_graphs_the_store_lacks_read_empty_graphs(
        client: httpx.Client):
    listener = Listener()
    try:
        response = client.post("/sparql", data={
            "query": CLASSES, "default-graph-uri": f"http://127.0.0.1:{listener.port}/g"},
            headers={"Accept": "application/sparql-results+json"})
        time.sleep(0.5)
        assert response.status_code == 200
        assert response.json()["results"]["bindings"] == []
        assert listener.connections == 0
    finally:
        listener.close()
    bad = client.post("/sparql", data={"query": CLASSES, "default-graph-uri": "not an iri"})
    assert bad.status_code == 400 and "absolute IRIs" in bad.text


def test_service_and_from_in_comments_strings_and_iris_are_not_refused(client: httpx.Client):
    query = PREFIXES + """# SERVICE <http://127.0.0.1:9/> and FROM <http://127.0.0.1:9/>
    SELECT ?label WHERE {
      ?c rdfs:label ?label .
      FILTER(?label != "SERVICE <http://127.0.0.1:9/> FROM <http://x/>")
      FILTER(?c != <http://example.org/SERVICE/FROM>)
    } LIMIT 1"""
    response = select(client, query)
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == 1


# -- limits ---------------------------------------------------------------------------------

def test_results_are_cut_at_max_rows_with_a_header(client: httpx.Client):
    response = select(client, "SELECT * WHERE { ?s ?p ?o }")
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == MAX_ROWS
    assert response.headers["x-result-truncated"] == f"true; max-rows={MAX_ROWS}"
    small = select(client, "SELECT * WHERE { ?s ?p ?o } LIMIT 3")
    assert "x-result-truncated" not in small.headers


def test_a_long_query_is_killed_at_the_timeout_and_the_server_goes_on(server: Server,
                                                                      client: httpx.Client):
    workers_before = server.worker_pids()
    assert len(workers_before) == 5  # two general workers, the quick one and two spares
    started = time.monotonic()
    response = select(client, CROSS_PRODUCT)
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert "time limit" in response.text
    assert TIMEOUT - 0.5 <= elapsed < TIMEOUT + 5
    # the worker that ran it is gone (really stopped, not left computing) ...
    killed = workers_before - server.worker_pids()
    assert len(killed) == 1
    assert not Path(f"/proc/{killed.pop()}").exists()
    # ... and the server answers at once, with a replacement worker on its way
    assert select(client, CLASSES).status_code == 200
    deadline = time.monotonic() + 60
    while len(server.worker_pids()) < 5 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(server.worker_pids()) == 5


@pytest.mark.slow
def test_a_query_whose_client_hangs_up_is_stopped_long_before_its_time_limit(tmp_path: Path):
    (tmp_path / "records.csv").write_text(RECORDS_CSV)
    args = ("--no-examples", "--data", str(tmp_path / "records.csv"), "--timeout", "120")
    with running_server(tmp_path, *args) as server:
        workers_before = server.worker_pids()
        assert len(workers_before) == 5
        with (
            httpx.Client(base_url=server.base, timeout=1) as impatient,
            pytest.raises(httpx.ReadTimeout),
        ):
            impatient.post("/sparql", data={"query": CROSS_PRODUCT})
        hung_up = time.monotonic()
        killed: set[int] = set()
        while not killed and time.monotonic() < hung_up + 10:
            killed = workers_before - server.worker_pids()
            time.sleep(0.1)
        assert len(killed) == 1, "the worker kept computing for a client that had gone"
        assert not Path(f"/proc/{killed.pop()}").exists()
        with httpx.Client(base_url=server.base, timeout=60) as http:
            assert select(http, CLASSES).status_code == 200


def test_a_client_may_ask_for_a_shorter_timeout_but_not_a_longer_one(client: httpx.Client):
    started = time.monotonic()
    short = select(client, CROSS_PRODUCT, timeout="1")
    short_elapsed = time.monotonic() - started
    started = time.monotonic()
    long = select(client, CROSS_PRODUCT, timeout="3600")
    long_elapsed = time.monotonic() - started
    assert short.status_code == long.status_code == 503
    assert short_elapsed < TIMEOUT - 1
    assert TIMEOUT - 0.5 <= long_elapsed < TIMEOUT + 5
    assert select(client, CLASSES, timeout="nonsense").status_code == 400


def test_other_clients_are_answered_while_a_query_runs_long(server: Server):
    def long_query() -> tuple[int, float]:
        started = time.monotonic()
        with httpx.Client(base_url=server.base, timeout=60) as http:
            return select(http, CROSS_PRODUCT).status_code, time.monotonic() - started

    def short_queries(_: int) -> list[tuple[int, float]]:
        out = []
        with httpx.Client(base_url=server.base, timeout=60) as http:
            for _ in range(3):
                started = time.monotonic()
                status = select(http, CLASSES).status_code
                out.append((status, time.monotonic() - started))
        return out

    with ThreadPoolExecutor(max_workers=7) as pool:
        slow = pool.submit(long_query)
        time.sleep(0.5)
        quick = [pool.submit(short_queries, i) for i in range(6)]
        quick_results = [item for future in quick for item in future.result()]
        assert not slow.done()  # the long query was still running meanwhile
        assert slow.result()[0] == 503
    assert [status for status, _ in quick_results] == [200] * 18
    assert max(seconds for _, seconds in quick_results) < TIMEOUT


def test_cors_is_off_by_default(client: httpx.Client):
    response = select(client, CLASSES)
    assert "access-control-allow-origin" not in response.headers
    headers = {"Origin": "http://example.org", "Access-Control-Request-Method": "POST"}
    preflight = client.options("/sparql", headers=headers)
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_origin_is_allowed_when_asked(tmp_path: Path):
    args = ("--no-examples", "--cors", "http://example.org")
    with running_server(tmp_path, *args) as server, httpx.Client(base_url=server.base) as http:
        allowed = http.get("/sparql", params={"query": CLASSES},
                           headers={"Origin": "http://example.org"})
        other = http.get("/sparql", params={"query": CLASSES},
                         headers={"Origin": "http://other.example"})
        preflight = http.options("/sparql", headers={"Origin": "http://example.org"})
    assert allowed.headers["access-control-allow-origin"] == "http://example.org"
    assert "access-control-allow-origin" not in other.headers
    assert preflight.status_code == 204
    assert "POST" in preflight.headers["access-control-allow-methods"]


# -- as an analyst would --------------------------------------------------------------------

def test_sparqlwrapper_runs_select_ask_and_construct(server: Server):
    sparql = SPARQLWrapper(server.endpoint)
    sparql.setQuery(CLASSES)
    sparql.setReturnFormat(JSON)
    rows = sparql.query().convert()["results"]["bindings"]
    assert any(r["label"]["value"] == "teleworker" or r["c"]["value"].endswith("#Teleworker")
               for r in rows)
    sparql.setQuery(PREFIXES + "ASK { rkg:Teleworker a owl:Class }")
    assert sparql.query().convert()["boolean"] is True
    sparql.setQuery(CONSTRUCT)
    sparql.setReturnFormat(TURTLE)
    turtle = sparql.query().convert()
    assert len(Graph().parse(data=turtle, format="turtle")) == len(rows)


# -- the query page -------------------------------------------------------------------------

def test_query_page_and_competency_queries_are_served(client: httpx.Client):
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "connect-src 'self'" in page.headers["content-security-policy"]
    form = client.get("/form")
    assert 'action="/sparql"' in form.text
    payload = client.get("/queries.json").json()
    assert payload["queries"] == [{
        "name": "cq-01-employees",
        "question": "Which workers are employees?",
        "query": payload["queries"][0]["query"],
    }]
    assert set(payload["prefixes"]) == {"rkg", "rdf", "rdfs", "owl", "skos", "dcterms", "xsd"}
    assert payload["defaultQuery"].startswith("PREFIX rkg: <https://w3id.org/remote-kg/ontology#>")
    cq = select(client, payload["queries"][0]["query"]).json()["results"]["bindings"]
    assert {b["w"]["value"] for b in cq} == {DATA + "w1", DATA + "w2"}
    for asset in ("/static/form.js", "/static/style.css"):
        assert client.get(asset).status_code == 200
    assert client.get("/static/../../cli.py").status_code == 404


def test_queries_json_matches_the_repository_queries(tmp_path: Path):
    from remote_kg.model.ontology import QUERIES_DIR
    from remote_kg.server.page import load_competency_queries

    found = load_competency_queries(QUERIES_DIR)
    assert [q.name for q in found] == sorted(p.stem for p in QUERIES_DIR.glob("*.rq"))
    assert all(q.question for q in found)


def test_serve_refuses_data_and_store_together(tmp_path: Path):
    from click.testing import CliRunner

    from remote_kg.cli import cli

    data = tmp_path / "r.csv"
    data.write_text(RECORDS_CSV)
    result = CliRunner().invoke(cli, ["serve", "--data", str(data), "--store", str(tmp_path)])
    assert result.exit_code != 0
    assert "not both" in str(result.exception) + result.output


def test_json_results_are_well_formed(client: httpx.Client):
    response = select(client, PREFIXES + 'SELECT ?x WHERE { BIND("a\\"b\\n<c>"@en AS ?x) }')
    binding = json.loads(response.text)["results"]["bindings"][0]["x"]
    assert binding == {"type": "literal", "value": 'a"b\n<c>', "xml:lang": "en"}


def test_an_on_disk_store_is_served_and_from_may_name_its_own_graphs(tmp_path: Path):
    directory = tmp_path / "store"
    store = ox.Store(str(directory))
    graph = ox.NamedNode("https://example.org/graphs/team-a")
    store.add(ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode(
        "https://example.org/p"), ox.Literal("in team a"), graph))
    store.add(ox.Quad(ox.NamedNode("https://example.org/b"), ox.NamedNode(
        "https://example.org/p"), ox.Literal("in the default graph")))
    store.flush()
    del store
    with running_server(tmp_path, "--store", str(directory)) as server, \
            httpx.Client(base_url=server.base) as http:
        local = select(http, f"SELECT ?o FROM <{graph.value}> WHERE {{ ?s ?p ?o }}")
        named = select(http, f"SELECT ?o FROM NAMED <{graph.value}> "
                             "WHERE { GRAPH ?g { ?s ?p ?o } }")
        default = select(http, "SELECT ?o WHERE { ?s ?p ?o }")
        description = Graph().parse(data=http.get("/sparql").text, format="turtle")
    assert [b["o"]["value"] for b in local.json()["results"]["bindings"]] == ["in team a"]
    assert [b["o"]["value"] for b in named.json()["results"]["bindings"]] == ["in team a"]
    assert [b["o"]["value"] for b in default.json()["results"]["bindings"]] == [
        "in the default graph"]
    assert URIRef(graph.value) in set(description.objects(None, SD.name))


def test_without_yasgui_the_page_is_the_plain_form(tmp_path: Path):
    env = {"REMOTE_KG_YASGUI_DIR": str(tmp_path / "no-yasgui-here")}
    with running_server(tmp_path, "--no-examples", env=env) as server:
        page = httpx.get(server.base + "/")
        vendor = httpx.get(server.base + "/vendor/yasgui/yasgui.min.js")
    assert page.status_code == 200
    assert 'id="query-form"' in page.text and "yasgui.min.js" not in page.text
    assert vendor.status_code == 404
    assert "plain form" in server.log.read_text()


def test_every_repository_competency_query_runs_on_the_default_server(tmp_path: Path):
    from remote_kg.model.ontology import QUERIES_DIR

    files = sorted(QUERIES_DIR.glob("*.rq"))
    with running_server(tmp_path) as server, httpx.Client(base_url=server.base) as http:
        listed = http.get("/queries.json").json()["queries"]
        statuses = {path.stem: select(http, path.read_text()).status_code for path in files}
    assert [q["name"] for q in listed] == [path.stem for path in files]
    assert all(q["question"] != q["name"] for q in listed)  # each has a # Question: header
    assert statuses == {path.stem: 200 for path in files}


@pytest.mark.parametrize("with_named_graph", [False, True])
def test_the_served_triple_count_is_the_default_graph_size(tmp_path: Path, with_named_graph):
    from remote_kg.commands.serve import _summary

    directory = tmp_path / "store"
    store = ox.Store(str(directory))
    p = ox.NamedNode("https://example.org/p")
    for i in range(3):
        store.add(ox.Quad(ox.NamedNode(f"https://example.org/s{i}"), p, ox.Literal(str(i))))
    if with_named_graph:
        graph = ox.NamedNode("https://example.org/graphs/g")
        store.add(ox.Quad(ox.NamedNode("https://example.org/s9"), p, ox.Literal("9"), graph))
    store.flush()
    del store
    triples, named = _summary(directory)
    assert triples == 3
    assert named == (["https://example.org/graphs/g"] if with_named_graph else [])


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_the_form_posted_by_a_browser_without_script_gets_a_table(client: httpx.Client):
    response = client.post("/sparql", data={"query": CLASSES},
                           headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert page.startswith("<!DOCTYPE html>") and "<th>?c</th>" in page
    assert '<td><a href="https://w3id.org/remote-kg/ontology#Teleworker">' in page
    rows = client.post("/sparql", data={"query": CLASSES},
                       headers={"Accept": "application/sparql-results+json"}).json()
    assert page.count("<tr>") == len(rows["results"]["bindings"]) + 1  # and the header
    asked = client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"},
                        headers={"Accept": BROWSER_ACCEPT})
    assert "<p>ASK: <strong>true</strong></p>" in asked.text


def _svg_bars(page: str) -> list[tuple[str, float, float]]:
    """(label, value, drawn height) of each bar of the SVG chart in an HTML page."""
    bars = re.findall(r'<rect class="bar" [^>]*height="([\d.]+)" data-label="([^"]*)" '
                      r'data-value="([\d.]+)"', page)
    return [(label, float(value), float(height)) for height, label, value in bars]


def test_a_count_answer_posted_without_script_gets_a_bar_chart_below_its_table(
        client: httpx.Client):
    counts = 'SELECT ?kind ?n WHERE { VALUES (?kind ?n) { ("a" 3) ("b" 1) ("c" 2) } }'
    page = client.post("/sparql", data={"query": counts},
                       headers={"Accept": BROWSER_ACCEPT}).text
    assert page.index("</table>") < page.index("<svg") < page.index("</body>")
    bars = _svg_bars(page)
    assert [(label, value) for label, value, _ in bars] == [("a", 3), ("b", 1), ("c", 2)]
    assert bars[1][2] < bars[2][2] < bars[0][2]  # as tall as their values
    assert "<figcaption>?n by ?kind: 3 bar(s)</figcaption>" in page
    by_class = client.post(
        "/sparql", data={"query": PREFIXES + "SELECT ?c (COUNT(?w) AS ?n) WHERE { ?w a ?c ; "
                         "rkg:recordId ?id } GROUP BY ?c"},
        headers={"Accept": BROWSER_ACCEPT}).text
    assert ("Employee", 2) in [(label, value) for label, value, _ in _svg_bars(by_class)]


def test_an_answer_that_is_not_a_count_gets_no_chart(client: httpx.Client):
    for query in (CLASSES, 'SELECT ?n WHERE { VALUES ?n { 1 2 } }',
                  'SELECT ?a ?b WHERE { VALUES (?a ?b) { ("x" "y") } }'):
        page = client.post("/sparql", data={"query": query},
                           headers={"Accept": BROWSER_ACCEPT}).text
        assert "<table>" in page and "<svg" not in page, query


@pytest.mark.parametrize("accept", [None, "*/*", "application/xml"])
def test_clients_that_do_not_prefer_html_get_what_they_got_before(client: httpx.Client,
                                                                  accept: str | None):
    headers = {"Accept": accept} if accept else {}
    response = client.post("/sparql", data={"query": CLASSES}, headers=headers)
    assert "text/html" not in response.headers["content-type"]


def test_an_html_table_escapes_the_values():
    from remote_kg.server.results import serialize_solutions

    body, _ = serialize_solutions(["x"], [[ox.Literal("<b>&")]], "html")
    assert "<td>&lt;b&gt;&amp;</td>" in body.decode()


def test_tsv_results_write_a_tab_or_line_break_in_a_literal_as_an_escape():
    """SPARQL 1.1 TSV: terms in Turtle syntax, so a literal's tab and line breaks are
    written \\t, \\n, \\r and every result is one line that parses back."""
    from remote_kg.server.results import serialize_solutions

    value = "a\tb\nc\rd"
    body, _ = serialize_solutions(["x", "y"], [[ox.Literal(value), ox.NamedNode("http://a/b")]],
                                  "tsv")
    assert body.decode().split("\n") == ["?x\t?y", '"a\\tb\\nc\\rd"\t<http://a/b>', ""]
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV)
    assert [solution["x"].value for solution in parsed] == [value]
