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


def test_a_row_of_texts_as_cells_gives_each_raised_mark_to_the_value_before_it():
    """Guards against BeautifulSoup's get_text("\\t") rows ('S<TAB>(1)<TAB>32,041<TAB>(2)'),
    empty cells dropped and each raised mark a cell of its own, read by cell place: '(1)'
    took the V column and made the row a Form 5 transaction, and every note was lost."""
    head = ("FORM 4\nSTATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP\n"
            "\tTable I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned\t\n"
            "\t1. Title of Security (Instr. 3)\t2. Transaction Date (Month/Day/Year)\t2A. Deemed Execution Date\t"
            "3. Transaction Code (Instr. 8)\t4. Securities Acquired (A) or Disposed Of (D)\t5. Amount of Securities\t"
            "6. Ownership Form\t7. Nature of Indirect Beneficial Ownership (Instr. 4)\t\n"
            "\tCode\tV\tAmount\t(A) or (D)\tPrice\t\n")
    rows = "".join(f"\tCommon Stock\t12/02/2021\tS\t(1)\t{n}\t(2)\tD\t${p}\t(3)\t{o}\tD\t\n"
                   for n, p, o in (("32,041", "1,090.195", "1,466,808"), ("24,141", "1,091.196", "1,442,667"),
                                   ("19,535", "1,092.247", "1,423,132"), ("7,529", "1,093.100", "1,415,603")))
    filing = api.parse(head + rows + "\nExplanation of Responses:\n(1) A plan.\n(2) Sold.\n(3) A range.\n")
    assert filing.layout == "tsv" and len(filing.non_derivative_table) == 4
    for row in filing.non_derivative_table:
        assert row.transaction_form_type.value is None
        assert (row.transaction_code.footnote_ids, row.transaction_shares.footnote_ids,
                row.transaction_price_per_share.footnote_ids) == (("F1",), ("F2",), ("F3",))
        assert row.shares_owned_following_transaction.footnote_ids == ()
