"""Sourcing deals: read beside the worker records, decided three-valued by the ontology's
definitions, identically by both engines, and served, loaded and pushed like workers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.namespace import RDF

from remote_kg.api import build_store, inferred_graph
from remote_kg.cli import main
from remote_kg.model.deals import PROVIDER_VALUE, DealFacts
from remote_kg.model.ontology import ONTOLOGY_PATH, RKG
from remote_kg.model.records import Facts
from remote_kg.reasoners.deals_fast import DealReasoner
from remote_kg.reasoners.deals_hermit import HermitDealReasoner
from tests.reasoners.test_reasoner_parity import csv_facts

ROOT = Path(__file__).resolve().parents[2]
WORKERS = ROOT / "examples" / "workers.csv"
DEALS = ROOT / "examples" / "deals.csv"
CATEGORIES = ["MixedSourcing", "Outsourcing", "RemoteStaffing"]

RECORDS = """id,label,relation,workplaces,org_fully_remote,autonomous
own-home,own employee at home,employee,home,,
own-office,own employee at the office,employee,org_main_office,,
agency-staff,agency staff at the client,provider_staff,org_main_office,,
freelance,freelancer somewhere,freelancer,,,
unknown,nothing known,,,,
outsourced,outsourced worker of a kind not said,outsourced,,,
field-sales,"own field sales staff, office or customers",employee,org_main_office;client_site,,
directed-va,"agency's virtual assistant, directed by the client",provider_staff,,,no
"""
CLASH = ('clash,"employee of an office-less firm, at its main office",employee,'
         'org_main_office,yes,\n')



def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


@pytest.fixture
def records(tmp_path: Path) -> Path:
    path = tmp_path / "records.csv"
    path.write_text(RECORDS, encoding="utf-8")
    return path


def deals_file(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "deals.csv"
    path.write_text("id,label,provider,workers\n" + rows, encoding="utf-8")
    return path


def answers(capsys, deals: Path, records: Path, *extra: str) -> dict[str, dict]:
    code, out, err = run(capsys, "classify-deals", str(deals), "--records", str(records),
                         *extra)
    assert code == 0, err
    return {item["id"]: item for item in json.loads(out)}


# --- what the deal categories mean -----------------------------------------------------------

def test_outsourcing_is_external_provision_with_only_external_workers(capsys, tmp_path, records):
    deals = deals_file(tmp_path, "d1,,service_provider,agency-staff\n"
                                 "d2,,freelancer,freelance\n")
    got = answers(capsys, deals, records)
    for deal in ("d1", "d2"):
        assert got[deal]["is"] == ["Outsourcing"]
    assert got["d2"]["is_not"] == ["MixedSourcing", "RemoteStaffing"]
    # whether the client directs the agency's staff is not recorded (autonomous blank)
    assert got["d1"]["is_not"] == ["RemoteStaffing"]
    assert got["d1"]["unknown"] == ["MixedSourcing"]


def test_seed_002s_three_blurred_line_examples_are_mixed_sourcing(capsys, tmp_path, records):
    """Seed 002, "The Blurred Line Between Outsourcing and Remote Staffing": own remote
    management staff overseeing "an outsourced manufacturing operation"; field sales staff
    who "work remotely for so many days of the week, but be required to be at your offices
    on other days"; an outsourced virtual assistant who takes "his work instructions directly
    from you, but be trained and paid by his actual employer"."""
    deals = deals_file(tmp_path, "oversight,,service_provider,own-home\n"
                                 "field,,none,field-sales\n"
                                 "va,,service_provider,directed-va\n")
    got = answers(capsys, deals, records)
    assert got["oversight"]["is"] == ["MixedSourcing", "Outsourcing"]
    assert got["field"]["is"] == ["MixedSourcing"]
    assert got["field"]["is_not"] == ["Outsourcing", "RemoteStaffing"]
    assert got["va"]["is"] == ["MixedSourcing", "Outsourcing"]
    assert got["va"]["is_not"] == ["RemoteStaffing"]


