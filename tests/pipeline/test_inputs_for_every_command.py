"""Inputs as they arrive for every command that reads records (issue 25, point 3): `load`,
`validate`, `push`, `query --data` and `serve --data` take a directory, a quoted glob
pattern and `-` (standard input) as `classify` does, and give the same answers as the
files listed one by one. Each case runs the CLI in a subprocess, as a newcomer would."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from remote_kg.cli import cli
from remote_kg.kg.push import remote_query
from tests.conftest import run_cli
from tests.kg.test_push import count, oxigraph, push  # noqa: F401 (oxigraph: a fixture)
from tests.pipeline.test_inputs_as_they_arrive import (
    FIRST,
    HEADER,
    SECOND,
    run_with_stdin,
    text,
    write,
)
from tests.server.test_server_support import running_server

# Each record with each category it is in: the answers, not just how many.
ANSWERS = """PREFIX rkg: <https://w3id.org/remote-kg/ontology#>
SELECT ?id ?category WHERE { ?w rkg:recordId ?id ; a ?category } ORDER BY ?id ?category
"""


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder as an HR system leaves it: two exports and a note that is not an input."""
    folder = tmp_path_factory.mktemp("inputs") / "exports"
    folder.mkdir()
    write(folder / "1-first.csv", HEADER, *FIRST)
    write(folder / "2-second.csv", HEADER, *SECOND)
    write(folder / "notes.txt", "not an input")
    (folder.parent / "empty").mkdir()
    write(folder.parent / "answers.rq", ANSWERS)
    return folder


@pytest.fixture(scope="module")
def files(exports: Path) -> list[str]:
    return [str(exports / "1-first.csv"), str(exports / "2-second.csv")]


@pytest.fixture(scope="module")
def over_the_files(exports: Path, files: list[str]) -> str:
    """The answers of `query --data` over the two files named one by one."""
    code, out, err = run_here("query", exports.parent / "answers.rq", *_data(files), "-f", "csv")
    assert code == 0, err
    assert {row["id"] for row in csv.DictReader(io.StringIO(out))} == {"a", "b", "c"}
    return out


def _data(inputs: list[str]) -> list[str]:
    return [part for given in inputs for part in ("--data", given)]


def run_here(*args: object, stdin: bytes | None = None) -> tuple[int, str, str]:
    """The CLI run in this process (the ontology and engine are loaded once for all the
    commands that succeed): exit code, stdout, stderr."""
    done = CliRunner().invoke(cli, [str(a) for a in args], input=stdin)
    if done.exception and not isinstance(done.exception, SystemExit):
        raise done.exception
    return done.exit_code, done.stdout, done.stderr


def test_query_data_takes_a_directory_a_glob_and_stdin_as_the_files(exports, files,
                                                                    over_the_files):
    query = exports.parent / "answers.rq"
    assert run_here("query", query, "--data", exports, "-f", "csv")[:2] == (0, over_the_files)
    piped = run_here("query", query, "--data", "-", "--data", exports / "2-*", "-f", "csv",
                     stdin=Path(files[0]).read_bytes())
    assert piped[:2] == (0, over_the_files), piped[2]


def test_query_refuses_data_on_stdin_when_the_query_is_there_too(exports):
    done = run_with_stdin("query", "-", "--data", "-", data=ANSWERS.encode())
    assert done.returncode == 2 and done.stdout == b""
    assert text(done.stderr) == ("error: --data -: standard input already holds the query; "
                                 "give the data as a file, directory or pattern\n")


def test_load_of_a_directory_or_of_stdin_answers_as_the_files(exports, files, over_the_files,
                                                              tmp_path):
    query = exports.parent / "answers.rq"
    code, _, err = run_here("load", exports, "--store", tmp_path / "folder", "--no-optimize")
    assert code == 0 and "loaded 3 records" in err, err
    code, _, err = run_here("load", "-", exports / "2-*.csv", "--store", tmp_path / "piped",
                            "--no-optimize", stdin=Path(files[0]).read_bytes())
    assert code == 0 and "loaded 3 records" in err, err
    for store in ("folder", "piped"):
        done = run_here("query", query, "--store", tmp_path / store, "-f", "csv")
        assert done[:2] == (0, over_the_files), (store, done[2])


