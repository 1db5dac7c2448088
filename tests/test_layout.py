"""Layout and stylesheet sniffing, from the text alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import CORPUS_FIXTURES

import form4_peg
from form4_peg.layout import detect_layout, detect_stylesheet

_TEXTS = sorted(CORPUS_FIXTURES.glob("*/*.txt"))


@pytest.mark.parametrize("path", _TEXTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_stylesheet_is_the_one_the_text_was_rendered_with(path):
    """The corpus names each text after the stylesheet that rendered it (edgar.*, sec2002.*);
    the sniffer sees only the text."""
    assert detect_stylesheet(form4_peg.decode(path.read_bytes())) == path.name.split(".")[0]


@pytest.mark.parametrize(("text", "expected"), [
    ("Table II\n  -- Reporting Owners --\nName", "sec2002"),  # a heading line, marks around it
    ("Table II\n\n**Reporting\nOwners**\n", "sec2002"),  # broken over two lines
    ("Footnote: the Reporting Owners\n", "edgar"),  # words before it: a mention, not the heading
    ("Reporting Owners listed below\n", "edgar"),  # words after it
    ("\u0130\u0130 Reporting Owners\n", "edgar"),  # words before it, in a text lower() lengthens
    ("(Print or Type Responses)", "sec2002"),
    ("SEC 1474 (9-02)", "sec2002"),
    ("Form 4 without either", "edgar"),
])
def test_the_2002_heading_counts_only_on_a_line_of_its_own(text, expected):
    assert detect_stylesheet(text) == expected


@pytest.mark.parametrize("text", [
    "header\n(PRINT OR TYPE RESPONSES)\n", "SEC  1474\n(9-02)", "POTENTIAL\nPERSONS who are to respond",
    "x\nReporting   OWNERS\n", "x\nREPORTING OWNERſ\n", "ſEC 1474 (9-02)",  # a long s is an s to IGNORECASE
    "x\nreporting owners\n", "(print or type responses)", "potential persons who are to respond",
    "(PR\u0130NT OR TYPE RESPONSES)", "(PR\u0131NT OR TYPE RESPONSES)",  # both are an i to IGNORECASE, not to lower()
    "\u0130stanbul\nReporting Owners\n",  # lower() lengthens \u0130: the heading's place must hold all the same
])
def test_each_2002_phrase_is_found_in_any_case_and_spacing(text):
    """Guards against the search of the lower-cased text missing a spelling that a case-blind
    pattern finds (a long s, a dotless i, a letter that lower() makes two)."""
    assert detect_stylesheet(text) == "sec2002"


_BOX_PIECES = ["name and address", "issuer  name", "issuer\tname", "relationship of reporting", "date of earliest",
               "if amendment", "individual or joint", "date of event", "x", "\n", " ", "event", "addressee", "jointly"]


@given(st.lists(st.sampled_from(_BOX_PIECES), max_size=14).map("".join))
@settings(max_examples=3000, deadline=None)
def test_lines_with_two_box_labels_are_counted_as_the_regex_counts_them(text):
    """Guards against the word search that narrows the lines to read (``_two_box_lines``)
    losing a line the plain regex counts, or counting one it does not."""
    from form4_peg.layout import _TWO_BOXES, _two_box_lines

    assert _two_box_lines(text) == len(_TWO_BOXES.findall(text))


def test_bold_marks_do_not_make_columns_set_apart_by_spaces_a_markup_text():
    """Guards against a text whose cells stand apart by spaces alone (pandoc's tables, with its
    **bold**) read as markup, whose cells are TABs: every row of its tables was lost."""
    rows = ["  Class A Common Stock     08/22/2019     C     16,840     A     $0     16,840     I"] * 6
    text = "\n".join(["  **Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned**", *rows])
    assert detect_layout(text) == "layout"
    assert detect_layout(text.replace("     ", "\t")) == "markup"


def test_a_mark_below_its_value_goes_with_the_row_of_that_value():
    """Guards against a price's footnote mark, which the 2002 stylesheet wraps onto the line
    below the price ('$' / '1,154.813' / '(1)'), given to the next row, whose '$' stands right
    under it (pdftotext -layout)."""
    filing = form4_peg.parse_file(CORPUS_FIXTURES / "0e985a76139c" / "sec2002.layout.txt")
    marks = [r.transaction_price_per_share.footnote_ids for r in filing.non_derivative_table[:3]]
    assert marks == [("F1",), ("F3",), ("F4",)]


FLAT_FORM_3 = """   FORM 3 UNITED STATES SECURITIES AND EXCHANGE COMMISSION
   INITIAL STATEMENT OF BENEFICIAL OWNERSHIP OF SECURITIES
   1. Name and Address of Reporting Person^*
   BOTHA ROELOF
   Table II - Derivative Securities Beneficially Owned (e.g., puts, calls,
   warrants, options, convertible securities)
   Date Exercisable Expiration Date Title Amount or Number of Shares
   Common Stock ^(1) ^(1) Class B Common Stock^(1) 1,232,186 ^(1) I By
   Sequoia Capital U.S. Growth Fund VII, L.P.^(2)^(3)
   Series B Convertible Preferred Stock ^(4) ^(4) Class B Common Stock^(1)
   2,052,147 ^(4) I By Sequoia Capital U.S. Venture 2010 Fund, L.P.
   Series C Convertible Preferred Stock ^(4) ^(4) Class B Common Stock^(1) 7,579,548 ^(4) I By Sequoia
"""


def test_holdings_flattened_one_a_line_read_as_rows_of_cells_one_space_apart():
    """Guards against a Form 3 that lynx flattens (its holdings one a line, no transaction row
    with a date and a code) read as one cell a line: its rows were lost."""
    assert detect_layout(FLAT_FORM_3) == "ocr"
    # a heading over values ("V 2,020,000 D" in pdftotext's reading order) is no holding
    assert detect_layout("FORM 4\nCode\nV 2,020,000 D\nV 1,000,000 D\nV 5,000,000 D\n") == "stream"
