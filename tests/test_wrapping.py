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


HTML2TEXT = (
    "Date Exercisable| Expiration Date| Title| Amount or Number of Shares  \n"
    "Common Stock| (1)| (1)| Class B Common Stock(1)| 1,232,186| (1)| I| By Sequoia\n"
    "Capital U.S. Growth Fund VII, L.P.(2)(3)  \n"
    "Series B Convertible Preferred Stock| (4)| (4)| Class B Common Stock(1)|\n"
    "2,052,147| (4)| I| By Sequoia Capital U.S. Venture 2010 Fund, L.P.(2)(3)  \n"
    "Series B Convertible Preferred Stock| (4)| (4)| Class B Common Stock(1)| 45,536| (4)| I| By Trust  \n"
    "1\\. Name and Address of Reporting Person*| [THIEL PETER](/cgi-bin/browse-\n"
    "edgar?action=getcompany&CIK=0001211060)  \n"
    "**(1)**|  A note\nthat runs on.  \n"
    "**(2)**|  A note.  \n**(3)**|  A note.  \n**(4)**|  A note.  \n"
)


def test_pipe_rows_whose_ends_are_marked_are_joined_up_to_their_end():
    """Guards against html2text's wrap of a long table row ('... Common Stock(1)|' /
    '2,052,147| (4)| I| By ...  ') read as two rows: html2text ends each row with a line
    break (two spaces), so a row's line without one goes on below."""
    lines = unwrap(HTML2TEXT).split("\n")
    assert len(lines) == len(HTML2TEXT.split("\n"))
    assert lines[1] == ("Common Stock| (1)| (1)| Class B Common Stock(1)| 1,232,186| (1)| I| By Sequoia "
                        "Capital U.S. Growth Fund VII, L.P.(2)(3)  ")
    assert lines[3].startswith("Series B Convertible Preferred Stock| (4)| (4)| Class B Common Stock(1)| 2,052,147|")
    assert lines[2] == lines[4] == ""
    assert lines[6:8] == HTML2TEXT.split("\n")[6:8]  # a link cut at the wrap is left to the link reader
    assert lines[8] == "**(1)**|  A note that runs on.  "


def test_pipe_rows_whose_ends_are_not_marked_are_left_alone():
    text = HTML2TEXT.replace("  \n", "\n")
    assert unwrap(text) == text
