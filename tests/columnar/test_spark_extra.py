"""`pip install 'remote-kg[spark]'` brings everything `columnar.spark.classify(df)` needs.

The test suite's own environment holds pandas and much more, which once hid a dependency
the `spark` extra lacked. So `classify` runs here in an interpreter that sees nothing but
the distributions `pip install 'remote-kg[spark]'` would install: the project's
dependencies and its `spark` extra as pyproject.toml declares them, then theirs as their
installed metadata declares them, linked into an empty directory, with Python started
without site-packages (`-S`), for the driver and for Spark's Python workers alike.
Installing the extra into a new virtualenv with pip would check the same, but took 73 s
on the 2-core machine (wheels from pip's cache) before Spark even started; finding and
linking the closure takes under a second, so this costs what one local Spark job costs.
Left out of the closure, pandas makes this fail as `pip install 'remote-kg[spark]'` did:
"No module named 'pandas'" from `mapInArrow`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO, run_cli

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the project's installed metadata instead
    tomllib = None

pytest.importorskip("pyspark")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java")]

RECORDS = [("w1", "Home-based employee", "employee", "home"),
           ("w2", "Freelancer at clients", "freelancer", "client_site"),
           ("w3", "Someone", "", "")]

DRIVER = """
import json, sys, sysconfig
from pyspark.sql import SparkSession
from remote_kg.columnar.spark import classify

spark = (SparkSession.builder.master("local[1]").appName("remote-kg-spark-extra")
         .config("spark.ui.enabled", "false").getOrCreate())
try:
    rows = json.loads(sys.argv[1])
    df = spark.createDataFrame(rows, "id string, label string, relation string, "
                               "workplaces string")
    answered = [row.asDict() for row in classify(df).collect()]
finally:
    spark.stop()
paths = sysconfig.get_paths()
allowed = (sys.argv[2], paths["stdlib"], paths["platstdlib"])
outside = sorted({m.__file__ for m in list(sys.modules.values())
                  if getattr(m, "__file__", None) and not m.__file__.startswith(allowed)})
print(json.dumps({"rows": answered, "path": sys.path, "outside": outside}))
"""


def _requirements(name: str, extras: set[str]) -> list[Requirement]:
    """What installing `name[extras]` installs next: its requirements whose markers hold
    here, for no extra or one of `extras`. The project's own come from pyproject.toml."""
    if tomllib is not None and canonicalize_name(name) == "remote-kg":
        project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
        texts = list(project["dependencies"])
        for extra in extras:
            texts += project["optional-dependencies"][extra]
        return [Requirement(text) for text in texts]
    found = []
    for text in metadata.distribution(name).requires or []:
        requirement = Requirement(text)
        marker = requirement.marker
        if marker is None or any(marker.evaluate({"extra": e}) for e in {"", *extras}):
            found.append(requirement)
    return found


def extra_closure(name: str, extras: set[str]) -> dict[str, metadata.Distribution]:
    """The installed distributions `pip install 'name[extras]'` would bring, by name (the
    project itself left out: it is the working tree)."""
    closure: dict[str, metadata.Distribution] = {}
    pending = [(name, extras)]
    seen: set[tuple[str, frozenset[str]]] = set()
    while pending:
        current, wanted = pending.pop()
        key = (canonicalize_name(current), frozenset(wanted))
        if key in seen:
            continue
        seen.add(key)
        if key[0] != "remote-kg":
            closure[key[0]] = metadata.distribution(current)
        pending.extend((r.name, set(r.extras)) for r in _requirements(current, wanted))
    return closure


def link_site(closure: dict[str, metadata.Distribution], target: Path) -> None:
    """A directory holding only the closure's files (each top-level package, module and
    .dist-info linked, a directory shared by two distributions made of their files) and
    the working tree's `remote_kg`."""
    owners: dict[str, set[str]] = {}
    for name, dist in closure.items():
        for file in dist.files or []:
            if file.parts[0] != "..":  # scripts installed outside site-packages
                owners.setdefault(file.parts[0], set()).add(name)
    for top, names in owners.items():
        if len(names) == 1:
            dist = closure[next(iter(names))]
            (target / top).symlink_to(Path(dist.locate_file(top)))
            continue
        for name in names:
            for file in closure[name].files or []:
                if file.parts[0] == top:
                    link = target / file
                    link.parent.mkdir(parents=True, exist_ok=True)
                    link.symlink_to(Path(closure[name].locate_file(file)))
    (target / "remote_kg").symlink_to(REPO / "remote_kg")


def test_the_spark_extra_alone_runs_classify_on_a_dataframe(tmp_path):
    closure = extra_closure("remote-kg", {"spark"})
    assert {"pyspark", "pyarrow", "pandas"} <= set(closure)
    assert "pytest" not in closure and "polars" not in closure  # test extras stay out
    site = tmp_path / "site"
    site.mkdir()
    link_site(closure, site)
    python = tmp_path / "python"  # Spark's workers run this: no site-packages either
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" -S "$@"\n')
    python.chmod(0o755)
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "PYSPARK", "SPARK"))}
    env.update(PYTHONPATH=str(site), PYSPARK_PYTHON=str(python),
               PYSPARK_DRIVER_PYTHON=str(python))
    result = subprocess.run([str(python), "-c", DRIVER, json.dumps(RECORDS), str(site)],
                            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    ran = json.loads(result.stdout.splitlines()[-1])
    assert not [p for p in ran["path"] if "-packages" in p]
    assert ran["outside"] == []  # every module came from the closure or the standard library

    records = tmp_path / "records.csv"
    with records.open("w", newline="") as handle:
        csv.writer(handle).writerows([("id", "label", "relation", "workplaces"), *RECORDS])
    expected = list(csv.DictReader(io.StringIO(run_cli("classify", records, "-f", "csv").stdout)))
    got = [{key: value or "" for key, value in row.items()} for row in ran["rows"]]
    assert sorted(got, key=lambda r: r["id"]) == expected
