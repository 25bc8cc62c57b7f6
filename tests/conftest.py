"""Shared fixtures: writing CSV files and running the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
HEADER = "id,label,relation,workplaces,schedule,tools,location_bound,uses_ict"


@pytest.fixture
def write_csv(tmp_path):
    """Write CSV text to a file in tmp_path and return its path."""

    def write(text: str, name: str = "records.csv") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed `remote-kg` entry point as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "remote_kg.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        timeout=600,
    )


def classify_json(path: Path, *extra: str) -> dict[str, dict[str, list[str]]]:
    result = run_cli("classify", path, "--format", "json", *extra)
    assert result.returncode == 0, result.stderr
    return {row["id"]: row for row in json.loads(result.stdout)}
