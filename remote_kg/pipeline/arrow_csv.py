"""The vectorised route for the commonest call: a clean CSV of worker records to CSV or
JSON answers, at a cost that hardly depends on how varied the records are.

pyarrow reads the file in blocks; each column's distinct cells are checked and parsed once
(`records.parse_cells`, the row-by-row reader's rules), each distinct row of fact cells is
answered once by the engine, and the output lines are put together column-wise. Anything
the row-by-row reader would report or treat specially (a row of the wrong width, an empty
or duplicate id, a bad value, a cell with surrounding whitespace, text that is not UTF-8,
an inconsistent record, an id or label JSON must escape, a cell over csv's field size
limit) makes this route give up before anything is written (`Irregular`); so does anything
pyarrow might read otherwise than Python's csv (a header going on past its first line, a
quote that neither opens, doubles nor closes a quoted field, a quoted field left open).
The exact route (`classify.stream_csv`) then runs, with its messages. Tests compare the
two byte for byte (`tests/pipeline/test_csv_routes.py` on generated files).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import numpy as np

from remote_kg.model.records import (
    CSV_OPTIONS,
    FACT_COLUMNS,
    CsvRecordReader,
    Facts,
    PerformerKinds,
    detect_delimiter,
    parse_cells,
    parse_performer,
)
from remote_kg.model.vocab import PERFORMER_COLUMNS
from remote_kg.outputs import atomic_output
from remote_kg.pipeline.writers import (
    CSV_QUOTED_CHARACTERS,
    csv_fragment,
    csv_header,
    is_referenced,
    json_fragment,
    json_start,
    write_json_end,
)
from remote_kg.progress import Progress

BLOCK_BYTES = 8 << 20  # per block, the output is held twice (Arrow and str)
# What str.strip() removes: no id, label or fact cell may start or end with it here.
_SPACE = r"[\t-\r\x1c-\x1f\x85\p{Z}]"
_EDGE_SPACE = f"^{_SPACE}|{_SPACE}$"
_CSV_QUOTED = "[" + re.escape(CSV_QUOTED_CHARACTERS) + "]"  # as writers.csv_line quotes
_JSON_ESCAPED = r'[^\x20-\x7e]|["\\]'
_JSON_SEPARATOR = ",\n  "


class Irregular(Exception):
    """The file needs the exact, row-by-row route."""


def classify_csv_columnar(path: Path, fmt: str, output: str | None, engine,
                          categories: list[str], quiet: bool, explanations=None) -> bool:
    """Write the answers for a CSV of records exactly as `stream_csv` would; False, with
    nothing written, when the file needs the exact route (or pyarrow is missing).
    `explanations` (JSON only, referenced: `explain.references.ExplanationTable`) are
    asked once per distinct row of the fact cells the engine reads, which is all an
    explanation depends on."""
    if fmt not in ("csv", "json") or CSV_OPTIONS.get().extra_columns == "keep":
        return False
    if explanations is not None and (fmt != "json" or not is_referenced(explanations)):
        return False
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    layout = _layout(path)
    if layout is None or not _quotes_are_plain(path, layout[0]):
        return False
    try:
        with atomic_output(Path(output) if output else None) as out:
            _classify(path, fmt, out, engine, categories, quiet, explanations, *layout)
    except Irregular:
        return False
    return True


def _layout(path: Path) -> tuple[str, list[str]] | None:
    """The delimiter and the columns' names (lower case), once the exact reader has
    accepted the header (raising its own error otherwise); None without a data row."""
    reader = CsvRecordReader(path)
    rows = reader.rows_with_extras()
    try:
        first = next(rows, None)
    finally:
        rows.close()
    if first is None or reader.problems:
        return None
    with open(path, encoding="utf-8-sig", newline="") as handle:
        line = handle.readline()
    if line.count('"') % 2:  # the header goes on past its first line, where pyarrow's
        return None  # skip_rows stops: a quoted cell holds a line break
    delimiter = reader.options.delimiter or detect_delimiter(line, reader.options.known_names())
    header = next(csv.reader([line], delimiter=delimiter))
    return delimiter, reader.options.names(header)


def _quotes_are_plain(path: Path, delimiter: str) -> bool:
    """Whether pyarrow reads every double quote of the file as Python's csv (strict) does.

    So it is when each quote opens a field (at its start), closes one (before a delimiter,
    a line end or the end of the file) or is one of a doubled pair inside a quoted field,
    and no quoted field is left open at the end: the k-th quote of the file (from 0) is
    then inside a quoted field exactly when k is odd. Otherwise (`"ab"c`, `""a`, `a"b`, a
    file cut inside a quoted cell) the readers may differ, and the exact one decides.
    Checked on the bytes, BLOCK_BYTES at a time, with numpy."""
    quote = ord('"')
    edges = np.frombuffer(f"{delimiter}\r\n\"".encode(), dtype=np.uint8)
    seen = 0  # quotes before the bytes examined now
    before = b"\n"  # the byte before those not yet examined (the start of a line at first)
    with open(path, "rb") as handle:
        pending = handle.read(3)  # a byte-order mark is no part of the first field
        pending = b"" if pending == b"\xef\xbb\xbf" else pending
        while True:
            block = handle.read(BLOCK_BYTES)
            data = np.frombuffer(before + pending + (block or b"\n"), dtype=np.uint8)
            at = np.flatnonzero(data[1:-1] == quote) + 1  # those with a byte on each side
            if at.size:
                inside = (seen + np.arange(at.size)) % 2 == 1  # closing or doubling
                neighbour = np.where(inside, data[at + 1], data[at - 1])
                if not np.isin(neighbour, edges).all():
                    return False
                seen += at.size
            if not block:
                return seen % 2 == 0
            before, pending = bytes(data[-2:-1]), bytes(data[-1:])


class _Columns:
    """Each kept fact column's spellings, numbered, with the Facts fields each one sets."""

    def __init__(self, kept: list[str], engine):
        self.kept = kept
        # The plain fast engine answers boxes in bulk (`FastReasoner.answer_rows`); each
        # spelling then also keeps the slots it fixes (-1: free), read from the engine.
        from remote_kg.reasoners.fast import FastReasoner

        self.engine = engine if type(engine) is FastReasoner else None
        self.boxes: dict[str, list[np.ndarray]] = {c: [] for c in kept}
        self.codes_of: dict[str, dict[str, int]] = {c: {} for c in kept}
        self.spellings: dict[str, list[str]] = {c: [] for c in kept}
        self.valid: dict[str, set[str]] = {}
        self.rendered: dict[int, tuple[Any, str]] = {}  # id(answer) -> (answer, fragment)

    def _parsed(self, column: str, cell: str) -> Facts:
        if cell != cell.strip():  # the exact reader strips it: leave such files to it
            raise Irregular
        if len(cell) > csv.field_size_limit():  # the exact reader refuses it
            raise Irregular
        found = parse_cells({column: cell})
        if isinstance(found, list):
            raise Irregular
        return found

    def check(self, column: str, text) -> None:
        """Every distinct cell of a column the answers do not read must still be valid."""
        seen = self.valid.setdefault(column, set())
        for cell in text.unique().to_pylist():
            if cell not in seen:
                self._parsed(column, cell)
                seen.add(cell)

    def codes(self, column: str, text) -> np.ndarray:
        """The number of each cell's spelling (new spellings parsed and numbered)."""
        import pyarrow.compute as pc

        encoded = pc.dictionary_encode(text)
        numbers = self.codes_of[column]
        mapping = []
        for cell in encoded.dictionary.to_pylist():
            number = numbers.get(cell)
            if number is None:
                facts = self._parsed(column, cell)
                number = numbers[cell] = len(numbers)
                self.spellings[column].append(cell)
                if self.engine is not None:
                    row = self.engine.box_row(facts)
                    if row is None:
                        raise Irregular
                    self.boxes[column].append(row)
            mapping.append(number)
        if len(numbers) > 65_535:
            raise Irregular
        indices = encoded.indices.to_numpy(zero_copy_only=False)
        return np.asarray(mapping, dtype=np.uint16)[indices]

    def box_rows(self, codes: np.ndarray) -> np.ndarray:
        """The boxes of rows of spelling numbers (one column per kept column): each slot
        fixed by the one column that speaks of it, else free. Two columns fixing one slot
        (`workplaces` and `workplaces_known` both given) is the exact reader's to report."""
        rows = np.full((len(codes), len(self.engine.slots)), -1, dtype=np.int16)
        for j, column in enumerate(self.kept):
            part = np.stack(self.boxes[column])[codes[:, j]]
            if ((part >= 0) & (rows >= 0)).any():
                raise Irregular
            rows = np.where(part >= 0, part, rows)
        return rows

    def facts(self, codes: np.ndarray) -> Facts:
        """A row's Facts, as the exact reader makes them from its kept cells."""
        found = parse_cells({column: self.spellings[column][int(code)]
                             for column, code in zip(self.kept, codes)})
        if isinstance(found, list):  # each cell was parsed alone already
            raise Irregular
        return found


