"""The ontology's quality gates: every check is a documented SPARQL query that its fixture
triggers, the bundled ontology passes them all, and it is in OWL 2 DL."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from remote_kg.checks.quality.profile import dl_violations
from remote_kg.checks.quality.report import CHECKS_DIR, checks, run_checks
from remote_kg.cli import main
from remote_kg.model.ontology import EXAMPLES_PATH, ONTOLOGY_PATH

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "quality"
ALL = checks()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def test_the_report_has_the_checks_a_modeller_expects_with_levels():
    names = {c.name: c.level for c in ALL}
    assert names == {
        "duplicate-label": "ERROR", "missing-label": "ERROR", "missing-definition": "ERROR",
        "missing-source": "ERROR", "shared-synonym": "ERROR",
        "definition-without-period": "WARN", "unconnected-class": "WARN",
        "property-without-domain-or-range": "WARN", "incomplete-ontology-header": "ERROR",
    }
    for check in ALL:
        assert check.problem.endswith(".") and check.solution.endswith("."), check.name


@pytest.mark.parametrize("check", ALL, ids=[c.name for c in ALL])
def test_each_check_is_triggered_by_its_fixture(check):
    fixture = FIXTURES / f"{check.name}.ttl"
    found = [f for f in run_checks([fixture]) if f.check == check.name]
    assert found, f"{fixture} does not trigger {check.name}"
    # a term of the ontology, or (for the header check) the ontology or module itself
    assert all(f.term.startswith("https://w3id.org/remote-kg/ontology") for f in found)


@pytest.mark.parametrize("check", ALL, ids=[c.name for c in ALL])
def test_the_bundled_ontology_passes_each_check(check):
    assert [f for f in run_checks([ONTOLOGY_PATH], [check])] == []


def test_every_fixture_belongs_to_a_check():
    stems = {c.name for c in ALL} | {"not-owl2-dl"}
    assert {p.stem for p in FIXTURES.glob("*.ttl")} == stems
    assert CHECKS_DIR.is_dir()


def test_the_ontology_is_in_owl2_dl():
    assert dl_violations(ONTOLOGY_PATH) == []


def test_the_ontology_with_its_examples_and_imported_records_is_in_owl2_dl(tmp_path, capsys):
    """What a Protégé user opens: the ontology, the seed examples and `import` output."""
    records = tmp_path / "records.ttl"
    workers = Path(__file__).resolve().parents[2] / "examples" / "workers.csv"
    assert run(capsys, "import", str(workers), "-o", str(records))[0] == 0
    merged = Graph()
    for path in (ONTOLOGY_PATH, EXAMPLES_PATH, records):
        merged.parse(path)
    whole = tmp_path / "whole.ttl"
    merged.serialize(whole, format="turtle")
    assert dl_violations(whole) == []


def test_a_profile_violation_is_reported():
    violations = dl_violations(FIXTURES / "not-owl2-dl.ttl")
    assert violations and all("pun" in v for v in violations)


def test_report_command_exits_1_on_an_error_and_0_on_the_ontology(capsys):
    code, out, err = run(capsys, "report")
    assert code == 0, out + err
    assert "0 error(s)" in out and "OWL 2 DL profile: 0 violation(s)" in out
    code, out, err = run(capsys, "report", str(FIXTURES / "duplicate-label.ttl"))
    assert code == 1
    assert "ERROR duplicate-label: 2" in out and "solution:" in out
    code, out, err = run(capsys, "report", "--no-profile", "-f", "tsv",
                         str(FIXTURES / "unconnected-class.ttl"))
    assert code == 0  # a warning is listed, not failed
    assert out.splitlines()[1].startswith("WARN\tunconnected-class\t")


def test_report_names_a_missing_file(capsys, tmp_path):
    code, out, err = run(capsys, "report", "--no-profile", str(tmp_path / "nope.ttl"))
    assert code == 2 and out == "" and "nope.ttl: no such file" in err


ONTOLOGY_DIR = ONTOLOGY_PATH.parent
MODULES = sorted(p for p in ONTOLOGY_DIR.glob("*/*.ttl") if p.parent.name != "shapes")
CATALOG = ONTOLOGY_DIR / "catalog-v001.xml"


def _headers(path: Path) -> dict[str, dict[str, list[str]]]:
    """Each owl:Ontology the file itself declares, with its header's values by property."""
    from rdflib.namespace import OWL, RDF

    graph = Graph().parse(path, format="turtle")
    return {str(o): {str(p): [str(v) for v in graph.objects(o, p)]
                     for p in set(graph.predicates(o))}
            for o in graph.subjects(RDF.type, OWL.Ontology)}


