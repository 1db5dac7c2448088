"""Text wrapped at a fixed width (lynx, pandoc's plain text, html2text, e-mail), its lines
joined back where the wrap broke them.

A converter that wraps fills each line with as many words as fit in its width and starts a new
line only when the next word does not fit. So a line continues the one before it exactly when
its first word would not have fitted there: that is the evidence, read off the text, and the
width is the longest line's. A text is taken as wrapped when a good share of its lines end
within a few characters of that width (a page laid out by pdftotext, or OCR, has ragged lines
of all lengths, and a text browser's table its columns set apart by spaces: both are left
alone).

A joined line goes onto the line it continues, and its own line is left blank, so that the
text keeps its line numbers. Never joined: a line that opens a row of values (a date and
amounts), a numbered label or footnote ("2. Issuer Name", "(3) The price"), a pipe-table row,
and any line of a text with TAB cells.
"""

from __future__ import annotations

import re

from .normalize import LINK_CUT

_MAX_WIDTH = 100  # wider than that, a line is laid out, not wrapped
_MIN_LINES = 8
_NEAR = 12  # a wrapped line ends this close to the width, or closer
_NEAR_SHARE = 0.25
_GAP = re.compile(r"\S {3,}\S")
_GAPPED_SHARE = 0.1
_OPENS = re.compile(r"^\s*(?:\(?\d{1,2}[A-Z]?\)?[.)]?\s|\(\w+\)|\||[-*\u2022]\s|Table\s+I|\*\*?\s*Signature|Explanation\s+of|"
                    r"Remarks\s*:|Reminder\s*:|Note\s*:)", re.IGNORECASE)
_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_AMOUNT = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\$\s?\d")


def wrap_width(lines: list[str]) -> int | None:
    """The width the text was wrapped at, or None when it was not wrapped."""
    lengths = [len(line.rstrip()) for line in lines if line.strip()]
    if len(lengths) < _MIN_LINES or "\t" in "".join(lines):
        return None
    width = max(lengths)
    if width > _MAX_WIDTH:
        return None
    near = sum(1 for n in lengths if n >= width - _NEAR)
    # columns set apart by spaces (a text browser's table) are laid out, not wrapped
    gapped = sum(1 for line in lines if _GAP.search(line.strip()))
    return width if near >= _NEAR_SHARE * len(lengths) and gapped < _GAPPED_SHARE * len(lengths) else None


def _opens_something(line: str) -> bool:
    """A line that starts a unit of its own: a row of values, a numbered label or note."""
    return bool(_OPENS.match(line)) or (bool(_DATE.search(line)) and bool(_AMOUNT.search(line)))


_ROW_END = "  "  # html2text ends each table row with a markdown line break
_MIN_ROWS = 5
_MAX_ROW_LINES = 30  # a row's lines at most (a long footnote's cell)


def join_broken_rows(lines: list[str]) -> list[str]:
    """Pipe-table rows that a wrap broke, joined back, where the text marks each row's end.

    html2text ends every table row with a markdown line break (two spaces) and wraps a long row
    over lines that end without one: "Series B ... Class B Common Stock(1)|" / "2,052,147| (4)|
    I| By ...  ". When pipe rows end so, a row's line without the break goes on with the
    lines below it, up to the one that has it (a blank line ends it too). The joined lines are
    left blank, so that the text keeps its line numbers."""
    if sum(1 for line in lines if "|" in line and line.endswith(_ROW_END) and line.strip("|-: ")) < _MIN_ROWS:
        return lines  # rows whose ends are not marked: nothing says where a row goes on
    out = list(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        if "|" not in line or line.endswith(_ROW_END) or not line.strip("|-: ") or LINK_CUT.search(line):
            i += 1  # (a link cut at the wrap is joined where links are read: see normalize)
            continue
        parts = [line.strip()]
        end = None
        j = i
        for j in range(i + 1, min(len(lines), i + _MAX_ROW_LINES)):
            if not lines[j].strip():
                break
            parts.append(lines[j].strip())
            if lines[j].endswith(_ROW_END):
                end = j
                break
        if end is None:
            i = max(i + 1, j)  # no row end within reach: nor for the lines read on the way (linear)
            continue
        out[i] = " ".join(parts) + _ROW_END
        for k in range(i + 1, end + 1):
            out[k] = ""
        i = end + 1
    return out


def unwrap(text: str) -> str:
    """``text`` with the lines its wrap broke joined back (the same number of lines)."""
    if "|" in text and text.count(_ROW_END + "\n") >= _MIN_ROWS:  # (cheap: most texts mark no row ends)
        split = text.split("\n")
        lines = join_broken_rows(split)
        if lines is not split:
            text = "\n".join(lines)
    lines = text.split("\n")
    width = wrap_width(lines)
    if width is None:
        return text
    out = list(lines)
    joined: dict[int, list[str]] = {}  # a line: the lines joined onto it (joined once, at the end)
    target = None  # the line the current one would join
    for i, line in enumerate(lines):
        words = line.split()
        if not words:
            target = None
            continue
        if target is not None and not _opens_something(line):
            previous = lines[i - 1].rstrip()
            if len(previous) + 1 + len(words[0]) > width:
                joined.setdefault(target, [out[target].rstrip()]).append(line.strip())
                out[i] = ""
                continue
        target = i
    for k, parts in joined.items():
        out[k] = " ".join(parts)
    return "\n".join(out)
