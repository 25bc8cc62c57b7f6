"""Reading job postings: schema.org JobPosting in JSON-LD files and in HTML pages.

JSON-LD is expanded by rdflib's JSON-LD parser, HTML is read by extruct (its JSON-LD
scripts and microdata); neither goes to the network. schema.org's context comes from a
bundled copy (`schema-org-context.jsonld`: the official context's `@vocab` and the
`@id`-typed terms read here); any other remote `@context` is refused, never fetched.
"""

from __future__ import annotations

import codecs
import json
import re
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.parsers.jsonld import Parser as JsonLdParser

from remote_kg.errors import InputError
from remote_kg.model.jobs import JobFacts, Posting, employment_codes, employment_types, spelling
from remote_kg.model.ontology import DEFAULT_BASE
from remote_kg.model.records import CSV_OPTIONS
from remote_kg.model.refusals import Problem, Refusal, SetAside, column_of, value_of
from remote_kg.model.text import decoding_error
from remote_kg.pipeline.posting_fields import SCHEMA_PREFIXES, posting_fields
from remote_kg.rdf.records import record_iri

JSON_SUFFIXES = (".jsonld", ".json")
JSONL_SUFFIXES = (".jsonl", ".ndjson")  # JSON Lines: one posting (a JSON object) a line
HTML_SUFFIXES = (".html", ".htm")
SCHEMAS = (Namespace("http://schema.org/"), Namespace("https://schema.org/"))
_SCHEMA_CONTEXTS = {
    f"{scheme}://schema.org{tail}"
    for scheme in ("http", "https")
    for tail in ("", "/", "/docs/jsonldcontext.json", "/docs/jsonldcontext.jsonld")
}
# Deeper JSON is refused: postings nest a few levels, and Python's JSON reader and rdflib's
# JSON-LD parser recurse once or more per level (Python allows about 1,000 frames).
MAX_JSON_DEPTH = 100
_CONTEXT_FILE = Path(__file__).with_name("schema-org-context.jsonld")


