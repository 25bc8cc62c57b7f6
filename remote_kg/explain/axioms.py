"""The ontology's side of an explanation: a minimal set of its axioms from which, with the
record's facts, the answer follows.

An axiom is one logical statement of the ontology file (a subClassOf, equivalentClass,
disjointWith or subPropertyOf triple with its blank-node expression, an AllDisjointClasses
node, a functional-property declaration). Whether a set of axioms entails an answer is
decided by building the fast engine from the ontology with only those axioms, so the set
found is checked, not assumed. The search keeps the axioms reachable from the category and
the facts' terms, then drops each one the answer does not need (a justification, as
Protégé's explanation workbench computes them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from remote_kg.explain.facts import SINGLE_COLUMNS
from remote_kg.explain.shared_engines import SharedEngines
from remote_kg.model.jobs import BOOLEAN_FACTS, JobFacts
from remote_kg.model.ontology import RKG
from remote_kg.model.owl import OntologyModel, UnsupportedExpression, read_model, transitive
from remote_kg.model.records import Facts
from remote_kg.model.vocab import COLUMN_PROPERTY, VALUE_COLUMNS
from remote_kg.reasoners.answer import Answer
from remote_kg.reasoners.engine import Slot, disjoint_pairs
from remote_kg.reasoners.fast import FastReasoner
from remote_kg.reasoners.jobs_fast import JobReasoner, slots_for

LOGICAL = (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith, RDFS.subPropertyOf)
HUBS = {str(OWL.Thing), str(OWL.Nothing)}


@dataclass(frozen=True)
class Axiom:
    """One logical statement: its subject term, its kind and its triples."""

    subject: str
    kind: str  # subClassOf, equivalentClass, disjointWith, subPropertyOf, functional,
    # allDisjoint, allDifferent
    triples: frozenset[tuple]
    terms: frozenset[str]  # the named terms it mentions
    root: object = None  # a general axiom's class expression on the left (a blank node)


def _closure(graph: Graph, node) -> set[tuple]:
    """The triples of the blank-node structure under ``node``."""
    found: set[tuple] = set()
    todo = [node]
    while todo:
        current = todo.pop()
        if not isinstance(current, BNode):
            continue
        for triple in graph.triples((current, None, None)):
            if triple not in found:
                found.add(triple)
                todo.append(triple[2])
    return found


def _properties(graph: Graph) -> set[str]:
    return {str(p) for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
            for p in graph.subjects(RDF.type, kind)}


def _terms(triples: set[tuple]) -> frozenset[str]:
    return frozenset(str(t) for triple in triples for t in (triple[0], triple[2])
                     if isinstance(t, URIRef) and not str(t).startswith((str(RDF), str(OWL))))


@dataclass(frozen=True, eq=False)
class AxiomSet:
    """The ontology split into its logical axioms and its declarations (the base)."""

    base: Graph
    axioms: tuple[Axiom, ...]
    graph: Graph
    categories: tuple[str, ...]  # the whole ontology's worker categories (IRIs), the
    # authorities' included
    pieces: tuple[OntologyModel | None, ...]  # each axiom read alone (None: unreadable)
    classes: frozenset[str]
    job_categories: tuple[str, ...] = ()
    job_slots: tuple[Slot, ...] = ()
    different: frozenset[int] = frozenset()  # the axioms saying the employment types differ
    # what the searches build, kept for the next ones: each set of axioms' model, engines
    models: dict[frozenset[int], OntologyModel | None] = field(default_factory=dict)
    engines: SharedEngines = field(default_factory=SharedEngines)

    @classmethod
    def of(cls, graph: Graph) -> AxiomSet:
        axioms: list[Axiom] = []
        properties = _properties(graph)
        for predicate in LOGICAL:
            for s, o in graph.subject_objects(predicate):
                if isinstance(s, URIRef):
                    triples = {(s, predicate, o)} | _closure(graph, o)
                    axioms.append(Axiom(str(s), predicate.split("#")[-1],
                                        frozenset(triples), _terms(triples)))
                elif predicate == RDFS.subClassOf:  # a general axiom: expression ⊑ expression
                    triples = {(s, predicate, o)} | _closure(graph, s) | _closure(graph, o)
                    own = _closure(graph, s) - _closure(graph, o) - {(s, predicate, o)}
                    left = sorted(_terms(own) - HUBS)
                    about = next((t for t in left if t in properties), left[0])
                    axioms.append(Axiom(about, "subClassOf", frozenset(triples),
                                        _terms(triples), root=s))
        for prop in graph.subjects(RDF.type, OWL.FunctionalProperty):
            triples = {(prop, RDF.type, OWL.FunctionalProperty)}
            axioms.append(Axiom(str(prop), "functional", frozenset(triples),
                                frozenset({str(prop)})))
        for node in graph.subjects(RDF.type, OWL.AllDisjointClasses):
            triples = {(node, RDF.type, OWL.AllDisjointClasses)} | _closure(graph, node)
            members = _terms(triples)
            first = next(iter(Collection(graph, graph.value(node, OWL.members))), None)
            axioms.append(Axiom(str(first or min(members)), "allDisjoint", frozenset(triples),
                                members))
        for node in graph.subjects(RDF.type, OWL.AllDifferent):
            triples = {(node, RDF.type, OWL.AllDifferent)} | _closure(graph, node)
            listed = graph.value(node, OWL.distinctMembers) or graph.value(node, OWL.members)
            members = [str(m) for m in Collection(graph, listed)] if listed else []
            axioms.append(Axiom(members[0] if members else min(_terms(triples)),
                                "allDifferent", frozenset(triples), _terms(triples)))
        axioms.sort(key=lambda a: (a.subject, a.kind, sorted(map(str, a.triples))))
        used = set().union(*(a.triples for a in axioms)) if axioms else set()
        base = Graph()  # declarations only: what the engine needs besides the axioms
        for triple in graph.triples((None, RDF.type, None)):
            if triple not in used and isinstance(triple[0], URIRef):
                base.add(triple)
        pieces = tuple(_piece(base, axiom) for axiom in axioms)
        model = read_model(graph)
        employment = {str(i) for i in graph.subjects(RDF.type, RKG.EmploymentType)}
        different = frozenset(i for i, a in enumerate(axioms)
                              if a.kind == "allDifferent" and employment <= a.terms)
        return cls(base, tuple(axioms), graph,
                   (*model.categories, *model.perspective_categories), pieces,
                   frozenset(read_model(base).classes), tuple(model.job_categories),
                   slots_for(employment), different)

    def answer(self, chosen: frozenset[int], facts: Facts | JobFacts,
               category: str | None = None) -> Answer | None:
        """The answer for ``facts`` (a worker's or a job's) of the fast engine built from
        the base and the chosen axioms, asked about those facts only; with a category, for
        it alone. None when it cannot be built: the chosen axioms leave open what the
        answer turns on (whether a kind of workplace is in a class, whether a fact has
        one value)."""
        return _answer(self, chosen, facts, category)

    def status(self, chosen: frozenset[int], facts: Facts | JobFacts,
               category: str) -> str | None:
        """The answer the chosen axioms entail (None: see `answer`)."""
        answer = self.answer(chosen, facts, category)
        return None if answer is None else answer.status(category)

    def consistent(self, chosen: frozenset[int], facts: Facts | JobFacts) -> bool | None:
        """Whether the chosen axioms leave ``facts`` a model (None: see `answer`)."""
        answer = self.answer(chosen, facts)
        return None if answer is None else answer.consistent


def _disjoint(model: OntologyModel, a: str, b: str) -> bool:
    """Whether the model states classes a and b (or superclasses of them) disjoint."""
    pairs = disjoint_pairs(model)
    return any((x, y) in pairs for x in {a} | model.told_supers.get(a, set())
               for y in {b} | model.told_supers.get(b, set()))




def _piece(base: Graph, axiom: Axiom) -> OntologyModel | None:
    """What one axiom adds to the model the engine reads (declarations aside)."""
    graph = Graph()
    for triple in axiom.triples:
        graph.add(triple)
    for triple in base:
        graph.add(triple)
    try:
        return read_model(graph)
    except (UnsupportedExpression, ValueError, KeyError, IndexError):
        return None


def _assemble(axiom_set: AxiomSet, chosen: frozenset[int]) -> OntologyModel | None:
    """The model read_model would give for the base and the chosen axioms, merged from the
    axioms' pieces (the hierarchies closed again); built once for each set."""
    if chosen not in axiom_set.models:
        axiom_set.models[chosen] = _merged(axiom_set, chosen)
    return axiom_set.models[chosen]


