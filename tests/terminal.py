"""Running the CLI as from a terminal: stderr on a pseudo-terminal (so `isatty()` is
true there), stdout kept apart in a file, as a person sees them."""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
import tempfile

from tests.conftest import REPO


def run_with_terminal_stderr(*args: object, until: str | None = None,
                             timeout: float = 300) -> tuple[int, str, str]:
    """Run `remote-kg ARGS` with stderr on a terminal; its exit code, stdout and stderr.
    With `until`, the process (a server) is stopped with SIGTERM once stderr shows it."""
    leader, follower = pty.openpty()
    with tempfile.TemporaryFile() as stdout:
        process = subprocess.Popen(
            [sys.executable, "-m", "remote_kg.cli", *map(str, args)],
            stdin=subprocess.DEVNULL, stdout=stdout, stderr=follower, cwd=REPO,
        )
        os.close(follower)
        chunks: list[bytes] = []
        while True:
            try:
                data = os.read(leader, 4096)
            except OSError:  # EIO: every writer of the terminal has closed it
                break
            if not data:
                break
            chunks.append(data)
            if until and until.encode() in b"".join(chunks) and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        os.close(leader)
        code = process.wait(timeout=timeout)
        stdout.seek(0)
        out = stdout.read().decode()
    return code, out, b"".join(chunks).decode(errors="replace")
