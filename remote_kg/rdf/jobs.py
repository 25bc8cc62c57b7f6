"""Jobs as RDF in the ontology's vocabulary: an rkg:Job individual per posting."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from remote_kg.model.jobs import BOOLEAN_FACTS, EMPLOYMENT, JOB, Posting
from remote_kg.model.ontology import RKG


def postings_graph(postings: Iterable[Posting]) -> Graph:
    """The jobs of `postings` with their facts: the posting's id (rkg:postingId), title
    (rdfs:label), url (rdfs:seeAlso), boolean facts, applicant location names, employment
    types offered and, the list being complete, `offersEmploymentType only {those}`."""
    graph = Graph()
    graph.bind("rkg", RKG)
    for posting in postings:
        job = URIRef(posting.iri)
        facts = posting.facts
        graph.add((job, RDF.type, RKG.Job))
        graph.add((job, RDF.type, OWL.NamedIndividual))
        graph.add((job, RKG.postingId, Literal(posting.id)))
        if posting.label is not None:
            graph.add((job, RDFS.label, Literal(posting.label)))
        if posting.url and ":" in posting.url and posting.url != posting.iri:
            graph.add((job, RDFS.seeAlso, URIRef(posting.url)))
        for name, prop in BOOLEAN_FACTS.items():
            value = getattr(facts, name)
            if value is not None:
                graph.add((job, prop, Literal(value)))
        for place in posting.places:
            graph.add((job, RKG.applicantLocationName, Literal(place)))
        offered = [URIRef(i) for i in sorted(facts.employment)]
        for individual in offered:
            graph.add((job, EMPLOYMENT, individual))
        if facts.employment_closed:
            graph.add((job, RDF.type, _closure(graph, offered)))
        for iri in sorted(facts.asserted):
            graph.add((job, RDF.type, URIRef(iri)))
    return graph


def _closure(graph: Graph, offered: list[URIRef]) -> BNode:
    """`offersEmploymentType only {offered}` (only owl:Nothing when none)."""
    restriction = BNode()
    graph.add((restriction, RDF.type, OWL.Restriction))
    graph.add((restriction, OWL.onProperty, EMPLOYMENT))
    if offered:
        filler, items = BNode(), BNode()
        graph.add((filler, RDF.type, OWL.Class))
        Collection(graph, items, offered)
        graph.add((filler, OWL.oneOf, items))
    else:
        filler = OWL.Nothing
    graph.add((restriction, OWL.allValuesFrom, filler))
    return restriction


def job_categories() -> set[str]:
    """The job categories' IRIs, from the model the worker engine has already read (no job
    engine is built for an input that holds no jobs)."""
    from remote_kg.model.owl import bundled_model

    return set(bundled_model().job_categories)


def job_classes() -> set[str]:
    """The ontology's named subclasses of rkg:Job: the categories and the facts a type
    statement gives (rkg:EmploymentContractJob, ...), which input may assert of a job."""
    from remote_kg.model.owl import bundled_model

    model = bundled_model()
    return {c for c, supers in model.told_supers.items() if JOB in supers}


def job_nodes(graph: Graph) -> set[URIRef]:
    """The individuals of a graph typed rkg:Job or a job category."""
    jobs = {s for s in graph.subjects(RDF.type, RKG.Job) if isinstance(s, URIRef)}
    return jobs | {s for c in job_categories() for s in graph.subjects(RDF.type, URIRef(c))
                   if isinstance(s, URIRef)}


def graph_to_postings(graph: Graph, source: str = "input") -> list[Posting]:
    """The rkg:Job individuals of an RDF graph (as `postings_graph` writes them, or typed
    with a job category) read back as postings; InputError lists every problem."""
    from remote_kg.errors import InputError
    from remote_kg.model.jobs import JobFacts, employment_codes

    categories = job_categories()
    qualifiers = job_classes()
    known = set(employment_codes())
    jobs = job_nodes(graph)
    problems: list[str] = []
    postings: list[Posting] = []
    for job in sorted(jobs):
        where = f"{source}: job <{job}>"
        values: dict[str, bool | None] = {}
        for name, prop in BOOLEAN_FACTS.items():
            found = {v.toPython() for v in graph.objects(job, prop)}
            if len(found) > 1 or any(not isinstance(v, bool) for v in found):
                problems.append(f"{where}: {prop.n3(graph.namespace_manager)} has "
                                f"{', '.join(sorted(map(str, found)))}; expected one of "
                                "true or false")
            values[name] = next(iter(found)) if len(found) == 1 else None
        offered = {str(v) for v in graph.objects(job, EMPLOYMENT)}
        unknown = offered - known
        if unknown:
            problems.append(f"{where}: rkg:offersEmploymentType {', '.join(sorted(unknown))}; "
                            "expected the ontology's rkg:EmploymentType individuals")
        closed = False
        for restriction in graph.objects(job, RDF.type):
            if (restriction, OWL.onProperty, EMPLOYMENT) not in graph:
                continue
            filler = graph.value(restriction, OWL.allValuesFrom)
            listed = set() if filler == OWL.Nothing else {
                str(i) for i in Collection(graph, graph.value(filler, OWL.oneOf) or BNode())}
            if listed != offered:
                problems.append(f"{where}: its closure on rkg:offersEmploymentType lists "
                                f"{len(listed)} type(s) where the job offers {len(offered)}; "
                                "a closure lists exactly the types offered")
            closed = True
        asserted = frozenset(str(c) for c in graph.objects(job, RDF.type)
                             if str(c) in categories or str(c) in qualifiers)
        posting_id = graph.value(job, RKG.postingId)
        label = graph.value(job, RDFS.label)
        facts = JobFacts(values["telecommute"], values["address"], values["restricted"],
                         frozenset(offered & known), closed, asserted, values["hybrid"])
        postings.append(Posting(str(posting_id) if posting_id is not None else str(job),
                                str(job), str(label) if label is not None else None, facts))
    if problems:
        raise InputError(problems)
    return postings
