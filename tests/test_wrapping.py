"""Text wrapped at a fixed width (lynx, pandoc's plain text) has the lines its wrap broke
joined back, and no other."""

from __future__ import annotations

from form4_peg.wrapping import unwrap, wrap_width

LYNX = """\
   Table I - Non-Derivative Securities Acquired, Disposed of, or
   Beneficially Owned
   Code V Amount (A) or (D) Price
   Class A Common Stock 08/22/2019 C 16,840 A $0 16,840 I By The Founders
   Fund IV, LP^(1)
   Class A Common Stock 08/22/2019 S^(2) 1,968 D $180.7115^(3) 14,872 I By
   The Founders Fund IV, LP^(1)
   Class A Common Stock 9,948 D
   Class A Common Stock 53,602 I By Rivendell One LLC^(14)

   1. The reporting person is one of the Managers of The Founders Fund IV
   Management, LLC, which is the General Partner of The Founders Fund IV.
   2. The sales reported on this Form 4 were effected pursuant to a Rule
   10b5-1 trading plan adopted by the holder."""


def test_a_wrapped_row_and_a_wrapped_note_are_joined_and_rows_stay_apart():
    """Guards against the end of a wrapped nature of ownership ('Fund IV, LP^(1)') read as a
    line of its own, and against a row or a numbered note that opens its own line joined to
    the line before it."""
    lines = unwrap(LYNX).split("\n")
    assert len(lines) == len(LYNX.split("\n"))
    assert [line.strip() for line in lines if line.strip()] == [
        "Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned",
        "Code V Amount (A) or (D) Price",
        "Class A Common Stock 08/22/2019 C 16,840 A $0 16,840 I By The Founders Fund IV, LP^(1)",
        "Class A Common Stock 08/22/2019 S^(2) 1,968 D $180.7115^(3) 14,872 I By The Founders Fund IV, LP^(1)",
        "Class A Common Stock 9,948 D",
        "Class A Common Stock 53,602 I By Rivendell One LLC^(14)",
        "1. The reporting person is one of the Managers of The Founders Fund IV Management, LLC, "
        "which is the General Partner of The Founders Fund IV.",
        "2. The sales reported on this Form 4 were effected pursuant to a Rule 10b5-1 trading plan "
        "adopted by the holder."]


def test_a_laid_out_text_is_not_taken_for_a_wrapped_one():
    """Guards against joining the lines of a page whose columns are set apart by spaces (a
    text browser's table), where a line's end is a column's, not a wrap."""
    laid_out = "\n".join(f"Class A Common   08/22/2019   C   {n:,}   A   $0   I   By Trust {n}" for n in range(10))
    assert wrap_width(laid_out.split("\n")) is None
    assert unwrap(laid_out) == laid_out