def _classify(path: Path, fmt: str, out, engine, categories: list[str], quiet: bool,
              explanations, delimiter: str, names: list[str]) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    generated = [f"c{i}" for i in range(len(names))]
    try:
        blocks = pcsv.open_csv(
            path,
            read_options=pcsv.ReadOptions(block_size=BLOCK_BYTES, skip_rows=1,
                                          column_names=generated),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(generated, pa.string()),
                strings_can_be_null=False, check_utf8=True),
        )
    except (pa.ArrowInvalid, OSError) as exc:
        raise Irregular from exc
    position = {n: i for i, n in enumerate(names)}
    kept = [c for c in FACT_COLUMNS if c in position and c in engine.columns]
    checked = [c for c in FACT_COLUMNS if c in position and c not in kept]
    who = [c for c in PERFORMER_COLUMNS if c in position]
    performers = _Performers(who)
    parsed = {position[c] for c in kept + checked}  # each spelling's size checked as parsed
    unparsed = [i for i in range(len(names)) if i not in parsed]
    columns = _Columns(kept, engine)
    fragments: dict[bytes, str] = {}
    ids: list[Any] = []
    progress = Progress(path.stat().st_size, enabled=not quiet)
    out.write(json_start(explanations) if fmt == "json" else csv_header(categories, []))
    first = True
    while True:
        try:
            batch = blocks.read_next_batch()
        except StopIteration:
            break
        except pa.ArrowInvalid as exc:
            raise Irregular from exc
        if batch.num_rows == 0:
            continue
        _check_cell_sizes(batch, unparsed)
        record_ids = batch.column(position["id"])
        labels = batch.column(position["label"]) if "label" in position else None
        for text in (record_ids, labels):  # fact cells are checked once per spelling
            if text is not None and pc.any(pc.match_substring_regex(text, _EDGE_SPACE)).as_py():
                raise Irregular
        if pc.any(pc.equal(record_ids, "")).as_py():
            raise Irregular
        if fmt == "json" and any(
                text is not None and pc.any(pc.match_substring_regex(text, _JSON_ESCAPED)).as_py()
                for text in (record_ids, labels)):
            raise Irregular
        ids.append(record_ids)
        for column in checked:
            columns.check(column, batch.column(position[column]))
        if who:
            performers.check([batch.column(position[c]) for c in who])
        answers = _answers(batch, kept, position, columns, fragments, engine, categories, fmt,
                           explanations)
        if fmt == "csv":
            out.write(_text(_csv_lines(record_ids, labels, answers)))
        else:
            text = _text(_json_lines(record_ids, labels, answers))
            out.write(("\n  " if first else ",\n  ") + text[:-len(_JSON_SEPARATOR)])
        first = False
        progress.advance(batch.num_rows)
    progress.close()
    everything = pa.chunked_array(ids, pa.string())
    if len(pc.unique(everything)) != len(everything):
        raise Irregular
    if fmt == "json":
        write_json_end(out, first, explanations)


