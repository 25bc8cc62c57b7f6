"""The query worker: a child process that opens the store read-only and answers jobs.

Run as ``python -m remote_kg.server.worker STORE_DIR [CONFIG_JSON]``; the configuration
names the records that /explain jobs (``{"kind": "explain", ...}``) explain. Jobs arrive
on stdin and answers leave on stdout, each as ``multiprocessing.connection`` messages: a
JSON header, then a body.
A worker runs one query at a time; the server kills it when a query overruns its time.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import traceback
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from remote_kg.kg.query_text import syntax_message
from remote_kg.kg.sandbox import isolate_network
from remote_kg.kg.sparql import on_large_stack
from remote_kg.kg.sparql_safety import QueryInfo, QueryRejected, inspect_query
from remote_kg.server.negotiation import (
    GRAPH_ALIASES,
    GRAPH_TYPES,
    SELECT_SERIALIZER,
    SELECT_TYPES,
    choose,
)
from remote_kg.server.results import (
    NotRepresentable,
    serialize_boolean,
    serialize_solutions,
    serialize_triples,
    take,
)

Answer = tuple[dict[str, Any], bytes]


def _error(status: int, message: str) -> Answer:
    return {"status": status, "content_type": "text/plain; charset=utf-8"}, (
        message + "\n"
    ).encode()


def _named_node(iri: str) -> ox.NamedNode | None:
    try:
        return ox.NamedNode(iri)
    except ValueError:
        return None


def answer(store: ox.Store, job: dict[str, Any]) -> Answer:
    """Check, run and serialize one query job; return (header, body)."""

    # pyoxigraph never fetches a graph named by FROM / FROM NAMED or the protocol's dataset
    # parameters: one the store does not hold is simply empty (SPARQL 1.1 Protocol).
    base = job.get("base")
    try:
        info = inspect_query(job["query"], lambda iri: True, base_iri=base)
    except QueryRejected as exc:
        return _error(400, str(exc))
    default_uris = job.get("default_graph_uri") or []
    named_uris = job.get("named_graph_uri") or []
    bad = [iri for iri in default_uris + named_uris if _named_node(iri) is None]
    if bad:
        return _error(400, f"default-graph-uri / named-graph-uri must be absolute IRIs, not "
                           f"{', '.join(repr(iri) for iri in bad)}")

    offers = SELECT_TYPES if info.form in ("SELECT", "ASK") else GRAPH_TYPES
    media_type = choose(offers, job.get("accept"))
    if media_type is None:
        return _error(406, f"no acceptable format for a {info.form} result; offered: "
                      + ", ".join(offers))

    kwargs: dict[str, Any] = {"base_iri": base} if base else {}
    if default_uris:
        kwargs["default_graph"] = [ox.NamedNode(iri) for iri in default_uris]
    if named_uris:
        kwargs["named_graphs"] = [ox.NamedNode(iri) for iri in named_uris]
    try:
        body, truncated, media_type = _evaluate(store, info, kwargs, media_type,
                                                int(job["max_rows"]), job.get("max_bytes"))
    except NotRepresentable as exc:
        return _error(406, str(exc))
    except SyntaxError as exc:
        return _error(400, syntax_message(job["query"], exc, "query",
                                          added_lines=info.added_lines))
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        return _error(500, f"query failed: {exc}")
    charset = "; charset=utf-8" if media_type.startswith("text/") else ""
    header = {"status": 200, "content_type": media_type + charset, "truncated": truncated}
    return header, body


def _evaluate(store: ox.Store, info: QueryInfo, kwargs: dict[str, Any], media_type: str,
              max_rows: int, max_bytes: int | None) -> tuple[bytes, bool | str, str]:
    """Run the checked query; its body, whether (or why: "bytes") it was cut, and the
    media type written.

    pyoxigraph's result iterators may only be freed on the thread that made them. This
    frame can outlive the call (rdflib's parser keeps exceptions whose tracebacks reach
    the query's callers, and the cycle is collected later, on whatever thread runs the
    garbage collector then), so the result is dropped here before returning or raising.
    """
    result = store.query(info.text, **kwargs)  # exactly the text that was checked
    try:
        if info.form == "ASK":
            body = serialize_boolean(bool(result), SELECT_SERIALIZER[media_type])
            return body, False, media_type
        if info.form == "SELECT":
            variables = [v.value for v in result.variables]
            solutions, more = take(result, max_rows)
            rows = [[solution[v] for v in variables] for solution in solutions]
            body, cut = serialize_solutions(variables, rows, SELECT_SERIALIZER[media_type],
                                            max_bytes)
            return body, "bytes" if cut else more, media_type
        triples, more = take(result, max_rows)
        media_type = GRAPH_ALIASES.get(media_type, media_type)
        body, cut = serialize_triples(triples, media_type, max_bytes)
        return body, "bytes" if cut else more, media_type
    finally:
        del result


EXPLAIN_TYPES = ("application/json", "text/html")


class Explanations:
    """The /explain jobs' records (the served --data files, the seed examples when served),
    read on the first such job."""

    def __init__(self, config: dict[str, Any]):
        self.paths = [str(p) for p in config.get("paths", [])]
        self.examples = bool(config.get("examples"))
        self._records: Any = None

    def answer(self, job: dict[str, Any]) -> Answer:
        """The explanation of ``job["iri"]`` as JSON, or a 404 / 400 naming the problem."""
        from pathlib import Path

        from remote_kg.errors import RemoteKGError
        from remote_kg.server.explain import RecordExplanations

        if self._records is None:
            self._records = RecordExplanations([Path(p) for p in self.paths], self.examples)
        try:
            found = self._records.explain(job["iri"], job.get("categories") or [],
                                          job.get("category_set"))
        except RemoteKGError as exc:
            return _error(400, "; ".join(exc.problems))
        if found is None:
            return _error(404, f"no served record has the IRI {job['iri']!r}")
        # A browser (text/html preferred) gets a page; an API client or no Accept, JSON.
        if choose(EXPLAIN_TYPES, job.get("accept")) == "text/html":
            from remote_kg.explain.html import as_html

            body = as_html(found, self._records.name,
                           self._records.noun(job["iri"])).encode("utf-8")
            return {"status": 200, "content_type": "text/html; charset=utf-8"}, body
        body = json.dumps(found, ensure_ascii=False, indent=2).encode("utf-8")
        return {"status": 200, "content_type": "application/json; charset=utf-8"}, body


def _exit_when_orphaned(parent: int) -> None:
    """Stop this worker if the server that started it has gone."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)


