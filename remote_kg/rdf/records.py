"""Records to RDF (streamed as Turtle or N-Triples) and RDF back to records."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import quote, unquote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

from remote_kg.errors import InputError
from remote_kg.model.ontology import RKG, ontology_graph
from remote_kg.model.owl import read_model
from remote_kg.model.records import Facts, Performer, Record
from remote_kg.model.vocab import (
    BOOLEAN_COLUMNS,
    COLUMN_PROPERTY,
    FACT_COLUMNS,
    INTEGER_COLUMNS,
    PERFORMER_KIND_CLASS,
    PLACE_COLUMNS,
    RELATION_PROPERTY,
    VALUE_COLUMNS,
    WORKPLACE_CLASS,
    integer_range,
)


def record_iri(base: str, record_id: str) -> str:
    """The IRI of a record's individual: the base followed by the percent-encoded id."""
    return base + quote(record_id, safe="-._~")


def performer_iri(base: str, record_iri_: str, performer: Performer | None) -> str | None:
    """The IRI of who does a record's work: `<base>performer/<id>` (id percent-encoded),
    shared by every record naming that id; `<record IRI>/performer` when only the kind is
    given (someone of that kind, not named, so counted on their own); None when neither."""
    if performer is None:
        return None
    if performer.id is None:
        return record_iri_ + "/performer"
    return base + "performer/" + quote(performer.id, safe="-._~")


def performer_name(base: str, iri: str) -> str:
    """How messages name a performer: the id `performer_iri` made its IRI from, else the
    IRI itself."""
    prefix = base + "performer/"
    return unquote(iri[len(prefix):]) if iri.startswith(prefix) else iri


def with_performer(record: Record, base: str, performer: Performer | None) -> Record:
    """`record` with the performer a row gave it (unchanged when none)."""
    if performer is None:
        return record
    return Record(record.id, record.iri, record.facts, record.label,
                  performer_iri(base, record.iri, performer), performer.kind)


