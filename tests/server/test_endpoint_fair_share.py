"""Clients share the endpoint's workers fairly: runaway queries cannot keep others out.

Against the real `remote-kg serve`: two clients loop queries that run to the time limit
while a third sends small queries; the third is answered within a second every time. On the
pool itself (where a client is named explicitly, as a remote host would be): one client
cannot hold more general workers than its share, and a saturated pool answers quickly.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest

from remote_kg.server.pool import PoolBusy, QueryTimeout, Sharing, WorkerPool
from tests.conftest import run_cli
from tests.server.test_server import CLASSES, CROSS_PRODUCT, select
from tests.server.test_server_support import RECORDS_CSV, running_server

RUNAWAY_TIMEOUT = 4


def _runaway_loop(base: str, stop: threading.Event, statuses: list[int]) -> None:
    with httpx.Client(base_url=base, timeout=60) as http:
        while not stop.is_set():
            statuses.append(select(http, CROSS_PRODUCT).status_code)


@pytest.mark.slow
def test_small_queries_are_answered_within_a_second_while_two_clients_loop_runaways(
    tmp_path: Path,
):
    (tmp_path / "records.csv").write_text(RECORDS_CSV)
    args = ("--no-examples", "--data", str(tmp_path / "records.csv"),
            "--timeout", str(RUNAWAY_TIMEOUT))
    with running_server(tmp_path, *args) as server:
        stop = threading.Event()
        runaway_statuses: list[int] = []
        loops = [threading.Thread(target=_runaway_loop, args=(server.base, stop,
                                                                runaway_statuses))
                 for _ in range(2)]
        for loop in loops:
            loop.start()
        time.sleep(1.0)  # both runaways are running
        answers: list[tuple[int, float]] = []
        with httpx.Client(base_url=server.base, timeout=60) as small:
            until = time.monotonic() + 2.5 * RUNAWAY_TIMEOUT  # across two runaway rounds
            while time.monotonic() < until:
                started = time.monotonic()
                status = select(small, CLASSES).status_code
                answers.append((status, time.monotonic() - started))
                time.sleep(0.2)
        stop.set()
        for loop in loops:
            loop.join(timeout=3 * RUNAWAY_TIMEOUT)
    assert len(answers) >= 20
    assert {status for status, _ in answers} == {200}
    slowest = max(elapsed for _, elapsed in answers)
    print(f"slowest small query: {slowest:.3f} s over {len(answers)}")
    assert slowest < 1.0, f"a small query waited {slowest:.2f} s"
    assert 503 in runaway_statuses, "the runaways really ran into their time limit"


def test_a_saturated_server_answers_503_with_retry_after_quickly(tmp_path: Path):
    (tmp_path / "records.csv").write_text(RECORDS_CSV)
    args = ("--no-examples", "--data", str(tmp_path / "records.csv"), "--timeout", "20",
            "--workers", "1", "--queue-wait", "0.5")
    with running_server(tmp_path, *args) as server:
        results: list[tuple[httpx.Response, float]] = []

        def runaway() -> None:
            started = time.monotonic()
            with httpx.Client(base_url=server.base, timeout=60) as http:
                response = select(http, CROSS_PRODUCT, timeout="6")
            results.append((response, time.monotonic() - started))

        threads = [threading.Thread(target=runaway) for _ in range(3)]
        for thread in threads:
            thread.start()
            time.sleep(0.2)
        for thread in threads:
            thread.join(timeout=60)
    refused = [(r, t) for r, t in results if r.status_code == 503 and "saturated" in r.text]
    assert refused, [(r.status_code, r.text) for r, _ in results]
    for response, elapsed in refused:
        assert response.headers["Retry-After"].isdigit()
        assert elapsed < 3.0, "the refusal came only after a long wait"


# -- the pool, with clients named as remote hosts are --------------------------------------

@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("pool")
    (tmp / "records.csv").write_text(RECORDS_CSV)
    done = run_cli("load", str(tmp / "records.csv"), "--store", str(tmp / "store"))
    assert done.returncode == 0, done.stderr
    return tmp / "store"


def _job(query: str) -> dict:
    return {"query": query, "accept": "application/sparql-results+json", "max_rows": 100}


def test_one_client_holds_at_most_its_share_of_the_general_workers(store_dir: Path):
    pool = WorkerPool(store_dir, size=2, sharing=Sharing(per_client=1, quick_seconds=0.5,
                                                         queue_seconds=1.0))
    try:
        first = threading.Thread(target=lambda: _expect_timeout(pool, "203.0.113.7", 6))
        first.start()
        time.sleep(0.5)
        started = time.monotonic()
        with pytest.raises(PoolBusy, match="saturated"):
            pool.run(_job(CROSS_PRODUCT), 6, client="203.0.113.7")
        # half a second in the quick lane, then a second's wait for a general worker
        assert time.monotonic() - started < 3.0
        # another host still finds the second general worker free
        header, _ = pool.run(_job(CLASSES), 6, client="198.51.100.9")
        assert header["status"] == 200
        first.join(timeout=20)
    finally:
        pool.close()


def test_a_query_waiting_for_a_worker_keeps_its_whole_time_limit(store_dir: Path):
    pool = WorkerPool(store_dir, size=1, sharing=Sharing(quick_workers=0, queue_seconds=10))
    try:
        first = threading.Thread(target=lambda: _expect_timeout(pool, "203.0.113.7", 2))
        first.start()
        time.sleep(0.3)
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            pool.run(_job(CROSS_PRODUCT), 2, client="198.51.100.9")
        # ~1.7 s waiting for the worker, then its own full 2 s
        assert time.monotonic() - started >= 3.4
        first.join(timeout=20)
    finally:
        pool.close()


def _expect_timeout(pool: WorkerPool, client: str, seconds: float) -> None:
    with pytest.raises(QueryTimeout):
        pool.run(_job(CROSS_PRODUCT), seconds, client=client)
