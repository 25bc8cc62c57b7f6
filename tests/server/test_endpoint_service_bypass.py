"""No query sent to `remote-kg serve` makes it open a connection, however it is disguised.

Each disguised SERVICE goes to a real server process; a listener on loopback counts the
connections that reach it, and must count none. The backstop is tested on its own: with the
parser check out of the way, a process that isolated its network as the query workers do
cannot reach the listener either.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from remote_kg.kg.sparql_safety import QueryRejected, expand_codepoint_escapes, inspect_query
from tests.server.test_server_support import Listener, running_server


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    running = Listener()
    yield running
    running.close()


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(tmp_path_factory.mktemp("bypass"), "--timeout", "10") as server:
        assert "keep network access" not in server.log.read_text()
        yield server.base + "/sparql"


def disguises(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}/sparql"
    return [
        # the issue's escape differential: one string for rdflib, SERVICE for pyoxigraph
        f'SELECT * WHERE {{ BIND("\\u005C" AS ?x) SERVICE SILENT <{url}> {{ ?s ?p ?o }} '
        f"BIND('\" AS ?z) #' AS ?y) }}",
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERV\\u0049CE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <http\\u003A//127.0.0.1:{port}/sparql> "
        "{ ?s ?p ?o } }",
        f'SELECT * WHERE {{ BIND("\\u005Cu0022" AS ?q) SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}',
        f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE SILENT ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(IRI(\"{url}\") AS ?e) SERVICE SILENT ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ # SERVICE in a comment\n SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c MINUS {{ SERVICE SILENT <{url}> {{ ?a ?b ?c }} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c FILTER EXISTS {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"ASK {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        # a comment ends at a bare CR for pyoxigraph, only at LF for rdflib
        f"SELECT * WHERE {{ ?s ?p ?o # note\rSERVICE <{url}> {{ ?x ?y ?z }}\n}}",
        f"SELECT * WHERE {{ ?s ?p ?o # note\rSERVICE SILENT <{url}> {{ ?x ?y ?z }}\n}}",
        f"SELECT * WHERE {{ # \r\rSERVICE SILENT <{url}> {{ ?x ?y ?z }} #\r\n}}",
    ]


@pytest.mark.parametrize("index", range(len(disguises(1))))
def test_a_disguised_service_makes_no_connection(endpoint, listener, index):
    query = disguises(listener.port)[index]
    before = listener.connections
    for send in ("form", "body"):
        if send == "form":
            response = httpx.post(endpoint, data={"query": query}, timeout=30)
        else:
            response = httpx.post(endpoint, content=query.encode(), timeout=30,
                                  headers={"Content-Type": "application/sparql-query"})
        assert response.status_code in (200, 400), response.text
    time.sleep(0.3)
    assert listener.connections == before, f"the server connected out for: {query}"


def test_the_issue_example_is_one_query_for_both_parsers():
    query = ('SELECT * WHERE { BIND("\\u005C" AS ?x) SERVICE SILENT <http://127.0.0.1:9/s> '
             "{ ?s ?p ?o } BIND('\" AS ?z) #' AS ?y) }")
    assert "\\u" not in expand_codepoint_escapes(query)
    with pytest.raises(QueryRejected):
        inspect_query(query)


def test_the_checked_text_is_the_text_that_runs():
    info = inspect_query('SELECT ?x WHERE { BIND("caf\\u00E9" AS ?x) }')
    assert "café" in info.text and "\\u" not in info.text


def test_an_escape_that_spells_an_escape_is_refused():
    with pytest.raises(QueryRejected, match="expands to another"):
        inspect_query('SELECT * WHERE { BIND("\\u005Cu0041" AS ?x) }')


_BYPASS = """
import sys
from remote_kg.kg.sandbox import isolate_network
status = isolate_network()
import pyoxigraph as ox
try:
    list(ox.Store().query("SELECT * WHERE { SERVICE <http://127.0.0.1:%d/sparql> { ?s ?p ?o } }"))
    print(status, "answered")
except Exception as exc:
    print(status, "failed:", type(exc).__name__)
"""


def test_a_worker_without_network_cannot_connect_even_when_the_check_is_bypassed(listener):
    if sys.platform != "linux":
        pytest.skip("network namespaces are Linux only")
    before = listener.connections
    done = subprocess.run([sys.executable, "-c", _BYPASS % listener.port],
                          capture_output=True, text=True, timeout=60)
    status = done.stdout.strip()
    if not status.startswith("isolated"):
        pytest.skip(f"this machine cannot isolate a process's network: {status}")
    time.sleep(0.3)
    assert listener.connections == before
    assert "failed:" in status


def test_the_same_query_reaches_the_listener_without_the_backstop(listener):
    """The backstop test above would pass for a broken listener; this one shows it counts."""
    before = listener.connections
    script = _BYPASS.replace("status = isolate_network()", "status = 'open'") % listener.port
    subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    time.sleep(0.3)
    assert listener.connections > before