def test_own_office_staff_and_undirected_outsiders_are_not_mixed_sourcing(
        capsys, tmp_path, records):
    deals = deals_file(tmp_path, "office,,none,own-office\nfree,,freelancer,freelance\n")
    got = answers(capsys, deals, records)
    assert "MixedSourcing" in got["office"]["is_not"]
    assert "MixedSourcing" in got["free"]["is_not"]


def test_outsourcing_need_not_be_remote_work(capsys, tmp_path, records):
    """Seed 002: an outsourced manager placed on the client's premises is still outsourcing."""
    got = answers(capsys, deals_file(tmp_path, "safety,,service_provider,agency-staff\n"),
                  records)
    assert "Outsourcing" in got["safety"]["is"]


def test_remote_staffing_is_own_staff_all_working_off_premises(capsys, tmp_path, records):
    deals = deals_file(tmp_path, "home,,none,own-home\nmixed-places,,none,own-home;own-office\n")
    got = answers(capsys, deals, records)
    assert got["home"]["is"] == ["RemoteStaffing"]
    assert "RemoteStaffing" in got["mixed-places"]["is_not"]


def test_own_remote_staff_overseeing_an_outsourced_operation_is_mixed_sourcing_and_outsourcing(
        capsys, tmp_path, records):
    """Seed 002: "employ its own remote management staff to oversee an outsourced
    manufacturing operation": the operation is outsourced, and the mix is the blurred line."""
    deals = deals_file(tmp_path, "oversight,,service_provider,own-home;agency-staff\n")
    got = answers(capsys, deals, records)["oversight"]
    assert got["is"] == ["MixedSourcing", "Outsourcing"]
    assert got["is_not"] == ["RemoteStaffing"]


def test_a_deal_contracted_out_with_its_workers_not_listed_is_outsourcing(
        capsys, tmp_path, records):
    """Seed 002: "The use of resources external to your own organization is known as
    outsourcing"; who does the work "is the responsibility of the organisation to which you
    contract out your activities"."""
    got = answers(capsys, deals_file(tmp_path, "d,,service_provider,\n"), records)["d"]
    assert got["is"] == ["Outsourcing"]
    assert got["is_not"] == ["RemoteStaffing"]
    assert got["unknown"] == ["MixedSourcing"]


def test_an_outside_provider_of_unknown_kind_can_be_recorded(capsys, tmp_path, records):
    deals = deals_file(tmp_path, "open,,outside,\nstaffed,,outside,agency-staff\n")
    got = answers(capsys, deals, records)
    assert got["open"]["is"] == ["Outsourcing"] and got["open"]["is_not"] == ["RemoteStaffing"]
    assert got["staffed"]["is"] == ["Outsourcing"]
    assert got["staffed"]["is_not"] == ["RemoteStaffing"]
    assert got["staffed"]["unknown"] == ["MixedSourcing"]  # directed by the client or not


def test_an_outsourced_worker_of_unknown_kind_makes_its_deal_outsourcing(
        capsys, tmp_path, records):
    """Seed 002: "You can outsource a task to an independent freelance contractor or a
    virtual assistant", whose kind the seed does not give: the worker is outsourced, which
    of the four outsourced relations is open, and a deal it does is outsourcing even when
    the record does not say who supplies it."""
    code, out, err = run(capsys, "classify", str(records), "-f", "json")
    worker = {i["id"]: i for i in json.loads(out)}["outsourced"]
    assert code == 0, err
    assert "OutsourcedWorker" in worker["is"]
    assert {"Employee", "Owner", "RemoteStaffMember"} <= set(worker["is_not"])
    assert {"Freelancer", "Contractor", "Subcontractor", "ProviderStaffMember"} <= set(
        worker["unknown"])
    got = answers(capsys, deals_file(tmp_path, "va,,,outsourced\n"), records)["va"]
    assert got["is"] == ["Outsourcing"]
    assert got["is_not"] == ["RemoteStaffing"]
    assert got["unknown"] == ["MixedSourcing"]  # a provider's directed staff, or not