def is_postings_file(path: Path) -> bool:
    """Whether a file is read as job postings: an HTML page, JSON Lines, or a JSON-LD file
    with a JobPosting in it (other JSON-LD is RDF, read as worker individuals)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES or suffix in JSONL_SUFFIXES:
        return True
    if suffix not in JSON_SUFFIXES or not path.is_file():
        return False
    stat = path.stat()
    return _has_job_posting(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _has_job_posting(path: str, _mtime: int, _size: int) -> bool:
    try:
        data = Path(path).read_bytes()
        document = json.loads(data.decode("utf-8-sig"))
    except RecursionError:  # too deep for Python's reader: the postings reader says so
        return b"JobPosting" in data
    except (ValueError, OSError):
        return False  # not JSON: the RDF reader reports it
    return any(_is_job_posting(value) for value in _json_values(document))


def _is_job_posting(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    kinds = value.get("@type", value.get("type"))
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == "JobPosting"
               for k in kinds)


def _json_values(document: Any) -> Iterator[Any]:
    """Every value of a JSON document outside its @context, without recursion."""
    stack = [document]
    while stack:
        value = stack.pop()
        yield value
        if isinstance(value, list):
            stack.extend(reversed(value))
        elif isinstance(value, dict):
            stack.extend(v for k, v in reversed(value.items()) if k != "@context")


def _json_depth(document: Any) -> int:
    """How deeply arrays and objects nest in a JSON value (a scalar: 0), without recursion."""
    deepest = 0
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (list, dict)):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict)
                                                  else value))
    return deepest


def _too_deep(path: Path) -> InputError:
    what = ("its structured data (JSON-LD or microdata)" if path.suffix.lower() in HTML_SUFFIXES
            else "its JSON")
    return InputError(f"{path}: {what} nests arrays and objects more than {MAX_JSON_DEPTH} "
                      "levels deep; remote-kg reads postings up to that depth")


@lru_cache(maxsize=1)
def _bundled_context() -> dict:
    return json.loads(_CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def read_postings(path: Path, base: str = DEFAULT_BASE) -> list[Posting]:
    """Every JobPosting of a file, in the order the file gives them; raises InputError
    naming the file (and, in JSON Lines, the line), the posting and the field of any
    problem."""
    path = Path(path)
    problems: list[str] = []
    postings: list[Posting] = []
    lines: dict[str, str] = {}  # in JSON Lines: where each id was first given
    for where, documents in _units(path):
        try:
            found = _read_unit(documents, where, base)
        except InputError as exc:
            problems += exc.problems
            continue
        for posting in found:
            first = lines.setdefault(posting.id, where)
            if first != where:
                problems.append(f"{where}: posting {posting.id!r}: its id (@id, url or "
                                f"identifier) is already {first.removeprefix(f'{path}: ')}'s; "
                                "each posting needs its own")
        postings += found
    if problems:
        raise InputError(problems)
    return postings


def _read_unit(documents: list[Any], where: str, base: str) -> list[Posting]:
    """The postings of JSON documents read together (a file, or one line of JSON Lines),
    in the order they give them; `where` names them in errors."""
    keep = CSV_OPTIONS.get().extra_columns == "keep"  # the fields come from the objects
    parsed = _parse_unit(documents, where, base, keep)
    problems: list[str] = []
    ranked: list[tuple[tuple[int, str], Posting]] = []
    for node in parsed.nodes:
        try:
            posting = _posting(parsed.graph, node, base, where,
                               parsed.original(node) if keep else None)
        except InputError as exc:
            problems.append(str(exc))
            continue
        ranked.append((parsed.rank(node, posting.id), posting))
        if parsed.descriptions[node] > 1:  # rdflib merged them into one node
            problems.append(_duplicate(where, posting.id))
    if problems:
        raise InputError(problems)
    postings = [posting for _, posting in sorted(ranked, key=lambda entry: entry[0])]
    seen: dict[str, Posting] = {}
    for posting in postings:
        if posting.id in seen:
            problems.append(_duplicate(where, posting.id, seen[posting.id], posting))
        seen.setdefault(posting.id, posting)
    if problems:
        raise InputError(problems)
    return postings


def _units(path: Path) -> list[tuple[str, list[Any]]]:
    """The JSON documents of a file to read together, with how errors name them: the
    whole file, or (JSON Lines) each line on its own."""
    if path.suffix.lower() in JSONL_SUFFIXES:
        return _json_lines(path)
    return [(str(path), _documents(path))]


def _json_lines(path: Path) -> list[tuple[str, list[Any]]]:
    """Each non-blank line of a JSON Lines file as a document of its own; InputError
    naming every line that is not a JSON value."""
    text = _decoded(path)
    units: list[tuple[str, list[Any]]] = []
    problems: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}: line {number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}, column {exc.colno}: not valid JSON ({exc.msg}); JSON "
                            "Lines hold one JSON object (a JobPosting) per line")
            continue
        except RecursionError:
            problems.append(str(_too_deep(path)).replace(str(path), where, 1))
            continue
        if _json_depth(value) > MAX_JSON_DEPTH:
            problems.append(str(_too_deep(path)).replace(str(path), where, 1))
            continue
        units.append((where, [value]))
    if problems:
        raise InputError(problems)
    if not units:
        raise InputError(f"{path}: no posting: the file has no line of JSON (JSON Lines hold "
                         "one JobPosting object per line)")
    return units


@dataclass(frozen=True)
class PostingsRead:
    """The good postings of a file (in the file's order), each one's position among all
    of the file's postings (from 1), and the JSON objects of the postings by id."""

    postings: list[Posting]
    positions: list[int]
    originals: dict[str, Any]


def read_postings_apart(path: Path, base: str, set_aside: SetAside) -> PostingsRead:
    """`read_postings`, each bad posting handed to `set_aside` (with its position, the
    problem as the error words it, and its JSON object) instead of failing the file: a
    value a field does not take, no @id, url or identifier, and an id given twice (the
    later posting is refused; two node objects rdflib merged into one are refused
    together). What is wrong with the whole file still raises InputError."""
    path = Path(path)
    originals: dict[str, Any] = {}
    found: list[tuple[tuple[int, int, str], Posting | None, str | None, list[str], Any]] = []
    seen: set[str] = set()
    for unit, (where, documents) in enumerate(_units(path)):
        parsed = _parse_unit(documents, where, base)
        for key, value in _originals(documents).items():
            originals.setdefault(key, value)
        for node in parsed.nodes:
            posting_id = _posting_id(parsed.graph, node, base)
            original = parsed.original(node)
            key = (unit, *parsed.rank(node, posting_id or ""))
            try:
                posting = _posting(parsed.graph, node, base, where, original)
            except InputError as exc:
                found.append((key, None, posting_id, exc.problems, original))
                continue
            if parsed.descriptions[node] > 1 or posting.id in seen:
                found.append((key, None, posting.id, [_duplicate(where, posting.id)],
                              original))
                continue
            seen.add(posting.id)
            if original is not None:
                originals.setdefault(posting.id, original)
            found.append((key, posting, posting.id, [], original))
    found.sort(key=lambda entry: entry[0])
    postings, positions = [], []
    for position, (_, posting, posting_id, problems, original) in enumerate(found, start=1):
        if posting is not None:
            postings.append(posting)
            positions.append(position)
            continue
        prefix = f"{path}: "
        set_aside(Refusal(position, tuple(
            Problem(p[len(prefix):] if p.startswith(prefix) else p, column_of(p), value_of(p))
            for p in problems), original if original is not None
            else originals.get(posting_id or ""), posting_id))
    return PostingsRead(postings, positions, originals)


# The key each JobPosting object is given before it is parsed: its number among the JSON
# objects read together, which ties the graph's node back to the object it came from.
_OBJECT_NUMBER = "urn:remote-kg:json-object"


@dataclass(frozen=True)
class _Parsed:
    """JSON documents read together: their graph, how many node objects describe each
    subject, the JobPosting nodes, the JobPosting objects (in the documents' order) and
    where each @id and url string and each object first appears."""

    graph: Graph
    descriptions: Counter
    nodes: list[Any]
    objects: list[dict]
    order: dict[Any, int]

    def number(self, node: Any) -> int | None:
        """The number of the JSON object `node` came from (None: not one we marked)."""
        value = self.graph.value(node, URIRef(_OBJECT_NUMBER))
        number = value.toPython() if isinstance(value, Literal) else None
        return number if isinstance(number, int) and 0 <= number < len(self.objects) else None

    def original(self, node: Any) -> dict | None:
        """The JSON object a posting node was read from."""
        number = self.number(node)
        return self.objects[number] if number is not None else None

    def rank(self, node: Any, posting_id: str) -> tuple[int, str]:
        """Where a posting comes in the documents: where its @id or url first appears,
        else (named by its identifier) where its object is."""
        at = self.order.get(posting_id)
        if at is None:
            at = self.order.get(("object", self.number(node)), len(self.order))
        return at, posting_id


def _parse_unit(documents: list[Any], where: str, base: str, every: bool = True) -> _Parsed:
    """JSON documents parsed together. Their JobPosting objects are marked with their
    number (to find each node's object): every one, or (`every` False: no object is
    wanted) only those with no @id or url string, which are named by their identifier
    and ordered by where their object is (a marked key costs a triple a posting)."""
    order, objects = _mention_order(documents)
    numbers = {id(value): number for number, value in enumerate(objects)
               if every or not any(isinstance(value.get(key), str)
                                   for key in ("@id", "id", "url"))}
    graph, descriptions = _parse_json_ld(documents, where, base, numbers)
    return _Parsed(graph, descriptions, _posting_nodes(graph, where), objects, order)


def _posting_nodes(graph: Graph, path: Path | str) -> list[Any]:
    nodes = list(dict.fromkeys(n for s in SCHEMAS for n in graph.subjects(RDF.type, s.JobPosting)))
    if not nodes:
        raise InputError(f"{path}: no schema.org JobPosting found (expected JSON-LD or "
                         "microdata with \"@type\": \"JobPosting\")")
    return nodes


def _originals(documents: list[Any]) -> dict[str, Any]:
    """The JSON objects of the JobPostings of `documents`, by their @id and url."""
    found: dict[str, Any] = {}
    for value in _json_values(documents):
        if _is_job_posting(value):
            for key in ("@id", "url"):
                if isinstance(value.get(key), str):
                    found.setdefault(value[key], value)
    return found


def _duplicate(path: Path | str, posting_id: str, first: Posting | None = None,
               second: Posting | None = None) -> str:
    both = (f" ({first.label!r} and {second.label!r})"
            if first is not None and second is not None else "")
    return (f"{path}: two postings{both} have the id {posting_id!r} (their @id, url or "
            "identifier); each needs its own")


def _parse_json_ld(documents: list[Any], path: Path | str, base: str,
                   numbers: dict[int, int] | None = None) -> tuple[Graph, Counter]:
    """The documents' triples in one graph (as rdflib's JSON-LD parser reads them), and how
    many node objects describe each subject: rdflib merges node objects with one @id, even
    from two documents, so two postings with one id would silently become one. `numbers`
    (by the id() of a JSON object) marks those objects' nodes with their number."""
    from rdflib import ConjunctiveGraph
    from rdflib.plugins.shared.jsonld.context import Context

    graph = Graph()
    with warnings.catch_warnings():  # the sink rdflib's own JSON-LD plugin gives its parser
        warnings.simplefilter("ignore", DeprecationWarning)
        sink = ConjunctiveGraph(store=graph.store, identifier=graph.identifier)
    parser = _CountingParser()
    for document in documents:
        try:
            parser.parse(_local_contexts(document, path, numbers or {}),
                         Context(base=base, version=1.1), sink)
        except InputError:
            raise
        except Exception as exc:  # rdflib's JSON-LD errors have no common base class
            raise InputError(f"{path}: not valid JSON-LD: {exc}") from None
    return graph, parser.descriptions


class _CountingParser(JsonLdParser):
    """rdflib's JSON-LD parser, counting the node objects that describe each subject (a node
    object with anything but its @id; a bare {"@id": ...} only refers to one)."""

    def __init__(self) -> None:
        super().__init__()
        self.descriptions: Counter = Counter()

    def _add_to_graph(self, dataset: Graph, graph: Graph, context: Any, node: Any,
                      topcontext: bool = False) -> Any:
        subject = super()._add_to_graph(dataset, graph, context, node, topcontext)
        if subject is not None and set(node) - {"@context", *context.get_keys("@id")}:
            self.descriptions[subject] += 1
        return subject


def _documents(path: Path) -> list[Any]:
    """The JSON values of a JSON-LD file, or those embedded in an HTML page."""
    text = _decoded(path)
    if path.suffix.lower() in HTML_SUFFIXES:
        documents = _embedded(path, text)
    else:
        try:
            documents = [json.loads(text)]
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: line {exc.lineno}, column {exc.colno}: not valid JSON "
                             f"({exc.msg})") from None
        except RecursionError:
            raise _too_deep(path) from None
    if any(_json_depth(document) > MAX_JSON_DEPTH for document in documents):
        raise _too_deep(path)
    return documents


