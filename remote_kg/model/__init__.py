"""The model: the ontology's files and vocabulary, its OWL expressions, and the records,
deals and job postings the engines read (plain facts, no RDF)."""
