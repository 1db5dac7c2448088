"""Faults an unlucky user meets: odd file names, resumes, one bad input among good ones, stray
bytes, name clashes, a bad truth file, odd XML. Each keeps every other document's output."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS_FIXTURES, SEEDS
from typer.testing import CliRunner

import form4_peg
from form4_peg.api import decoded, parse_file_bytes
from form4_peg.batch import run_batch
from form4_peg.cli import app

ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
CLEAN = SEEDS / "001_254ee79e6a7d0f4e.txt"
TRUTH = SEEDS / "001_254ee79e6a7d0f4e.truth.xml"

# Names a file system allows that text outputs trip on: bytes that are not UTF-8, and the
# characters str.splitlines() takes for line breaks although they are not LF.
ODD_NAMES = [b"bad\xffname.txt", "line\u2028sep.txt".encode(), "para\u2029sep.txt".encode(),
             "next\u0085line.txt".encode(), b"carriage\rreturn.txt", b"plain.txt"]


@pytest.fixture
def odd_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    data = CLEAN.read_bytes()
    for name in ODD_NAMES:
        with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
            handle.write(data)
    return folder


def _jsonl_sources(path: Path) -> list[str]:
    return [json.loads(line)["source"] for line in path.read_text(encoding="utf-8").split("\n") if line]


def _csv_sources(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["source"] for row in csv.DictReader(handle)]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_odd_file_names_give_one_record_each_and_resumes_add_nothing(odd_folder, tmp_path, suffix):
    """Guards against a name that is not UTF-8 aborting the batch (UnicodeEncodeError), and a
    resume that splits the output at U+2028, U+0085 or CR and writes documents again."""
    out = tmp_path / f"out{suffix}"
    first = run_batch([odd_folder], out, workers=1)
    assert (first.parsed, first.failed) == (len(ODD_NAMES), 0)
    read = _jsonl_sources if suffix == ".jsonl" else _csv_sources
    before = read(out)
    # (a CSV resume parses its last filing again, whole: a kill may have cut it between rows)
    parsed_again = 0 if suffix == ".jsonl" else 1
    for _ in range(2):
        again = run_batch([odd_folder], out, workers=1, resume=True)
        assert (again.skipped, again.documents) == (len(ODD_NAMES) - parsed_again, parsed_again)
    after = read(out)
    assert after == before
    names = sorted(set(after))
    assert len(names) == len(ODD_NAMES)
    assert str(odd_folder / "bad\\xffname.txt") in names
    assert str(odd_folder / "carriage\rreturn.txt") in names


def test_a_damaged_archive_is_an_error_line_and_the_batch_goes_on(tmp_path):
    """Guards against one archive that cannot be opened ending the whole batch."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "a.txt").write_bytes(CLEAN.read_bytes())
    out = tmp_path / "out.jsonl"
    summary = run_batch([folder], out, workers=1)
    assert (summary.parsed, summary.failed) == (1, 1)
    failure = json.loads((tmp_path / "out.jsonl.errors.jsonl").read_text(encoding="utf-8"))
    assert failure["source"].endswith("broken.zip") and failure["error"] == "InputError"


