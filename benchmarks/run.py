"""Time remote-kg on generated records and print one markdown table.

    python benchmarks/run.py                       # full run: up to 1,000,000 records
    python benchmarks/run.py --sizes 10000 --hermit-sizes 1000 --load-size 10000

Every measurement runs the installed `remote-kg` command in a child process, as a user
would, and reads that child's wall time and peak resident memory (`os.wait4`, which counts
the child and the processes it waited for, e.g. HermiT's Java). Records come from
`benchmarks/generate.py` with a fixed seed and are cached in --workdir. Progress goes to
stderr; stdout gets only the table.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from duckdb_side import README_QUERIES, duckdb_command, prepare, question_for

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
QUERIES = REPO / "queries"
CLI = [str(Path(sys.executable).with_name("remote-kg"))]
if not Path(CLI[0]).exists():
    CLI = [sys.executable, "-m", "remote_kg.cli"]


# Commands run as on a user's machine, where Python keeps its compiled modules (this
# development machine sets PYTHONDONTWRITEBYTECODE=1).
USER_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Measurement:
    what: str
    records: int | None
    seconds: float
    peak_mb: float
    exit_code: int
    target: str = ""
    met: bool | None = None
    note: str = ""
    rows: str = ""  # a query's answer size ("12 rows", "ASK: true")
    duckdb_seconds: float | None = None  # DuckDB's time for the same question

    def row(self) -> str:
        rate = f"{self.records / self.seconds:,.0f}" if self.records and self.seconds else ""
        records = f"{self.records:,}" if self.records is not None else ""
        met = {True: "yes", False: "**no**", None: ""}[self.met]
        status = "" if self.exit_code == 0 else f" (exit {self.exit_code})"
        return (
            f"| {self.what}{status} | {records} | {self.seconds:.2f} | {rate} | "
            f"{self.peak_mb:,.0f} | {self.target} | {met} | {self.note} |"
        )


HEADER = (
    "| Benchmark | Records | Wall time (s) | Records/s | Peak RSS (MB) | Target | Met | "
    "Notes |\n|---|---:|---:|---:|---:|---|---|---|"
)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure(
    args: Sequence[str], limit: float | None = None, stdout: Path | None = None
) -> tuple[float, float, int, str]:
    """Run a command; return its wall time (s), peak RSS (MB), exit code and stderr.

    Its output goes to `stdout` (a file) or nowhere. A command still running after
    `limit` seconds is killed (exit code -9).
    """
    start = time.perf_counter()
    sink = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(list(args), stdout=sink, stderr=subprocess.PIPE, env=USER_ENV)
    assert process.stderr is not None
    timer = threading.Timer(limit, process.kill) if limit else None
    if timer:
        timer.start()
    errors = process.stderr.read().decode(errors="replace").strip()  # drained: no blocking
    _, status, usage = os.wait4(process.pid, 0)
    if timer:
        timer.cancel()
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    if stdout:
        sink.close()
    if process.returncode:
        log(f"  exit {process.returncode}: {errors[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, process.returncode, errors


def _answer_size(path: Path) -> str:
    """'N rows' of a SPARQL CSV result, or the ASK answer."""
    with path.open("rb") as handle:
        first = handle.readline().strip()
        if first in (b"true", b"false"):
            return f"ASK: {first.decode()}"
        rows = sum(1 for _ in handle)
    return f"{rows:,} row{'s' if rows != 1 else ''}"


MIDDLE_RECORD = """
import csv, itertools, sys
from remote_kg.model.ontology import DEFAULT_BASE
from remote_kg.rdf.records import record_iri
with open(sys.argv[1], encoding="utf-8", newline="") as handle:
    middle = sum(1 for _ in handle) // 2
with open(sys.argv[1], encoding="utf-8", newline="") as handle:
    row = next(itertools.islice(csv.reader(handle), middle, None))
