"""The fuzz battery: mutated inputs on every surface keep the error contract.

Each property draws mutated versions of real inputs (the bundled records, their RDF in every
syntax, the competency queries) and checks, for every one: no traceback; success, or a
refusal that exits non-zero with `error:` lines naming the input and nothing on stdout; a
refused `load` leaves the store byte for byte as it was; no connection reaches a loopback
listener; the server answers no 5xx and stays up. See `fuzz_support` for the knobs.
"""

from __future__ import annotations

import http.client
import json
import shutil
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph

from tests.fuzz_support import (
    FUZZ,
    REGRESSIONS,
    Listener,
    check_refusal_or_success,
    mutated,
    run_cli,
    tree_digest,
)
from tests.server.test_server_support import RECORDS_CSV, running_server

REPO = Path(__file__).resolve().parents[2]
CSV_SEED = (REPO / "examples" / "workers.csv").read_bytes()
SMALL_CSV = RECORDS_CSV.encode()
QUERY_SEEDS = [p.read_bytes() for p in sorted((REPO / "queries").glob("*.rq"))]
LISTENER = Listener()
SERVICE = f"SERVICE <http://127.0.0.1:{LISTENER.port}/sparql> {{ ?s ?p ?o }}".encode()
QUERY_SEEDS += [
    b"SELECT * WHERE { " + SERVICE + b" }",
    b'SELECT * WHERE { BIND("\\u005C" AS ?x) ' + SERVICE + b" BIND('\" AS ?z) #' AS ?y) }",
    b"SELECT ?w WHERE { ?w a rkg:Telecommuter }",
    b"SELECT * WHERE { ?s ?p ?o # note\r" + SERVICE + b"\n}",  # a comment ended by CR
    b"SELECT * WHERE { BIND(" + b"+".join([b"1"] * 2_100) + b" AS ?x) }",  # near the limits
    b"SELECT * WHERE { ?s " + b"/".join([b"<p>"] * 99) + b" ?o }",
]


def _rdf_seeds() -> dict[str, list[bytes]]:
    """The bundled records as RDF, in each syntax the commands read."""
    done = run_cli(["import", str(REPO / "examples" / "workers.csv")])
    assert done.code == 0, done.stderr
    graph = Graph().parse(data=done.stdout.decode(), format="turtle")
    return {
        ".ttl": [done.stdout],
        ".nt": [graph.serialize(format="nt", encoding="utf-8")],
        ".rdf": [graph.serialize(format="xml", encoding="utf-8")],
        ".jsonld": [graph.serialize(format="json-ld", encoding="utf-8")],
    }


RDF_SEEDS = _rdf_seeds()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _write(workdir: Path, name: str, data: bytes) -> Path:
    path = workdir / name
    path.write_bytes(data)
    return path


# -- files ----------------------------------------------------------------------------------

@FUZZ
@given(data=mutated([CSV_SEED, SMALL_CSV]))
def test_fuzzed_csv_records_classify_or_are_refused_cleanly(workdir: Path, data: bytes):
    path = _write(workdir, "records.csv", data)
    run = run_cli(["classify", str(path), "--format", "json"])
    check_refusal_or_success(run, str(path))
    if run.code == 0:
        json.loads(run.stdout)


@FUZZ
@given(suffix=st.sampled_from(sorted(RDF_SEEDS)), choice=st.data())
def test_fuzzed_rdf_is_judged_the_same_by_classify_and_validate(workdir: Path, suffix: str,
                                                                choice):
    data = choice.draw(mutated(RDF_SEEDS[suffix]))
    path = _write(workdir, "records" + suffix, data)
    classified = run_cli(["classify", str(path)])
    check_refusal_or_success(classified, str(path))
    validated = run_cli(["validate", str(path)])
    check_refusal_or_success(validated, str(path), ok_codes=(0, 1))
    parse_errors = [
        {line for line in run.stderr.splitlines() if "not valid" in line or "not UTF-8" in line}
        for run in (classified, validated)
    ]
    assert parse_errors[0] == parse_errors[1], parse_errors


@pytest.fixture(scope="module")
def pristine_store(workdir: Path) -> Path:
    store = workdir / "pristine-store"
    records = _write(workdir, "base.csv", SMALL_CSV)
    assert run_cli(["load", str(records), "--store", str(store)]).code == 0
    return store