class _Performers:
    """The `performer` and `performer_kind` cells checked as the exact reader checks them
    (no category reads them): each distinct pair parsed once, a performer's kind the same
    on every row; anything the exact reader would report or strip is `Irregular`."""

    def __init__(self, names: list[str]):
        self.names = names
        self.seen: set[tuple[str, ...]] = set()
        self.kinds = PerformerKinds()

    def check(self, texts: list) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        for text in texts:
            if pc.any(pc.match_substring_regex(text, _EDGE_SPACE)).as_py():
                raise Irregular
        pairs = pa.Table.from_arrays(texts, names=self.names).group_by(self.names).aggregate([])
        for cells in zip(*(pairs.column(n).to_pylist() for n in self.names)):
            if cells in self.seen:
                continue
            found = parse_performer(dict(zip(self.names, cells)))
            if isinstance(found, list) or self.kinds.check(found, "") is not None:
                raise Irregular
            self.seen.add(cells)


def _check_cell_sizes(batch, columns: list[int]) -> None:
    """The exact reader refuses a cell longer than csv's field size limit (in characters):
    leave a file with a cell of more bytes than that, in one of `columns`, to it."""
    import pyarrow.compute as pc

    limit = csv.field_size_limit()
    for i in columns:
        text = batch.column(i)
        longest = pc.max(pc.binary_length(text)).as_py()
        if longest is not None and longest > limit:
            raise Irregular


