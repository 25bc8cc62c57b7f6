"""The one RDF parser every command uses: pyoxigraph's, strict, with one kind of error.

`classify`, `import`, `validate`, `load`, `query --data`, `serve --data` and `push` all read
RDF files here, so they accept and refuse exactly the same files, and a refusal names the
file, the line and column, and what is wrong. (rdflib's parsers accept terms that cannot be
stored, such as a prefixed name holding a control character, and fetch remote JSON-LD
contexts; pyoxigraph does neither.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from remote_kg.errors import InputError
from remote_kg.model.text import check_utf8_file, visible

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ntriples": ox.RdfFormat.N_TRIPLES,
    ".n3": ox.RdfFormat.N3,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
}
_POSITION = re.compile(r"^(?:Parser error )?at line (\d+) column (\d+): ")


def rdf_format(path: Path) -> ox.RdfFormat:
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"{path}: unknown file type {path.suffix or '(no extension)'!r}; expected a .csv "
            f"of records or RDF ({', '.join(sorted(RDF_FORMATS))})")
    return fmt


def syntax_problem(path: Path, fmt: ox.RdfFormat, exc: SyntaxError) -> str:
    """One line: file, line and column, and what the parser found wrong."""
    message = exc.msg if exc.msg else str(exc)
    found = _POSITION.match(message)
    if found:
        where = f"line {found.group(1)}, column {found.group(2)}: "
        message = message[found.end():]
    elif exc.lineno:
        where = f"line {exc.lineno}, column {exc.offset or 1}: "
    else:
        where = ""
    if "LoadDocumentCallback" in message:
        message = ("a remote @context is not fetched (that would send a request from this "
                   "machine); put the context inline")
    return f"{path}: {where}not valid {fmt.name}: {visible(message)}"


def parse_quads(path: Path) -> list[ox.Quad]:
    """Every quad of an RDF file, or InputError naming the file, line and column."""
    path = Path(path)
    fmt = rdf_format(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, expected a CSV or RDF file")
    # A pass of its own: pyoxigraph lets bytes that are not UTF-8 through in comments.
    check_utf8_file(path, f"{fmt.name} RDF")
    try:
        return list(ox.parse(path=path, format=fmt, base_iri=path.resolve().as_uri()))
    except SyntaxError as exc:
        raise InputError(syntax_problem(path, fmt, exc)) from exc
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read: {visible(str(exc))}") from exc