@pytest.mark.parametrize("reasoner", ["fast", "hermit"])
@pytest.mark.parametrize("worker", ["freelance", "outsourced", "agency-staff"])
def test_an_in_house_deal_done_by_an_outsourced_worker_is_an_error_naming_both(
        capsys, tmp_path, records, reasoner, worker):
    """Seed 002: outsourcing is the use of resources external to the organisation, and "the
    people that perform your outsourced activity are not your staff": a deal recorded as
    supplied by the organisation's own staff (provider none) that an outsourced worker does
    contradicts itself. Inconsistent data: exit 1, the deal and the worker named."""
    deals = deals_file(tmp_path, f"ok,,none,own-home\nclash,,none,own-home;{worker}\n")
    code, out, err = run(capsys, "classify-deals", str(deals), "--records", str(records),
                         "--reasoner", reasoner)
    assert code == 1 and out == ""
    assert err.count("inconsistent deal") == 1
    assert "deal/clash (id 'clash')" in err
    assert f"/{worker} (id '{worker}')" in err and "provider kind 'none'" in err
    if reasoner == "hermit" and worker != "freelance":
        return
    # a worker whose own facts clash is named as such
    deals = deals_file(tmp_path, "bad,,service_provider,clash\n")
    clash = records.parent / "clash.csv"
    clash.write_text(RECORDS + CLASH, encoding="utf-8")
    code, _, err = run(capsys, "classify-deals", str(deals), "--records", str(clash),
                       "--reasoner", reasoner)
    assert code == 1 and "deal/bad (id 'bad'): its worker" in err
    assert "/clash (id 'clash') contradicts the ontology" in err


def test_blank_workers_leave_what_the_provider_alone_cannot_decide_unknown(
        capsys, tmp_path, records):
    deals = deals_file(tmp_path, "own,,none,\nexternal,,contractor,\nblank,,,\n")
    got = answers(capsys, deals, records)
    assert got["own"]["is_not"] == ["Outsourcing"]
    # the workforce might be field sales staff, remote some days (seed 002's blurred line)
    assert got["own"]["unknown"] == ["MixedSourcing", "RemoteStaffing"]
    assert got["external"]["is"] == ["Outsourcing"]
    assert got["external"]["is_not"] == ["RemoteStaffing"]
    assert got["external"]["unknown"] == ["MixedSourcing"]
    assert got["blank"]["unknown"] == CATEGORIES


def test_a_worker_of_unknown_relation_leaves_the_deal_undecided(capsys, tmp_path, records):
    got = answers(capsys, deals_file(tmp_path, "d,,service_provider,unknown\n"), records)
    assert got["d"]["is"] == ["Outsourcing"]
    assert got["d"]["is_not"] == ["RemoteStaffing"]
    assert got["d"]["unknown"] == ["MixedSourcing"]


def test_one_worker_cannot_be_both_sides_of_a_mix_but_two_can():
    engine = DealReasoner.for_ontology()
    one = engine.answer(DealFacts.of(["service_provider"], [Facts()]))
    two = engine.answer(DealFacts.of(["service_provider"], [Facts(), Facts()]))
    employee_somewhere = Facts(relations=frozenset({"employee"}))
    assert one.status("MixedSourcing") == "unknown"
    assert two.status("MixedSourcing") == "unknown"
    with_employee = engine.answer(DealFacts.of(["freelancer"], [employee_somewhere]))
    assert with_employee.status("Outsourcing") == "is"
    assert with_employee.status("MixedSourcing") == "unknown"


