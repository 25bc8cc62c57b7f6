"""`-o` onto what is already there: a special file is written in place, never replaced; a
symlink is written through; a path that cannot be written is one error line, exit 2."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

WORKERS = REPO / "examples" / "workers.csv"
BAD_ROW = "id,relation\nann,employee\nbob,boss\n"

# Every command that takes `-o FILE`, each with the arguments that make it write.
COMMANDS = {
    "classify-json": ["classify", str(WORKERS)],
    "classify-csv": ["classify", str(WORKERS), "-f", "csv"],
    "classify-ttl": ["classify", str(WORKERS), "-f", "ttl"],
    "classify-parquet": ["classify", str(WORKERS), "-f", "parquet"],
    "import": ["import", str(WORKERS)],
    "compare": ["compare", str(WORKERS)],
    "explain": ["explain", str(WORKERS), "--id", "freelance-engineer-at-home"],
    "validate": ["validate", str(WORKERS)],
    "classify-deals": ["classify-deals", str(REPO / "examples" / "deals.csv"),
                       "--records", str(WORKERS)],
}


def _null_device(directory: Path) -> Path:
    """A character device of our own with /dev/null's numbers (never the system's)."""
    path = directory / "null"
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_character_device_is_written_in_place_and_stays_a_device(tmp_path: Path, name):
    device = _null_device(tmp_path)
    result = run_cli(*COMMANDS[name], "-o", device)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]  # no scratch file left


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_fifo_gets_the_whole_output_and_stays_a_fifo(tmp_path: Path, fmt):
    fifo = tmp_path / "answers.pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run_cli("classify", WORKERS, "-f", fmt, "-o", fifo)
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    regular = tmp_path / f"answers.{fmt}"
    assert run_cli("classify", WORKERS, "-f", fmt, "-o", regular).returncode == 0
    if fmt == "csv":
        assert received == [regular.read_bytes()]
    else:
        pa = pytest.importorskip("pyarrow")
        pq = pytest.importorskip("pyarrow.parquet")
        assert pq.read_table(pa.BufferReader(received[0])).equals(pq.read_table(regular))


def test_a_block_device_is_refused_and_kept(tmp_path: Path):
    device = tmp_path / "disk"
    try:
        os.mknod(device, stat.S_IFBLK | 0o600, os.makedev(7, 200))
    except PermissionError:
        pytest.skip("making a device node needs root")
    result = run_cli("classify", WORKERS, "-o", device)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: {device}: cannot write output: it is a block device; expected a file, "
        "a character device or a FIFO"]
    assert stat.S_ISBLK(device.lstat().st_mode)


def test_bad_input_writes_nothing_into_a_device(tmp_path: Path):
    fifo = tmp_path / "answers.pipe"
    os.mkfifo(fifo)
    records = tmp_path / "bad.csv"
    records.write_text(BAD_ROW)
    result = run_cli("classify", records, "-f", "csv", "-o", fifo)  # must not wait for a reader
    assert result.returncode == 2 and "boss" in result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.parametrize("name", ["classify-csv", "classify-parquet", "import", "compare"])
def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path, name):
    target = tmp_path / "real" / "answers"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "answers"
    link.symlink_to(target)
    result = run_cli(*COMMANDS[name], "-o", link)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == target
    direct = tmp_path / "direct"
    assert run_cli(*COMMANDS[name], "-o", direct).returncode == 0
    if name == "classify-parquet":
        pq = pytest.importorskip("pyarrow.parquet")
        assert pq.read_table(target).equals(pq.read_table(direct))
    else:
        assert target.read_bytes() == direct.read_bytes()
    assert sorted(p.name for p in target.parent.iterdir()) == ["answers"]


def test_a_dangling_symlink_creates_its_target(tmp_path: Path):
    target = tmp_path / "answers.csv"
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert run_cli("classify", WORKERS, "-f", "csv", "-o", link).returncode == 0
    assert link.is_symlink() and target.read_text().startswith("id,label,")


@pytest.mark.parametrize("name", list(COMMANDS))
@pytest.mark.parametrize("where", ["parent-is-a-file", "proc", "missing-directory"])
def test_an_unwritable_output_is_one_line_and_exit_2(tmp_path: Path, name, where):
    parent = tmp_path / "a-file"
    parent.write_text("x")
    out = {"parent-is-a-file": parent / "answers",
           "proc": Path("/proc/remote-kg-answers"),  # cannot be created, even by root
           "missing-directory": tmp_path / "none" / "answers"}[where]
    result = run_cli(*COMMANDS[name], "-o", out)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {out}: cannot write output"), lines
    assert not out.exists()


def test_a_regular_file_is_still_replaced_whole_or_not_at_all(tmp_path: Path):
    out = tmp_path / "answers.csv"
    out.write_text("previous answers")
    records = tmp_path / "bad.csv"
    records.write_text(BAD_ROW)
    assert run_cli("classify", records, "-f", "csv", "-o", out).returncode == 2
    assert out.read_text() == "previous answers"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.csv", "bad.csv"]
    assert run_cli("classify", WORKERS, "-f", "csv", "-o", out).returncode == 0
    assert out.read_text().startswith("id,label,") and not out.is_symlink()


def test_a_full_device_is_one_line_and_stays_a_device(tmp_path: Path):
    full = tmp_path / "full"
    try:
        os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # as /dev/full
    except PermissionError:
        pytest.skip("making a device node needs root")
    for fmt in ("csv", "parquet"):
        result = run_cli("classify", WORKERS, "-f", fmt, "-o", full)
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr.splitlines() == [
            f"error: {full}: cannot write output: No space left on device"]
        assert stat.S_ISCHR(full.lstat().st_mode)


@pytest.mark.parametrize("argv", [["docs", "--reasoner", "asserted"], ["release"]])
def test_a_directory_output_that_cannot_be_made_is_one_line(tmp_path: Path, argv):
    parent = tmp_path / "a-file"
    parent.write_text("x")
    cases = {parent / "site": "Not a directory",
             Path("/proc/remote-kg-site"): "No such file or directory"}
    for out, reason in cases.items():
        result = run_cli(*argv, "-o", out)
        assert result.returncode == 2, result.stderr
        assert result.stderr.splitlines() == [f"error: {out}: cannot write output: {reason}"]


def test_docs_write_their_pages_through_a_symlink(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    real = tmp_path / "index.html"
    real.write_text("old")
    (site / "index.html").symlink_to(real)
    result = run_cli("docs", "--reasoner", "asserted", "--no-examples", "-o", site)
    assert result.returncode == 0, result.stderr
    assert (site / "index.html").is_symlink() and real.read_text().startswith("<!")


def test_docs_that_fail_leave_no_directory_they_made(tmp_path: Path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <x> . this is not turtle", encoding="utf-8")
    site = tmp_path / "new" / "site"
    result = run_cli("docs", "--reasoner", "asserted", "--ontology", bad, "-o", site)
    assert result.returncode == 2 and result.stdout == ""
    assert "not valid Turtle" in result.stderr
    assert not site.exists()
