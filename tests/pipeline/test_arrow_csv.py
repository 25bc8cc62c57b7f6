"""The vectorised CSV route writes exactly what the row-by-row route writes, or gives way.

`pipeline.arrow_csv.classify_csv_columnar` must give byte for byte the output of
`pipeline.classify.stream_csv` on every file it takes, and must take nothing (write
nothing, return False) where the exact route would refuse a row or read it specially.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from remote_kg.errors import InputError
from remote_kg.pipeline.arrow_csv import classify_csv_columnar
from remote_kg.pipeline.classify import stream_csv
from remote_kg.reasoners.choice import get_reasoner

BASE = "https://w3id.org/remote-kg/data/"
WORKERS = (REPO / "examples" / "workers.csv").read_text(encoding="utf-8")


def _generated(tmp_path: Path, script: str, rows: int, *extra: str) -> Path:
    out = tmp_path / f"{Path(script).stem}-{rows}.csv"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / script), str(rows), "-o",
                    str(out), "--seed", "3", *extra], check=True, cwd=REPO)
    return out


def _both(path: Path, fmt: str, categories: str | None = None) -> tuple[bytes, bytes, bool]:
    engine = get_reasoner("fast", None, categories)
    exact, fast = path.with_suffix(".exact"), path.with_suffix(".fast")
    stream_csv(path, fmt, str(exact), engine, engine.categories, True, BASE)
    taken = classify_csv_columnar(path, fmt, str(fast), engine, engine.categories, True)
    return exact.read_bytes(), fast.read_bytes() if taken else b"", taken


def _row(*cells: str, width: int) -> str:
    return ",".join([*cells, *[""] * (width - len(cells))])


def _variants(tmp_path: Path) -> dict[str, Path]:
    header, *rows = WORKERS.splitlines()
    width = len(header.split(","))
    files = {
        "examples": WORKERS,
        "quoted labels": header + "\n" + "\n".join(rows[:5]) + "\n"
        + _row("q1", '"a, ""quoted""\nlabel"', "employee", "home", width=width) + "\n",
        "unicode labels": "\n".join([header, _row("u1", "Müller at home", "employee", "home",
                                                   width=width), _row("u2", width=width),
                                      _row("u3", "Anna\u00a0Berg", width=width)]),
        "semicolons, BOM and CRLF": "\ufeff" + "\r\n".join(
            line.replace(",", ";") for line in [
                header, _row("s1", "one", "employee", "home", width=width),
                _row("s2", "two", "freelancer", width=width)]) + "\r\n",
        "no label column": "id,relation,workplaces\nn1,employee,home\nn2,,\n",
    }
    paths = {}
    for name, text in files.items():
        path = tmp_path / (name.replace(" ", "-").replace(",", "") + ".csv")
        path.write_text(text, encoding="utf-8")
        paths[name] = path
    return paths


def _partial_knowledge(tmp_path: Path, rows: int = 3000) -> Path:
    """Random records using the complete list, the places known so far or neither, and
    work abroad (yes only with off-premises places, so every record is consistent)."""
    import random

    rng = random.Random(5)
    places = ("home", "org_main_office", "org_branch_office", "client_site",
              "coworking_space", "public_place", "vehicle")
    lines = ["id,label,relation,workplaces,workplaces_known,works_abroad,org_fully_remote"]
    for n in range(rows):
        abroad = rng.choice(("", "yes", "no"))
        allowed = places[3:] if abroad == "yes" else places
        listed = ";".join(rng.sample(allowed, rng.randint(1, 3)))
        where = rng.choice(("complete", "known", "blank"))
        lines.append(",".join((
            f"p{n}", rng.choice(("", "someone")),
            rng.choice(("", "employee", "freelancer", "owner")),
            listed if where == "complete" else "", listed if where == "known" else "",
            abroad, "")))
    path = tmp_path / "partial-knowledge.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_columnar_route_writes_the_exact_routes_bytes(tmp_path: Path, fmt: str):
    paths = {**_variants(tmp_path), "partial knowledge": _partial_knowledge(tmp_path),
             "worst case": _generated(tmp_path, "generate_worst.py", 3000),
             "authority facts": _generated(tmp_path, "generate.py", 3000, "--authority-facts")}
    # JSON escapes (and so leaves to the exact route) labels with quotes or non-ASCII text
    left = {"quoted labels", "unicode labels"} if fmt == "json" else set()
    for name, path in paths.items():
        exact, fast, taken = _both(path, fmt)
        assert taken == (name not in left), name
        if taken:
            assert fast == exact, name


def test_the_authorities_categories_come_out_the_same(tmp_path: Path):
    path = _generated(tmp_path, "generate.py", 2000, "--authority-facts")
    exact, fast, taken = _both(path, "csv", "all")
    assert taken and fast == exact


def test_the_issue_22_columns_are_read_as_the_exact_route_reads_them(tmp_path: Path):
    """could_work_at_premises, autonomous, economically_independent and remote_office, every
    value and blank, through the vectorised route: the exact route's answers, byte for byte."""
    import itertools

    columns = ("could_work_at_premises", "autonomous", "economically_independent",
               "remote_office")
    rows = [f"r{i},,{rel},{places},{','.join(values)}"
            for i, (rel, places, values) in enumerate(itertools.product(
                ("employee", "freelancer"), ("home", "org_branch_office", "home;org_main_office"),
                itertools.product(("yes", "no", ""), repeat=len(columns))))]
    path = tmp_path / "new-columns.csv"
    path.write_text("id,label,relation,workplaces," + ",".join(columns) + "\n"
                    + "\n".join(rows) + "\n", encoding="utf-8")
    for categories in (None, "all"):
        exact, fast, taken = _both(path, "csv", categories)
        assert taken and fast == exact
    assert b"unknown" in exact and b",is," in exact


