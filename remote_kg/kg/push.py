"""``remote-kg push``: load the ontology, records and inferred categories into a triple store.

Talks to any SPARQL 1.1 store, through the Graph Store HTTP Protocol (PUT the first batch to
replace the target graph, POST the rest) or, where that is all the store offers, through
SPARQL Update (DROP the graph, then INSERT DATA batches). Pushing the same input twice
leaves the same graph. Transient failures (connection errors, 5xx, 429) are retried with
exponential backoff; refused credentials and other 4xx answers stop with a clear message.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit, urlunsplit

import httpx
from rdflib import BNode, Graph
from rdflib.term import Node

from remote_kg.errors import InputError
from remote_kg.model.ontology import RKG
from remote_kg.progress import Progress, end_line

if TYPE_CHECKING:
    from remote_kg.pipeline.readers import Input

USER_ENV = "REMOTE_KG_USER"
PASSWORD_ENV = "REMOTE_KG_PASSWORD"
TRANSIENT_STATUS = {429, 500, 502, 503, 504}
MAX_WAIT = 30.0
Triple = tuple[Node, Node, Node]
BLANK_LABEL = re.compile(r"(^|\s)_:[A-Za-z0-9]")


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry transient failures."""

    retries: int = 5
    first_wait: float = 1.0

    def wait(self, attempt: int, response: httpx.Response | None) -> float:
        """Seconds to sleep before retry number ``attempt + 1`` (honours Retry-After)."""
        if response is not None:
            retry_after = response.headers.get("Retry-After", "")
            if retry_after.isdigit():
                return min(float(retry_after), MAX_WAIT)
        return min(self.first_wait * 2**attempt, MAX_WAIT)


def _snippet(response: httpx.Response) -> str:
    text = " ".join(response.text.split())
    return text[:300] + ("…" if len(text) > 300 else "")


def send(
    client: httpx.Client,
    method: str,
    url: str,
    policy: RetryPolicy,
    **kwargs: object,
) -> httpx.Response:
    """Send one request, retrying transient failures; raise InputError on the others."""
    for attempt in range(policy.retries + 1):
        response: httpx.Response | None = None
        try:
            response = client.request(method, url, **kwargs)  # type: ignore[arg-type]
        except httpx.TransportError as exc:
            problem = f"could not reach {url}: {exc or type(exc).__name__}"
        else:
            status = response.status_code
            if status in (401, 403):
                raise InputError(
                    f"{method} {url}: the store refused access ({status} "
                    f"{response.reason_phrase}); give --user and --password (or set "
                    f"{USER_ENV} and {PASSWORD_ENV}) for an account allowed to "
                    f"{'write' if method != 'GET' else 'read'}"
                )
            if status < 400:
                return response
            problem = f"{method} {url}: {status} {response.reason_phrase}: {_snippet(response)}"
            if status not in TRANSIENT_STATUS:
                raise InputError(problem)
        if attempt == policy.retries:
            raise InputError(f"{problem} (gave up after {policy.retries + 1} attempts)")
        wait = policy.wait(attempt, response)
        end_line()
        print(f"warning: {problem}; retrying in {wait:g} s", file=sys.stderr)
        time.sleep(wait)
    raise AssertionError("unreachable")


def make_client(
    user: str | None, password: str | None, auth: str = "basic", timeout: float = 120.0
) -> httpx.Client:
    """An HTTP client with the given credentials (basic or digest)."""
    credentials: httpx.Auth | None = None
    if user is not None:
        pair = (user, password or "")
        credentials = httpx.DigestAuth(*pair) if auth == "digest" else httpx.BasicAuth(*pair)
    return httpx.Client(auth=credentials, timeout=timeout, follow_redirects=False,
                        headers={"User-Agent": "remote-kg push"})


def remote_query(
    endpoint: str,
    query: str,
    accept: str,
    *,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 120.0,
    retries: int = 3,
    graph: str | None = None,
) -> bytes:
    """Run ``query`` on a remote SPARQL endpoint and return the response body.

    With ``graph``, the query's default graph is that named graph (what ``push --graph``
    wrote). Credentials default to the REMOTE_KG_USER / REMOTE_KG_PASSWORD environment variables.
    Raises InputError with the server's message on refusal or a malformed query.
    """
    user = user if user is not None else os.environ.get(USER_ENV)
    password = password if password is not None else os.environ.get(PASSWORD_ENV)
    with make_client(user, password, timeout=timeout) as client:
        response = send(
            client, "POST", endpoint, RetryPolicy(retries=retries),
            data={"query": query, **({"default-graph-uri": graph} if graph else {})},
            headers={"Accept": accept},
        )
    return response.content


# -- what to push ---------------------------------------------------------------------------

def push_graph(paths: Sequence[Path | Input], reasoner: str = "fast",
               deals: Sequence[Path] = (), progress: bool = False) -> Graph:
    """The ontology plus the records of ``paths`` and the deals of ``deals``, with their
    inferred categories (their triples counted on stderr when ``progress``)."""
    from remote_kg.kg.graph import inferred_graph  # imported late: it loads the reasoner
    from remote_kg.kg.served import served_ontology_graph

    graph = served_ontology_graph()
    graph += inferred_graph(list(paths), reasoner=reasoner, deals=list(deals),
                            progress=progress)
    return graph