def _merged(axiom_set: AxiomSet, chosen: frozenset[int]) -> OntologyModel | None:
    model = OntologyModel(classes=set(axiom_set.classes))
    supers: dict[str, set[str]] = defaultdict(set)
    props: dict[str, set[str]] = defaultdict(set)
    for index in sorted(chosen):
        piece = axiom_set.pieces[index]
        if piece is None:
            return None
        for cls, found in piece.definitions.items():
            model.definitions[cls].extend(found)
        model.axioms.extend(piece.axioms)
        model.universal.extend(piece.universal)
        model.functional |= piece.functional
        for sub, sups in piece.told_supers.items():
            supers[sub] |= sups
        for sub, sups in piece.super_properties.items():
            props[sub] |= sups
    model.told_supers = transitive(supers)
    model.super_properties = transitive(props)
    return model


def _properties_used(model, facts: Facts | JobFacts, category: str | None) -> set[str]:
    """The properties the model's axioms, the category and the asserted classes use on the
    worker (with their sub-properties)."""
    from remote_kg.reasoners.fast import terms_used

    exprs = [*model.axioms, *(("class", c) for c in facts.asserted)]
    if category:
        exprs.append(("class", category))
    return terms_used(model, exprs)[1]


def _worker_slots_hold(model: OntologyModel, facts: Facts, used: set[str]) -> bool:
    """Whether the chosen axioms say what the worker engine assumes of ``facts``.

    The engine holds one value per schedule, tools and yes/no fact: it assumes these
    properties functional, so a set that uses such a fact, in the record or in its axioms
    (an asserted class may imply a schedule the category's definition rules out only
    because there is one), must say so. It also holds two values of one such fact to be
    different things: for schedule and tools, the chosen axioms must make their classes
    disjoint."""
    for column in SINGLE_COLUMNS:
        prop = str(COLUMN_PROPERTY[column])
        if (getattr(facts, column) or prop in used) and prop not in model.functional:
            return False
    for column, (_, table) in VALUE_COLUMNS.items():
        kinds = sorted(str(table[code][1]) for code in getattr(facts, column))
        if len(kinds) > 1 and not all(_disjoint(model, a, b)
                                      for i, a in enumerate(kinds) for b in kinds[i + 1:]):
            return False
    return True


