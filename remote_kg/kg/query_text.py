"""SPARQL text as users write it: the prefixes they expect, and errors they can read.

Queries run by `remote-kg query` and `remote-kg serve` may use the usual prefixes (rdf, rdfs,
owl, xsd, skos, dcterms, rkg, and `data:` for the records' base) without declaring them; a
PREFIX the query declares itself wins. A malformed query is reported as one line with the
line, column and offending text, not as the parser's list of expected tokens.
"""

from __future__ import annotations

import re

from remote_kg.model.namespaces import DEFAULT_BASE, PREFIXES

EXAMPLES_NAMESPACE = "https://w3id.org/remote-kg/examples/"

_DECLARED = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:\s*<")
_POSITION = re.compile(r"error at (\d+):(\d+)")
_PREFIXED_NAME = re.compile(r"([A-Za-z][\w.-]*)?:[\w.%-]*$")
_SHORT_EXPECTED = 4  # list what the parser expected only when it is this short


def without_byte_order_mark(text: str) -> str:
    """The query as read: one leading UTF-8 byte-order mark (Windows Notepad writes one)
    taken off, as CSV inputs take off Excel's; decided once, where the text is read."""
    return text.removeprefix("\ufeff")


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


QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
                "WITH")
_PROLOGUE = re.compile(
    r"(?is)\A(?:\s+|#[^\n\r]*|PREFIX\s+[\w.-]*\s*:\s*<[^>]*>|BASE\s*<[^>]*>)*")
_WORD = re.compile(r"[A-Za-z]+")


def form_message(text: str, source: str) -> str | None:
    """One line for a query whose first keyword is not a query form: an update is refused
    as such (read-only), an unknown word named with the closest form; None otherwise."""
    import difflib

    start = _PROLOGUE.match(text)
    word = _WORD.match(text, start.end() if start else 0)
    if not word:
        return None
    keyword = word.group(0).upper()
    if keyword in QUERY_FORMS:
        return None
    if keyword in UPDATE_FORMS:
        return (f"{source}: {keyword} is a SPARQL update, and remote-kg is read-only; "
                f"ask with {', '.join(QUERY_FORMS[:-1])} or {QUERY_FORMS[-1]}")
    close = difflib.get_close_matches(keyword, QUERY_FORMS, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return (f"{source}: unknown keyword {word.group(0)!r}{hint}; a query starts with "
            f"{', '.join(QUERY_FORMS[:-1])} or {QUERY_FORMS[-1]}, after any PREFIX lines")


def syntax_message(
    text: str, error: Exception, source: str, base: str = DEFAULT_BASE, added_lines: int = 0
) -> str:
    """One readable line for a SPARQL syntax error raised by pyoxigraph."""
    form = form_message(text, source)
    if form is not None:
        return form
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


MAX_NESTING = 500  # pyoxigraph's parser overflows its stack at about 4,600 (measured)
MAX_CHAIN = 2_000  # operators in one expression; 1+1+... overflows at about 6,900 terms
MAX_PATH_STEPS = 100  # '/' in one path or expression; 400 steps take 7 s on an empty store
MAX_ELEMENTS = 1_000  # UNION / OPTIONAL / MINUS / BIND / FILTER / { } in one group
MAX_IRI = 8_192  # characters in one <IRI> (what a '<' read as less-than could hide)

_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c"
         "\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
         "\U00010000-\U000effff")
