"""What a user reads when the input is wrong: every error names what was expected, the line and
column, and shows the line with a caret, and the CLI prints it without a traceback, with its
documented exit code. The messages are snapshots (snapshots/test_messages/)."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, SEEDS
from typer.testing import CliRunner

from form4_peg.cli import app

ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
SEED = (SEEDS / "001_254ee79e6a7d0f4e.txt").read_text(encoding="utf-8")
XML = (SEEDS / "001_254ee79e6a7d0f4e.truth.xml").read_text(encoding="utf-8")

BAD_INPUTS = {
    "empty": b"",
    "whitespace": b"  \n\t\n   \n",
    "binary": bytes(range(256)) * 8,
    "nul-bytes": b"\x00" * 300 + b"\n\x00\x00",
    "10-K": b"UNITED STATES SECURITIES AND EXCHANGE COMMISSION\nWashington, D.C. 20549\n\nFORM 10-K\n"
            b"ANNUAL REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE ACT OF 1934\n",
    "schedule-13D": b"SECURITIES AND EXCHANGE COMMISSION\n\n      SCHEDULE 13D\nUnder the Securities Exchange Act of 1934\n"
                    b"(Amendment No. 2)*\nACME CORP\n(Name of Issuer)\n",
    "form-144": b"UNITED STATES\nSECURITIES AND EXCHANGE COMMISSION\nFORM 144\nNOTICE OF PROPOSED SALE OF SECURITIES\n",
    "letter": b"Dear shareholder,\n\nThank you for your continued support.\n\nThe Board\n",
    "seed-cut-after-title": SEED.split("\n", 3)[0].encode() + b"\nSTATEMENT OF CHANGES",
    "xml-not-ownership": b'<?xml version="1.0"?>\n<ownershipDocument\n',
    # the form's labels, its printed notes and the first of its instructions, with no box filled
    "blank-form": (FIXTURES / "blank_form4.txt").read_bytes(),
    "submission-of-a-10-K": b"<SEC-DOCUMENT>0000950123-24-000001.txt\n<DOCUMENT>\n<TYPE>10-K\n<TEXT>\nANNUAL REPORT\n"
                            b"</TEXT>\n</DOCUMENT>\n<DOCUMENT>\n<TYPE>EX-21\n<TEXT>\nSubsidiaries\n</TEXT>\n</DOCUMENT>\n",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_cli_error_message(name, tmp_path, snapshot_text):
    """Guards against an error that does not say what was expected and where, that leaks a
    traceback, or that exits with another code than the documented one."""
    path = tmp_path / f"{name}.txt"
    path.write_bytes(BAD_INPUTS[name])
    result = CliRunner().invoke(app, ["parse", str(path)], env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    message = result.stderr.replace(str(tmp_path), "DIR")
    assert message.startswith("error: ") and "expected" in message
    assert " (at line " in message and message.rstrip().endswith("^")
    assert snapshot_text == f"exit code {result.exit_code}\n{message}"


def test_truncated_xml_is_a_record_with_a_located_warning(tmp_path):
    """Guards against XML cut short giving an error when part of it reads, or a clean record."""
    path = tmp_path / "cut.xml"
    path.write_text(XML[: XML.index("</issuer>")], encoding="utf-8")
    result = CliRunner().invoke(app, ["parse", str(path), "--format", "json"], env=ENV)
    assert result.exit_code == 1, result.output  # parsed, with warnings
    import json

    record = json.loads(result.stdout)
    warning = next(d for d in record["diagnostics"] if d["code"] == "xml_malformed")
    assert warning["span"]["line"] > 1 and warning["snippet"]
    assert record["issuer"]["issuer_name"]["value"] == "IMMUNOGEN INC"


def test_cli_errors_without_a_position_still_say_what_was_expected(tmp_path, snapshot_text):
    """Guards against file-level errors (missing, too large) reading as a bare failure."""
    big = tmp_path / "big.txt"
    big.write_text(SEED, encoding="utf-8")
    runs = [["parse", str(tmp_path / "missing.txt")], ["parse", str(big), "--max-size", "0.001"]]
    out = []
    for args in runs:
        result = CliRunner().invoke(app, args, env=ENV)
        assert result.exit_code == 3 and "Traceback" not in result.output
        assert "expected" in result.stderr
        out.append(f"$ form4 {' '.join(args[:1])} ... {' '.join(args[2:])}\nexit code {result.exit_code}\n"
                   + result.stderr.replace(str(tmp_path), "DIR"))
    assert snapshot_text == "\n".join(out)


def test_grammar_failure_names_the_form_words_it_expected(snapshot_text):
    """Guards against a rule failure that lists lark terminal names instead of the form's words."""
    result = CliRunner().invoke(app, ["debug", "--rule", "table_ii", "--text", "Common Stock\t100\tA"], env=ENV)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "Table II" in result.stdout
    assert snapshot_text == result.stdout
