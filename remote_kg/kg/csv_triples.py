"""CSV worker records as N-Triples, streamed into a pyoxigraph store in two passes: the
first checks every row and classifies each distinct set of facts (`check_csv`), the second
writes the records' lines from one template per set of facts (`csv_ntriples`), never
holding a record object per row. `load` (into a store on disk) and `query --data` /
`serve --data` (into one in memory) both take this route."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pyoxigraph as ox

from remote_kg.errors import InconsistentDataError, InputError
from remote_kg.kg.text_stream import load_streamed, made_ahead
from remote_kg.model.records import CsvRecordReader, Facts, Performer, Record
from remote_kg.pipeline.performer_kinds import Naming
from remote_kg.progress import Progress, note
from remote_kg.rdf.answers import AnswerWriter
from remote_kg.rdf.provenance import Run
from remote_kg.rdf.records import (
    RecordWriter,
    nt_literal,
    ntriples_line,
    performer_iri,
    record_iri,
    with_performer,
)
from remote_kg.reasoners.answer import Answer, Reasoner

MAX_REPORTED = 200
EXAMPLES_PER_FACTS = 5
CHUNK_RECORDS = 2_000
CHECK_EVERY = 10_000  # records checked between two progress reports
_PLACEHOLDER_IRI = "urn:x-remote-kg:placeholder-subject"
_PLACEHOLDER_ID = "x-remote-kg-placeholder-id"
_RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


@dataclass
class CsvPlan:
    """What the first pass over a CSV learnt: the answer for each distinct set of facts,
    and the kind and first line of each performer id given a kind."""

    path: Path
    answers: dict[Facts, Answer]
    records: int
    ids: set[str]
    performers: dict[str, tuple[str, int]] = field(default_factory=dict)

    def performer_namings(self, base: str, shown: str | None = None) -> list[Naming]:
        """What the file says of its performers' kinds, for the check across inputs
        (`shown`: the file as the user named it)."""
        shown = shown or str(self.path)
        return [Naming(performer_iri(base, "", Performer(pid, kind)) or "", pid, kind,
                       partial(_line_of, shown, line))
                for pid, (kind, line) in self.performers.items()]


def _line_of(shown: str, line: int) -> str:
    return f"{shown}: line {line}"


def check_csv(path: Path, engine: Reasoner, progress: bool = False) -> CsvPlan:
    """First pass: validate every row and classify each distinct set of facts (counting
    the rows on stderr's progress line when `progress`).

    Raises InputError listing the bad rows, or InconsistentDataError naming the records
    whose facts contradict the ontology, before anything is written.
    """
    reader = CsvRecordReader(path)
    first_rows: dict[Facts, list[tuple[int, str]]] = {}
    per_facts: dict[Facts, int] = {}
    ids: set[str] = set()
    performers: dict[str, tuple[str, int]] = {}
    count = 0
    with Progress(None, progress, CHECK_EVERY, f"records checked in {path}") as shown:
        for line, record_id, _label, facts, performer in reader.rows_with_performers():
            count += 1
            ids.add(record_id)
            if performer is not None and performer.id is not None and performer.kind:
                performers.setdefault(performer.id, (performer.kind, line))
            seen = per_facts.get(facts, 0)
            per_facts[facts] = seen + 1
            if seen < EXAMPLES_PER_FACTS:
                first_rows.setdefault(facts, []).append((line, record_id))
            shown.step()
        reader.raise_if_problems()
    note(f"answering the {len(per_facts):,} distinct sets of facts of {path}",
         progress and count >= CHECK_EVERY)
    answers = engine.classify(per_facts)
    bad_facts = [facts for facts, answer in answers.items() if not answer.consistent]
    if bad_facts:
        examples = sorted(row for facts in bad_facts for row in first_rows[facts])
        problems = [
            f"{path}: line {line}, id {record_id!r}: inconsistent record; its facts "
            f"contradict the ontology"
            for line, record_id in examples[:MAX_REPORTED]
        ]
        total = sum(per_facts[facts] for facts in bad_facts)
        if total > len(problems):
            problems.append(
                f"{path}: {total} inconsistent records in all (the first "
                f"{EXAMPLES_PER_FACTS} of each kind are listed)"
            )
        raise InconsistentDataError(problems)
    return CsvPlan(path, answers, count, ids, performers)


def _template(facts: Facts, answer: Answer, records: RecordWriter, answers: AnswerWriter,
              run: Run | None = None) -> str:
    """All lines of a record with these facts, written for a placeholder subject (its link
    to `run` included, when given)."""
    record = Record(_PLACEHOLDER_ID, _PLACEHOLDER_IRI, facts, None)
    lines = [ntriples_line(t) for t in records.triples(record)]
    lines.extend(answers.lines(_PLACEHOLDER_IRI, answer))
    if run is not None:
        lines.append(run.link(_PLACEHOLDER_IRI))
    return "".join(lines)


class _Cut:
    """A record template cut at its placeholders once, so each record's text is made by
    joins alone (no search through the template, which `str.replace` would do twice)."""

    def __init__(self, template: str, placeholder_id: str):
        self.pieces = [part.split(_PLACEHOLDER_IRI) for part in template.split(placeholder_id)]

    def filled(self, iri: str, literal: str) -> str:
        return literal.join([iri.join(piece) for piece in self.pieces])


def csv_ntriples(plan: CsvPlan, base: str, run: Run | None = None,
                 progress: Progress | None = None) -> Iterator[str]:
    """Second pass: N-Triples of the records (as `rdf_io.ntriples_lines` writes them), of
    their categories (`answer_rdf`) and of their link to `run`, in chunks; each distinct
    set of facts is rendered once, and each shared class is defined before its first use.
    The records are counted on `progress` a chunk at a time."""
    progress = progress or Progress(plan.records, enabled=False)
    records = RecordWriter(base, entailed=True)
    answers = AnswerWriter()
    yield "".join(records.header())
    templates: dict[Facts, _Cut] = {}
    reader = CsvRecordReader(plan.path)
    placeholder_id = nt_literal(_PLACEHOLDER_ID)
    chunk: list[str] = []
    done = 0
    for _line, record_id, label, facts, performer in reader.rows_with_performers():
        done += 1
        template = templates.get(facts)
        if template is None:
            answer = plan.answers.get(facts)
            if answer is None:
                raise InputError(f"{plan.path}: the file changed while it was being loaded")
            definitions = records.definitions(facts)
            if definitions:  # blank nodes: a chunk of their own (see bulk_load_ntriples)
                yield "".join(chunk)
                chunk.clear()
                yield "".join(definitions)
            template = _Cut(_template(facts, answer, records, answers, run), placeholder_id)
            templates[facts] = template
        iri = record_iri(base, record_id)
        chunk.append(template.filled(iri, nt_literal(record_id)))
        if label:
            chunk.append(f"<{iri}> {_RDFS_LABEL} {nt_literal(label)} .\n")
        if performer is not None:
            record = with_performer(Record(record_id, iri, facts, label), base, performer)
            chunk.extend(ntriples_line(t) for t in records.performer_triples(record))
        if len(chunk) >= CHUNK_RECORDS:
            yield "".join(chunk)
            chunk.clear()
            progress.advance(done - progress.count, done)
    if chunk:
        yield "".join(chunk)
    progress.advance(done - progress.count, done)
    reader.raise_if_problems()  # the file changed since the first pass


def bulk_load_ntriples(store: ox.Store, chunks: Iterable[str], memory: bool = False) -> None:
    """Load N-Triples text into `store`, keeping blank node labels as written.

    pyoxigraph's loaders parse in Rust without a Python object per triple, but give blank
    nodes fresh labels; so chunks that may hold a blank node (`_:`) are set aside and added
    afterwards as parsed quads, which keep their labels. Record lines have none. A store
    on disk takes `bulk_load`; one in memory (`memory`) takes `load`, which is faster there,
    with the text made on a thread of its own while it parses (`text_stream.made_ahead`).
    """
    with_blank_nodes: list[str] = []

    def plain() -> Iterator[str]:
        for chunk in chunks:
            if "_:" in chunk:
                with_blank_nodes.append(chunk)
            else:
                yield chunk

    if memory:
        load_streamed(partial(store.load, lenient=True), made_ahead(plain()))
    else:  # bulk_load keeps the second core busy itself: a maker thread slowed it
        load_streamed(partial(store.bulk_load, lenient=True), plain())
    if with_blank_nodes:
        text = "".join(with_blank_nodes).encode()
        store.bulk_extend(ox.parse(text, format=ox.RdfFormat.N_TRIPLES, lenient=True))
