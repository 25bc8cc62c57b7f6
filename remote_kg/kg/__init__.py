"""The knowledge graph: inputs turned into a graph with its answers (`graph`), stores on
disk (`store`, `store_open`), pushing to a remote store (`push`) and running SPARQL over
them (`sparql`, with `sparql_safety` and `query_text`)."""
