"""The commands in docs/query-from-your-tools.md and README's section work against a server."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.server.test_server_support import RECORDS_CSV, running_server

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "query-from-your-tools.md"
README = ROOT / "README.md"
DOC_PORT = "8765"
BLOCK = re.compile(r"(<!-- doc-test: server -->\n)?```(sh|python)\n(.*?)```", re.DOTALL)


def readme_section() -> str:
    """README's "Query it from your tools" section, up to the next heading of its level."""
    text = README.read_text()
    start = text.index("## Query it from your tools")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def blocks(text: str | None = None) -> list[tuple[bool, str, str]]:
    """(is the server command, language, code) of every fenced sh/python block."""
    text = DOC.read_text() if text is None else text
    return [(bool(m.group(1)), m.group(2), m.group(3)) for m in BLOCK.finditer(text)]


def all_examples() -> list[tuple[str, str, str]]:
    """(source, language, code) of every example in the doc and the README section."""
    return [
        (name, lang, code)
        for name, text in (("doc", DOC.read_text()), ("readme", readme_section()))
        for is_server, lang, code in blocks(text)
        if not is_server
    ]


def test_the_readme_section_has_the_server_command_curl_python_and_the_page():
    section = readme_section()
    found = blocks(section)
    assert sum(is_server for is_server, _, _ in found) == 1
    assert {lang for is_server, lang, _ in found if not is_server} == {"sh", "python"}
    assert "curl" in section and "http://127.0.0.1:8765/" in section
    server_commands = {
        code
        for text in (section, DOC.read_text())
        for is_server, _, code in blocks(text)
        if is_server
    }
    assert len(server_commands) == 1, "README and doc must start the server the same way"


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
    "index",
    range(len(all_examples())),
    ids=[f"{src}-{i}" for i, (src, _, _) in enumerate(all_examples())],
)
def test_each_doc_example_runs(doc_server, index: int):
    cwd, server = doc_server
    _, language, code = all_examples()[index]
    port = server.base.rsplit(":", 1)[1]
    code = code.replace(f"127.0.0.1:{DOC_PORT}", f"127.0.0.1:{port}")
    argv = (
        ["bash", "-euo", "pipefail", "-c", code]
        if language == "sh"
        else [sys.executable, "-c", code]
    )
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr + done.stdout
    assert done.stdout.strip(), "the example printed nothing"