def _units(triples: Iterable[Triple]) -> list[list[Triple]]:
    """Group triples so that triples sharing a blank node stay together.

    A blank node label only means something within one request, so a restriction or list
    written with blank nodes must never be split across two batches.
    """
    parent: dict[BNode, BNode] = {}

    def find(node: BNode) -> BNode:
        root = node
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    plain: list[list[Triple]] = []
    with_blanks: list[Triple] = []
    for triple in triples:
        blanks = [t for t in (triple[0], triple[2]) if isinstance(t, BNode)]
        if not blanks:
            plain.append([triple])
            continue
        with_blanks.append(triple)
        roots = [find(b) for b in blanks]
        for other in roots[1:]:
            parent[find(other)] = roots[0]
    groups: dict[BNode, list[Triple]] = {}
    for triple in with_blanks:
        blank = triple[0] if isinstance(triple[0], BNode) else triple[2]
        groups.setdefault(find(blank), []).append(triple)
    return plain + list(groups.values())


def batches(graph: Graph, size: int) -> list[str]:
    """N-Triples documents of about ``size`` triples each; blank-node groups kept whole."""
    out: list[str] = []
    current: list[Triple] = []

    def flush() -> None:
        if current:
            chunk = Graph()
            for triple in current:
                chunk.add(triple)
            out.append(chunk.serialize(format="nt"))
            current.clear()

    ordered = sorted(graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
    for unit in _units(ordered):
        if current and len(current) + len(unit) > size:
            flush()
        current.extend(unit)
    flush()
    return out


# -- where to push --------------------------------------------------------------------------

def derive_gsp(endpoint: str, authenticated: bool = False) -> str | None:
    """Guess the Graph Store Protocol URL of a known store from its query endpoint.

    Virtuoso takes writes with credentials only on ``/sparql-graph-crud-auth``.
    """
    parts = urlsplit(endpoint)
    path = parts.path.rstrip("/")
    segments = path.split("/")

    def at(new_path: str) -> str:
        return urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))

    if len(segments) >= 2 and segments[-2] == "repositories":  # GraphDB, RDF4J
        return at(path + "/rdf-graphs/service")
    if path == "/query":  # Oxigraph server
        return at("/store")
    if path == "/sparql":  # Virtuoso
        return at("/sparql-graph-crud-auth" if authenticated else "/sparql-graph-crud")
    if len(segments) >= 3 and segments[-1] in ("query", "sparql"):  # Fuseki /dataset/query
        return at("/".join(segments[:-1]) + "/data")
    return None


def _with_graph(url: str, graph: str | None) -> str:
    selector = f"graph={quote(graph, safe='')}" if graph else "default"
    return url + ("&" if urlsplit(url).query else "?") + selector


def sending(total: int, enabled: bool) -> Progress:
    """The progress line of a push of `total` triples (`count_sent` counts each request)."""
    return Progress(total, enabled, every=max(1, total // 100), unit="triples sent")


def count_sent(progress: Progress | None, doc: str) -> None:
    """Count the triples of a request's N-Triples document on `progress`."""
    if progress is not None:
        triples = sum(1 for line in doc.splitlines() if line.strip())
        progress.advance(triples, progress.count + triples)


def push_gsp(client: httpx.Client, url: str, graph: str | None, docs: list[str],
              policy: RetryPolicy, progress: Progress | None = None) -> None:
    target = _with_graph(url, graph)
    for index, doc in enumerate(docs):
        send(client, "PUT" if index == 0 else "POST", target, policy,
             content=doc.encode("utf-8"),
             headers={"Content-Type": "text/turtle; charset=utf-8"})
        count_sent(progress, doc)


def push_update(client: httpx.Client, url: str, graph: str | None, docs: list[str],
                 policy: RetryPolicy, progress: Progress | None = None) -> None:
    drop = f"DROP SILENT GRAPH <{graph}>" if graph else "DROP SILENT DEFAULT"
    for index, doc in enumerate(docs):
        data = f"GRAPH <{graph}> {{\n{doc}}}" if graph else doc
        # Some stores (Virtuoso) refuse blank nodes in INSERT DATA; a template takes them.
        insert = (f"INSERT {{\n{data}}} WHERE {{}}" if BLANK_LABEL.search(doc)
                  else f"INSERT DATA {{\n{data}}}")
        update = ("" if index else drop + " ;\n") + insert
        send(client, "POST", url, policy, data={"update": update})
        count_sent(progress, doc)


def count_triples(client: httpx.Client, endpoint: str, graph: str | None,
                  policy: RetryPolicy) -> int:
    """How many triples the store holds in the target graph."""
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    response = send(client, "POST", endpoint, policy,
                    data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"},
                    headers={"Accept": "application/sparql-results+json"})
    try:
        return int(response.json()["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError) as exc:
        raise InputError(f"{endpoint}: unexpected answer to a COUNT query: "
                         f"{_snippet(response)}") from exc


def record_iris(client: httpx.Client, endpoint: str, graph: str | None,
                policy: RetryPolicy) -> set[str]:
    """The IRIs of the worker records the target graph holds."""
    pattern = f"?w <{RKG.recordId}> ?id"
    pattern = f"GRAPH <{graph}> {{ {pattern} }}" if graph else pattern
    response = send(client, "POST", endpoint, policy,
                    data={"query": f"SELECT DISTINCT ?w WHERE {{ {pattern} }}"},
                    headers={"Accept": "application/sparql-results+json"})
    try:
        return {row["w"]["value"] for row in response.json()["results"]["bindings"]}
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{endpoint}: unexpected answer to a SELECT query: "
                         f"{_snippet(response)}") from exc


def describe_records(pushed: set[str], before: set[str], target: str) -> str:
    """What a push did to the records of the target graph, for stderr."""
    replaced = len(pushed & before)
    line = (f"{len(pushed)} records in {target}: {len(pushed) - replaced} added, "
            f"{replaced} replaced")
    dropped = len(before - pushed)
    if dropped:
        line += f"; {dropped} records not in these inputs were removed (push replaces the graph)"
    return line
