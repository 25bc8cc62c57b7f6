"""The HTTP side: SPARQL 1.1 Protocol at ``/sparql``, the query page at ``/``."""

from __future__ import annotations

import ipaddress
import json
import math
import re
import select
import socket
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from remote_kg import __version__
from remote_kg.server.description import DESCRIPTION_TYPES, service_description
from remote_kg.server.negotiation import choose
from remote_kg.server.page import STATIC_DIR, CompetencyQuery, queries_payload, static_file
from remote_kg.server.pool import (
    PoolBusy,
    QueryCancelled,
    QueryTimeout,
    WorkerFailed,
    WorkerPool,
)
from remote_kg.server.request import (
    HttpError,
    base_refusal,
    form_params,
    repeated_header,
    url_params,
)

TRUNCATED_HEADER = "X-Result-Truncated"
SPARQL_METHODS = "GET, HEAD, POST, OPTIONS"
PAGE_METHODS = "GET, HEAD"
GRAPH_STORE_PATHS = ("/store", "/data")
UPDATE_PATHS = ("/update",)
READ_ONLY = "this endpoint is read-only: SPARQL Update and Graph Store writes are refused"
PAGE_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"
)
HOST_PATTERN = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]+)?|\[[0-9A-Fa-f:.]+\](:[0-9]+)?")
FORM = "application/x-www-form-urlencoded"
OLD_VERSIONS = ("HTTP/0.9", "HTTP/1.0")  # which need no Host header
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}


@dataclass
class AppConfig:
    """Everything a request handler needs; shared by all handler threads."""

    pool: WorkerPool
    timeout: float
    max_rows: int
    max_body: int
    cors_origin: str | None
    triples: int
    named_graphs: list[str]
    queries: list[CompetencyQuery]
    yasgui_dir: Path | None
    check_host: bool = True
    served: str = "the ontology"
    max_bytes: int = 16 << 20
    extra: dict[str, Any] = field(default_factory=dict)


class RemoteKGServer(ThreadingHTTPServer):
    """A threading HTTP server carrying the app configuration."""

    daemon_threads = True
    config: AppConfig