print(record_iri(DEFAULT_BASE, row[0]))
"""


def middle_record_iri(data: Path) -> str:
    """The IRI `remote-kg load` gives the record in the middle of a CSV file (found in a
    child process: what this one imports would count in every later child's peak memory,
    a forked child starting as a copy of it)."""
    return subprocess.run([sys.executable, "-c", MIDDLE_RECORD, str(data)], check=True,
                          capture_output=True, text=True).stdout.strip()


FLOOR_LOAD = (
    "import sys, pyoxigraph as ox; "
    "ox.Store(sys.argv[2]).bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)"
)
FLOOR_DUMP = (
    "import sys, pyoxigraph as ox; ox.Store.read_only(sys.argv[1]).dump("
    "output=sys.argv[2], format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())"
)


def load_floor(bench, store: Path, work: Path, records: int) -> Measurement:
    """pyoxigraph's own bulk_load of exactly the triples `load` put in the store."""
    dump = work / "store-dump.nt"
    floor_store = work / "floor-store"
    subprocess.run([sys.executable, "-c", FLOOR_DUMP, str(store), str(dump)], check=True)
    shutil.rmtree(floor_store, ignore_errors=True)
    floor = bench(
        "floor: pyoxigraph bulk_load of the same N-Triples",
        [sys.executable, "-c", FLOOR_LOAD, str(dump), str(floor_store)],
        records,
    )
    shutil.rmtree(floor_store, ignore_errors=True)
    dump.unlink(missing_ok=True)
    return floor


def start_floor(bench, store: Path) -> None:
    """The CLI's per-query overhead: `ASK {}` through `remote-kg query` beside pyoxigraph
    opening the store and asking the same in a bare Python."""
    ask = store.parent / "empty-ask.rq"
    ask.write_text("ASK {}\n")
    bench("floor: python, pyoxigraph opens the store read-only and asks ASK {}",
          [sys.executable, "-c", "import sys, pyoxigraph as ox; "
           "ox.Store.read_only(sys.argv[1]).query('ASK {}')", str(store)])
    bench("query ASK {} over the store (the CLI's per-query start)",
          [*CLI, "query", str(ask), "--store", str(store), "-f", "csv"])
    ask.unlink()


def ask_or_count(query: Path, rows: str) -> bool:
    """An ASK query, or a COUNT answered in one row: the forms that must take < 0.5 s."""
    return rows.startswith("ASK") or (rows == "1 row" and "COUNT(" in query.read_text())


def beside_duckdb(bench, result: Measurement, query: Path, rows: str, duckdb_dir: Path,
                  record_id: str | None, answer: Path) -> float | None:
    """Time DuckDB's answer to the same question; set the query's target and return the
    ratio (None when the question has no DuckDB counterpart: it asks the ontology alone,
    or about deals, which generated records have none of)."""
    one_row = ask_or_count(query, rows)
    question = question_for(query)
    if question is None:
        result.target = "none (no DuckDB counterpart)" + ("; < 0.5 s" if one_row else "")
        result.met = result.seconds < 0.5 if one_row else None
        return None
    duck = bench(f"  DuckDB: {question.name}",
                 duckdb_command(duckdb_dir, question, answer, record_id), stdout=None)
    duck_rows = _answer_size(answer) if duck.exit_code == 0 else "failed"
    duck.note = duck_rows if duck_rows == rows else f"{duck_rows}: **not the graph's {rows}**"
    result.duckdb_seconds = duck.seconds
    ratio = result.seconds / duck.seconds
    each = ratio <= 20 and (not one_row or result.seconds < 0.5)
    result.target = "≤ 20 × DuckDB" + ("; < 0.5 s" if one_row else "")
    result.met = result.exit_code == 0 and each
    result.note = f"{ratio:.1f} × DuckDB ({duck.seconds:.2f} s, {duck_rows}); {result.note}"
    return ratio


def records_file(workdir: Path, count: int, seed: int, generator: str = "generate.py",
                 options: Sequence[str] = ()) -> Path:
    kind = "workers" if generator == "generate.py" else "worst"
    kind += "".join(o.replace("--", "-") for o in options)
    path = workdir / f"{kind}-{count}-seed{seed}.csv"
    if not path.exists():
        log(f"generating {count:,} records -> {path}")
        partial = path.with_suffix(".part")
        subprocess.run(
            [
                sys.executable,
                str(HERE / generator),
                str(count),
                "-o",
                str(partial),
                "--seed",
                str(seed),
                *options,
            ],
            check=True,
        )
        partial.rename(path)
    return path


