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

BLOCK_BYTES = 4 << 20  # per block, the output is held twice (Arrow and bytes); 8 MB: more
# page faults, no quicker
# What str.strip() removes: no id, label or fact cell may start or end with it here.
_SPACE = r"[\t-\r\x1c-\x1f\x85\p{Z}]"
_EDGE_SPACE = f"^{_SPACE}|{_SPACE}$"
_CSV_QUOTED = "[" + re.escape(CSV_QUOTED_CHARACTERS) + "]"  # as writers.csv_line quotes
# The bytes of UTF-8 text that make a cell quoted in CSV, or escaped in JSON.
_CSV_QUOTED_BYTES = np.isin(np.arange(256), list(CSV_QUOTED_CHARACTERS.encode()))
_JSON_ESCAPED_BYTES = (np.arange(256) < 0x20) | (np.arange(256) > 0x7e) | np.isin(
    np.arange(256), list(b'"\\'))
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
        return np.asarray(mapping, dtype=np.uint16)[_numbers(encoded.indices)]

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
    rows = _FactRows(len(kept))
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
            if text is not None and _edge_spaced(text):
                raise Irregular
        if pc.min(pc.binary_length(record_ids)).as_py() == 0:
            raise Irregular
        if fmt == "json" and any(text is not None and _holds(text, _JSON_ESCAPED_BYTES)
                                 for text in (record_ids, labels)):
            raise Irregular
        ids.append(record_ids)
        for column in checked:
            columns.check(column, batch.column(position[column]))
        if who:
            performers.check([batch.column(position[c]) for c in who])
        answers = rows.answers(batch, kept, position, columns, engine, categories, fmt,
                               explanations)
        if fmt == "csv":
            _write(out, _bytes(_csv_lines(record_ids, labels, answers)))
        else:
            text = _bytes(_json_lines(record_ids, labels, answers))
            _write(out, (b"\n  " if first else b",\n  ") + text[:-len(_JSON_SEPARATOR)])
        first = False
        progress.advance(batch.num_rows)
    progress.close()
    if not _distinct(ids):
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
        import pyarrow.compute as pc

        if any(_edge_spaced(text) for text in texts):
            raise Irregular
        encoded = [pc.dictionary_encode(text) for text in texts]
        keys = np.zeros(len(texts[0]), dtype=np.int64)  # each row's pair, as one number
        for column in encoded:
            keys = keys * len(column.dictionary) + _numbers(column.indices)
        first = np.unique(keys, return_index=True)[1]
        pairs = [np.array(column.dictionary.to_pylist(), dtype=object)[
            _numbers(column.indices)[first]] for column in encoded]
        for cells in zip(*pairs):
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


_RADIX_LIMIT = 2.0 ** 62  # fact rows are keyed by a number below this, else by their bytes
_DENSE_LIMIT = 1 << 22  # below this many keys, a table from key to fragment finds rows


