"""``remote-kg serve``: the knowledge graph over the SPARQL 1.1 Protocol, with a query page."""
