"""A pool of query worker processes; a query that overruns its time limit, or whose client
has gone away, is killed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

CANCEL_CHECK_SECONDS = 0.25


class PoolBusy(Exception):
    """No worker this client may use became free within the queue's waiting time."""


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


def start_worker(store_dir: Path, startup_timeout: float = 120.0,
                 args: Sequence[str] = ()) -> Worker:
    """Start one worker on ``store_dir`` (``args`` after it) and wait until it has opened
    the store."""
    process = subprocess.Popen(
        [sys.executable, "-m", "remote_kg.server.worker", str(store_dir), *args],
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


@dataclass(frozen=True)
class Sharing:
    """How the workers are shared between clients.

    ``per_client`` queries of one client (its address) run at once on the general workers;
    ``quick_workers`` more workers take any query when the general ones are busy or the
    client is at its limit, for at most ``quick_seconds``; a query that overruns there goes
    back to wait for a general worker. Waiting lasts at most ``queue_seconds`` (then 503
    with Retry-After) and does not count against the query's own time limit.
    """

    per_client: int = 1
    quick_workers: int = 1
    quick_seconds: float = 1.0
    queue_seconds: float = 5.0


class WorkerPool:
    """``size`` general workers and ``sharing.quick_workers`` quick ones on one read-only
    store, each running one query at a time, and ``size`` spares, each ready to replace a
    killed worker at once."""

    def network_status(self) -> str:
        """"isolated" when every worker has no network, else the first reason why not."""
        with self._lock:
            states = {w.network for w in self._all}
        return "isolated" if states == {"isolated"} else next(
            (s for s in states if s != "isolated"), "unknown")

    def __init__(self, store_dir: Path, size: int = 2, sharing: Sharing | None = None,
                 worker_args: Sequence[str] = ()) -> None:
        self.store_dir = store_dir
        self.worker_args = tuple(worker_args)  # e.g. the records /explain jobs read
        self.size = size
        self.sharing = sharing or Sharing()
        self._idle: dict[str, list[Worker]] = {"general": [], "quick": []}
        self._lane: dict[Worker, str] = {}
        self._running: dict[str, int] = {}  # client -> queries on general workers
        self._all: set[Worker] = set()
        self._lock = threading.Condition()
        self._closed = False
        self._spares: list[Worker] = []  # started, waiting to replace a killed worker
        for lane, count in (("general", size), ("quick", self.sharing.quick_workers)):
            for _ in range(count):
                self._add(start_worker(store_dir, args=self.worker_args), lane)
        for _ in range(size):  # runaway queries tend to hit their limits together
            self._add_spare(start_worker(store_dir, args=self.worker_args))

    def _add_spare(self, worker: Worker) -> None:
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
            self._spares.append(worker)

    def _add(self, worker: Worker, lane: str) -> None:
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
            self._lane[worker] = lane
            self._idle[lane].append(worker)
            self._lock.notify_all()

    def _replace(self, worker: Worker) -> None:
        """Kill ``worker``; a spare takes its lane at once (a worker takes about a second to
        start, and meanwhile a lane short of a worker would make others wait), and a new
        spare (or, with none left, the replacement itself) starts in the background."""
        with self._lock:
            self._all.discard(worker)
            lane = self._lane.pop(worker, "general")
            spare = self._spares.pop() if self._spares else None
            if spare is not None:
                self._lane[spare] = lane
                self._idle[lane].append(spare)
                self._lock.notify_all()
        worker.kill()

        def respawn() -> None:
            for attempt in range(5):
                try:
                    started = start_worker(self.store_dir, args=self.worker_args)
                    if spare is not None:
                        self._add_spare(started)
                    else:
                        self._add(started, lane)
                    return
                except WorkerFailed as exc:
                    print(f"remote-kg serve: {exc} (attempt {attempt + 1})", file=sys.stderr)
                    time.sleep(1.0)

        threading.Thread(target=respawn, daemon=True).start()

    def worker_pids(self) -> set[int]:
        """Process ids of the live workers."""
        with self._lock:
            return {w.pid for w in self._all}

    def _take(self, client: str, quick: bool) -> Worker | None:
        """A free worker for ``client`` (lock held): a general one within its limit, else
        (when ``quick``) a quick one."""
        if self._idle["general"] and self._running.get(client, 0) < self.sharing.per_client:
            self._running[client] = self._running.get(client, 0) + 1
            return self._idle["general"].pop()
        if quick and self._idle["quick"]:
            return self._idle["quick"].pop()
        return None

    def _acquire(self, client: str, quick: bool) -> Worker:
        deadline = time.monotonic() + self.sharing.queue_seconds
        with self._lock:
            while (worker := self._take(client, quick)) is None:
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    raise PoolBusy(
                        f"the server is saturated (all {self.size} query workers busy, or "
                        f"{self.sharing.per_client} of them already running this client's "
                        f"queries, for {self.sharing.queue_seconds:g} s); retry later")
                self._lock.wait(left)
            return worker

    def _release(self, worker: Worker, client: str, failed: bool) -> None:
        with self._lock:
            lane = self._lane.get(worker)
            if lane == "general":
                self._running[client] -= 1
                if not self._running[client]:
                    del self._running[client]
            if not failed and lane is not None:
                self._idle[lane].append(worker)
            self._lock.notify_all()

    def run(
        self,
        job: dict[str, Any],
        timeout: float,
        cancelled: Callable[[], bool] | None = None,
        client: str = "",
        quick: bool = True,
    ) -> tuple[dict[str, Any], bytes]:
        """Run ``job`` for ``client`` within ``timeout`` seconds of work, or kill its worker.

        The time waiting for a worker is not counted. ``quick=False`` keeps the job off the
        quick workers (an /explain job's first run in a worker takes seconds). ``cancelled``
        is asked every quarter of a second while the query runs; when it says yes (the client
        hung up), the worker is killed rather than left computing.
        """
        worker = self._acquire(client, quick=quick)
        if self._lane.get(worker) == "quick" and self.sharing.quick_seconds < timeout:
            try:
                return self._run_on(worker, client, job, self.sharing.quick_seconds,
                                    cancelled)
            except QueryTimeout:
                worker = self._acquire(client, quick=False)  # a long query: wait its turn
        return self._run_on(worker, client, job, timeout, cancelled)

    def _run_on(self, worker: Worker, client: str, job: dict[str, Any], timeout: float,
                cancelled: Callable[[], bool] | None) -> tuple[dict[str, Any], bytes]:
        deadline = time.monotonic() + timeout
        try:
            worker.to_worker.send_bytes(json.dumps(job).encode())
            while not worker.from_worker.poll(
                max(0.0, min(CANCEL_CHECK_SECONDS, deadline - time.monotonic()))
            ):
                if time.monotonic() >= deadline:
                    self._replace_after(worker, client)
                    raise QueryTimeout(f"query stopped after its time limit of {timeout:g} s")
                if cancelled is not None and cancelled():
                    self._replace_after(worker, client)
                    raise QueryCancelled("the client went away; query stopped")
            header = json.loads(worker.from_worker.recv_bytes())
            body = worker.from_worker.recv_bytes()
        except (EOFError, OSError) as exc:
            self._replace_after(worker, client)
            raise WorkerFailed("the query worker died while running the query") from exc
        self._release(worker, client, failed=False)
        return header, body

    def _replace_after(self, worker: Worker, client: str) -> None:
        """Give back the client's share of ``worker``, then kill and replace it."""
        self._release(worker, client, failed=True)
        self._replace(worker)

    def close(self) -> None:
        """Kill every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
            self._lock.notify_all()
        for worker in workers:
            worker.kill()
