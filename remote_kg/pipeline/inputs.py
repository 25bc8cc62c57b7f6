"""Inputs as they arrive: several files, directories and glob patterns, standard input,
and text in another encoding, each turned into an `Input` a reader takes as it is.

Standard input is read once; its format is the one `--input-format` names, else guessed
from its first bytes (Parquet's magic, `<` for HTML, `{` or `[` for JSON, else CSV), and
the bytes are kept in a scratch file with that format's extension, which one reader then
parses. A text file in another encoding (`--encoding`) is decoded once into a UTF-8
scratch copy. Errors about a scratch file name the input as given (`<stdin>`, the path).
"""

from __future__ import annotations

import codecs
import contextlib
import glob
import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from remote_kg.errors import InputError, RemoteKGError, option_name
from remote_kg.model.text import decoding_error
from remote_kg.pipeline.input_formats import INPUT_FORMATS
from remote_kg.pipeline.readers import Input, resolve

STDIN = "-"
STDIN_NAME = "<stdin>"
# --input-format names and the extension whose reader takes them.
_BINARY = (".parquet",)
_CHUNK = 1 << 20
_UTF8_BOM = b"\xef\xbb\xbf"
_GLOB = re.compile(r"[*?[]")
_HTML_START = re.compile(rb"<(?:!doctype\s+html|!--|[a-z][a-z0-9]*[\s/>])", re.IGNORECASE)


def known_extensions() -> frozenset[str]:
    """The file name endings a reader takes: what a directory or pattern contributes."""
    from remote_kg.rdf.parse import RDF_FORMATS

    return frozenset((*INPUT_FORMATS.values(), ".htm", *RDF_FORMATS))


def expand(arguments: Sequence[str]) -> list[str]:
    """The files the arguments name, in order: `-` (standard input, at most once), a file
    (whatever its extension), a directory (its files with a known extension, sorted by
    name; not its subdirectories) or a glob pattern (the files it matches with a known
    extension, sorted; `**` matches subdirectories too). A file named twice is read once.
    InputError for an argument that names nothing."""
    found: list[str] = []
    seen: set[str] = set()
    problems: list[str] = []
    known = known_extensions()

    def add(path: str) -> None:
        key = path if path == STDIN else str(Path(path).resolve())
        if key not in seen:
            seen.add(key)
            found.append(path)

    for argument in arguments:
        path = Path(argument)
        if argument == STDIN:
            add(argument)
        elif path.is_dir():
            files = sorted(str(p) for p in path.iterdir()
                           if p.is_file() and p.suffix.lower() in known)
            if not files:
                problems.append(f"{argument}: a directory with no file to read (none ends "
                                f"with {', '.join(sorted(known))})")
            for file in files:
                add(file)
        elif path.exists():
            add(argument)
        elif _GLOB.search(argument):
            files = sorted(p for p in glob.glob(argument, recursive=True)
                           if Path(p).is_file() and Path(p).suffix.lower() in known)
            if not files:
                problems.append(f"{argument}: the pattern matches no file to read")
            for file in files:
                add(file)
        else:
            problems.append(f"{argument}: no such file")
    if problems:
        raise InputError(problems)
    return found


@dataclass
class _Scratch:
    """Scratch copies of inputs, and how errors name each one (its input as given)."""

    folder: Path
    shown: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def path(self, name: str) -> Path:
        folder = self.folder / str(len(self.shown))
        folder.mkdir()
        return folder / name

    def rename(self, exc: RemoteKGError) -> None:
        """Name the inputs as given in every problem of `exc` (and add the notes)."""
        problems = list(exc.problems)
        for scratch, shown in self.shown.items():
            problems = [p.replace(scratch, shown) for p in problems]
        for note in self.notes if problems else ():
            # said on the line naming that input (else the last), so one error stays one line
            at = max((i for i, p in enumerate(problems) if note.partition(":")[0] in p),
                     default=len(problems) - 1)
            problems[at] = f"{problems[at]} ({note.partition(': ')[2]})"
        exc.problems = problems
        exc.args = ("\n".join(problems),)