def nt_literal(text: str) -> str:
    """`text` as an N-Triples string literal."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def closure_class_iri(base: str, codes: Iterable[str]) -> str:
    """The named class of workers whose workplaces are all of the kinds `codes`."""
    return f"{base}works-only-at/{'+'.join(sorted(codes)) or 'nowhere'}"


def closure_class_triples(iri: str, codes: Iterable[str]) -> list[tuple[str, str, str]]:
    """N-Triples terms defining the closure class `iri`: a subclass of `worksAt only (K1 or
    K2 ...)`.

    A subclass, not an equivalent class: an equivalence would also say that anything whose
    workplaces are all of those kinds is in the class, an axiom with a universal on its left
    that HermiT turns into a choice on every individual of the data. Realising the bundled
    56 records as Protégé does took over ten minutes with it and seconds without
    (benchmarks/realise.py), and a record typed with the class gets the same closure.

    Blank nodes are named from a hash of the class IRI, so writing the definition twice
    (two files, or a reload into a store) gives the same triples.
    """
    kinds = [WORKPLACE_CLASS[c] for c in sorted(codes)]
    tag = hashlib.blake2b(iri.encode(), digest_size=12).hexdigest()
    c, t, restriction = f"<{iri}>", f"<{RDF.type}>", f"_:r{tag}"
    names = " or ".join(str(k).rsplit("#", 1)[-1] for k in kinds) or "nowhere"
    triples = [
        (c, t, f"<{OWL.Class}>"),
        (c, f"<{RDFS.label}>", nt_literal(f"works only at: {names}")),
        (c, f"<{RDFS.subClassOf}>", restriction),
        (restriction, t, f"<{OWL.Restriction}>"),
        (restriction, f"<{OWL.onProperty}>", f"<{RKG.worksAt}>"),
    ]
    if len(kinds) == 1:
        triples.append((restriction, f"<{OWL.allValuesFrom}>", f"<{kinds[0]}>"))
    elif not kinds:
        triples.append((restriction, f"<{OWL.allValuesFrom}>", f"<{OWL.Nothing}>"))
    else:
        union = f"_:u{tag}"
        triples += [
            (restriction, f"<{OWL.allValuesFrom}>", union),
            (union, t, f"<{OWL.Class}>"),
            (union, f"<{OWL.unionOf}>", f"_:l0{tag}"),
        ]
        for i, kind in enumerate(kinds):
            rest = f"_:l{i + 1}{tag}" if i + 1 < len(kinds) else f"<{RDF.nil}>"
            triples += [
                (f"_:l{i}{tag}", f"<{RDF.first}>", f"<{kind}>"),
                (f"_:l{i}{tag}", f"<{RDF.rest}>", rest),
            ]
    return triples


def record_triples(record: Record, base: str) -> Iterator[tuple[str, str, str]]:
    """N-Triples terms (subject, predicate, object) for one record.

    The closure (the list of workplaces is complete) is a type: the named class from
    `closure_class_iri`, whose definition `closure_class_triples` writes once per output.
    """
    s = f"<{record.iri}>"
    t = f"<{RDF.type}>"
    yield s, t, f"<{OWL.NamedIndividual}>"
    yield s, t, f"<{RKG.Worker}>"
    yield s, f"<{RKG.recordId}>", nt_literal(record.id)
    if record.label:
        yield s, f"<{RDFS.label}>", nt_literal(record.label)
    facts = record.facts
    organisation = f"<{organisation_iri(base)}>"
    for code in sorted(facts.relations):
        yield s, f"<{RELATION_PROPERTY[code]}>", organisation
    for code in sorted(facts.workplaces):
        place = f"<{record.iri}/workplace/{code}>"
        yield s, f"<{RKG.worksAt}>", place
        yield place, t, f"<{OWL.NamedIndividual}>"
        yield place, t, f"<{WORKPLACE_CLASS[code]}>"
    if facts.workplaces_allowed is not None:
        yield s, t, f"<{closure_class_iri(base, facts.workplaces_allowed)}>"
    for column, (prop, table) in VALUE_COLUMNS.items():
        for code in sorted(getattr(facts, column)):
            yield s, f"<{prop}>", f"<{table[code][0]}>"
    for column, prop in PLACE_COLUMNS.items():
        for code in sorted(getattr(facts, column)):
            place = f"<{record.iri}/{column.replace('_', '-')}/{code}>"
            yield s, f"<{prop}>", place
            yield place, t, f"<{OWL.NamedIndividual}>"
            yield place, t, f"<{WORKPLACE_CLASS[code]}>"
    for column in BOOLEAN_COLUMNS:
        prop = COLUMN_PROPERTY[column]
        for value in sorted(getattr(facts, column)):
            yield s, f"<{prop}>", f'"{str(value).lower()}"^^<{XSD.boolean}>'
    for column, prop in INTEGER_COLUMNS.items():
        for number in sorted(getattr(facts, column)):
            yield s, f"<{prop}>", f'"{number}"^^<{XSD.integer}>'
    yield from performer_triples(record)


def performer_triples(record: Record) -> Iterator[tuple[str, str, str]]:
    """N-Triples terms linking a record to who does its work, typed with its kind
    (rkg:Agent when the kind is not said); none when the performer is not recorded."""
    if record.performer is None:
        return
    p, t = f"<{record.performer}>", f"<{RDF.type}>"
    yield f"<{record.iri}>", f"<{RKG.performedBy}>", p
    yield p, t, f"<{OWL.NamedIndividual}>"
    yield p, t, f"<{PERFORMER_KIND_CLASS.get(record.performer_kind or '', RKG.Agent)}>"


def organisation_iri(base: str) -> str:
    """The organisation every CSV record's relation points to."""
    return base + "organisation"


def organisation_triples(base: str) -> list[tuple[str, str, str]]:
    organisation = f"<{organisation_iri(base)}>"
    return [
        (organisation, f"<{RDF.type}>", f"<{OWL.NamedIndividual}>"),
        (organisation, f"<{RDF.type}>", f"<{RKG.Organisation}>"),
        (organisation, f"<{RDFS.label}>", nt_literal("the organisation the records are about")),
    ]


def ntriples_line(triple: tuple[str, str, str]) -> str:
    return " ".join(triple) + " .\n"


