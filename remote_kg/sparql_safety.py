"""Decide, before a SPARQL query runs, whether it is safe for a public read-only endpoint.

A query is refused when running it could make the server fetch something: a ``SERVICE``
clause (pyoxigraph and rdflib both send it to the named endpoint), or a dataset clause
(``FROM`` / ``FROM NAMED``) naming a graph the store does not hold (rdflib would download it).
Updates such as ``LOAD`` are never queries, so they are refused too. The query is parsed
with rdflib's SPARQL grammar and the resulting tree is walked, so the words ``SERVICE`` or
``FROM`` inside comments, strings or IRIs do not trigger a refusal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

QUERY_FORMS = {
    "SelectQuery": "SELECT",
    "ConstructQuery": "CONSTRUCT",
    "AskQuery": "ASK",
    "DescribeQuery": "DESCRIBE",
}


class QueryRejected(Exception):
    """The text is not a query this endpoint will run; the message says why."""


class MalformedQuery(QueryRejected):
    """The text is not a syntactically valid SPARQL 1.1 query."""


class UnsafeQuery(QueryRejected):
    """The query is valid but would make the server fetch remote data."""


@dataclass(frozen=True)
class QueryInfo:
    """What the endpoint needs to know about a checked query."""

    form: str  # SELECT, CONSTRUCT, ASK or DESCRIBE
    default_graphs: tuple[str, ...]  # IRIs from FROM
    named_graphs: tuple[str, ...]  # IRIs from FROM NAMED


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
    text: str, is_local_graph: Callable[[str], bool] = lambda iri: False
) -> QueryInfo:
    """Parse ``text`` and return its form and dataset, or raise :class:`QueryRejected`.

    ``is_local_graph(iri)`` says whether a ``FROM``/``FROM NAMED`` IRI names a graph the
    store already holds; any other IRI would be fetched, so it is refused.
    """
    try:
        tree = parseQuery(text)
    except ParseException as exc:
        if _is_update(text):
            raise MalformedQuery(
                "this is a SPARQL Update (e.g. LOAD, INSERT, DROP); this endpoint is read-only "
                "and runs only SELECT, CONSTRUCT, ASK and DESCRIBE queries"
            ) from exc
        raise MalformedQuery(
            f"malformed SPARQL query at line {exc.lineno}, column {exc.col}: {exc.msg}"
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
        query = translateQuery(tree)
    except Exception as exc:  # noqa: BLE001 - rdflib reports semantic errors with many types
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
    return QueryInfo(form=form, default_graphs=tuple(default), named_graphs=tuple(named))
