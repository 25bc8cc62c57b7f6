"""Records in Parquet files, Arrow tables and DataFrames: the same answers as the CSV, one
column per category, the other columns kept."""

from __future__ import annotations

import csv
import io
import json

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from remote_kg.columnar import classify_frame, classify_table  # noqa: E402
from tests.conftest import REPO, run_cli  # noqa: E402

WORKERS = REPO / "examples" / "workers.csv"


def _csv_answers(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def workers_parquet(tmp_path):
    """examples/workers.csv as an analyst's Parquet file: nulls for blanks, booleans for the
    yes / no columns, and two columns of their own."""
    rows = _csv_answers(WORKERS.read_text(encoding="utf-8"))
    columns = {name: [r[name] or None for r in rows] for name in rows[0]}
    for name in ("location_bound", "uses_ict", "works_abroad"):
        columns[name] = [None if v is None else v == "yes" for v in columns[name]]
    columns["salary"] = list(range(len(rows)))
    columns["region"] = ["EU"] * len(rows)
    path = tmp_path / "workers.parquet"
    pq.write_table(pa.table(columns), path)
    return path


def test_parquet_in_gives_the_csv_answers(workers_parquet):
    from_parquet = run_cli("classify", workers_parquet, "-f", "csv", "--extra-columns", "ignore")
    assert from_parquet.returncode == 0, from_parquet.stderr
    assert from_parquet.stdout == run_cli("classify", WORKERS, "-f", "csv").stdout


def test_parquet_reads_places_known_so_far_and_work_abroad_as_the_csv_does(workers_parquet):
    table = pq.read_table(workers_parquet)
    assert table.column("works_abroad").type == pa.bool_()
    assert "client_site" in table.column("workplaces_known").to_pylist()
    from_parquet = run_cli("classify", workers_parquet, "-f", "csv", "--extra-columns", "ignore")
    rows = {r["id"]: r for r in _csv_answers(from_parquet.stdout)}
    assert rows["travelling-salesman"]["Teleworker"] == "is"
    assert rows["remote-staff-abroad"]["RemoteStaffMember"] == "is"


def test_both_workplace_columns_in_a_parquet_row_are_named_by_row(tmp_path):
    path = tmp_path / "both.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "workplaces": ["home", "home"],
                             "workplaces_known": [None, "vehicle"]}), path)
    result = run_cli("classify", path, "-f", "csv")
    assert result.returncode == 2 and result.stdout == ""
    assert f"{path}: row 2, columns 'workplaces' and 'workplaces_known': both given" \
        in result.stderr


def test_parquet_out_has_the_csv_outputs_columns_and_rows(tmp_path):
    out = tmp_path / "answers.parquet"
    result = run_cli("classify", WORKERS, "-o", out)
    assert result.returncode == 0 and result.stdout == ""
    table = pq.read_table(out)
    expected = _csv_answers(run_cli("classify", WORKERS, "-f", "csv").stdout)
    assert table.column_names == list(expected[0])
    assert [{k: v or "" for k, v in row.items()} for row in table.to_pylist()] == expected


def test_keep_carries_the_files_other_columns_with_their_types(workers_parquet, tmp_path):
    out = tmp_path / "answers.parquet"
    result = run_cli("classify", workers_parquet, "-o", out, "--extra-columns", "keep")
    assert result.returncode == 0, result.stderr
    table = pq.read_table(out)
    assert table.column_names[:4] == ["id", "label", "salary", "region"]
    assert table.schema.field("salary").type == pa.int64()
    assert "relation" not in table.column_names  # fact columns stay out, as in CSV output
    assert table.column("salary").to_pylist()[:3] == [0, 1, 2]


def test_bad_parquet_rows_are_named_by_row_and_column_and_nothing_is_written(tmp_path):
    path = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"id": ["a", "b", "b"], "relation": ["employee", "boss", None]}),
                   path)
    out = tmp_path / "out.parquet"
    result = run_cli("classify", path, "-o", out)
    assert result.returncode == 2 and not out.exists() and "Traceback" not in result.stderr
    assert "row 2, column 'relation': value 'boss' is not allowed" in result.stderr
    assert "row 3, column 'id': duplicate id 'b' (first used on row 2)" in result.stderr
    refused = run_cli("classify", path, "-f", "parquet")
    assert refused.returncode == 2 and "-o OUT.parquet" in refused.stderr
    other = tmp_path / "other.parquet"
    pq.write_table(pa.table({"id": ["a"], "salary": [1]}), other)
    unknown = run_cli("classify", other)
    assert unknown.returncode == 2 and "unknown column(s) 'salary'" in unknown.stderr
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"not parquet at all")
    assert "not a readable Parquet file" in run_cli("classify", broken).stderr


