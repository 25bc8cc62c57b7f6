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
        "property-without-domain-or-range": "WARN",
    }
    for check in ALL:
        assert check.problem.endswith(".") and check.solution.endswith("."), check.name


@pytest.mark.parametrize("check", ALL, ids=[c.name for c in ALL])
def test_each_check_is_triggered_by_its_fixture(check):
    fixture = FIXTURES / f"{check.name}.ttl"
    found = [f for f in run_checks([fixture]) if f.check == check.name]
    assert found, f"{fixture} does not trigger {check.name}"
    assert all(f.term.startswith("https://w3id.org/remote-kg/ontology#") for f in found)


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
