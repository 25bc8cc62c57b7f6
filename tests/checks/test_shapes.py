"""The SHACL shapes: well-formed, named, right about the ontology and the examples, and
compiled to SPARQL with the same results as pySHACL."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl.entrypoints import meta_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, SKOS

from remote_kg.checks.shacl.compiler import ShapeCompileError, compile_shapes
from remote_kg.checks.shacl.fast import run_checks
from remote_kg.checks.shacl.inputs import graph_to_rdflib
from remote_kg.checks.shacl.reference import run_pyshacl
from remote_kg.checks.shacl.run import SHAPES_FILES, validate_paths
from remote_kg.model.ontology import EXAMPLES_PATH, ONTOLOGY_PATH

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
TEST_FILES = sorted((DATA / "valid").glob("*.ttl")) + sorted((DATA / "invalid").glob("*.ttl"))
SHAPES_NS = "https://w3id.org/remote-kg/shapes#"
RKG = "https://w3id.org/remote-kg/ontology#"
PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def _load_bench():
    spec = importlib.util.spec_from_file_location(
        "validate_bench", REPO / "benchmarks" / "validate_bench.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def keys(runs) -> set[tuple[str, ...]]:
    return {result.key() for run in runs for result in run.results}


def both_engines(shapes_ttl: str, data_ttl: str) -> tuple[set, set]:
    """Results of the fast engine and of pySHACL for small shapes and data graphs.

    Messages are left out: shapes without sh:message get each engine's own wording.
    """
    shapes = Graph().parse(data=PREFIXES + shapes_ttl, format="turtle")
    store = ox.Store()
    graph = ox.NamedNode("urn:test:data")
    store.load(input=PREFIXES + data_ttl, format=ox.RdfFormat.TURTLE, to_graph=graph)
    fast = run_checks(store, compile_shapes(shapes), [graph])
    reference = run_pyshacl(graph_to_rdflib(store, [graph]), shapes, None)
    return {r.key()[:-1] for r in fast}, {r.key()[:-1] for r in reference}


# -- the shapes files -------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(SHAPES_FILES))
def test_shapes_file_conforms_to_the_shacl_meta_shapes(kind):
    conforms, _, text = meta_validate(Graph().parse(SHAPES_FILES[kind]))
    assert conforms, text


def test_meta_shapes_reject_a_malformed_shape():
    broken = Graph().parse(
        data=PREFIXES + "ex:S a sh:NodeShape ; sh:minCount ex:notANumber .", format="turtle"
    )
    assert not meta_validate(broken)[0]


@pytest.mark.parametrize("kind", sorted(SHAPES_FILES))
def test_every_shape_is_named_and_has_name_message_and_severity(kind):
    shapes = Graph().parse(SHAPES_FILES[kind])
    declared = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(
        shapes.subjects(RDF.type, SH.PropertyShape)
    )
    used = set(shapes.objects(None, SH.property)) | set(shapes.subjects(SH.path, None))
    assert used <= declared, "every property shape is declared"
    assert len(declared) >= 9
    for shape in declared:
        assert isinstance(shape, URIRef) and shape.startswith(SHAPES_NS), shape
        for predicate in (SH.name, SH.message, SH.severity):
            assert shapes.value(shape, predicate) is not None, (shape, predicate)


def test_every_data_property_shape_belongs_to_a_targeted_node_shape():
    shapes = Graph().parse(SHAPES_FILES["data"])
    for shape in shapes.subjects(RDF.type, SH.PropertyShape):
        parents = list(shapes.subjects(SH.property, shape))
        assert parents, f"{shape} is checked by no node shape"
        assert all(shapes.value(p, SH.targetClass) is not None for p in parents)


# -- the ontology and the examples conform ------------------------------------------------


def test_ontology_conforms_to_the_ontology_and_data_shapes():
    runs = validate_paths([ONTOLOGY_PATH], shapes="auto")
    assert [run.shapes for run in runs] == ["data", "ontology"]
    assert all(run.results == [] for run in runs), [r.results[:3] for r in runs]


def test_examples_conform_to_the_data_shapes():
    runs = validate_paths([EXAMPLES_PATH], shapes="data")
    assert runs[0].results == [], runs[0].results[:5]


def test_examples_use_the_shapes_targets():
    """The examples are a real test of the data shapes: they hold workers and workplaces."""
    examples = Graph().parse(EXAMPLES_PATH)
    assert len(set(examples.subjects(RDF.type, URIRef(RKG + "Worker")))) >= 5
    assert len(set(examples.subjects(URIRef(RKG + "worksAt"), None))) >= 5


ISSUE_22_FACTS = ("couldBeDoneAtPremises", "isAutonomous", "isEconomicallyIndependent",
                  "atRemoteOffice")


def test_data_shapes_accept_the_issue_22_facts_from_an_import_and_refuse_bad_values(tmp_path):
    """A record with the optional facts added for issue 22 (imported from the CSV) conforms;
    a non-boolean or a second value of one is a violation naming it, in both engines."""
    from tests.conftest import REPO, run_cli

    imported = tmp_path / "a.ttl"
    assert run_cli("import", REPO / "examples" / "authorities.csv", "-o", imported).returncode == 0
    text = imported.read_text(encoding="utf-8")
    assert all(f"rkg:{name}" in text or f"#{name}>" in text for name in ISSUE_22_FACTS)
    runs = validate_paths([imported], shapes="data")
    assert runs[0].results == [], runs[0].results[:5]
    shapes = Path(SHAPES_FILES["data"]).read_text(encoding="utf-8")
    bad = "".join(f'<urn:w{i}> a <{RKG}Worker> ; <{RKG}recordId> "w{i}" ; '
                  f'<{RKG}{name}> "yes" , true .\n' for i, name in enumerate(ISSUE_22_FACTS))
    fast, reference = both_engines(shapes, bad)
    assert fast == reference
    for i, name in enumerate(ISSUE_22_FACTS):
        hits = [k for k in fast if k[0] == f"<urn:w{i}>" and name in k[1]]
        assert len(hits) == 2, (name, fast)  # the datatype and the single-value rule


@pytest.mark.slow
def test_ontology_and_examples_conform_with_pyshacl():
    ontology = validate_paths([ONTOLOGY_PATH], shapes="ontology", engine="pyshacl")
    examples = validate_paths([EXAMPLES_PATH], shapes="data", engine="pyshacl")
    assert ontology[0].results == [] and examples[0].results == []


def _mutated_ontology(tmp_path: Path, edit) -> Path:
    graph = Graph().parse(ONTOLOGY_PATH)
    edit(graph)
    path = tmp_path / "mutated.ttl"
    graph.serialize(path, format="turtle")
    return path


def test_ontology_shapes_name_the_term_that_lost_its_definition(tmp_path):
    teleworker = URIRef(RKG + "Teleworker")
    path = _mutated_ontology(tmp_path, lambda g: g.remove((teleworker, SKOS.definition, None)))
    results = validate_paths([path], shapes="ontology")[0].results
    assert [(r.focus, r.shape) for r in results] == [
        (teleworker, URIRef(SHAPES_NS + "TermDefinitionShape"))
    ]


def test_ontology_shapes_check_properties_and_annotation_properties(tmp_path):
    works_at, undecided = URIRef(RKG + "worksAt"), URIRef(RKG + "undecided")

    def edit(graph: Graph) -> None:
        graph.set(
            (
                works_at,
                URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
                Literal("works in", lang="en"),
            )
        )
        graph.remove((undecided, URIRef("http://purl.org/dc/terms/source"), None))

    results = validate_paths([_mutated_ontology(tmp_path, edit)], shapes="ontology")[0].results
    assert {(r.focus, r.shape.split("#")[1]) for r in results} == {
        (works_at, "LabelMatchesNameShape"),
        (undecided, "TermSourceShape"),
    }


# -- the compiler ---------------------------------------------------------------------------

TARGETED = "ex:S a sh:NodeShape ; sh:targetClass ex:C ; "
UNSUPPORTED = {
    "sh:or": TARGETED + "sh:or ( [ sh:class ex:A ] [ sh:class ex:B ] ) .",
    "sh:node": TARGETED + "sh:node ex:T . ex:T a sh:NodeShape ; sh:class ex:A .",
    "sh:qualifiedValueShape": TARGETED
    + "sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:A ] ; "
    "sh:qualifiedMinCount 1 ] .",
    "sh:closed": TARGETED + "sh:closed true .",
    "sh:languageIn": TARGETED + 'sh:property [ sh:path ex:p ; sh:languageIn ( "en" ) ] .',
    "nested property shape": TARGETED
    + "sh:property [ sh:path ex:p ; sh:property [ sh:path ex:q ; sh:minCount 1 ] ] .",
    "node shapes only": TARGETED
    + 'sh:property [ sh:path ex:p ; sh:sparql [ sh:select "SELECT $this WHERE { }" ] ] .',
    "$PATH": TARGETED + 'sh:sparql [ sh:select "SELECT $this WHERE { $this $PATH ?v }" ] .',
    "must project $this": TARGETED
    + 'sh:sparql [ sh:select "SELECT ?v WHERE { $this ex:p ?v }" ] .',
    "xsd:gYear": TARGETED + "sh:property [ sh:path ex:p ; sh:datatype xsd:gYear ] .",
    "sh:ConstraintComponent": "ex:CC a sh:ConstraintComponent ; sh:parameter [ sh:path ex:q ] .",
    "blank node": TARGETED + "sh:property [ sh:path ex:p ; sh:in ( [] ) ] .",
}


@pytest.mark.parametrize("feature", sorted(UNSUPPORTED))
def test_compiler_refuses_what_it_does_not_support(feature):
    shapes = Graph().parse(data=PREFIXES + UNSUPPORTED[feature], format="turtle")
    with pytest.raises(ShapeCompileError) as error:
        compile_shapes(shapes)
    assert feature in str(error.value)


def test_compiler_names_the_shape_it_refuses():
    shapes = Graph().parse(data=PREFIXES + UNSUPPORTED["sh:closed"], format="turtle")
    with pytest.raises(ShapeCompileError, match=r"ex:S: sh:closed is not supported"):
        compile_shapes(shapes)


DATA_FOR_CORE = """
ex:Sub rdfs:subClassOf ex:C .
ex:a a ex:C ; ex:p ex:x , "text" , "12"^^xsd:integer ; ex:q true , "yes"^^xsd:boolean , "no" ;
    ex:r "abc" , "abcdef" , "ABC"@en , ex:Abc .
