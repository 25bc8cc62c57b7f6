"""RDF helpers: parsing files safely, records, deals and jobs as RDF in the ontology's
vocabulary and back, and answers written as triples."""
