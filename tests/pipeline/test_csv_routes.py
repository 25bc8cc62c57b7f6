"""The vectorised CSV route (`pipeline.arrow_csv`) and the exact one (`classify.stream_csv`)
give the same stdout, output file, stderr and exit code on every file: the vectorised route
takes a file only where it reads it exactly as the exact route does, and gives way otherwise.

Files are generated: valid rows mixed with malformed ones at random places (quotes in odd
places, line breaks in header and cells, truncation, NUL, bytes that are not UTF-8, long
cells, blank lines, wrong widths), under each delimiter and line end, with or without a BOM,
read in blocks small enough that the damage falls in a later block than the header.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_csv_output import REGRESSIONS, run_in_process

from remote_kg.pipeline import arrow_csv, classify
from remote_kg.reasoners.choice import get_reasoner

# ROUTE_EXAMPLES=2000 for a longer search with fresh seeds
ROUNDS = settings(max_examples=int(os.environ.get("ROUTE_EXAMPLES", "250")), deadline=None,
                  suppress_health_check=list(HealthCheck))
COLUMNS = ["id", "label", "relation", "workplaces", "schedule", "location_bound", "dept",
           "performer", "performer_kind"]
VALUES = {
    "label": ["plain", "", "a, b", 'say "hi"', "two\nlines", "cr\rhere", "crlf\r\nhere", "é",
              "a;b", "tab\there"],
    "relation": ["employee", "freelancer", "", "Owner"],
    "workplaces": ["home", "home;client_site", "", "org_main_office"],
    "schedule": ["employer_set", "self_set", ""],
    "location_bound": ["yes", "no", "", "TRUE", "n", "0", "Y", "False"],
    "dept": ["x", "a,b", 'q"', "", "line\nbreak"],
    # who does the work: shared ids, a list, a line break, kinds that clash across rows
    "performer": ["ann", "ann", "bob", "", "a;b", "Ann Lee", "é", "x\ty"],
    "performer_kind": ["person", "organisation", "", "Person", "robot"],
}
LIMIT = csv.field_size_limit()
# raw text put in place of a row's label cell, or of the whole row
# Raw text put in place of a cell ({v}: one of the column's valid values), or of a row.
# Quotes weigh most: each of these alone once made the routes differ.
QUOTED_CELLS = ['""{v}', '"{v}"""b', '{v}"c', '"{v}"c', '{v}"', '"{v}', '"{v}""b"c', '""""{v}',
                '"{v}"b"', '"{v}"', '""', '"{v}""b"', '"{v}\nx"', '"\r{v}"', ' "{v}"', '"{v}" ']
DAMAGED_CELLS = [*QUOTED_CELLS, " {v}", "x" * (LIMIT + 1), "{v}" + "y" * (LIMIT - 8),
                 '"' + "z" * (LIMIT + 1) + '"', "{v}\x00", "{v}\udcff"]
DAMAGED_ROWS = ["", "   ", '""', "{id}", "{id}{d}employe", "{dup}", "{d}{d}"]
HEADER_CELLS = ["{}", '"{}"', "{} ", '"{}\n"', '"{}\r\n"', '"\n{}"', '"{}\r"', "UPPER"]


@st.composite
def csv_files(draw) -> tuple[bytes, str, bool]:
    """(file bytes, delimiter, whether it has a column only `--extra-columns` admits)."""
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    columns = ["id", *draw(st.lists(st.sampled_from(COLUMNS[1:]), unique=True))]
    columns = draw(st.permutations(columns))
    header = delimiter.join(
        draw(st.sampled_from(HEADER_CELLS)).replace("{}", name).replace("UPPER", name.upper())
        if not draw(st.integers(0, 3))
        else name for name in columns)
    lines = []
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=end)
    for n in range(draw(st.integers(1, 120))):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([f"r{n}" if c == "id" else draw(st.sampled_from(VALUES[c]))
                         for c in columns])
        lines.append(buffer.getvalue())
    for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2, 3]))):  # mostly one, to be seen
        at = draw(st.integers(0, len(lines)))
        if len(columns) > 1 and draw(st.integers(0, 3)):
            cells = [f"x{at}" if c == "id" else "" for c in columns]
            i = draw(st.sampled_from([i for i, c in enumerate(columns) if c != "id"]))
            value = draw(st.sampled_from([v for v in VALUES[columns[i]] if v.isidentifier()]))
            cells[i] = draw(st.sampled_from(DAMAGED_CELLS)).replace("{v}", value)
            line = delimiter.join(cells)
        else:
            line = draw(st.sampled_from(DAMAGED_ROWS)).format(id=f"x{at}", d=delimiter,
                                                              dup="r0")
        lines.insert(at, line + end)
    text = header + end + "".join(lines)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    data = text.encode("utf-8", "surrogateescape")
    if not draw(st.integers(0, 4)):
        data = data[:draw(st.integers(0, len(data)))]
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data, delimiter, "dept" in columns


TAKEN: list[bool] = []  # what the vectorised route answered, call by call


def _routes(path: Path, args: list[str], block: int) -> list[tuple]:
    """What the CLI gives for `args` (the exact route alone, then both as they run):
    exit code, stdout, stderr, and the output file's bytes (None: not written)."""
    found = []
    for exact in (True, False):
        out = path.with_suffix(".exact" if exact else ".fast")
        out.unlink(missing_ok=True)
        columnar = classify.classify_csv_columnar

        def route(*a, _exact=exact, _columnar=columnar, **k):
            taken = False if _exact else _columnar(*a, **k)
            TAKEN.append(taken)
            return taken

        with mock.patch.object(classify, "classify_csv_columnar", route), \
                mock.patch.object(arrow_csv, "BLOCK_BYTES", block):
            code, stdout, stderr = run_in_process(*[a.replace("OUT", str(out)) for a in args])
        found.append((code, stdout, stderr.replace(str(out), "OUT"),
                      out.read_bytes() if out.exists() else None))
    return found