def explain_beside_plain(bench, data: Path, size: int, source: str, output: Path) -> None:
    """`classify --explain` (JSON: each distinct explanation once, records referring to
    it) beside plain `classify` of the same file to JSON; target: within 3 times."""
    plain = bench(f"classify, fast, CSV in, JSON out ({source}; beside --explain)",
                  [*CLI, "classify", str(data), "-f", "json", "-o", f"{output}.plain.json",
                   "--quiet"], size)
    explained = Path(f"{output}.explained.json")
    measured = bench(f"classify --explain, CSV in, JSON out ({source})",
                     [*CLI, "classify", str(data), "--explain", "-o", str(explained), "--quiet"],
                     size)
    written = explained.stat().st_size if explained.exists() else 0
    ratio = measured.seconds / plain.seconds
    measured.target = "≤ 3 × plain classify"
    measured.met = measured.exit_code == 0 and ratio <= 3
    measured.note = f"{ratio:.1f} × plain; {written / 1e6:,.1f} MB written"
    log(f"  --explain / plain = {ratio:.2f}")
    explained.unlink(missing_ok=True)


BUILT_GRAPH_DUMP = (
    "import sys, pyoxigraph as ox; from pathlib import Path; "
    "from remote_kg.kg.graph import build_store; "
    "build_store([Path(sys.argv[1])]).dump(output=sys.argv[2], "
    "format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())"
)
MEMORY_FLOOR_LOAD = (
    "import sys, pyoxigraph as ox; "
    "ox.Store().bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)"
)
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?w a rkg:Worker }\n"


def query_data_beside_floor(bench, work: Path, size: int, seed: int) -> None:
    """`query --data` (one COUNT) beside pyoxigraph's `bulk_load` into an in-memory store
    of the triples that command builds (dumped by `build_store` beforehand); target: within
    1.5 times."""
    data = records_file(work, size, seed)
    query = work / "count-workers.rq"
    query.write_text(COUNT_QUERY)
    dump = work / "data-graph.nt"
    subprocess.run([sys.executable, "-c", BUILT_GRAPH_DUMP, str(data), str(dump)], check=True)
    answer = work / "count-answer.csv"
    measured = bench("query --data: one COUNT over the graph built from the CSV",
                     [*CLI, "query", str(query), "--data", str(data), "-f", "csv"], size,
                     stdout=answer)
    floor = bench("floor: in-memory pyoxigraph bulk_load of the same N-Triples",
                  [sys.executable, "-c", MEMORY_FLOOR_LOAD, str(dump)], size)
    ratio = measured.seconds / floor.seconds
    measured.target = "≤ 1.5 × bulk_load of the same N-Triples"
    measured.met = measured.exit_code == 0 and ratio <= 1.5
    counted = answer.read_text().split()[-1] if answer.exists() else "?"
    measured.note = f"{ratio:.2f} × the floor; {counted} workers"
    floor.note = f"{dump.stat().st_size / 1e6:,.0f} MB of N-Triples"
    for path in (dump, answer, query):
        path.unlink(missing_ok=True)


def load_median_beside_floor(bench, work: Path, size: int, seed: int,
                             runs: int) -> Measurement:
    """`load` into a new store and pyoxigraph's `bulk_load` of that store's own triples,
    `runs` times each, taken in turns; the row holds the medians (target: within 1.3)."""
    data = records_file(work, size, seed)
    store = work / f"median-store-{size}"
    loads: list[Measurement] = []
    floors: list[Measurement] = []
    for turn in range(runs):
        shutil.rmtree(store, ignore_errors=True)
        loads.append(bench(f"load into a new store (run {turn + 1} of {runs})",
                           [*CLI, "load", str(data), "--store", str(store), "--quiet"], size))
        floors.append(load_floor(bench, store, work, size))
    shutil.rmtree(store, ignore_errors=True)
    middle = statistics.median(m.seconds for m in loads)
    floor = statistics.median(m.seconds for m in floors)
    median = Measurement(f"load into a new store, median of {runs}", size, middle,
                         max(m.peak_mb for m in loads), max(m.exit_code for m in loads),
                         "≤ 1.3 × bulk_load of the same N-Triples (medians)")
    median.met = median.exit_code == 0 and middle <= 1.3 * floor
    median.note = (f"{middle / floor:.2f} × the floor's median ({floor:.2f} s); runs "
                   + ", ".join(f"{m.seconds:.1f}/{f.seconds:.1f}" for m, f in zip(loads, floors)))
    return median


