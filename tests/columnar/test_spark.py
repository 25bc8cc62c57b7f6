"""remote_kg.columnar.spark on a local Spark session: the rows the CLI gives."""

from __future__ import annotations

import csv
import io
import os
import shutil
import sys

import pytest

pyspark = pytest.importorskip("pyspark")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java")]

from tests.conftest import REPO, run_cli  # noqa: E402

WORKERS = REPO / "examples" / "workers.csv"


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    before = os.environ.get("PYSPARK_PYTHON")
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the executors run this venv's Python
    session = (SparkSession.builder.master("local[2]").appName("remote-kg-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2").getOrCreate())
    yield session
    session.stop()
    if before is None:
        os.environ.pop("PYSPARK_PYTHON", None)
    else:
        os.environ["PYSPARK_PYTHON"] = before


def _cli_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(run_cli("classify", WORKERS, "-f", "csv").stdout)))


def test_spark_classify_gives_exactly_the_cli_rows(spark):
    from pyspark.sql.functions import lit

    from remote_kg.columnar.spark import classify

    df = spark.read.csv(str(WORKERS), header=True).withColumn("team", lit("x"))
    answered = classify(df.repartition(3))
    got = [{k: (v or "") for k, v in row.asDict().items()} for row in answered.collect()]
    expected = _cli_rows()
    assert answered.columns == list(expected[0])
    assert sorted(got, key=lambda r: r["id"]) == sorted(expected, key=lambda r: r["id"])


def test_spark_classify_fails_the_job_naming_a_bad_value(spark):
    from pyspark.errors import PythonException

    from remote_kg.columnar.spark import classify

    df = spark.createDataFrame([("w1", "boss")], ["id", "relation"])
    with pytest.raises(PythonException, match="column 'relation': value 'boss' is not allowed"):
        classify(df).collect()


def test_spark_classify_needs_an_id_column(spark):
    from remote_kg.columnar.spark import classify
    from remote_kg.errors import InputError

    with pytest.raises(InputError, match="missing required column 'id'"):
        classify(spark.createDataFrame([("employee",)], ["relation"]))
