"""Running SPARQL queries over the knowledge graph and printing the results."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from remote_kg.errors import InputError
from remote_kg.ontology import DEFAULT_BASE, PREFIXES

SHORT_NAMES = {
    **{namespace: f"{prefix}:" for prefix, namespace in PREFIXES.items()},
    DEFAULT_BASE: "data:",
    "https://w3id.org/remote-kg/examples/": "ex:",
    "https://w3id.org/remote-kg/source/": "src:",
}


def run_query(store, text: str, source: str = "query"):
    """Run `text` on a pyoxigraph store; a syntax error becomes an InputError."""
    try:
        return store.query(text)
    except SyntaxError as exc:
        raise InputError(f"{source}: not a valid SPARQL query: {exc}") from exc


def _short(term) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for namespace, prefix in SHORT_NAMES.items():
            if term.value.startswith(namespace):
                return prefix + term.value[len(namespace) :]
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def format_table(results) -> str:
    """Solutions as an aligned text table, IRIs shortened with the usual prefixes."""
    import pyoxigraph as ox

    if isinstance(results, ox.QueryBoolean):
        return ("true" if bool(results) else "false") + "\n"
    if isinstance(results, ox.QueryTriples):
        return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in results)
    names = [v.value for v in results.variables]
    rows = [[_short(solution[name]) for name in names] for solution in results]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    line = " | ".join(n.ljust(w) for n, w in zip(names, widths))
    out = [line, "-+-".join("-" * w for w in widths)]
    out += [" | ".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def serialize(results, fmt: str) -> bytes:
    import pyoxigraph as ox

    if fmt == "table":
        return format_table(results).encode()
    if isinstance(results, ox.QueryTriples):
        rdf = {
            "json": ox.RdfFormat.JSON_LD,
            "csv": ox.RdfFormat.N_TRIPLES,
            "tsv": ox.RdfFormat.N_TRIPLES,
        }[fmt]
        return results.serialize(format=rdf)
    fmt_map = {
        "csv": ox.QueryResultsFormat.CSV,
        "tsv": ox.QueryResultsFormat.TSV,
        "json": ox.QueryResultsFormat.JSON,
    }
    return results.serialize(format=fmt_map[fmt])


def run_query_command(
    text: str,
    source: str,
    data: Sequence[Path],
    store_dir: str | None,
    endpoint: str | None,
    fmt: str,
    reasoner: str,
    base: str,
) -> None:
    if endpoint:
        from remote_kg.push import remote_query

        accept = {
            "table": "text/csv",
            "csv": "text/csv",
            "tsv": "text/tab-separated-values",
            "json": "application/sparql-results+json",
        }[fmt]
        sys.stdout.buffer.write(remote_query(endpoint, text, accept))
        return
    if store_dir:
        from remote_kg.store import open_store

        store = open_store(Path(store_dir))
    else:
        from remote_kg.api import build_store

        store = build_store(list(data), reasoner, include_examples=not data, base=base)
    results = run_query(store, text, source)
    click.echo(serialize(results, fmt), nl=False)
