"""The head of a form in reading order (pdftotext without -layout): each box's value is found
where reading order sets it, not only right under its label."""

from __future__ import annotations

from conftest import CORPUS_FIXTURES

import form4_peg

STREAM = CORPUS_FIXTURES / "52a940c31ea8" / "sec2002.stream.txt"


def test_a_name_centred_among_its_captions_is_the_owners():
    """Guards against box 1 read empty when reading order sets the name between '(First)' and
    '(Middle)', after the labels of boxes 2 and 5 (the 2002 stylesheet)."""
    text = STREAM.read_text(encoding="utf-8")
    assert "OLUKOTUN ADEOYE Y\n(Middle)" in text
    assert form4_peg.parse(text).reporting_owners[0].rpt_owner_name.value == "OLUKOTUN ADEOYE Y"


def test_an_address_before_the_last_caption_is_no_name():
    """Guards against a street line taken for the name when it is what stands before '(Middle)'."""
    text = STREAM.read_text(encoding="utf-8").replace("OLUKOTUN ADEOYE Y\n(Middle)", "177 E COLORADO BLVD\n(Middle)")
    assert form4_peg.parse(text).reporting_owners[0].rpt_owner_name.value is None


def test_a_ticker_wrapped_onto_a_line_of_its_own_joins_its_issuer():
    """Guards against box 2 read empty when its ticker stands on a later line, after another
    box's ticks ('ARROWHEAD PHARMACEUTICALS, INC.' / '__X__ Director' / '[ARWR]')."""
    text = STREAM.read_text(encoding="utf-8").replace("(Check all applicable)\n", "", 1)
    issuer = form4_peg.parse(text).issuer
    assert (issuer.issuer_name.value, issuer.issuer_trading_symbol.value) == ("ARROWHEAD PHARMACEUTICALS, INC.", "ARWR")


def test_numbered_column_headings_at_the_margin_open_no_footnote():
    """Guards against Table II's headings that reading order sets at the margin ('6. Date
    Exercisable and', '7. Title and Amount') read as footnotes 6 and 7 that swallow the row
    below them (a 2002-stylesheet filing's pdftotext text)."""
    text = (CORPUS_FIXTURES.parent / "stream_numbered_headings.txt").read_text(encoding="utf-8")
    assert "\n6. Date Exercisable and\n" in text
    filing = form4_peg.parse(text)
    assert not {"F6", "F7"} & {f.footnote_id for f in filing.footnotes}
    row = filing.derivative_table[0]
    assert (row.security_title.value, str(row.transaction_date.value), row.transaction_code.value) == (
        "Restricted Stock Unit", "2012-06-08", "A")


def test_the_owners_summary_heading_amid_table_ii_is_no_row():
    """Guards against the 2002 stylesheet's 'Reporting Owner Name / Address' summary, which
    reading order can set amid Table II, read as a Table II row."""
    text = (CORPUS_FIXTURES.parent / "stream_numbered_headings.txt").read_text(encoding="utf-8")
    titles = [row.security_title.value for row in form4_peg.parse(text).derivative_table]
    assert not any("Relationships" in str(t) or "Reporting Owner" in str(t) for t in titles)
