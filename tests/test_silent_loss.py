"""A value the text loses, or the reading cannot place, is never lost without a word: each such
loss gets a warning with its place in the text."""

from __future__ import annotations

import pytest
from conftest import CORPUS_FIXTURES

import form4_peg

MARKDOWN = CORPUS_FIXTURES / "52a940c31ea8" / "edgar.markdown.txt"
ROW_2 = "| Common Stock | 12/19/2025 |  | S |  | 6,083(1) | D | $68.04(4) | 34,427(3) | D |  |"


def _text() -> str:
    text = MARKDOWN.read_text(encoding="utf-8")
    assert ROW_2 in text
    return text


def _warnings(text: str, code: str) -> list:
    return [d for d in form4_peg.parse(text).diagnostics if d.code == code]


def test_the_clean_text_has_none_of_these_warnings():
    """Guards against the checks below crying wolf on a text that lost nothing."""
    codes = {d.code for d in form4_peg.parse(_text()).diagnostics}
    assert not codes & {"row_incomplete", "table_line_unread", "signature_date_missing", "signature_missing"}


@pytest.mark.parametrize(("cell", "field"), [
    ("| 34,427(3) | D |", "direct_or_indirect_ownership"),      # the D/I cell
    ("| 34,427(3) |", "shares_owned_following_transaction"),
])
def test_a_row_with_a_required_cell_empty_is_named(cell, field):
    """Guards against a row that lost its ownership form or its amount held passing as read whole."""
    emptied = cell.replace(" D |", "  |") if field == "direct_or_indirect_ownership" else "|  |"
    text = _text().replace(ROW_2, ROW_2.replace(cell, emptied))
    found = _warnings(text, "row_incomplete")
    assert [(d.span.line, field in d.message) for d in found] == [(20, True)]


def test_a_table_line_no_row_is_read_from_is_named():
    """Guards against a line of values in a table (a row cut by the text) dropped without a word."""
    text = _text().replace(ROW_2, ROW_2 + "\n3,090 8")
    found = _warnings(text, "table_line_unread")
    assert [(d.span.line, d.span.column) for d in found] == [(21, 1)]


def test_a_signature_without_its_date_is_named():
    """Guards against a signature read without its date passing as complete."""
    text = _text().replace("<u>12/23/2025</u>", "")
    found = _warnings(text, "signature_date_missing")
    assert len(found) == 1 and "Adeoye Olukotun" in found[0].message


def test_a_form_with_no_signature_read_is_named():
    """Guards against a filing whose signature block was lost passing as read whole: every
    filing is signed."""
    text = "\n".join(line for line in _text().split("\n") if "/s/" not in line)
    assert text != _text()
    assert form4_peg.parse(text).owner_signatures == ()
    assert len(_warnings(text, "signature_missing")) == 1


LAID_OUT_SIGNATURE = (
    "Remarks:\n"
    "                                        /s/ Peter Thiel                     03/18/2021\n"
    "                                   ** Signature of Reporting\n"
    "                                                                            Date\n"
    "                                   Person\n")


def test_a_signature_whose_caption_the_text_broke_is_read():
    """Guards against '/s/ Peter Thiel  03/18/2021' lost because pdftotext set the caption's
    'Date' between 'Signature of Reporting' and 'Person', so that no caption was found."""
    path = CORPUS_FIXTURES / "52a940c31ea8" / "edgar.layout.txt"
    text = path.read_text(encoding="utf-8")
    start = text.index("Remarks:")
    filing = form4_peg.parse(text[:start] + LAID_OUT_SIGNATURE)
    assert [(s.signature_name.value, str(s.signature_date.value)) for s in filing.owner_signatures] == [
        ("/s/ Peter Thiel", "2021-03-18")]


def test_a_row_under_a_raised_mark_at_the_margin_stays_in_its_table():
    """Guards against OCR's raised mark at the left margin ('(2)' above its row) opening a
    footnote that swallows the table's next row."""
    path = CORPUS_FIXTURES / "52a940c31ea8" / "edgar.ocr-tsv.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("Common Stock\t12/19/2025\tSs\t6,083"))
    before = len(form4_peg.parse("\n".join(lines)).non_derivative_table)
    lines.insert(row, "(2)\testate")
    assert len(form4_peg.parse("\n".join(lines)).non_derivative_table) == before == 3


