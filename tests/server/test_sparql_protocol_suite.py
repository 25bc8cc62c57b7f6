"""The W3C SPARQL 1.1 Protocol test suite's query cases, against a real `remote-kg serve`.

The manifest (`tests/data/w3c-sparql11-protocol/`) describes each case as HTTP requests and
the expected responses; every case is read from it and sent as written, to a server whose
store also holds the suite's graphs (data1 to data3, as named graphs). Update cases expect
success from a writable endpoint; this one is read-only, so each must be refused (4xx) and
change nothing.
"""

from __future__ import annotations

import http.client
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from tests.conftest import run_cli
from tests.server.test_server_support import RECORDS_CSV, running_server

SUITE = Path(__file__).resolve().parents[1] / "data" / "w3c-sparql11-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

TABULAR = {"application/sparql-results+xml", "application/sparql-results+json", "text/csv",
           "text/tab-separated-values"}
BOOLEAN = {"application/sparql-results+xml", "application/sparql-results+json"}
RDF_TYPES = {"application/rdf+xml", "text/turtle", "application/n-triples", "text/plain",
             "application/ld+json", "application/n-quads", "application/trig"}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]
    expected_boolean: bool | None
    expected_format: str | None


@dataclass
class Case:
    name: str
    title: str
    requests: list[Request] = field(default_factory=list)
    graphs: dict[str, Path] = field(default_factory=dict)


def _cases() -> list[Case]:
    graph = Graph().parse(SUITE / "manifest.ttl", format="turtle")
    cases = []
    for test in sorted(graph.subjects(RDF.type, MF.ProtocolTest)):
        case = Case(str(test).rsplit("#", 1)[1], str(graph.value(test, MF.name)))
        for data in graph.objects(test, UT.graphData):
            label = str(graph.value(data, RDFS.label))
            case.graphs[label] = SUITE / str(graph.value(data, UT.graph)).rsplit("/", 1)[1]
        connection = graph.value(test, MF.action)
        for node in Collection(graph, graph.value(connection, HT.requests)):
            headers = {}
            header_list = graph.value(node, HT.headers)
            if header_list is not None:
                for header in Collection(graph, header_list):
                    headers[str(graph.value(header, HT.fieldName))] = str(
                        graph.value(header, HT.fieldValue))
            body = None
            content = graph.value(node, HT.body)
            if content is not None:
                encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
                body = str(graph.value(content, CNT.chars)).encode(encoding)
            response = graph.value(node, HT.resp)
            boolean = graph.value(response, MF.expectedBoolean)
            fmt = graph.value(response, MF.expectedFormat)
            case.requests.append(Request(
                method=str(graph.value(node, HT.methodName)),
                path=str(graph.value(node, HT.absolutePath)),
                headers=headers,
                body=body,
                statuses={str(s).rsplit("#", 1)[1] for s in graph.objects(response,
                                                                          MF.expectedStatus)},
                expected_boolean=None if boolean is None else bool(boolean.toPython()),
                expected_format=None if fmt is None else str(fmt),
            ))
        cases.append(case)
    return cases


CASES = _cases()
QUERY_CASES = [c for c in CASES if not c.name.startswith(("update_", "bad_update"))]
UPDATE_CASES = [c for c in CASES if c.name.startswith(("update_", "bad_update"))]


def test_the_manifest_holds_the_query_cases_and_the_update_cases():
    assert len(QUERY_CASES) >= 20
    assert len(UPDATE_CASES) >= 10


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("protocol")
    (tmp / "records.csv").write_text(RECORDS_CSV)
    done = run_cli("load", str(tmp / "records.csv"), "--store", str(tmp / "store"))
    assert done.returncode == 0, done.stderr
    store = ox.Store(str(tmp / "store"))
    graphs = {label: path for case in CASES for label, path in case.graphs.items()}
    for label, path in graphs.items():
        store.load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(label))
    store.flush()
    del store
    with running_server(tmp, "--store", str(tmp / "store")) as running:
        yield running


def send(base: str, request: Request) -> tuple[int, dict[str, str], bytes]:
    """Send the request exactly as the manifest gives it (path, headers, raw body)."""
    host, port = urlsplit(base).hostname, urlsplit(base).port
    connection = http.client.HTTPConnection(host, port, timeout=60)
    headers = dict(request.headers)
    if request.body is not None:
        headers["Content-Length"] = str(len(request.body))
    connection.request(request.method, request.path, body=request.body, headers=headers)
    response = connection.getresponse()
    body = response.read()
    answer = {k.lower(): v for k, v in response.getheaders()}
    connection.close()
    return response.status, answer, body


def _status_class(status: int) -> str:
    return f"StatusCode{status // 100}xx"


def _boolean(content_type: str, body: bytes) -> bool:
    if content_type == "application/sparql-results+json":
        return json.loads(body)["boolean"]
    root = ET.fromstring(body)
    found = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert found is not None, body
    return found.text == "true"


