"""Pages on other sites cannot make the analyst's browser query the endpoint.

A web page can submit a form, or navigate, to `http://127.0.0.1:8765/sparql`; the browser
then says where the request comes from (`Origin`, `Sec-Fetch-Site`). The query page itself
only ever sends same-origin requests, so everything else from a browser is refused, unless
`--cors ORIGIN` allows that site. Tools outside a browser (curl, SPARQLWrapper, R) send
neither header and are answered as before.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.server.test_server_support import RECORDS_CSV, running_server

QUERY = "SELECT ?w WHERE { ?w a rkg:Employee }"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("cross-site")
    (tmp / "records.csv").write_text(RECORDS_CSV)
    with running_server(tmp, "--no-examples", "--data", str(tmp / "records.csv")) as server:
        yield server.base


def _post(base: str, headers: dict[str, str], path: str = "/sparql") -> httpx.Response:
    return httpx.post(base + path, data={"query": QUERY}, headers={**FORM, **headers},
                      timeout=30)


@pytest.mark.parametrize("headers", [
    {"Origin": "https://attacker.example", "Sec-Fetch-Site": "cross-site"},
    {"Origin": "https://attacker.example"},
    {"Origin": "null"},  # sandboxed frames and local files
    {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"},
    {"Origin": "http://localhost:3000", "Sec-Fetch-Site": "same-site"},  # another local app
], ids=["cross-site-form", "origin-only", "null-origin", "cross-site-navigation",
        "same-site-other-port"])
def test_a_form_post_from_another_site_is_refused(base: str, headers: dict[str, str]):
    response = _post(base, headers)
    assert response.status_code == 403
    assert "other site" in response.text and "--cors" in response.text


def test_a_cross_site_get_of_a_query_url_is_refused(base: str):
    response = httpx.get(base + "/sparql", params={"query": QUERY},
                         headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"},
                         timeout=30)
    assert response.status_code == 403


def test_what_the_query_page_sends_is_answered(base: str):
    response = _post(base, {"Origin": base, "Sec-Fetch-Site": "same-origin",
                            "Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"]


def test_tools_outside_a_browser_are_answered(base: str):
    response = _post(base, {"Accept": "text/csv"})
    assert response.status_code == 200, response.text
    assert response.text.count("\n") >= 2


def test_the_page_itself_may_be_opened_from_a_link_on_another_site(base: str):
    response = httpx.get(base + "/", headers={"Sec-Fetch-Site": "cross-site"}, timeout=30)
    assert response.status_code == 200


def test_cors_allows_the_named_site_and_only_it(tmp_path: Path):
    (tmp_path / "records.csv").write_text(RECORDS_CSV)
    with running_server(tmp_path, "--no-examples", "--data", str(tmp_path / "records.csv"),
                        "--cors", "https://dashboard.example") as server:
        allowed = _post(server.base, {"Origin": "https://dashboard.example",
                                      "Sec-Fetch-Site": "cross-site"})
        other = _post(server.base, {"Origin": "https://attacker.example",
                                    "Sec-Fetch-Site": "cross-site"})
    assert allowed.status_code == 200
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://dashboard.example"
    assert other.status_code == 403