def test_deals_never_change_their_workers_answers(tmp_path, records):
    deals = deals_file(tmp_path, "d,,service_provider,unknown\ne,,none,unknown\n")
    alone = inferred_graph([records])
    beside = inferred_graph([records], deals=[deals])
    workers = {s for s in alone.subjects(RKG.recordId, None)}

    def answers(graph, worker):  # the run a record names is provenance, not an answer
        return {t for t in graph.triples((worker, None, None)) if t[1] != RKG.classifiedBy}

    for worker in workers:
        assert answers(alone, worker) == answers(beside, worker)


def test_the_categories_come_from_the_ontology(tmp_path, capsys, records):
    """Drop MixedSourcing's definition from a copy of the ontology: the category goes, and
    the mixed deal is left outsourcing and not remote staffing."""
    text = ONTOLOGY_PATH.read_text(encoding="utf-8")
    start = text.index("rkg:MixedSourcing a owl:Class ;")
    definition = text[text.index("owl:equivalentClass", start):text.index("rdfs:label", start)]
    copy = tmp_path / "ontology.ttl"
    copy.write_text(text.replace(definition, ""), encoding="utf-8")
    deals = deals_file(tmp_path, "oversight,,service_provider,own-home;agency-staff\n")
    got = answers(capsys, deals, records, "--ontology", str(copy))["oversight"]
    assert got["is"] == ["Outsourcing"] and got["is_not"] == ["RemoteStaffing"]
    assert "MixedSourcing" not in got["is"] + got["is_not"] + got["unknown"]


# --- the command's outputs --------------------------------------------------------------------

def test_classify_deals_writes_json_csv_and_turtle_with_ids_and_labels(capsys, tmp_path):
    code, out, _ = run(capsys, "classify-deals", str(DEALS), "--records", str(WORKERS))
    assert code == 0
    items = json.loads(out)
    assert [set(i) for i in items] == [{"id", "label", "is", "is_not", "unknown"}] * len(items)
    assert items[0]["label"] == "website overhaul contracted to the digital agency"
    code, out, _ = run(capsys, "classify-deals", str(DEALS), "--records", str(WORKERS),
                       "-f", "csv")
    lines = out.splitlines()
    assert lines[0] == "id,label," + ",".join(CATEGORIES)
    assert "manufacturing-outsourcing," in lines[7] and lines[7].endswith(",is,is,is_not")
    target = tmp_path / "deals.ttl"
    code, out, _ = run(capsys, "classify-deals", str(DEALS), "--records", str(WORKERS),
                       "-f", "ttl", "-o", str(target))
    assert code == 0 and out == ""
    from rdflib import Graph

    graph = Graph().parse(target)
    mixed = list(graph.subjects(RDF.type, RKG.MixedSourcing))
    assert sorted(str(s).rsplit("/", 1)[-1] for s in mixed) == [
        "field-sales", "manufacturing-outsourcing", "virtual-assistance-deal"]
    manufacturing = next(s for s in mixed if str(s).endswith("/manufacturing-outsourcing"))
    assert (manufacturing, RKG.hasProviderKind, PROVIDER_VALUE["service_provider"][0]) in graph


# --- bad input: every problem named, exit 2, nothing written ---------------------------------

def test_every_problem_in_a_deals_file_is_listed_and_nothing_written(capsys, tmp_path, records):
    deals = deals_file(tmp_path, "d1,,outsourcer,own-home\n"
                                 "d2,,none,nobody;own-home\n"
                                 "d1,,none,own-home\n"
                                 "d3,,none,own-home;own-home\n"
                                 ",,none,\n")
    target = tmp_path / "out.json"
    code, out, err = run(capsys, "classify-deals", str(deals), "--records", str(records),
                         "-o", str(target))
    assert code == 2 and out == "" and not target.exists()
    assert "line 2, column 'provider': value 'outsourcer' is not allowed" in err
    assert "line 3, column 'workers': no worker record has the id 'nobody'" in err
    assert "line 4, column 'id': duplicate id 'd1' (first used on line 2)" in err
    assert "line 5, column 'workers': worker 'own-home' is listed twice" in err
    assert "line 6, column 'id': empty" in err
    assert "Traceback" not in err