def reload_beside_first_load(bench, work: Path, size: int, seed: int) -> None:
    """`load` of a file whose records a store holds with other facts (generate.py, the next
    seed: the same ids) beside the first load of the store; the replacing costs the
    difference, and its target is a tenth of the 0.5 ms a record it took by SPARQL DELETEs."""
    first_file = records_file(work, size, seed)
    changed = records_file(work, size, seed + 1)
    store = work / f"reload-store-{size}"
    shutil.rmtree(store, ignore_errors=True)
    first = bench("load into a new store (beside the reload)",
                  [*CLI, "load", str(first_file), "--store", str(store)], size,
                  show_stderr=True)
    again = bench("load changed records again (each replaces the stored one)",
                  [*CLI, "load", str(changed), "--store", str(store)], size, show_stderr=True)
    shutil.rmtree(store, ignore_errors=True)
    per_record = (again.seconds - first.seconds) / size * 1000
    again.target = "replacing ≤ 0.05 ms a record (10 × under 0.5)"
    again.met = again.exit_code == 0 and per_record <= 0.05
    again.note = (f"{again.seconds / first.seconds:.2f} × the first load; replacing "
                  f"{per_record:.3f} ms a record; {again.note}")


def command_exists(name: str) -> bool:
    return subprocess.run([*CLI, name, "--help"], capture_output=True).returncode == 0


def parse_sizes(text: str) -> list[int]:
    try:
        return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"expected comma-separated integers, got {text!r}"
        ) from exc