def _decoded(path: Path) -> str:
    """The file's text: UTF-8 (after an optional byte-order mark), or for an HTML page
    without one the charset it declares; InputError naming the first byte that is not."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    data = path.read_bytes()
    declared = None
    if path.suffix.lower() in HTML_SUFFIXES and not data.startswith(b"\xef\xbb\xbf"):
        declared = declared_charset(data)
    try:
        return data.decode(declared or "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(decoding_error(str(path), data, exc.start, declared or "UTF-8",
                                        declared is not None)) from None


_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([a-z0-9_.:-]+)", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML page declares in its first 1,024 bytes (`<meta charset>` or
    an http-equiv Content-Type), as Python names it; None for UTF-8, none declared, or a
    name Python does not know. As browsers do, ISO-8859-1 and ASCII are read as
    Windows-1252, and a UTF-16 declaration (impossible in bytes read as ASCII) as UTF-8."""
    found = _META_CHARSET.search(data[:1024])
    if not found:
        return None
    try:
        name = codecs.lookup(found.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    if name == "utf-8" or name.startswith("utf-16"):
        return None
    return name


def _embedded(path: Path, text: str) -> list[Any]:
    import extruct
    from extruct.utils import parse_html

    try:
        tree = parse_html(text, encoding="UTF-8")
        _drop_empty_scripts(tree)
        found = extruct.extract(tree, syntaxes=["json-ld", "microdata"], uniform=True)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: a <script type=\"application/ld+json\"> is not valid "
                         f"JSON ({exc.msg})") from None
    except RecursionError:
        raise _too_deep(path) from None
    except Exception as exc:  # lxml and extruct raise several kinds
        raise InputError(f"{path}: cannot read the page's structured data: {exc}") from None
    return [*found.get("json-ld", []), *found.get("microdata", [])]


