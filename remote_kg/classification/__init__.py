"""Sourcing deals: the analysts' second input, classified like workers.

A deal record says who supplies the work (`provider`) and who does it (`workers`, ids of
worker records, a complete list when given). The deal categories (Outsourcing,
RemoteStaffing, MixedSourcing, ...) are the ontology's defined subclasses of
rkg:SourcingArrangement; both engines decide them three-valued from those facts and from
what each worker's own facts allow.
"""
