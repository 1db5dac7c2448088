"""Boxes set side by side as columns of wrapped text (text browsers), read one after another."""

from __future__ import annotations

import form4_peg
from form4_peg.reflow import reflow

HEAD = """FORM 4
1. Name   2. Issuer Name and      5. Relationship of Reporting Person
and       Ticker or Trading       (s) to Issuer (Check all
Address   Symbol                  applicable)
of        Natera, Inc. [ NTRA ]   X Director 10% Owner
Reporting                         Officer (give title below) Other
Person^*  3. Date of Earliest     (specify below)
BOTHA     Transaction (Month/Day/
ROELOF    Year)
(Last)    11/20/2020
(First)
(Middle)
C/O
SEQUOIA
CAPITAL
2800 SAND
HILL
ROAD,
SUITE 101
(Street)
MENLO
PARK CA
94025
(City)
(State)
(Zip)

Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned
1. Title 2.          3.          4. Securities     5. Amount of 6.
of       Transaction Transaction Acquired (A) or   Securities   Ownership
Common   11/20/2020  M           1,987  A   $9.97  1,987        D
Stock
"""


def test_a_block_in_columns_that_wraps_a_label_is_read_column_by_column():
    lines = reflow(HEAD).split("\n")
    assert len(lines) == len(HEAD.split("\n"))  # the text keeps its line count
    # (the title's line has no blank line after it: it is the first column's first line)
    assert lines[0] == ("FORM 4 1. Name and Address of Reporting Person^* BOTHA ROELOF (Last) (First) (Middle) "
                        "C/O SEQUOIA CAPITAL 2800 SAND HILL ROAD, SUITE 101 (Street) MENLO PARK CA 94025 "
                        "(City) (State) (Zip)")
    assert lines[1] == ("2. Issuer Name and Ticker or Trading Symbol Natera, Inc. [ NTRA ] 3. Date of Earliest "
                        "Transaction (Month/Day/ Year) 11/20/2020")
    assert lines[2].startswith("5. Relationship of Reporting Person (s) to Issuer (Check all applicable) X Director")
    assert lines[3:27] == [""] * 24
    assert lines[27:] == HEAD.split("\n")[27:]  # the tables are left as they are


def test_columns_that_wrap_no_label_are_left_alone():
    """Guards against pdftotext -layout's boxes, whose labels stand whole on their lines,
    and a table's rows, read as columns."""
    laid_out = ("1. Name and Address of Reporting Person*    2. Issuer Name and Ticker or Trading Symbol\n"
                "  THIEL PETER                                 Facebook Inc [ FB ]\n"
                "(Last)        (First)         (Middle)      3. Date of Earliest Transaction\n"
                "\n1. Title of Security   2. Transaction Date\n")
    assert reflow(laid_out) is laid_out
    assert reflow("no table here\nat   all\nand   more") == "no table here\nat   all\nand   more"


def test_the_boxes_read_from_columns_give_the_owner_issuer_and_period():
    filing = form4_peg.parse(HEAD)
    (owner,) = filing.reporting_owners
    assert (owner.rpt_owner_name.value, owner.rpt_owner_street1.value, owner.rpt_owner_street2.value) == (
        "BOTHA ROELOF", "C/O SEQUOIA CAPITAL", "2800 SAND HILL ROAD, SUITE 101")
    assert (owner.rpt_owner_city.value, owner.rpt_owner_state.value, owner.rpt_owner_zip_code.value) == (
        "MENLO PARK", "CA", "94025")
    assert owner.is_director.value is True
    assert (filing.issuer.issuer_name.value, filing.issuer.issuer_trading_symbol.value) == ("Natera, Inc.", "NTRA")
    assert str(filing.period_of_report.value) == "2020-11-20"
    (row,) = filing.non_derivative_table  # the table keeps its layout: read by position
    assert (row.security_title.value, row.transaction_shares.value) == ("Common Stock", 1987)


def test_a_summary_name_that_runs_on_into_its_address_is_the_known_owner():
    """Guards against the 2002 stylesheet's summary, its name and address wrapped in one
    column ('BOTHA ROELOF C/O SEQUOIA' / 'CAPITAL 2800 SAND ...'), read as a second owner."""
    from form4_peg.owners_summary import merge
    from form4_peg.records import ReportingOwner, Value

    known = ReportingOwner(rpt_owner_name=Value("BOTHA ROELOF"), rpt_owner_city=Value("MENLO PARK"))
    run_on = ReportingOwner(rpt_owner_name=Value("BOTHA ROELOF C/O SEQUOIA"), rpt_owner_city=Value("HILL ROAD"),
                            is_director=Value(True))
    other = ReportingOwner(rpt_owner_name=Value("ROELOF BOTHA TRUST"))
    (owner, second) = merge([known], [run_on, other])
    assert (owner.rpt_owner_name.value, owner.rpt_owner_city.value, owner.is_director.value) == (
        "BOTHA ROELOF", "MENLO PARK", True)
    assert second.rpt_owner_name.value == "ROELOF BOTHA TRUST"


W3M_TABLE = """FORM 4
STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP
Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned
1.Title of   2. Transaction 3.          4. Securities    5. Amount of 6.
Security     Date (Month/   Transaction Acquired (A) or  Securities   Ownership
(Instr. 3)   Day/Year)      Code        Disposed of (D)  Owned        Form:
                            Code      V Amount (A) Price Transaction  (I)
                                                         (s) (Instr.  (Instr.
                                                         3 and 4)     4)

Common Stock 11/20/2020     M           1,987  A   $     1,987        D
                                                   9.97
Common Stock 11/20/2020     M           2,845  A   $ 7   4,832        D
"""


def test_a_text_browsers_narrow_columns_part_a_title_from_its_date_at_the_dates_heading():
    """Guards against 'Common Stock 11/20/2020' (one space apart where a text browser narrows
    a column) read as a title, the row left with no date, and against the heading's last
    lines ('(s) (Instr.' / '3 and 4)') read as a row."""
    filing = form4_peg.parse(W3M_TABLE)
    assert filing.layout == "layout"
    rows = [(r.security_title.value, str(r.transaction_date.value), r.transaction_code.value,
             r.shares_owned_following_transaction.value) for r in filing.non_derivative_table]
    assert rows == [("Common Stock", "2020-11-20", "M", 1987), ("Common Stock", "2020-11-20", "M", 4832)]


def test_a_notice_wrapped_over_two_lines_keeps_its_second_line_from_the_first_footnote():
    """Guards against a text browser's wrap of the printed notice ('... Federal Criminal' /
    '    Violations. See 18 U.S.C. 1001 ...') read as the start of footnote 1, whose text is
    indented beside its number as the notice's second line is."""
    text = W3M_TABLE + (
        "\nExplanation of Responses:\n\n"
        "*   If the form is filed by more than one reporting person, see Instruction 4\n    (b)(v).\n"
        "**  Intentional misstatements or omissions of facts constitute Federal Criminal\n"
        "    Violations. See 18 U.S.C. 1001 and 15 U.S.C. 78ff(a).\n"
        "(1) The shares are held by a trust\n    for the owner's children.\n"
        "(2) The price is a weighted average.\n")
    filing = form4_peg.parse(text)
    assert filing.layout == "layout"
    assert {f.footnote_id: f.text for f in filing.footnotes} == {
        "F1": "The shares are held by a trust for the owner's children.", "F2": "The price is a weighted average."}