BAD_ROWS = {
    "duplicate id": "d1,a,employee,,,,,\nd1,b,employee,,,,,\n",
    "bad value": "b1,a,employe,,,,,\n",
    "padded cell": "p1,a, employee,,,,,\n",
    "padded id": " p2,a,employee,,,,,\n",
    "wrong width": "w1,a,employee\n",
    "empty id": ",a,employee,,,,,\n",
    "id ending in a tab": "p3\t,a,employee,,,,,\n",
    "label ending in a no-break space": "p4,Müller\u00a0,employee,,,,,\n",
    "label starting with an em space": "p5,\u2003Anna,employee,,,,,\n",
    "inconsistent": "i1,a,employee,home,,,,\n",
}


@pytest.mark.parametrize("name", sorted(BAD_ROWS))
def test_the_columnar_route_leaves_irregular_files_to_the_exact_one(tmp_path: Path, name):
    header = "id,label,relation,workplaces,schedule,tools,location_bound,uses_ict\n"
    path = tmp_path / "bad.csv"  # (the exact route then reports each of these rows)
    row = BAD_ROWS[name]
    if name == "inconsistent":  # a record the ontology rules out: two relations cannot be
        row = "i1,a,employee,home,,,,\n"  # written in CSV, so force it through the engine
    path.write_text(header + "ok1,fine,employee,home,,,,\n" + row, encoding="utf-8")
    engine = get_reasoner("fast")
    out = tmp_path / "out.csv"
    taken = classify_csv_columnar(path, "csv", str(out), engine, engine.categories, True)
    if name == "inconsistent":
        return  # every CSV-expressible row is consistent; the engine's check stays in place
    assert not taken
    assert not out.exists()


def test_non_utf8_text_gets_the_exact_readers_error(tmp_path: Path):
    path = tmp_path / "latin.csv"
    path.write_bytes(b"id,label,relation\nl1,caf\xe9,employee\n")
    engine = get_reasoner("fast")
    with pytest.raises(InputError, match="0xE9, not UTF-8"):
        classify_csv_columnar(path, "csv", str(tmp_path / "o.csv"), engine,
                              engine.categories, True)
    assert not (tmp_path / "o.csv").exists()


def test_text_after_a_closing_quote_is_refused_as_the_exact_reader_refuses_it(tmp_path):
    """pyarrow alone would read `"ab"c` as abc; the exact reader says the CSV is malformed."""
    from conftest import run_cli

    path = tmp_path / "late.csv"
    path.write_text('id,label,relation\nx0,ok,employee\nx1,"ab"c,employee\n')
    engine = get_reasoner("fast")
    assert not classify_csv_columnar(path, "csv", str(tmp_path / "o.csv"), engine,
                                     engine.categories, True)
    done = run_cli("classify", path, "-f", "csv")
    assert done.returncode == 2 and done.stdout == ""
    assert "line 3: malformed CSV" in done.stderr


@pytest.mark.parametrize("block", [1, 2, 3, 5, 8, 13, 1 << 20])
def test_the_quote_check_does_not_depend_on_where_blocks_end(monkeypatch, tmp_path, block):
    from remote_kg.pipeline import arrow_csv

    monkeypatch.setattr(arrow_csv, "BLOCK_BYTES", block)
    cases = {
        'id,label\nx,"a, ""b"""\ny,plain\n': True,
        'id,label\nx,"ab"c\n': False,
        'id,label\nx,a"b\n': False,  # a literal quote: left to the exact reader
        'id,label\nx,"ab"\n': True,
        'id,label\nx,"ab"': True,
        '"id",label\n"x",""\n': True,
    }
    for text, plain in cases.items():
        path = tmp_path / "q.csv"
        path.write_text(text)
        assert arrow_csv._quotes_are_plain(path, ",") == plain, text