def test_a_deals_file_with_an_unknown_column_is_refused(capsys, tmp_path, records):
    path = tmp_path / "deals.csv"
    path.write_text("id,provider,staff\nd,none,own-home\n", encoding="utf-8")
    code, out, err = run(capsys, "classify-deals", str(path), "--records", str(records))
    assert code == 2 and out == ""
    assert "unknown column(s) 'staff'" in err and "id, label, provider, workers" in err


def test_a_deal_with_an_inconsistent_worker_is_an_inconsistent_deal(capsys, tmp_path, records):
    records.write_text(RECORDS + CLASH, encoding="utf-8")
    deals = deals_file(tmp_path, "ok,,none,own-home\nbad,,none,clash\n")
    code, out, err = run(capsys, "classify-deals", str(deals), "--records", str(records))
    assert code == 1 and out == ""
    assert "inconsistent deal" in err and "'bad'" in err and "'ok'" not in err


def test_semicolon_separated_deals_are_read(capsys, tmp_path, records):
    path = tmp_path / "deals.csv"
    path.write_text("id;provider;workers\nd;none;own-home\n", encoding="utf-8")
    got = answers(capsys, path, records)
    assert got["d"]["is"] == ["RemoteStaffing"]


# --- load, serve and push take deals too -------------------------------------------------------

# Every example deal but remote staffing: seed 002 defines outsourcing by the outside
# provider, and calls the manufacturing its remote managers oversee outsourced.
OUTSOURCING = ["building-project", "health-and-safety-outsourcing",
               "manufacturing-outsourcing", "task-outsourcing-to-freelancer",
               "task-outsourcing-to-virtual-assistant", "virtual-assistance-deal",
               "website-overhaul"]
QUERY = """PREFIX rkg: <https://w3id.org/remote-kg/ontology#>
SELECT ?deal WHERE { ?deal a rkg:Outsourcing } ORDER BY ?deal"""


def test_load_with_deals_answers_plain_sparql_for_deals(capsys, tmp_path):
    store = tmp_path / "store"
    code, _, err = run(capsys, "load", str(WORKERS), "--deals", str(DEALS), "--store",
                       str(store))
    assert code == 0, err
    assert "loaded 59 records and 9 deals" in err
    query = tmp_path / "q.rq"
    query.write_text(QUERY, encoding="utf-8")
    code, out, err = run(capsys, "query", str(query), "--store", str(store), "-f", "csv")
    assert code == 0, err
    assert [line.rsplit("/", 1)[-1] for line in out.split()[1:]] == OUTSOURCING


def test_load_with_a_bad_deals_file_leaves_the_store_as_it_was(capsys, tmp_path, records):
    store = tmp_path / "store"
    assert run(capsys, "load", str(records), "--store", str(store), "-q")[0] == 0
    before = sorted(p.name for p in store.iterdir())
    deals = deals_file(tmp_path, "d,,none,nobody\n")
    code, _, err = run(capsys, "load", str(records), "--deals", str(deals), "--store",
                       str(store))
    assert code == 2 and "no worker record has the id 'nobody'" in err
    assert sorted(p.name for p in store.iterdir()) == before
    shutil.rmtree(store)


def test_served_store_and_pushed_graph_hold_the_deals_answers(tmp_path):
    store = build_store([WORKERS], include_examples=False, deals=[DEALS])
    rows = [r["deal"].value.rsplit("/", 1)[-1] for r in store.query(QUERY)]
    assert rows == OUTSOURCING
    from remote_kg.kg.push import push_graph

    graph = push_graph([WORKERS], deals=[DEALS])
    assert sorted(str(s).rsplit("/", 1)[-1]
                  for s in graph.subjects(RDF.type, RKG.Outsourcing)) == OUTSOURCING