_CHARS = _BASE + "0-9_\u00b7\u0300-\u036f\u203f\u2040"
_TOKEN = re.compile(
    r'(?P<long>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\')'
    r'|(?P<string>"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r'|(?P<comment>#[^\r\n]*)'
    r'|(?P<var>[?$][' + _CHARS + r']+)'
    r'|(?P<number>[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+'
    r'|[0-9]+)'
    r'|(?P<word>(?:[' + _BASE + r'_](?:[' + _CHARS + r'.-]*[' + _CHARS + r'-])?)?:'
    r'(?:[' + _CHARS + r':.-]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&\'()*+,;=/?#@%])*'
    r'|[' + _BASE + r'_][' + _CHARS + r']*)'
    r'|(?P<op>&&|\|\||!=|<=|>=|\^\^|[-+*/|^!=<>?])'
    r'|(?P<open>[({[])|(?P<close>[)}\]])'
    r'|(?P<space>\s+)'
    r'|(?P<other>.)',
    re.S,
)
_ELEMENTS = {"UNION", "OPTIONAL", "MINUS", "BIND", "FILTER", "SERVICE", "GRAPH", "VALUES"}


def tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, offset) of each token as pyoxigraph's lexer reads the text.

    Where the reading is ambiguous, the reading that sees more code is taken: '<?a#>' may
    be an IRI or a less-than with a comment after it, so a long string opening later on
    that line is read as code (its quotes as 'other' tokens), never skipped.
    """
    found: list[tuple[str, str, int]] = []
    suspicious_line = -1  # offset of the line end after an IRI holding '#'
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        assert match is not None and match.lastgroup is not None  # 'other' takes any char
        kind, value = match.lastgroup, match.group()
        if kind == "long" and position < suspicious_line:
            kind, value = "other", value[:3]
        elif kind == "iri" and "#" in value:
            end = text.find("\n", position)
            suspicious_line = len(text) if end < 0 else end
        found.append((kind, value, position))
        position += len(value)
    return found


def normalise_line_breaks(text: str) -> str:
    """The text with every bare carriage return made a line feed, so that rdflib (whose
    comments end at LF only) and pyoxigraph (at CR or LF) see the same comments; outside
    strings a CR and a LF mean the same to pyoxigraph. A bare CR inside a long string
    would change the string, so it is refused."""
    if "\r" not in text:
        return text
    for kind, value, offset in tokens(text):
        if kind == "long" and re.search(r"\r(?!\n)", value):
            line = len(re.findall(r"\r\n|\r|\n", text[:offset])) + 1
            raise MalformedQuery(f"line {line}: a string holds a bare carriage return (CR "
                                 "without LF); write it as \\r")
    return re.sub(r"\r(?!\n)", "\n", text)


def nesting_depth(text: str) -> int:
    """How deep brackets ({, (, [) nest in the query, strings, IRIs and comments aside."""
    return _shape(text)[0]


def _shape(text: str) -> tuple[int, int, int, int, int]:
    """(deepest nesting, longest operator chain, longest '/' chain, most group elements,
    longest IRI) over the text's tokens; chains are counted per bracket level."""
    depth = deepest = longest_chain = longest_path = most_elements = longest_iri = 0
    # per open bracket: operators, slashes, elements, the keyword whose { comes next
    levels: list[list] = [[0, 0, 0, ""]]
    for kind, value, _ in tokens(text):
        level = levels[-1]
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
            if value == "{":  # one element: a group, or the braces of the keyword before
                level[2] += not level[3]
                level[3] = ""
            elif level[3] != "VALUES":  # FILTER( / BIND(: a later { is a group of its own
                level[3] = ""
            levels.append([0, 0, 0, ""])
        elif kind == "close":
            depth -= 1
            if len(levels) > 1:
                levels.pop()
        elif kind == "op" and value != "^^":
            level[0] += 1
            level[1] += value == "/"
        elif kind == "word" and value.upper() in _ELEMENTS:
            level[2] += 1
            level[3] = value.upper()
        elif kind == "other" and value in (".", ";", ","):
            level[0] = level[1] = 0
        elif kind == "iri":
            longest_iri = max(longest_iri, len(value) - 2)
        level = levels[-1]
        longest_chain = max(longest_chain, level[0])
        longest_path = max(longest_path, level[1])
        most_elements = max(most_elements, level[2])
    return deepest, longest_chain, longest_path, most_elements, longest_iri


def check_limits(text: str) -> None:
    """MalformedQuery, naming the limit, when the query is deeper or longer than pyoxigraph
    can parse and evaluate safely (past them its stack overflows, or a path runs for
    minutes). Read from the text that runs (escapes expanded, line breaks normalised)."""
    depth, chain, path, elements, iri = _shape(text)
    for value, limit, what in (
        (depth, MAX_NESTING, "nests brackets {} levels deep"),
        (chain, MAX_CHAIN, "chains {} operators in one expression or path"),
        (path, MAX_PATH_STEPS, "chains {} '/' steps in one path or expression"),
        (elements, MAX_ELEMENTS, "has {} UNION, OPTIONAL, MINUS, BIND, FILTER or {{ }} "
                                 "elements in one group"),
        (iri, MAX_IRI, "holds an IRI of {} characters"),
    ):
        if value > limit:
            raise MalformedQuery(f"the query {what.format(value)}; at most {limit} are "
                                 "accepted")


def check_nesting(text: str) -> None:
    """MalformedQuery when the query is past any of `check_limits`'s limits."""
    check_limits(text)


# -- fixing variables to IRIs (--bind) ----------------------------------------------------

def _significant(text: str) -> list[tuple[str, str, int]]:
    return [t for t in tokens(text) if t[0] not in ("space", "comment")]


def variables(text: str) -> set[str]:
    """Names of the variables the query's code names (strings, IRIs and comments aside)."""
    return {value[1:] for kind, value, _ in tokens(text) if kind == "var"}


def _form_index(found: list[tuple[str, str, int]]) -> int | None:
    """Index of the first query-form keyword among the significant tokens `found`."""
    return next((i for i, (kind, value, _) in enumerate(found)
                 if kind == "word" and value.upper() in QUERY_FORMS), None)


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's first query-form keyword outside
    strings, IRIs and comments (a sub-select comes after its query's form); None if none."""
    found = _significant(text)
    index = _form_index(found)
    return None if index is None else found[index][1].upper()


def _where_group(text: str) -> tuple[int, int]:
    """(offset of the `{` opening the query's WHERE block, offset of its `}`)."""
    found = _significant(text)
    form = _form_index(found)
    if form is None:
        raise MalformedQuery("no SELECT, ASK, CONSTRUCT or DESCRIBE to bind a variable in")
    start = form + 1
    if found[form][1].upper() == "CONSTRUCT":
        if start < len(found) and found[start][1].upper() == "WHERE":
            raise MalformedQuery("a variable of CONSTRUCT WHERE { } cannot be bound; write "
                                 "CONSTRUCT { ... } WHERE { ... }")
        start = _closing(found, start) + 1  # past the template
    begin = next((i for i in range(start, len(found)) if found[i][1] == "{"
                  and _depth(found, start, i) == 0), None)
    if begin is None:
        raise MalformedQuery("no WHERE { } block to bind a variable in")
    return found[begin][2], found[_closing(found, begin)][2]


def _depth(found: list[tuple[str, str, int]], start: int, end: int) -> int:
    return sum((k == "open") - (k == "close") for k, _, _ in found[start:end])


def _closing(found: list[tuple[str, str, int]], begin: int) -> int:
    """Index of the bracket closing the one at `begin` (the last token if unclosed)."""
    depth = 0
    for i in range(begin, len(found)):
        depth += (found[i][0] == "open") - (found[i][0] == "close")
        if depth == 0:
            return i
    return len(found) - 1


def with_bindings(text: str, bindings: dict[str, str]) -> str:
    """The query with `VALUES (?a ?b) { (<iri> <iri>) }` opening its WHERE block, so the
    bound variables are fixed wherever that block sees them, projected or not (standard
    SPARQL: the same text runs on pyoxigraph and on an endpoint). Refuses a variable the
    query does not name, or sets itself with `AS ?name` (the two would conflict)."""
    if not bindings:
        return text
    named = variables(text)
    found = _significant(text)
    for name in bindings:
        if name not in named:
            raise MalformedQuery(f"the query has no variable ?{name}")
        if any(value.upper() == "AS" and after[0] == "var" and after[1][1:] == name
               for (_, value, _), after in zip(found, found[1:])):
            raise MalformedQuery(f"the query sets ?{name} itself (AS ?{name}), so it cannot "
                                 "be bound")
    begin, end = _where_group(text)
    names = " ".join(f"?{name}" for name in bindings)
    row = " ".join(f"<{iri}>" for iri in bindings.values())
    values = f" VALUES ({names}) {{ ({row}) }}"
    inside = _significant(text[begin + 1:end])
    if inside and inside[0][1].upper() == "SELECT":
        # a subquery is the whole block: it becomes a group beside the VALUES
        return text[:begin + 1] + values + " {" + text[begin + 1:end] + "} " + text[end:]
    return text[:begin + 1] + values + text[begin + 1:]
