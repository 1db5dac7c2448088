"""Box 1's street lines in text laid out with spaces: street1's wrapped end joins it back."""

from __future__ import annotations

import pytest

from form4_peg.header import _unwrap_streets
from form4_peg.regions import TextCell


def _cells(lines):
    return [TextCell(text, n, 1, len(text) + 1, 0) if text else None for n, text in enumerate(lines, start=1)]


@pytest.mark.parametrize(("lines", "streets"), [
    (["2800 SAND HILL ROAD, SUITE", "101"], ["2800 SAND HILL ROAD, SUITE 101"]),
    (["C/O SEQUOIA CAPITAL, 2800 SAND HILL", "ROAD", "SUITE 101"],
     ["C/O SEQUOIA CAPITAL, 2800 SAND HILL ROAD", "SUITE 101"]),
    (["C/O REINVENT TECHNOLOGY", "PARTNERS Z,", "", "215 PARK AVENUE, FLOOR 11"],
     ["C/O REINVENT TECHNOLOGY PARTNERS Z,", "215 PARK AVENUE, FLOOR 11"]),
    (["C/O ACME CORP", "1 MAIN STREET"], ["C/O ACME CORP", "1 MAIN STREET"]),  # two lines, two streets
])
def test_street_lines(lines, streets):
    assert [c.text for c in _unwrap_streets(_cells(lines))] == streets
