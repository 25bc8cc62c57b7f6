"""Engines: each answers is / is_not / unknown for every category of each record.

`answer` holds the three-valued `Answer` and the `Reasoner` interface; `engine` the core
the fast engines share (world tensors evaluated from the ontology's expressions); `fast`
the worker engine derived from the axioms, `hermit` the HermiT reference, `split` the
authorities' categories over the fast engine; `deals_*` and `jobs_*` the deal and job
engines; `choice` picks one by name.
"""
