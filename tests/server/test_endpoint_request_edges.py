"""`remote-kg serve` at the edges of HTTP: a quiet log under many queries, malformed or
ambiguous requests refused in one text/plain line, parameters that must be UTF-8."""

from __future__ import annotations

import socket
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import httpx
import pytest

from tests.server.test_server_support import RECORDS_CSV, Server, running_server

DATA = "https://w3id.org/remote-kg/data/"
RKG = "PREFIX rkg: <https://w3id.org/remote-kg/ontology#>\n"
QUERIES = [
    (RKG + "SELECT ?w WHERE { ?w a rkg:Worker } LIMIT 1", "application/sparql-results+json"),
    ("SELECT ?s ?p WHERE { ?s ?p ?o } LIMIT 2", "text/csv"),
    ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3", "text/turtle"),
    ("ASK { ?s ?p ?o }", "application/sparql-results+json"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("edges")
    (tmp / "records.csv").write_text(RECORDS_CSV)
    with running_server(tmp, "--no-examples", "--data", str(tmp / "records.csv"),
                        "--workers", "2") as running:
        yield running


def raw(server: Server, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send bytes as they are; the status, headers (lower-case names) and body."""
    parts = urlsplit(server.base)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines)}
    return int(status_line.split()[1]), headers, body


def assert_one_plain_line(headers: dict[str, str], body: bytes, *words: str) -> None:
    assert headers["content-type"] == "text/plain; charset=utf-8", headers
    text = body.decode()
    assert text.endswith("\n") and text.count("\n") == 1, text
    assert "<" not in text, text  # not http.server's HTML page
    for word in words:
        assert word in text, text


def test_many_queries_from_several_threads_leave_no_traceback_in_the_server_log(
        server: Server):
    start = server.log.stat().st_size

    def run(index: int) -> int:
        query, accept = QUERIES[index % len(QUERIES)]
        with httpx.Client(base_url=server.base, timeout=60) as client:
            return client.post("/sparql", data={"query": query},
                               headers={"Accept": accept}).status_code

    with ThreadPoolExecutor(3) as pool:
        statuses = list(pool.map(run, range(60)))
    assert statuses == [200] * 60
    with server.log.open("rb") as log:
        log.seek(start)
        written = log.read().decode(errors="replace")
    assert "Traceback" not in written and "unsendable" not in written, written[-3000:]


@pytest.mark.parametrize(("name", "values"), [
    ("Content-Length", ("2", "40")),
    ("Content-Type", ("application/sparql-query", "application/x-www-form-urlencoded")),
    ("Origin", ("http://127.0.0.1", "https://evil.example")),
])
def test_a_header_that_must_come_once_is_refused_when_repeated(server: Server, name: str,
                                                               values: tuple[str, str]):
    extra = "".join(f"{name}: {value}\r\n" for value in values)
    headers = "" if name == "Content-Length" else "Content-Length: 2\r\n"
    if name != "Content-Type":
        headers += "Content-Type: application/sparql-query\r\n"
    status, answer_headers, body = raw(server, (
        "POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        f"{headers}{extra}\r\n{{}}ASK {{}}").encode())
    assert status == 400
    assert_one_plain_line(answer_headers, body, f"more than one {name} header")


def test_an_http_1_1_request_without_host_is_400_and_http_1_0_stays_refused_as_not_local(
        server: Server):
    status, headers, body = raw(server, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\n"
                                        b"Connection: close\r\n\r\n")
    assert status == 400
    assert_one_plain_line(headers, body, "Host header")
    status, headers, body = raw(server, b"GET /sparql?query=ASK%7B%7D HTTP/1.0\r\n\r\n")
    assert status == 403
    assert_one_plain_line(headers, body, "no Host header", "localhost")


@pytest.mark.parametrize(("request_bytes", "status", "words"), [
    (b"GET /sparql?query=" + b"A" * 70000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 414,
     ("over 65536 bytes", "POST")),
    (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"b" * 70000 + b"\r\n\r\n", 431,
     ("header line",)),
    (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-A: 1\r\n" * 120 + b"\r\n", 431,
     ("more than 100 header",)),
    (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 hello\r\n\r\n", 400, ("not an HTTP",)),
    (b"GET / HTTP/9.x\r\n\r\n", 400, ("not an HTTP", "HTTP/9.x")),
])
def test_requests_http_server_cannot_read_get_one_plain_line_not_an_html_page(
        server: Server, request_bytes: bytes, status: int, words: tuple[str, ...]):
    got, headers, body = raw(server, request_bytes)
    assert got == status, body
    assert_one_plain_line(headers, body, *words)
    assert headers["connection"] == "close"


def test_explain_names_its_own_categories_parameter(server: Server):
    with httpx.Client(base_url=server.base, timeout=120) as client:
        response = client.get("/explain", params={"iri": DATA + "w1", "categories": "zzz"})
        assert response.status_code == 400
        assert_one_plain_line(dict(response.headers), response.content,
                              "categories: unknown 'zzz'")
        assert "--" not in response.text


@pytest.mark.parametrize("how", ["get", "raw-get", "form", "body"])
def test_a_query_that_is_not_utf8_is_refused_however_it_is_sent(server: Server, how: str):
    encoded = "query=ASK%20%7B%20FILTER(%22%FF%22)%20%7D"
    if how == "raw-get":
        status, headers, body = raw(server, b"GET /sparql?query=ASK{FILTER(\"\xff\")} HTTP/1.1"
                                            b"\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        assert status == 400
        assert_one_plain_line(headers, body, "not UTF-8")
        return
    with httpx.Client(base_url=server.base, timeout=60) as client:
        if how == "get":
            response = client.get("/sparql?" + encoded)
        elif how == "form":
            response = client.post("/sparql", content=encoded.encode(),
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
        else:
            response = client.post("/sparql", content=b'ASK { FILTER("\xff") }',
                                   headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 400
    assert_one_plain_line(dict(response.headers), response.content, "not UTF-8")


def test_a_url_query_of_raw_utf8_bytes_is_read_as_utf8(server: Server):
    text = 'SELECT ?x WHERE { BIND("caf\u00e9" AS ?x) }'
    path = "/sparql?query=" + text.replace(" ", "+")  # é unencoded
    status, _, body = raw(server, (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                   "Accept: text/csv\r\nConnection: close\r\n\r\n"
                                   ).encode())  # é as UTF-8
    assert status == 200, body
    assert body.decode("utf-8").splitlines() == ["x", "caf\u00e9"]
