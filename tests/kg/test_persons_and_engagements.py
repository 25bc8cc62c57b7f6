"""Persons counted apart from engagements (issue 22, point 3): through `query --data` and
the query files (cq22, cq23) over the bundled CSV, and in a loaded store."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from conftest import REPO, run_cli

from remote_kg.model.ontology import DEFAULT_BASE, QUERIES_DIR

WORKERS = REPO / "examples" / "workers.csv"
COUNTS = QUERIES_DIR / "cq22-persons-and-engagements.rq"
SEVERAL = QUERIES_DIR / "cq23-performers-with-several-engagements.rq"
ROWS = """id,relation,workplaces,workplaces_known,performer,performer_kind
f1,freelancer,home,,ann,person
f2,freelancer,,client_site,ann,person
f3,freelancer,org_main_office,,ann,person
g1,contractor,home,,studio,organisation
e1,employee,home,,,
e2,employee,org_main_office,,,
"""


def _rows(result) -> list[dict[str, str]]:
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "engagements.csv"
    path.write_text(ROWS, encoding="utf-8")
    return path


def test_query_data_counts_persons_apart_from_engagements(tmp_path):
    rows = _rows(run_cli("query", str(COUNTS), "--data", str(_write(tmp_path)), "-f", "csv"))
    assert rows == [{"engagements": "6", "performers": "4", "persons": "1",
                     "organisations": "1", "unrecordedPerformers": "2"}]


def test_query_data_lists_the_person_with_several_engagements_and_their_categories(tmp_path):
    rows = _rows(run_cli("query", str(SEVERAL), "--data", str(_write(tmp_path)), "-f", "csv"))
    assert rows == [{"performer": DEFAULT_BASE + "performer/ann", "engagements": "3",
                     "remoteEngagements": "1", "notRemoteEngagements": "1"}]


def test_the_query_files_over_the_bundled_csv_count_its_multi_company_freelancer():
    counts = _rows(run_cli("query", str(COUNTS), "--data", str(WORKERS), "-f", "csv"))
    assert counts == [{"engagements": "59", "performers": "57", "persons": "4",
                       "organisations": "1", "unrecordedPerformers": "52"}]
    several = _rows(run_cli("query", str(SEVERAL), "--data", str(WORKERS), "-f", "csv"))
    assert several == [{"performer": DEFAULT_BASE + "performer/multi-company-freelancer",
                        "engagements": "3", "remoteEngagements": "1",
                        "notRemoteEngagements": "1"}]


def test_a_loaded_store_counts_the_same_and_a_reload_adds_no_performer(tmp_path):
    path = _write(tmp_path)
    store = tmp_path / "store"
    for _ in range(2):
        result = run_cli("load", str(path), "--store", str(store))
        assert result.returncode == 0, result.stderr
    rows = _rows(run_cli("query", str(COUNTS), "--store", str(store), "-f", "csv"))
    assert rows == [{"engagements": "6", "performers": "4", "persons": "1",
                     "organisations": "1", "unrecordedPerformers": "2"}]
