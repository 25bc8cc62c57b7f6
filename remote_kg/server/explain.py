"""The endpoint's /explain resource: why a served record or job posting is or is not in
each category."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from remote_kg.errors import InputError
from remote_kg.model.ontology import EXAMPLES_PATH

# Explainers kept at once, one per kind of input and set of categories asked for (each
# holds its engines; a request for another set builds one and drops the oldest).
EXPLAINERS = 4
CLI_OPTION = re.compile(r"--(categories|category)\b(:?)")


def as_parameters(problem: str) -> str:
    """A problem worded for the command line (``--categories: unknown 'x'``) worded for
    /explain, which takes parameters of those names (``categories: unknown 'x'``)."""
    return CLI_OPTION.sub(lambda m: m[1] + m[2] if m[2] else f"the {m[1]} parameter", problem)


class RecordExplanations:
    """The served records' and postings' facts by IRI (equal facts stored once), explained
    on request."""

    def __init__(self, paths: Sequence[Path], examples: bool):
        from remote_kg.pipeline.readers import resolve

        self.records: dict[str, tuple[str, Any, str]] = {}  # IRI -> id, facts, what holds it
        shared: dict[Any, Any] = {}
        sources = ([EXAMPLES_PATH] if examples and EXAMPLES_PATH.exists() else []) + list(paths)
        for path in sources:
            source = resolve(Path(path))
            for item in source.read():
                facts = shared.setdefault(item.facts, item.facts)
                self.records[item.iri] = (item.id, facts, source.holds)
        self.bases = sorted({iri[:max(iri.rfind("/"), iri.rfind("#")) + 1]
                             for iri in self.records})  # for the query page's links
        self._explainers: OrderedDict[tuple, tuple[Any, list[str]]] = OrderedDict()
        self._words: Any = None
        self._lock = threading.Lock()

    def name(self, iri: str) -> str:
        """How explanations name a term or source (its label, else its local name)."""
        with self._lock:
            if self._words is None:
                from remote_kg.explain.render import Words
                from remote_kg.model.ontology import ontology_graph
                from remote_kg.model.owl import read_model

                self._words = Words(read_model(ontology_graph()).labels)
        return self._words.name(iri)

    def noun(self, iri: str) -> str:
        """What the served item with that IRI is: "record" or "posting"."""
        return "posting" if self.records[iri][2] == "postings" else "record"

    def _explainer(self, holds: str, categories: str | None,
                   names: tuple[str, ...]) -> tuple[Any, list[str]]:
        from remote_kg.explain.explainer import explainer_for

        key = (holds, categories, names)
        found = self._explainers.get(key)
        if found is None:
            found = self._explainers[key] = explainer_for(holds, None, categories, names)
            while len(self._explainers) > EXPLAINERS:
                self._explainers.popitem(last=False)
        self._explainers.move_to_end(key)
        return found

    def explain(self, iri: str, names: Iterable[str],
                categories: str | None = None) -> dict[str, Any] | None:
        """The record's (or posting's) explanation, with its IRI, for the categories
        `names` lists among those `categories` names (as `classify --categories` takes it);
        None if nothing served has that IRI. Raises InputError for an unknown category."""
        found = self.records.get(iri)
        if found is None:
            return None
        record_id, facts, holds = found
        with self._lock:
            try:
                explainer, wanted = self._explainer(holds, categories,
                                                    tuple(dict.fromkeys(names)))
            except InputError as exc:
                raise InputError([as_parameters(p) for p in exc.problems]) from exc
            explained = explainer.explain(facts, wanted)
        return {"id": record_id, "iri": iri, **explained}