def run_all(args: argparse.Namespace) -> list[Measurement]:
    work: Path = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    results: list[Measurement] = []

    def bench(
        what: str,
        command: Sequence[str],
        records: int | None = None,
        target: float | None = None,
        memory_target: float | None = None,
        target_text: str = "",
        note: str = "",
        show_stderr: bool = False,
        limit: float | None = None,
        stdout: Path | None = None,
    ) -> Measurement:
        log(f"{what} ...")
        seconds, peak, code, errors = measure(command, limit, stdout)
        if code == -9 and limit:
            note = f"stopped at the {limit:g} s limit; {note}".rstrip("; ")
        if show_stderr and code == 0:
            note = errors.splitlines()[-1] if errors else note
        met = None
        if target is not None:
            met = (
                code == 0 and seconds <= target and (memory_target is None or peak < memory_target)
            )
        result = Measurement(what, records, seconds, peak, code, target_text, met, note)
        log(f"  {seconds:.2f} s, {peak:,.0f} MB")
        results.append(result)
        return result

    bench("remote-kg --version (start-up)", [*CLI, "--version"])
    output = work / "out"
    fast_times: dict[int, float] = {}
    for size in args.sizes:
        data = records_file(work, size, args.seed)
        for fmt in ("csv", "json"):
            target = 10.0 * size / 1_000_000 if size >= 1_000_000 else None
            measured = bench(
                f"classify, fast, CSV in, {fmt.upper()} out",
                [*CLI, "classify", str(data), "-f", fmt, "-o", f"{output}.{fmt}", "--quiet"],
                size,
                target=target,
                memory_target=1024 if target else None,
                target_text="≤ 10 s and < 1 GB at 1M" if target else "",
            )
            if fmt == "csv":
                fast_times[size] = measured.seconds
    explained_files = [(args.explain_size, "generate.py", ()),
                       (args.explain_worst_size, "generate_worst.py", ()),
                       (args.explain_worst_all_size, "generate_worst.py", ("--all-columns",))]
    for size, generator, options in explained_files:
        if size:
            explain_beside_plain(bench, records_file(work, size, args.seed, generator, options),
                                 size, f"{generator} {' '.join(options)}".strip(), output)
    if args.worst_size:
        data = records_file(work, args.worst_size, args.seed, "generate_worst.py")
        floor = bench(
            "floor: a plain csv.reader pass over the same file",
            [sys.executable, "-c", "import csv, sys\nwith open(sys.argv[1], newline='') as f:\n"
             "    for _ in csv.reader(f): pass", str(data)],
            args.worst_size,
        )
        worst = bench(
            "classify, worst case (every fact combination), CSV in, CSV out",
            [*CLI, "classify", str(data), "-f", "csv", "-o", f"{output}.worst.csv", "--quiet"],
            args.worst_size,
        )
        worst.target = "≤ 3 × the csv.reader pass, < 1 GB"
        worst.met = (worst.exit_code == 0 and worst.seconds <= 3 * floor.seconds
                     and worst.peak_mb < 1024)
        worst.note = f"{worst.seconds / floor.seconds:.1f} × the csv.reader pass"
    if args.spark_size:
        data = records_file(work, args.spark_size, args.seed)
        bench(
            "remote_kg.columnar.spark.classify on local[2], CSV in, Parquet out",
            [sys.executable, str(HERE / "spark_classify.py"), str(data), f"{output}.spark"],
            args.spark_size,
            show_stderr=True,
        )
        shutil.rmtree(f"{output}.spark", ignore_errors=True)
    for size in args.hermit_sizes:
        data = records_file(work, size, args.seed)
        if size not in fast_times:
            fast_times[size] = bench(
                "classify, fast, CSV in, CSV out",
                [*CLI, "classify", str(data), "-f", "csv", "-o", f"{output}.csv", "--quiet"],
                size,
            ).seconds
        hermit = bench(
            "classify, HermiT, CSV in, CSV out",
            [
                *CLI,
                "classify",
                str(data),
                "-f",
                "csv",
                "-o",
                f"{output}.csv",
                "--quiet",
                "--reasoner",
                "hermit",
            ],
            size,
        )
        hermit.note = f"{hermit.seconds / fast_times[size]:,.0f}× the fast engine's time"
    if args.load_size:
        data = records_file(work, args.load_size, args.seed)
        store = work / f"store-{args.load_size}"
        if not (args.reuse_store and store.is_dir()):
            shutil.rmtree(store, ignore_errors=True)
            loaded = bench(
                "load into an on-disk store (new store)",
                [*CLI, "load", str(data), "--store", str(store)],
                args.load_size,
                show_stderr=True,
            )
            floor = load_floor(bench, store, work, args.load_size)
            loaded.target = "≤ 1.3 × bulk_load of the same N-Triples"
            loaded.met = loaded.exit_code == 0 and loaded.seconds <= 1.3 * floor.seconds
            loaded.note = f"{loaded.seconds / floor.seconds:.2f} × the floor; {loaded.note}"
        answer = work / "query-output.csv"
        duckdb_dir = work / f"duckdb-{args.load_size}"
        prepare([data], duckdb_dir, CLI, bench)
        start_floor(bench, store)
        worker = middle_record_iri(data)
        record_id = worker.rsplit("/", 1)[1]
        ratios: list[float] = []
        queries = sorted(QUERIES.glob("*.rq")) + sorted(README_QUERIES.glob("*.rq"))
        for query in queries:
            # A query that says it is asked per record (`--bind worker=IRI` in its comments)
            # is asked about one record of the store, as an analyst would.
            bind = ["--bind", f"worker={worker}"] if "--bind worker=" in query.read_text() else []
            result = bench(
                f"query {query.stem} over the store" + (" for one worker" if bind else ""),
                [*CLI, "query", str(query), "--store", str(store), "-f", "csv", *bind],
                note=f"{args.load_size:,}-record store",
                limit=args.query_limit,
                stdout=answer,
            )
            rows = _answer_size(answer) if result.exit_code == 0 else "failed"
            result.note = f"{rows}; {result.note}"
            result.rows = rows
            ratio = beside_duckdb(bench, result, query, rows, duckdb_dir,
                                  record_id if bind else None, answer)
            if ratio is not None:
                ratios.append(ratio)
        if ratios:
            mean = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
            results.append(Measurement(
                f"competency and README queries: geometric mean of {len(ratios)} ratios to "
                "DuckDB", None, 0.0, 0.0, 0, "≤ 10 × DuckDB", mean <= 10, f"{mean:.1f} ×"))
            log(f"geometric mean over {len(ratios)} queries: {mean:.2f} × DuckDB")
        answer.unlink(missing_ok=True)
        shutil.rmtree(duckdb_dir, ignore_errors=True)
        if not args.keep_store:
            shutil.rmtree(store, ignore_errors=True)
    if args.data_size:
        query_data_beside_floor(bench, work, args.data_size, args.seed)
    if args.load_median_size:
        results.append(load_median_beside_floor(bench, work, args.load_median_size, args.seed,
                                                args.load_runs))
    if args.reload_size:
        reload_beside_first_load(bench, work, args.reload_size, args.seed)
    if args.validate_size:
        if command_exists("validate"):
            data = records_file(work, args.validate_size, args.seed)
            rdf = work / f"workers-{args.validate_size}-seed{args.seed}.nt"
            if not rdf.exists():
                bench(
                    "import CSV to N-Triples (input of validate)",
                    [*CLI, "import", str(data), "-o", str(rdf)],
                    args.validate_size,
                )
            bench(
                "validate the RDF of the records (SHACL)",
                [*CLI, "validate", str(rdf)],
                args.validate_size,
            )
        else:
            log("remote-kg validate does not exist yet; skipped")
            results.append(
                Measurement(
                    "validate (command not available yet)", None, 0.0, 0.0, 0, note="skipped"
                )
            )
    for leftover in output.parent.glob(f"{output.name}.*"):
        leftover.unlink()
    return results


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=[10_000, 100_000, 1_000_000],
        help="record counts for the fast classifier (default 10000,100000,1000000)",
    )
    parser.add_argument(
        "--hermit-sizes",
        type=parse_sizes,
        default=[1_000, 10_000],
        help="record counts for HermiT (default 1000,10000; '' skips)",
    )
    parser.add_argument(
        "--load-size",
        type=int,
        default=None,
        help="records for load and the queries (default: the largest --sizes; 0 skips)",
    )
    parser.add_argument(
        "--validate-size",
        type=int,
        default=100_000,
        help="records for validate (default 100000; 0 skips)",
    )
    parser.add_argument(
        "--explain-size",
        type=int,
        default=1_000_000,
        help="records of generate.py for classify --explain beside plain classify "
        "(default 1000000; 0 skips)",
    )
    parser.add_argument(
        "--explain-worst-size",
        type=int,
        default=1_000_000,
        help="records of generate_worst.py (every combination of its six columns) for "
        "classify --explain beside plain classify (default 1000000; 0 skips)",
    )
    parser.add_argument(
        "--explain-worst-all-size",
        type=int,
        default=0,
        help="records of generate_worst.py --all-columns (every fact column, drawn at "
        "random) for classify --explain beside plain classify (default 0: skipped; plain "
        "classify of 20,000 such rows peaked at 9.7 GB, its packed table reduced for "
        "each new pattern of blank columns)",
    )
    parser.add_argument(
        "--worst-size",
        type=int,
        default=1_000_000,
        help="records of the worst case (generate_worst.py) beside a csv.reader pass "
        "(default 1000000; 0 skips)",
    )
    parser.add_argument(
        "--spark-size",
        type=int,
        default=10_000_000,
        help="records for remote_kg.columnar.spark on local[2] (default 10000000; 0 skips; needs "
        "pyspark and Java)",
    )
    parser.add_argument(
        "--data-size",
        type=int,
        default=100_000,
        help="records for `query --data` (one COUNT) beside an in-memory bulk_load of the "
        "graph it builds (default 100000; 0 skips; the graph is held in memory: about "
        "2 GB at 100,000)",
    )
    parser.add_argument(
        "--load-median-size",
        type=int,
        default=100_000,
        help="records for load beside the bulk_load of its own triples, --load-runs times "
        "each, medians compared (default 100000; 0 skips)",
    )
    parser.add_argument("--load-runs", type=int, default=3,
                        help="runs of load and of its floor for the medians (default 3)")
    parser.add_argument(
        "--reload-size",
        type=int,
        default=100_000,
        help="records for a load of changed records (the next seed's file: the same ids) "
        "into the store of a first load, beside that first load (default 100000; 0 skips)",
    )
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="where generated files are cached (default: a temporary directory)",
    )
    parser.add_argument(
        "--query-limit",
        type=float,
        default=900.0,
        help="stop a query after this many seconds (default 900)",
    )
    parser.add_argument(
        "--keep-store", action="store_true", help="keep the loaded store in --workdir"
    )
    parser.add_argument(
        "--reuse-store",
        action="store_true",
        help="query the store kept in --workdir by an earlier run instead of loading again",
    )
    args = parser.parse_args(argv)
    if args.load_size is None:
        args.load_size = max(args.sizes, default=0)
    if args.workdir is None:
        with tempfile.TemporaryDirectory(prefix="remote-kg-bench-") as tmp:
            args.workdir = Path(tmp)
            results = run_all(args)
    else:
        results = run_all(args)
    print(HEADER)
    for result in results:
        print(result.row())
    queries = [r for r in results if r.rows]
    if queries:
        print("\n| Query | Answer | remote-kg query (s) | DuckDB (s) | Ratio | Target | Met |")
        print("|---|---|---:|---:|---:|---|---|")
        for r in queries:
            name = r.what.removeprefix("query ").replace(" over the store", "")
            duck = f"{r.duckdb_seconds:.2f}" if r.duckdb_seconds else "none"
            ratio = f"{r.seconds / r.duckdb_seconds:.1f} ×" if r.duckdb_seconds else ""
            met = {True: "yes", False: "**no**", None: ""}[r.met]
            print(f"| {name} | {r.rows} | {r.seconds:.2f} | {duck} | {ratio} | {r.target} "
                  f"| {met} |")


if __name__ == "__main__":
    main()
