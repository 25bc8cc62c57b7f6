"""`classify --explain`'s outputs as README describes them: the entries numbered in the
order the records first use them in every format (JSON as JSON Lines), `--explain` and
`--explain-inline` refused together, and a Parquet output's explanations file never left
beside answers it does not explain. The heavier cases run the CLI in this process (`main`,
as the console script calls it), so that the ontology is loaded once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from remote_kg.explain.references import resolve
from tests.conftest import REPO, run_cli
from tests.pipeline.test_deal_rejects import run as _run

WORKER_LINES = (REPO / "examples" / "workers.csv").read_text(encoding="utf-8").splitlines()


def _rows(tmp_path: Path, name: str, *rows: int) -> Path:
    """A CSV of the bundled file's header and the data rows numbered (from 1)."""
    path = tmp_path / name
    path.write_text("\n".join([WORKER_LINES[0], *(WORKER_LINES[r] for r in rows)]) + "\n",
                    encoding="utf-8")
    return path


def test_json_numbers_the_entries_as_json_lines_does_in_their_order_of_first_use(
        tmp_path, capsys):
    # three records whose distinct rows of facts, sorted, are not in the file's order
    data = _rows(tmp_path, "three.csv", 1, 3, 4)
    (code, out, err), (lines_code, lines_out, lines_err) = (
        _run(capsys, "classify", data, "--explain", "-f", fmt) for fmt in ("json", "jsonl"))
    assert code == 0 and lines_code == 0, err + lines_err
    body, lines = json.loads(out), [json.loads(line) for line in lines_out.splitlines()]
    first_used = list(dict.fromkeys(n for r in body["records"] for n in r["explanation"]))
    assert first_used == list(range(len(body["explanations"])))

    records = [line for line in lines if "id" in line]
    entries = {line.pop("explanation"): line for line in lines if "id" not in line}
    assert [r["explanation"] for r in body["records"]] == [r["explanation"] for r in records]
    assert body["explanations"] == [entries[n] for n in range(len(entries))]
    assert [resolve(r["explanation"], body["explanations"]) for r in body["records"]] == [
        resolve(r["explanation"], list(entries.values())) for r in records]


def test_explain_and_explain_inline_together_are_refused(tmp_path):
    result = run_cli("classify", _rows(tmp_path, "one.csv", 1), "--explain",
                     "--explain-inline", "-f", "json")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: --explain and --explain-inline do not go together: --explain writes each "
        "distinct explanation once in a table the records refer to, --explain-inline each "
        "record's whole explanation; give one of them"]


def test_answers_written_again_replace_or_take_away_their_explanations(tmp_path, capsys):
    pq = pytest.importorskip("pyarrow.parquet")
    one, other = _rows(tmp_path, "one.csv", 1), _rows(tmp_path, "other.csv", 2)
    out, beside = tmp_path / "side.parquet", tmp_path / "side.explanations.parquet"
    assert _run(capsys, "classify", one, "--explain", "-o", out)[0] == 0
    assert "explanation" in pq.read_schema(out).names and pq.read_table(beside).num_rows
    before = out.read_bytes(), beside.read_bytes()

    bad = tmp_path / "bad.csv"
    bad.write_text(f"{WORKER_LINES[0]}\nx,,boss,,,,,,,,,,,\n", encoding="utf-8")
    for extra in ((), ("--explain",)):  # refused: both files as they were
        code, _, err = _run(capsys, "classify", bad, *extra, "-o", out)
        assert code == 2 and "'boss'" in err
        assert (out.read_bytes(), beside.read_bytes()) == before

    code, _, err = _run(capsys, "classify", other, "-o", out)
    assert code == 0, err
    assert pq.read_table(out).column("id").to_pylist() == [WORKER_LINES[2].split(",")[0]]
    assert not beside.exists()  # it explained answers that are no longer there

    mine = tmp_path / "mine.explanations.parquet"  # the user's file, not a table of ours
    mine.write_text("notes\n", encoding="utf-8")
    assert _run(capsys, "classify", one, "-o", tmp_path / "mine.parquet")[0] == 0
    assert mine.read_text(encoding="utf-8") == "notes\n"
