"""HermiT run on the ontology plus the output of `import` alone gives classify's answers."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from remote_kg.model.ontology import DEFAULT_BASE, RKG, ontology_graph
from tests.conftest import HEADER, classify_json, run_cli

pytestmark = pytest.mark.slow

ROWS = f"""{HEADER}
home,,employee,home,employer_set,,,yes
branch,,freelancer,org_branch_office,,,,
mixed,,provider_staff,org_main_office;client_site,self_set,,no,
driver,,contractor,vehicle,self_set,own,yes,
blank,,,,,,,
"""


def _realise(graph: Graph) -> dict[str, set[str]]:
    """Types HermiT infers for each individual (owlready2's realisation, read as triples)."""
    import os
    import tempfile

    import owlready2

    fd, path = tempfile.mkstemp(suffix=".nt")
    os.close(fd)
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology("file://" + path).load()
    owlready2.sync_reasoner_hermit(world, debug=0)
    view = world.as_rdflib_graph()
    supers: dict[str, set[str]] = {}
    for sub, sup in view.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            supers.setdefault(str(sub), set()).add(str(sup))
    types: dict[str, set[str]] = {}
    for s, o in view.subject_objects(RDF.type):
        if isinstance(o, URIRef):  # an answer class (data namespace) leads to rkg ones
            stack = [str(o)]
            while stack:  # realisation reports the most specific classes only
                cls = stack.pop()
                if cls.startswith(str(RKG)):
                    types.setdefault(str(s), set()).add(cls.rsplit("#", 1)[1])
                stack.extend(supers.get(cls, ()))
    world.close()
    os.unlink(path)
    return types


def test_hermit_on_imported_rdf_finds_the_same_memberships(write_csv, tmp_path):
    records = write_csv(ROWS)
    out = tmp_path / "records.nt"
    assert run_cli("import", records, "-o", out).returncode == 0
    graph = ontology_graph()
    graph.parse(out, format="nt")
    inferred = _realise(graph)
    expected = classify_json(records)
    for record_id, row in expected.items():
        types = inferred.get(DEFAULT_BASE + record_id, set())
        assert set(row["is"]) <= types, record_id
        assert not (set(row["is_not"]) | set(row["unknown"])) & types, record_id


@pytest.mark.parametrize(
    "record_id,category",
    [
        ("home", "VirtualWorker"),
        ("branch", "RemoteWorker"),
        ("mixed", "Employee"),
        ("driver", "LocationIndependentWorker"),
        ("home", "HybridWorker"),
    ],
)
def test_hermit_on_imported_rdf_entails_the_is_not_answers(
    write_csv, tmp_path, record_id, category
):
    """Asserting a category classify calls is_not makes ontology + import output inconsistent."""
    records = write_csv(ROWS)
    assert category in classify_json(records)[record_id]["is_not"]
    out = tmp_path / "records.nt"
    assert run_cli("import", records, "-o", out).returncode == 0
    graph = ontology_graph()
    graph.parse(out, format="nt")
    graph.add((URIRef(DEFAULT_BASE + record_id), RDF.type, RKG[category]))
    import owlready2

    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _realise(graph)


def test_hermit_accepts_the_materialised_types_of_classify_ttl_as_consistent_with_the_facts(
    write_csv, tmp_path
):
    """The category types classify -f ttl asserts contradict neither the ontology nor the
    facts, and entail no category that is certainly not or undecided."""
    records = write_csv(ROWS)
    out = tmp_path / "classified.ttl"
    assert run_cli("classify", records, "-f", "ttl", "-o", out).returncode == 0
    graph = ontology_graph()
    graph.parse(out, format="turtle")
    typed = {str(w) for w, c in graph.subject_objects(RDF.type) if c == RKG.Telecommuter}
    assert DEFAULT_BASE + "home" in typed, "classify -f ttl wrote no category types"
    inferred = _realise(graph)  # raises if the asserted types made the data inconsistent
    for record_id, row in classify_json(records).items():
        types = inferred.get(DEFAULT_BASE + record_id, set())
        assert set(row["is"]) <= types, record_id
        assert not (set(row["is_not"]) | set(row["unknown"])) & types, record_id
