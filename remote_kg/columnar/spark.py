"""Classifying a Spark DataFrame of worker records on the cluster.

`classify(df)` returns a DataFrame with the CLI's CSV columns: `id`, `label` and one string
column per category holding is / is_not / unknown. Each partition is answered by the same
fast engine as the CLI, built on the executor from the ontology's Turtle, which is shipped
once as a broadcast variable; within a partition each distinct set of facts is answered
once (`columnar.table`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from remote_kg.model.ontology import ONTOLOGY_PATH, ontology_graph

_ENGINES: dict[str, Any] = {}


def _engine(turtle: str):
    """The fast engine for an ontology's Turtle, built once per Python worker."""
    key = hashlib.sha256(turtle.encode("utf-8")).hexdigest()
    if key not in _ENGINES:
        from rdflib import Graph

        from remote_kg.model.owl import read_model
        from remote_kg.reasoners.fast import FastReasoner

        _ENGINES[key] = FastReasoner(read_model(Graph().parse(data=turtle, format="turtle")))
    return _ENGINES[key]


def _answer_partition(turtle, names: list[str]):
    """The function mapInArrow runs on each partition's Arrow batches."""

    def run(batches):
        import pyarrow as pa

        from remote_kg.columnar.table import TableReader, answered_batches

        engine = _engine(turtle.value)
        reader = TableReader(names, "the Spark DataFrame", "ignore")
        for batch, columns in answered_batches(reader, batches, engine):
            ids = batch.column(reader.column["id"])
            labels = (batch.column(reader.column["label"]) if "label" in reader.column
                      else pa.nulls(batch.num_rows, pa.string()))
            arrays = [ids.cast(pa.string()), labels.cast(pa.string())]
            arrays += [pa.array(columns[c], pa.string()) for c in engine.categories]
            yield pa.RecordBatch.from_arrays(arrays, ["id", "label", *engine.categories])

    return run


def classify(df, ontology: Path | None = None):
    """``df`` (a Spark DataFrame with the records' columns; others are ignored) answered:
    a DataFrame of id, label and one column per category."""
    from pyspark.sql.types import StringType, StructField, StructType

    from remote_kg.columnar.table import TableReader
    from remote_kg.reasoners.fast import FastReasoner

    path = Path(ontology) if ontology else ONTOLOGY_PATH
    categories = FastReasoner.for_ontology(ontology).categories
    TableReader(df.columns, "the Spark DataFrame", "ignore")  # missing id: fail here, early
    # The ontology with its modules merged, so the executors need no files of their own.
    turtle = df.sparkSession.sparkContext.broadcast(
        ontology_graph(path).serialize(format="turtle"))
    schema = StructType([StructField(name, StringType(), nullable=True)
                         for name in ("id", "label", *categories)])
    return df.mapInArrow(_answer_partition(turtle, list(df.columns)), schema)