def _drop_empty_scripts(tree: Any) -> None:
    """Remove the JSON-LD scripts that hold nothing but white space (say, one with a `src`:
    a data block's `src` is never fetched), which extruct would refuse as invalid JSON."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        if not script.xpath("string()").strip():
            script.drop_tree()


def _local_contexts(value: Any, path: Path | str, numbers: dict[int, int]) -> Any:
    """`value` with every schema.org @context replaced by the bundled one (another remote
    context raises InputError: it would be fetched), and the objects `numbers` names
    marked with their number."""
    if isinstance(value, list):
        return [_local_contexts(v, path, numbers) for v in value]
    if isinstance(value, dict):
        copy = {k: _context(v, path) if k == "@context" else _local_contexts(v, path, numbers)
                for k, v in value.items()}
        if id(value) in numbers:
            copy[_OBJECT_NUMBER] = numbers[id(value)]
        return copy
    return value


def _context(context: Any, path: Path | str) -> Any:
    if isinstance(context, list):
        return [_context(c, path) for c in context]
    if isinstance(context, str):
        if context.strip() in _SCHEMA_CONTEXTS:
            return _bundled_context()
        raise InputError(f"{path}: @context {context!r} is not fetched: remote-kg reads "
                         "schema.org's context from a bundled copy and no other remote "
                         "context (give it inline instead)")
    if isinstance(context, dict):
        if "@import" in context:
            raise InputError(f"{path}: @import {context['@import']!r} in a @context is not "
                             "fetched (give the context inline instead)")
        return {k: _local_contexts(v, path, {}) for k, v in context.items()}
    return context


def _mention_order(documents: list[Any]) -> tuple[dict[Any, int], list[dict]]:
    """Where each @id and url string, and each JobPosting object (as ("object", its
    number)), first appears in the documents (to keep their order); and those objects,
    numbered in that order."""
    order: dict[Any, int] = {}
    objects: list[dict] = []

    def walk(value: Any) -> None:
        if isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for key in ("@id", "url"):
                if isinstance(value.get(key), str):
                    order.setdefault(value[key], len(order))
            if _is_job_posting(value):
                order[("object", len(objects))] = len(order)
                objects.append(value)
            for key, v in value.items():
                if key != "@context":
                    walk(v)

    walk(documents)
    return order, objects


def _values(graph: Graph, node: Any, name: str) -> list[Any]:
    return list(dict.fromkeys(v for s in SCHEMAS for v in graph.objects(node, s[name])))


def _text(graph: Graph, node: Any, name: str) -> str | None:
    for value in _values(graph, node, name):
        if isinstance(value, Literal):
            return str(value)
    return None


def _posting_id(graph: Graph, node: Any, base: str) -> str | None:
    """A posting's id (`_posting_name`); None without one, or with a bad identifier."""
    try:
        return _posting_name(graph, node, base, "")[0]
    except InputError:
        return None


