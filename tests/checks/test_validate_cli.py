"""`remote-kg validate`: reports that name node, path, value, reason and shape; exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from remote_kg.cli import main
from tests.conftest import HEADER, REPO, run_cli

DATA = REPO / "tests" / "data"
INVALID = sorted((DATA / "invalid").glob("*.ttl"))
VALID = sorted((DATA / "valid").glob("*.ttl"))
W1 = "https://w3id.org/remote-kg/data/w1"


def validate(capsys, *args) -> tuple[int, str, str]:
    """Run `remote-kg validate ARGS` through the entry point; return exit code, stdout, stderr."""
    with pytest.raises(SystemExit) as exited:
        main(["validate", *map(str, args)])
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err


def expectations(path: Path) -> list[str]:
    """The `# expect: ...` lines at the top of a test file."""
    expected = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if line.startswith("# expect: "):
            expected.append(line.removeprefix("# expect: "))
    return expected


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_file_fails_with_the_message_a_user_needs(capsys, path):
    expected = expectations(path)
    assert expected, f"{path.name} must start with '# expect: ...' lines"
    code, out, err = validate(capsys, path)
    assert code == 1, err
    for text in expected:
        assert text in out, f"{text!r} not in report:\n{out}"
    assert "Does not conform" in out


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_file_conforms(capsys, path):
    code, out, err = validate(capsys, path)
    assert (code, err) == (0, "")
    assert "Conforms." in out and "Violation" not in out and "Warning" not in out


def test_test_data_covers_both_kinds_of_shapes():
    assert len(INVALID) >= 20 and len(VALID) >= 4
    assert any(p.name.startswith("ontology-") for p in INVALID)


def test_report_names_node_path_value_reason_shape_and_severity(capsys):
    code, out, _ = validate(capsys, DATA / "invalid" / "bad-schedule.ttl")
    assert code == 1
    assert "Violation: data:w1\n" in out
    assert "  path:   rkg:hasScheduleControl\n" in out
    assert "  value:  rkg:flexibleHours\n" in out
    assert "  reason: rkg:hasScheduleControl must be rkg:selfSetSchedule" in out
    assert '  shape:  rkgsh:ScheduleControlValueShape ("schedule control value")\n' in out
    assert "Does not conform: 1 violation." in out


def test_missing_file_exits_2_naming_the_file(capsys, tmp_path):
    code, out, err = validate(
        capsys, tmp_path / "nowhere.ttl", DATA / "valid" / "unknown-facts.ttl"
    )
    assert code == 2 and out == ""
    assert f"error: {tmp_path / 'nowhere.ttl'}: no such file" in err


def test_unparsable_file_exits_2_with_the_parser_complaint(capsys, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    code, _, err = validate(capsys, broken)
    assert code == 2
    assert f"{broken}: line 2, column 11: not valid Turtle:" in err
    assert "Traceback" not in err


def test_unknown_file_type_is_refused(capsys, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", encoding="utf-8")
    code, _, err = validate(capsys, notes)
    assert code == 2 and "unknown file type '.txt'" in err


def test_other_rdf_syntaxes_are_read(capsys, tmp_path):
    graph = Graph().parse(DATA / "invalid" / "bad-tools.ttl")
    for suffix, fmt in ((".nt", "nt"), (".rdf", "xml"), (".jsonld", "json-ld")):
        path = tmp_path / f"bad-tools{suffix}"
        graph.serialize(path, format=fmt, encoding="utf-8")
        code, out, _ = validate(capsys, path)
        assert code == 1 and "rkg:hasToolProvision must be rkg:ownTools" in out, suffix


def test_csv_records_are_validated_as_imported(capsys, write_csv):
    rows = (
        f"{HEADER}\nann,Ann,employee,home;org_main_office,employer_set,employer,no,yes\ncy,,,,,,,\n"
    )
    code, out, _ = validate(capsys, write_csv(rows))
    assert code == 0 and "Conforms." in out


def test_csv_errors_come_from_the_import(capsys, write_csv):
    code, out, err = validate(capsys, write_csv(f"{HEADER}\nann,Ann,boss,home,,,,\n"))
    assert code == 2 and out == ""
    assert "boss" in err and "Traceback" not in err


def test_json_report_lists_each_result(capsys):
    code, out, _ = validate(capsys, DATA / "invalid" / "two-relations.ttl", "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["conforms"] is False and report["engine"] == "fast"
    [run] = report["runs"]
    assert run["shapes"] == "data" and run["conforms"] is False
    shaped = [r for r in run["results"] if r["path"] is not None]
    paths = sorted(r["path"] for r in shaped)
    assert paths == [
        "<https://w3id.org/remote-kg/ontology#employedBy>",
        "<https://w3id.org/remote-kg/ontology#freelancesFor>",
    ]
    # an employee is no freelancer, so the record is also one classify refuses
    [axioms] = [r for r in run["results"] if r["path"] is None]
    assert axioms["focus"] == {"type": "uri", "value": W1}
    assert "contradict the ontology's axioms" in axioms["message"]
    result = shaped[0]
    assert result["focus"] == {"type": "uri", "value": W1}
    assert result["value"] == {
        "type": "uri",
        "value": "https://w3id.org/remote-kg/data/organisation",
    }
    assert result["severity"] == "Violation"
    assert result["shape"]["value"].endswith("#OneRelationShape")
    assert result["shape_name"] == "one contractual relation"
    assert "more than one contractual relation" in result["message"]


def test_turtle_report_is_a_shacl_validation_report(capsys, tmp_path):
    code, out, _ = validate(capsys, DATA / "invalid" / "two-organisations.ttl", "--format", "ttl")
    report = Graph().parse(data=out, format="turtle")
    assert code == 1
    [node] = report.subjects(RDF.type, SH.ValidationReport)
    assert report.value(node, SH.conforms).toPython() is False
    [result] = report.objects(node, SH.result)
    assert report.value(result, SH.focusNode) == URIRef(W1)
    path = report.value(result, SH.resultPath)
    assert report.value(path, SH.alternativePath) is not None, "complex paths keep their structure"


def test_ontology_files_get_the_ontology_shapes_under_auto_only(capsys):
    path = DATA / "invalid" / "ontology-missing-source.ttl"
    assert validate(capsys, path, "--shapes", "data")[0] == 0
    code, out, _ = validate(capsys, path)
    assert code == 1 and "against the ontology shapes" in out
    code, out, _ = validate(capsys, path, "--shapes", "ontology")
    assert code == 1 and "against the data shapes" not in out


def test_warnings_fail_unless_allowed(capsys):
    path = DATA / "invalid" / "missing-record-id.ttl"
    assert validate(capsys, path)[0] == 1
    code, out, _ = validate(capsys, path, "--allow-warnings")
    assert code == 0 and "Conforms (with 1 warning)." in out


def test_several_inputs_are_validated_together(capsys, tmp_path):
    prefixes = (
        "@prefix rkg: <https://w3id.org/remote-kg/ontology#> .\n"
        "@prefix data: <https://w3id.org/remote-kg/data/> .\n"
    )
    workers = tmp_path / "workers.ttl"
    workers.write_text(
        prefixes + 'data:w1 a rkg:Worker ; rkg:recordId "x" ; rkg:ownerOf data:org .\n'
    )
    assert validate(capsys, workers)[0] == 1  # the organisation is not typed here
    organisations = tmp_path / "organisations.ttl"
    organisations.write_text(prefixes + "data:org a rkg:Organisation .\n")
    assert validate(capsys, workers, organisations)[0] == 0
    more = tmp_path / "more.ttl"
    more.write_text(prefixes + 'data:w2 a rkg:Worker ; rkg:recordId "x" .\n')
    code, out, _ = validate(capsys, workers, organisations, more)
    assert code == 1 and out.count("Another worker has the same rkg:recordId") == 2


def test_output_option_writes_the_report_to_a_file(capsys, tmp_path):
    target = tmp_path / "report.json"
    code, out, _ = validate(capsys, DATA / "invalid" / "two-tools.ttl", "-f", "json", "-o", target)
    assert code == 1 and out == ""
    assert json.loads(target.read_text())["conforms"] is False


def test_pyshacl_engine_reports_the_same(capsys):
    path = DATA / "invalid" / "workplace-outside-closure.ttl"
    fast = validate(capsys, path, "--format", "json")
    reference = validate(capsys, path, "--format", "json", "--engine", "pyshacl")
    assert fast[0] == reference[0] == 1
    assert json.loads(fast[1])["runs"] == json.loads(reference[1])["runs"]


def test_installed_entry_point_exit_codes():
    assert run_cli("validate", DATA / "valid" / "hybrid-employee.ttl").returncode == 0
    assert run_cli("validate", DATA / "invalid" / "two-tools.ttl").returncode == 1
    missing = run_cli("validate", DATA / "nowhere.ttl")
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_a_record_classify_refuses_as_inconsistent_does_not_conform(tmp_path, capsys):
    records = tmp_path / "r.csv"
    records.write_text("id,relation,workplaces,org_fully_remote\n"
                       "fine,employee,home,\n"
                       "clash,employee,org_main_office,yes\n", encoding="utf-8")
    code, out, _ = validate(capsys, records, "--format", "json")
    assert code == 1
    [run] = json.loads(out)["runs"]
    assert [(r["focus"]["value"], r["severity"]) for r in run["results"]] == [
        ("https://w3id.org/remote-kg/data/clash", "Violation")]
    assert "explain" in run["results"][0]["message"]


@pytest.mark.parametrize("suffix", [".tsv", ".parquet"])
def test_tsv_and_parquet_records_are_validated_as_csv_records_are(tmp_path, capsys, suffix):
    """Every command reads TSV and Parquet records; validate does too, shapes and the
    consistency check alike."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [{"id": "fine", "relation": "employee", "workplaces": "home",
             "org_fully_remote": None},
            {"id": "clash", "relation": "employee", "workplaces": "org_main_office",
             "org_fully_remote": "yes"}]
    records = tmp_path / f"r{suffix}"
    if suffix == ".parquet":
        pq.write_table(pa.Table.from_pylist(rows), records)
    else:
        lines = ["\t".join(rows[0])] + ["\t".join(v or "" for v in r.values()) for r in rows]
        records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = validate(capsys, records, "--format", "json")
    assert code == 1, err
    [run] = json.loads(out)["runs"]
    assert [(r["focus"]["value"], r["severity"]) for r in run["results"]] == [
        ("https://w3id.org/remote-kg/data/clash", "Violation")]


def test_an_unknown_file_type_lists_every_kind_validate_reads(capsys, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", encoding="utf-8")
    code, _, err = validate(capsys, notes)
    assert code == 2 and ".tsv, .parquet" in err and len(err.strip().splitlines()) == 1


def test_an_rdf_file_is_parsed_once_for_the_shapes_and_the_consistency_check(
        capsys, monkeypatch):
    """The records the consistency check asks about are read from the quads the shapes
    checked (one parse), and a record classify refuses is still reported."""
    import remote_kg.rdf.parse as parse

    parsed: list[Path] = []
    real = parse.parse_quads

    def counted(path):
        parsed.append(Path(path))
        return real(path)

    import remote_kg.checks.shacl.inputs as inputs

    monkeypatch.setattr(parse, "parse_quads", counted)  # where the RDF reader finds it
    monkeypatch.setattr(inputs, "parse_quads", counted)
    source = DATA / "invalid" / "two-relations.ttl"
    code, out, _ = validate(capsys, source, "--format", "json")
    assert code == 1
    [run] = json.loads(out)["runs"]
    assert any(r["path"] is None and "contradict the ontology's axioms" in r["message"]
               for r in run["results"])
    assert parsed.count(source) == 1
