"""Running SPARQL queries over the knowledge graph and printing the results."""

from __future__ import annotations

import csv
import io
import re
import shutil
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from remote_kg.errors import InputError, RemoteKGError
from remote_kg.kg.query_text import predeclared, syntax_message, with_prefix_declarations
from remote_kg.kg.sandbox import isolate_thread
from remote_kg.model.namespaces import DEFAULT_BASE, PREFIXES

if TYPE_CHECKING:
    from remote_kg.pipeline.readers import Input

# pyoxigraph parses and evaluates on the caller's stack; the main thread's 8 MB overflows
# at about 6,900 terms of 1+1+... (4,600 nested brackets); 256 MB takes about 30 times more.
# Only the pages a query touches are used.
QUERY_STACK_BYTES = 256 << 20

SHORT_NAMES = {
    **{namespace: f"{prefix}:" for prefix, namespace in PREFIXES.items()},
    DEFAULT_BASE: "data:",
    "https://w3id.org/remote-kg/examples/": "ex:",
    "https://w3id.org/remote-kg/source/": "src:",
}


class QueryInterrupted(RemoteKGError):
    """The user stopped the query (Ctrl-C): the conventional exit status 130."""

    exit_code = 130


def _query_prefixes(text: str, base: str = DEFAULT_BASE) -> dict[str, str]:
    """The usual prefixes (rkg:, data: for `base`, ex:, ...) and those the query declares."""
    prefixes = {short.rstrip(":"): namespace for namespace, short in SHORT_NAMES.items()}
    prefixes.update(predeclared(base))
    for prefix, namespace in re.findall(r"(?i)PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", text):
        prefixes[prefix] = namespace
    return prefixes


# Schemes whose IRIs are taken bare by --bind, though `scheme:rest` reads as a prefixed name.
BARE_IRI_SCHEMES = ("http", "https", "urn")
_PREFIX_NAME = re.compile(r"(?:[A-Za-z][\w.-]*)?")
_EXPECTED_BINDING = ("expected an <IRI> in angle brackets, an absolute http(s):// or urn: IRI, "
                     "or a prefixed name with a known prefix")


def unknown_prefix(value: str, prefixes: dict[str, str]) -> str | None:
    """The prefix of `value` when it reads as a prefixed name (`foo:Bar`) whose prefix is
    not in `prefixes`; None for a known prefix, an IRI with `//` after its scheme, a bare
    http(s): or urn: IRI, or a value that is no prefixed name at all."""
    prefix, colon, local = value.partition(":")
    if (not colon or prefix in prefixes or local.startswith("//")
            or prefix.lower() in BARE_IRI_SCHEMES or not _PREFIX_NAME.fullmatch(prefix)):
        return None
    return prefix


def _binding_iri(pair: str, value: str, prefixes: dict[str, str], source: str) -> str:
    """`<IRI>`, a prefixed name with a known prefix (`data:w1`) or an absolute IRI (`scheme://`,
    http(s): or urn:), as an absolute IRI; InputError naming `pair` otherwise."""
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    elif (prefix := unknown_prefix(value, prefixes)) is not None:
        raise InputError(
            f"--bind {pair!r}: the {'empty ' if not prefix else ''}prefix {prefix}: is "
            f"neither declared by {source} nor one "
            f"of the usual ones ({', '.join(f'{p}:' for p in sorted(prefixes) if p)}); "
            f"{_EXPECTED_BINDING}")
    else:
        prefix, colon, local = value.partition(":")
        if colon and prefix in prefixes and not local.startswith("//"):
            value = prefixes[prefix] + local
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value):
        raise InputError(f"--bind {pair!r}: {value!r} is not an absolute IRI or a prefixed name; "
                         f"{_EXPECTED_BINDING} "
                         f"({', '.join(f'{p}:' for p in sorted(prefixes) if p)} are known)")
    return value


