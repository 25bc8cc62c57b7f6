"""The release artefacts (RDF/XML, N-Triples, JSON-LD) and `remote-kg release --check`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import owlready2
import pytest
from click.testing import CliRunner
from rdflib import OWL, RDF, Graph, URIRef
from rdflib.compare import isomorphic

from remote_kg.cli import cli
from remote_kg.errors import InputError
from remote_kg.model.ontology import ONTOLOGY_PATH, RKG
from remote_kg.model.release import OutOfDateError, load_source

SOURCE = ONTOLOGY_PATH.resolve()
RELEASE_DIR = SOURCE.parent / "release"
NAMES = ("remote-kg.owl", "remote-kg.nt", "remote-kg.jsonld")


def run(*args: str):
    return CliRunner().invoke(cli, ["release", *args])


@pytest.fixture()
def copied(tmp_path: Path) -> Path:
    """A copy of the Turtle source with its release directory beside it."""
    shutil.copy(SOURCE, tmp_path / SOURCE.name)
    shutil.copytree(RELEASE_DIR, tmp_path / "release")
    return tmp_path / SOURCE.name


def test_check_passes_on_the_repository() -> None:
    result = run("--check")
    assert result.exit_code == 0, f"{result.output}{result.exception}"


def test_check_fails_naming_each_file_after_the_turtle_is_edited(copied: Path) -> None:
    assert run("--check", "--source", str(copied)).exit_code == 0
    text = copied.read_text(encoding="utf-8")
    edited = text.replace('rdfs:label "telecommuter"@en', 'rdfs:label "tele-commuter"@en')
    assert edited != text
    copied.write_text(edited, encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "remote_kg.cli", "release", "--check", "--source", str(copied)],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 1
    for name in NAMES:
        assert str(copied.parent / "release" / name) in result.stderr


def test_check_names_only_the_files_that_are_out_of_date(copied: Path) -> None:
    (copied.parent / "release" / "remote-kg.jsonld").unlink()
    nt = copied.parent / "release" / "remote-kg.nt"
    nt.write_text("".join(reversed(nt.read_text().splitlines(keepends=True))))

    result = run("--check", "--source", str(copied))

    assert isinstance(result.exception, OutOfDateError)
    assert result.exit_code == 1
    problems = "\n".join(result.exception.problems)
    assert "remote-kg.jsonld" in problems
    assert "remote-kg.nt" in problems  # N-Triples are compared byte for byte
    assert "remote-kg.owl" not in problems


def test_check_accepts_rdfxml_and_jsonld_that_differ_only_in_spelling(copied: Path) -> None:
    source = load_source(copied)  # the modules merged in, as the release holds them
    release = copied.parent / "release"
    source.serialize(release / "remote-kg.owl", format="xml")  # other node ids and order
    source.serialize(release / "remote-kg.jsonld", format="json-ld")

    assert (release / "remote-kg.owl").read_bytes() != (RELEASE_DIR / "remote-kg.owl").read_bytes()
    result = run("--check", "--source", str(copied))

    assert result.exit_code == 0, result.stderr


def test_the_release_is_one_ontology_with_the_modules_merged() -> None:
    release = Graph().parse(RELEASE_DIR / "remote-kg.nt", format="nt")
    assert len(list(release.subjects(RDF.type, OWL.Ontology))) == 1
    assert not list(release.objects(None, OWL.imports))
    assert (RKG.EUTeleworker, RDF.type, OWL.Class) in release


def test_release_writes_all_three_files_and_reports_unchanged_ones(tmp_path: Path) -> None:
    first = run("-o", str(tmp_path))
    second = run("-o", str(tmp_path))

    assert first.exit_code == 0 and second.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(NAMES)
    assert first.output.count("wrote:") == 3
    assert second.output.count("unchanged:") == 3


def test_every_artefact_holds_the_same_graph_as_the_turtle() -> None:
    source = load_source(SOURCE)
    for name, fmt in zip(NAMES, ("xml", "nt", "json-ld"), strict=True):
        artefact = Graph().parse(RELEASE_DIR / name, format=fmt)
        assert isomorphic(artefact, source), name


def test_ntriples_lines_are_sorted() -> None:
    lines = (RELEASE_DIR / "remote-kg.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(load_source(SOURCE))


def test_rdfxml_loads_in_owlready2_with_every_class() -> None:
    source = load_source(SOURCE)
    expected = {str(c) for c in source.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    world = owlready2.World()
    onto = world.get_ontology((RELEASE_DIR / "remote-kg.owl").as_uri()).load()

    loaded = {cls.iri for cls in world.classes()}

    assert onto.base_iri.startswith("https://w3id.org/remote-kg/ontology")
    assert expected <= loaded


def test_generated_bytes_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        code = "from remote_kg.commands.release import release_command; release_command()"
        subprocess.run([sys.executable, "-c", code, "-o", str(out)], env=env, check=True)
        outputs.append({name: (out / name).read_bytes() for name in NAMES})
    assert outputs[0] == outputs[1]


def test_missing_source_is_reported_as_an_input_error(tmp_path: Path) -> None:
    result = run("--check", "--source", str(tmp_path / "nope.ttl"))
    assert isinstance(result.exception, InputError)
    assert "nope.ttl" in str(result.exception)


def test_malformed_turtle_is_reported_as_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix rkg: <https://w3id.org/remote-kg/ontology#> .\nrkg:A rkg:b .\n")
    result = run("--source", str(bad), "-o", str(tmp_path / "out"))
    assert isinstance(result.exception, InputError)
    assert "bad.ttl" in str(result.exception)
