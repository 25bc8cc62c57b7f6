"""Terms of the ontology's namespace that a query names but the ontology does not define
(`rkg:Telecomuter`, `rkg:teleworker`): a pattern using one matches nothing, so the query
answers 0 rows without a word unless it is said. Read from the text the query runs, strings,
comments and other IRIs set aside."""

from __future__ import annotations

import difflib
import functools
import re

import pyoxigraph as ox

from remote_kg.kg.query_text import predeclared
from remote_kg.model.namespaces import DEFAULT_BASE, RELEASE_NTRIPLES, RKG_NAMESPACE

_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<(?P<iri>[^<>\"{}|^`\\\s]*)>"
    r"|#[^\n\r]*"
    r"|(?<![\w.:-])(?P<prefix>[A-Za-z][\w.-]*)?:(?P<local>[A-Za-z_][\w-]*)"
)
_DECLARATION = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:\s*<([^>]*)>")


@functools.lru_cache(maxsize=4)
def defined_names(namespace: str = RKG_NAMESPACE) -> frozenset[str]:
    """The local names the ontology gives a meaning in `namespace`, read from its release
    copy by pyoxigraph (0.05 s, where parsing the Turtle source with rdflib took more than
    half of a query's run over a store)."""
    names = set()
    for triple in ox.parse(path=str(RELEASE_NTRIPLES), format=ox.RdfFormat.N_TRIPLES):
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(namespace):
                names.add(term.value[len(namespace):])
    return frozenset(names)


def undefined_terms(text: str, base: str = DEFAULT_BASE) -> list[tuple[str, str | None]]:
    """(the term as written, the closest defined one as a prefixed name or None) for each
    distinct ontology-namespace term the query names that the ontology does not define."""
    namespace = RKG_NAMESPACE
    prefixes = {**predeclared(base),
                **{(p or ""): iri for p, iri in _DECLARATION.findall(text)}}
    found: dict[str, str] = {}
    for token in _TOKENS.finditer(text):
        if token.group("iri") is not None:
            iri = token.group("iri")
            if iri.startswith(namespace) and iri != namespace:
                found.setdefault(iri[len(namespace):], token.group(0))
        elif (token.group("local") is not None
              and prefixes.get(token.group("prefix") or "") == namespace):
            found.setdefault(token.group("local"), token.group(0))
    if not found:
        return []
    names = defined_names(namespace)
    lowered = {n.lower(): n for n in names}
    missing = []
    for local, written in found.items():
        if local in names:
            continue
        close = difflib.get_close_matches(local.lower(), list(lowered), n=1, cutoff=0.75)
        closest = None
        if close:  # written as the query wrote the term: prefixed name or full IRI
            closest = (f"<{namespace}{lowered[close[0]]}>" if written.startswith("<")
                       else f"{written.partition(':')[0]}:{lowered[close[0]]}")
        missing.append((written, closest))
    return missing


def undefined_term_warnings(text: str, source: str, base: str = DEFAULT_BASE) -> list[str]:
    """One warning line per undefined term (see `undefined_terms`)."""
    return [f"warning: {source}: {written} is not a term of the ontology"
            + (f" (did you mean {closest}?)" if closest else "")
            + "; a pattern using it matches nothing"
            for written, closest in undefined_terms(text, base)]
