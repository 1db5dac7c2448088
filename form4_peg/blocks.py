"""Rows of text laid out in columns by spaces (pdftotext -layout): lines into row blocks, and a
block's fragments into cells.

A row of the printed table can take several lines: a long title or nature of ownership wraps,
and the other cells are centred beside it. The line that holds the row's title and values is
its *anchor*; lines without a title belong to the nearest anchor in their block (blank lines
separate blocks), and a line with values but no title continues the row above it. Fragments
stacked in the same columns of a block join, top to bottom, into one cell.
"""

from __future__ import annotations

import bisect
import functools
import re

from .regions import TextCell
from .values import TWO_LETTERS

_VALUE_KINDS = {"date", "amount", "price", "code"}
_PAGE_SHIFT = 12


def row_blocks(lines: list[list[TextCell]], is_value, is_title, is_row_values=None) -> list[list[list[TextCell]]]:
    """Group the data lines of a table into row blocks: each block is the lines of one row.

    ``is_value(cell)`` says whether a cell holds a value (date, amount, ...); ``is_title(cell)``
    whether a line's first cell can be a security title (it starts at the left margin);
    ``is_row_values(line)`` whether a line holds what only a row's own line holds (a date and a
    code), which makes it a row's anchor even when its title wraps elsewhere.
    """
    blocks: list[list[list[TextCell]]] = []
    for group in _split_blank(lines):
        counts = [sum(1 for c in line[1:] if is_value(c)) if line and is_title(line[0]) else 0 for line in group]
        # A row has two values at least (an amount and D/I); one value beside a title fragment
        # is more likely wrapped text ("Units  $0.01" of "Common Stock, par value $0.01").
        need = 2 if max(counts, default=0) >= 2 else 1
        marked = {i for i, n in enumerate(counts) if n >= need}
        if is_row_values is not None:
            marked |= {i for i, line in enumerate(group) if is_row_values(line)}
        # A line of values with no title, under a title fragment with no values: the title
        # wraps around the row's values ("Series B Convertible Preferred" / values / "Stock").
        marked |= {
            i for i in range(1, len(group))
            if i - 1 not in marked and not is_title(group[i][0]) and is_title(group[i - 1][0])
            and not any(is_value(c) for c in group[i - 1]) and sum(1 for c in group[i] if is_value(c)) >= max(need, 2)}
        anchors = sorted(marked)
        if not anchors:
            # The title can wrap above and below its values, leaving none on their line: then
            # the lines with the most values are the rows' anchors.
            untitled = [sum(1 for c in line if is_value(c)) for line in group]
            most = max(untitled, default=0)
            if most >= 2:  # every line that has the most: rows with no blank line between them
                anchors = [i for i, n in enumerate(untitled) if n == most]
        if not anchors:
            if blocks:  # text that wrapped below the last row (a nature of ownership, say)
                blocks[-1].extend(group)
            continue
        owner = _owners(group, anchors, is_value)
        lines_of: dict[int, list[list[TextCell]]] = {anchor: [] for anchor in anchors}
        for line, o in zip(group, owner, strict=True):
            lines_of[o].append(line)
        blocks.extend(lines_of.values())  # (in the anchors' order, as the dict was made)
    return blocks


def _ends_cell(line: list[TextCell]) -> bool:
    text = line[-1].text if line else ""
    return text.endswith(")") and text[-2:-1].isdigit() or text.endswith(".")


def _owners(group: list[list[TextCell]], anchors: list[int], is_value) -> list[int]:
    """The anchor each line of a blank-free group belongs to."""
    owner: list[int] = []
    is_anchor = set(anchors)
    for i, line in enumerate(group):
        if i in is_anchor:
            owner.append(i)
        elif any(is_value(c) for c in line):  # values without a title continue the row above
            above = bisect.bisect_left(anchors, i)  # (the anchors are sorted: the last before i)
            owner.append(anchors[above - 1] if above else anchors[0])
        elif i < anchors[0]:
            owner.append(anchors[0])
        elif i > anchors[-1]:
            owner.append(anchors[-1])
        else:
            owner.append(-1)  # between two anchors: settled below
    # Cells set at the top of their row (as text browsers set a table) begin on the row's
    # first line and wrap below it: then no line stands above the first row, and every line
    # after a row's stands under a cell of the row's line (a cell centred on its row begins
    # above the row's line, where the row above may have no cell). Then the lines between two
    # rows are the upper one's.
    top = anchors[0] == 0 and all(_under(group[i], group[anchors[bisect.bisect_right(anchors, i) - 1]])
                                  for i in range(len(group)) if i not in is_anchor)
    for a, b in zip(anchors, anchors[1:]):
        between = [i for i in range(a + 1, b) if owner[i] == -1]
        if not between:
            continue
        # Wrapped text is centred on its row: split the lines between two rows at the middle,
        # or where a fragment visibly ends a cell (a footnote mark, a full stop).
        ends = [k + 1 for k, i in enumerate(between) if _ends_cell(group[i])]
        middle = len(between) / 2
        cut = len(between) if top else min(ends, key=lambda k: abs(k - middle)) if ends else round(middle)
        for k, i in enumerate(between):
            owner[i] = a if k < cut else b
        for i in between:  # a line of marks alone goes with the value of its column
            if _marks_only(group[i]):
                owner[i] = _mark_owner(group, i, a, b, owner, is_value, default=owner[i])
    return owner


