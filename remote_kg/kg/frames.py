"""SPARQL answers as a pandas DataFrame: one column per variable, plain values (an IRI or a
literal's value, numbers and booleans as Python numbers and booleans, unbound as None)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from remote_kg.errors import InputError
from remote_kg.model.ontology import DEFAULT_BASE

XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {XSD + t: int for t in ("integer", "int", "long", "short", "byte",
                                    "nonNegativeInteger", "positiveInteger",
                                    "nonPositiveInteger", "negativeInteger",
                                    "unsignedInt", "unsignedLong", "unsignedShort")}
_NUMBERS.update({XSD + "decimal": float, XSD + "double": float, XSD + "float": float})


def plain(term: Any) -> Any:
    """A term's value as pandas should hold it."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        kind = term.datatype.value
        if kind in _NUMBERS:
            try:
                return _NUMBERS[kind](term.value)
            except ValueError:
                return term.value
        if kind == XSD + "boolean":
            return term.value in ("true", "1")
    return term.value


def query_frame(sparql: str, data: Sequence[Path] = (), store: Path | None = None,
                include_examples: bool = False, reasoner: str = "fast",
                base: str = DEFAULT_BASE, bindings: dict[str, str] | None = None):
    """Run a SELECT or ASK query (text) over `data` files (classified, with the ontology
    and inferences) or an on-disk `store`, as `remote-kg query` does; a DataFrame back."""
    import pyoxigraph as ox

    try:
        import pandas
    except ImportError:
        raise InputError("query_frame needs pandas: pip install pandas") from None
    from remote_kg.kg.sparql import run_query

    if store is not None and data:
        raise InputError("give data or store, not both")
    if store is not None:
        from remote_kg.kg.store_open import open_store

        graph = open_store(Path(store))
    else:
        from remote_kg.kg.graph import build_store

        graph = build_store([Path(p) for p in data], reasoner, include_examples, base)
    results = run_query(graph, sparql, "the query", bindings, base)
    if isinstance(results, ox.QueryBoolean):
        return pandas.DataFrame({"ask": [bool(results)]})
    if not isinstance(results, ox.QuerySolutions):
        raise InputError("query_frame answers SELECT and ASK queries; for CONSTRUCT or "
                         "DESCRIBE use build_store(...).query(...)")
    names = [v.value for v in results.variables]
    rows = [[plain(solution[n]) for n in names] for solution in results]
    return pandas.DataFrame(rows, columns=names)