def parse_bindings(pairs: Sequence[str], text: str, source: str,
                   base: str = DEFAULT_BASE) -> dict[str, str]:
    """`NAME=IRI` pairs of `--bind` as {name: iri}; errors name the pair and the fix.

    The value is an IRI (`<...>` or bare) or a prefixed name using the query's PREFIX
    declarations or the usual ones (`rkg:`, `data:` for `base`, `ex:`), as in the query.
    """
    import pyoxigraph as ox

    from remote_kg.kg.query_text import variables

    prefixes = _query_prefixes(text, base)
    named = variables(text)
    bindings: dict[str, str] = {}
    given: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise InputError(f"--bind {pair!r}: expected NAME=IRI, e.g. worker=https://...")
        if name in given:
            raise InputError(f"--bind {pair!r}: ?{name} is already bound by --bind "
                             f"{given[name]!r}; give each variable once")
        given[name] = pair
        if name not in named:
            raise InputError(f"--bind {pair!r}: {source} has no variable ?{name}")
        iri = _binding_iri(pair, value.strip(), prefixes, source)
        try:
            ox.NamedNode(iri)
        except ValueError as exc:
            raise InputError(f"--bind {pair!r}: {iri!r} is not a valid IRI ({exc})") from exc
        bindings[name] = iri
    return bindings


