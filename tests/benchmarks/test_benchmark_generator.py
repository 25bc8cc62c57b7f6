"""benchmarks/generate.py: seeded, contract-abiding, realistic worker records."""

from __future__ import annotations

import importlib.util
import io
import itertools
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from remote_kg.model.records import CsvRecordReader
from remote_kg.model.vocab import COLUMNS
from remote_kg.reasoners.choice import get_reasoner

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "generate.py"


def _load_generator():
    spec = importlib.util.spec_from_file_location("benchmark_generate", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


generate = _load_generator()


def text(count: int, seed: int) -> str:
    out = io.StringIO()
    generate.write_csv(count, out, seed)
    return out.getvalue()


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("generated") / "workers.csv"
    path.write_text(text(20_000, seed=7), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def parsed(sample: Path):
    reader = CsvRecordReader(sample)
    rows = list(reader.rows())
    return reader, rows


def test_same_seed_gives_the_same_file():
    assert text(3_000, seed=11) == text(3_000, seed=11)


def test_different_seeds_give_different_files():
    assert text(3_000, seed=11) != text(3_000, seed=12)


def test_header_is_the_csv_contract_up_to_uses_ict_as_it_always_was():
    header = tuple(text(1, seed=0).splitlines()[0].split(","))
    assert header == COLUMNS[: COLUMNS.index("uses_ict") + 1]


def test_authority_facts_add_their_columns_and_leave_the_others_as_they_were(tmp_path):
    out = io.StringIO()
    generate.write_csv(500, out, seed=3, authority_facts=True)
    lines = out.getvalue().splitlines()
    plain = text(500, seed=3).splitlines()
    width = len(plain[0].split(","))
    assert lines[0].split(",")[width:] == list(generate.AUTHORITY_COLUMNS)
    assert [line.rsplit(",", 4)[0] for line in lines] == plain
    path = tmp_path / "authority.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    reader = CsvRecordReader(path)
    rows = list(reader.rows())
    assert reader.problems == [] and len(rows) == 500
    assert any(f.office_days_per_fortnight for *_, f in rows)


def test_every_row_is_allowed_by_the_contract(parsed):
    reader, rows = parsed
    assert reader.problems == []
    assert len(rows) == reader.rows_read == 20_000
    assert len({record_id for _, record_id, _, _ in rows}) == 20_000


def test_records_are_consistent_with_the_ontology(parsed):
    _, rows = parsed
    answers = get_reasoner("fast").classify(facts for *_, facts in rows)
    assert all(answer.consistent for answer in answers.values())


def test_each_fact_column_is_blank_in_5_to_20_percent_of_rows(sample: Path):
    import csv

    with sample.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for column in COLUMNS[1: COLUMNS.index("uses_ict") + 1]:
        share = sum(1 for row in rows if not row[column]) / len(rows)
        assert 0.04 <= share <= 0.21, f"{column}: {share:.1%} blank"


def test_mix_is_mostly_employees_with_freelancers_contractors_and_drivers(parsed):
    _, rows = parsed
    relations = Counter(next(iter(f.relations), "") for *_, f in rows)
    share = {name: count / len(rows) for name, count in relations.items()}
    assert 0.6 <= share["employee"] <= 0.75
    assert share["freelancer"] >= 0.08
    for other in ("contractor", "subcontractor", "provider_staff", "owner"):
        assert share[other] >= 0.01, other
    drivers = [
        f
        for *_, f in rows
        if f.workplaces == {"vehicle"} and f.location_bound == {True} and f.schedule == {"self_set"}
    ]
    assert len(drivers) / len(rows) >= 0.02
    patterns = Counter(f.workplaces for *_, f in rows if f.relations == {"employee"})
    for office_home_hybrid in ({"org_main_office"}, {"home"}, {"home", "org_main_office"}):
        assert patterns[frozenset(office_home_hybrid)] / len(rows) >= 0.05


def test_rows_are_drawn_lazily():
    rows = generate.generate_rows(10**12, seed=1)
    first = list(itertools.islice(rows, 3))
    assert [row[0] for row in first] == ["w0000000000001", "w0000000000002", "w0000000000003"]


def test_command_line_writes_the_requested_number_of_rows(tmp_path: Path):
    out = tmp_path / "w.csv"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "250", "-o", str(out), "--seed", "3"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 251
    assert out.read_text(encoding="utf-8") == text(250, seed=3)


def test_the_worst_case_generator_covers_the_whole_fact_space(tmp_path):
    import csv

    from remote_kg.api import read_records

    out = tmp_path / "worst.csv"
    # seven relations or blank, 127 workplace sets or blank, four three-valued columns
    space = 8 * 128 * 3 ** 4
    subprocess.run([sys.executable, str(SCRIPT.with_name("generate_worst.py")), "90000",
                    "-o", str(out), "--seed", "3"], check=True)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 90_001
    assert len({tuple(r[2:]) for r in rows[1:]}) == space  # every combination appears
    assert len({r.facts for r in read_records(out)}) == space
