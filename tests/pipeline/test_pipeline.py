"""One pipeline: readers chosen by input format, writers by output format.

A new format is a registered reader or writer, and every route (streamed or not) writes
the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from conftest import REPO

from remote_kg import plugins
from remote_kg.api import classify_with, read_records
from remote_kg.cli import cli
from remote_kg.model.records import Record
from remote_kg.pipeline import writers
from remote_kg.pipeline.classify import classify_file, engine_for, stream_csv
from remote_kg.pipeline.readers import Reader, reader_for, register_reader
from remote_kg.pipeline.writers import Classified, write
from remote_kg.rdf.records import record_iri
from remote_kg.reasoners.choice import get_reasoner

WORKERS = REPO / "examples" / "workers.csv"


@pytest.mark.parametrize(("name", "reader"), [
    ("workers.csv", "csv"), ("workers.tsv", "csv"), ("workers.parquet", "parquet"),
    ("data.ttl", "rdf"), ("data.nt", "rdf"), ("page.html", "postings"),
])
def test_each_input_format_has_its_reader(tmp_path: Path, name: str, reader: str):
    assert reader_for(tmp_path / name).name == reader


def test_json_ld_is_postings_only_when_it_holds_a_job_posting():
    assert reader_for(REPO / "examples" / "postings.jsonld").holds == "postings"
    assert reader_for(REPO / "ontology" / "release" / "remote-kg.jsonld").name == "rdf"


def test_every_output_format_of_classify_has_a_writer():
    command = cli.get_command(click.Context(cli), "classify")
    option = next(p for p in command.params if p.name == "fmt")
    assert isinstance(option.type, click.Choice)
    assert set(option.type.choices) == set(writers.WRITERS)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_streamed_and_the_whole_file_routes_write_the_same_bytes(tmp_path: Path, fmt):
    engine = get_reasoner("fast")
    streamed, whole = tmp_path / "streamed", tmp_path / "whole"
    stream_csv(WORKERS, fmt, str(streamed), engine, engine.categories, True,
               "https://w3id.org/remote-kg/data/")
    records = read_records(WORKERS)
    results = classify_with(records, engine, str(WORKERS))
    write(fmt, str(whole), Classified(WORKERS, "records", "csv", records, results,
                                      engine.categories))
    assert streamed.read_bytes() == whole.read_bytes()


def test_a_registered_reader_takes_its_format_through_the_whole_pipeline(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # the registry's readers, undone after the test
    monkeypatch.setitem(plugins._PLACES, "reader", dict(plugins._PLACES["reader"]))
    by_id = {r.id: r for r in read_records(WORKERS)}

    def read_ids(path: Path, base: str) -> list[Record]:  # a file of ids of the examples
        return [Record(i, record_iri(base, i), by_id[i].facts, by_id[i].label)
                for i in path.read_text().split()]

    register_reader(Reader("ids", "records", lambda p: p.suffix == ".ids", read_ids))
    source = tmp_path / "some.ids"
    chosen = list(by_id)[:3]
    source.write_text("\n".join(chosen))
    out = tmp_path / "out.json"
    engine = engine_for(reader_for(source))
    classify_file(source, "json", str(out), engine)
    answers = json.loads(out.read_text())
    assert [a["id"] for a in answers] == chosen
    expected = classify_with(list(by_id.values())[:3], engine)
    assert [a["is"] for a in answers] == [list(r.is_) for r in expected]
    from remote_kg.api import build_store  # a knowledge graph reads it through the registry

    store = build_store([source], include_examples=False)
    typed = {str(row["w"].value) for row in store.query(
        "SELECT ?w WHERE { ?w a <https://w3id.org/remote-kg/ontology#Worker> }")}
    assert typed == {r.iri for r in read_ids(source, "https://w3id.org/remote-kg/data/")}