def _posting_name(graph: Graph, node: Any, base: str, source: str) -> tuple[str, str]:
    """A posting's id and IRI: its @id (the id without the base), else its url, else its
    schema.org identifier (an IRI minted under the base, as record ids are); InputError
    naming the posting by its title without any of the three."""
    if isinstance(node, URIRef):
        iri = str(node)
        return (iri[len(base):] if iri.startswith(base) and iri != base else iri), iri
    urls = [str(u) for u in _values(graph, node, "url")]
    if urls:
        iri = urls[0] if ":" in urls[0] else base + urls[0]
        return iri, iri
    title = _text(graph, node, "title") or _text(graph, node, "name")
    named = f"{source}: posting {title!r}"
    identifiers = sorted({_identifier(graph, value, named)
                          for value in _values(graph, node, "identifier")} - {""})
    if len(identifiers) > 1:
        raise InputError(Problem(
            f"{named}: {len(identifiers)} identifiers ({', '.join(map(repr, identifiers))}); "
            "a posting without @id or url is named by its one identifier", "identifier",
            ";".join(identifiers)))
    if identifiers:
        return identifiers[0], posting_iri(base, identifiers[0])
    raise InputError(Problem(f"{named}: no @id, no url and no identifier; a posting is named "
                             "by its @id, else by its url, else by its schema.org identifier",
                             "@id"))