class RecordWriter:
    """N-Triples lines for a stream of records, each shared closure class defined once;
    with `entailed`, each fact also carries what the ontology's stated hierarchy entails
    for it (`answer_rdf.ToldHierarchy`), as inferred outputs write it."""

    def __init__(self, base: str, entailed: bool = False):
        self.base = base
        self._closures: set[frozenset[str]] = set()
        self._told = None
        if entailed:
            from remote_kg.rdf.answers import told_hierarchy

            self._told = told_hierarchy()

    def header(self) -> list[str]:
        return [ntriples_line(t) for t in self._with_entailed(organisation_triples(self.base))]

    def _with_entailed(self, triples: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
        if self._told is not None:
            triples = triples + [extra for t in triples for extra in self._told.entailed(*t)]
        return triples

    def definitions(self, facts: Facts) -> list[str]:
        """Lines defining the shared classes `facts` refers to, if not written yet."""
        allowed = facts.workplaces_allowed
        if allowed is None or allowed in self._closures:
            return []
        self._closures.add(allowed)
        iri = closure_class_iri(self.base, allowed)
        return [ntriples_line(t) for t in closure_class_triples(iri, allowed)]

    def triples(self, record: Record) -> list[tuple[str, str, str]]:
        """The record's triples (N-Triples terms), with their entailments if asked."""
        return self._with_entailed(list(record_triples(record, self.base)))

    def performer_triples(self, record: Record) -> list[tuple[str, str, str]]:
        """The triples linking the record to its performer, with their entailments if
        asked (`triples` holds them too)."""
        return self._with_entailed(list(performer_triples(record)))

    def lines(self, record: Record) -> list[str]:
        return [
            *self.definitions(record.facts),
            *(ntriples_line(t) for t in self.triples(record)),
        ]


def ntriples_lines(records: Iterable[Record], base: str, entailed: bool = False) -> Iterator[str]:
    """N-Triples lines for the records, their organisation and their closure classes (with
    `entailed`, also what the ontology's stated hierarchy entails for their facts)."""
    writer = RecordWriter(base, entailed)
    yield from writer.header()
    for record in records:
        yield from writer.lines(record)


def records_to_graph(records: Iterable[Record], base: str) -> Graph:
    """The records as an rdflib graph (for small inputs; big ones stream N-Triples)."""
    graph = Graph()
    graph.bind("rkg", RKG)
    graph.bind("data", base)
    graph.parse(data="".join(ntriples_lines(records, base)), format="nt")
    return graph


# ---------------------------------------------------------------------------------------
# RDF back to records
# ---------------------------------------------------------------------------------------


def parse_rdf(path: Path) -> Graph:
    """Parse an RDF file (format from the extension) with the one parser every command uses
    (`rdf_parse`); named graphs are read into one graph. Errors name file, line, column."""
    from remote_kg.checks.shacl.terms import to_rdflib
    from remote_kg.rdf.parse import parse_quads

    graph = Graph()
    graph.bind("rkg", RKG)
    for quad in parse_quads(Path(path)):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


_REVERSE_RELATION = {str(v): k for k, v in RELATION_PROPERTY.items()}
_REVERSE_PLACE = {str(v): k for k, v in WORKPLACE_CLASS.items()}


def _value_code(graph: Graph, node, table: dict[str, tuple[URIRef, URIRef]]) -> str | None:
    for code, (individual, cls) in table.items():
        if node == individual or (node, RDF.type, cls) in graph:
            return code
    return None


def graph_to_records(graph: Graph, source: str = "input") -> list[Record]:
    """Read the worker individuals of `graph` back into records.

    Workers are the subjects typed rkg:Worker (or any worker category) or carrying a fact
    property. Asserted named classes are kept in `Facts.asserted`. Problems (a workplace of
    no known kind, an unsupported class expression) are collected and raised together.
    """
    model = read_model(ontology_graph())
    categories = set(model.categories)
    fact_props = {
        RKG.worksAt,
        *(COLUMN_PROPERTY[c] for c in FACT_COLUMNS if c in COLUMN_PROPERTY),
        *RELATION_PROPERTY.values(),
        RKG.performedBy,
    }
    subjects = set(graph.subjects(RDF.type, RKG.Worker))
    for cat in categories:
        subjects |= set(graph.subjects(RDF.type, URIRef(cat)))
    for prop in fact_props:
        subjects |= {s for s in graph.subjects(prop, None)}
    implied = _implied_classes(graph, model)
    closures = _named_closures(graph)
    problems: list[str] = []
    records = []
    for subject in sorted(subjects, key=str):
        if not isinstance(subject, URIRef):
            problems.append(f"{source}: a worker is a blank node; give it an IRI")
            continue
        record = _record(graph, subject, categories, closures, model, problems, source)
        extra = implied.get(subject, set())
        if extra - record.facts.asserted:
            facts = record.facts
            record = Record(
                record.id,
                record.iri,
                Facts(
                    **{
                        **{f: getattr(facts, f) for f in facts.__slots__},
                        "asserted": facts.asserted | extra,
                    }
                ),
                record.label,
                record.performer,
                record.performer_kind,
            )
        records.append(record)
    if problems:
        raise InputError(problems)
    return records


def _implied_classes(graph: Graph, model) -> dict:
    """Classes that other nodes' types impose on their values through `A subClassOf p only X`.

    E.g. a worker involved in an outsourcing deal must be an outsourced worker. Read from
    the ontology's axioms, so the record carries what HermiT would conclude from the deal.
    """
    implied: dict = {}
    for cls, prop, filler in model.universal:
        subclasses = {c for c, sups in model.told_supers.items() if cls in sups} | {cls}
        for sub in subclasses:
            for node in graph.subjects(RDF.type, URIRef(sub)):
                for p in model.sub_properties(prop):
                    for value in graph.objects(node, URIRef(p)):
                        implied.setdefault(value, set()).add(filler)
    return implied


def closure_definitions(
    graph: Graph, props: Iterable[URIRef] = (OWL.equivalentClass, RDFS.subClassOf)
) -> Iterator[tuple[URIRef, BNode, set[str]]]:
    """(class, restriction node, allowed kinds) for each named class that `props` ties to a
    workplace closure in `graph`."""
    for prop in props:
        for cls, node in graph.subject_objects(prop):
            if isinstance(cls, URIRef) and isinstance(node, BNode):
                kinds = closure_kinds(graph, node)
                if kinds is not None:
                    yield cls, node, kinds


def _named_closures(graph: Graph) -> dict[URIRef, set[str]]:
    """Named classes defined (or declared a subclass of) a workplace closure in `graph`."""
    closures: dict[URIRef, set[str]] = {}
    for cls, _node, kinds in closure_definitions(graph):
        closures[cls] = closures.get(cls, kinds) & kinds
    return closures


def _record(
    graph: Graph,
    subject: URIRef,
    categories: set[str],
    closures: dict[URIRef, set[str]],
    model,
    problems: list[str],
    source: str,
) -> Record:
    node = f"{source}: node <{subject}>"
    relations = {
        _REVERSE_RELATION[str(p)]
        for p in graph.predicates(subject, None)
        if str(p) in _REVERSE_RELATION
    }
    workplaces = _place_kinds(graph, subject, RKG.worksAt, node, problems)
    allowed: set[str] | None = None
    asserted: set[str] = set()
    for cls in graph.objects(subject, RDF.type):
        if cls in closures:  # a named closure class; an ontology class may also be one
            allowed = closures[cls] if allowed is None else allowed & closures[cls]
        if isinstance(cls, BNode):
            kinds = closure_kinds(graph, cls)
            if kinds is None:
                problems.append(
                    f"{node}: unsupported class expression {cls.n3()} in its types; expected "
                    f"only the workplace closure (owl:allValuesFrom on rkg:worksAt)"
                )
                continue
            allowed = kinds if allowed is None else allowed & kinds
        elif str(cls) in categories or (str(cls) in model.classes and str(cls) != str(RKG.Worker)):
            asserted.add(str(cls))
    known = {
        column: frozenset(
            c for v in graph.objects(subject, prop) if (c := _value_code(graph, v, table))
        )
        for column, (prop, table) in VALUE_COLUMNS.items()
    }
    for column, prop in PLACE_COLUMNS.items():
        known[column] = frozenset(_place_kinds(graph, subject, prop, node, problems))
    for column, prop in INTEGER_COLUMNS.items():
        known[column] = frozenset(_integers(graph, subject, column, prop, node, problems))
    booleans = {}
    for name in BOOLEAN_COLUMNS:
        prop = COLUMN_PROPERTY[name]
        values = set()
        for value in graph.objects(subject, prop):
            if not (isinstance(value, Literal) and isinstance(value.toPython(), bool)):
                problems.append(f"{node}: {prop.n3()} value {value.n3()} is not an xsd:boolean")
                continue
            values.add(value.toPython())
        booleans[name] = frozenset(values)
    facts = Facts(
        relations=frozenset(relations),
        workplaces=frozenset(workplaces),
        workplaces_allowed=frozenset(allowed) if allowed is not None else None,
        **known,
        **booleans,
        asserted=frozenset(asserted),
    )
    record_id = graph.value(subject, RKG.recordId)
    label = graph.value(subject, RDFS.label)
    performer, kind = _performer(graph, subject, model, node, problems)
    return Record(
        id=str(record_id) if record_id is not None else str(subject),
        iri=str(subject),
        facts=facts,
        label=str(label) if label is not None else None,
        performer=performer,
        performer_kind=kind,
    )


def _performer(graph: Graph, subject: URIRef, model, node: str,
               problems: list[str]) -> tuple[str | None, str | None]:
    """Who does the worker's work (rkg:performedBy, functional) and its kind, read from its
    types through the ontology's stated hierarchy (a service provider is an organisation);
    several performers, a literal or a performer of both kinds is a problem."""
    found = list(graph.objects(subject, RKG.performedBy))
    if not found:
        return None, None
    if len(found) > 1 or not isinstance(found[0], URIRef):
        problems.append(
            f"{node}: rkg:performedBy {', '.join(sorted(v.n3() for v in found))} is not "
            "allowed; expected the IRI of the one person or organisation doing the work"
        )
        return None, None
    performer = found[0]
    types = {str(t) for t in graph.objects(performer, RDF.type)}
    types |= {sup for t in list(types) for sup in model.told_supers.get(t, ())}
    kinds = [kind for kind, cls in PERFORMER_KIND_CLASS.items() if str(cls) in types]
    if str(RKG.Worker) in types:
        problems.append(f"{node}: rkg:performedBy {performer.n3()} is typed rkg:Worker; "
                        "expected a person or an organisation (an engagement is not a "
                        "performer)")
        return None, None
    if len(kinds) > 1:
        problems.append(f"{node}: rkg:performedBy {performer.n3()} is typed rkg:Person and "
                        "rkg:Organisation; expected a person or an organisation, not both")
        return None, None
    return str(performer), (kinds[0] if kinds else None)


def _place_kinds(graph: Graph, subject: URIRef, prop: URIRef, node: str,
                 problems: list[str]) -> set[str]:
    """The workplace kinds of the places `subject` has through `prop`; a place of no known
    kind, or of several, is a problem."""
    found: set[str] = set()
    for place in graph.objects(subject, prop):
        kinds = {
            _REVERSE_PLACE[str(t)]
            for t in graph.objects(place, RDF.type)
            if str(t) in _REVERSE_PLACE
        }
        if len(kinds) != 1:
            problems.append(
                f"{node}: {_short(prop)} {place.n3()} has {'no' if not kinds else 'several'} "
                f"workplace kind(s); expected exactly one of "
                f"{', '.join('rkg:' + str(v).rsplit('#')[-1] for v in WORKPLACE_CLASS.values())}"
            )
        found |= kinds
    return found


def _short(prop: URIRef) -> str:
    """`prop` as rkg:name."""
    return "rkg:" + str(prop).rsplit("#", 1)[-1]


def _integers(graph: Graph, subject: URIRef, column: str, prop: URIRef, node: str,
              problems: list[str]) -> set[int]:
    """The whole numbers `subject` has through `prop`, each within the ontology's range."""
    low, high = integer_range(column)
    found: set[int] = set()
    for value in graph.objects(subject, prop):
        number = value.toPython() if isinstance(value, Literal) else None
        if (not isinstance(number, int) or isinstance(number, bool)
                or not low <= number <= high):
            problems.append(
                f"{node}: {_short(prop)} value {value.n3()} is not allowed; expected an "
                f"xsd:integer from {low} to {high}"
            )
            continue
        found.add(number)
    return found


def closure_kinds(graph: Graph, node: BNode) -> set[str] | None:
    """The workplace kinds allowed by an `allValuesFrom` closure on rkg:worksAt, else None."""
    if graph.value(node, OWL.onProperty) != RKG.worksAt:
        return None
    filler = graph.value(node, OWL.allValuesFrom)
    if filler is None:
        return None
    if filler == OWL.Nothing:
        return set()
    if str(filler) in _REVERSE_PLACE:
        return {_REVERSE_PLACE[str(filler)]}
    members = graph.value(filler, OWL.unionOf)
    if members is None:
        return None
    kinds = set()
    for member in Collection(graph, members):
        if str(member) not in _REVERSE_PLACE:
            return None
        kinds.add(_REVERSE_PLACE[str(member)])
    return kinds
