"""The Python API takes the CLI's input options as keywords (issue 25, point 5), as a
notebook uses it, and its errors name keywords, not command-line options."""

from __future__ import annotations

from pathlib import Path

import pytest

from remote_kg import api
from remote_kg.errors import InputError

EXPORT = (
    "Employee ID;Full Name;Work location;Contract\n1;Ana López;home;employee\n2;Bob;;freelancer\n")
MAPPING = {"Employee ID": "id", "Full Name": "label", "Work location": "workplaces",
           "Contract": "relation"}


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(EXPORT, encoding="cp1252")
    return path


def statuses(results) -> dict[str, tuple]:
    return {r.id: (tuple(r.is_), tuple(r.is_not), tuple(r.unknown)) for r in results}


def test_classify_path_takes_columns_delimiter_and_encoding_as_keywords(export, tmp_path):
    ours = tmp_path / "ours.csv"
    ours.write_text("id,label,workplaces,relation\n1,Ana López,home,employee\n"
                    "2,Bob,,freelancer\n", encoding="utf-8")
    mapped = api.classify_path(export, columns=MAPPING, delimiter="semicolon",
                               encoding="cp1252")
    assert statuses(mapped) == statuses(api.classify_path(ours))
    assert [r.id for r in mapped] == ["1", "2"]
    as_text = api.classify_path(export, columns="Employee ID=id,Full Name=label,"
                                "Work location=workplaces,Contract=relation",
                                delimiter=";", encoding="cp1252")
    assert statuses(as_text) == statuses(mapped)


def test_classify_path_takes_several_paths_and_names_an_id_in_two(tmp_path):
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    one.write_text("id,relation\na,employee\n", encoding="utf-8")
    two.write_text("id,relation\nb,freelancer\n", encoding="utf-8")
    assert [r.id for r in api.classify_path([one, two])] == ["a", "b"]
    assert [r.id for r in api.classify_path(tmp_path)] == ["a", "b"]
    two.write_text("id,relation\na,freelancer\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"'a' is in two inputs: .*one\.csv and .*two\.csv"):
        api.classify_path([one, two])


def test_errors_name_keywords_not_command_line_options(export, tmp_path):
    with pytest.raises(InputError) as caught:
        api.classify_path(export, encoding="cp1252")
    message = str(caught.value)
    assert "delimiter='semicolon'" in message and "columns={'Employee ID': 'id'}" in message
    assert "--" not in message
    plain = tmp_path / "plain.csv"
    plain.write_text("id,dept\na,x\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        api.classify_path(plain)
    assert "extra_columns='keep'" in str(caught.value) and "--" not in str(caught.value)
    assert len(api.classify_path(plain, extra_columns="ignore")) == 1
    with pytest.raises(InputError, match="extra_columns='nope': expected one of"):
        api.classify_path(plain, extra_columns="nope")
    with pytest.raises(InputError, match="not UTF-8") as caught:
        api.classify_path(export, columns=MAPPING, delimiter=";")
    assert "encoding=" in str(caught.value) and "--" not in str(caught.value)


def test_classify_frame_takes_the_exports_column_names():
    pa = pytest.importorskip("pyarrow")
    table = pa.table({"Employee ID": ["1"], "Work location": ["home"]})
    answered = api.classify_frame(table, columns={"Employee ID": "id",
                                                  "Work location": "workplaces"})
    assert answered.column("Employee ID").to_pylist() == ["1"]
    assert "Teleworker" in answered.column_names
    with pytest.raises(InputError, match="'ident' is not a column of ours"):
        api.classify_frame(table, columns={"Employee ID": "ident"})