def posting_iri(base: str, identifier: str) -> str:
    """The IRI of a posting named by its identifier: `<base>job/<identifier>`, the
    identifier percent-encoded (under `job/`, so that no job shares a worker's IRI)."""
    return record_iri(base + "job/", identifier)


def _identifier(graph: Graph, value: Any, named: str) -> str:
    """An identifier's text: as written, or a PropertyValue's `value` after its
    `propertyID` or `name` and a colon ("acme:1234"); "" for blank text."""
    if isinstance(value, (Literal, URIRef)):
        return str(value).strip()
    number = _text(graph, value, "value")
    if number is None or not number.strip():
        raise InputError(Problem(f"{named}: its identifier has no value; a PropertyValue "
                                 "identifier names the posting by its value", "identifier"))
    scheme = (_text(graph, value, "propertyID") or _text(graph, value, "name") or "").strip()
    return f"{scheme}:{number.strip()}" if scheme else number.strip()


def _posting(graph: Graph, node: Any, base: str, source: str,
             original: dict | None = None) -> Posting:
    """The posting of a JobPosting node (`original`: the JSON object it was read from,
    whose fields it keeps under --extra-columns keep)."""
    title = _text(graph, node, "title") or _text(graph, node, "name")
    urls = [str(u) for u in _values(graph, node, "url")]
    url = urls[0] if urls else None
    posting_id, iri = _posting_name(graph, node, base, source)
    where = f"{source}: posting {posting_id!r}"
    telecommute = None  # no jobLocationType: the posting does not say (see the ontology)
    for value in _values(graph, node, "jobLocationType"):
        if not _is_telecommute(value):
            raise InputError(Problem(
                f"{where}: jobLocationType {str(value)!r}: expected TELECOMMUTE (or "
                "schema:TELECOMMUTE, https://schema.org/TELECOMMUTE), the only value "
                "schema.org and Google define (leave the field out for a job that is not "
                "fully remote)", "jobLocationType", str(value)))
        telecommute = True
    address = True if _values(graph, node, "jobLocation") else None
    requirements = _values(graph, node, "applicantLocationRequirements")
    places = tuple(sorted({name for r in requirements for name in _place_names(graph, r)}))
    employment = _employment(graph, node, where)
    facts = JobFacts(telecommute=telecommute, address=address,
                     restricted=True if requirements else None,
                     employment=frozenset(employment or ()),
                     employment_closed=employment is not None)
    fields = ()
    if original is not None and CSV_OPTIONS.get().extra_columns == "keep":
        fields = posting_fields(original)
    return Posting(posting_id, iri, title, facts, url, places, fields)


def _is_telecommute(value: Any) -> bool:
    """Whether a jobLocationType value is schema.org's TELECOMMUTE: the bare word (as text)
    or schema.org's term, as text or IRI (`schema:`, http or https); no other host."""
    text = str(value).strip()
    for prefix in SCHEMA_PREFIXES:
        if text.startswith(prefix):
            return spelling(text[len(prefix):]) == "TELECOMMUTE"
    return isinstance(value, Literal) and spelling(text) == "TELECOMMUTE"


def _place_names(graph: Graph, place: Any) -> list[str]:
    if isinstance(place, Literal):
        return [str(place)]
    names = [str(v) for v in _values(graph, place, "name") if isinstance(v, Literal)]
    return names or ([str(place)] if isinstance(place, URIRef) else [])


def _employment(graph: Graph, node: Any, where: str) -> set[str] | None:
    """The employment types a posting offers (None: it gives no employmentType)."""
    values = _values(graph, node, "employmentType")
    if not values:
        return None
    known = employment_types()
    found: set[str] = set()
    for value in values:
        text = str(value).rsplit("/", 1)[-1] if isinstance(value, (URIRef, BNode)) else str(value)
        for part in text.split(","):  # "FULL_TIME, PART_TIME" as one string
            if not part.strip():
                continue
            individual = known.get(spelling(part))
            if individual is None:
                allowed = ", ".join(sorted(set(employment_codes().values())))
                raise InputError(Problem(f"{where}: employmentType {part.strip()!r}: expected "
                                         f"one of {allowed}", "employmentType", part.strip()))
            found.add(individual)
    return found
