"""Properties that hold for any input, checked on damaged texts of real filings (hypothesis).

For every mutation of tests/mutations.py: ``parse`` returns a record or raises a
``Form4Error``, and nothing else; ``normalize`` keeps the line count and is idempotent.
benchmarks/fuzz.py runs the same properties for as long as asked.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import damaged, texts

import form4_peg
from form4_peg.layout import GAP_LAYOUTS, OCR_LAYOUTS, detect_layout
from form4_peg.normalize import split_lines

SOURCES = texts(limit=40)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


def _parses_or_says_why(text: str) -> None:
    try:
        filing = form4_peg.parse(text)
    except form4_peg.Form4Error as err:
        assert err.msg
        return
    assert isinstance(filing, form4_peg.Filing)
    filing.to_dict()  # the record serialises
    for diagnostic in filing.diagnostics:
        assert diagnostic.code and diagnostic.severity in ("info", "warning", "error")


@SETTINGS
@given(damaged(SOURCES))
def test_damaged_text_gives_a_record_or_a_form4_error(text):
    """Guards against any damage, of any kind, ending in an exception that is not ours."""
    _parses_or_says_why(text)


@SETTINGS
@given(st.binary(max_size=4096))
def test_random_bytes_give_a_record_or_a_form4_error(data):
    """Guards against undecodable or binary input crashing the byte reader."""
    try:
        form4_peg.api.parse_file_bytes(data)
    except form4_peg.Form4Error as err:
        assert err.msg


@SETTINGS
@given(st.text(max_size=2000))
def test_any_string_gives_a_record_or_a_form4_error(text):
    """Guards against crashes on text that is nothing like a form."""
    _parses_or_says_why(text)


@pytest.mark.parametrize("flags", [{}, {"gaps": True}, {"bars": True}], ids=["plain", "gaps", "bars"])
@SETTINGS
@given(text=damaged(SOURCES))
def test_normalize_keeps_the_line_count_and_is_idempotent(text, flags):
    """Guards against normalisation that shifts line numbers (every location would be wrong) or
    that a second pass would change again (a rewrite that uncovers more to rewrite)."""
    once = form4_peg.normalize(text, **flags)
    assert len(once.lines) == len(once.raw_lines) == len(split_lines(text))
    twice = form4_peg.normalize(once.text, **flags)
    assert twice.text == once.text


@SETTINGS
@given(damaged(SOURCES))
def test_normalize_maps_every_column_back_into_the_raw_line(text):
    """Guards against a value's span pointing outside the input it came from."""
    layout = detect_layout(text)
    normalized = form4_peg.normalize(text, gaps=layout in GAP_LAYOUTS, bars=layout in OCR_LAYOUTS)
    for number, line in enumerate(normalized.lines, 1):
        raw = normalized.raw_lines[number - 1]
        for column in (1, len(line) // 2 + 1, len(line) + 1):
            assert 1 <= normalized.raw_column(number, column) <= len(raw) + 1
            assert 1 <= normalized.raw_end_column(number, column) <= len(raw) + 1
