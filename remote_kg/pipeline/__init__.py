"""Read, classify, write: the one pipeline behind `classify` and the Python interface.

Readers (`readers`) are chosen by input format (CSV, Parquet, RDF, job postings) and say
whether a file holds worker records or job postings; writers (`writers`) are chosen by
output format (json, csv, ttl, parquet). `classify.classify_file` joins them; a command
only turns its options into that call. New formats register a reader or a writer. Records
already in Arrow batches (Parquet row groups, DataFrames, Spark partitions) are answered by
`columnar.table.answered_batches`; a clean CSV takes the vectorised route `arrow_csv`.
"""
