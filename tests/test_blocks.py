"""Row blocks of text laid out with spaces: which lines make one row."""

from __future__ import annotations

import re

import pytest

from form4_peg.blocks import row_blocks
from form4_peg.regions import TextCell


def _lines(text: str) -> list[list[TextCell]]:
    """Cells of each line: runs of text two or more spaces apart, with their columns."""
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        cells = [TextCell(m.group(), n, m.start() + 1, m.end() + 1, k, m.start(), m.end())
                 for k, m in enumerate(re.finditer(r"\S+(?: \S+)*", line))]
        out.append(cells)
    return out


def _is_value(cell: TextCell) -> bool:
    return bool(re.fullmatch(r"[\d,]+|[DI]|\(\d\)", cell.text)) and cell.text[0] != "("


def _is_title(cell: TextCell) -> bool:
    return cell.x == 0 and bool(re.search(r"[A-Za-z]{2}", cell.text))


def _titles(text: str) -> list[str]:
    blocks = row_blocks(_lines(text), _is_value, _is_title)
    return [" ".join(c.text for line in block for c in line if c.x == 0) for block in blocks]


def test_a_title_wrapped_around_its_values_makes_a_row_of_its_own():
    text = (
        "Common Stock          (1)     80,186     I\n"
        "Series B Convertible\n"
        "                      (4)     2,052,147  I\n"
        "Preferred Stock\n"
        "Series B Convertible\n"
        "                      (4)     225,590    I\n"
        "Preferred Stock\n"
    )
    assert _titles(text) == ["Common Stock", "Series B Convertible Preferred Stock",
                             "Series B Convertible Preferred Stock"]


def test_cells_set_at_the_top_of_their_rows_wrap_below_them():
    # text browsers set each cell at its row's top: "Stock" ends the title above it
    text = (
        "Common    100     D\n"
        "Stock\n"
        "Common    200     I    By\n"
        "Stock                  Trust\n"
    )
    assert _titles(text) == ["Common Stock", "Common Stock"]


def test_a_line_between_rows_that_no_cell_above_it_could_hold_makes_the_rows_centred():
    # "By" stands where the first row has no cell: it begins the second row's nature, centred
    # on its row, and the middle of the lines between two rows parts them
    text = (
        "Common    100     D\n"
        "                       By\n"
        "Preferred  200    I    Trust\n"
        "Stock\n"
    )
    blocks = row_blocks(_lines(text), _is_value, _is_title)
    assert [[c.text for line in block for c in line] for block in blocks] == [
        ["Common", "100", "D"], ["By", "Preferred", "200", "I", "Trust", "Stock"]]


def test_values_under_a_row_without_a_title_above_continue_that_row():
    text = (
        "Common Stock          100     D\n"
        "                      200     I\n"
    )
    assert _titles(text) == ["Common Stock"]


def test_fast_cell_copies_keep_what_they_are_not_told_to_change():
    """A cell made by ``of`` is the one the constructor makes (defaults too); a copy keeps every
    field it is not told to change, stays immutable and hashable, and refuses a field a cell
    does not have."""
    cell = TextCell("16,840 (1)", 7, 12, 22, 3, x=40, x_end=50)
    assert TextCell.of("16,840 (1)", 7, 12, 22, 3, 40, 50) == cell
    assert TextCell.of("", 7, 0, 0, 1) == TextCell("", 7, 0, 0, 1)
    assert type(TextCell.of("", 7, 0, 0, 1)) is TextCell
    for changes in ({"index": -1}, {"text": "16,840", "end_column": 18, "x_end": 46}, {}):
        copy = cell.replaced(**changes)
        assert copy == cell._replace(**changes)
        assert type(copy) is TextCell
        assert hash(copy) == hash(cell._replace(**changes))
    assert cell.replaced(x=1).x == 1 and cell.replaced(x=1).x_end == 50
    assert cell.index == 3  # the original is untouched
    with pytest.raises(AttributeError):
        cell.replaced(index=0).index = 1
    with pytest.raises(TypeError, match="colum"):
        cell.replaced(colum=3)