def _expected_by_id() -> dict[str, dict[str, str]]:
    rows = _csv_answers(run_cli("classify", WORKERS, "-f", "csv").stdout)
    return {r.pop("id"): {k: v for k, v in r.items() if k != "label"} for r in rows}


def test_pandas_polars_and_arrow_frames_are_answered_like_the_cli():
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    frame = pd.read_csv(WORKERS, dtype=str, keep_default_na=False)
    frame["team"] = "ops"
    expected = _expected_by_id()
    answered = classify_frame(frame)
    assert type(answered).__name__ == "DataFrame" and "team" in answered.columns
    assert {row["id"]: {c: row[c] for c in expected[row["id"]]}
            for row in answered.to_dict("records")} == expected
    polars_answer = classify_frame(pl.from_pandas(frame))
    assert isinstance(polars_answer, pl.DataFrame)
    assert polars_answer["Teleworker"].to_list() == list(answered["Teleworker"])
    arrow_answer = classify_table(pa.Table.from_pandas(frame, preserve_index=False))
    assert arrow_answer.column("Telecommuter").to_pylist() == list(answered["Telecommuter"])


def test_record_batches_readers_and_duckdb_relations_come_back_as_they_went_in():
    pd = pytest.importorskip("pandas")
    duckdb = pytest.importorskip("duckdb")
    frame = pd.read_csv(WORKERS, dtype=str, keep_default_na=False)
    expected = classify_frame(frame)
    batch = classify_frame(pa.RecordBatch.from_pandas(frame, preserve_index=False))
    assert isinstance(batch, pa.RecordBatch) and batch.to_pandas().equals(expected)
    reader = classify_frame(pa.Table.from_pandas(frame, preserve_index=False).to_reader())
    assert isinstance(reader, pa.RecordBatchReader)
    assert reader.read_all().to_pandas().equals(expected)
    relation = classify_frame(duckdb.sql("SELECT * FROM frame"))
    assert type(relation).__name__ == "DuckDBPyRelation"
    assert relation.df().equals(expected)


def test_a_bad_row_in_a_record_batch_reader_is_refused_before_any_answer():
    from remote_kg.errors import InputError

    table = pa.table({"id": ["a", "b"], "relation": ["employee", "employe"]})
    with pytest.raises(InputError) as refused:
        classify_frame(table.to_reader())
    assert "the record batch reader" in str(refused.value) and "'employe'" in str(refused.value)


def test_an_object_of_another_kind_is_refused_naming_what_is_taken():
    from remote_kg.errors import InputError

    with pytest.raises(InputError, match="DuckDB relation"):
        classify_frame([{"id": "a"}])


