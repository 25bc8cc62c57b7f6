"""The endpoint's /explain resource: why a served record is or is not in each category."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from remote_kg.model.ontology import EXAMPLES_PATH
from remote_kg.model.records import Facts


class RecordExplanations:
    """The served records' facts by IRI (equal facts stored once), explained on request."""

    def __init__(self, paths: Sequence[Path], examples: bool):
        from remote_kg.pipeline.readers import read_records
        self.records: dict[str, tuple[str, Facts]] = {}
        shared: dict[Facts, Facts] = {}
        sources = ([EXAMPLES_PATH] if examples and EXAMPLES_PATH.exists() else []) + list(paths)
        for path in sources:
            for record in read_records(Path(path)):
                facts = shared.setdefault(record.facts, record.facts)
                self.records[record.iri] = (record.id, facts)
        self.bases = sorted({iri[:max(iri.rfind("/"), iri.rfind("#")) + 1]
                             for iri in self.records})  # for the query page's links
        self._explainer = None
        self._lock = threading.Lock()

    def name(self, iri: str) -> str:
        """How explanations name a term or source (its label, else its local name)."""
        with self._lock:
            explainer = self._explainer_ready()
        return explainer.words.name(iri)

    def _explainer_ready(self):
        if self._explainer is None:
            from remote_kg.explain.explainer import Explainer

            self._explainer = Explainer()
        return self._explainer

    def explain(self, iri: str, categories: Iterable[str]) -> dict[str, Any] | None:
        """The record's explanation, with its IRI; None if no record has that IRI.
        Raises InputError for an unknown category."""
        found = self.records.get(iri)
        if found is None:
            return None
        with self._lock:
            explained = self._explainer_ready().explain(found[1], list(categories))
        return {"id": found[0], "iri": iri, **explained}