def test_both_workplace_columns_in_a_row_go_to_the_exact_route(tmp_path: Path):
    path = tmp_path / "both.csv"
    path.write_text("id,workplaces,workplaces_known\nok,home,\nok2,,vehicle\nb,home,vehicle\n",
                    encoding="utf-8")
    engine = get_reasoner("fast")
    out = tmp_path / "out.csv"
    assert not classify_csv_columnar(path, "csv", str(out), engine, engine.categories, True)
    assert not out.exists()
    with pytest.raises(InputError, match="line 4, columns 'workplaces' and 'workplaces_known'"):
        stream_csv(path, "csv", str(out), engine, engine.categories, True, BASE)


@pytest.fixture(scope="module")
def many_blocks(tmp_path_factory) -> dict[str, tuple[Path, dict[str, bytes]]]:
    """The worst case in its order (ids rising) and reversed (ids falling), each with the
    exact route's CSV and JSON."""
    folder = tmp_path_factory.mktemp("blocks")
    rising = _generated(folder, "generate_worst.py", 3000)
    header, *rows = rising.read_text(encoding="utf-8").splitlines()
    falling = folder / "falling.csv"
    falling.write_text("\n".join([header, *reversed(rows)]) + "\n", encoding="utf-8")
    engine = get_reasoner("fast")
    files = {}
    for path in (rising, falling):
        exact = {}
        for fmt in ("csv", "json"):
            out = path.with_suffix(f".exact.{fmt}")
            stream_csv(path, fmt, str(out), engine, engine.categories, True, BASE)
            exact[fmt] = out.read_bytes()
        files[path.stem] = (path, exact)
    return files


@pytest.mark.parametrize("keys", ["a table by number", "sorted numbers", "sorted bytes"])
def test_the_columnar_route_writes_the_exact_routes_bytes_over_many_blocks(
        monkeypatch, tmp_path, many_blocks, keys):
    """Blocks of 16 KB: spellings first met in later blocks, fact rows met in earlier ones,
    ids rising or not; the fact rows found by number in a table, or (past the limits)
    among sorted numbers or sorted bytes."""
    from remote_kg.pipeline import arrow_csv

    monkeypatch.setattr(arrow_csv, "BLOCK_BYTES", 16 << 10)
    if keys != "a table by number":
        monkeypatch.setattr(arrow_csv, "_DENSE_LIMIT", 0)
    if keys == "sorted bytes":
        monkeypatch.setattr(arrow_csv, "_RADIX_LIMIT", 1.0)
    engine = get_reasoner("fast")
    for name, (path, exact) in many_blocks.items():
        for fmt in ("csv", "json"):
            out = tmp_path / f"{name}.{fmt}"
            assert classify_csv_columnar(path, fmt, str(out), engine, engine.categories, True)
            assert out.read_bytes() == exact[fmt], (name, fmt)


def test_an_id_repeated_blocks_apart_leaves_the_file_to_the_exact_route(monkeypatch, tmp_path,
                                                                         many_blocks):
    from remote_kg.pipeline import arrow_csv

    monkeypatch.setattr(arrow_csv, "BLOCK_BYTES", 16 << 10)
    path, _ = many_blocks["falling"]
    text = path.read_text(encoding="utf-8")
    first_id = text.splitlines()[1].split(",")[0]
    again = tmp_path / "again.csv"
    again.write_text(text + first_id + ",,employee,home,,,,\n", encoding="utf-8")
    engine = get_reasoner("fast")
    out = tmp_path / "out.csv"
    assert not classify_csv_columnar(again, "csv", str(out), engine, engine.categories, True)
    assert not out.exists()


def test_classifying_a_csv_leaves_pandas_unloaded(tmp_path: Path):
    """pyarrow imports pandas (about a third of a second) the first time it converts a
    Python value; the vectorised route makes its Arrow values otherwise."""
    out = tmp_path / "answers.csv"
    script = ("import sys\nfrom remote_kg.cli import main\ntry:\n    main()\n"
              "except SystemExit:\n    pass\nprint('pandas' in sys.modules)")
    done = subprocess.run(
        [sys.executable, "-c", script, "classify", str(REPO / "examples" / "workers.csv"),
         "-f", "csv", "-o", str(out), "--quiet"], capture_output=True, text=True, cwd=REPO)
    assert done.stdout.strip() == "False", done.stderr
    assert out.read_text(encoding="utf-8").startswith("id,label,")
