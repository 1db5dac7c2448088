"""The reading-order table reader (plain pdftotext): rows read cell by cell, by columns, or both."""

from __future__ import annotations

from decimal import Decimal

from form4_peg import api
from form4_peg.columns import SCHEMES, piece_of
from form4_peg.regions import TextCell
from form4_peg.stream import _Reader, _Token, heading_column

COLUMNS = SCHEMES[("4", "I")]
INDEX = {c.field: k for k, c in enumerate(COLUMNS)}


class _Doc:
    """What the reader needs of a document: somewhere to put diagnostics."""

    def __init__(self):
        self.diagnostics = []

    def add(self, code, severity, message, span=None):
        self.diagnostics.append((code, message))

    def cell_span(self, *cells):
        return None


def _tokens(spec):
    """``spec``: (text, heading field or None, fresh) per value, one a line; a heading holds
    until the next one, as in the text."""
    out = []
    current = None
    headings = 0
    for line, (text, heading, fresh) in enumerate(spec, start=1):
        current = INDEX.get(heading, current)
        headings += fresh
        cell = TextCell(text, line * 2, 0, len(text), 0)  # blank lines between cells, as pdftotext
        piece = piece_of([cell], -1)
        flag = text if text in ("D", "I") else ""
        out.append(_Token(piece, current, flag, fresh, headings))
    return out


def _by_columns(columns):
    """A spec for a table read column by column: each field's heading, then its values (the
    first under a fresh heading)."""
    return [(text, field, k == 0) for field, texts in columns for k, text in enumerate(texts)]


def _read(spec, *, notes=False):
    doc = _Doc()
    rows = _Reader(COLUMNS, "I", doc).read(_tokens(spec))
    named = [{COLUMNS[k].field: (p.text, p.footnote_ids) if notes else p.text for k, p in sorted(row.cells.items())}
             for row in rows]
    return named, doc.diagnostics


def test_a_table_read_column_by_column_zips_into_rows():
    rows, _ = _read(_by_columns([
        ("security_title", ["Common Stock", "Common Stock"]), ("transaction_date", ["01/02/2024", "01/03/2024"]),
        ("transaction_code", ["S", "P"]), ("transaction_shares", ["100", "200"]),
    ]))
    assert [(r["transaction_date"], r["transaction_code"], r["transaction_shares"]) for r in rows] == [
        ("01/02/2024", "S", "100"), ("01/03/2024", "P", "200")]


def test_a_holding_above_a_transaction_keeps_out_of_its_cells():
    rows, _ = _read([
        ("Common Stock", "nature_of_ownership", False), ("5,000", "nature_of_ownership", False),
        ("D", "nature_of_ownership", False),
        ("Common Stock", "nature_of_ownership", False), ("01/02/2024", "nature_of_ownership", False),
        ("S", "nature_of_ownership", False), ("100", "nature_of_ownership", False),
        ("D", "nature_of_ownership", False), ("$1.50", "nature_of_ownership", False),
        ("900", "nature_of_ownership", False), ("I", "nature_of_ownership", False),
        ("By Trust", "nature_of_ownership", False),
    ])
    assert rows[0] == {"security_title": "Common Stock", "shares_owned_following_transaction": "5,000",
                       "direct_or_indirect_ownership": "D"}
    assert rows[1]["transaction_date"] == "01/02/2024"
    assert rows[1]["transaction_shares"] == "100"
    assert rows[1]["shares_owned_following_transaction"] == "900"
    assert rows[1]["nature_of_ownership"] == "By Trust"


def test_an_indirect_read_before_its_row_waits_for_it_with_its_nature():
    rows, _ = _read([
        ("Common Stock", "transaction_price_per_share", False), ("01/02/2024", None, False), ("S", None, False),
        ("100", None, False), ("D", None, False), ("$1.50", None, False), ("900", None, False),
        ("I", "direct_or_indirect_ownership", True), ("By Trust", None, False),
        ("I", None, False), ("By Fund", None, False),
        ("Common Stock", None, False), ("01/03/2024", None, False), ("S", None, False),
        ("200", None, False), ("D", None, False), ("$1.60", None, False), ("700", None, False),
    ])
    assert [(r["direct_or_indirect_ownership"], r["nature_of_ownership"]) for r in rows] == [
        ("I", "By Trust"), ("I", "By Fund")]
    assert rows[1]["shares_owned_following_transaction"] == "700"


