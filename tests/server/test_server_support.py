"""Helpers for the server tests: start `remote-kg serve` as a real process on loopback."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CLI = Path(sys.executable).with_name("remote-kg")
URL_LINE = re.compile(r"SPARQL endpoint: (http://[^\s]+)/sparql")
RECORDS_CSV = """id,label,relation,workplaces,schedule,tools,location_bound,uses_ict
w1,Home-based employee,employee,home,employer_set,employer,no,yes
w2,Office employee,employee,org_main_office,employer_set,employer,yes,no
"""


@dataclass
class Server:
    """A running `remote-kg serve` process."""

    process: subprocess.Popen[bytes]
    base: str
    log: Path

    @property
    def endpoint(self) -> str:
        return self.base + "/sparql"

    def worker_pids(self) -> set[int]:
        """Process ids of the server's children (its query workers)."""
        pids = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.process.pid:
                    pids.add(int(stat.parent.name))
        return pids


@contextlib.contextmanager
def running_server(
    tmp_path: Path, *args: str, startup: float = 120.0, env: dict[str, str] | None = None
) -> Iterator[Server]:
    """Start the real CLI on a free loopback port and stop it afterwards."""
    log = tmp_path / f"serve-{time.monotonic_ns()}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(CLI), "serve", "--port", "0", *args],
            stdout=sink,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
            env={**os.environ, **(env or {})},
        )
    deadline = time.monotonic() + startup
    base = None
    try:
        while base is None:
            match = URL_LINE.search(log.read_text(errors="replace"))
            if match:
                base = match.group(1)
            elif process.poll() is not None:
                raise RuntimeError(f"serve exited {process.returncode}:\n{log.read_text()}")
            elif time.monotonic() > deadline:
                raise RuntimeError(f"serve did not start:\n{log.read_text()}")
            else:
                time.sleep(0.1)
        yield Server(process, base, log)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class Listener:
    """A loopback TCP socket that counts the connections it receives (it should get none)."""

    def __init__(self) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.socket.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.socket.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
