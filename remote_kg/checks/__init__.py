"""Checks: SHACL validation of data and ontology files (`shacl`), and the ontology's
quality report with the OWL 2 DL profile check (`quality`)."""
