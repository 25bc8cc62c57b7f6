"""`classify --explain` at scale: each distinct explanation written once and referred to,
the same content as the per-record form, in JSON, JSON Lines and Parquet."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from remote_kg.api import read_records
from remote_kg.explain.explainer import Explainer
from remote_kg.explain.facts import (
    column_subsets,
    completions,
    facts_of,
    keep_columns,
    minimal_sets,
)
from remote_kg.explain.references import ExplanationTable, resolve
from remote_kg.model.records import Facts
from tests.conftest import REPO, run_cli

WORKERS = REPO / "examples" / "workers.csv"
BENCHMARKS = REPO / "benchmarks"


def _per_record(explainer: Explainer, facts: Facts) -> dict:
    """The explanation as it was computed before reasons were shared: every subset of the
    record's columns and every completion re-classified as Facts, nothing reduced first.
    The specification the shared computation must meet, entry for entry."""
    answer = explainer.engine.answer(facts)
    assert answer.consistent
    reduced = {s: explainer.engine.answer(keep_columns(facts, s)) for s in column_subsets(facts)}
    entries = []
    for category in explainer.categories:
        status = answer.status(category)
        if status != "unknown":
            sets = minimal_sets(list(reduced), lambda s, c=category, st=status:
                                reduced[s].status(c) == st)
            entries.append({"category": category, "status": status,
                            "facts": facts_of(facts, sets[0]),
                            "axioms": explainer.axioms_for(keep_columns(facts, sets[0]),
                                                           category, status),
                            "other_fact_sets": [facts_of(facts, s) for s in sets[1:]],
                            "would_decide": []})
            continue
        decide = []
        for column, value, completed in completions(facts):
            found = explainer.engine.answer(completed).status(category)
            if found in ("is", "is_not"):
                decide.append({"column": column, "value": value, "status": found})
        lists = [(d["column"], d["status"], frozenset(d["value"].split(";"))) for d in decide]
        decide = [d for d, (c0, s0, p0) in zip(decide, lists)
                  if not any(c == c0 and s == s0 and p < p0 for c, s, p in lists)]
        entries.append({"category": category, "status": "unknown", "facts": [], "axioms": [],
                        "other_fact_sets": [], "would_decide": decide})
    return {"categories": entries}


def _keyed_axioms(explainer: Explainer) -> Explainer:
    """The explainer with each axiom search replaced by its key: the same function of the
    same reduced record in both computations, so the fact side is compared on thousands of
    records without thousands of searches (the searches are checked on the seeds)."""
    def key(reduced: Facts) -> str:  # sets spelt sorted: equal records, equal keys
        return repr([(f.name, None if getattr(reduced, f.name) is None
                      else sorted(map(str, getattr(reduced, f.name)))) for f in fields(Facts)])

    explainer.axioms_for = lambda reduced, category, status: [  # type: ignore[method-assign]
        {"iri": key(reduced), "text": f"{category} {status}", "source": []}]
    return explainer


def _generated(tmp_path: Path, script: str, count: int, *options: str) -> Path:
    out = tmp_path / f"{script}-{count}.csv"
    subprocess.run([sys.executable, str(BENCHMARKS / f"{script}.py"), str(count), "-o",
                    str(out), "--seed", "5", *options], check=True)
    return out


@pytest.mark.parametrize("source, count, options", [
    ("generate", 3000, ()),
    ("generate_worst", 3000, ()),
    ("generate_worst", 300, ("--all-columns",)),
])
def test_shared_explanations_equal_the_per_record_computation(tmp_path, source, count, options):
    explainer = _keyed_axioms(Explainer())
    table = ExplanationTable(explainer)
    records = read_records(_generated(tmp_path, source, count, *options))
    distinct = {r.facts for r in records}
    refs = {f: table.why(f) for f in distinct}
    for facts in distinct:
        # Every column of the contract filled: 2^17 subsets a record, too many to try in a
        # test; the per-record computation then starts from the columns that fix a slot
        # (the generate.py files check that dropping the others changes nothing).
        spec = explainer.relevant(facts) if options else facts
        assert resolve(refs[facts], table.entries) == _per_record(explainer, spec), facts


def test_seed_records_resolve_to_their_per_record_explanations():
    explainer = Explainer()
    table = ExplanationTable(explainer)
    for record in read_records(WORKERS):
        expected = _per_record(explainer, record.facts)
        assert resolve(table.why(record.facts), table.entries) == expected, record.id
        assert explainer.explain(record.facts) == expected, record.id


def test_each_distinct_explanation_is_in_the_table_once(tmp_path):
    explainer = _keyed_axioms(Explainer())
    table = ExplanationTable(explainer)
    for record in read_records(_generated(tmp_path, "generate", 2000)):
        table.why(record.facts)
    texts = [json.dumps(e, sort_keys=True) for e in table.entries]
    assert len(set(texts)) == len(texts)
    assert len(table.entries) < 2000  # far fewer reasons than records


def _small(tmp_path: Path) -> Path:
    """Three records of the bundled file (a few axiom searches, not hundreds)."""
    lines = WORKERS.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "three.csv"
    path.write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    return path


def test_every_output_form_resolves_to_the_inline_form(tmp_path):
    data = _small(tmp_path)
    inline = run_cli("classify", data, "--explain-inline")
    assert inline.returncode == 0, inline.stderr
    expected = {row["id"]: row["explanation"] for row in json.loads(inline.stdout)}

    body = json.loads(run_cli("classify", data, "--explain").stdout)
    assert {r["id"]: resolve(r["explanation"], body["explanations"])
            for r in body["records"]} == expected

    lines = [json.loads(line) for line in
             run_cli("classify", data, "--explain", "-f", "jsonl").stdout.splitlines()]
    entries: dict[int, dict] = {}
    found = {}
    for line in lines:
        if "id" in line:  # a record: its entries came on lines before it
            assert all(n in entries for n in line["explanation"])
            found[line["id"]] = resolve(line["explanation"], entries)
        else:
            entries[line.pop("explanation")] = line
    assert found == expected

    import pyarrow.parquet as pq

    out = tmp_path / "answers.parquet"
    result = run_cli("classify", data, "--explain", "-o", out)
    assert result.returncode == 0, result.stderr
    table = [{k: v for k, v in row.items() if k != "explanation"} for row in
             pq.read_table(tmp_path / "answers.explanations.parquet").to_pylist()]
    assert {r["id"]: resolve(r["explanation"], table)
            for r in pq.read_table(out).to_pylist()} == expected


@pytest.mark.parametrize("args, message", [
    (["--explain", "-f", "csv"], "--explain does not go with --format csv"),
    (["--explain-inline", "-f", "parquet", "-o", "x.parquet"],
     "--explain-inline does not go with --format parquet"),
])
def test_explanations_refuse_formats_they_cannot_be_written_in(tmp_path, args, message):
    result = run_cli("classify", _small(tmp_path), *args)
    assert result.returncode == 2 and result.stdout == ""
    assert message in result.stderr and "Traceback" not in result.stderr
