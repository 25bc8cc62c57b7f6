"""Decide, before a SPARQL query runs, whether it is safe for a public read-only endpoint.

A query is refused when running it could make the server fetch something: a ``SERVICE``
clause (pyoxigraph and rdflib both send it to the named endpoint), or, for a caller whose
``is_local_graph`` says so, a dataset clause (``FROM`` / ``FROM NAMED``) naming a graph the
store does not hold (rdflib would download it; pyoxigraph reads an empty graph, so the
endpoint and `remote-kg query` accept every such IRI).
Updates such as ``LOAD`` are never queries, so they are refused too. The query is parsed
with rdflib's SPARQL grammar and the resulting tree is walked, so the words ``SERVICE`` or
``FROM`` inside comments, strings or IRIs do not trigger a refusal.

One text is checked and run. SPARQL expands ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes over the
whole query before parsing (rdflib does); pyoxigraph expands them only inside strings and
IRIs, so the same text could read as two different queries. A comment ends at a line feed
for rdflib and at a carriage return too for pyoxigraph, so SERVICE after `# note<CR>` ran
unseen. `prepare` expands escapes once and refuses a text that still holds one (an escape
that spells an escape), makes every bare CR a LF, adds the usual prefixes the query does
not declare, and `QueryInfo.text` is what the checks saw and what the endpoint runs; its
size limits (`query_text.check_limits`) are read from that text too. Query workers also
have no network (`server.sandbox`), whatever a parser decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from remote_kg.kg.query_text import (  # noqa: F401 (re-exported: the endpoint's errors)
    MAX_NESTING,
    MalformedQuery,
    QueryRejected,
    UnsafeQuery,
    check_limits,
    check_nesting,
    expand_codepoint_escapes,
    nesting_depth,
    normalise_line_breaks,
    parse_error_message,
    undeclared_prefix_message,
    with_prefix_declarations,
    without_byte_order_mark,
)
from remote_kg.model.ontology import DEFAULT_BASE

QUERY_FORMS = {
    "SelectQuery": "SELECT",
    "ConstructQuery": "CONSTRUCT",
    "AskQuery": "ASK",
    "DescribeQuery": "DESCRIBE",
}


@dataclass(frozen=True)
class QueryInfo:
    """What the endpoint needs to know about a checked query."""

    form: str  # SELECT, CONSTRUCT, ASK or DESCRIBE
    default_graphs: tuple[str, ...]  # IRIs from FROM
    named_graphs: tuple[str, ...]  # IRIs from FROM NAMED
    text: str = ""  # the text that was checked: the one to run
    added_lines: int = 0  # lines of PREFIX declarations added before the user's text


def prepare(text: str, base: str = DEFAULT_BASE) -> tuple[str, int]:
    """(the text to check and run, how many PREFIX lines were put before it): a leading
    byte-order mark taken off (`query_text.without_byte_order_mark`), escapes expanded,
    bare CRs made LFs (so rdflib ends comments where pyoxigraph does)."""
    expanded = normalise_line_breaks(expand_codepoint_escapes(without_byte_order_mark(text)))
    prefixed = with_prefix_declarations(expanded, base)
    return prefixed, prefixed.count("\n") - expanded.count("\n")


def _walk(node: Any) -> Iterator[CompValue]:
    """Yield every CompValue in a parse tree or algebra expression, depth first."""
    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, ParseResults | list | tuple | set | frozenset):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL Update with at least one operation."""
    try:
        update = parseUpdate(text)
    except Exception:  # noqa: BLE001 - any failure means "not an update"
        return False
    return bool(dict.get(update, "request"))


def inspect_query(
    text: str, is_local_graph: Callable[[str], bool] = lambda iri: False,
    base_iri: str | None = None, base: str = DEFAULT_BASE,
) -> QueryInfo:
    """Parse ``text`` and return its form and dataset, or raise :class:`QueryRejected`.

    ``is_local_graph(iri)`` says whether a ``FROM``/``FROM NAMED`` IRI names a graph the
    store already holds; any other IRI would be fetched, so it is refused. The returned
    ``text`` (escapes expanded, usual prefixes declared) is the one that was checked.
    """
    original = text
    text, added = prepare(text, base)
    check_limits(text)
    try:
        tree = parseQuery(text)
    except ParseException as exc:
        if _is_update(text):
            raise MalformedQuery(
                "this is a SPARQL Update (e.g. LOAD, INSERT, DROP); this endpoint is read-only "
                "and runs only SELECT, CONSTRUCT, ASK and DESCRIBE queries"
            ) from exc
        raise MalformedQuery(
            parse_error_message(original, exc.lineno - added, exc.col, "query")
        ) from exc
    except Exception as exc:  # noqa: BLE001 - rdflib raises assorted errors on bad prologues
        raise MalformedQuery(f"malformed SPARQL query: {_first_line(exc)}") from exc

    for node in _walk(tree):
        if node.name == "ServiceGraphPattern":
            found = str(node["service_string"]) if "service_string" in node else "SERVICE"
            raise UnsafeQuery(
                "SERVICE is not allowed: this endpoint never sends requests to other "
                f"endpoints (found: {found.split('{')[0].strip()})"
            )

    try:
        query = translateQuery(tree, base=base_iri)
    except Exception as exc:  # noqa: BLE001 - rdflib reports semantic errors with many types
        prefix = re.match(r"Unknown namespace prefix : (\S*)", _first_line(exc))
        if prefix:
            message = undeclared_prefix_message(original, prefix.group(1), "query")
            raise MalformedQuery(message) from exc
        raise MalformedQuery(f"invalid SPARQL query: {_first_line(exc)}") from exc

    algebra = query.algebra
    form = QUERY_FORMS.get(algebra.name)
    if form is None:
        raise MalformedQuery(f"unsupported query form {algebra.name}")
    for node in _walk(algebra):
        if node.name == "ServiceGraphPattern":  # defensive: translation keeps SERVICE nodes
            raise UnsafeQuery("SERVICE is not allowed: this endpoint never fetches remote data")

    default: list[str] = []
    named: list[str] = []
    # CompValue.get returns the key itself when it is missing: use the plain dict method.
    for clause in dict.get(algebra, "datasetClause") or []:
        if "default" in clause:
            default.append(str(clause["default"]))
        if "named" in clause:
            named.append(str(clause["named"]))
    remote = [iri for iri in default + named if not is_local_graph(iri)]
    if remote:
        raise UnsafeQuery(
            "FROM / FROM NAMED may only name graphs held by this store; "
            f"refusing to fetch {', '.join('<' + iri + '>' for iri in remote)}"
        )
    return QueryInfo(form=form, default_graphs=tuple(default), named_graphs=tuple(named),
                     text=text, added_lines=added)