def test_a_value_that_fits_no_row_is_reported_not_dropped():
    rows, diagnostics = _read([("01/02/2024", None, False)])  # a value, and no title to open a row
    assert rows == []
    assert [code for code, message in diagnostics if "01/02/2024" in message] == ["unplaced_cell"]


def test_heading_lines_point_at_their_columns():
    key = ("4", "I")
    assert heading_column("5. Amount of", key) == INDEX["shares_owned_following_transaction"]
    assert heading_column("(A) or", key) == INDEX["transaction_acquired_disposed_code"]
    assert heading_column("Form: Direct (D) or Indirect", key) is None  # inside a longer heading


def test_marks_alone_under_a_heading_are_footnote_only_cells_of_its_column():
    # read by columns: "(1)" "(2)" under the price heading stand for the two rows' prices
    rows, _ = _read(_by_columns([
        ("security_title", ["Common Stock", "Common Stock"]), ("transaction_date", ["01/02/2024", "01/03/2024"]),
        ("transaction_code", ["S", "S"]), ("transaction_shares", ["100", "200"]),
        ("transaction_price_per_share", ["(1)", "(2)"]), ("shares_owned_following_transaction", ["900", "700"]),
    ]), notes=True)
    assert [r["transaction_price_per_share"] for r in rows] == [("", ("F1",)), ("", ("F2",))]
    assert [r["shares_owned_following_transaction"] for r in rows] == [("900", ()), ("700", ())]


_TABLE_II = """Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned
1. Title of
Derivative
Security
2.
Conversion
or Exercise
Price of
Derivative
Security
3. Transaction
Date
4.
Transaction
Code (Instr.
8)
Code
Stock
Option
$10
04/12/2024
A
V
5. Number
of
Derivative
Securities
(A)
5,952
(D)
6. Date Exercisable and
Expiration Date
(Month/Day/Year)
Date
Exercisable
05/15/2025
7. Title and
Amount of
Securities
Underlying
Derivative Security
Expiration
Date
05/15/2027
Title
Common
Stock
8. Price of
Derivative
Security
Amount or
Number of
Shares
5,952
$0
9. Number of
derivative
Securities
Owned
5,952
D
"""


def test_a_sub_heading_read_inside_a_later_heading_points_at_its_own_column():
    # pdftotext reads "Expiration Date" after "7. Title and Amount", and "Amount or Number of
    # Shares" after "8. Price of Derivative Security"
    filing = api.parse("FORM 4\nSTATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP\n" + _TABLE_II
                       + "\nExplanation of Responses:\n")
    assert filing.layout == "stream"
    (row,) = filing.derivative_table
    assert (str(row.exercise_date.value), str(row.expiration_date.value)) == ("2025-05-15", "2027-05-15")
    assert (row.underlying_security_shares.value, row.transaction_price_per_share.value) == (5952, 0)


_TABLE_I = """Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned
1.Title of Security
(Instr. 3)
2. Transaction
Date
(Month/Day/Year)
3. Transaction
Code
(Instr. 8)
4. Securities Acquired
(A) or Disposed of (D)
(Instr. 3, 4 and 5)
Amount
(A) or
(D)
Price
5. Amount of Securities Beneficially
Owned Following Reported
Transaction(s)
(Instr. 3 and 4)
6.
Ownership
Form:
Direct (D)
or Indirect
(I)
(Instr. 4)
7. Nature
of Indirect
Beneficial
Ownership
(Instr. 4)
Common Stock (1) (2)

11/20/2020

M

11,169 A

$
18,073
11.80

I

See
Footnotes
(1) (2)

Explanation of Responses:
(1) The shares are held by a trust.
(2) The reporting person disclaims beneficial ownership.
"""


