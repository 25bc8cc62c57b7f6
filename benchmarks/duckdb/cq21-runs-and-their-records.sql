-- One classification run answered the file; compared by its last column (the count):
-- the ontology version and engine are the graph's to say.
SELECT count(*) AS records FROM answers