def _clear_frames(exc: BaseException | None) -> None:
    """Clear the frames of an exception and of every exception it was raised from or
    during, so nothing pyoxigraph made on the query thread (its results are bound to that
    thread) outlives it in a traceback."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        traceback.clear_frames(exc.__traceback__)
        for linked in (exc.__cause__, exc.__context__):
            if linked is not None and id(linked) not in seen:
                _clear_frames(linked)
        exc = None


def on_large_stack(function: Callable[..., object], *args: object,
                   offline: bool = False) -> object:
    """`function(*args)` in a thread with a QUERY_STACK_BYTES stack: its value, or its
    exception re-raised here (its frames cleared first, so that whatever pyoxigraph built
    is freed on the large stack, not on this one). `offline`: the thread first leaves every
    network where Linux lets it (`sandbox.isolate_thread`), so that a SERVICE the checks
    missed cannot be sent."""
    outcome: dict[str, object] = {}

    def target() -> None:
        if offline:
            isolate_thread()
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            _clear_frames(exc)
            outcome["error"] = exc

    previous = threading.stack_size()
    try:
        threading.stack_size(QUERY_STACK_BYTES)
        thread = threading.Thread(target=target, name="query", daemon=True)
        thread.start()
    except (RuntimeError, ValueError, MemoryError):  # no such stack here: the limits still hold
        return function(*args)
    finally:
        threading.stack_size(previous)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome.get("value")


def executable_text(text: str, source: str, bindings: dict[str, str] | None = None) -> str:
    """The text pyoxigraph will run, and the one every check reads: \\u escapes expanded
    once, as SPARQL says; every bare CR made a LF (a comment ends there for pyoxigraph, not
    for rdflib); the `bindings` written into it as a VALUES block (`query_text.
    with_bindings`); refused, in one line naming the limit, past what pyoxigraph parses and
    evaluates safely (`query_text.check_limits`)."""
    from remote_kg.kg.query_text import (
        MalformedQuery,
        check_limits,
        expand_codepoint_escapes,
        normalise_line_breaks,
        with_bindings,
    )

    try:
        text = with_bindings(normalise_line_breaks(expand_codepoint_escapes(text)),
                             bindings or {})
        check_limits(text)
    except MalformedQuery as exc:
        raise InputError(f"{source}: {exc}") from exc
    return text


def bound_text(text: str, source: str, bindings: dict[str, str]) -> str:
    """The query with `bindings` written in (`query_text.with_bindings`), for an endpoint;
    one line naming the source when they cannot be."""
    from remote_kg.kg.query_text import MalformedQuery, with_bindings

    try:
        return with_bindings(text, bindings)
    except MalformedQuery as exc:
        raise InputError(f"{source}: {exc}") from exc


def refuse_service(text: str, source: str, base: str = DEFAULT_BASE) -> None:
    """Raise InputError when the query would call another endpoint (SERVICE).

    The check reads the text as it will run: escapes expanded once and the usual prefixes
    declared (`sparql_safety.inspect_query`). Only a text holding the word SERVICE is parsed;
    if rdflib cannot parse it, it cannot be checked, so it is refused.
    """
    from remote_kg.kg.query_text import MalformedQuery, UnsafeQuery, expand_codepoint_escapes

    try:
        if not re.search(r"(?i)service", expand_codepoint_escapes(text)):
            return  # no SERVICE keyword in the text that runs: nothing to parse for
    except MalformedQuery as exc:
        raise InputError(f"{source}: {exc}") from exc
    from remote_kg.kg.sparql_safety import inspect_query  # rdflib: 0.4 s to import

    try:
        inspect_query(text, lambda iri: True, base=base)
    except UnsafeQuery as exc:
        found = re.search(r"\(found: (.*)\)$", str(exc))
        raise InputError(
            f"{source}: the query calls another endpoint "
            f"({found.group(1) if found else 'SERVICE'}); refused, so a query cannot send "
            "requests from this machine: give --allow-service to allow it") from exc
    except MalformedQuery as exc:
        raise InputError(f"{source}: cannot check this query for SERVICE ({exc}); give "
                         "--allow-service to run it anyway") from exc


def run_query(
    store,
    text: str,
    source: str = "query",
    bindings: dict[str, str] | None = None,
    base: str = DEFAULT_BASE,
    allow_service: bool = False,
    **options,
):
    """Run `text` on a pyoxigraph store with the usual prefixes predeclared and the
    variables of `bindings` fixed to IRIs; a syntax error becomes a one-line InputError.
    SERVICE is refused unless `allow_service`; then a failed remote call is one line.
    Every check reads the text that runs (`executable_text`, bindings written in)."""
    text = executable_text(text, source, bindings)
    if not allow_service:
        refuse_service(text, source, base)
    try:
        return store.query(text, prefixes=predeclared(base), **options)
    except SyntaxError as exc:
        raise InputError(syntax_message(text, exc, source, base)) from exc
    except (OSError, RuntimeError) as exc:  # a SERVICE call that failed
        raise service_failure(text, source, exc) from exc


def service_failure(text: str, source: str, exc: Exception) -> InputError:
    """One line for a query that failed while running: the SERVICE endpoints it names."""
    services = ", ".join(re.findall(r"(?i)SERVICE\s+(?:SILENT\s+)?(<[^>]*>|[?$]\w+)", text))
    if services:
        return InputError(f"{source}: SERVICE {services} failed: {exc}")
    return InputError(f"{source}: the query failed: {exc}")


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


_CELL_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def table_cell(text: str) -> str:
    r"""`text` as one line of a table cell: a backslash, tab, line feed and carriage return
    written \\, \t, \n, \r, any other control or invisible character as \xNN or \uNNNN
    (`model.text.visible`), so that every row of the table is one line."""
    from remote_kg.model.text import visible

    return visible(text.translate(_CELL_ESCAPES))


# -f for the answer of a SELECT or ASK (a table of solutions, or true/false) and for the
# graph a CONSTRUCT or DESCRIBE answers; the first of each is the one printed without -f.
RESULTS_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("nt", "ttl", "jsonld")
GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")
# What each graph format is called by pyoxigraph (`RdfFormat`) and asked of an endpoint.
RDF_SYNTAXES = {"nt": "N_TRIPLES", "ttl": "TURTLE", "jsonld": "JSON_LD"}
GRAPH_MEDIA_TYPES = {"nt": "application/n-triples", "ttl": "text/turtle",
                     "jsonld": "application/ld+json"}


def answer_format(fmt: str | None, text: str, source: str) -> str:
    """The format to print the answer of `text` in: `fmt` if given and fitting the query's
    form, else the first of RESULTS_FORMATS or GRAPH_FORMATS; one line refusing a table
    format (csv, tsv, json, table) for a graph, or a graph format for a table."""
    from remote_kg.kg.query_text import MalformedQuery, expand_codepoint_escapes, query_form

    try:
        form = query_form(expand_codepoint_escapes(text))
    except MalformedQuery:  # refused as such where the query is checked or run
        form = None
    graph = form in GRAPH_FORMS
    if fmt is None:
        return GRAPH_FORMATS[0] if graph else RESULTS_FORMATS[0]
    if graph and fmt not in GRAPH_FORMATS:
        raise InputError(f"-f {fmt} prints the table a SELECT or ASK answers, and {source} is "
                         f"a {form}, whose answer is a graph: give -f nt, ttl or jsonld, or "
                         "no -f for N-Triples")
    if form is not None and not graph and fmt in GRAPH_FORMATS:
        raise InputError(f"-f {fmt} prints the graph a CONSTRUCT or DESCRIBE answers, and "
                         f"{source} is {'an' if form == 'ASK' else 'a'} {form}: give -f "
                         "table, csv, tsv or json, or no -f for a table")
    return fmt


def format_table(results) -> str:
    """Solutions as an aligned text table, IRIs shortened with the usual prefixes, one line
    a row (`table_cell`)."""
    import pyoxigraph as ox

    if isinstance(results, ox.QueryBoolean):
        return ("true" if bool(results) else "false") + "\n"
    names = [v.value for v in results.variables]
    rows = [[table_cell(_short(solution[name])) for name in names] for solution in results]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    line = " | ".join(n.ljust(w) for n, w in zip(names, widths))
    out = [line, "-+-".join("-" * w for w in widths)]
    out += [" | ".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _results_format(fmt: str):
    """pyoxigraph's syntax for SELECT or ASK results in `fmt` (csv, tsv or json)."""
    import pyoxigraph as ox

    return {
        "csv": ox.QueryResultsFormat.CSV,
        "tsv": ox.QueryResultsFormat.TSV,
        "json": ox.QueryResultsFormat.JSON,
    }[fmt]