@pytest.mark.parametrize(("text", "heading"), [
    ("2A. Deemed Execution Date, if any", True), ("2a.", True), ("12.", True), ("5)", True), ("12)", True),
    ("Code (Instr. 8)", True), ("Code (Instr.", True), ("(A) or", True), ("(A)or (D)", True),
    ("Form: Direct (D) or Indirect (I) (Instr. 4)", True), ("at end of Issuer's Fiscal Year", True),
    ("(Month/Day/Year)", True), ("Beneficially Owned Following Reported Transaction(s)", True), ("1,234", True),
    ("383,262.5326(1)", False), ("1,2,3,4,5,6,7,8,9,0,1,2,3,4,5(", False), ("Common Stock", False),
    ("By Trust", False), ("2B.", False), ("(Instr. 3) and More", False), ("", False),
])
def test_heading_words_read_one_way(text, heading):
    """Guards against the heading test (each alternative its own text, so that a line reads one
    way, not every way a number can be cut) accepting or refusing other lines than before."""
    from form4_peg.tables import _HEADING

    assert bool(_HEADING.match(text)) is heading


@pytest.mark.parametrize(("text", "shaped"), [
    ("Facebook Inc [FB]", True), ("Natera, Inc. [ NTRA ]", True), ("Acme [ACME", True), ("X [FB]", False),
    ("[FB]", False), ("Facebook Inc", False), ("Acme [A] [B]", False), ("Acme] Inc [FB]", False),
])
def test_issuer_shape_is_a_name_then_a_ticker_in_brackets(text, shaped):
    """Guards against the issuer's shape (its letters a lookahead, so that a long line is read
    once) matching other cells than a name and a bracketed ticker."""
    from form4_peg.header import _ISSUER_SHAPE

    assert bool(_ISSUER_SHAPE.match(text)) is shaped


def test_a_split_part_that_ends_a_joined_cell_ends_where_the_cell_does():
    """Guards against a value and its footnote mark, joined from two cells some spaces apart
    ("S   (2)" read as "S (2)"), being given the end of its joined text (one space between)
    rather than the mark's own end when the cell is split (span and raw text cut short)."""
    from form4_peg.blocks import attach_marks, split_spaced_row
    from form4_peg.columns import is_value_text

    line = [TextCell("Common Stock", 9, 1, 13, 0, 1, 13), TextCell("S", 9, 96, 97, 1, 96, 97),
            TextCell("(2)", 9, 100, 103, 2, 100, 103)]
    joined = attach_marks(line)
    assert [c.text for c in joined] == ["Common Stock", "S (2)"]
    assert (joined[1].end_column, joined[1].x_end) == (103, 103)
    wide = joined[1].replaced(text="Sold S (2)", column=91, x=91)  # words then a value: split
    parts = split_spaced_row([wide], is_value_text, trailing_only=True)
    assert [(p.text, p.column, p.end_column, p.x, p.x_end) for p in parts] == \
        [("Sold", 91, 95, 91, 95), ("S (2)", 96, 103, 96, 103)]


def test_a_price_whose_sign_stands_apart_is_a_value_and_so_are_the_letters_after_it():
    """Guards against '$ 9.97' (a text browser's price, its sign a word apart) kept in the
    title before it, and '$ 0 0 D' read as words: the row lost its price, holding and D/I."""
    from form4_peg.blocks import split_spaced_row
    from form4_peg.columns import is_value_text

    text = "Stock Option (right to buy) $ 9.97 11/20/2020 M 1,987 Common Stock 1,987 $ 0 0 D"
    parts = split_spaced_row([TextCell(text, 1, 1, len(text) + 1, 0, 0, len(text))], is_value_text)
    assert [p.text for p in parts] == ["Stock Option (right to buy)", "$ 9.97", "11/20/2020", "M", "1,987",
                                       "Common Stock", "1,987", "$ 0", "0", "D"]