@FUZZ
@given(suffix=st.sampled_from([".csv", ".ttl", ".nt"]), choice=st.data())
def test_a_refused_load_leaves_the_store_byte_for_byte(workdir: Path, pristine_store: Path,
                                                      suffix: str, choice):
    seeds = [CSV_SEED, SMALL_CSV] if suffix == ".csv" else RDF_SEEDS[suffix]
    path = _write(workdir, "more" + suffix, choice.draw(mutated(seeds)))
    store = workdir / "store"
    shutil.rmtree(store, ignore_errors=True)
    shutil.copytree(pristine_store, store)
    before = tree_digest(store)
    run = run_cli(["load", str(path), "--store", str(store)])
    check_refusal_or_success(run, str(path))
    if run.code != 0:
        assert tree_digest(store) == before


# -- queries --------------------------------------------------------------------------------

@FUZZ
@given(data=mutated(QUERY_SEEDS), from_stdin=st.booleans())
def test_fuzzed_queries_answer_or_are_refused_and_connect_nowhere(workdir: Path, data: bytes,
                                                                   from_stdin: bool):
    records = _write(workdir, "query-data.csv", SMALL_CSV)
    before = LISTENER.connections
    if from_stdin:
        run = run_cli(["query", "-", "--data", str(records), "-f", "csv"], stdin=data)
        name = "<stdin>"
    else:
        name = str(_write(workdir, "q.rq", data))
        run = run_cli(["query", name, "--data", str(records), "-f", "csv"])
    check_refusal_or_success(run, name)
    assert LISTENER.connections == before


@FUZZ
@given(value=st.text(max_size=60) | st.sampled_from(["data:w1", "rkg:", "<>", "a=b", "ex:%",
                                                     "<http://a b>", "data:\x00", "\udce9"]))
def test_fuzzed_bind_values_are_used_or_refused_cleanly(workdir: Path, value: str):
    records = _write(workdir, "bind-data.csv", SMALL_CSV)
    query = _write(workdir, "bind.rq", b"SELECT ?w ?p WHERE { ?w ?p ?o }")
    run = run_cli(["query", str(query), "--data", str(records), "--bind", f"w={value}",
                   "-f", "csv"])
    check_refusal_or_success(run, "--bind")


# -- the endpoint ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("fuzz-serve")
    (tmp / "records.csv").write_text(RECORDS_CSV)
    with running_server(tmp, "--no-examples", "--data", str(tmp / "records.csv"),
                        "--timeout", "5", "--queue-wait", "10") as running:
        yield running


ACCEPT = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
          "text/tab-separated-values", "text/turtle", "application/rdf+xml",
          "application/ld+json", "application/n-triples", "*/*", "text/html", "",
          "application/sparql-results+json;q=0.1, text/csv", "\x00", "a/b;q=x"]
HEADERS = st.dictionaries(
    st.sampled_from(["Origin", "Sec-Fetch-Site", "Content-Type", "Accept", "X-Forwarded-For",
                     "Transfer-Encoding", "Expect", "Range", "Cookie"]),
    st.sampled_from(["", "null", "same-origin", "cross-site", "http://127.0.0.1", "chunked",
                     "100-continue", "bytes=0-1", "text/plain", "application/sparql-query",
                     "application/x-www-form-urlencoded; charset=latin-1", "é"]),
    max_size=3)


def _request(base: str, method: str, path: str, headers: dict[str, str],
             body: bytes | None) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value.encode("utf-8"))
        if body is not None and "Transfer-Encoding" not in headers:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@FUZZ
@given(query=mutated(QUERY_SEEDS), method=st.sampled_from(["GET", "POST-form", "POST-direct"]),
       accept=st.sampled_from(ACCEPT), headers=HEADERS,
       extra=st.sampled_from(["", "&default-graph-uri=http%3A%2F%2Fe%2Fg", "&timeout=0.5",
                              "&named-graph-uri=%FF", "&query=ASK%7B%7D", "&update=CLEAR%20ALL",
                              "&timeout=-1", "&default-graph-uri="]))