def write_graph(triples, fmt: str, out: BinaryIO, prefixes: dict[str, str] | None = None) -> None:
    """The triples of a CONSTRUCT or DESCRIBE in `fmt` (nt, ttl or jsonld), streamed; Turtle
    with `prefixes` declared and used."""
    import pyoxigraph as ox

    syntax = getattr(ox.RdfFormat, RDF_SYNTAXES[fmt])
    shown = {p: iri for p, iri in (prefixes or {}).items() if p} if fmt == "ttl" else None
    ox.serialize(triples, out, format=syntax, prefixes=shown)


def write_plain_tsv(results, out: BinaryIO) -> None:
    """Solutions as tab-separated plain values, as spreadsheets and pandas read them: an
    IRI or a literal's text as is (not SPARQL TSV's `<iri>` and `"x"@en`), an unbound
    variable empty, a cell holding a tab, a line break or a quote quoted, row by row."""
    names = [v.value for v in results.variables]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(names)
    for solution in results:
        writer.writerow(["" if (term := solution[name]) is None else term.value
                         for name in names])
        if buffer.tell() > 1 << 16:
            out.write(buffer.getvalue().encode())
            buffer.seek(0)
            buffer.truncate()
    out.write(buffer.getvalue().encode())


def write_results(results, fmt: str, out: BinaryIO,
                  prefixes: dict[str, str] | None = None) -> None:
    """Write the results to `out` in `fmt` (`answer_format`); all but table stream (flat
    memory). ValueError when `fmt` does not fit them (a graph in a table format)."""
    import pyoxigraph as ox

    if isinstance(results, ox.QueryTriples) != (fmt in GRAPH_FORMATS):
        kind = "a graph" if isinstance(results, ox.QueryTriples) else "a table"
        raise ValueError(f"-f {fmt} cannot print {kind}")
    if fmt in GRAPH_FORMATS:
        write_graph(results, fmt, out, prefixes)
    elif fmt == "table":
        out.write(format_table(results).encode())
    elif fmt == "tsv" and isinstance(results, ox.QuerySolutions):
        write_plain_tsv(results, out)
    else:
        results.serialize(out, format=_results_format(fmt))
    out.flush()


