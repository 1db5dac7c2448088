"""The form4 command through typer's CliRunner, at 100 columns with no colour."""

import json

import pytest
from typer.testing import CliRunner

import form4_peg
from conftest import SEEDS
from form4_peg.cli import app

ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
CLEAN = SEEDS / "001_254ee79e6a7d0f4e.txt"
DAMAGED = SEEDS / "002_a79c6df009f87b49.txt"


@pytest.fixture
def runner():
    return CliRunner()


def test_json_is_to_dict(runner):
    """Guards against --json printing something other than the library's record."""
    result = runner.invoke(app, ["parse", str(CLEAN), "--json"], env=ENV)
    assert result.exit_code == 1 or result.exit_code == 0
    payload = json.loads(result.stdout)
    expected = form4_peg.parse_file(CLEAN).to_dict()
    assert payload.pop("source") == str(CLEAN)
    assert payload == json.loads(json.dumps(expected))


def test_rich_output_shows_the_form_within_100_columns(runner):
    """Guards against the rendered form losing values or overflowing 100 columns."""
    result = runner.invoke(app, ["parse", str(CLEAN)], env=ENV)
    out = result.stdout
    assert "IMMUNOGEN INC [IMGN]" in out and "Non-Qualified Stock Option" in out
    assert "07/29/1999(1)" in out and "D*" in out
    assert max(len(line) for line in out.splitlines()) <= 100


@pytest.mark.parametrize("args, code", [
    ([str(CLEAN)], 0),
    ([str(DAMAGED)], 1),
    ([str(DAMAGED), "--strict"], 2),
    (["/nonexistent/form.txt"], 3),
])
def test_exit_codes(runner, args, code, tmp_path):
    """Guards against exit codes that do not match the documented ones."""
    assert runner.invoke(app, ["parse", *args], env=ENV).exit_code == code


def test_not_a_form_exit_code_and_message(runner, tmp_path):
    """Guards against a traceback instead of a clear error for a text that is not a form."""
    path = tmp_path / "letter.txt"
    path.write_text("Dear shareholder,\nThank you.\n")
    result = runner.invoke(app, ["parse", str(path)], env=ENV)
    assert result.exit_code == 2
    assert "not an ownership form" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_several_files_give_a_json_list_with_failures_beside_successes(runner, tmp_path):
    """Guards against one bad file hiding the others' records."""
    bad = tmp_path / "bad.txt"
    bad.write_text("nothing here\n")
    result = runner.invoke(app, ["parse", str(CLEAN), str(bad), "--json"], env=ENV)
    payload = json.loads(result.stdout)
    assert [p.get("error") for p in payload] == [None, "NotAForm4Error"]
    assert result.exit_code == 2
