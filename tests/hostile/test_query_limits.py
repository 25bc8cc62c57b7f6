"""The executor's reading decides: what pyoxigraph runs is what every check has read.

pyoxigraph ends a `#` comment at a carriage return, rdflib only at a line feed, so SERVICE
after `# note<CR>` was invisible to the check and ran; chains of 12,000 terms overflowed
pyoxigraph's stack (signal 11). Every query is now checked on the text that runs (bare CRs
made LFs), refused past measured limits with one line, and run on a large stack. A listener
on loopback counts the connections that reach it; it must count none.
"""

from __future__ import annotations

import contextlib
import http.client
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from remote_kg.kg.query_text import MAX_CHAIN, MAX_NESTING, MAX_PATH_STEPS, check_limits
from remote_kg.kg.sparql import on_large_stack
from remote_kg.kg.sparql_safety import MalformedQuery, QueryRejected, UnsafeQuery, inspect_query
from tests.conftest import run_cli
from tests.server.test_server import CROSS_PRODUCT
from tests.server.test_server_support import RECORDS_CSV, Listener, running_server

P = "<http://example.org/p>"


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    running = Listener()
    yield running
    running.close()


def service_after_cr_comment(port: int, silent: bool) -> str:
    """The issue's query: the comment ends at the CR for pyoxigraph, not for rdflib."""
    word = "SERVICE SILENT" if silent else "SERVICE"
    return (f"SELECT * WHERE {{ ?s ?p ?o # note\r{word} <http://127.0.0.1:{port}/x> "
            "{ ?x ?y ?z }\n}")


def chains() -> dict[str, str]:
    """The issue's crashing queries (each overflowed the 8 MB stack) and a deep nesting
    hidden from the old bracket count behind a comment ended by a CR."""
    return {
        "plus": "SELECT * WHERE { BIND(" + "+".join(["1"] * 12_000) + " AS ?x) }",
        "and": "SELECT * WHERE { ?a ?b ?c FILTER(" + " && ".join(["?a"] * 12_000) + ") }",
        "path": "SELECT * WHERE { ?s " + "/".join([P] * 12_000) + " ?o }",
        "short-path": "SELECT * WHERE { ?s " + "/".join(["<p>"] * 12_000) + " ?o }",
        "nesting-after-cr": "SELECT * WHERE { # note\r BIND(" + "(" * 6_000 + "1"
                            + ")" * 6_000 + " AS ?x) }",
    }


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr[-2000:]
    assert lines[0].startswith("error:") and "Traceback" not in stderr
    return lines[0]


# -- the command line ------------------------------------------------------------------------

@pytest.mark.parametrize("silent", [False, True], ids=["SERVICE", "SERVICE SILENT"])
def test_service_after_a_comment_ended_by_cr_is_refused_on_the_cli(tmp_path: Path, listener,
                                                                    silent: bool):
    query = tmp_path / "q.rq"
    query.write_bytes(service_after_cr_comment(listener.port, silent).encode())
    before = listener.connections
    done = run_cli("query", str(query), "-f", "csv")
    time.sleep(0.3)
    assert listener.connections == before, "the query reached the listener"
    assert done.returncode == 2 and done.stdout == ""
    assert "--allow-service" in _one_error_line(done.stderr)


@pytest.mark.parametrize("name", list(chains()))
def test_chains_past_the_limits_are_refused_in_one_line_not_killed_by_a_signal(
        tmp_path: Path, name: str):
    query = tmp_path / "q.rq"
    query.write_text(chains()[name], encoding="utf-8", newline="")
    started = time.monotonic()
    done = run_cli("query", str(query), "-f", "csv")
    assert done.returncode == 2, (done.returncode, done.stderr[-500:])
    assert done.stdout == ""
    line = _one_error_line(done.stderr)
    assert "at most" in line and str(query) in line
    assert time.monotonic() - started < 30


def test_a_path_of_a_few_hundred_steps_is_refused_before_it_runs_for_seconds(tmp_path: Path):
    query = tmp_path / "q.rq"
    query.write_text("SELECT * WHERE { ?s " + "/".join([P] * 400) + " ?o }")
    started = time.monotonic()
    done = run_cli("query", str(query), "-f", "csv")
    assert done.returncode == 2
    assert f"at most {MAX_PATH_STEPS}" in _one_error_line(done.stderr)
    assert time.monotonic() - started < 5  # it ran for 7 s on an empty store


def test_queries_within_the_limits_still_answer(tmp_path: Path):
    query = tmp_path / "q.rq"
    text = ("SELECT ?x ?y WHERE {\r\n  # a comment ending in CRLF <http://x#y>\r\n"
            "  BIND(" + "+".join(["1"] * 1_000) + " AS ?x)\r\n"
            "  BIND(<http://e.org/a#b> AS ?y) OPTIONAL { ?y " + "/".join([P] * 20) + " ?z }\r\n}")
    query.write_bytes(text.encode())
    done = run_cli("query", str(query), "-f", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1] == "1000,http://e.org/a#b"


