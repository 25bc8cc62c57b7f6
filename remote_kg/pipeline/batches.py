"""The pipeline's stage for records already in Arrow batches: a Parquet file's row groups
(`classify -o x.parquet`), pandas and polars DataFrames and Arrow tables
(`columnar.classify_frame`), and Spark partitions (`spark.classify`) all go through
`answered_batches`, with the columns read by `columnar.table.TableReader`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from remote_kg.columnar.table import Answering, TableReader


def answered_batches(reader: TableReader, batches: Iterable[Any], engine,
                     ) -> Iterator[tuple[Any, dict[str, list]]]:
    """Each batch with, per category, the answer of each of its rows (None for a bad row);
    the rows' problems and inconsistent records are raised after the last batch, so a
    caller writing as it goes never finishes a bad output."""
    answering = Answering(reader, engine)
    for batch in batches:
        yield batch, answering.batch(batch)
    answering.finish()