def _answers(batch, kept, position, columns: _Columns, fragments: dict[bytes, str], engine,
             categories: list[str], fmt: str, explanations=None):
    """Each row's answer fragment: every distinct row of fact cells answered once."""
    import pyarrow as pa

    if kept:
        codes = np.stack([columns.codes(c, batch.column(position[c])) for c in kept], axis=1)
    else:
        codes = np.zeros((batch.num_rows, 1), dtype=np.uint16)
    # one integer per row (its spellings' numbers in mixed radix) is quicker to sort than
    # the rows' bytes; the distinct rows are read back from the distinct integers
    sizes = [max(len(columns.codes_of[c]), 1) for c in kept] if kept else [1]
    if float(np.prod(sizes, dtype=np.float64)) < 2.0 ** 62:
        radix = np.cumprod([1, *sizes[:-1]], dtype=np.int64)
        keys = np.zeros(len(codes), dtype=np.int64)
        for j in range(codes.shape[1]):
            keys += codes[:, j].astype(np.int64) * radix[j]
        found, inverse = np.unique(keys, return_inverse=True)
        spelled = np.stack([(found // radix[j]) % sizes[j] for j in range(codes.shape[1])],
                           axis=1).astype(np.uint16)
        distinct = np.ascontiguousarray(spelled).view(
            np.dtype((np.void, codes.shape[1] * 2))).ravel()
    else:
        rows = np.ascontiguousarray(codes).view(
            np.dtype((np.void, codes.shape[1] * 2))).ravel()
        distinct, inverse = np.unique(rows, return_inverse=True)
    texts = []
    bulk = None
    if columns.engine is not None and kept:
        fresh = [i for i, key in enumerate(distinct) if key.tobytes() not in fragments]
        if fresh:
            spelled = np.frombuffer(distinct[fresh].tobytes(), dtype=np.uint16).reshape(
                len(fresh), len(kept))
            bulk = dict(zip(fresh, columns.engine.answer_rows(columns.box_rows(spelled))))
    for i, key in enumerate(distinct):
        raw = key.tobytes()
        fragment = fragments.get(raw)
        if fragment is None:
            if bulk is not None and i in bulk:
                answer = bulk[i]
            else:
                row = np.frombuffer(raw, dtype=np.uint16)
                answer = engine.answer(columns.facts(row) if kept else Facts())
            if not answer.consistent:
                raise Irregular
            if explanations is not None:
                row = np.frombuffer(raw, dtype=np.uint16)
                why = explanations.why(columns.facts(row) if kept else Facts())
                fragment = fragments[raw] = json_fragment(answer, why)
                texts.append(fragment)
                continue
            # many fact rows share an answer (the engine hands out one object per answer)
            found = columns.rendered.get(id(answer))
            if found is None:
                text = (csv_fragment(answer, categories) if fmt == "csv"
                        else json_fragment(answer))
                found = columns.rendered[id(answer)] = (answer, text)
            fragment = fragments[raw] = found[1]
        texts.append(fragment)
    return pa.array(texts, pa.string()).take(pa.array(inverse.ravel()))


def _quoted(text, pattern: str):
    """CSV cells: quoted (inner quotes doubled) where they hold `pattern`, else as they are."""
    import pyarrow.compute as pc

    needs = pc.match_substring_regex(text, pattern)
    if not pc.any(needs).as_py():
        return text
    doubled = pc.replace_substring(text, '"', '""')
    wrapped = pc.binary_join_element_wise('"', doubled, '"', "")
    return pc.if_else(needs, wrapped, text)


def _csv_lines(record_ids, labels, answers):
    import pyarrow as pa
    import pyarrow.compute as pc

    label_cells = _quoted(labels, _CSV_QUOTED) if labels is not None else pa.array(
        [""] * len(record_ids), pa.string())
    head = pc.binary_join_element_wise(_quoted(record_ids, _CSV_QUOTED), label_cells, ",")
    return pc.binary_join_element_wise(head, answers, "")


def _json_lines(record_ids, labels, answers):
    import pyarrow as pa
    import pyarrow.compute as pc

    ids = pc.binary_join_element_wise('{"id": "', record_ids, '", "label": ', "")
    if labels is None:
        label_cells = pa.array(["null"] * len(record_ids), pa.string())
    else:
        label_cells = pc.if_else(pc.equal(labels, ""), "null",
                                 pc.binary_join_element_wise('"', labels, '"', ""))
    # every row followed by the separator; the caller drops the last one
    return pc.binary_join_element_wise(ids, label_cells, answers, _JSON_SEPARATOR, "")


def _text(lines) -> str:
    """The concatenation of a string array's values, read from its data buffer."""
    import pyarrow as pa

    lines = lines.combine_chunks() if isinstance(lines, pa.ChunkedArray) else lines
    if lines.null_count:
        raise Irregular
    kind = np.int64 if pa.types.is_large_string(lines.type) else np.int32
    _, offsets, data = lines.buffers()
    bounds = np.frombuffer(offsets, dtype=kind)[lines.offset:lines.offset + len(lines) + 1]
    if data is None:
        return ""
    return data.slice(int(bounds[0]), int(bounds[-1] - bounds[0])).to_pybytes().decode("utf-8")
