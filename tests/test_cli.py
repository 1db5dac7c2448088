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


def test_formats(runner, tmp_path):
    """Guards against csv/jsonl/xml output that does not carry the records."""
    import csv as csvlib
    import io

    from lxml import etree
    two = [str(SEEDS / "000_f03a0ef374d16d90.txt"), str(CLEAN)]
    out = runner.invoke(app, ["parse", *two, "--format", "csv"], env=ENV).stdout
    rows = list(csvlib.DictReader(io.StringIO(out)))
    assert [(r["table"], r["security_title"]) for r in rows] == [
        ("II", "Deferred Share Unit"), ("I", "Common Stock"), ("II", "Non-Qualified Stock Option")]
    assert rows[0]["issuer_trading_symbol"] == "IMGN" and rows[0]["exercise_date_footnotes"] == "F3 F2"
    lines = runner.invoke(app, ["parse", *two, "-f", "jsonl"], env=ENV).stdout.splitlines()
    assert [json.loads(line)["source"] for line in lines] == two
    xml = runner.invoke(app, ["parse", str(CLEAN), "-f", "xml"], env=ENV).stdout
    assert etree.fromstring(xml.encode()).findtext("issuer/issuerTradingSymbol") == "IMGN"


def test_out_dir_writes_one_file_per_input_and_the_errors(runner, tmp_path):
    """Guards against --out losing a document or silently dropping a failure."""
    bad = tmp_path / "bad.txt"
    bad.write_text("not a form\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["parse", str(CLEAN), str(bad), "-f", "json", "--out", str(out)], env=ENV)
    assert result.exit_code == 2
    assert sorted(p.name for p in out.iterdir()) == ["001_254ee79e6a7d0f4e.json", "errors.jsonl"]
    assert json.loads((out / "errors.jsonl").read_text())["source"] == str(bad)


def test_to_dataframe_one_row_per_table_row():
    """Guards against the pandas helper dropping filings without rows or mixing tables."""
    df = form4_peg.to_dataframe([form4_peg.parse_file(CLEAN), form4_peg.parse_file(DAMAGED)])
    assert list(df["table"]) == ["I", "II", "II"]
    assert list(df["issuer_name"])[:2] == ["IMMUNOGEN INC", "IMMUNOGEN INC"]


def test_eval_command(runner, tmp_path):
    """Guards against the eval command failing or not writing its JSON report."""
    from conftest import CORPUS_FIXTURES
    report = tmp_path / "report.json"
    result = runner.invoke(app, ["eval", str(CORPUS_FIXTURES), "--variant", "markup", "--json", str(report)], env=ENV)
    assert result.exit_code == 0, result.output
    assert "edgar.markup" in result.stdout and "sec2002.markup" in result.stdout
    assert set(json.loads(report.read_text())["variants"]) == {"edgar.markup", "sec2002.markup"}