_MARK = re.compile(r"\(\d{1,2}\)")


def _under(line: list[TextCell], row: list[TextCell]) -> bool:
    """Whether every piece of ``line`` stands under a cell of ``row`` (their x ranges meet)."""
    return bool(line) and all(any(c.x < r.x_end and r.x < c.x_end for r in row if r.text) for c in line if c.text)


def _marks_only(line: list[TextCell]) -> bool:
    return bool(line) and all(_MARK.fullmatch(c.text.strip()) for c in line)


def _mark_owner(group: list[list[TextCell]], i: int, a: int, b: int, owner: list[int], is_value, *,
                default: int) -> int:
    """A line of footnote marks alone between rows a and b: the row of the nearest value in the
    mark's own column (a cell's text runs value, then mark: "$" / "1,154.813" / "(1)"), the
    row above on a tie; ``default`` where neither row has a value in that column."""
    x = group[i][0].x
    def near(k: int) -> bool:
        return any(is_value(c) and abs(c.x - x) <= 3 for c in group[k])
    up = next((i - k for k in range(i - 1, a - 1, -1) if near(k)), None)
    down = next((k - i for k in range(i + 1, b + 1) if near(k)), None)
    if up is None and down is None:
        return default
    if down is None or (up is not None and up <= down):
        return owner[i - up]
    return owner[i + down]


def _split_blank(lines: list[list[TextCell]]) -> list[list[list[TextCell]]]:
    groups: list[list[list[TextCell]]] = [[]]
    for line in lines:
        filled = [c for c in line if c.text]
        if filled:
            groups[-1].append(filled)
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def stack_cells(block: list[list[TextCell]]) -> list[list[TextCell]]:
    """The block's fragments as cells: each cell the fragments that share its columns, top to
    bottom, ordered left to right. The anchor's fragments seed the cells; a fragment that
    overlaps none of them starts a cell of its own."""
    stacks: list[list[TextCell]] = []
    spans: list[tuple[int, int]] = []
    ordered = sorted(block, key=len, reverse=True)  # the fullest line first (a stable sort)
    for line in ordered:
        for cell in line:
            x, x_end = cell.x, cell.x_end
            # the columns the cell shares with each stack; the first of the most, if any
            overlaps = [(x_end if x_end < right else right) - (x if x > left else left) for left, right in spans]
            most = max(overlaps, default=0)
            best = overlaps.index(most) if most > 0 else None
            if best is None and TWO_LETTERS.search(cell.text):
                # Words that overlap nothing, a little off a column of words: the same column
                # after a page break, whose columns sit a few characters over.
                near = [(min(abs(cell.x - sp[0]), abs(cell.x - sp[1])), k) for k, sp in enumerate(spans)
                        if TWO_LETTERS.search(stacks[k][0].text)]
                if near and min(near)[0] <= _PAGE_SHIFT:
                    best = min(near)[1]
            if best is None:
                stacks.append([cell])
                spans.append((cell.x, cell.x_end))
            else:
                stacks[best].append(cell)
                spans[best] = (min(spans[best][0], cell.x), max(spans[best][1], cell.x_end))
    for stack in stacks:
        stack.sort(key=lambda c: (c.line, c.column))
    order = sorted(range(len(stacks)), key=lambda k: spans[k][0])
    return [stacks[k] for k in order]


_TOKEN = re.compile(r"\S+")
_MARK = re.compile(r"^\(\d{1,2}\)$")