def main(argv: list[str]) -> None:
    """Open the store, say ready, then answer jobs until stdin closes."""
    isolation = isolate_network()  # first, while the process has one thread
    reader = Connection(os.dup(0), writable=False)
    writer = Connection(os.dup(1), readable=False)
    sys.stdout = sys.stderr  # nothing else may write to the answer channel
    threading.Thread(target=_exit_when_orphaned, args=(os.getppid(),), daemon=True).start()
    try:
        store = ox.Store.read_only(argv[0])
    except OSError as exc:
        writer.send_bytes(json.dumps({"ready": False, "message": str(exc)}).encode())
        return
    explanations = Explanations(json.loads(argv[1]).get("explain", {}) if argv[1:] else {})
    writer.send_bytes(
        json.dumps({"ready": True, "pid": os.getpid(), "network": isolation}).encode()
    )
    while True:
        try:
            job = json.loads(reader.recv_bytes())
        except EOFError:
            return
        try:  # on a large stack: pyoxigraph recurses as deep as the query
            if job.get("kind") == "explain":
                header, body = explanations.answer(job)
            else:
                header, body = on_large_stack(answer, store, job)  # type: ignore[misc]
        except Exception as exc:  # noqa: BLE001 - a worker must survive any one query
            traceback.print_exc()
            header, body = _error(500, f"query failed: {type(exc).__name__}: {exc}")
        writer.send_bytes(json.dumps(header).encode())
        writer.send_bytes(body)


if __name__ == "__main__":
    main(sys.argv[1:])
