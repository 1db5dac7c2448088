"""The back of the form. Footnotes whose number is not at the start of their first line:
numbers alone on a line, numbers centred on a footnote's middle line, numbers OCR lost, and
each converter's order. Signatures that pdftotext joined to their date."""

from __future__ import annotations

import pytest

from form4_peg import api

HEAD = """FORM 4
STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP
Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned
Common Stock 01/02/2024 S 100 D $ 5.00 900 I By Trust (1)

Explanation of Responses:
* If the form is filed by more than one reporting person, see Instruction 4(b)(v).
** Intentional misstatements or omissions of facts constitute Federal Criminal Violations.

"""


def _notes(text):
    filing = api.parse(HEAD + text)
    return {f.footnote_id: f.text for f in filing.footnotes}, [d.code for d in filing.diagnostics]


def test_paragraphs_a_number_alone_after_its_text_and_a_lost_number():
    # tesseract on the 2002 stylesheet: blank lines part footnotes; the number may stand on its
    # own after the text it centres on, or be lost altogether
    notes, codes = _notes(
        "The first footnote runs over\ntwo lines.\n\n"
        "(2) The second footnote.\n\n"
        "The third footnote is long and its number\nstands after it.\n\n(3)\n")
    assert notes == {
        "F1": "The first footnote runs over two lines.",
        "F2": "The second footnote.",
        "F3": "The third footnote is long and its number stands after it.",
    }
    assert "footnote_number_inferred" in codes


def test_a_wrapped_line_that_starts_with_a_bracketed_number_goes_on_with_its_footnote():
    """Guards against '(20) Ordinary Shares' (a wrapped line of footnote 2 in a list numbered
    '1.' '2.') read as footnote 20, footnote 2 cut at 'twenty'."""
    notes, _ = _notes(
        "1. Received in exchange for preferred shares.\n\n"
        "2. Each American Depositary Share currently represents twenty\n"
        "(20) Ordinary Shares of the Issuer.\n\n"
        "3. Held of record by a trust.\n")
    assert notes == {
        "F1": "Received in exchange for preferred shares.",
        "F2": "Each American Depositary Share currently represents twenty (20) Ordinary Shares of the Issuer.",
        "F3": "Held of record by a trust.",
    }


def test_a_number_alone_before_each_paragraph():
    # plain pdftotext: "(1)", a blank line, then the text; later footnotes inline
    notes, codes = _notes(
        "(1)\n\nThe first footnote.\n\n(2)\n\nThe second footnote.\n"
        "(3) The third footnote.\n(4) The fourth footnote.\n")
    assert notes == {"F1": "The first footnote.", "F2": "The second footnote.",
                     "F3": "The third footnote.", "F4": "The fourth footnote."}
    assert "footnote_number_inferred" not in codes


def test_numbers_centred_on_a_middle_line_without_blank_lines():
    # plain pdftotext of the 2002 stylesheet: "(2) undertakes ..." is footnote 2's middle line
    notes, _ = _notes(
        "The first footnote is\n(1)\nthree lines long.\n"
        "The reported price is an average. The holder\n(2) undertakes to provide the\nfull information.\n")
    assert notes == {"F1": "The first footnote is three lines long.",
                     "F2": "The reported price is an average. The holder undertakes to provide the full information."}


def test_a_paragraph_without_a_number_between_far_numbers_is_not_numbered():
    # footnotes 1 and 4 do not say which of 2 and 3 a paragraph between them would be
    notes, codes = _notes("(1) The first footnote.\n\nA paragraph of its own.\n\n(4) The fourth footnote.\n")
    assert notes == {"F1": "The first footnote.", "F4": "The fourth footnote."}
    assert "footnote_number_inferred" not in codes


def test_a_table_cell_number_is_not_a_footnote_when_the_heading_is_cut():
    # an OCR'd row can start with a mark ("(2) $ by Trust ..."); above the footnotes it is a
    # cell, also when OCR cut the explanation's heading to "Explanation of Respons"
    text = HEAD.replace("Explanation of Responses:", "Explanation of Respons").replace(
        "By Trust (1)\n", "By Trust (1)\n(2) $ by Trust Common Stock 01/03/2024 S 50 D\n")
    filing = api.parse(text + "(1) By a trust.\n(2) By a partnership.\n")
    assert {f.footnote_id: f.text for f in filing.footnotes} == {"F1": "By a trust.", "F2": "By a partnership."}


@pytest.mark.parametrize("lines", [
    "/s/ Jane Roe, Attorney-in03/05/2020\nFact",  # the wrap's hyphen went with the join to the date
    "/s/ Jane Roe, Attorney03/05/2020\nin-Fact",
    "/s/ Jane Roe, Attorney-inFact 03/05/2020",
])
def test_a_signature_joined_to_its_date_keeps_its_hyphens(lines):
    filing = api.parse(HEAD + "(1) By a trust.\n\nRemarks:\n" + lines + "\n** Signature of Reporting Person\nDate\n")
    assert [(s.signature_name.value, str(s.signature_date.value)) for s in filing.owner_signatures] == [
        ("/s/ Jane Roe, Attorney-in-Fact", "2020-03-05")]
