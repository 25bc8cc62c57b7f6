"""Shared pieces of the fuzz battery: byte mutations of seed inputs, running the CLI in this
process (fast enough for hundreds of inputs), and the invariants every run must keep.

The number of inputs per surface is `REMOTE_KG_FUZZ_EXAMPLES` (CI keeps it small;
`scripts/fuzz.sh --minutes N` raises it and draws fresh seeds). Every input that ever broke
an invariant is kept under `tests/data/fuzz-regressions/` and replayed by
`tests/hostile/test_fuzz.py`.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.server.test_server_support import Listener  # noqa: F401 (re-exported for the battery)

EXAMPLES = int(os.environ.get("REMOTE_KG_FUZZ_EXAMPLES", "100"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
                suppress_health_check=list(HealthCheck))
REGRESSIONS = Path(__file__).parent / "data" / "fuzz-regressions"

# Bytes and fragments that broke parsers somewhere: controls, bad UTF-8, BOM, escapes,
# quotes and brackets, keywords, very long runs.
INTERESTING: list[bytes] = [
    b"\x00", b"\x01", b"\x1e", b"\x7f", b"\xff", b"\xe9", b"\xc3", b"\xef\xbb\xbf", b"\r",
    b"\n", b"\r\n", b"\t", b'"', b"'", b'"""', b"<", b">", b"{", b"}", b"(", b")", b"[", b"]",
    b";", b",", b".", b":", b"#", b"@", b"\\", b"\\u005C", b"\\U0000005C", b"\\u0022",
    b"%", b"%ZZ", b"_:", b"^^", b"@prefix", b"PREFIX", b"BASE", b"SERVICE", b"FROM", b"GRAPH",
    "é".encode(), "\u202e".encode(), "\U0001f600".encode(), b"a" * 300, b"9" * 40,
]


@st.composite
def mutated(draw, seeds: list[bytes]) -> bytes:
    """A seed input with one to four byte-level edits."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "duplicate", "truncate"]))
        at = draw(st.integers(0, len(data)))
        piece = draw(st.sampled_from(INTERESTING) | st.binary(min_size=1, max_size=6))
        if op == "insert":
            data[at:at] = piece
        elif op == "delete":
            del data[at: at + draw(st.integers(1, 8))]
        elif op == "replace":
            data[at: at + len(piece)] = piece
        elif op == "duplicate":
            span = bytes(data[at: at + draw(st.integers(1, 40))])
            data[at:at] = span * draw(st.integers(1, 3))
        else:
            del data[at:]
    return bytes(data)


class _Kept(io.BytesIO):
    """A buffer that outlives the text wrapper around it (closing the wrapper closes it)."""

    def close(self) -> None:
        pass


@dataclass
class Run:
    code: int
    stdout: bytes
    stderr: str


def run_cli(argv: list[str], stdin: bytes = b"") -> Run:
    """Run `remote-kg ARGV` in this process, as `main` would; a traceback fails the test."""
    from remote_kg.cli import main

    out, err = _Kept(), _Kept()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    code = 0
    try:
        main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except BaseException:  # noqa: BLE001 - any escape is the bug this battery looks for
        sys.stdin, sys.stdout, sys.stderr = saved
        raise AssertionError(f"remote-kg {argv!r} raised:\n{traceback.format_exc()}") from None
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stdin, sys.stdout, sys.stderr = saved
    return Run(code, out.getvalue(), err.getvalue().decode("utf-8", "replace"))


def check_refusal_or_success(run: Run, names: str, ok_codes: tuple[int, ...] = (0,)) -> None:
    """The invariants of one CLI run over one input.

    Success exits with one of ``ok_codes``; a refusal exits 1 or 2 with every stderr line an
    `error:` line (no traceback), the first naming the input, and nothing on stdout.
    """
    assert "Traceback" not in run.stderr, run.stderr
    if run.code in ok_codes:
        return
    assert run.code in (1, 2), (run.code, run.stderr)
    assert run.stdout == b"", run.stdout[:300]
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert lines, "a refusal must say why"
    assert all(line.startswith(("error: ", "  ", "warning: ")) for line in lines), lines
    assert names in run.stderr, (names, run.stderr)
    assert all(ch.isprintable() or ch in "\t" for line in lines for ch in line), lines


def tree_digest(directory: Path) -> str:
    """A digest of every file's path and bytes under ``directory``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(directory)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
