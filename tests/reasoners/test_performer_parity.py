"""Who does an engagement's work is no fact of the engines (issue 22, point 3): HermiT and
the fast engine give the same answers to engagements with performers, HermiT realising
the ontology plus `import`'s output (rkg:performedBy, functional; persons disjoint from
organisations) finds classify's answers, and a performer of both kinds is inconsistent."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from remote_kg.model.ontology import DEFAULT_BASE, RKG, ontology_graph
from remote_kg.model.vocab import FACT_COLUMNS
from remote_kg.reasoners.choice import get_reasoner
from tests.conftest import classify_json, run_cli
from tests.reasoners.test_import_hermit import _realise

ROWS = """id,relation,workplaces,workplaces_known,schedule,performer,performer_kind
f-home,freelancer,home,,self_set,ann,person
f-client,freelancer,,client_site,,ann,
f-hq,freelancer,org_main_office,,,ann,person
agency,contractor,home;coworking_space;public_place,,,studio,organisation
kind-only,employee,home,,employer_set,,person
nobody,,,,,,
"""


def test_the_performer_columns_are_no_slot_of_the_fast_engine():
    engine = get_reasoner("fast")
    assert not {"performer", "performer_kind"} & set(engine.columns)
    assert not {"performer", "performer_kind"} & set(FACT_COLUMNS)


@pytest.mark.slow
def test_hermit_and_the_fast_engine_agree_on_engagements_with_performers(write_csv):
    path = write_csv(ROWS)
    fast = classify_json(path, "--reasoner", "fast")
    hermit = classify_json(path, "--reasoner", "hermit")
    assert fast == hermit
    assert "Telecommuter" in fast["f-home"]["is"]
    assert "InPersonWorker" in fast["f-hq"]["is"]  # one person, answers per engagement


@pytest.mark.slow
def test_hermit_realising_the_imported_performers_finds_classify_answers(write_csv, tmp_path):
    records = write_csv(ROWS)
    out = tmp_path / "records.nt"
    assert run_cli("import", records, "-o", out).returncode == 0
    graph = ontology_graph()
    graph.parse(out, format="nt")
    inferred = _realise(graph)
    for record_id, row in classify_json(records).items():
        types = inferred.get(DEFAULT_BASE + record_id, set())
        assert set(row["is"]) <= types, record_id
        assert not (set(row["is_not"]) | set(row["unknown"])) & types, record_id
        assert "Agent" not in types, record_id  # an engagement is not an agent
    assert {"Person", "Agent"} <= inferred[DEFAULT_BASE + "performer/ann"]
    assert {"Organisation", "Agent"} <= inferred[DEFAULT_BASE + "performer/studio"]


@pytest.mark.slow
def test_a_performer_typed_person_and_organisation_is_inconsistent_for_hermit(write_csv,
                                                                             tmp_path):
    import owlready2

    records = write_csv(ROWS)
    out = tmp_path / "records.nt"
    assert run_cli("import", records, "-o", out).returncode == 0
    graph = ontology_graph()
    graph.parse(out, format="nt")
    graph.add((URIRef(DEFAULT_BASE + "performer/ann"), RDF.type, RKG.Organisation))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _realise(graph)