class _FactRows:
    """The distinct rows of fact cells met so far (rows of spelling numbers), each with the
    number of its answer's fragment, kept sorted by a key so that a block's rows are looked
    up all at once (in a table indexed by key while there are few possible keys); only
    rows not met before are answered."""

    def __init__(self, width: int):
        self.sizes: list[int] = []  # the spellings per column the keys were made for
        self.codes = np.zeros((0, width), dtype=np.uint16)  # in the order of `keys`
        self.keys = self._keys(self.codes)
        self.numbers = np.zeros(0, dtype=np.int64)  # each row's fragment
        self.dense: np.ndarray | None = None  # key -> fragment (-1: not met), if few keys
        self.fragments: list[str] = []
        self.numbered: dict[str, int] = {}  # fragment -> its number
        self.rendered: dict[int, tuple[Any, int]] = {}  # id(answer) -> (answer, number)
        self.texts = _strings([])  # the fragments as an Arrow array, extended as they grow

    def _keys(self, codes: np.ndarray) -> np.ndarray:
        """One sortable key per row: its spelling numbers in mixed radix (quicker to sort
        than bytes) while the product of the sizes fits, else the row's bytes."""
        if float(np.prod(self.sizes or [1], dtype=np.float64)) < _RADIX_LIMIT:
            radix = np.cumprod([1, *self.sizes], dtype=np.int64)[:len(self.sizes)]
            keys = np.zeros(len(codes), dtype=np.int64)
            for j, weight in enumerate(radix):
                keys += codes[:, j].astype(np.int64) * weight
            return keys
        return np.ascontiguousarray(codes).view(
            np.dtype((np.void, codes.shape[1] * 2))).ravel()

    def _resize(self, sizes: list[int]) -> None:
        """New spellings were numbered: key the known rows for the new sizes."""
        self.sizes = sizes
        keys = self._keys(self.codes)
        order = np.argsort(keys, kind="stable")
        self.keys, self.codes, self.numbers = keys[order], self.codes[order], self.numbers[order]
        possible = float(np.prod(sizes, dtype=np.float64))
        self.dense = None
        if possible <= _DENSE_LIMIT and possible < _RADIX_LIMIT:
            self.dense = np.full(int(possible), -1, dtype=np.int64)
            self.dense[self.keys] = self.numbers

    def answers(self, batch, kept, position, columns: _Columns, engine,
                categories: list[str], fmt: str, explanations=None):
        """Each row's answer fragment: every distinct row of fact cells answered once."""
        if kept:
            codes = np.stack([columns.codes(c, batch.column(position[c])) for c in kept],
                             axis=1)
        else:
            codes = np.zeros((batch.num_rows, 0), dtype=np.uint16)
        sizes = [len(columns.codes_of[c]) for c in kept]
        if sizes != self.sizes:
            self._resize(sizes)
        keys = self._keys(codes)
        numbers = self._find(keys)
        fresh = np.flatnonzero(numbers < 0)
        if fresh.size:
            found, first = np.unique(keys[fresh], return_index=True)
            spelled = codes[fresh[first]]
            # answered in the order the rows are first met, so that explanation entries
            # are numbered in their order of first use, as the row-by-row writers do
            met = np.argsort(first, kind="stable")
            answered = np.empty(len(found), dtype=np.int64)
            answered[met] = self._answer(spelled[met], columns, engine, categories, fmt,
                                         explanations)
            # `found` is sorted, so inserting each where it would go keeps `keys` sorted
            where = np.searchsorted(self.keys, found)
            self.keys = np.insert(self.keys, where, found)
            self.codes = np.insert(self.codes, where, spelled, axis=0)
            self.numbers = np.insert(self.numbers, where, answered)
            if self.dense is not None:
                self.dense[found] = answered
            numbers[fresh] = self._find(keys[fresh])
        return self.texts.take(_indices(numbers))

    def _find(self, keys: np.ndarray) -> np.ndarray:
        """The fragment number of each key's row (-1: not met before)."""
        if self.dense is not None:
            return self.dense[keys]
        if not len(self.keys):
            return np.full(len(keys), -1, dtype=np.int64)
        at = np.searchsorted(self.keys, keys)
        inside = at < len(self.keys)
        met = np.zeros(len(keys), dtype=bool)
        met[inside] = self.keys[at[inside]] == keys[inside]
        return np.where(met, self.numbers[np.minimum(at, len(self.keys) - 1)], -1)

    def _answer(self, spelled: np.ndarray, columns: _Columns, engine, categories: list[str],
                fmt: str, explanations) -> list[int] | np.ndarray:
        """The fragment numbers of rows of fact cells not met before."""
        if columns.engine is not None and columns.kept:
            answers, which = columns.engine.distinct_answers(columns.box_rows(spelled))
        else:
            facts = [columns.facts(row) if columns.kept else Facts() for row in spelled]
            found = engine.classify(facts)  # in bulk where the engine can (the split one)
            answers = [found[item] for item in facts]
            which = np.arange(len(answers))
        if not all(answer.consistent for answer in answers):
            raise Irregular
        if explanations is not None:
            numbers = [self._number(json_fragment(answers[i], explanations.why(
                columns.facts(row) if columns.kept else Facts())))
                for row, i in zip(spelled, which.tolist())]
        else:
            numbers = np.array([self._rendered(answer, categories, fmt) for answer in answers],
                               dtype=np.int64)[which]
        self._extend()
        return numbers

    def _extend(self) -> None:
        """Add the fragments made since to `texts` (Irregular past 2 GB of them)."""
        import pyarrow as pa

        new = _strings(self.fragments[len(self.texts):])
        if self.texts.nbytes + new.nbytes >= 2 ** 31:
            raise Irregular
        self.texts = pa.concat_arrays([self.texts, new])

    def _rendered(self, answer, categories: list[str], fmt: str) -> int:
        """The number of an answer's fragment; many fact rows share an answer (the engine
        hands out one object per answer), each rendered once."""
        found = self.rendered.get(id(answer))
        if found is None:
            # (CSV lines are joined with commas: the fragment's first is left off)
            text = (csv_fragment(answer, categories)[1:] if fmt == "csv"
                    else json_fragment(answer))
            found = self.rendered[id(answer)] = (answer, self._number(text))
        return found[1]

    def _number(self, fragment: str) -> int:
        number = self.numbered.get(fragment)
        if number is None:
            number = self.numbered[fragment] = len(self.fragments)
            self.fragments.append(fragment)
        return number


# pyarrow imports pandas (about 0.3 s) the first time it converts a Python or numpy value;
# the helpers below make Arrow values from buffers instead, as does everything here.

def _strings(texts: list[str]):
    """An Arrow string array of `texts` (Irregular past 2 GB)."""
    import pyarrow as pa

    encoded = [t.encode("utf-8") for t in texts]
    ends = np.cumsum([0, *map(len, encoded)], dtype=np.int64)
    if ends[-1] >= 2 ** 31:
        raise Irregular
    return pa.Array.from_buffers(pa.string(), len(encoded), [
        None, pa.py_buffer(ends.astype(np.int32)), pa.py_buffer(b"".join(encoded))])


