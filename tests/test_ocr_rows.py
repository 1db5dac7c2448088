"""OCR rows of the 2002 stylesheet: a nature of ownership wraps above and below its row's
line, so the lines between two indirect rows hold the end of one nature and the start of the
next. A "$" on those lines is the price cell's."""

from __future__ import annotations

from form4_peg import api

TEXT = """FORM 4
STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP
Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned
1.Title of Security 2. Transaction 3. Transaction 4. Securities Acquired (A) 5. Amount 6. 7. Nature
Code V Amount (D) Price
By The
Founders
Class A Common Stock 08/22/2019 S 1,968 D $180.71 14,872 I Fund IV,
LP
By The
$ Founders
Class A Common Stock 08/22/2019 S 7,343 D $181.47 7,529 I Fund VI,
LP

Explanation of Responses:
"""


def test_the_lines_between_two_indirect_rows_part_at_the_next_nature_start():
    filing = api.parse(TEXT)
    assert filing.layout == "ocr"
    natures = [row.nature_of_ownership.value for row in filing.non_derivative_table]
    assert natures == ["By The Founders Fund IV, LP", "By The Founders Fund VI, LP"]


TABLE_II = """FORM 4
STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP
Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned
1. Title of Derivative Security 2. Conversion 3. Transaction 4. Transaction 5. Number 6. Date Exercisable 7. Title 8. Price 9. Number 10. 11. Nature
Code V (A) (D) Date Exercisable Expiration Date Title Amount
Stock Option (right to buy) $9.97 (2) 11/20/2020 M (3) 1,987 (1) 11/12/2025 Common Stock 1,987 $0 0 D
Stock Option (right to buy) $7.00 (2) 11/20/2020 M (3) 2,845 (1) 02/11/2026 Common Stock 2,845 $0 0 D
Stock Option (right to buy) $9.59 (2) 11/20/2020 M (3) 2,072 (1) 04/07/2026 Common Stock 2,072 $0 0 D

Explanation of Responses:
(1) The option is fully vested.
(2) The price was adjusted.
(3) Exercised under a plan.
"""


def test_a_mark_one_space_from_its_neighbours_is_a_date_of_its_own_or_a_note():
    """Guards against '1,987 (1) 11/12/2025' read as the amount's note and the expiration date
    as the exercise date, where '(1)' stands for the exercise date: a mark alone is a cell of
    its own where the row has a price or a date free there, else the note of the value before."""
    filing = api.parse(TABLE_II)
    assert filing.layout == "ocr"
    row = filing.derivative_table[0]
    assert len(filing.derivative_table) == 3
    assert (row.exercise_date.value, row.exercise_date.footnote_ids) == (None, ("F1",))
    assert str(row.expiration_date.value) == "2025-11-12"
    assert row.conversion_or_exercise_price.footnote_ids == ("F2",)
    assert row.transaction_code.footnote_ids == ("F3",)
    assert row.transaction_shares.footnote_ids == ()
