"""HermiT confirms explanations for the authorities' categories and for job postings, as it
does the seed ones (tests/explain/test_explain.py): the listed axioms and facts alone give
the answer, no listed fact can be dropped, each listed value decides. A few records each:
every HermiT run starts a JVM."""

from __future__ import annotations

import json

import pytest

from remote_kg.explain.explainer import Explainer
from remote_kg.explain.verify import check_many
from remote_kg.pipeline.readers import resolve
from tests.conftest import REPO

AUTHORITIES = REPO / "examples" / "authorities.csv"
POSTINGS = REPO / "examples" / "postings.jsonld"


def _explained(explainer: Explainer, path, ids: list[str]) -> list[tuple]:
    items = {item.id: item for item in resolve(path).read()}
    return [(items[i].facts, explainer.record(i, items[i].facts)) for i in ids]


@pytest.mark.slow
def test_hermit_confirms_authority_explanations():
    explainer = Explainer(categories="authorities")
    items = _explained(explainer, AUTHORITIES, ["eu-home-default"])
    decided = {e["status"] for _, explained in items for e in explained["categories"]}
    assert decided == {"is", "is_not", "unknown"}
    assert check_many(explainer, items) == []


@pytest.fixture(scope="module")
def postings() -> Explainer:
    return Explainer(holds="postings")


@pytest.mark.slow
def test_hermit_confirms_posting_explanations(postings):
    explainer = postings
    jobs = "https://jobs.example.com/postings/"
    items = _explained(explainer, POSTINGS, [jobs + "1001", jobs + "1002", jobs + "1006"])
    assert check_many(explainer, items) == []


@pytest.mark.slow
def test_hermit_catches_a_posting_explanation_without_the_types_being_different(postings):
    explainer = postings
    [(facts, explained)] = _explained(explainer, POSTINGS,
                                      ["https://jobs.example.com/postings/1002"])
    contractor = next(e for e in explained["categories"] if e["category"] == "ContractorJob")
    assert contractor["status"] == "is_not"
    cut = json.loads(json.dumps(explained))
    entry = next(e for e in cut["categories"] if e["category"] == "ContractorJob")
    entry["axioms"] = [a for a in entry["axioms"] if "no two" not in a["text"]]
    cut["categories"] = [entry]
    problems = check_many(explainer, [(facts, cut)])
    assert any("ContractorJob" in p and "give unknown" in p for p in problems), problems
