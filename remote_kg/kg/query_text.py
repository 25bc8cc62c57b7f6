"""SPARQL text as users write it: the prefixes they expect, and errors they can read.

Queries run by `remote-kg query` and `remote-kg serve` may use the usual prefixes (rdf, rdfs,
owl, xsd, skos, dcterms, rkg, and `data:` for the records' base) without declaring them; a
PREFIX the query declares itself wins. A malformed query is reported as one line with the
line, column and offending text, not as the parser's list of expected tokens.
"""

from __future__ import annotations

import re

from remote_kg.model.ontology import DEFAULT_BASE, PREFIXES

EXAMPLES_NAMESPACE = "https://w3id.org/remote-kg/examples/"

_DECLARED = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:\s*<")
_POSITION = re.compile(r"error at (\d+):(\d+)")
_PREFIXED_NAME = re.compile(r"([A-Za-z][\w.-]*)?:[\w.%-]*$")
_SHORT_EXPECTED = 4  # list what the parser expected only when it is this short


def predeclared(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The prefixes a query may use without declaring them."""
    return {**PREFIXES, "data": base, "ex": EXAMPLES_NAMESPACE}


def declared_prefixes(text: str) -> set[str]:
    """Names of the prefixes the query declares itself (`""` for the empty prefix)."""
    return {name or "" for name in _DECLARED.findall(text)}


def with_prefix_declarations(text: str, base: str = DEFAULT_BASE) -> str:
    """The query with PREFIX lines for the predeclared prefixes it does not declare, for
    endpoints that know none of them. The query's own declarations are kept as they are."""
    own = declared_prefixes(text)
    lines = [f"PREFIX {p}: <{iri}>\n" for p, iri in predeclared(base).items() if p not in own]
    return "".join(lines) + text


def _offending(text: str, line: int, column: int) -> tuple[str, str]:
    """(the text just before the error position on its line, the rest of the line)."""
    lines = text.splitlines() or [""]
    row = lines[min(line, len(lines)) - 1]
    index = max(0, min(column - 1, len(row)))
    return row[:index], row[index:]


def _near(before: str, after: str) -> str:
    """The text to quote at an error: what follows the position, else what precedes it."""
    return after.strip()[:40] or before.strip()[-40:] or "end of query"


def _prefix_advice(where: str, name: str, used: str, base: str) -> str:
    known = ", ".join(f"{p}:" for p in predeclared(base))
    return (
        f"{where}: undeclared prefix {name}:{used}; declare it with PREFIX {name}: <...> "
        f"(predeclared: {known})"
    )


def undeclared_prefix_message(text: str, name: str, source: str, base: str = DEFAULT_BASE) -> str:
    """One line naming an undeclared prefix, where it is first used and how to declare it."""
    match = re.search(rf"(?<![\w.-]){re.escape(name)}:[\w.%-]*", text)
    where = source
    used = ""
    if match:
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        where, used = f"{source}: line {line}, column {column}", f" in {match.group(0)!r}"
    return _prefix_advice(where, name, used, base)


def parse_error_message(text: str, line: int, column: int, source: str) -> str:
    """One readable line for a parse error at (line, column) of `text`, 1-based."""
    before, after = _offending(text, max(line, 1), column)
    return f"{source}: line {line}, column {column}: not valid SPARQL near {_near(before, after)!r}"


def syntax_message(
    text: str, error: Exception, source: str, base: str = DEFAULT_BASE, added_lines: int = 0
) -> str:
    """One readable line for a SPARQL syntax error raised by pyoxigraph."""
    detail = str(error)
    position = _POSITION.search(detail)
    if not position:
        first = detail.splitlines()[0] if detail else "syntax error"
        return f"{source}: not a valid SPARQL query: {first[:200]}"
    line, column = int(position.group(1)) - added_lines, int(position.group(2))
    before, after = _offending(text, line, column)
    where = f"{source}: line {line}, column {column}"
    if "Prefix not found" in detail:
        match = _PREFIXED_NAME.search(before)
        name = (match.group(1) or "") if match else ""
        return _prefix_advice(where, name, f" in {(match.group(0) if match else '')!r}", base)
    near = _near(before, after)
    reason = detail[position.end() :].lstrip(": ").replace("\n", " ")
    if reason.startswith("expected one of "):
        options = [o.strip() for o in reason[len("expected one of ") :].split(",")]
        if len(options) > _SHORT_EXPECTED or any("[" in o or "'" in o for o in options):
            reason = ""
    elif len(reason) > 80 or "[" in reason:
        reason = ""
    return f"{where}: not valid SPARQL near {near!r}" + (f" ({reason})" if reason else "")


# -- reading a query before any parser: escapes and nesting (no rdflib import) --------

class QueryRejected(Exception):
    """The text is not a query this endpoint will run; the message says why."""


class MalformedQuery(QueryRejected):
    """The text is not a syntactically valid SPARQL 1.1 query."""


class UnsafeQuery(QueryRejected):
    """The query is valid but would make the server fetch remote data."""


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def expand_codepoint_escapes(text: str) -> str:
    """The text with every \\u / \\U escape expanded, as SPARQL 1.1 (19.2) reads it; refuses
    a text whose expansion still holds one, which two parsers could read differently."""

    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise MalformedQuery(f"\\u escape {match.group(0)!r} is not a Unicode character")
        return chr(code)

    expanded = _CODEPOINT.sub(char, text)
    if _CODEPOINT.search(expanded):
        raise MalformedQuery(
            "a \\u escape expands to another \\u escape; write the character itself"
        )
    return expanded


MAX_NESTING = 500
_SKIP = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                   r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')


def nesting_depth(text: str) -> int:
    """How deep brackets ({, (, [) nest in the query, strings, IRIs and comments aside."""
    depth = deepest = 0
    for piece in _SKIP.split(text):
        for ch in piece:
            if ch in "{([":
                depth += 1
                deepest = max(deepest, depth)
            elif ch in "})]":
                depth -= 1
    return deepest


def check_nesting(text: str) -> None:
    """MalformedQuery when brackets nest deeper than MAX_NESTING (a query engine's parser
    would run out of stack on it)."""
    depth = nesting_depth(text)
    if depth > MAX_NESTING:
        raise MalformedQuery(f"the query nests brackets {depth} levels deep; at most "
                             f"{MAX_NESTING} are accepted")
