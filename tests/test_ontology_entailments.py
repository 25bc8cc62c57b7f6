"""HermiT on the ontology: consistency and the subsumptions the domain requires."""

from __future__ import annotations

import pytest
from rdflib import BNode, URIRef
from rdflib.namespace import OWL, RDF

from remote_kg.ontology import RKG, ontology_graph
from remote_kg.owl_model import read_model
from remote_kg.reasoners.hermit import _class_node, run_hermit

pytestmark = pytest.mark.slow

Q = "urn:test#"


def _not(graph, cls):
    node = BNode()
    graph.add((node, RDF.type, OWL.Class))
    graph.add((node, OWL.complementOf, cls))
    return node


@pytest.fixture(scope="module")
def reasoned():
    """Classify the ontology plus probe classes; return (supers, unsatisfiable)."""
    graph = ontology_graph()
    probes = {
        "TeleworkerNotTelecommuter": [RKG.Teleworker, ("not", RKG.Telecommuter)],
        "TeleworkerNotRemote": [RKG.Teleworker, ("not", RKG.RemoteWorker)],
        "OutsourcedNotRemote": [RKG.OutsourcedWorker, ("not", RKG.RemoteWorker)],
        "FreelancerNotRemote": [RKG.Freelancer, ("not", RKG.RemoteWorker)],
        "RemoteNotFreelancer": [RKG.RemoteWorker, ("not", RKG.Freelancer)],
        "FlexNotVirtual": [RKG.FlexWorker, ("not", RKG.VirtualWorker)],
        "EmployeeAndOutsourced": [RKG.Employee, RKG.OutsourcedWorker],
        "WfhAndVirtual": [RKG.WorkFromHomeEmployee, RKG.VirtualWorker],
    }
    for name, parts in probes.items():
        items = [_not(graph, p[1]) if isinstance(p, tuple) else p for p in parts]
        graph.add((URIRef(Q + name), RDF.type, OWL.Class))
        graph.add(
            (URIRef(Q + name), OWL.equivalentClass, _class_node(graph, OWL.intersectionOf, items))
        )
    return run_hermit(graph)


@pytest.mark.parametrize(
    "sub,sup",
    [
        ("Telecommuter", "Teleworker"),
        ("Telecommuter", "RemoteWorker"),
        ("VirtualWorker", "FlexWorker"),
        ("VirtualWorker", "RemoteWorker"),
        ("VirtualWorker", "LocationIndependentWorker"),
        ("RemoteStaffMember", "Employee"),
        ("RemoteStaffMember", "RemoteWorker"),
        ("WorkFromHomeEmployee", "Telecommuter"),
        ("Freelancer", "OutsourcedWorker"),
        ("ProviderStaffMember", "OutsourcedWorker"),
    ],
)
def test_ontology_entails_subsumption(reasoned, sub, sup):
    supers, _ = reasoned
    assert str(RKG[sup]) in supers[str(RKG[sub])]


@pytest.mark.parametrize(
    "name",
    [
        "TeleworkerNotTelecommuter",  # not every teleworker is a telecommuter
        "TeleworkerNotRemote",  # the branch-office teleworker
        "OutsourcedNotRemote",  # outsourcing need not involve remote workers
        "FreelancerNotRemote",
        "RemoteNotFreelancer",
        "FlexNotVirtual",  # the ride-hail driver
    ],
)
def test_ontology_allows_counterexample(reasoned, name):
    _, unsatisfiable = reasoned
    assert Q + name not in unsatisfiable


@pytest.mark.parametrize("name", ["EmployeeAndOutsourced", "WfhAndVirtual"])
def test_ontology_entails_disjointness(reasoned, name):
    _, unsatisfiable = reasoned
    assert Q + name in unsatisfiable


def test_ontology_has_no_unsatisfiable_named_class(reasoned):
    _, unsatisfiable = reasoned
    own = {c for c in unsatisfiable if c.startswith(str(RKG))}
    assert own == set()


def test_teleworker_is_not_subsumed_by_telecommuter_or_remote_worker(reasoned):
    supers, _ = reasoned
    assert str(RKG.Telecommuter) not in supers.get(str(RKG.Teleworker), set())
    assert str(RKG.RemoteWorker) not in supers.get(str(RKG.Teleworker), set())


def test_categories_include_the_public_interface():
    names = {c.rsplit("#", 1)[1] for c in read_model(ontology_graph()).categories}
    assert {
        "Teleworker",
        "Telecommuter",
        "RemoteWorker",
        "InPersonWorker",
        "HybridWorker",
        "FlexWorker",
        "LocationIndependentWorker",
        "VirtualWorker",
        "Employee",
        "Freelancer",
        "Contractor",
        "Subcontractor",
        "OutsourcedWorker",
        "RemoteStaffMember",
        "WorkFromHomeEmployee",
    } <= names
