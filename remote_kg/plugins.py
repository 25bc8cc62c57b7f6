"""One registry for everything that plugs in: commands, readers, writers and engines.

As in rdflib's plugin module, `register(kind, name, "module:attr")` records where a plugin
lives and `get(kind, name)` imports it on first use, so `remote-kg --help` starts without
importing what no command needs. The built-in plugins are registered below as strings.
Another package adds its own through the entry-point group `remote_kg.<kind>s`
(`remote_kg.readers`, `remote_kg.writers`, `remote_kg.commands`, `remote_kg.engines`, ...),
each entry point named after the plugin and pointing at "module:attr"; a kind's entry
points are read the first time that kind is listed or looked up. A reader found there is
tried before the built-in ones, so it can take a format they would misread.
"""

from __future__ import annotations

import importlib
from typing import Any

from remote_kg.errors import RemoteKGError

KINDS = ("command", "reader", "writer", "engine", "deal-engine", "job-engine")

_PLACES: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
_LOADED: dict[tuple[str, str], Any] = {}
_ENTRY_POINTS_READ: set[str] = set()


class PluginError(RemoteKGError):
    """No plugin of that kind and name, or one that cannot be imported."""


def register(kind: str, name: str, target: Any, first: bool = False) -> None:
    """Make `target` (an object, or "module:attr" imported on first use) the `kind` plugin
    called `name`; `first` puts it before the others of its kind (readers are tried in
    order)."""
    places = _places(kind, read_entry_points=False)
    places.pop(name, None)
    _LOADED.pop((kind, name), None)
    if first:
        _PLACES[kind] = {name: target, **places}
    else:
        places[name] = target


def names(kind: str) -> list[str]:
    """The names of the `kind` plugins, in the order they are tried."""
    return list(_places(kind))


def get(kind: str, name: str) -> Any:
    """The `kind` plugin called `name`, imported on first use."""
    places = _places(kind)
    if name not in places:
        raise PluginError(f"unknown {kind} {name!r}; expected one of: {', '.join(places)}")
    key = (kind, name)
    if key not in _LOADED:
        target = places[name]
        _LOADED[key] = _import(target) if isinstance(target, str) else target
    return _LOADED[key]


def items(kind: str) -> list[tuple[str, Any]]:
    """(name, plugin) for every `kind` plugin, in order, each imported."""
    return [(name, get(kind, name)) for name in names(kind)]


def _places(kind: str, read_entry_points: bool = True) -> dict[str, Any]:
    if kind not in _PLACES:
        raise PluginError(f"unknown plugin kind {kind!r}; expected one of: {', '.join(KINDS)}")
    if read_entry_points and kind not in _ENTRY_POINTS_READ:
        _read_entry_points()
    return _PLACES[kind]


def _read_entry_points() -> None:
    """Every kind's entry points, in one pass over the installed distributions (each pass
    reads every distribution's metadata: a tenth of a second in a big environment)."""
    from importlib.metadata import distributions

    groups = {f"remote_kg.{kind}s": kind for kind in KINDS if kind not in _ENTRY_POINTS_READ}
    _ENTRY_POINTS_READ.update(groups.values())
    found: set[tuple[str, str]] = set()
    for distribution in distributions():
        for point in distribution.entry_points:
            kind = groups.get(point.group)
            if kind is not None and (kind, point.name) not in found:  # the first found wins
                found.add((kind, point.name))
                register(kind, point.name, point.value, first=kind == "reader")


def _import(target: str) -> Any:
    module, _, attribute = target.partition(":")
    try:
        return getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError) as exc:
        raise PluginError(f"plugin {target!r} cannot be loaded: {exc}") from exc


# -- the built-in plugins ------------------------------------------------------------------------

# Each built-in command with the first sentence of its help, which `remote-kg --help` lists
# without importing the command (a test checks it is the command's own).
_COMMANDS = [
    ("import", "import_records:import_command",
     "Turn a CSV (or .tsv, or Parquet) file of worker records, or a file of schema.org job "
     "postings (JSON-LD, JSON Lines, or HTML embedding them), into RDF in the ontology's "
     "vocabulary (a complete workplaces list with its closure; places known so far without "
     "one)."),
    ("classify", "classify:classify_command",
     "Classify each record: the categories it is in, is not in, and cannot be decided."),
    ("classify-deals", "classify_deals:classify_deals_command",
     "Classify each sourcing deal: outsourcing, remote staffing, mixed sourcing..."),
    ("compare", "compare:compare_command",
     "Compare each record under every authority: teleworker, remote, home worker, hybrid."),
    ("summary", "summary:summary_command",
     "Count INPUT's answers per category: is, is_not and unknown, with their shares."),
    ("explain", "explain:explain_command",
     "Say why each record is or is not in each category, and what would decide the "
     "categories it cannot be placed in."),
    ("query", "query:query_command",
     "Run a SPARQL query (a file, or - for standard input) over ontology + data + "
     "inferences."),
    ("validate", "validate:validate_command",
     "Validate INPUTS (CSV records or RDF files) against the SHACL shapes."),
    ("report", "report:report_command",
     "Check ONTOLOGY files (default: the bundled ontology) for duplicate labels, missing "
     "labels, definitions and sources, unfinished definitions, shared synonyms, unconnected "
     "classes and properties without domain or range, each a SPARQL query under "
     "ontology/checks/; and that the ontology is in OWL 2 DL."),
    ("load", "load:load_command",
     "Load the ontology, records (CSV or RDF) and their inferred categories into a store."),
    ("serve", "serve:serve_command",
     "Serve the knowledge graph read-only over the SPARQL 1.1 Protocol, with a query page."),
    ("push", "push:push_command",
     "Load the ontology, INPUT records and their inferred categories into a triple store."),
    ("docs", "docs:docs_command",
     "Write HTML documentation of the ontology, with an SVG of the worker categories."),
    ("release", "release:release_command",
     "Write the ontology as RDF/XML, N-Triples and JSON-LD, generated from the Turtle."),
]
SHORT_HELP: dict[str, str] = {}
for _name, _module, _help in _COMMANDS:
    register("command", _name, f"remote_kg.commands.{_module}")
    SHORT_HELP[_name] = _help

# Readers are tried in this order; RDF, whose parser names what it cannot read, comes last.
for _name in ("postings", "parquet", "csv", "rdf-jobs", "rdf"):
    register("reader", _name, f"remote_kg.pipeline.readers:{_name.upper().replace('-', '_')}")

for _name in ("json", "jsonl", "csv", "ttl", "nt", "parquet"):
    register("writer", _name, f"remote_kg.pipeline.writers:{_name.upper()}")

register("engine", "fast", "remote_kg.reasoners.fast:FastReasoner")
register("engine", "hermit", "remote_kg.reasoners.hermit:HermitReasoner")
register("deal-engine", "fast", "remote_kg.reasoners.deals_fast:DealReasoner")
register("deal-engine", "hermit", "remote_kg.reasoners.deals_hermit:HermitDealReasoner")
register("job-engine", "fast", "remote_kg.reasoners.jobs_fast:JobReasoner")
register("job-engine", "hermit", "remote_kg.reasoners.jobs_hermit:HermitJobReasoner")
