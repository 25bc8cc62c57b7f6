"""Yes/no columns take the spellings exports write: yes/no, true/false, y/n, 1/0, in any
case; anything else is named with what is allowed. Misspelt columns and values get a
"did you mean"."""

from __future__ import annotations

import pytest

from tests.conftest import classify_json, run_cli

COLUMNS = ("location_bound", "uses_ict", "org_fully_remote", "written_agreement",
           "works_abroad", "could_work_at_premises", "autonomous", "economically_independent",
           "remote_office")


@pytest.mark.parametrize("yes, no", [("TRUE", "false"), ("Y", "n"), ("1", "0"),
                                     ("Yes", "NO"), (" true ", " 0 ")])
def test_every_usual_spelling_answers_as_yes_and_no_do(write_csv, yes, no):
    header = "id,workplaces," + ",".join(COLUMNS)
    rows = [f"a,home,{','.join([yes] * len(COLUMNS))}", f"b,home,{','.join([no] * len(COLUMNS))}"]
    plain = [f"a,home,{','.join(['yes'] * len(COLUMNS))}",
             f"b,home,{','.join(['no'] * len(COLUMNS))}"]
    spelt = classify_json(write_csv("\n".join([header, *rows]) + "\n", "spelt.csv"))
    usual = classify_json(write_csv("\n".join([header, *plain]) + "\n", "usual.csv"))
    assert spelt == usual


def test_an_unknown_spelling_is_refused_naming_the_allowed_ones(write_csv):
    result = run_cli("classify", write_csv("id,uses_ict\na,maybe\n"))
    assert result.returncode == 2 and result.stdout == ""
    assert ("line 2, column 'uses_ict': value 'maybe' is not allowed; expected yes or no "
            "(or true/false, y/n, 1/0, in any case) or blank") in result.stderr


def test_a_misspelt_column_gets_did_you_mean(write_csv):
    result = run_cli("classify", write_csv("id,workplace\na,home\n"))
    assert result.returncode == 2
    assert "unknown column(s) 'workplace' (did you mean 'workplaces'?)" in result.stderr


def test_a_misspelt_value_gets_did_you_mean(write_csv):
    result = run_cli("classify", write_csv("id,relation,workplaces\na,employe,hom\n"))
    assert result.returncode == 2
    assert "value 'employe' is not allowed (did you mean 'employee'?)" in result.stderr
    assert "value 'hom' is not allowed (did you mean 'home'?)" in result.stderr