def _job_slots_hold(model: OntologyModel, facts: JobFacts, used: set[str]) -> bool:
    """Whether the chosen axioms say what the job engine assumes: one value per yes/no
    fact of a job (the properties functional). That the employment types differ is the
    engine's to assume or not (`JobReasoner`'s `distinct`)."""
    return all(str(prop) in model.functional for name, prop in BOOLEAN_FACTS.items()
               if getattr(facts, name) is not None or str(prop) in used)


def _answer(axiom_set: AxiomSet, chosen: frozenset[int], facts: Facts | JobFacts,
            category: str | None) -> Answer | None:
    model = _assemble(axiom_set, chosen)
    if model is None:
        return None
    # A category stays one while it has a definition, though the chosen axioms may not say
    # that it entails being a worker (a union of categories whose definitions are left out).
    jobs = isinstance(facts, JobFacts)
    categories = [c for c in (axiom_set.job_categories if jobs else axiom_set.categories)
                  if model.definitions.get(c)]
    if jobs:
        model.job_categories = categories
    else:
        model.categories = categories
    only = next((c for c in categories if category and c.endswith("#" + category)), None)
    if category and only is None:
        return None
    used = _properties_used(model, facts, only)
    answer_for = [only] if only else []
    # A membership the chosen axioms leave open (is a client site a home?) is not tried
    # both ways: one node stands for every workplace of its kind, and some client sites
    # could be homes and others not, as "works at a home and somewhere else" would need.
    # The engine raises OpenMembership instead, unless the answer is settled without it.
    try:
        if isinstance(facts, JobFacts):
            if not _job_slots_hold(model, facts, used):
                return None
            engine: FastReasoner = JobReasoner(
                model, slots=axiom_set.job_slots, distinct=bool(chosen & axiom_set.different),
                within=facts, answer_for=answer_for)
        else:
            if not _worker_slots_hold(model, facts, used):
                return None
            return axiom_set.engines.answer(model, chosen, facts, answer_for)
        return engine.answer(facts)  # a class the facts assert is evaluated here
    except (UnsupportedExpression, ValueError, KeyError, IndexError):
        return None


