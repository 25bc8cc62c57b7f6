"""Quality gates over the ontology, as ODK runs them: a report of SPARQL checks with levels
(`report`), and the OWL 2 DL profile check of the OWL API (`profile`)."""
