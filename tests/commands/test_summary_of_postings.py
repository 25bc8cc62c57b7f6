"""`remote-kg summary PAGES/ --weight totalJobOpenings`: a folder of HTML pages of job
postings summarised by positions rather than postings, each posting weighed by one of its
fields (as `classify --extra-columns keep` names it)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REMOTE = {"jobLocationType": "TELECOMMUTE", "employmentType": "FULL_TIME"}


def run(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "remote_kg.cli", *map(str, args)],
                          capture_output=True, text=True)


def _json_ld_page(*postings: dict) -> str:
    scripts = "".join(
        '<script type="application/ld+json">'
        + json.dumps({"@context": "https://schema.org/", "@type": "JobPosting", **p})
        + "</script>" for p in postings)
    return f"<html><head>{scripts}</head><body></body></html>"


MICRODATA_PAGE = """<html><body>
<div itemscope itemtype="https://schema.org/JobPosting">
  <link itemprop="url" href="https://jobs.example.org/clerk">
  <h1 itemprop="title">Clerk</h1>
  <span itemprop="employmentType">Full-time</span>
  <meta itemprop="totalJobOpenings" content="2">
  <div itemprop="jobLocation" itemscope itemtype="https://schema.org/Place">
    <div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
      <span itemprop="addressCountry">CA</span></div></div>
</div></body></html>"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    """Three pages: a JSON-LD page with two remote postings (5 and 1 openings), one with
    a posting that gives no jobLocationType (2 openings), a microdata page (2 openings)."""
    folder = tmp_path_factory.mktemp("pages")
    (folder / "a.html").write_text(_json_ld_page(
        {"url": "https://jobs.example.org/dev", "totalJobOpenings": 5, **REMOTE},
        {"url": "https://jobs.example.org/ops", "totalJobOpenings": 1, **REMOTE}))
    (folder / "b.html").write_text(_json_ld_page(
        {"url": "https://jobs.example.org/cook", "totalJobOpenings": 2,
         "employmentType": "PART_TIME"}))
    (folder / "c.html").write_text(MICRODATA_PAGE)
    return folder


def test_a_folder_of_pages_is_weighed_by_positions_not_postings(pages: Path):
    done = run("summary", pages, "--weight", "totalJobOpenings", "-f", "json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["records"], summary["weight"], summary["total_weight"]) == (
        4, "totalJobOpenings", 10.0)
    remote = next(c for c in summary["categories"] if c["category"] == "RemoteJob")
    assert (remote["is"], remote["unknown"]) == (2, 2)
    assert remote["share"]["is"] == pytest.approx(0.5)  # half the postings
    assert remote["weighted"] == {"is": 6.0, "is_not": 0.0, "unknown": 4.0}
    assert remote["weighted_share"]["is"] == pytest.approx(0.6)  # 6 of 10 positions


def test_the_text_table_says_postings_and_the_weight(pages: Path):
    done = run("summary", pages, "--weight", "totalJobOpenings")
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith("4 postings in ") and "(total 10)" in first


def test_a_posting_without_the_weight_field_is_an_error_naming_it(pages: Path,
                                                                  tmp_path: Path):
    page = tmp_path / "d.html"
    page.write_text(_json_ld_page({"url": "https://jobs.example.org/nameless", **REMOTE}))
    done = run("summary", pages / "a.html", page, "--weight", "totalJobOpenings")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        f"error: {pages / 'a.html'}, {page}: posting 'https://jobs.example.org/nameless' "
        "has no 'totalJobOpenings' to weigh it by; every posting needs a number, 0 or more "
        "(or summarise without --weight)"]


def test_a_field_that_is_not_a_number_is_refused_naming_posting_and_value(pages: Path):
    done = run("summary", pages / "c.html", "--weight", "title")
    assert done.returncode == 2 and done.stdout == ""
    assert ("posting 'https://jobs.example.org/clerk', field 'title': value 'Clerk' is not "
            "a weight") in done.stderr


def test_weight_on_rdf_input_is_still_refused(tmp_path: Path):
    path = tmp_path / "w.ttl"
    path.write_text("@prefix rkg: <https://w3id.org/remote-kg/ontology#> .\n"
                    "<https://e.org/w> a rkg:Worker .\n")
    done = run("summary", path, "--weight", "w")
    assert done.returncode == 2 and done.stdout == ""
    assert "needs a CSV or Parquet input, or postings" in done.stderr