def test_a_bare_cr_outside_strings_reads_as_a_line_break(tmp_path: Path):
    query = tmp_path / "q.rq"
    query.write_bytes(b"SELECT ?x WHERE { # note\rBIND(1 AS ?x) }")
    done = run_cli("query", str(query), "-f", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["x", "1"]


def test_a_bare_cr_inside_a_long_string_is_refused_rather_than_changed(tmp_path: Path):
    query = tmp_path / "q.rq"
    query.write_bytes(b'SELECT ?x WHERE { BIND("""a\rb""" AS ?x) }')
    done = run_cli("query", str(query), "-f", "csv")
    assert done.returncode == 2
    assert "carriage return" in _one_error_line(done.stderr)


# -- the limits are read from the text that runs ---------------------------------------------

@pytest.mark.parametrize(("text", "limit"), [
    ("ASK { # x\r FILTER(" + "(" * (MAX_NESTING + 1) + "1" + ")" * (MAX_NESTING + 1) + ") }",
     "nests"),
    ("ASK { FILTER(?a<?b#>\n) FILTER('''x\n" + "+1" * (MAX_CHAIN + 1) + "''') }", None),
    ("ASK { FILTER(?a<?b#> '''\n" + "+1" * (MAX_CHAIN + 1) + "\n''') }", "operators"),
    ("ASK { ?s ex:a\\#b ?o FILTER(" + "!" * (MAX_CHAIN + 1) + "?o) }", "operators"),
    ("ASK { FILTER(" + "-".join(["1"] * (MAX_CHAIN + 2)) + ") }", "operators"),
    ("ASK { FILTER(" + "+".join(["1.e5"] * (MAX_CHAIN + 2)) + ") }", "operators"),
    ("ASK { " + " UNION ".join(["{}"] * 1_001) + " }", "UNION"),
])
def test_limits_count_what_pyoxigraph_reads(text: str, limit: str | None):
    """A comment ended by CR, a '<' that may be an IRI or a less-than, an escaped '#' in a
    name, numbers that hold '-' or '.', and a long string are tokenised as pyoxigraph does,
    and an ambiguity is read as code."""
    from remote_kg.kg.query_text import normalise_line_breaks

    if limit is None:
        check_limits(normalise_line_breaks(text))
        return
    with pytest.raises(MalformedQuery, match=limit):
        check_limits(normalise_line_breaks(text))


# -- one reading: rdflib's verdict on SERVICE against what pyoxigraph runs --------------------

LINE_ENDS = st.sampled_from(["\n", "\r", "\r\n"])
HASHY = st.text(alphabet="ab #\"'<>{}.?", max_size=8)


@st.composite
def service_queries(draw, url: str) -> str:
    """A query mixing comments (ended by CR, LF or CRLF), strings and IRIs holding '#', and
    SERVICE clauses that may or may not sit inside a comment or string."""
    service = f"SERVICE SILENT <{url}> {{ ?x ?y ?z }}"
    pieces = st.one_of(
        st.just("?s ?p ?o ."),
        st.just(service),
        st.builds(lambda t, e: f"# {t}{e}", HASHY, LINE_ENDS),
        st.builds(lambda t, e, f: f"# {t}{e}{service}{f}", HASHY, LINE_ENDS, LINE_ENDS),
        st.builds(lambda t: f'BIND("{t.replace(chr(34), "")}#" AS ?v{len(t)})', HASHY),
        st.builds(lambda e: f"BIND('''a{e}#{e}''' AS ?w)", LINE_ENDS),
        st.builds(lambda e: f"BIND(<http://e.org/a#b> AS ?i) # c{e}", LINE_ENDS),
        st.builds(lambda e: f"FILTER(?s<?o#>{e})", LINE_ENDS),
        LINE_ENDS,
    )
    body = " ".join(draw(st.lists(pieces, max_size=6)))
    return "SELECT * WHERE { " + body + draw(LINE_ENDS) + "}"


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_rdflib_refuses_every_query_for_which_pyoxigraph_calls_a_service(listener, data):
    query = data.draw(service_queries(f"http://127.0.0.1:{listener.port}/x"))
    from remote_kg.kg.sparql_safety import prepare

    try:
        inspect_query(query, lambda iri: True)
        verdict = "runs"
    except UnsafeQuery:
        verdict = "service"
    except QueryRejected:
        verdict = "malformed"
    try:
        text = prepare(query)[0]  # what the endpoint would hand to pyoxigraph
    except QueryRejected:
        assert verdict == "malformed"
        return  # refused before anything runs
    before = listener.connections
    with contextlib.suppress(SyntaxError):
        list(ox.Store().query(text))
    time.sleep(0.02)
    if listener.connections > before:
        assert verdict != "runs", f"pyoxigraph called SERVICE, rdflib saw none: {query!r}"


def test_the_differential_test_s_listener_sees_pyoxigraph_s_service_calls(listener):
    """The property above would hold for a listener that counts nothing."""
    before = listener.connections
    list(ox.Store().query(f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{listener.port}"
                          "/x> { ?x ?y ?z } }"))
    time.sleep(0.3)
    assert listener.connections > before


def test_the_command_line_s_query_thread_has_no_network(listener):
    """The backstop under the check on the command line: without --allow-service the query
    runs in a thread that left every network (as root; elsewhere the check alone guards)."""
    from remote_kg.kg.sandbox import isolate_thread

    probe: dict[str, str] = {}
    on_large_stack(lambda: probe.setdefault("isolation", isolate_thread()))
    if probe["isolation"] != "isolated":
        pytest.skip(f"this machine does not let a thread leave the network: {probe}")
    query = (f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/s> "
             "{ ?s ?p ?o } }")
    before = listener.connections
    on_large_stack(lambda: list(ox.Store().query(query)), offline=True)
    time.sleep(0.3)
    assert listener.connections == before, "a SERVICE call left the offline query thread"
    on_large_stack(lambda: list(ox.Store().query(query)))  # the listener does count calls
    time.sleep(0.3)
    assert listener.connections > before


# -- the endpoint ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("limits")
    (tmp / "records.csv").write_text(RECORDS_CSV)
    with running_server(tmp, "--no-examples", "--data", str(tmp / "records.csv"),
                        "--timeout", "60", "--workers", "1", "--queue-wait", "0.5") as running:
        yield running


@pytest.mark.parametrize("silent", [False, True], ids=["SERVICE", "SERVICE SILENT"])
def test_the_endpoint_refuses_service_after_a_comment_ended_by_cr(server, listener,
                                                                   silent: bool):
    before = listener.connections
    response = httpx.post(server.endpoint, timeout=30,
                          data={"query": service_after_cr_comment(listener.port, silent)})
    time.sleep(0.3)
    assert listener.connections == before
    assert response.status_code == 400, response.text
    assert "SERVICE" in response.text and len(response.text.splitlines()) == 1


@pytest.mark.parametrize("name", list(chains()))
def test_the_endpoint_refuses_chains_with_400_and_keeps_its_workers(server, name: str):
    workers = server.worker_pids()
    response = httpx.post(server.endpoint, data={"query": chains()[name]}, timeout=60)
    assert response.status_code == 400, response.text[:300]
    assert "at most" in response.text and len(response.text.splitlines()) == 1
    assert server.worker_pids() == workers, "a worker died"


def _explain_url(server, **extra: str) -> str:
    iri = quote("https://w3id.org/remote-kg/data/w1", safe="")
    return server.base + f"/explain?iri={iri}" + "".join(f"&{k}={v}" for k, v in extra.items())


def test_explain_keeps_a_query_s_time_limit(server):
    """Run first, on workers that have not explained yet: reading the records and building
    the explainer takes longer than the fifth of a second asked for."""
    response = httpx.get(_explain_url(server, timeout="0.2"), timeout=60)
    assert response.status_code == 503 and "time limit" in response.text


def test_explain_answers_through_the_query_workers(server):
    response = httpx.get(_explain_url(server), timeout=60)
    assert response.status_code == 200, response.text
    assert response.json()["id"] == "w1"
    assert httpx.get(server.base + "/explain?iri=urn:nobody", timeout=60).status_code == 404


def test_explain_waits_its_turn_in_the_queue_like_a_query(server):
    """The one general worker is held by a runaway query (another waits for it): /explain
    is refused after the queue's half-second wait with 503 and Retry-After, as a query is."""
    import threading

    def runaway() -> None:
        httpx.post(server.endpoint, data={"query": CROSS_PRODUCT, "timeout": "6"}, timeout=60)

    threads = [threading.Thread(target=runaway) for _ in range(2)]
    for thread in threads:
        thread.start()
        time.sleep(1.3)  # past the quick worker's first second
    started = time.monotonic()
    response = httpx.get(_explain_url(server), timeout=60)
    elapsed = time.monotonic() - started
    for thread in threads:
        thread.join(timeout=30)
    assert response.status_code == 503 and "saturated" in response.text, response.text
    assert response.headers["Retry-After"].isdigit() and elapsed < 3.0


@pytest.mark.parametrize("length", [300, 10_000, 60_000])
def test_a_long_static_path_gets_an_answer_not_a_dropped_connection(server, length: int):
    host, port = server.base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", "/static/" + "a" * length)
        response = connection.getresponse()
        assert response.status in (404, 414)
        assert response.read()
    finally:
        connection.close()