def _table_i_row():
    filing = api.parse("FORM 4\nSTATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP\n" + _TABLE_I)
    assert filing.layout == "stream"
    (row,) = filing.non_derivative_table
    return filing, row


def test_a_lone_dollar_over_two_numbers_takes_the_second_as_its_price():
    # the price cell holds "$" over "11.80"; the balance beside it, centred, is read between them
    _, row = _table_i_row()
    assert (row.transaction_price_per_share.value, row.shares_owned_following_transaction.value) == (
        Decimal("11.80"), 18073)


def test_a_line_of_marks_alone_is_a_cells_marks_not_a_footnote():
    filing, row = _table_i_row()
    assert row.nature_of_ownership.value == "See Footnotes"
    assert row.nature_of_ownership.footnote_ids == ("F1", "F2")
    assert [f.footnote_id for f in filing.footnotes] == ["F1", "F2"]


def _read_ii(texts):
    """Table II cells read one after another, under one heading (a run of a row's cells)."""
    columns = SCHEMES[("4", "II")]
    tokens = []
    for line, text in enumerate(texts, start=1):
        cell = TextCell(text, line * 2, 0, len(text), 0)
        tokens.append(_Token(piece_of([cell], -1), len(columns) - 1, text if text in ("D", "I") else "", False, 1))
    rows = _Reader(columns, "II", _Doc()).read(tokens)
    return [{columns[k].field: p.text for k, p in sorted(row.cells.items())} for row in rows]


def test_a_run_of_a_rows_cells_is_matched_to_its_columns_as_a_whole():
    # the second date is the deemed execution date: taken as the exercise date, the code and
    # the amount after it would have no column left but the underlying amount
    (row,) = _read_ii(["Series A Preferred Stock", "07/02/2010", "07/02/2010", "C", "4,880,343",
                       "Common Stock", "1,626,781", "0", "I", "By Trust"])
    assert row == {"security_title": "Series A Preferred Stock", "transaction_date": "07/02/2010",
                   "deemed_execution_date": "07/02/2010", "transaction_code": "C", "shares_a": "4,880,343",
                   "underlying_security_title": "Common Stock", "underlying_security_shares": "1,626,781",
                   "shares_owned_following_transaction": "0", "direct_or_indirect_ownership": "I",
                   "nature_of_ownership": "By Trust"}


def test_a_holdings_run_after_its_title_plans_as_a_holding():
    # no code in the run: the dates are the exercise and expiration dates, not a transaction's
    (row,) = _read_ii(["Stock Option", "$10", "05/15/2025", "05/15/2027", "Common Stock", "5,952", "5,952", "D"])
    assert (row["exercise_date"], row["expiration_date"], row["conversion_or_exercise_price"]) == (
        "05/15/2025", "05/15/2027", "$10")
    assert "transaction_date" not in row


def test_in_cells_one_a_line_with_no_blank_between_a_mark_follows_its_own_value():
    # a converter's text, one text a line: "S" "(1)" "32,041" "(2)" are the code's and the
    # amount's notes, not the notes of the value after them
    texts = ["Common Stock", "12/02/2021", "S", "(1)", "32,041", "(2)", "D", "$1,090.195", "(3)", "1,466,808", "D"]
    tokens = []
    for line, text in enumerate(texts, start=1):
        cell = TextCell(text, line, 0, len(text), 0)
        tokens.append(_Token(piece_of([cell], -1), INDEX["direct_or_indirect_ownership"],
                             text if text in ("D", "I") else "", False, 1))
    (row,) = _Reader(COLUMNS, "I", _Doc()).read(tokens)
    notes = {COLUMNS[k].field: p.footnote_ids for k, p in row.cells.items() if p.footnote_ids}
    assert notes == {"transaction_code": ("F1",), "transaction_shares": ("F2",), "transaction_price_per_share": ("F3",)}