def test_cli_parse_of_an_odd_name_prints_it_escaped(odd_folder):
    """Guards against a file name that is not UTF-8 crashing the CLI as it prints the source."""
    bad = os.path.join(os.fsencode(odd_folder), b"bad\xffname.txt")
    done = subprocess.run([sys.executable, "-m", "form4_peg.cli", "parse", os.fsdecode(bad), "-f", "jsonl"],
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["source"].endswith("bad\\xffname.txt")


# ------------------------------------------------------------------- one bad input among good


@pytest.fixture
def dtd_page(tmp_path):
    page = tmp_path / "dtd.html"
    page.write_text('<!-- saved page -->\n<!DOCTYPE html [<!ENTITY who "JOHN DOE">]>\n'
                    "<html><body><p>FORM 4 &who;</p></body></html>\n", encoding="utf-8")
    return page


@pytest.mark.parametrize("fmt", ["jsonl", "xml", "csv", "json", "rich"])
def test_one_bad_input_between_two_good_ones_keeps_both_outputs(tmp_path, dtd_page, fmt):
    """Guards against an input that breaks a library underneath (lxml's drop_tree on an HTML
    page with a comment outside <html> and an internal DTD; a U+FFFE that XML cannot hold)
    ending the command with a traceback and the good files' output lost."""
    odd = tmp_path / "odd.txt"
    odd.write_text(CLEAN.read_text(encoding="utf-8").replace("IMMUNOGEN INC", "IMMUNO\ufffeGEN INC"),
                   encoding="utf-8")
    result = CliRunner().invoke(app, ["parse", str(CLEAN), str(dtd_page), str(odd), "-f", fmt], env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2  # the page is not a form: the worst of the three
    assert "Traceback" not in result.output
    assert result.stdout.count("IMMUNO") >= 2
    if fmt == "xml":
        assert "IMMUNO\ufffdGEN INC" in result.stdout


def test_html_text_after_the_last_block_is_kept():
    """Guards against the words after an HTML page's last block being dropped."""
    from form4_peg.containers import html_to_text

    assert html_to_text("<html><body><p>Table I</p>FORM 4 tail</body></html>") == "Table I\n\nFORM 4 tail\n"
    assert html_to_text('<!DOCTYPE html [<!ENTITY a "b">]><html><body>FORM 4 &a;</body></html>') == "FORM 4 &a;\n"


def test_xml_output_replaces_what_xml_cannot_hold():
    """Guards against to_xml raising on a control character or U+FFFE read from a text."""
    from dataclasses import replace

    filing = form4_peg.parse_file(CLEAN)
    odd = replace(filing, issuer=replace(filing.issuer, issuer_name=form4_peg.Value("IMMUNO\ufffeGEN\x01 INC")),
                  footnotes=(replace(filing.footnotes[0], text="one\x1btwo"), *filing.footnotes[1:]))
    xml = odd.to_xml()
    assert "<issuerName>IMMUNO\ufffdGEN\ufffd INC</issuerName>" in xml
    assert "one\ufffdtwo</footnote>" in xml


# ------------------------------------------------------------------------------ stray bytes


def test_a_stray_byte_leaves_the_other_non_ascii_text_intact():
    """Guards against one byte that is not UTF-8 turning a whole UTF-8 file to cp1252 mojibake
    ("JOSÃ‰ MÃœLLER") with no word of it."""
    text = CLEAN.read_text(encoding="utf-8").replace("IMMUNOGEN INC", "JOSÉ MÜLLER INC", 1)
    data = text.encode("utf-8")
    at = data.index(b"Common Stock")
    filing = parse_file_bytes(data[:at] + b"\xff" + data[at:])
    assert filing.issuer.issuer_name.value == "JOSÉ MÜLLER INC"
    notes = [d for d in filing.diagnostics if d.code == "bad_encoding"]
    line = data[:at].count(b"\n") + 1
    column = at - data.rfind(b"\n", 0, at)
    assert [(d.severity, d.span.line, d.span.column) for d in notes] == [("warning", line, column)]
    assert notes[0].snippet.startswith("\ufffdCommon Stock")


def test_a_windows_1252_text_is_still_read_as_one():
    """Guards against a real cp1252 text (no valid UTF-8 beyond ASCII) read as UTF-8 with
    replacement characters."""
    assert decoded("JOSÉ MÜLLER, Zürich".encode("cp1252")) == ("JOSÉ MÜLLER, Zürich", ())


def test_many_stray_bytes_are_counted_in_few_warnings():
    """Guards against a warning for every one of thousands of bad bytes."""
    data = "É".encode() * 5000 + b"\xff" * 40
    text, notes = decoded(data)
    assert text.count("\ufffd") == 40 and len(notes) == 5
    assert "35 more" in notes[-1].message


def test_strict_mode_counts_a_stray_byte():
    """Guards against --strict passing a text that was not read as given."""
    data = CLEAN.read_bytes().replace(b"Common Stock", b"Common\xff Stock", 1)
    with pytest.raises(form4_peg.StrictModeError, match="bad_encoding"):
        parse_file_bytes(data.replace(b"IMMUNOGEN", "IMMUNOGÉN".encode()), strict=True)


# ------------------------------------------------------------------------- smaller faults


def test_out_dir_keeps_every_output_when_names_clash(tmp_path):
    """Guards against --out overwriting one input's output with another's of the same name,
    or with the errors file (2 of 3 records lost)."""
    inputs = []
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        inputs.append(tmp_path / folder / "form.txt")
        inputs[-1].write_bytes(CLEAN.read_bytes())
    inputs.append(tmp_path / "errors.txt")
    inputs[-1].write_bytes(CLEAN.read_bytes())
    inputs.append(tmp_path / "letter.txt")
    inputs[-1].write_text("Dear shareholder,\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["parse", *map(str, inputs), "-f", "jsonl", "--out", str(out)], env=ENV)
    assert result.exit_code == 2
    assert sorted(p.name for p in out.iterdir()) == ["errors-2.jsonl", "errors.jsonl", "form-2.jsonl", "form.jsonl"]
    sources = {json.loads((out / name).read_text(encoding="utf-8"))["source"]
               for name in ("errors-2.jsonl", "form-2.jsonl", "form.jsonl")}
    assert sources == {str(p) for p in inputs[:3]}
    assert json.loads((out / "errors.jsonl").read_text(encoding="utf-8"))["source"] == str(inputs[3])


def test_eval_goes_on_past_a_bad_truth_file(tmp_path):
    """Guards against one unreadable truth.xml aborting the evaluation of the corpus."""
    from form4_peg import evaluate

    for name, truth in (("good", TRUTH.read_bytes()), ("bad", b"<html>no truth here</html>")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "truth.xml").write_bytes(truth)
        (tmp_path / name / "seed.markup.txt").write_bytes(CLEAN.read_bytes())
    results = {r.filing_id: r for r in evaluate.evaluate_corpus(tmp_path)}
    assert results["good"].comparison is not None and results["good"].comparison.total.f1 > 0.9
    assert results["bad"].comparison is None and "truth file" in results["bad"].error


def test_xml_in_iso_8859_1_is_read_in_its_declared_encoding():
    """Guards against an XML declaration's encoding being ignored (Latin-1 read as UTF-8)."""
    xml = re.sub(r"<\?xml[^>]*\?>", '<?xml version="1.0" encoding="ISO-8859-1"?>',
                 TRUTH.read_text(encoding="utf-8")).replace("IMMUNOGEN INC", "JOSÉ MÜLLER INC")
    filing = parse_file_bytes(xml.encode("latin-1"))
    assert filing.issuer.issuer_name.value == "JOSÉ MÜLLER INC"


def test_a_text_node_over_10_mb_is_read_whole():
    """Guards against lxml's default limit cutting a long footnote at 10 MB."""
    xml = TRUTH.read_text(encoding="utf-8")
    long = "word " * (3 * 1024 * 1024)  # 15 MB
    filing = parse_file_bytes(xml.replace("</footnote>", long + "</footnote>", 1).encode())
    assert len(filing.footnotes[0].text) > len(long) - 10
    assert not filing.diagnostics


def test_a_parquet_batch_killed_before_its_first_part_leaves_readable_tables(tmp_path):
    """Guards against an interrupted Parquet batch leaving empty folders that readers refuse."""
    pq = pytest.importorskip("pyarrow.parquet")
    from form4_peg.outputs import ParquetWriter

    out = tmp_path / "out.parquet"
    ParquetWriter(out, resume=False)  # as if killed before its first document was written
    for table in ("filings", "rows"):
        assert pq.read_table(out / table).num_rows == 0
    summary = run_batch([CORPUS_FIXTURES / "52a940c31ea8" / "edgar.markdown.txt"], out, workers=1, resume=True)
    assert summary.parsed == 1 and pq.read_table(out / "filings").num_rows == 1