def test_one_record_in_stdin_and_a_file_is_one_error_naming_both(exports, files, tmp_path):
    done = run_with_stdin("load", "-", exports, "--store", str(tmp_path / "store"),
                          data=Path(files[0]).read_bytes())
    assert done.returncode == 2 and not (tmp_path / "store").exists()
    first = text(done.stderr).splitlines()[0]
    assert first.startswith(f"error: {files[0]}: record ") and "is also in <stdin>" in first


def test_validate_reports_a_directory_and_stdin_as_the_files(exports, files):
    listed, folder = run_here("validate", *files), run_here("validate", exports)
    assert listed[0] == folder[0] == 0, folder[2]
    assert folder[1] == listed[1]
    assert listed[1].startswith(f"Validated {files[0]}, {files[1]} against")
    piped = run_here("validate", "-", stdin=Path(files[0]).read_bytes())
    assert piped[0] == 0, piped[2]
    assert piped[1].startswith("Validated <stdin> against")


def test_push_of_a_directory_or_stdin_holds_what_the_files_do(
        oxigraph, exports, files, over_the_files):  # noqa: F811
    endpoint, graph = oxigraph + "/query", "https://example.org/remote-kg/push-inputs/"
    done = run_here("push", "--endpoint", endpoint, "--graph", graph + "folder", "-q", exports)
    assert done[0] == 0, done[2]
    piped = run_here("push", "--endpoint", endpoint, "--graph", graph + "piped", "-q", "-",
                     files[1], stdin=Path(files[0]).read_bytes())
    assert piped[0] == 0, piped[2]
    for name in ("folder", "piped"):
        body = remote_query(endpoint, ANSWERS, "text/csv", graph=graph + name)
        assert body.decode().replace("\r\n", "\n") == over_the_files.replace("\r\n", "\n")
    assert count(oxigraph, graph + "folder") == count(oxigraph, graph + "piped")


def test_serve_data_takes_a_directory_and_names_its_files(exports, files, over_the_files,
                                                          tmp_path):
    with running_server(tmp_path, "--data", str(exports), "--workers", "1") as server:
        answer = httpx.post(server.endpoint, data={"query": ANSWERS},
                            headers={"Accept": "text/csv"}, timeout=30)
        log = server.log.read_text()
    assert f"{files[0]} and {files[1]} with their inferred categories" in log
    assert answer.status_code == 200
    assert answer.text.replace("\r\n", "\n") == over_the_files.replace("\r\n", "\n")


@pytest.mark.parametrize("command", [
    ["load", "{empty}", "--store", "{empty}/../store"],
    ["validate", "{empty}"],
    ["push", "--endpoint", "http://127.0.0.1:9/sparql", "{empty}"],
    ["query", "{query}", "--data", "{empty}"],
    ["serve", "--data", "{empty}"],
])
def test_an_empty_directory_is_one_clear_error(exports, command):
    empty = exports.parent / "empty"
    args = [a.format(empty=empty, query=exports.parent / "answers.rq") for a in command]
    done = run_cli(*args)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"error: {empty}: a directory with no file to read (none "
                                  "ends with .csv, ")
    assert len(done.stderr.splitlines()) == 1
    assert not (exports.parent / "store").exists()


def test_a_windows_1252_export_loads_and_is_queried_with_encoding(exports, tmp_path):
    export = tmp_path / "export.csv"
    export.write_bytes("id,label,workplaces\nfé1,café worker,home\n".encode("cp1252"))
    loaded = run_here("load", export, "--encoding", "cp1252", "--store", tmp_path / "store",
                      "--no-optimize")
    assert loaded[0] == 0, loaded[2]
    code, out, err = run_here("query", exports.parent / "answers.rq", "--store",
                              tmp_path / "store", "-f", "csv")
    assert code == 0, err
    assert {row["id"] for row in csv.DictReader(io.StringIO(out))} == {"fé1"}
