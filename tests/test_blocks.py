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


def test_values_under_a_row_without_a_title_above_continue_that_row():
    text = (
        "Common Stock          100     D\n"
        "                      200     I\n"
    )
    assert _titles(text) == ["Common Stock"]


def test_fast_cell_copies_are_what_the_dataclass_makes():
    """The fast copy must keep every field it is not told to change, stay frozen and hashable,
    and refuse a field a cell does not have (where dataclasses.replace would)."""
    import dataclasses

    cell = TextCell("16,840 (1)", 7, 12, 22, 3, x=40, x_end=50)
    assert TextCell.of("16,840 (1)", 7, 12, 22, 3, 40, 50) == cell
    assert TextCell.of("", 7, 0, 0, 1) == TextCell("", 7, 0, 0, 1)
    for changes in ({"index": -1}, {"text": "16,840", "end_column": 18, "x_end": 46}, {}):
        copy = cell.replaced(**changes)
        assert copy == dataclasses.replace(cell, **changes)
        assert hash(copy) == hash(dataclasses.replace(cell, **changes))
    assert cell.index == 3  # the original is untouched
    with pytest.raises(dataclasses.FrozenInstanceError):
        cell.replaced(index=0).index = 1
    with pytest.raises(TypeError, match="colum"):
        cell.replaced(colum=3)