def relevant(axiom_set: AxiomSet, seeds: set[str]) -> frozenset[int]:
    """Axioms reachable from the seed terms: an axiom about a term in the signature, or a
    disjointness naming one, joins, and brings its own terms into the signature."""
    signature = set(seeds)
    chosen: set[int] = set()
    changed = True
    while changed:
        changed = False
        for index, axiom in enumerate(axiom_set.axioms):
            if index in chosen:
                continue
            touches = (axiom.subject in signature if axiom.kind not in
                       ("disjointWith", "allDisjoint", "allDifferent")
                       else bool(axiom.terms & signature))
            if touches:
                chosen.add(index)
                signature |= axiom.terms - HUBS
                changed = True
    return frozenset(chosen)


def justification(axiom_set: AxiomSet, holds: Callable[[frozenset[int]], bool],
                  seeds: set[str]) -> frozenset[int] | None:
    """A minimal set of axioms for which ``holds`` is true: start from the relevant ones
    (all of them if those do not suffice), then narrow them down by QuickXplain (Junker
    2004), which needs a few engine builds per axiom kept rather than one per candidate,
    and try once more without each axiom kept."""
    chosen = relevant(axiom_set, seeds)
    if not holds(chosen):
        chosen = frozenset(range(len(axiom_set.axioms)))
        if not holds(chosen):
            return None
    if holds(frozenset()):
        return frozenset()

    def narrow(background: frozenset[int], added: bool, candidates: list[int]) -> list[int]:
        if added and holds(background):
            return []
        if len(candidates) == 1:
            return candidates
        half = len(candidates) // 2
        first, second = candidates[:half], candidates[half:]
        kept_second = narrow(background | frozenset(first), bool(first), second)
        kept_first = narrow(background | frozenset(kept_second), bool(kept_second), first)
        return kept_first + kept_second

    found = frozenset(narrow(frozenset(), False, sorted(chosen)))
    # `holds` need not be monotone (a set whose axioms use a single-valued fact must say
    # it is functional, so adding an axiom may undo it): drop what the others do without.
    for index in sorted(found):
        if holds(found - {index}):
            found -= {index}
    return found


def sources(graph: Graph, axiom: Axiom) -> list[str]:
    """The axiom's own dcterms:source (an owl:Axiom annotation, or on an AllDisjointClasses
    node), else its subject's."""
    own: set = set()
    for s, p, o in axiom.triples:
        if str(s) == axiom.subject and p in LOGICAL:
            for note in graph.subjects(OWL.annotatedSource, s):
                if (graph.value(note, OWL.annotatedProperty) == p
                        and graph.value(note, OWL.annotatedTarget) == o):
                    own |= set(graph.objects(note, DCTERMS.source))
        if p == RDF.type and o in (OWL.AllDisjointClasses, OWL.AllDifferent):
            own |= set(graph.objects(s, DCTERMS.source))
    found = own or set(graph.objects(URIRef(axiom.subject), DCTERMS.source))
    return sorted(str(s) for s in found)
