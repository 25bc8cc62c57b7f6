"""A command whose reader goes away (`remote-kg query ... | head -1`) stops as a Unix tool
does: no message, no traceback, exit status 141 (128 + SIGPIPE)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

WORKERS = REPO / "examples" / "workers.csv"


def _first_line_then_close(*args: str) -> tuple[int, str]:
    """Run the CLI, read one line of its output, close the pipe: (status, stderr)."""
    running = subprocess.Popen([sys.executable, "-m", "remote_kg.cli", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    assert running.stdout is not None and running.stderr is not None
    assert running.stdout.readline()
    running.stdout.close()
    stderr = running.stderr.read().decode()
    return running.wait(timeout=600), stderr


@pytest.fixture(scope="module")
def many_records(tmp_path_factory) -> Path:
    """The example records 100 times over (more output than a pipe holds)."""
    lines = WORKERS.read_text(encoding="utf-8").splitlines()
    rows = [f"{row.split(',', 1)[0]}-{copy},{row.split(',', 1)[1]}"
            for copy in range(100) for row in lines[1:]]
    path = tmp_path_factory.mktemp("pipe") / "many.csv"
    path.write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_query_into_a_closed_pipe_exits_141_quietly(tmp_path, fmt):
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?w ?c WHERE { ?w a ?c }", encoding="utf-8")
    status, stderr = _first_line_then_close("query", str(query), "--data", str(WORKERS),
                                            "-q", "-f", fmt)
    assert (status, stderr) == (141, "")


def test_classify_into_a_closed_pipe_exits_141_quietly(many_records):
    status, stderr = _first_line_then_close("classify", str(many_records), "-f", "csv")
    assert (status, stderr) == (141, "")
