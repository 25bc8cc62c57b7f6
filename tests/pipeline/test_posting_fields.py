"""`classify POSTINGS --extra-columns keep`: each posting's other schema.org fields become
columns beside id and label (a nested object's by its path, lists joined with `;`), in
CSV, JSON, JSON Lines and Parquet, from JSON-LD, JSON Lines and HTML, one or several."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

POSTINGS = REPO / "examples" / "postings.jsonld"
PAGE = REPO / "examples" / "postings.html"
JOBS = "https://jobs.example.com/postings/"
CATEGORIES = ["ContractorJob", "CountryRestrictedJob", "EmployeeJob", "HybridJob",
              "OnSiteJob", "RemoteEmployeeJob", "RemoteJob", "TemporaryJob"]


def _keep(*inputs: Path | str, fmt: str = "csv", output: Path | None = None) -> str:
    args = ["classify", *inputs, "--extra-columns", "keep", "-f", fmt]
    done = run_cli(*args, *(["-o", output] if output else []))
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def kept() -> dict[str, str]:
    """The example postings classified with their fields kept, by output format."""
    return {fmt: _keep(POSTINGS, fmt=fmt) for fmt in ("csv", "json", "jsonl")}


@pytest.fixture(scope="module")
def kept_csv(kept) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(kept["csv"])))


def test_a_posting_s_fields_are_columns_beside_id_and_label_in_first_appearance_order(kept):
    header = kept["csv"].splitlines()[0].split(",")
    assert header[:8] == ["id", "label", "url", "title", "description", "datePosted",
                          "validThrough", "employmentType"]
    assert header[-len(CATEGORIES):] == CATEGORIES
    assert {"hiringOrganization.name", "baseSalary.value.minValue",
            "jobLocation.address.addressCountry"} <= set(header)
    assert not any("@" in name or name.endswith(".type") for name in header)


def test_nested_objects_are_named_by_path_and_lists_joined(kept_csv):
    rows = {row["id"]: row for row in kept_csv}
    backend, warehouse, analyst = (rows[JOBS + n] for n in ("1001", "1002", "1003"))
    assert backend["hiringOrganization.name"] == "Example Corp"
    assert backend["baseSalary.currency"] == "USD"
    assert backend["baseSalary.value.minValue"] == "120000"
    assert warehouse["employmentType"] == "PART_TIME;TEMPORARY"
    assert warehouse["jobLocation.address.addressCountry"] == "GB"
    assert analyst["applicantLocationRequirements.name"] == "Germany;Austria"
    assert warehouse["baseSalary.currency"] == ""  # the posting does not say
    assert backend["RemoteJob"] == "is"  # the answers are still there


def test_without_keep_a_posting_gives_id_label_and_answers_alone():
    done = run_cli("classify", POSTINGS, "-f", "csv")
    assert done.stdout.splitlines()[0].split(",") == ["id", "label", *CATEGORIES]


def test_json_keeps_numbers_as_numbers_and_a_missing_field_as_null(kept):
    rows = {row["id"]: row for row in json.loads(kept["json"])}
    backend, warehouse = rows[JOBS + "1001"], rows[JOBS + "1002"]
    assert backend["baseSalary.value.maxValue"] == 150000
    assert backend["hiringOrganization.sameAs"] == "https://www.example.com"
    assert warehouse["baseSalary.value.maxValue"] is None
    assert list(backend)[:4] == ["id", "label", "url", "title"]
    assert backend["is"] and "unknown" in backend


def test_json_lines_output_has_the_json_output_s_objects(kept):
    lines = [json.loads(line) for line in kept["jsonl"].splitlines()]
    assert lines == json.loads(kept["json"])


def test_parquet_types_a_column_of_numbers_as_numbers(tmp_path: Path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    out = tmp_path / "jobs.parquet"
    _keep(POSTINGS, fmt="parquet", output=out)
    table = pq.read_table(out)
    assert table.schema.field("baseSalary.value.minValue").type == pa.int64()
    assert table.schema.field("hiringOrganization.name").type == pa.string()
    rows = {row["id"]: row for row in table.to_pylist()}
    assert rows[JOBS + "1001"]["baseSalary.value.minValue"] == 120000
    assert rows[JOBS + "1002"]["baseSalary.value.minValue"] is None
    assert table.column_names[-len(CATEGORIES):] == CATEGORIES


def test_json_lines_and_html_inputs_keep_their_fields(tmp_path: Path):
    jsonl = tmp_path / "jobs.jsonl"
    jsonl.write_text(json.dumps({"@context": "https://schema.org/", "@type": "JobPosting",
                                 "url": "https://e.org/9", "title": "Clerk",
                                 "totalJobOpenings": 4}) + "\n")
    [row] = json.loads(_keep(jsonl, fmt="json"))
    assert (row["title"], row["totalJobOpenings"]) == ("Clerk", 4)
    rows = {row["id"]: row for row in json.loads(_keep(PAGE, fmt="json"))}
    microdata = rows["https://careers.example.com/jobs/field-technician"]
    assert microdata["jobLocation.address.addressLocality"] == "Toronto"
    assert microdata["employmentType"] == "Full-time"
    json_ld = rows["https://careers.example.com/jobs/support-specialist"]
    assert json_ld["hiringOrganization.name"] == "Example Corp"
    assert json_ld["jobLocation.address.addressLocality"] is None


def test_several_inputs_give_the_union_of_their_fields_and_a_mixed_column_is_text(
        tmp_path: Path):
    first = tmp_path / "a.jsonld"
    first.write_text(json.dumps({"@context": "https://schema.org/", "@type": "JobPosting",
                                 "url": "https://e.org/1", "totalJobOpenings": 2}))
    second = tmp_path / "b.html"  # microdata: text only
    second.write_text('<div itemscope itemtype="https://schema.org/JobPosting">'
                      '<link itemprop="url" href="https://e.org/2">'
                      '<meta itemprop="totalJobOpenings" content="3">'
                      '<span itemprop="industry">Retail</span></div>')
    rows = json.loads(_keep(first, second, fmt="json"))
    assert [list(r)[:5] for r in rows] == [["id", "label", "url", "totalJobOpenings",
                                            "industry"]] * 2
    assert [(r["totalJobOpenings"], r["industry"]) for r in rows] == [("2", None),
                                                                      ("3", "Retail")]
    table = list(csv.DictReader(io.StringIO(_keep(first, second))))
    assert [r["industry"] for r in table] == ["", "Retail"]
