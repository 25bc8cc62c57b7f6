"""One performer is one person or one organisation (rkg:Person and rkg:Organisation are
disjoint) across the inputs of one command and between a load and its store; a reload
that leaves a performer named by no record removes it with the record's other facts."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from remote_kg.kg.store_open import open_store
from remote_kg.model.ontology import DEFAULT_BASE, RKG
from tests.pipeline.test_csv_output import run_in_process as run

HEAD = "id,relation,workplaces,performer,performer_kind\n"
ANN = DEFAULT_BASE + "performer/ann"
KINDS = f"SELECT ?k WHERE {{ <{ANN}> a ?k FILTER(?k IN (<{RKG.Person}>, <{RKG.Organisation}>)) }}"
TAIL = "; a performer is one person or one organisation"


def write(tmp_path: Path, name: str, rows: str) -> Path:
    path = tmp_path / name
    path.write_text(HEAD + rows, encoding="utf-8")
    return path


def load(*args: object) -> None:
    code, _, err = run("load", *args, "-q", "--no-optimize")
    assert code == 0, err


def kinds_of(store_dir: Path, iri: str = ANN) -> set[str]:
    store = open_store(store_dir)
    return {q.object.value for q in store.quads_for_pattern(ox.NamedNode(iri), None, None)
            if q.object.value in (str(RKG.Person), str(RKG.Organisation))}


def triples_about(store_dir: Path, iri: str) -> int:
    return len(list(open_store(store_dir).quads_for_pattern(ox.NamedNode(iri), None, None)))


@pytest.fixture(params=["removed triple by triple", "new store from the kept triples"])
def replacing(request, monkeypatch):
    """Both ways a load replaces records (`kg.store.REBUILD_SHARE`)."""
    from remote_kg.kg import store as store_module

    rebuild = request.param.startswith("new store")
    monkeypatch.setattr(store_module, "REBUILD_SHARE", 0.0 if rebuild else float("inf"))


def test_a_load_giving_a_stored_performer_the_other_kind_is_refused_and_writes_nothing(
        tmp_path):
    store = tmp_path / "kg"
    load(write(tmp_path, "p1.csv", "a1,freelancer,home,ann,person\n"), "--store", store)
    before = set(open_store(store))
    p3 = write(tmp_path, "p3.csv", "b0,employee,home,,\nb1,freelancer,home,ann,organisation\n")
    code, out, err = run("load", p3, "--store", store)
    assert (code, out) == (2, "")
    assert err.strip() == (
        f"error: {p3}: line 3: column 'performer_kind': value 'organisation' contradicts "
        f"the store {store} (record 'a1'), where performer 'ann' is a person" + TAIL)
    assert set(open_store(store)) == before


def test_every_command_refuses_a_performer_two_inputs_give_two_kinds(tmp_path):
    p1 = write(tmp_path, "p1.csv", "a1,freelancer,home,ann,person\n")
    p3 = write(tmp_path, "p3.csv", "b1,freelancer,home,ann,organisation\n")
    query = tmp_path / "q.rq"
    query.write_text(KINDS, encoding="utf-8")
    expected = (f"error: {p3}: line 2: column 'performer_kind': value 'organisation' "
                f"contradicts {p1}: line 2, where performer 'ann' is a person" + TAIL)
    for args in (("classify", p1, p3), ("import", p1, p3),
                 ("query", query, "--data", p1, "--data", p3),
                 ("load", p1, p3, "--store", tmp_path / "kg")):
        code, out, err = run(*args)
        assert (code, out, err.strip()) == (2, "", expected), args
    assert not (tmp_path / "kg").exists()


def test_an_rdf_input_and_a_csv_giving_one_performer_two_kinds_are_refused(tmp_path):
    p1 = write(tmp_path, "p1.csv", "a1,freelancer,home,ann,person\n")
    rdf = tmp_path / "org.ttl"
    rdf.write_text(
        "@prefix rkg: <https://w3id.org/remote-kg/ontology#> .\n"
        f"@prefix data: <{DEFAULT_BASE}> .\n"
        'data:w1 a rkg:Worker ; rkg:recordId "w1" ; rkg:performedBy data:performer\\/ann .\n'
        "data:performer\\/ann a rkg:ServiceProvider .\n", encoding="utf-8")
    code, out, err = run("classify", p1, rdf)
    assert (code, out) == (2, "")
    assert err.strip() == (
        f"error: {rdf}: node <{DEFAULT_BASE}w1>: column 'performer_kind': value "
        f"'organisation' contradicts {p1}: line 2, where performer 'ann' is a person" + TAIL)


def test_reloading_records_without_their_performers_removes_the_performers_none_names(
        tmp_path, replacing):
    store = tmp_path / "kg"
    load(write(tmp_path, "p.csv", "a1,freelancer,home,ann,person\n"
               "a2,freelancer,home,,organisation\nz1,freelancer,home,zoe,person\n"),
         "--store", store)
    assert kinds_of(store) == {str(RKG.Person)}
    unnamed = DEFAULT_BASE + "a2/performer"
    assert triples_about(store, unnamed) > 0
    load(write(tmp_path, "blank.csv", "a1,freelancer,home,,\na2,freelancer,home,,\n"),
         "--store", store)
    assert triples_about(store, ANN) == 0
    assert triples_about(store, unnamed) == 0
    assert kinds_of(store, DEFAULT_BASE + "performer/zoe") == {str(RKG.Person)}


def test_reloading_the_only_record_of_a_performer_with_the_other_kind_corrects_it(
        tmp_path, replacing):
    store = tmp_path / "kg"
    load(write(tmp_path, "p1.csv", "a1,freelancer,home,ann,person\n"), "--store", store)
    load(write(tmp_path, "fixed.csv", "a1,freelancer,home,ann,organisation\n"),
         "--store", store)
    assert kinds_of(store) == {str(RKG.Organisation)}


def test_a_performer_a_kept_record_names_keeps_its_kind_against_a_reload(tmp_path):
    store = tmp_path / "kg"
    load(write(tmp_path, "p1.csv", "a1,freelancer,home,ann,person\n"
               "a2,freelancer,home,ann,person\n"), "--store", store)
    fixed = write(tmp_path, "fixed.csv", "a1,freelancer,home,ann,organisation\n")
    code, _, err = run("load", fixed, "--store", store)
    assert code == 2
    assert f"contradicts the store {store} (record 'a2'), where performer 'ann'" in err
    assert kinds_of(store) == {str(RKG.Person)}
