"""A pool of query worker processes; a query that overruns its time limit, or whose client
has gone away, is killed."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

CANCEL_CHECK_SECONDS = 0.25


class PoolBusy(Exception):
    """No worker became free within the query's time limit."""


class QueryTimeout(Exception):
    """The query ran past its time limit; its worker was killed."""


class QueryCancelled(Exception):
    """The client went away before the answer; its worker was killed."""


class WorkerFailed(Exception):
    """A worker died or could not open the store."""


@dataclass(eq=False)
class Worker:
    """One worker process and the two ends of its message channel."""

    process: subprocess.Popen[bytes]
    to_worker: Connection
    from_worker: Connection
    network: str = ""  # "isolated", or why the worker could not leave the network

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        """Stop the worker at once (SIGKILL) and reap it."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for conn in (self.to_worker, self.from_worker):
            conn.close()


def start_worker(store_dir: Path, startup_timeout: float = 120.0) -> Worker:
    """Start one worker on ``store_dir`` and wait until it has opened the store."""
    process = subprocess.Popen(
        [sys.executable, "-m", "remote_kg.server.worker", str(store_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert process.stdin is not None and process.stdout is not None
    worker = Worker(
        process,
        Connection(os.dup(process.stdin.fileno()), readable=False),
        Connection(os.dup(process.stdout.fileno()), writable=False),
    )
    process.stdin.close()
    process.stdout.close()
    try:
        if not worker.from_worker.poll(startup_timeout):
            raise WorkerFailed(f"query worker did not start within {startup_timeout:.0f} s")
        hello = json.loads(worker.from_worker.recv_bytes())
    except (EOFError, OSError) as exc:
        worker.kill()
        raise WorkerFailed(f"query worker exited while opening {store_dir}") from exc
    except WorkerFailed:
        worker.kill()
        raise
    if not hello.get("ready"):
        worker.kill()
        raise WorkerFailed(f"cannot open store {store_dir}: {hello.get('message')}")
    worker.network = str(hello.get("network", ""))
    return worker


class WorkerPool:
    """``size`` workers on one read-only store; each runs one query at a time."""

    def network_status(self) -> str:
        """"isolated" when every worker has no network, else the first reason why not."""
        with self._lock:
            states = {w.network for w in self._all}
        return "isolated" if states == {"isolated"} else next(
            (s for s in states if s != "isolated"), "unknown")

    def __init__(self, store_dir: Path, size: int = 2) -> None:
        self.store_dir = store_dir
        self.size = size
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(size):
            self._add(start_worker(store_dir))

    def _add(self, worker: Worker) -> None:
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: Worker) -> None:
        """Kill ``worker`` and start a replacement in the background."""
        with self._lock:
            self._all.discard(worker)
        worker.kill()

        def respawn() -> None:
            for attempt in range(5):
                try:
                    self._add(start_worker(self.store_dir))
                    return
                except WorkerFailed as exc:
                    print(f"remote-kg serve: {exc} (attempt {attempt + 1})", file=sys.stderr)
                    time.sleep(1.0)

        threading.Thread(target=respawn, daemon=True).start()

    def worker_pids(self) -> set[int]:
        """Process ids of the live workers."""
        with self._lock:
            return {w.pid for w in self._all}

    def run(
        self,
        job: dict[str, Any],
        timeout: float,
        cancelled: Callable[[], bool] | None = None,
    ) -> tuple[dict[str, Any], bytes]:
        """Run ``job`` on a free worker within ``timeout`` seconds, or kill that worker.

        ``cancelled`` is asked every quarter of a second while the query runs; when it says
        yes (the client hung up), the worker is killed rather than left computing.
        """
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty as exc:
            raise PoolBusy(f"all {self.size} query workers stayed busy for {timeout:g} s") from exc
        deadline = time.monotonic() + timeout
        try:
            worker.to_worker.send_bytes(json.dumps(job).encode())
            while not worker.from_worker.poll(
                max(0.0, min(CANCEL_CHECK_SECONDS, deadline - time.monotonic()))
            ):
                if time.monotonic() >= deadline:
                    self._replace(worker)
                    raise QueryTimeout(f"query stopped after its time limit of {timeout:g} s")
                if cancelled is not None and cancelled():
                    self._replace(worker)
                    raise QueryCancelled("the client went away; query stopped")
            header = json.loads(worker.from_worker.recv_bytes())
            body = worker.from_worker.recv_bytes()
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise WorkerFailed("the query worker died while running the query") from exc
        self._idle.put(worker)
        return header, body

    def close(self) -> None:
        """Kill every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