def test_duckdb_reads_the_answers_as_the_readme_shows(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "answers.parquet"
    assert run_cli("classify", WORKERS, "-o", out).returncode == 0
    counts = dict(duckdb.sql(f"SELECT Teleworker, count(*) FROM '{out}' GROUP BY 1").fetchall())
    expected = _csv_answers(run_cli("classify", WORKERS, "-f", "csv").stdout)
    assert counts == {s: sum(r["Teleworker"] == s for r in expected) for s in counts}
    assert sum(counts.values()) == len(expected)


def test_other_commands_read_parquet_records(workers_parquet, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("SELECT (COUNT(?w) AS ?n) WHERE { ?w a rkg:Telecommuter }")
    from_parquet = run_cli("query", query, "--data", workers_parquet, "--extra-columns",
                           "ignore", "--format", "json")
    from_csv = run_cli("query", query, "--data", WORKERS, "--format", "json")
    assert from_parquet.returncode == 0, from_parquet.stderr
    assert json.loads(from_parquet.stdout) == json.loads(from_csv.stdout)
    loaded = run_cli("load", workers_parquet, "--store", tmp_path / "store",
                     "--extra-columns", "ignore")
    assert loaded.returncode == 0, loaded.stderr


def test_keep_carries_a_parquet_files_other_columns_into_csv_and_json(workers_parquet):
    rows = _csv_answers(run_cli("classify", workers_parquet, "-f", "csv",
                                "--extra-columns", "keep").stdout)
    assert list(rows[0])[:4] == ["id", "label", "salary", "region"]
    assert [r["salary"] for r in rows[:3]] == ["0", "1", "2"]
    objects = json.loads(run_cli("classify", workers_parquet, "--extra-columns", "keep").stdout)
    assert objects[0]["region"] == "EU" and "is" in objects[0]


def test_import_writes_parquet_records_as_rdf_like_their_csv(workers_parquet, tmp_path):
    from_parquet = run_cli("import", workers_parquet, "--extra-columns", "ignore",
                           "-o", tmp_path / "p.nt")
    from_csv = run_cli("import", WORKERS, "-o", tmp_path / "c.nt")
    assert from_parquet.returncode == 0 and from_csv.returncode == 0, from_parquet.stderr
    assert sorted((tmp_path / "p.nt").read_text().splitlines()) == \
        sorted((tmp_path / "c.nt").read_text().splitlines())


# -- hostile Parquet: one error line, nothing written --------------------------------------------

REGRESSIONS = REPO / "tests" / "data" / "fuzz-regressions"
KEEP = ("--extra-columns", "keep")


def _refusals(path, tmp_path) -> list[tuple[list[str], object]]:
    """Every route that reads a Parquet file of records, run over ``path``."""
    out = tmp_path / "answers.parquet"
    runs = [["classify", path], ["classify", path, "-f", "csv", *KEEP],
            ["classify", path, "-o", out, *KEEP], ["import", path, *KEEP],
            ["compare", path, *KEEP]]
    return [(argv, run_cli(*argv)) for argv in runs]


def _one_line_refusal(result, *needles: str) -> str:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    assert all(n in lines[0] for n in needles), (needles, lines[0])
    return lines[0]


def test_damaged_data_pages_are_one_line_naming_the_row_group_and_column(tmp_path):
    path = REGRESSIONS / "parquet-damaged-data-pages.parquet"
    for argv, result in _refusals(path, tmp_path):
        _one_line_refusal(result, str(path), "damaged Parquet data in row group 1 of 1",
                          "column 'id'")
        assert not (tmp_path / "answers.parquet").exists(), argv


def test_damage_in_a_later_row_group_writes_nothing(tmp_path):
    path = tmp_path / "big.parquet"
    ids = [f"w{i}" for i in range(3000)]
    pq.write_table(pa.table({"id": ids, "relation": ["employee"] * 3000}), path,
                   row_group_size=1000, compression="none", use_dictionary=False)
    data = bytearray(path.read_bytes())
    column = pq.ParquetFile(path).metadata.row_group(2).column(1)  # relation, last group
    start = column.data_page_offset
    data[start:start + 8] = b"\xff" * 8  # its page header
    path.write_bytes(bytes(data))
    out = tmp_path / "answers.parquet"
    for argv in (["classify", path, "-o", out], ["classify", path, "-f", "csv"]):
        _one_line_refusal(run_cli(*argv), "row group 3 of 3, column 'relation'")
        assert not out.exists()


def test_two_other_columns_of_one_name_are_refused_as_in_a_csv(tmp_path):
    path = REGRESSIONS / "parquet-two-other-columns-of-one-name.parquet"
    for argv, result in _refusals(path, tmp_path):
        if "--extra-columns" in argv:
            _one_line_refusal(result, str(path), "duplicate column(s) dept")
    with pytest.raises(Exception, match="duplicate column"):
        classify_table(pq.ParquetFile(path).read())


def test_list_struct_and_map_columns_are_refused_by_name_and_type(tmp_path):
    in_record = REGRESSIONS / "parquet-list-in-a-record-column.parquet"
    for _argv, result in _refusals(in_record, tmp_path):
        _one_line_refusal(result, str(in_record), "column 'relation' holds list<",
                          "expected one value per cell")
    others = REGRESSIONS / "parquet-list-struct-map-other-columns.parquet"
    as_text = run_cli("classify", others, "-f", "csv", *KEEP)
    assert as_text.returncode == 2 and as_text.stdout == ""
    assert [line.split(" holds ")[0] for line in as_text.stderr.splitlines()] == [
        f"error: {others}: column {name!r}" for name in ("tags", "address", "scores")]
    out = tmp_path / "answers.parquet"  # Parquet output carries them with their types
    assert run_cli("classify", others, "-o", out, *KEEP).returncode == 0
    assert pq.read_table(out).column("address").to_pylist() == [{"city": "Oslo"}]
    with pytest.raises(Exception, match="'relation' holds list"):
        classify_table(pq.read_table(in_record))


def _without_run(output: str):
    """An output without the run that gave it (Turtle names a run per input's bytes)."""
    if not output.startswith("@prefix"):
        return output
    from rdflib import Graph
    from rdflib.compare import to_isomorphic

    from remote_kg.model.ontology import RKG

    graph = Graph().parse(data=output, format="turtle")
    for run in set(graph.objects(None, RKG.classifiedBy)):
        graph.remove((run, None, None))
    graph.remove((None, RKG.classifiedBy, None))
    return to_isomorphic(graph)


def test_binary_string_columns_are_read_as_utf8_text(tmp_path):
    path = REGRESSIONS / "parquet-binary-strings-without-utf8-annotation.parquet"
    text = tmp_path / "text.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "label": ["Ann", "Zo\u00eb"],
                             "relation": ["employee", "freelancer"], "dept": ["sales", "it"]}),
                   text)
    for argv in (["-f", "csv", *KEEP], list(KEEP), ["-f", "ttl", "--extra-columns", "ignore"]):
        from_binary = run_cli("classify", path, *argv)
        assert from_binary.returncode == 0, from_binary.stderr
        assert _without_run(from_binary.stdout) == _without_run(
            run_cli("classify", text, *argv).stdout)
    assert "Zo\u00eb" in run_cli("classify", path, "-f", "csv", *KEEP).stdout
    out = tmp_path / "answers.parquet"
    assert run_cli("classify", path, "-o", out, *KEEP).returncode == 0
    answered = pq.read_table(out)
    assert answered.schema.field("id").type == pa.string()
    assert answered.column("label").to_pylist() == ["Ann", "Zo\u00eb"]
    frame = classify_table(pq.read_table(path))
    assert frame.column("Employee").to_pylist() == ["is", "is_not"]


