"""Explanations: why a record (or a job posting) is or is not in a category, and what would
decide the unknowns.

Everything here is derived from the ontology through the fast engines (`reasoners.fast`,
`split` for the authorities' categories, `jobs_fast` for postings): fact sets by
re-classifying the record reduced to some of its columns (`facts`; a posting's fields,
`posting_fields`), axioms by rebuilding the engine from parts of the ontology (`axioms`);
nothing is written per category. `verify` has HermiT confirm an explanation; `report`
writes it as text or Markdown.
"""

from remote_kg.explain.explainer import Explainer

__all__ = ["Explainer"]
