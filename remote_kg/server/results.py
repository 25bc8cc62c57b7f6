"""Serialize pyoxigraph query results, stopping after a maximum number of rows.

pyoxigraph can only serialize a whole result set, so SELECT and ASK results are written
here (SPARQL 1.1 JSON, XML, CSV and TSV) to be able to cut them after ``max_rows`` rows or
``max_bytes`` bytes, and to refuse XML for values XML 1.0 cannot carry.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import re
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from remote_kg.model.ontology import PREFIXES
from remote_kg.server.bar_chart import chart_figure

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}

Term = Any  # pyoxigraph NamedNode | BlankNode | Literal | Triple


def take(items: Iterable[Any], max_rows: int) -> tuple[list[Any], bool]:
    """Return at most ``max_rows`` items and whether more were available."""
    rows = list(itertools.islice(iter(items), max_rows + 1))
    return rows[:max_rows], len(rows) > max_rows


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            dt = quoteattr(term.datatype.value)
            return f"<literal datatype={dt}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject>"
        f"<predicate>{_xml_term(term.predicate)}</predicate>"
        f"<object>{_xml_term(term.object)}</object></triple>"
    )


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


class NotRepresentable(ValueError):
    """A value holds a character the chosen syntax (XML 1.0) cannot carry."""


# Characters XML 1.0 cannot hold, even escaped (C0 controls but tab, LF, CR; U+FFFE, U+FFFF;
# lone surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def check_xml_text(text: str, where: str) -> str:
    """``text`` unchanged, or NotRepresentable naming the character and where it is."""
    found = _NOT_XML.search(text)
    if found:
        raise NotRepresentable(
            f"{where} holds the character U+{ord(found.group()):04X}, which XML 1.0 cannot "
            "carry; ask for JSON (application/sparql-results+json), CSV or TSV instead")
    return text


def _row_fragments(variables: list[str], serializer: str) -> tuple[str, str, str, Any]:
    """(document start, row separator, document end, row -> text) for a results syntax."""
    if serializer == "json":
        head = json.dumps({"head": {"vars": variables}}, ensure_ascii=False)[:-1]

        def json_row(row: list[Term | None]) -> str:
            binding = {v: _json_term(t) for v, t in zip(variables, row, strict=True)
                       if t is not None}
            return json.dumps(binding, ensure_ascii=False)

        return head + ', "results": {"bindings": [', ", ", "]}}", json_row
    if serializer == "xml":
        start = ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                 "<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
                 + "</head><results>")

        def xml_row(row: list[Term | None]) -> str:
            bindings = "".join(
                f"<binding name={quoteattr(var)}>"
                f"{check_xml_text(_xml_term(term), f'the value of ?{var}')}</binding>"
                for var, term in zip(variables, row, strict=True) if term is not None)
            return f"<result>{bindings}</result>"

        return start, "", "</results></sparql>\n", xml_row
    if serializer == "csv":
        def csv_row(row: list[Term | None]) -> str:
            out = io.StringIO()
            csv.writer(out, lineterminator="\r\n").writerow(_csv_value(t) for t in row)
            return out.getvalue()

        return csv_row([ox.Literal(v) for v in variables]), "", "", csv_row
    if serializer == "tsv":
        def tsv_row(row: list[Term | None]) -> str:
            return "\t".join("" if t is None else str(t) for t in row) + "\n"

        return "\t".join(f"?{v}" for v in variables) + "\n", "", "", tsv_row
    if serializer == "html":
        def html_row(row: list[Term | None]) -> str:
            return "<tr>" + "".join(f"<td>{_html_value(t)}</td>" for t in row) + "</tr>\n"

        head = "".join(f"<th>?{html.escape(v)}</th>" for v in variables)
        return (_HTML_START + f"<table><thead><tr>{head}</tr></thead><tbody>\n", "",
                _HTML_TABLE_END + _HTML_END, html_row)
    raise ValueError(f"unknown results serializer {serializer!r}")


_HTML_START = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>remote-kg '
               'query results</title><link rel="stylesheet" href="/static/style.css"></head>'
               '<body><p><a href="/">Back to the query page</a></p>\n')
_HTML_TABLE_END = "</tbody></table>"
_HTML_END = "\n</body></html>\n"


def _html_value(term: Term | None) -> str:
    """A value as a browser shows it: an IRI as a link, a literal as its text."""
    if term is None:
        return ""
    text = html.escape(_csv_value(term))
    if isinstance(term, ox.NamedNode) and term.value.startswith(("http://", "https://")):
        return f'<a href="{text}">{text}</a>'
    return text


def serialize_solutions(
    variables: list[str], rows: list[list[Term | None]], serializer: str,
    max_bytes: int | None = None,
) -> tuple[bytes, bool]:
    """Write SELECT results in one of ``json``, ``xml``, ``csv``, ``tsv``; stop before the
    row that would take the body past ``max_bytes``. Returns (body, whether rows were cut)."""
    start, separator, end, render = _row_fragments(variables, serializer)
    if serializer == "html":  # a count's answer: its bar chart below the table
        end = _HTML_TABLE_END + chart_figure(variables, rows) + _HTML_END
    parts, closing = [start.encode()], end.encode()
    size = len(parts[0]) + len(closing)
    cut = False
    for index, row in enumerate(rows):
        piece = ((separator if index else "") + render(row)).encode()
        if max_bytes is not None and size + len(piece) > max_bytes:
            cut = True
            break
        parts.append(piece)
        size += len(piece)
    parts.append(closing)
    return b"".join(parts), cut


def serialize_boolean(value: bool, serializer: str) -> bytes:
    """Write an ASK result in one of ``json``, ``xml``, ``csv``, ``tsv``."""
    word = "true" if value else "false"
    if serializer == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if serializer == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{word}</boolean></sparql>\n"
        ).encode()
    if serializer == "csv":
        return f"_askResult\r\n{word}\r\n".encode()
    if serializer == "html":
        return (_HTML_START + f"<p>ASK: <strong>{word}</strong></p>" + _HTML_END).encode()
    return f"?_askResult\n{word}\n".encode()


def serialize_triples(triples: list[Any], media_type: str,
                      max_bytes: int | None = None) -> tuple[bytes, bool]:
    """Write CONSTRUCT/DESCRIBE results (or any triples) in an RDF syntax, keeping the first
    triples that fit in ``max_bytes``. Returns (body, whether triples were cut)."""
    fmt = RDF_FORMATS[media_type]
    if fmt == ox.RdfFormat.RDF_XML:
        for triple in triples:
            for position, term in zip(("subject", "predicate", "object"), triple, strict=False):
                if isinstance(term, ox.Literal | ox.NamedNode | ox.BlankNode):
                    check_xml_text(term.value, f"a triple's {position}")
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None

    def write(items: list[Any]) -> bytes:
        return ox.serialize(items, format=fmt, prefixes=prefixes) or b""

    body = write(triples)
    if max_bytes is None or len(body) <= max_bytes:
        return body, False
    low, high = 0, len(triples)  # the most triples that fit: low fits, high does not
    while high - low > 1:
        middle = (low + high) // 2
        if len(write(triples[:middle])) <= max_bytes:
            low = middle
        else:
            high = middle
    return write(triples[:low]), True
