"""A posting's fields as columns (`--extra-columns keep`): its JSON object flattened.

As pandas' `json_normalize` does, a nested object's fields become columns named by their
path (`hiringOrganization.name`, `jobLocation.address.addressCountry`). The columns come in
the order the fields first appear; schema.org's prefixes (`schema:`, `https://schema.org/`)
are dropped from a name, and JSON-LD's keywords (`@type`, `@id`, and the `id` and `type`
schema.org's context makes of them) are not fields. A value object (`{"@value": ...}`)
is its value, a bare reference (`{"@id": ...}`) its IRI. A list gives each path the
values its items have there, joined with `;`; a single JSON number stays a number (text
in CSV). Microdata has no numbers: its values are text.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any

SCHEMA_PREFIXES = ("schema:", "http://schema.org/", "https://schema.org/")
_KEYWORD_ALIASES = frozenset({"id", "type"})  # schema.org's context: "@id", "@type"
LIST_SEPARATOR = ";"

Cell = str | int | float  # a field's value in a row (None: the posting has no such field)


def field_name(key: str) -> str:
    """A JSON key as a column name: schema.org's prefix dropped."""
    for prefix in SCHEMA_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix):]
    return key


def posting_fields(posting: dict) -> tuple[tuple[str, Cell], ...]:
    """The fields of one posting's JSON object, flattened: (column, value) in order."""
    found: dict[str, list[Any]] = {}
    for path, value in _leaves(posting, ""):
        found.setdefault(path, []).append(value)
    return tuple((path, _cell(values)) for path, values in found.items())


def _leaves(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """(path, scalar) for every value under `value`, depth first, in the JSON's order."""
    if isinstance(value, list):
        for item in value:
            yield from _leaves(item, path)
        return
    if not isinstance(value, dict):
        if value is not None and path:
            yield path, value
        return
    if "@value" in value:
        yield from _leaves(value["@value"], path)
        return
    for container in ("@list", "@set"):
        if container in value:
            yield from _leaves(value[container], path)
            return
    fields = [(k, v) for k, v in value.items()
              if not k.startswith("@") and k not in _KEYWORD_ALIASES]
    if not fields:  # a reference to a node ({"@id": ...}): its IRI
        reference = value.get("@id", value.get("id"))
        if isinstance(reference, str) and path:
            yield path, reference
        return
    for key, item in fields:
        name = field_name(key)
        yield from _leaves(item, f"{path}.{name}" if path else name)


def _cell(values: list[Any]) -> Cell:
    """One column's value from the scalars found at its path."""
    if len(values) == 1 and is_number(values[0]):
        return values[0]
    return LIST_SEPARATOR.join(cell_text(v) for v in values)


def is_number(value: Any) -> bool:
    """A JSON number that stays one in typed output (not a boolean, not NaN or infinite)."""
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def cell_text(value: Any) -> str:
    """A value as CSV text: numbers as JSON writes them, booleans as true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def field_columns(rows: Iterable[tuple[tuple[str, Cell], ...]]) -> list[str]:
    """The columns of several postings' fields: each name once, in order of first
    appearance."""
    names: dict[str, None] = {}
    for row in rows:
        for name, _ in row:
            names.setdefault(name)
    return list(names)