def split_spaced_row(line: list[TextCell], is_value_text, *, trailing_only: bool = False) -> list[TextCell]:
    """A table row whose cells stand one space apart (plain OCR text) as cells: each value on
    its own; a run of words between values as one cell (a title, a nature of ownership). A
    single letter is a value only beside another value ("16,840 A $0", not "Class A Common").

    With ``trailing_only`` (text laid out with spaces, where cells already stand apart), a cell
    is split only where values end it ("Common 16,840"): a value inside words stays there
    ("par value $0.01 per share")."""
    out: list[TextCell] = []
    groups_of = _groups_reader(is_value_text)
    for cell in line:
        groups = groups_of(cell.text, trailing_only)
        if groups is None:  # one word, or a cell left whole
            out.append(cell if cell.index == -1 else cell.replaced(index=-1))
            continue
        # A part's place is the cell's place plus its offset in the text; a part that ends the
        # text ends where the cell does (a cell joined from two, "S (2)", stood wider apart).
        size = len(cell.text)
        for start, end in groups:
            out.append(cell.replaced(text=cell.text[start:end], column=cell.column + start,
                                     end_column=cell.end_column if end == size else cell.column + end,
                                     x=cell.x + start, x_end=cell.x_end if end == size else cell.x + end, index=-1))
    return out


@functools.cache
def _groups_reader(is_value_text):
    """``_spaced_groups`` for one test of a value, cached by text: the same cells recur across
    rows and filings (bounded, so a batch's memory is too). One cache a test, so that a key is
    a string and a flag, which the garbage collector stops tracking, not a tuple that holds a
    function, which it tracks as long as the cache holds it."""

    @functools.lru_cache(maxsize=8192)
    def groups_of(text: str, trailing_only: bool) -> tuple[tuple[int, int], ...] | None:
        return _spaced_groups(text, is_value_text, trailing_only)

    return groups_of


def _spaced_groups(text: str, is_value_text, trailing_only: bool) -> tuple[tuple[int, int], ...] | None:
    """The [start, end) of each cell ``split_spaced_row`` makes of ``text``; None when the text
    stays one cell."""
    tokens = list(_TOKEN.finditer(text))
    if len(tokens) == 1 and tokens[0].end() - tokens[0].start() == len(text):
        return None
    kinds = [is_value_text(t.group()) and len(t.group()) > 1 or bool(_MARK.match(t.group())) for t in tokens]
    for i, token in enumerate(tokens[:-1]):  # "$ 9.97": a price whose sign stands apart
        if token.group() == "$" and tokens[i + 1].group()[:1].isdigit() and is_value_text(tokens[i + 1].group()):
            kinds[i] = True
    for i, token in enumerate(tokens):  # single letters: values only next to values
        if not kinds[i] and len(token.group()) <= 2 and is_value_text(token.group()):
            kinds[i] = (i > 0 and kinds[i - 1]) or (i + 1 < len(tokens) and kinds[i + 1])
    groups: list[tuple[bool, list[re.Match[str]]]] = []
    for token, is_val in zip(tokens, kinds, strict=True):
        # A mark glues to the value before it only where cells already stand apart: one
        # space from a value, a mark alone may be a cell of its own (see columns._loose_marks).
        glue = groups and (trailing_only and _MARK.match(token.group()) or groups[-1][1][-1].group() == "$")
        if groups and (glue or (not is_val and not groups[-1][0])):
            groups[-1][1].append(token)
        else:
            groups.append((is_val, [token]))
    if trailing_only:
        first_value = next((k for k, (is_val, _) in enumerate(groups) if is_val), len(groups))
        if any(not is_val for is_val, _ in groups[first_value:]) or first_value > 1:
            return None  # words after a value, or several runs of words: leave whole
    return tuple((group[0].start(), group[-1].end()) for _, group in groups)


def attach_marks(line: list[TextCell], gap: int = 4) -> list[TextCell]:
    """A footnote mark a few spaces after a value ("S   (2)") is that value's: join it to the
    cell before it. A mark further off stands in a column of its own (an empty cell's note)."""
    out: list[TextCell] = []
    for cell in line:
        previous = out[-1] if out else None
        if (previous is not None and _MARK.match(cell.text.strip()) and previous.text
                and 0 <= cell.x - previous.x_end <= gap):
            out[-1] = previous.replaced(text=f"{previous.text} {cell.text.strip()}", end_column=cell.end_column,
                                        x_end=cell.x_end)
            continue
        out.append(cell)
    return out
