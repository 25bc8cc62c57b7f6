"""The endpoint's /explain serves what `explain` gives for the authorities' categories
(`?categories=`, `?category=`) and for served job postings, as JSON or, for a browser, as
a page."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from remote_kg.api import explain_path
from tests.conftest import REPO
from tests.server.test_server_support import running_server

AUTHORITIES = REPO / "examples" / "authorities.csv"
POSTINGS = REPO / "examples" / "postings.jsonld"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _get(url: str, accept: str = "application/json") -> tuple[str, str]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request) as response:
        return response.headers["Content-Type"], response.read().decode("utf-8")


@pytest.mark.slow
def test_endpoint_explains_authority_categories_and_postings(tmp_path):
    lines = AUTHORITIES.read_text(encoding="utf-8").splitlines()
    records = tmp_path / "one.csv"
    records.write_text("\n".join([lines[0], next(line for line in lines
                                                 if line.startswith("eu-home-default,"))])
                       + "\n", encoding="utf-8")
    with running_server(tmp_path, "--data", str(records), "--data", str(POSTINGS)) as server:
        bases = json.load(urllib.request.urlopen(server.base + "/queries.json"))["explain"][
            "recordBases"]
        assert "https://jobs.example.com/postings/" in bases
        worker = next(b for b in bases if "jobs.example.com" not in b) + "eu-home-default"
        query = urllib.parse.urlencode([("iri", worker), ("categories", "authorities"),
                                        ("category", "EUTeleworker"),
                                        ("category", "OPMTeleworker")])
        kind, body = _get(f"{server.base}/explain?{query}")
        assert kind.startswith("application/json")
        assert json.loads(body) == {"iri": worker, **explain_path(
            records, categories=["EUTeleworker", "OPMTeleworker"])[0]}

        job = "https://jobs.example.com/postings/1002"
        kind, page = _get(f"{server.base}/explain?" + urllib.parse.urlencode({"iri": job}),
                          BROWSER)
        assert kind == "text/html; charset=utf-8"
        assert "<h2>ContractorJob: " in page and "Because the posting has employmentType" in page
        kind, body = _get(f"{server.base}/explain?" + urllib.parse.urlencode({"iri": job}))
        assert json.loads(body) == {"iri": job, **explain_path(POSTINGS, ids=[job])[0]}

        for params in ([("iri", job), ("categories", "authorities")],
                       [("iri", worker), ("categories", "Telework")],
                       [("iri", worker), ("categories", "seed"), ("categories", "all")]):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(f"{server.base}/explain?{urllib.parse.urlencode(params)}")
            assert refused.value.code == 400