ex:b a ex:Sub ; ex:p ex:y ; ex:q false .
ex:c a ex:C .
ex:x a ex:A ; ex:next ex:y . ex:y a ex:B ; ex:next ex:z . ex:z a ex:A .
ex:d ex:p ex:a .
"""
CORE_SHAPES = {
    "class": "sh:property [ sh:path ex:p ; sh:class ex:A ]",
    "datatype boolean": "sh:property [ sh:path ex:q ; sh:datatype xsd:boolean ]",
    "datatype string": "sh:property [ sh:path ex:p ; sh:datatype xsd:string ]",
    "datatype integer": "sh:property [ sh:path ex:p ; sh:datatype xsd:integer ]",
    "nodeKind": "sh:property [ sh:path ex:p ; sh:nodeKind sh:IRI ]",
    "in": "sh:property [ sh:path ex:q ; sh:in ( true false ) ]",
    "hasValue on a property": "sh:property [ sh:path ex:q ; sh:hasValue false ]",
    "hasValue on the node": "sh:hasValue ex:a",
    "class on the node": "sh:class ex:Sub",
    "minCount": "sh:property [ sh:path ex:q ; sh:minCount 2 ]",
    "maxCount": "sh:property [ sh:path ex:p ; sh:maxCount 1 ]",
    "pattern with flags": 'sh:property [ sh:path ex:r ; sh:pattern "^abc" ; sh:flags "i" ]',
    "minLength": "sh:property [ sh:path ex:r ; sh:minLength 4 ]",
    "maxLength": "sh:property [ sh:path ex:r ; sh:maxLength 3 ]",
    "inverse path": "sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ]",
    "sequence path": "sh:property [ sh:path ( ex:p ex:next ) ; sh:class ex:B ]",
    "alternative path": "sh:property [ "
    "sh:path [ sh:alternativePath ( ex:p ex:q ) ] ; sh:maxCount 3 ]",
    "zero-or-more path": "sh:property [ sh:path [ sh:zeroOrMorePath ex:next ] ; sh:class ex:A ]",
    "one-or-more path, maxCount": "sh:property [ "
    "sh:path ( ex:p [ sh:oneOrMorePath ex:next ] ) ; sh:maxCount 1 ]",
    "sparql": 'sh:sparql [ sh:select "SELECT $this ?value WHERE { '
    '$this <http://example.org/p> ?value . FILTER (isLiteral(?value)) }" ]',
}
TARGETS = {
    "class": "sh:targetClass ex:C",
    "node": "sh:targetNode ex:a , ex:c",
    "subjects of": "sh:targetSubjectsOf ex:q",
    "objects of": "sh:targetObjectsOf ex:p",
}


@pytest.mark.parametrize("constraint", sorted(CORE_SHAPES))
@pytest.mark.parametrize("target", sorted(TARGETS))
def test_compiled_constraint_gives_the_results_of_pyshacl(constraint, target):
    shapes = (
        f'ex:S a sh:NodeShape ; sh:message "m" ; {TARGETS[target]} ; {CORE_SHAPES[constraint]} .'
    )
    fast, reference = both_engines(shapes, DATA_FOR_CORE)
    assert fast == reference


def test_core_constraints_find_violations_in_the_fixture():
    """The parity test above is not vacuous: with class targets, most constraints fail somewhere."""
    failing = [
        c
        for c, body in CORE_SHAPES.items()
        if both_engines(f"ex:S a sh:NodeShape ; sh:targetClass ex:C ; {body} .", DATA_FOR_CORE)[0]
    ]
    assert len(failing) >= len(CORE_SHAPES) - 3, failing


def test_deactivated_shapes_and_implicit_class_targets_match_pyshacl():
    shapes = """
    ex:C a rdfs:Class , sh:NodeShape ; sh:property [ sh:path ex:q ; sh:maxCount 1 ] .
    ex:Off a sh:NodeShape ; sh:targetClass ex:C ; sh:deactivated true ;
        sh:property [ sh:path ex:p ; sh:maxCount 1 ] .
    """
    fast, reference = both_engines(shapes, DATA_FOR_CORE)
    assert fast == reference and len(fast) == 1


# -- the two engines agree on the project's shapes ---------------------------------------


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_engines_agree_on_test_file(path):
    fast = validate_paths([path], engine="fast")
    reference = validate_paths([path], engine="pyshacl")
    assert keys(fast) == keys(reference)
    assert (path.parent.name == "invalid") == bool(keys(fast))


def test_each_injected_fault_is_reported_by_its_shape_and_clean_records_pass(tmp_path):
    bench = _load_bench()
    text, faults = bench.generate(1500, fault_rate=0.01, seed=3)
    assert set(bench.FAULTS) <= {f for names in faults.values() for f in names}
    path = tmp_path / "records.ttl"
    path.write_text(text, encoding="utf-8")
    results = validate_paths([path], shapes="data")[0].results
    found = {(str(r.focus), r.shape.split("#")[1]) for r in results}
    for focus, names in faults.items():
        for name in names:
            assert (focus, bench.FAULTS[name]) in found, (focus, name)
    assert {str(r.focus) for r in results} <= set(faults), "no result on a clean record"


@pytest.mark.slow
def test_engines_agree_on_a_generated_sample_with_faults(tmp_path):
    bench = _load_bench()
    text, faults = bench.generate(200, fault_rate=0.05, seed=11)
    path = tmp_path / "sample.ttl"
    path.write_text(text, encoding="utf-8")
    fast = validate_paths([path], shapes="data", engine="fast")
    reference = validate_paths([path], shapes="data", engine="pyshacl")
    assert keys(fast) == keys(reference)
    assert len(keys(fast)) >= len(faults)