def is_loopback(host: str) -> bool:
    """True for a loopback name or address (`localhost`, 127.0.0.0/8, `::1`, `[::1]`)."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def client_key(address: tuple) -> str:
    """Who a query counts against for the per-client limit: a remote host by its address;
    a loopback connection by itself (all are the analyst's own programs, one per tab or
    notebook, and would otherwise share one slot)."""
    host = str(address[0]) if address else ""
    if host and is_loopback(host) and len(address) > 1:
        return f"{host} port {address[1]}"
    return host


def _is_loopback_host(host_header: str) -> bool:
    """True when a Host header (port included or not) names a loopback address."""
    host = host_header.strip().lower()
    if host.startswith("["):
        host = host[: host.find("]") + 1]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    return is_loopback(host)


class Handler(BaseHTTPRequestHandler):
    """Routes requests; one instance per request, run in its own thread."""

    server: RemoteKGServer
    server_version = f"remote-kg/{__version__}"
    sys_version = ""

    def version_string(self) -> str:
        return self.server_version
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds a client may take to send its request

    # -- plumbing -------------------------------------------------------------------------
    @property
    def config(self) -> AppConfig:
        return self.server.config

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
        cors: bool = True,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        if cors:
            self._cors_headers()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_error(self, error: HttpError, cors: bool = True) -> None:
        self._send(
            error.status,
            (error.message + "\n").encode(),
            "text/plain; charset=utf-8",
            error.headers,
            cors,
        )

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        """http.server's own refusals (a request line or headers it cannot read, or over its
        limits) in the one-line text/plain form of every other answer, not its HTML page;
        the connection is closed, as the rest of what was sent cannot be trusted."""
        self.log_error("code %d, message %s", code, message)
        self.close_connection = True
        if self.request_version == "HTTP/0.9":  # what a line that is not HTTP is taken for
            self.request_version = "HTTP/1.0"  # ...but the refusal needs its status line
        # Its headers are unread, or (when they were over the limits) a previous request's.
        self._send_error(HttpError(code, base_refusal(code, message, explain)), cors=False)

    def _cors_headers(self) -> None:
        origin = self.config.cors_origin
        if not origin:
            return
        request_origin = self.headers.get("Origin")
        if origin == "*":
            self.send_header("Access-Control-Allow-Origin", "*")
        elif request_origin == origin:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")
        else:
            return
        self.send_header("Access-Control-Expose-Headers", TRUNCATED_HEADER)

    def _dispatch(self) -> None:
        self._body_read = False
        try:
            repeated = repeated_header(self.headers)
            if repeated:
                raise HttpError(400, f"the request has more than one {repeated} header")
            if "Host" not in self.headers and self.request_version not in OLD_VERSIONS:
                raise HttpError(400, "an HTTP/1.1 request must have a Host header")
            if self.config.check_host and not _is_loopback_host(self.headers.get("Host", "")):
                missing = "" if "Host" in self.headers else "the request has no Host header; "
                raise HttpError(403, f"{missing}this server only answers requests addressed "
                                     "to localhost")
            path = urlsplit(self.path).path
            self._route(path)
        except HttpError as error:
            if not self._body_read and not self._drain_body():
                self.close_connection = True  # the unread body would spoil the next request
            self._send_error(error)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _dispatch

    def __getattr__(self, name: str):
        """Any other method (TRACE, CONNECT, PROPFIND, ...) is routed too, and refused with
        405 and the methods allowed, rather than the base class's 501."""
        if name.startswith("do_"):
            return self._dispatch
        raise AttributeError(name)

    def _allow(self, methods: str) -> None:
        if self.command not in [m.strip() for m in methods.split(",")]:
            raise HttpError(405, f"{self.command} is not allowed here", {"Allow": methods})

    def _drain_body(self) -> bool:
        """Read and drop a refused request's body, so the connection stays usable.

        Returns False when the body cannot be skipped safely (chunked, malformed or over the
        size limit); the connection is then closed, and the response says so.
        """
        length_text = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding") or repeated_header(self.headers):
            return False
        if not length_text:
            return True
        try:
            length = int(length_text)
        except ValueError:
            return False
        if length < 0 or length > self.config.max_body:
            return False
        self.rfile.read(length)
        self._body_read = True
        return True

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            raise HttpError(411, "send the request body with a Content-Length header")
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            raise HttpError(411, "send the request body with a Content-Length header")
        try:
            length = int(length_text)
        except ValueError as exc:
            raise HttpError(400, f"bad Content-Length {length_text!r}") from exc
        if length < 0:
            raise HttpError(400, f"bad Content-Length {length_text!r}")
        if length > self.config.max_body:
            raise HttpError(
                413, f"request body of {length} bytes is over the limit of {self.config.max_body}"
            )
        body = self.rfile.read(length)
        self._body_read = True
        return body

    # -- routing --------------------------------------------------------------------------
    def _route(self, path: str) -> None:
        if self.command == "OPTIONS":
            self._options(path)
        elif path in ("/sparql", "/sparql/"):
            self._allow(SPARQL_METHODS)
            self._refuse_cross_site()
            self._sparql()
        elif path in GRAPH_STORE_PATHS or path in UPDATE_PATHS:
            if self.command in ("PUT", "POST", "DELETE", "PATCH"):
                raise HttpError(403, READ_ONLY)
            if path in UPDATE_PATHS:
                raise HttpError(405, "the update endpoint only takes POST", {"Allow": "POST"})
            self._allow(PAGE_METHODS)
            self._refuse_cross_site()
            self._graph_store_read()
        elif path in ("/", "/index.html"):
            self._allow(PAGE_METHODS)
            name = "yasgui.html" if self.config.yasgui_dir else "form.html"
            self._static(STATIC_DIR, name, page=True)
        elif path == "/explain":
            self._allow(PAGE_METHODS)
            self._refuse_cross_site()
            self._explain()
        elif path == "/form":
            self._allow(PAGE_METHODS)
            self._static(STATIC_DIR, "form.html", page=True)
        elif path == "/favicon.ico":
            self._allow(PAGE_METHODS)
            self._send(204, b"", "image/x-icon")
        elif path == "/queries.json":
            self._allow(PAGE_METHODS)
            explanations = self.config.extra.get("explanations")
            body = json.dumps(queries_payload(
                self.config.queries, explanations.bases if explanations else None)).encode()
            self._send(200, body, "application/json")
        elif path.startswith("/static/"):
            self._allow(PAGE_METHODS)
            self._static(STATIC_DIR, path.removeprefix("/static/"))
        elif path.startswith("/vendor/yasgui/") and self.config.yasgui_dir:
            self._allow(PAGE_METHODS)
            self._static(self.config.yasgui_dir, path.removeprefix("/vendor/yasgui/"))
        else:
            raise HttpError(404, f"nothing at {path}; the SPARQL endpoint is /sparql")

    def _refuse_cross_site(self) -> None:
        """Refuse a browser request made by a page of another site (a form POST, a link, a
        script), which the query page never sends; --cors names a site that may."""
        origin = self.headers.get("Origin")
        site = (self.headers.get("Sec-Fetch-Site") or "").strip().lower()
        allowed = self.config.cors_origin
        if origin is not None and origin.strip() == f"http://{self.headers.get('Host', '')}":
            return  # the query page, served from here
        if origin is not None and allowed in ("*", origin.strip()):
            return
        if origin is None and site in ("", "same-origin", "none"):
            return  # not from a browser page, or typed into the address bar
        if origin is None and allowed == "*":
            return
        sender = f"a page on {origin}" if origin else f"a {site} browser request"
        raise HttpError(403, f"refused: {sender} (another site than this server's own query "
                             "page) may not query it; start serve with --cors ORIGIN to allow "
                             "that site")

    def _options(self, path: str) -> None:
        allow = SPARQL_METHODS if path == "/sparql" else PAGE_METHODS
        headers = {"Allow": allow}
        if self.config.cors_origin:
            headers.update(
                {
                    "Access-Control-Allow-Methods": "GET, POST",
                    "Access-Control-Allow-Headers": "Accept, Content-Type",
                    "Access-Control-Max-Age": "600",
                }
            )
        self.send_response(204)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self._cors_headers()
        self.end_headers()

    def _static(self, root: Path, relative: str, page: bool = False) -> None:
        found = static_file(root, relative)
        if found is None:
            raise HttpError(404, f"no such file: {relative}")
        body, content_type = found
        headers = {"Content-Security-Policy": PAGE_CSP} if page else {}
        headers["Cache-Control"] = "no-cache"
        self._send(200, body, content_type, headers)

    # -- SPARQL protocol ------------------------------------------------------------------
    def _sparql(self) -> None:
        params = url_params(urlsplit(self.path).query)
        if self.command == "POST":
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if content_type == "application/sparql-update":
                raise HttpError(403, READ_ONLY)
            if content_type not in (FORM, "application/sparql-query"):
                raise HttpError(
                    415,
                    f"unsupported Content-Type {content_type or '(none)'}: send "
                    "application/sparql-query or application/x-www-form-urlencoded",
                )
            body = self._read_body()
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise HttpError(400, "the request body is not UTF-8") from exc
            if content_type == "application/sparql-query":
                if "query" in params:
                    raise HttpError(400, "give the query either in the body or in the URL")
                params["query"] = [text]
            else:
                for name, values in form_params(text, "the request body").items():
                    params.setdefault(name, []).extend(values)
        if "update" in params:
            raise HttpError(403, READ_ONLY)
        if "query" not in params:
            if self.command == "POST":
                raise HttpError(400, "missing the 'query' parameter")
            self._service_description()
            return
        if len(params["query"]) != 1:
            raise HttpError(400, "give exactly one 'query' parameter")
        self._run(
            {
                "query": params["query"][0],
                "default_graph_uri": params.get("default-graph-uri", []),
                "named_graph_uri": params.get("named-graph-uri", []),
            },
            params.get("timeout"),
        )

    def _timeout(self, values: list[str] | None) -> float:
        limit = self.config.timeout
        if not values:
            return limit
        try:
            asked = float(values[-1])
        except ValueError as exc:
            message = f"timeout must be a number of seconds, not {values[-1]!r}"
            raise HttpError(400, message) from exc
        if not math.isfinite(asked) or asked <= 0:
            raise HttpError(400, f"timeout must be a positive number of seconds, not {asked}")
        return min(asked, limit)

    def _run(self, job: dict[str, Any], timeout_values: list[str] | None) -> None:
        job["accept"] = self.headers.get("Accept")
        job["max_rows"] = self.config.max_rows
        job["max_bytes"] = self.config.max_bytes
        job["base"] = f"http://{self._host()}{urlsplit(self.path).path}"
        answered = self._on_worker(job, timeout_values)
        if answered is None:
            return
        header, body = answered
        headers = {"Vary": "Accept", "Cache-Control": "no-store"}
        if header.get("truncated") == "bytes":
            headers[TRUNCATED_HEADER] = f"true; max-bytes={self.config.max_bytes}"
        elif header.get("truncated"):
            headers[TRUNCATED_HEADER] = f"true; max-rows={self.config.max_rows}"
        self._send(header["status"], body, header["content_type"], headers)

    def _on_worker(self, job: dict[str, Any], timeout_values: list[str] | None
                   ) -> tuple[dict[str, Any], bytes] | None:
        """The pool's answer to ``job`` under this client's share, the queue's wait and the
        time limit; None when the client went away."""
        timeout = self._timeout(timeout_values)
        try:
            return self.config.pool.run(job, timeout, self._client_gone,
                                        client_key(self.client_address),
                                        quick=job.get("kind") != "explain")
        except QueryCancelled:
            self.close_connection = True  # nobody is listening for the answer
            return None
        except QueryTimeout as exc:
            raise HttpError(503, str(exc)) from exc
        except PoolBusy as exc:
            wait = math.ceil(self.config.pool.sharing.queue_seconds) or 1
            raise HttpError(503, str(exc), {"Retry-After": str(wait)}) from exc
        except WorkerFailed as exc:
            raise HttpError(500, str(exc)) from exc

    def _host(self) -> str:
        """The Host header when it is a plain host[:port], else the listening address."""
        host = self.headers.get("Host", "")
        if not HOST_PATTERN.fullmatch(host):
            host = "{}:{}".format(*self.server.server_address[:2])
        return host

    def _client_gone(self) -> bool:
        """True when the client has closed its end of the connection."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def _graph_store_read(self) -> None:
        """Graph Store Protocol GET: ``?default`` or ``?graph=IRI`` (read-only)."""
        params = url_params(urlsplit(self.path).query)
        if "graph" in params:
            job = {"query": "CONSTRUCT WHERE { ?s ?p ?o }", "default_graph_uri": params["graph"]}
        elif "default" in params:
            job = {"query": "CONSTRUCT WHERE { ?s ?p ?o }"}
        else:
            raise HttpError(400, "give ?default or ?graph=IRI")
        self._run(job, params.get("timeout"))

    def _explain(self) -> None:
        """``/explain?iri=IRI[&category=NAME]...[&categories=LIST]``: the record's (or job
        posting's) explanation, as JSON, or as an HTML page for a client that prefers
        text/html (a browser). LIST is as `classify --categories` takes it."""
        params = url_params(urlsplit(self.path).query)
        explanations = self.config.extra.get("explanations")
        if explanations is None:
            raise HttpError(404, "explanations are served for --data files and the seed "
                                 "examples, not for a --store; use remote-kg explain")
        iris = params.get("iri", [])
        if len(iris) != 1 or not iris[0]:
            raise HttpError(400, "give one record IRI: /explain?iri=IRI")
        sets = params.get("categories", [])
        if len(sets) > 1:
            raise HttpError(400, "give categories once: /explain?iri=IRI&categories=LIST")
        job = {"kind": "explain", "iri": iris[0], "categories": params.get("category", []),
               "category_set": sets[0] if sets else None,
               "accept": self.headers.get("Accept")}
        answered = self._on_worker(job, params.get("timeout"))  # a query's share and limits
        if answered is not None:
            header, body = answered
            self._send(header["status"], body, header["content_type"],
                       {"Cache-Control": "no-store", "Vary": "Accept"})

    def _service_description(self) -> None:
        media_type = choose(tuple(DESCRIPTION_TYPES), self.headers.get("Accept"))
        if media_type is None:
            raise HttpError(
                406, "the service description is offered as " + ", ".join(DESCRIPTION_TYPES)
            )
        graph = service_description(
            f"http://{self._host()}/sparql", self.config.triples, self.config.named_graphs
        )
        body = graph.serialize(format=DESCRIPTION_TYPES[media_type], encoding="utf-8")
        charset = "; charset=utf-8" if media_type.startswith("text/") else ""
        self._send(200, body, media_type + charset, {"Vary": "Accept"})
