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