@ROUNDS
@given(made=csv_files(), fmt=st.sampled_from(["csv", "json"]),
       to_file=st.booleans(), block=st.sampled_from([97, 512, 1 << 18]))
def test_both_routes_give_the_same_bytes_errors_and_exit_codes(tmp_path_factory, made, fmt,
                                                              to_file, block):
    data, _, extra = made
    path = tmp_path_factory.mktemp("routes") / "records.csv"
    path.write_bytes(data)
    args = ["classify", str(path), "-f", fmt, *(["-o", "OUT"] if to_file else []),
            *(["--extra-columns", "ignore"] if extra else [])]
    TAKEN.clear()
    exact, both = _routes(path, args, block)
    event(f"vectorised route took it: {TAKEN[-1] if TAKEN else 'not asked'}")
    assert both == exact


REGRESSION_FILES = sorted(REGRESSIONS.glob("csv-routes-*.csv"))


@pytest.mark.parametrize("path", REGRESSION_FILES, ids=[p.name for p in REGRESSION_FILES])
@pytest.mark.parametrize("block", [64, 1 << 20])
def test_a_file_the_routes_once_read_differently_is_read_alike(tmp_path, path, block):
    """tests/data/fuzz-regressions/csv-routes-*.csv, read in small blocks and in one."""
    copy = tmp_path / "records.csv"
    copy.write_bytes(path.read_bytes())
    exact, both = _routes(copy, ["classify", str(copy), "-f", "csv", "--extra-columns",
                                 "ignore"], block)
    assert both == exact
    engine = get_reasoner("fast")
    with mock.patch.object(arrow_csv, "BLOCK_BYTES", block):
        assert not arrow_csv.classify_csv_columnar(copy, "csv", str(tmp_path / "o.csv"), engine,
                                                   engine.categories, True)


def test_clean_files_read_in_many_blocks_are_taken(tmp_path):
    """Giving way is not all the vectorised route does: clean files are still its own."""
    rows = [f"r{n},label {n},employee,home\n" for n in range(300)]
    path = tmp_path / "clean.csv"
    path.write_text('id,"label",relation,workplaces\n' + "".join(rows)
                    + 'q1,"a, ""quoted""\nlabel",employee,\n', encoding="utf-8")
    engine = get_reasoner("fast")
    with mock.patch.object(arrow_csv, "BLOCK_BYTES", 256):
        assert arrow_csv.classify_csv_columnar(path, "csv", str(tmp_path / "o.csv"), engine,
                                               engine.categories, True)


def test_a_cell_of_the_exact_limit_is_taken_and_one_more_character_is_not(tmp_path):
    engine = get_reasoner("fast")
    for size, taken in ((LIMIT, True), (LIMIT + 1, False)):
        path = tmp_path / f"long-{size}.csv"
        path.write_text(f"id,label\nr0,plain\nr1,{'a' * size}\n", encoding="utf-8")
        assert arrow_csv.classify_csv_columnar(path, "csv", str(tmp_path / "o.csv"), engine,
                                               engine.categories, True) == taken


def test_a_fact_cell_over_the_limit_is_left_to_the_exact_reader(tmp_path):
    """A workplaces list can be valid and still longer than the exact reader takes."""
    engine = get_reasoner("fast")
    path = tmp_path / "long-list.csv"
    path.write_text("id,workplaces\nr0,home\nr1," + ";".join(["home"] * (LIMIT // 5 + 1))
                    + "\n", encoding="utf-8")
    assert not arrow_csv.classify_csv_columnar(path, "csv", str(tmp_path / "o.csv"), engine,
                                               engine.categories, True)
    code, out, err = run_in_process("classify", path, "-f", "csv")
    assert (code, out) == (2, "") and "field larger than field limit" in err