def _constant(text: str):
    """An Arrow string scalar."""
    return _strings([text])[0]


def _indices(numbers: np.ndarray):
    """An Arrow int64 array of `numbers`."""
    import pyarrow as pa

    numbers = np.ascontiguousarray(numbers, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(numbers), [None, pa.py_buffer(numbers)])


def _numbers(indices) -> np.ndarray:
    """A dictionary's int32 indices (no nulls) as numpy, read from the buffer."""
    return np.frombuffer(indices.buffers()[1], dtype=np.int32)[
        indices.offset:indices.offset + len(indices)]


def _edge_spaced(text) -> bool:
    """Whether a cell starts or ends with what str.strip() removes: on ASCII text, by the
    first and last byte of each cell; otherwise by a regular expression."""
    import pyarrow.compute as pc

    bounds, data = _bounds_and_data(text)
    body = data[bounds[0]:bounds[-1]]
    if (body >= 0x80).any():
        return pc.any(pc.match_substring_regex(text, _EDGE_SPACE)).as_py()
    filled = bounds[1:] > bounds[:-1]
    return bool(_ASCII_SPACE[data[bounds[:-1][filled]]].any()
                or _ASCII_SPACE[data[bounds[1:][filled] - 1]].any())


_ASCII_SPACE = np.array([chr(b).isspace() for b in range(128)] + [False] * 128)


def _bounds_and_data(text) -> tuple[np.ndarray, np.ndarray]:
    """A string array's offsets (one more than its cells) and data bytes, as numpy."""
    import pyarrow as pa

    kind = np.int64 if pa.types.is_large_string(text.type) else np.int32
    _, offsets, data = text.buffers()
    bounds = np.frombuffer(offsets, dtype=kind)[text.offset:text.offset + len(text) + 1]
    return bounds, (np.zeros(0, np.uint8) if data is None
                    else np.frombuffer(data, dtype=np.uint8))


def _distinct(ids: list) -> bool:
    """Whether the record ids (string arrays) are all different: at once when they come
    in increasing order, else by sorting them."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def rising(text) -> bool:
        return not pc.any(pc.greater_equal(text[:-1], text[1:])).as_py()

    if all(rising(text) for text in ids) and all(
            a[len(a) - 1].as_py() < b[0].as_py() for a, b in zip(ids, ids[1:])):
        return True
    everything = pa.chunked_array(ids, pa.string())
    ordered = everything.take(pc.sort_indices(everything))
    return not pc.any(pc.equal(ordered[:-1], ordered[1:])).as_py()


def _holds(text, table: np.ndarray) -> bool:
    """Whether any cell of a string array holds a byte marked in `table` (by byte value)."""
    bounds, data = _bounds_and_data(text)
    return bool(table[data[bounds[0]:bounds[-1]]].any())


def _quoted(text):
    """CSV cells: quoted (inner quotes doubled) where they hold a comma, a quote, CR or LF,
    else as they are."""
    import pyarrow.compute as pc

    if not _holds(text, _CSV_QUOTED_BYTES):
        return text
    needs = pc.match_substring_regex(text, _CSV_QUOTED)
    if not pc.any(needs).as_py():
        return text
    doubled = pc.replace_substring(text, '"', '""')
    quote = _constant('"')
    wrapped = pc.binary_join_element_wise(quote, doubled, quote, _constant(""))
    return pc.if_else(needs, wrapped, text)


def _csv_lines(record_ids, labels, answers):
    """id, label and the answers (fragments without their first comma), comma-joined."""
    import pyarrow.compute as pc

    label_cells = _constant("") if labels is None else _quoted(labels)
    return pc.binary_join_element_wise(_quoted(record_ids), label_cells, answers,
                                       _constant(","))


def _json_lines(record_ids, labels, answers):
    import pyarrow.compute as pc

    empty = _constant("")
    if labels is None:
        label_cells = _constant("null")
    else:
        label_cells = pc.if_else(
            pc.equal(labels, empty), _constant("null"),
            pc.binary_join_element_wise(_constant('"'), labels, _constant('"'), empty))
    # every row followed by the separator; the caller drops the last one
    return pc.binary_join_element_wise(_constant('{"id": "'), record_ids,
                                       _constant('", "label": '), label_cells, answers,
                                       _constant(_JSON_SEPARATOR), empty)


def _bytes(lines) -> bytes:
    """The concatenation of a string array's values (UTF-8), read from its data buffer."""
    import pyarrow as pa

    lines = lines.combine_chunks() if isinstance(lines, pa.ChunkedArray) else lines
    if lines.null_count:
        raise Irregular
    bounds, data = _bounds_and_data(lines)
    return data[bounds[0]:bounds[-1]].tobytes()


def _write(out, data: bytes) -> None:
    """Write UTF-8 bytes to a text stream: to its byte stream when it has one."""
    raw = getattr(out, "buffer", None)
    if raw is None:
        out.write(data.decode("utf-8"))
    else:
        out.flush()
        raw.write(data)