def test_serve_refuses_deals_without_data(capsys):
    code, _, err = run(capsys, "serve", "--deals", str(DEALS))
    assert code == 2 and "--deals goes with --data" in err


# --- both engines agree --------------------------------------------------------------------------

@st.composite
def deal_facts(draw):
    provider = draw(st.frozensets(st.sampled_from(list(PROVIDER_VALUE)), max_size=1))
    workers = draw(st.one_of(st.none(), st.lists(csv_facts(), min_size=1, max_size=3)))
    return DealFacts.of(provider, workers)


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(deal_facts(), min_size=40, max_size=60))
def test_fast_deal_engine_gives_hermits_answers(deals):
    fast = DealReasoner.for_ontology()
    reference = HermitDealReasoner.for_ontology().classify(deals)
    for facts in dict.fromkeys(deals):
        assert fast.answer(facts) == reference[facts], facts


def test_serve_writes_the_deals_into_the_store_it_serves(tmp_path):
    """`serve --data RECORDS --deals DEALS` builds its store through `_write_store`."""
    import pyoxigraph as ox

    from remote_kg.commands.serve import _write_store

    target = tmp_path / "served"
    _write_store([WORKERS], "fast", False, target, [DEALS])
    store = ox.Store.read_only(str(target))
    rows = [r["deal"].value.rsplit("/", 1)[-1] for r in store.query(QUERY)]
    assert rows == OUTSOURCING


def test_a_deals_file_that_is_not_utf8_names_the_file_and_the_byte(capsys, tmp_path, records):
    path = tmp_path / "deals.csv"
    path.write_bytes("id,label,provider,workers\nd,Caf\xe9 deal,none,own-home\n".encode("latin-1"))
    code, out, err = run(capsys, "classify-deals", str(path), "--records", str(records))
    assert code == 2 and out == "" and "Traceback" not in err
    assert str(path) in err and "UTF-8" in err and "0xe9" in err.lower()


def test_query_over_data_takes_deals_and_answers_as_classify_deals(capsys, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text(QUERY, encoding="utf-8")
    code, out, err = run(capsys, "query", str(query), "--data", str(WORKERS), "--deals",
                         str(DEALS), "-f", "csv")
    assert code == 0, err
    assert [line.rsplit("/", 1)[-1] for line in out.split()[1:]] == OUTSOURCING
    code, out, err = run(capsys, "query", str(query), "--deals", str(DEALS))
    assert code == 2 and out == "" and "--deals goes with --data" in err


def test_an_outside_provider_node_in_rdf_reads_as_its_narrowest_kind():
    """RDF may type a provider node with a kind and with rkg:ExternalProvision (what the
    store writes for the stated hierarchy): the narrower kind is read; the superclass alone
    is an outside provider of unknown kind."""
    from rdflib import Graph

    from remote_kg.rdf.deals import graph_to_deals

    graph = Graph().parse(data="""
        @prefix rkg: <https://w3id.org/remote-kg/ontology#> .
        @prefix d: <https://e.org/> .
        d:deal1 a rkg:SourcingArrangement ; rkg:hasProviderKind d:p1 .
        d:p1 a rkg:FreelanceProvision , rkg:ExternalProvision .
        d:deal2 a rkg:SourcingArrangement ; rkg:hasProviderKind d:p2 .
        d:p2 a rkg:ExternalProvision .
        d:deal3 a rkg:SourcingArrangement ; rkg:hasProviderKind rkg:suppliedByOutsideProvider .
        """, format="turtle")
    read = {d.iri.rsplit("/", 1)[-1]: sorted(d.facts.provider) for d in graph_to_deals(graph, [])}
    assert read == {"deal1": ["freelancer"], "deal2": ["outside"], "deal3": ["outside"]}