@pytest.mark.parametrize("name", ["parquet-binary-not-utf8.parquet",
                                  "parquet-string-column-not-utf8.parquet"])
def test_bytes_that_are_not_utf8_are_one_line_naming_row_and_column(tmp_path, name):
    path = REGRESSIONS / name
    for argv, result in _refusals(path, tmp_path):
        _one_line_refusal(result, str(path), "row 2, column 'id': value is not UTF-8 text "
                          "(byte 0xff at offset 1)")
        assert not (tmp_path / "answers.parquet").exists(), argv


def test_a_kept_column_that_is_not_utf8_is_refused_by_name(tmp_path):
    path = tmp_path / "dept.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "dept": ["sales", "iQ"]}), path,
                   compression="none", use_dictionary=False, write_statistics=False)
    path.write_bytes(path.read_bytes().replace(b"iQ", b"i\xff"))
    _one_line_refusal(run_cli("classify", path, "-f", "csv", *KEEP),
                      "row 2, column 'dept': value is not UTF-8 text")
    out = tmp_path / "answers.parquet"
    _one_line_refusal(run_cli("classify", path, "-o", out, *KEEP),
                      "row 2, column 'dept': value is not UTF-8 text")
    assert not out.exists()


def test_frames_are_refused_and_decoded_as_parquet_files_are():
    from remote_kg.errors import InputError

    pd = pytest.importorskip("pandas")
    doubled = pd.DataFrame([["a", "employee", "x"]], columns=["id", "relation", "relation"])
    with pytest.raises(InputError, match="the DataFrame: cannot be read as a table"):
        classify_frame(doubled)
    with pytest.raises(InputError, match="column 'relation' holds list"):
        classify_frame(pd.DataFrame({"id": ["a"], "relation": [["employee"]]}))
    as_bytes = pd.DataFrame({"id": [b"a", b"b"], "relation": [b"employee", b"freelancer"]})
    assert list(classify_frame(as_bytes)["Employee"]) == ["is", "is_not"]
    table = pa.table({"id": pa.array([b"a", b"\xff"], pa.binary())})
    with pytest.raises(InputError, match="row 2, column 'id': value is not UTF-8"):
        classify_table(table)


def test_parquet_booleans_of_the_issue_22_columns_read_as_the_csv_yes_and_no(tmp_path):
    """examples/authorities.csv (the authorities' boundary records, with the new optional
    facts) as Parquet with booleans and nulls: the CSV's answers for every category."""
    source = REPO / "examples" / "authorities.csv"
    rows = _csv_answers(source.read_text(encoding="utf-8"))
    columns = {name: [r[name] or None for r in rows] for name in rows[0]}
    for name in ("uses_ict", "written_agreement", "location_bound", "could_work_at_premises",
                 "autonomous", "economically_independent", "remote_office"):
        columns[name] = [None if v is None else v == "yes" for v in columns[name]]
    assert any(v is not None for v in columns["remote_office"])
    path = tmp_path / "authorities.parquet"
    pq.write_table(pa.table(columns), path)
    got = run_cli("classify", path, "-f", "csv", "--categories", "all")
    assert got.returncode == 0, got.stderr
    assert got.stdout == run_cli("classify", source, "-f", "csv", "--categories", "all").stdout
    from remote_kg.reasoners.choice import get_reasoner

    table = classify_table(pa.table(columns), get_reasoner("fast", None, "all"))
    expected = {r["id"]: r for r in _csv_answers(got.stdout)}
    for row in table.to_pylist():
        for category in ("ILOHomeWorker", "EUTeleworker", "RemoteStaffMember", "VirtualWorker"):
            assert row[category] == expected[row["id"]][category], (row["id"], category)
