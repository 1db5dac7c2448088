"""Boxes set side by side as columns of wrapped text, read back one box after another.

Text browsers (w3m, links, elinks) lay out an HTML table as columns, each cell's text wrapped
to its column's width, the columns parted by spaces:

    1. Name   2. Issuer Name and      5. Relationship of Reporting Person
    and       Ticker or Trading       (s) to Issuer (Check all
    Address   Symbol                  applicable)
    of        Natera, Inc. [ NTRA ]   X Director 10% Owner

Read line by line, every line mixes the boxes. A block of lines (between blank lines) above
the tables is read column by column when its text stands in columns parted by a gutter (a
character column that is blank on every line of the block) and a column wraps one of the boxes'
numbered labels over its lines: a label broken so, its words on lines of their own, is what a
page laid out by position (pdftotext -layout) never shows, and what a column of wrapped text
does. Each column's lines are joined into one line, set on the block's first, second, ...
line; the block's other lines are left blank, so that the text keeps its line count.

Every step reads each line a bounded number of times: linear in the text.
"""

from __future__ import annotations

import re

from . import values

# A box's numbered label, as its first words read ("2. Issuer Name"): wrapped in a column it
# stands over two lines or more. (Text browsers print the form's words as they are: the
# patterns need no case folding, which would make each scan of a text several times slower.)
_LABEL = re.compile(
    r"(?:1\.\s+Name\s+and\s+Address|2\.\s+Issuer\s+Name|[23]\.\s+Date\s+of\s+(?:Earliest|Event)|"
    r"[45]\.\s+If\s+Amendment|[45]\.\s+Relationship\s+of|6\.\s+Individual\s+or)")
# How a numbered label opens: an opening where the whole label does not follow is where a
# column may have wrapped it (the cheap test that spares a text laid out by position the rest).
# (No pattern here opens with a word boundary or an alternation: the engine then finds where
# each could start by its first characters alone, and a scan of a page takes microseconds.)
_LABEL_OPENS = re.compile(r"[1-6]\.\s+(?:Name|Issuer|Date|If|Relationship|Individual)\b")
# Where the tables begin: their headings, or Table I's title, which a text browser can set in a
# column of the boxes' last block ("(City)       Table I -"); what follows is left as it is.
_TABLE_TITLE = re.compile(r"Table\s+I\b")
_TABLE_HEADING = re.compile(r"(?m:^)[ \t]*1[ \t]*[.,][ \t]*Title\s+of\b")
_MIN_LINES = 3  # a label wrapped in a column takes two lines at least, and its box a value
_MAX_LINES = 200  # the boxes of one page: a longer block is no page's head
_MAX_WIDTH = 400  # a longer line is no text browser's page


def reflow(text: str) -> str:
    """``text`` with the column-set blocks above its tables read column by column."""
    if "\t" in text or "|" in text:
        return text  # cells already parted (TABs, pipes): no columns to find by position
    found = [m.start() for m in (_TABLE_TITLE.search(text), _TABLE_HEADING.search(text)) if m is not None]
    if not found or all(_LABEL.match(text, m.start()) or not _opens_word(text, m.start())
                        for m in _LABEL_OPENS.finditer(text, 0, min(found))):
        return text  # no tables, or every label above them whole on its line: nothing in columns
    lines = text.split("\n")
    end = text.count("\n", 0, min(found))  # the line the tables begin on
    changed = False
    start = 0
    while start < end:
        if not lines[start].strip():
            start += 1
            continue
        stop = start
        while stop < end and lines[stop].strip():
            stop += 1
        block = lines[start:stop]
        joined = _columns_read(block)
        if joined is not None:
            lines[start:stop] = joined + [""] * (len(block) - len(joined))
            changed = True
        start = stop
    return "\n".join(lines) if changed else text


def _opens_word(text: str, at: int) -> bool:
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] == ".")


def _columns_read(block: list[str]) -> list[str] | None:
    """The block's columns, each one line, when it is set in columns that wrap a label."""
    if not _MIN_LINES <= len(block) <= _MAX_LINES or any(len(line) > _MAX_WIDTH for line in block):
        return None
    if not any(not _LABEL.match(line, m.start()) and _opens_word(line, m.start())
               for line in block for m in _LABEL_OPENS.finditer(line)):
        return None  # every label whole on its line (or none): not a label wrapped in a column
    width = max(len(line) for line in block)
    used = [False] * width
    for line in block:
        for x, char in enumerate(line):
            if char != " ":
                used[x] = True
    spans: list[tuple[int, int]] = []  # [start, end) of each column: a run of used characters
    x = 0
    while x < width:
        if not used[x]:
            x += 1
            continue
        begin = x
        while x < width and used[x]:
            x += 1
        spans.append((begin, x))
    if len(spans) < 2 or len(spans) > len(block):
        return None
    columns = [[line[a:b].strip() for line in block] for a, b in spans]
    texts = [values.join_wrapped(part for part in column if part) for column in columns]
    if not any(_wraps_a_label(column, text) for column, text in zip(columns, texts, strict=True)):
        return None
    return texts


def _wraps_a_label(column: list[str], text: str) -> bool:
    """Whether the column's joined text holds more labels than its lines do one by one: a
    label broken over its lines."""
    return sum(1 for _ in _LABEL.finditer(text)) > sum(1 for part in column for _ in _LABEL.finditer(part))