@contextlib.contextmanager
def arrived(arguments: Sequence[str], input_format: str | None = None,
            encoding: str | None = None, stdin: BinaryIO | None = None,
            ) -> Iterator[list[Input]]:
    """The inputs the arguments name (`expand`), each with its reader, for the block;
    `-` reads `stdin` (its format `input_format`, else guessed), and a text input in an
    `encoding` other than UTF-8 is read through a UTF-8 copy. Errors raised in the block
    name the inputs as given."""
    names = expand(arguments)
    if input_format is not None and STDIN not in names:
        raise InputError(f"{option_name('input-format', input_format)} says what standard "
                         f"input ({STDIN}) holds; files are read by their extension")
    codec = _codec(encoding)
    with tempfile.TemporaryDirectory(prefix="remote-kg-inputs-") as folder:
        scratch = _Scratch(Path(folder))
        try:
            inputs = [_arrive(name, input_format, codec, stdin, scratch) for name in names]
            yield inputs
        except RemoteKGError as exc:
            scratch.rename(exc)
            raise


def _codec(encoding: str | None) -> str | None:
    """The codec's name for `encoding` (None: UTF-8, read as is); InputError if unknown."""
    if encoding is None:
        return None
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"{option_name('encoding', encoding)}: unknown encoding; expected "
                         "one such as utf-8, cp1252, latin-1, utf-16") from None
    return None if name == "utf-8" else name


def _arrive(name: str, input_format: str | None, codec: str | None, stdin: BinaryIO | None,
            scratch: _Scratch) -> Input:
    if name == STDIN:
        return _from_stdin(input_format, codec, stdin, scratch)
    path = Path(name)
    if codec is None or path.suffix.lower() in _BINARY:
        return resolve(path)
    copy = scratch.path(path.name)
    _transcode(path.read_bytes(), copy, codec, name)
    scratch.shown[str(copy)] = name
    return replace(resolve(copy), name=name)


def _from_stdin(input_format: str | None, codec: str | None, stdin: BinaryIO | None,
                scratch: _Scratch) -> Input:
    import sys

    stream = stdin if stdin is not None else sys.stdin.buffer
    if stdin is None and sys.stdin.isatty():
        raise InputError(f"{STDIN}: reads standard input, but nothing is piped in (give a "
                         "file, or pipe one: `... | remote-kg classify -`)")
    data = stream.read()  # the one reading of standard input
    fmt = input_format or _guess(data)
    copy = scratch.path("stdin" + INPUT_FORMATS[fmt])
    scratch.shown[str(copy)] = STDIN_NAME
    if codec is not None and INPUT_FORMATS[fmt] not in _BINARY:
        _transcode(data, copy, codec, STDIN_NAME)
    else:
        copy.write_bytes(data)
    if input_format is None:
        scratch.notes.append(f"{STDIN_NAME}: read as {fmt.upper()}, guessed from its first "
                             f"bytes; if it is not, say what it is with "
                             f"{option_name('input-format')} "
                             f"({'|'.join(INPUT_FORMATS)})")
    return replace(resolve(copy), name=STDIN_NAME)


def _guess(data: bytes) -> str:
    """The format of standard input, from its first bytes where that is safe: Parquet's
    magic, an HTML tag, a JSON object or array (JSON Lines when an object ends a line and
    the next begins one), else CSV. `<` opening an IRI or XML may be RDF as well as HTML:
    InputError asking for --input-format."""
    if data.startswith(b"PAR1"):
        return "parquet"
    head = data.removeprefix(_UTF8_BOM).lstrip()
    if head.startswith(b"<"):
        if _HTML_START.match(head[:200]) and not head.startswith(b"<?xml"):
            return "html"
        raise InputError(f"{STDIN_NAME}: starts with {head[:30]!r}, which may be HTML, XML or "
                         f"RDF; say which with {option_name('input-format')} "
                         "html|rdfxml|ttl|nt")
    if head.startswith(b"{"):
        return "jsonl" if re.search(rb"\}[ \t]*\r?\n\s*\{", head) else "jsonld"
    if head.startswith(b"["):
        return "jsonld"
    return "csv"


def _transcode(data: bytes, copy: Path, codec: str, shown: str) -> None:
    """`data`, decoded from `codec`, written to `copy` as UTF-8 (an HTML page after a
    byte-order mark, which wins over the charset the page declares); InputError naming
    the first byte that is not `codec`, its line, and --encoding."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(decoding_error(shown, data, exc.start, codec)) from None
    mark = "\ufeff" if copy.suffix.lower() in (".html", ".htm") else ""
    with open(copy, "w", encoding="utf-8", newline="") as out:
        out.write(mark + text.removeprefix("\ufeff") if mark else text)
