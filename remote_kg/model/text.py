"""Text inputs are UTF-8: reading them, and saying exactly where one is not.

Every text the tool reads (CSV, RDF files, query files, standard input, arguments) is
checked here, with one message: the source, the byte offset with its line and column, the
byte, and that the text must be UTF-8.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from remote_kg.errors import InputError

CHUNK = 1 << 20


def _message(source: str, offset: int, line: int, column: int, byte: int, what: str) -> str:
    return (f"{source}: byte {offset} (line {line}, column {column}) is 0x{byte:02X}, not "
            f"UTF-8; {what} must be UTF-8 (save it as UTF-8)")


def decode_utf8(data: bytes, source: str, what: str = "the text") -> str:
    """``data`` as text; InputError naming the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - before.rfind(b"\n")
        raise InputError(_message(source, exc.start, line, column, data[exc.start],
                                  what)) from exc


def check_utf8_file(path: Path, what: str = "the file") -> None:
    """Read ``path`` in chunks; InputError naming the first byte that is not UTF-8."""
    carry = b""
    offset = 0  # file offset of carry[0]
    lines_before = 0
    last_newline = -1  # file offset of the last newline before carry
    with open(path, "rb") as handle:
        while True:
            chunk = handle.read(CHUNK)
            data = carry + chunk
            try:
                _, consumed = codecs.utf_8_decode(data, "strict", not chunk)
            except UnicodeDecodeError as exc:
                before = data[: exc.start]
                newline = before.rfind(b"\n")
                column = exc.start - newline if newline >= 0 else offset + exc.start - last_newline
                raise InputError(_message(str(path), offset + exc.start,
                                          lines_before + before.count(b"\n") + 1, column,
                                          data[exc.start], what)) from exc
            done = data[:consumed]
            lines_before += done.count(b"\n")
            newline = done.rfind(b"\n")
            if newline >= 0:
                last_newline = offset + newline
            carry = data[consumed:]
            offset += consumed
            if not chunk:
                return


def read_utf8(path: Path, what: str = "the text") -> str:
    """The whole file as text; InputError naming the first byte that is not UTF-8."""
    return decode_utf8(Path(path).read_bytes(), str(path), what)


def check_argument_utf8(value: str, option: str) -> str:
    """A command-line value as given; InputError if its bytes were not UTF-8 (Python keeps
    such bytes as lone surrogates)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raw = value.encode("utf-8", "surrogateescape")
        offset = len(value[: exc.start].encode("utf-8", "surrogateescape"))
        raise InputError(f"{option} {raw!r}: byte {offset} is 0x{raw[offset]:02X}, not UTF-8; "
                         "command-line values must be UTF-8") from exc
    return value


def visible(text: str) -> str:
    """``text`` with control and other invisible characters written as escapes (``\x1E``,
    ``\u202E``), so a message quoting input stays one readable line."""
    return "".join(
        ch if ch.isprintable() else f"\\x{ord(ch):02X}" if ord(ch) <= 0xFF
        else f"\\u{ord(ch):04X}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08X}"
        for ch in text)


def decoding_error(source: str, data: bytes, offset: int, encoding: str,
                   declared: bool = False) -> str:
    """The message for the byte at `offset` of `data` that `encoding` does not decode
    (`declared`: the encoding is the one an HTML page declares), suggesting --encoding."""
    from remote_kg.errors import option_name

    before = data[:offset]
    line = before.count(b"\n") + 1
    column = offset - before.rfind(b"\n")
    what = f"{encoding}, the charset the page declares" if declared else encoding
    return (f"{source}: byte {offset} (line {line}, column {column}) is 0x{data[offset]:02X}, "
            f"not {what}; give the file's encoding with {option_name('encoding')} (such as "
            "cp1252, latin-1, utf-16)")