def test_every_module_is_found():
    assert {p.relative_to(ONTOLOGY_DIR).parts[0] for p in MODULES} >= {"perspectives", "jobs"}
    assert len(MODULES) >= 8


@pytest.mark.parametrize("module", MODULES, ids=[p.stem for p in MODULES])
def test_each_module_alone_passes_the_report(module, capsys):
    """`remote-kg report MODULE` is 0 errors, 0 warnings and 0 OWL 2 DL violations: the
    header is complete and the module imports the ontology whose terms it uses."""
    code, out, err = run(capsys, "report", str(module))
    assert code == 0, out + err
    assert "0 error(s), 0 warning(s)" in out and "OWL 2 DL profile: 0 violation(s)" in out


@pytest.mark.parametrize("path", [ONTOLOGY_PATH, *MODULES],
                         ids=["main", *[p.stem for p in MODULES]])
def test_each_header_has_the_main_licence_and_a_version_iri_of_its_version(path):
    dc, owl = "http://purl.org/dc/terms/", "http://www.w3.org/2002/07/owl#"
    (main,) = _headers(ONTOLOGY_PATH).values()
    (iri, header), = _headers(path).items()
    assert header[dc + "license"] == main[dc + "license"]
    assert header[owl + "versionInfo"] == main[owl + "versionInfo"]
    assert header[owl + "versionIRI"] == [f"{iri}/{main[owl + 'versionInfo'][0]}"]
    assert header[dc + "title"] and header[dc + "description"]


def _catalog() -> dict[str, Path]:
    import xml.etree.ElementTree as ET

    ns = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"
    root = ET.parse(CATALOG).getroot()
    return {e.get("name"): CATALOG.parent / e.get("uri") for e in root.iter(f"{ns}uri")}


def test_the_catalog_maps_every_import_and_version_iri_to_an_existing_file():
    """Protégé and ROBOT open the source offline: every owl:imports IRI and every version
    IRI of every module has a catalog entry naming a file that declares that ontology."""
    from remote_kg.model.ontology import module_path

    catalog = _catalog()
    owl = "http://www.w3.org/2002/07/owl#"
    for path in [ONTOLOGY_PATH, *MODULES]:
        for iri, header in _headers(path).items():
            for name in [iri, *header.get(owl + "versionIRI", [])]:
                assert name in catalog and catalog[name].resolve() == path.resolve(), name
            for imported in header.get(owl + "imports", []):
                target = catalog.get(imported)
                assert target is not None and target.is_file(), f"{path}: {imported}"
                assert imported in _headers(target)
                # one reading: remote-kg resolves the import to the same file
                assert module_path(path, imported).resolve() == target.resolve()


@pytest.mark.parametrize("module", MODULES[:1] + MODULES[-1:], ids=["first", "last"])
def test_the_import_cycle_between_modules_and_the_ontology_loads_each_file_once(module):
    """Modules import the main ontology, which imports them: every loader (merge, report
    store, validation) reads each file once, so a module alone gives the very same merged
    ontology as the main file, not one with duplicated blank-node axioms."""
    import pyoxigraph as ox
    from rdflib.compare import isomorphic
    from rdflib.namespace import OWL, RDF

    from remote_kg.checks.quality.report import _store
    from remote_kg.checks.shacl.inputs import _load_modules, _load_rdf
    from remote_kg.model.ontology import ontology_graph

    whole, alone = ontology_graph(ONTOLOGY_PATH), ontology_graph(module)
    for graph in (whole, alone):  # the one remaining header differs
        for header in list(graph.subjects(RDF.type, OWL.Ontology)):
            graph.remove((header, None, None))
    assert isomorphic(whole, alone)
    disjoint = ox.NamedNode(str(OWL.AllDisjointClasses))
    rdf_type = ox.NamedNode(str(RDF.type))
    expected = len(list(whole.subjects(RDF.type, OWL.AllDisjointClasses)))
    assert len(list(_store([module]).quads_for_pattern(None, rdf_type, disjoint))) == expected
    store, graph = ox.Store(), ox.NamedNode("urn:test:validate")
    _load_rdf(store, module, graph)
    assert _load_modules(store, module, graph) == []
    assert len(list(store.quads_for_pattern(None, rdf_type, disjoint, graph))) == expected
