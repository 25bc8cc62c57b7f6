"""Explanations: why a record is or is not in a category, and what would decide the unknowns.

Everything here is derived from the ontology through the fast engine (`reasoners.fast`):
fact sets by re-classifying the record reduced to some of its columns (`facts`), axioms by
rebuilding the engine from parts of the ontology (`axioms`); nothing is written per category.
`verify` has HermiT confirm an explanation; `report` writes it as text or Markdown.
"""

from remote_kg.explain.explainer import Explainer

__all__ = ["Explainer"]