def test_fuzzed_requests_get_no_5xx_and_fetch_nothing(server, query: bytes, method: str,
                                                      accept: str, headers: dict[str, str],
                                                      extra: str):
    before = LISTENER.connections
    headers = {k: v for k, v in headers.items() if k not in ("Accept", "Transfer-Encoding")}
    headers["Accept"] = accept
    encoded = quote(query, safe="")
    if method == "GET":
        status, answer, body = _request(server.base, "GET", f"/sparql?query={encoded}{extra}",
                                        headers, None)
    elif method == "POST-form":
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        status, answer, body = _request(server.base, "POST", "/sparql" + ("?" + extra[1:]
                                        if extra else ""), headers,
                                        f"query={encoded}".encode())
    else:
        headers["Content-Type"] = "application/sparql-query"
        status, answer, body = _request(server.base, "POST", "/sparql" + ("?" + extra[1:]
                                        if extra else ""), headers, query)
    assert status < 500 or (status == 503 and b"time limit" in body), (status, body[:300])
    assert LISTENER.connections == before
    if status == 200 and answer.get("content-type", "").startswith(
            "application/sparql-results+json"):
        json.loads(body)
    # the server is still up and answering
    assert _request(server.base, "GET", "/sparql?query=ASK%7B%7D",
                    {"Accept": "application/sparql-results+json"}, None)[0] == 200


# -- every input that ever broke an invariant -----------------------------------------------

REGRESSION_FILES = sorted(p for p in REGRESSIONS.glob("*") if p.suffix != ".md")


@pytest.mark.parametrize("path", REGRESSION_FILES, ids=[p.name for p in REGRESSION_FILES])
def test_an_input_that_once_failed_keeps_the_contract(path: Path, tmp_path: Path):
    """Query files are run as queries, everything else is classified (and validated);
    Parquet files also keep their other columns (into CSV and Parquet), and are imported
    and compared; a refused run leaves no output file."""
    if path.suffix == ".rq":
        run = run_cli(["query", str(path), "-f", "csv"])
        check_refusal_or_success(run, str(path))
        return
    check_refusal_or_success(run_cli(["classify", str(path)]), str(path))
    check_refusal_or_success(run_cli(["validate", str(path)]), str(path), ok_codes=(0, 1))
    if path.suffix != ".parquet":
        return
    keep = ["--extra-columns", "keep"]
    out = tmp_path / "answers.parquet"
    for argv in (["classify", str(path), *keep, "-f", "csv"],
                 ["classify", str(path), *keep, "-o", str(out)],
                 ["import", str(path), *keep], ["compare", str(path), *keep]):
        run = run_cli(argv)
        check_refusal_or_success(run, str(path))
        assert run.code == 0 or not out.exists(), argv


POSTING_SEEDS = [(REPO / "examples" / "postings.jsonld").read_bytes()]
PAGE_SEEDS = [(REPO / "examples" / "postings.html").read_bytes()]


@FUZZ
@given(data=mutated(POSTING_SEEDS), suffix=st.sampled_from([".jsonld", ".json"]))
def test_fuzzed_job_postings_classify_or_are_refused_cleanly(workdir: Path, data: bytes,
                                                              suffix: str):
    path = _write(workdir, "postings" + suffix, data)
    run = run_cli(["classify", str(path), "--format", "csv"])
    check_refusal_or_success(run, str(path))


@FUZZ
@given(data=mutated(PAGE_SEEDS))
def test_fuzzed_posting_pages_classify_or_are_refused_cleanly(workdir: Path, data: bytes):
    path = _write(workdir, "postings.html", data)
    run = run_cli(["classify", str(path), "--format", "csv"])
    check_refusal_or_success(run, str(path))


@pytest.mark.parametrize("where", ["top", "nested", "import", "page"])
def test_a_posting_whose_context_points_at_a_listener_sends_nothing(workdir: Path, where: str):
    url = f"http://127.0.0.1:{LISTENER.port}/context.jsonld"
    posting = {"@type": "JobPosting", "url": "https://e.org/1", "title": "T"}
    context = {"top": url, "nested": [{"@vocab": "https://schema.org/",
                                        "x": {"@id": "https://e.org/x", "@context": url}}],
               "import": {"@import": url}, "page": url}[where]
    text = json.dumps({"@context": context, **posting})
    name = "postings.html" if where == "page" else "postings.jsonld"
    data = (f'<script type="application/ld+json">{text}</script>' if where == "page"
            else text).encode()
    before = LISTENER.connections
    run = run_cli(["classify", str(_write(workdir, name, data)), "--format", "csv"])
    check_refusal_or_success(run, name)
    assert run.code == 2
    assert LISTENER.connections == before