def _parse_remote_results(body: bytes, endpoint: str):
    """An endpoint's SPARQL JSON results as pyoxigraph results (for the table format)."""
    import pyoxigraph as ox

    try:
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as exc:
        raise InputError(
            f"--endpoint {endpoint}: the answer is not SPARQL JSON results ({exc})"
        ) from exc


def run_query_command(
    text: str,
    source: str,
    data: Sequence[Path | Input],
    store_dir: str | None,
    endpoint: str | None,
    fmt: str | None,
    reasoner: str,
    base: str,
    bindings: dict[str, str] | None = None,
    graph: str | None = None,
    allow_service: bool = False,
    deals: Sequence[Path] = (),
    progress: bool = False,
) -> None:
    """Answer the query `text` (read from `source`) over `data`, a store or an endpoint, in
    `fmt` (None: a table, or N-Triples for a graph; `answer_format`), on standard output."""
    bindings = bindings or {}
    fmt = answer_format(fmt, text, source)  # refused before any store is built or asked
    if endpoint:
        from remote_kg.kg.push import remote_query

        accept = {
            "table": "application/sparql-results+json",
            "csv": "text/csv",
            "tsv": "application/sparql-results+json",  # plain values written from it
            "json": "application/sparql-results+json",
            **GRAPH_MEDIA_TYPES,
        }[fmt]
        query = with_prefix_declarations(bound_text(text, source, bindings), base)
        body = remote_query(endpoint, query, accept, graph=graph)
        if fmt == "table":
            body = format_table(_parse_remote_results(body, endpoint)).encode()
        elif fmt == "tsv":
            import pyoxigraph as ox

            results = _parse_remote_results(body, endpoint)
            if isinstance(results, ox.QuerySolutions):
                plain = io.BytesIO()
                write_plain_tsv(results, plain)
                body = plain.getvalue()
            else:
                body = str(results).encode() + b"\n"
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
        say_what_was_answered(text, source, base, bundled=False)
        return
    text = executable_text(text, source)
    checked = executable_text(text, source, bindings)  # refused before any store is built
    if not allow_service:
        refuse_service(checked, source, base)
    if store_dir:
        from remote_kg.kg.store_open import open_store

        store = open_store(Path(store_dir))
    else:
        from remote_kg.kg.graph import build_store
        store = build_store(list(data), reasoner, include_examples=not data, base=base,
                            deals=list(deals), progress=progress)

    def answer(spool: BinaryIO) -> None:
        results = run_query(store, text, source, bindings, base, allow_service)
        try:
            write_results(results, fmt, spool, _query_prefixes(text, base))
        except (OSError, RuntimeError, ValueError) as exc:
            raise service_failure(text, source, exc) from exc

    with tempfile.SpooledTemporaryFile(max_size=64 << 20) as spool:
        # pyoxigraph evaluates while the results are written; without --allow-service the
        # thread has no network either
        on_large_stack(answer, spool, offline=not allow_service)
        spool.seek(0)  # nothing reaches stdout unless every result was written
        shutil.copyfileobj(spool, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    say_what_was_answered(text, source, base, bundled=not store_dir and not data)


def say_what_was_answered(text: str, source: str, base: str, bundled: bool) -> None:
    """After the answer: a warning per ontology term the query names that the ontology
    does not define, and a note when the bundled examples were the data."""
    from remote_kg.kg.query_terms import undefined_term_warnings

    for warning in undefined_term_warnings(text, source, base):
        print(warning, file=sys.stderr)
    if bundled:
        print("note: no --data or --store given: answered over the bundled seed examples "
              "(ontology/examples.ttl)", file=sys.stderr)