@pytest.mark.parametrize("case", QUERY_CASES, ids=[c.name for c in QUERY_CASES])
def test_query_case_of_the_w3c_protocol_suite(server, case: Case):
    for request in case.requests:
        status, headers, body = send(server.base, request)
        assert _status_class(status) in request.statuses, (case.title, status, body[:300])
        content_type = headers.get("content-type", "").split(";")[0].strip()
        if request.expected_format == "boolean":
            assert content_type in BOOLEAN, content_type
        elif request.expected_format == "tabular":
            assert content_type in TABULAR, content_type
        elif request.expected_format == "RDF":
            assert content_type in RDF_TYPES, content_type
            Graph().parse(data=body, format={"application/rdf+xml": "xml",
                                             "application/ld+json": "json-ld"}.get(
                content_type, "turtle" if content_type == "text/turtle" else "nt"))
        if request.expected_boolean is not None:
            assert _boolean(content_type, body) is request.expected_boolean, body[:300]


@pytest.mark.parametrize("case", UPDATE_CASES, ids=[c.name for c in UPDATE_CASES])
def test_update_case_is_refused_by_the_read_only_endpoint(server, case: Case):
    first = case.requests[0]
    status, _, body = send(server.base, first)
    assert 400 <= status < 500, (case.title, status, body[:300])


# -- beyond the suite -----------------------------------------------------------------------

def _ask(base: str, query: str, accept: str, path: str = "/sparql") -> tuple[int, dict, bytes]:
    return send(base, Request("POST", path, {"Content-Type": "application/sparql-query",
                                             "Accept": accept}, query.encode(), set(), None,
                              None))


def test_a_graph_the_store_does_not_hold_is_empty_not_an_error(server):
    status, _, body = _ask(server.base, "SELECT * FROM <http://example.org/none> "
                           "WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert status == 200 and json.loads(body)["results"]["bindings"] == []
    status, _, body = _ask(server.base, "SELECT * WHERE { ?s ?p ?o }",
                           "application/sparql-results+json",
                           "/sparql?default-graph-uri=http%3A%2F%2Fexample.org%2Fnone")
    assert status == 200 and json.loads(body)["results"]["bindings"] == []


def test_relative_iris_resolve_against_the_endpoint(server):
    status, _, body = _ask(server.base, "SELECT ?x WHERE { BIND(<thing> AS ?x) }",
                           "application/sparql-results+json")
    assert status == 200, body
    value = json.loads(body)["results"]["bindings"][0]["x"]["value"]
    assert value == server.base + "/thing"


@pytest.mark.parametrize("character", ["\x01", "\x1f", "\x0b", "\ufffe"])
def test_xml_results_are_never_malformed_by_a_control_character(server, character: str):
    escaped = f"\\u{ord(character):04X}"  # a SPARQL string escape for the character
    query = 'SELECT ?x WHERE { BIND(CONCAT("a", "' + escaped + '") AS ?x) }'
    status, headers, body = _ask(server.base, query, "application/sparql-results+xml")
    if status == 200:
        ET.fromstring(body)  # well-formed, or it was not sent
    else:
        assert status == 406, body
        assert b"XML 1.0" in body and b"json" in body.lower()
    status, _, body = _ask(server.base, query, "application/sparql-results+json")
    assert status == 200
    assert json.loads(body)["results"]["bindings"][0]["x"]["value"] == "a" + character


def test_ordinary_text_in_xml_results_is_escaped_and_well_formed(server):
    query = 'SELECT ?x WHERE { BIND("tab\\t & <tag> \\"quoted\\" caf\u00e9" AS ?x) }'
    status, _, body = _ask(server.base, query, "application/sparql-results+xml")
    assert status == 200, body
    literal = ET.fromstring(body).find(".//{http://www.w3.org/2005/sparql-results#}literal")
    assert literal is not None and literal.text == 'tab\t & <tag> "quoted" caf\u00e9'


def test_a_request_with_two_host_headers_is_refused(server):
    import socket

    host, port = urlsplit(server.base).hostname, urlsplit(server.base).port
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Host: evil.example\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.0 400") or answer.startswith(b"HTTP/1.1 400"), answer
    assert b"more than one Host" in answer


def test_one_huge_row_is_cut_by_bytes_not_only_by_rows(tmp_path: Path):
    (tmp_path / "records.csv").write_text(RECORDS_CSV)
    with running_server(tmp_path, "--no-examples", "--data", str(tmp_path / "records.csv"),
                        "--max-bytes", "4096") as small:
        huge = ("SELECT (GROUP_CONCAT(STR(?s); separator=' ') AS ?all) "
                "WHERE { ?s ?p ?o FILTER(isIRI(?s)) }")
        status, headers, body = _ask(small.base, huge, "application/sparql-results+json")
        assert status == 200
        assert headers["x-result-truncated"] == "true; max-bytes=4096"
        assert len(body) <= 4096
        assert json.loads(body)["results"]["bindings"] == []  # the one row did not fit
        many = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
        for accept in ("application/sparql-results+json", "application/sparql-results+xml",
                       "text/csv", "text/tab-separated-values"):
            status, headers, body = _ask(small.base, many, accept)
            assert status == 200 and len(body) <= 4096
            assert headers["x-result-truncated"] == "true; max-bytes=4096"
        status, headers, body = _ask(small.base, "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
        assert status == 200 and 0 < len(body) <= 4096
        assert headers["x-result-truncated"] == "true; max-bytes=4096"
        Graph().parse(data=body, format="turtle")


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND", "BREW"])
def test_a_method_the_server_does_not_know_is_405_not_5xx(server, method: str):
    for path in ("/sparql", "/"):
        status, headers, _ = send(server.base, Request(method, path, {}, None, set(), None,
                                                       None))
        assert status == 405, (method, path, status)
        assert "GET" in headers["allow"]
