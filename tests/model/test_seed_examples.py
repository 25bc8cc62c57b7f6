"""The seed examples (ontology/examples.ttl) are classified the way the seed documents say.

Each row of tests/data/seed_expectations.csv states, for one example individual and one
worker or deal category, what the seeds and the ontology's definitions imply: is, is_not
or unknown. The rows were written from the seeds, not from the reasoner's output. The
deals are checked in both shapes analysts hold them: the RDF examples, and
examples/deals.csv beside examples/workers.csv.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from remote_kg.api import Classification, classify_path, read_records
from remote_kg.model.ontology import EXAMPLES_PATH, RKG, ontology_graph
from remote_kg.model.records import Facts

EX = Namespace("https://w3id.org/remote-kg/examples/")
SRC = "https://w3id.org/remote-kg/source/"
EXPECTATIONS = Path(__file__).resolve().parents[1] / "data" / "seed_expectations.csv"
WORKERS_CSV = Path(__file__).resolve().parents[2] / "examples" / "workers.csv"
DEALS_CSV = WORKERS_CSV.with_name("deals.csv")
STATUSES = ("is", "is_not", "unknown")

def expand(name: str) -> str:
    """Full IRI of an `ex:` name."""
    prefix, _, local = name.partition(":")
    assert prefix == "ex", f"expected an ex: name, got {name!r}"
    return str(EX[local])


def read_expectations() -> list[dict[str, str]]:
    with EXPECTATIONS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def _category_iris() -> frozenset[str]:
    from remote_kg.model.owl import read_model

    return frozenset(read_model(ontology_graph()).categories)


@cache
def _deal_category_iris() -> frozenset[str]:
    from remote_kg.model.owl import read_model

    return frozenset(read_model(ontology_graph()).deal_categories)


ALL_ROWS = read_expectations()


def _is_deal_row(row: dict[str, str]) -> bool:
    return row["category"] in {c.rsplit("#", 1)[-1] for c in _deal_category_iris()}


ROWS = [r for r in ALL_ROWS if not _is_deal_row(r)]
DEAL_ROWS = [r for r in ALL_ROWS if _is_deal_row(r)]


@cache
def examples_graph() -> Graph:
    graph = Graph()
    graph.parse(EXAMPLES_PATH, format="turtle")
    return graph


@cache
def classified(reasoner: str) -> dict[str, Classification]:
    return {c.iri: c for c in classify_path(EXAMPLES_PATH, reasoner=reasoner)}


def status(result: Classification, category: str) -> str:
    for name, members in zip(STATUSES, (result.is_, result.is_not, result.unknown)):
        if category in members:
            return name
    raise AssertionError(f"{result.iri}: category {category} missing from the classification")


def row_id(row: dict[str, str]) -> str:
    return f"{row['individual'][3:]}-{row['category']}"


def params(rows: list[dict[str, str]], marks: tuple = ()) -> list:
    out = []
    for row in rows:
        out.append(pytest.param(row, id=row_id(row), marks=list(marks)))
    return out


# --- the expectations file itself ---------------------------------------------------------

def test_expectation_rows_are_well_formed_and_unique():
    categories = {c.rsplit("#", 1)[-1] for c in _category_iris() | _deal_category_iris()}
    seen = Counter((r["individual"], r["category"]) for r in ALL_ROWS)
    assert [k for k, n in seen.items() if n > 1] == []
    for row in ALL_ROWS:
        assert row["expected"] in STATUSES, row
        assert row["category"] in categories, row
        assert row["source"].endswith(".txt") and row["why"].strip(), row


def test_every_seed_worker_has_an_expectation_for_every_category():
    workers = {str(w) for w in examples_graph().subjects(RDF.type, RKG.Worker)}
    covered = {expand(r["individual"]) for r in ROWS}
    assert workers == covered
    per_worker = Counter(r["individual"] for r in ROWS)
    assert set(per_worker.values()) == {len(_category_iris())}


# --- the examples file ---------------------------------------------------------------------

def test_examples_assert_no_worker_category():
    graph = examples_graph()
    asserted = {(s, o) for s, o in graph.subject_objects(RDF.type) if str(o) in _category_iris()}
    assert asserted == set()


def test_every_example_individual_is_named_labelled_commented_and_sourced():
    graph = examples_graph()
    individuals = {s for s in graph.subjects() if str(s).startswith(str(EX))}
    assert len(individuals) > 40
    for node in individuals:
        assert (node, RDF.type, OWL.NamedIndividual) in graph, node
        assert graph.value(node, RDFS.label) is not None, node
        assert graph.value(node, RDFS.comment) is not None, node
        sources = set(graph.objects(node, DCTERMS.source))
        assert sources and all(str(s).startswith(SRC) for s in sources), node


def test_every_class_expression_blank_node_is_typed():
    graph = examples_graph()
    for predicate in (OWL.onProperty, OWL.unionOf, OWL.intersectionOf):
        for node in graph.subjects(predicate, None):
            kind = OWL.Restriction if predicate == OWL.onProperty else OWL.Class
            assert (node, RDF.type, kind) in graph, node


def test_every_source_cited_by_the_examples_exists_in_the_ontology():
    ontology = ontology_graph()
    cited = set(examples_graph().objects(None, DCTERMS.source))
    assert cited and all((s, RDF.type, OWL.NamedIndividual) in ontology for s in cited)


def test_sourcing_deals_name_client_and_workers():
    graph = examples_graph()
    deals = set(graph.subjects(RDF.type, RKG.SourcingArrangement))
    assert len(deals) >= 6
    for deal in deals:
        assert graph.value(deal, RKG.client) is not None, deal
    involved = {w for d in deals for w in graph.objects(d, RKG.involvesWorker)}
    assert involved and all((w, RDF.type, RKG.Worker) in graph for w in involved)


def test_examples_assert_no_deal_category_so_deals_never_constrain_their_workers():
    graph = examples_graph()
    deal_classes = _deal_category_iris() | {str(RKG.VirtualAssistance)}
    asserted = {(s, o) for s, o in graph.subject_objects(RDF.type) if str(o) in deal_classes}
    assert asserted == set()


def test_every_seed_deal_has_an_expectation_for_every_deal_category():
    deals = {str(d) for d in examples_graph().subjects(RDF.type, RKG.SourcingArrangement)}
    assert {expand(r["individual"]) for r in DEAL_ROWS} == deals
    per_deal = Counter(r["individual"] for r in DEAL_ROWS)
    assert set(per_deal.values()) == {len(_deal_category_iris())}


def test_bundled_deals_csv_has_one_row_per_seed_deal_with_the_same_facts():
    from remote_kg.pipeline.deals import read_deals_beside
    from remote_kg.rdf.deals import graph_to_deals

    seeds = {d.id: d for d in graph_to_deals(examples_graph(), read_records(EXAMPLES_PATH))}
    rows = {d.id: d for d in read_deals_beside(DEALS_CSV, read_records(WORKERS_CSV))}
    assert set(rows) == {iri.rsplit("/", 1)[-1] for iri in seeds}
    for iri, seed in seeds.items():
        row = rows[iri.rsplit("/", 1)[-1]]
        assert row.facts.provider == seed.facts.provider, iri
        assert row.worker_iris is not None and seed.worker_iris is not None
        assert sorted(w.rsplit("/", 1)[-1] for w in row.worker_iris) == sorted(
            w.rsplit("/", 1)[-1] for w in seed.worker_iris), iri


# --- the bundled CSV records (examples/workers.csv) -------------------------------------------

def csv_view(facts: Facts) -> Facts:
    """What a CSV row can say of these facts: a complete list of workplaces (`workplaces`)
    or the places known so far (`workplaces_known`), no classes. A closure that allows
    more places than the known ones (the digital agency's founder) is left out: a CSV
    row cannot say "only among these" without saying each."""
    complete = facts.workplaces_allowed is not None and facts.workplaces == facts.workplaces_allowed
    return replace(facts, workplaces_allowed=facts.workplaces if complete else None,
                   asserted=frozenset())


def test_bundled_csv_has_one_row_per_seed_example_with_the_same_facts():
    seeds = {r.id: r.facts for r in read_records(EXAMPLES_PATH)}
    rows = {r.id: r.facts for r in read_records(WORKERS_CSV)}
    assert set(seeds) <= set(rows)
    for record_id, facts in seeds.items():
        assert rows[record_id] == csv_view(facts), record_id


def test_bundled_csv_states_the_seed_examples_partial_places_as_known_so_far():
    with WORKERS_CSV.open(encoding="utf-8", newline="") as handle:
        known = {row["id"]: row["workplaces_known"] for row in csv.DictReader(handle)}
    assert known["freelance-engineer-at-client-sites"] == "client_site"
    assert known["travelling-salesman"] == "client_site"
    assert known["branch-office-teleworker"] == "org_branch_office"
    assert known["field-sales-staff"] == "org_main_office;client_site"


@pytest.mark.parametrize("reasoner", ["fast", pytest.param("hermit", marks=pytest.mark.slow)])
def test_bundled_csv_gives_every_seed_example_the_answers_of_examples_ttl(reasoner):
    seeds = {c.iri.rsplit("/", 1)[-1]: c for c in classified(reasoner).values()}
    rows = {c.id: c for c in classify_path(WORKERS_CSV, reasoner=reasoner)}
    differ = {record_id: (answer, rows[record_id]) for record_id, answer in seeds.items()
              if (set(answer.is_), set(answer.is_not), set(answer.unknown))
              != (set(rows[record_id].is_), set(rows[record_id].is_not),
                  set(rows[record_id].unknown))}
    assert len(seeds) >= 40
    assert differ == {}


def test_bundled_csv_adds_varied_records_with_blanks_and_classifies_consistently():
    seed_ids = {r.id for r in read_records(EXAMPLES_PATH)}
    with WORKERS_CSV.open(encoding="utf-8", newline="") as handle:
        extra = [row for row in csv.DictReader(handle) if row["id"] not in seed_ids]
    assert len(extra) >= 12
    assert sum(any(not value for value in row.values()) for row in extra) >= 6
    assert len({row["relation"] for row in extra}) >= 5
    results = classify_path(WORKERS_CSV)
    assert len(results) == len(seed_ids) + len(extra)


# --- the reasoners agree with the seeds ------------------------------------------------------

@pytest.mark.parametrize("row", params(ROWS))
def test_fast_engine_classifies_seed_example_as_the_seeds_say(row):
    result = classified("fast")[expand(row["individual"])]
    assert status(result, row["category"]) == row["expected"], row["why"]


@pytest.mark.parametrize("row", params(ROWS, marks=(pytest.mark.slow,)))
def test_hermit_classifies_seed_example_as_the_seeds_say(row):
    result = classified("hermit")[expand(row["individual"])]
    assert status(result, row["category"]) == row["expected"], row["why"]


@cache
def _deals_classified(reasoner: str, shape: str) -> dict[str, Classification]:
    """The seed deals classified from RDF (keyed by IRI) or from the CSVs (by ex: IRI)."""
    from remote_kg.classification.deals import classify_deals, deal_reasoner
    from remote_kg.pipeline.deals import read_deals_beside
    from remote_kg.rdf.deals import graph_to_deals

    if shape == "rdf":
        deals = graph_to_deals(examples_graph(), read_records(EXAMPLES_PATH))
    else:
        deals = read_deals_beside(DEALS_CSV, read_records(WORKERS_CSV))
    results = classify_deals(deals, deal_reasoner(reasoner))
    return {(r.iri if shape == "rdf" else str(EX[r.id])): r for r in results}


@pytest.mark.parametrize("shape", ["rdf", "csv"])
@pytest.mark.parametrize("row", params(DEAL_ROWS))
def test_fast_engine_classifies_seed_deal_as_the_seeds_say(row, shape):
    result = _deals_classified("fast", shape)[expand(row["individual"])]
    assert status(result, row["category"]) == row["expected"], row["why"]


@pytest.mark.parametrize("shape", ["rdf", "csv"])
@pytest.mark.parametrize("row", params(DEAL_ROWS, marks=(pytest.mark.slow,)))
def test_hermit_classifies_seed_deal_as_the_seeds_say(row, shape):
    result = _deals_classified("hermit", shape)[expand(row["individual"])]
    assert status(result, row["category"]) == row["expected"], row["why"]



def test_bundled_csv_names_the_performers_of_examples_ttl():
    """Who does the work (rkg:performedBy in examples.ttl, `performer` in the CSV) is the
    same for every seed engagement: the CSV's id is the performer's local name there."""
    seeds = {r.id: (r.performer.rsplit("/", 1)[-1] if r.performer else None)
             for r in read_records(EXAMPLES_PATH)}
    rows = {r.id: (r.performer.rsplit("/", 1)[-1] if r.performer else None)
            for r in read_records(WORKERS_CSV)}
    assert {k: v for k, v in seeds.items() if v} == {k: rows[k] for k, v in seeds.items() if v}
    assert {k for k, v in rows.items() if v} == {k for k, v in seeds.items() if v}
    freelancer = [k for k, v in seeds.items() if v == "multi-company-freelancer"]
    assert len(freelancer) == 3  # seed 001: one freelancer, several companies at once
