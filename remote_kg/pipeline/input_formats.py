"""What --input-format may say standard input holds, and the extension each stands for
(kept light: the options of every command name them)."""

from __future__ import annotations

INPUT_FORMATS = {
    "csv": ".csv", "tsv": ".tsv", "parquet": ".parquet", "jsonld": ".jsonld", "json": ".json",
    "jsonl": ".jsonl", "ndjson": ".ndjson", "html": ".html", "ttl": ".ttl", "nt": ".nt",
    "nq": ".nq", "trig": ".trig", "n3": ".n3", "rdfxml": ".rdf",
}
