"""Columnar data: worker records in Arrow tables, Parquet files and DataFrames (pandas,
polars), classified by the same engine as the CSV, with one column per category."""

from remote_kg.columnar.table import classify_frame, classify_table

__all__ = ["classify_frame", "classify_table"]
