"""The commands in docs/query-from-your-tools.md work against a started server."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from test_server_support import RECORDS_CSV, running_server

DOC = Path(__file__).resolve().parent.parent / "docs" / "query-from-your-tools.md"
DOC_PORT = "8765"
BLOCK = re.compile(r"(<!-- doc-test: server -->\n)?```(sh|python)\n(.*?)```", re.DOTALL)


def blocks() -> list[tuple[bool, str, str]]:
    """(is the server command, language, code) of every fenced sh/python block."""
    return [(bool(m.group(1)), m.group(2), m.group(3)) for m in BLOCK.finditer(DOC.read_text())]


def test_the_doc_has_a_server_command_and_examples_in_both_languages():
    found = blocks()
    assert sum(is_server for is_server, _, _ in found) == 1
    assert {lang for is_server, lang, _ in found if not is_server} == {"sh", "python"}
    assert f"127.0.0.1:{DOC_PORT}" in DOC.read_text()


@pytest.fixture(scope="module")
def doc_server(tmp_path_factory: pytest.TempPathFactory):
    """Run the doc's own serve command, on a free port instead of the documented one."""
    tmp = tmp_path_factory.mktemp("docs")
    (tmp / "my-records.csv").write_text(RECORDS_CSV)
    command = next(code for is_server, _, code in blocks() if is_server).strip()
    argv = shlex.split(command)
    assert argv[:2] == ["remote-kg", "serve"]
    with running_server(tmp, *argv[2:]) as server:
        yield tmp, server


@pytest.mark.parametrize(
    "index", [i for i, (is_server, _, _) in enumerate(blocks()) if not is_server]
)
def test_each_doc_example_runs(doc_server, index: int):
    cwd, server = doc_server
    _, language, code = blocks()[index]
    port = server.base.rsplit(":", 1)[1]
    code = code.replace(f"127.0.0.1:{DOC_PORT}", f"127.0.0.1:{port}")
    argv = ["bash", "-euo", "pipefail", "-c", code] if language == "sh" else [sys.executable, "-c",
                                                                             code]
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr + done.stdout
    assert done.stdout.strip(), "the example printed nothing"
