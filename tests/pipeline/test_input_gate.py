"""One parser decides for every command; text that is not UTF-8 and SERVICE on the command
line get one clear line each.

Each bad file is given to every command that reads RDF (`classify`, `validate`, `load`,
`query --data`, `serve --data`): all refuse it with the same message naming the file, line
and column, exit 2, print nothing on stdout and no traceback. Good files pass them all.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.server.test_server_support import CLI, Listener

PREFIX = "@prefix ex: <http://example.org/> .\n"
BAD_RDF = {
    "control-character-in-prefixed-name.ttl": (PREFIX + "ex:a ex:b ex:c\x1e .\n").encode(),
    "space-in-iri.ttl": b"<http://example.org/a b> <http://example.org/p> <http://e/o> .\n",
    "latin-1.ttl": (PREFIX + 'ex:a ex:b "caf\xe9" .\n').encode("latin-1"),
    "not-utf-8.nt": b"<http://example.org/a> <http://example.org/p> \"\xff\xfe\" .\n",
    "remote-context.jsonld": b'{"@context": "https://schema.org/", "@type": "Person", "name": "x"}',
    "mismatched-tag.rdf": b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/'
                          b'02/22-rdf-syntax-ns#">\n<rdf:Description rdf:about="http://e/a">'
                          b"</rdf:RDF>",
    "bad-language-tag.ttl": (PREFIX + 'ex:a ex:b "x"@-bad- .\n').encode(),
}
QUERY = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1\n"


def _run(args: list[str], cwd: Path, stdin: bytes | None = None,
         timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLI), *args], cwd=cwd, input=stdin, capture_output=True,
                          timeout=timeout)


def _commands(path: Path, tmp: Path) -> dict[str, list[str]]:
    (tmp / "q.rq").write_text(QUERY)
    return {
        "classify": ["classify", str(path)],
        "validate": ["validate", str(path)],
        "load": ["load", str(path), "--store", str(tmp / "store")],
        "query --data": ["query", str(tmp / "q.rq"), "--data", str(path)],
        "serve --data": ["serve", "--port", "0", "--data", str(path)],
    }


@pytest.mark.parametrize("name", sorted(BAD_RDF))
def test_every_command_refuses_a_bad_rdf_file_with_the_same_line(tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_bytes(BAD_RDF[name])
    messages = {}
    for command, args in _commands(path, tmp_path).items():
        done = _run(args, tmp_path)
        stderr = done.stderr.decode("utf-8", "replace")
        assert done.returncode == 2, (command, stderr)
        assert done.stdout == b"", (command, done.stdout[:200])
        assert "Traceback" not in stderr, (command, stderr)
        line = next(x for x in stderr.splitlines() if str(path) in x)
        assert all(ch.isprintable() for ch in line), (command, line)
        messages[command] = line.removeprefix("error: ").strip()
    assert len(set(messages.values())) == 1, messages
    message = next(iter(messages.values()))
    # where: line and column (byte offset for encodings); pyoxigraph gives no position for
    # RDF/XML and JSON-LD, whose messages name the element or key at fault instead
    assert ("line " in message and ("column " in message or "byte " in message)
            or "@context" in message or "</rdf:" in message), message
    assert not (tmp_path / "store").exists() or not any((tmp_path / "store").iterdir())


def test_a_good_file_in_every_syntax_is_read_the_same_by_every_command(tmp_path: Path):
    from rdflib import Graph

    turtle = tmp_path / "good.ttl"
    turtle.write_text(PREFIX + 'ex:a a ex:Thing ; ex:name "café"@fr .\n', encoding="utf-8")
    graph = Graph().parse(turtle)
    for fmt, suffix in (("nt", "nt"), ("xml", "rdf"), ("json-ld", "jsonld")):
        path = tmp_path / f"good.{suffix}"
        graph.serialize(path, format=fmt)
        for command, args in _commands(path, tmp_path).items():
            if command == "serve --data":
                continue  # serves until stopped; its reading is `query --data`'s
            done = _run(args, tmp_path)
            assert done.returncode in (0, 1), (command, suffix, done.stderr[-500:])
            assert b"Traceback" not in done.stderr


# -- text that is not UTF-8 -----------------------------------------------------------------

def test_a_latin_1_query_file_names_the_byte_and_says_sparql_is_utf_8(tmp_path: Path):
    query = tmp_path / "cafe.rq"
    query.write_bytes('SELECT ?w WHERE { ?w rdfs:label "café" }\n'.encode("latin-1"))
    done = _run(["query", str(query)], tmp_path)
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode().strip() == (
        f"error: {query}: byte 36 (line 1, column 37) is 0xE9, not UTF-8; SPARQL text must "
        "be UTF-8 (save it as UTF-8)")


def test_bytes_that_are_not_utf_8_on_stdin_are_named(tmp_path: Path):
    done = _run(["query", "-"], tmp_path, stdin=b"SELECT * WHERE {\n ?s ?p \xff }")
    assert done.returncode == 2 and done.stdout == b""
    assert b"<stdin>: byte 24 (line 2, column 8) is 0xFF, not UTF-8" in done.stderr


def test_a_bind_value_that_is_not_utf_8_is_named(tmp_path: Path):
    (tmp_path / "q.rq").write_text("SELECT ?w WHERE { ?w a rkg:Worker }\n")
    done = subprocess.run([str(CLI).encode(), b"query", b"q.rq", b"--bind", b"w=data:caf\xe9"],
                          cwd=tmp_path, capture_output=True, timeout=60)
    assert done.returncode == 2 and done.stdout == b""
    assert b"--bind" in done.stderr and b"0xE9, not UTF-8" in done.stderr
    assert b"Traceback" not in done.stderr


def test_a_latin_1_csv_names_the_byte_line_and_column(tmp_path: Path):
    data = tmp_path / "export.csv"
    data.write_bytes("id,label,relation\nw1,café,employee\n".encode("latin-1"))
    done = _run(["classify", str(data)], tmp_path)
    assert done.returncode == 2 and done.stdout == b""
    assert (f"{data}: byte 24 (line 2, column 7) is 0xE9, not UTF-8; a CSV file must be "
            "UTF-8").encode() in done.stderr


# -- SERVICE on the command line ------------------------------------------------------------


SERVICE_QUERIES = [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ VALUES ?e {{ <http://127.0.0.1:{port}/> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    'SELECT * WHERE {{ BIND("\\u005C" AS ?x) SERVICE SILENT <http://127.0.0.1:{port}/> '
    "{{ ?s ?p ?o }} BIND('\" AS ?z) #' AS ?y) }}",
    "ASK {{ OPTIONAL {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }}",
]


@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_query_refuses_service_by_default_and_connects_nowhere(tmp_path: Path, template: str):
    listener = Listener()
    try:
        (tmp_path / "q.rq").write_text(template.format(port=listener.port))
        done = _run(["query", "q.rq"], tmp_path)
    finally:
        listener.close()
    assert done.returncode == 2 and done.stdout == b""
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "--allow-service" in lines[0], lines
    assert listener.connections == 0


def test_allow_service_really_calls_the_endpoint(tmp_path: Path):
    listener = Listener()
    try:
        endpoint = f"http://127.0.0.1:{listener.port}/sparql"
        query = f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}"
        (tmp_path / "q.rq").write_text(query)
        done = _run(["query", "q.rq", "--allow-service"], tmp_path)
    finally:
        listener.close()
    assert listener.connections >= 1
    assert done.returncode == 2 and done.stdout == b""
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and f"http://127.0.0.1:{listener.port}/sparql" in lines[0], lines


@pytest.mark.parametrize("target, reason", [
    ("<http://no-such-host.invalid/sparql>", "lookup"),
    ("?unbound", "unbound"),
])
def test_a_failing_remote_endpoint_is_one_line_naming_it(tmp_path: Path, target: str,
                                                         reason: str):
    (tmp_path / "q.rq").write_text(f"SELECT * WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}")
    done = _run(["query", "q.rq", "--allow-service"], tmp_path)
    assert done.returncode == 2 and done.stdout == b""
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and target in lines[0] and reason in lines[0], lines


def test_a_latin_1_competency_query_for_serve_is_named(tmp_path: Path):
    queries = tmp_path / "queries"
    queries.mkdir()
    (queries / "cq-cafe.rq").write_bytes('SELECT ?w WHERE { ?w rdfs:label "café" }'
                                         .encode("latin-1"))
    done = _run(["serve", "--port", "0", "--queries-dir", str(queries)], tmp_path)
    assert done.returncode == 2 and done.stdout == b""
    assert f"{queries / 'cq-cafe.rq'}: byte 36".encode() in done.stderr
    assert b"Traceback" not in done.stderr


@pytest.mark.parametrize("opening, closing", [("{ ", " }"), ("(", ")")])
def test_a_query_nested_thousands_deep_is_refused_not_a_crash(tmp_path: Path, opening: str,
                                                              closing: str):
    depth = 20000
    body = (opening * depth + "?s ?p ?o" + closing * depth if opening == "{ "
            else "FILTER(" + opening * depth + "1" + closing * depth + ")")
    (tmp_path / "deep.rq").write_text(f"SELECT * WHERE {{ {body} }}")
    for extra in ([], ["--allow-service"]):
        done = _run(["query", "deep.rq", *extra], tmp_path)
        assert done.returncode == 2, done.returncode  # not a segfault (-11)
        assert b"levels deep" in done.stderr and done.stdout == b""
