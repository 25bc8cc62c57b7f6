"""Classify a CSV of records with remote_kg.columnar.spark on a local Spark session and write the
answers as Parquet (run by benchmarks/run.py --spark-size)."""

from __future__ import annotations

import argparse
import os
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records")
    parser.add_argument("output")
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    from remote_kg.columnar.spark import classify

    spark = (SparkSession.builder.master(args.master).appName("remote-kg-benchmark")
             .config("spark.ui.enabled", "false").getOrCreate())
    start = time.perf_counter()
    df = spark.read.csv(args.records, header=True)
    classify(df).write.mode("overwrite").parquet(args.output)
    rows = spark.read.parquet(args.output).count()
    print(f"{rows} rows answered in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    spark.stop()


if __name__ == "__main__":
    main()