def test_a_zero_in_brackets_at_the_margin_opens_no_footnote():
    """Guards against OCR's '(0)' (a garbled '(D)' heading) read as a footnote that takes the
    table's rows with it: the form numbers footnotes from 1."""
    text = _text().replace(ROW_2, "(0) (Instr. 3 and 4)\n" + ROW_2)
    filing = form4_peg.parse(text)
    assert len(filing.non_derivative_table) == 3
    assert "0" not in {f.footnote_id.lstrip("F") for f in filing.footnotes}


def test_the_forms_printed_instructions_are_no_footnotes():
    """Guards against the numbered paragraphs of the form's instructions ('1. When Form Must be
    Filed') read as footnotes of the filing they follow."""
    blank = (CORPUS_FIXTURES.parent / "blank_form4.txt").read_text(encoding="utf-8")
    instructions = blank[blank.index("GENERAL INSTRUCTIONS"):]
    filing = form4_peg.parse(_text() + "\n\n" + instructions)
    assert [f.footnote_id for f in filing.footnotes] == [f.footnote_id for f in form4_peg.parse(_text()).footnotes]
    assert [a.kind for a in filing.attachments] == ["instructions"]


def test_a_blank_form_is_not_a_filing():
    """Guards against the SEC's blank form read as a filing with an owner and footnotes
    made of its labels and instructions."""
    with pytest.raises(form4_peg.NotAForm4Error, match="blank form"):
        form4_peg.parse((CORPUS_FIXTURES.parent / "blank_form4.txt").read_text(encoding="utf-8"))


def test_a_footnote_after_a_converters_tab_is_a_footnote():
    """Guards against the numbered footnotes of BeautifulSoup's get_text('\\t') ('\\t1. The
    reporting person ...', a TAB before each) lost, while a mark a TAB sets apart stays a cell."""
    notes = "\tExplanation of Responses:\t\n\t1. The reporting person disclaims beneficial ownership.\t\n" \
            "\t2. The sales were made under a Rule 10b5-1 plan.\t\n"
    head = _text().split("| **Explanation of Responses:** |")[0]
    filing = form4_peg.parse(head + notes)
    assert [(f.footnote_id, f.text) for f in filing.footnotes] == [
        ("F1", "The reporting person disclaims beneficial ownership."),
        ("F2", "The sales were made under a Rule 10b5-1 plan.")]


SIGNERS = (
    "3\\. Held by the reporting persons' subsidiaries.\n"
    "| _BANK OF AMERICA CORP /DE/ by its Authorized Signatory Andres Ortiz_ | _08/13/2025_  \n"
    "---|---|---  \n"
    "| ** Signature of Reporting Person | Date  \n"
    "| _MERRILL LYNCH, PIERCE, FENNER & SMITH INC by its Authorized Signatory Andres Ortiz_ | _08/13/2025_  \n"
    "| ** Signature of Reporting Person | Date  \n")


def test_signers_without_a_blank_line_after_the_last_footnote_are_each_read():
    """Guards against co-filers' signatures as html2text writes them (no '/s/', no blank line
    after the last footnote, the second signer right under the first one's caption) lost: the
    first went with the footnote's text, the second had no region to come from."""
    text = _text()
    start = text.index("<u>/s/")
    start = text.rindex("\n", 0, start) + 1
    end = text.index("\n", text.index("Signature of Reporting Person", start)) + 1
    filing = form4_peg.parse(text[:start] + SIGNERS + text[end:])
    assert [(s.signature_name.value, str(s.signature_date.value)) for s in filing.owner_signatures] == [
        ("BANK OF AMERICA CORP /DE/ by its Authorized Signatory Andres Ortiz", "2025-08-13"),
        ("MERRILL LYNCH, PIERCE, FENNER & SMITH INC by its Authorized Signatory Andres Ortiz", "2025-08-13")]
