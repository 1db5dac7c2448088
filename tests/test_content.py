"""The form's content in the generality filings print it: amendments, several signatures."""

from __future__ import annotations

from conftest import CORPUS_FIXTURES

import form4_peg

MARKDOWN = CORPUS_FIXTURES / "52a940c31ea8" / "edgar.markdown.txt"
SEED_MARKDOWN = CORPUS_FIXTURES.parent / "seeds" / "001_254ee79e6a7d0f4e.txt"
BOX_4 = "4. If Amendment, Date of Original Filed (Month/Day/Year) |"


def _text() -> str:
    text = MARKDOWN.read_text(encoding="utf-8")
    assert "| FORM 4 |" in text and BOX_4 in text
    return text


def test_an_amendments_heading_counts_over_the_pages_title():
    """Guards against 'SEC Form 4' (the page's title) hiding the form's own 'FORM 4/A'."""
    filing = form4_peg.parse(_text().replace("| FORM 4 |", "| FORM 4/A |", 1))
    assert (filing.document_type.value, filing.document_type.inferred) == ("4/A", False)


def test_a_form_4_with_the_date_of_an_original_filing_is_an_amendment():
    """Guards against a 4/A read as a 4 where its heading says only FORM 4 (the 2002
    stylesheet): box 4 holds a date only on an amendment. The type is marked inferred."""
    filing = form4_peg.parse(_text().replace(BOX_4, "4. If Amendment, Date of Original Filed (Month/Day/Year) 12/20/2025 |"))
    assert str(filing.date_of_original_submission.value) == "2025-12-20"
    assert (filing.document_type.value, filing.document_type.inferred) == ("4/A", True)
    assert "amendment_from_box_4" in {d.code for d in filing.diagnostics}
    assert form4_peg.parse(_text()).document_type.value == "4"


def test_each_of_several_signatures_keeps_its_own_date():
    """Guards against a second signature block (a joint filer's attorney) merged into the first."""
    one = "| <u>/s/Adeoye Olukotun</u> | <u>12/23/2025</u> |"
    text = _text().replace(one, one + "\n|  | <u>/s/Jane Roe, attorney-in-fact</u> | <u>12/24/2025</u> |")
    signatures = form4_peg.parse(text).owner_signatures
    assert [(s.signature_name.value, str(s.signature_date.value)) for s in signatures] == [
        ("/s/Adeoye Olukotun", "2025-12-23"), ("/s/Jane Roe, attorney-in-fact", "2025-12-24")]


def test_no_securities_beneficially_owned_is_the_filings_flag_not_a_row():
    """Guards against a Form 3's 'No securities are beneficially owned.' lost without a trace,
    or read as a row."""
    row = "| Common Stock | 12/19/2025 |  | S |  | 3,090(1) | D | $66.7(2) | 40,510(3) | D |  |"
    text = _text()
    assert row in text and form4_peg.parse(text).no_securities_owned.value is None
    filing = form4_peg.parse(text.replace(row, "| No securities are beneficially owned. |" + "  |" * 10))
    assert filing.no_securities_owned.value is True and filing.no_securities_owned.span.line == 19
    assert [r.security_title.value for r in filing.non_derivative_table] == ["Common Stock", "Common Stock"]


def _rows(filing) -> list[tuple]:
    return [(r.security_title.value, r.transaction_date.value, r.transaction_shares.value,
             r.shares_owned_following_transaction.value) for r in filing.non_derivative_table]


def test_table_i_without_its_title_is_opened_by_its_column_headings():
    """Guards against losing every Table I row when a converter sets the table's title among
    the boxes above it ("(City) Table I - (State) Non-Derivative"): its headings open it."""
    text = SEED_MARKDOWN.read_text(encoding="utf-8")
    title = "**Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned**"
    assert title in text
    whole = form4_peg.parse(text)
    untitled = form4_peg.parse(text.replace(title, "(City) Table I - (State) Non-Derivative (Zip) Securities"))
    assert _rows(whole) and _rows(untitled) == _rows(whole)
    # a Table II heading, or Table I's headings once its title has opened it, open nothing
    assert len(untitled.derivative_table) == len(whole.derivative_table)
