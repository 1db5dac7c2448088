"""Which converter made the text: a layout id, sniffed from the text alone (never a file name).

The ids are the ones the grammar's regions are tested under: ``markup`` (HTML-flavoured
markdown, like seed 001), ``markdown`` (pipe tables), ``tsv`` (OCR words rebuilt into
TAB-separated cells, like seeds 000 and 002), ``layout`` (columns aligned with spaces),
``ocr`` (plain OCR text: a row's cells one space apart) and ``stream`` (one cell a line, in
reading order).
"""

from __future__ import annotations

import re

_MARKUP = re.compile(r"<(?:b|sup|input)\b|\*\*[A-Z]")
_PIPE_ROW = re.compile(r"^\|.*\|\s*$", re.MULTILINE)
_WIDE_GAP = re.compile(r"\S {3,}\S")
# OCR keeps boxes side by side on one line and a table row's values on one line; plain
# pdftotext (stream) puts each label and each value on a line of its own.
_BOX = re.compile(r"Name\s+and\s+Address|Issuer\s+Name|Relationship\s+of\s+Reporting|Date\s+of\s+Earliest|"
                  r"If\s+Amendment|Individual\s+or\s+Joint|Date\s+of\s+Event", re.IGNORECASE)
_ROW = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}\S*\s+\S+\s+\S*\d")

LAYOUTS = ("markup", "markdown", "tsv", "layout", "ocr", "stream")
# Layouts whose table rows stand on one line with their cells one space apart.
SPACED_LAYOUTS = frozenset({"ocr"})
# Layouts whose cells are separated by runs of spaces rather than TABs or pipes.
GAP_LAYOUTS = frozenset({"layout"})
# Layouts that come from OCR: a "|" between cells is a ruled line, not text.
OCR_LAYOUTS = frozenset({"tsv", "ocr"})


def detect_layout(raw: str) -> str:
    lines = [line for line in raw.splitlines() if line.strip()]
    if not lines:
        return "stream"
    pipe_rows = len(_PIPE_ROW.findall(raw))
    if pipe_rows >= 5 and pipe_rows >= len(lines) // 4:
        return "markdown"
    if _MARKUP.search(raw):
        return "markup"
    tabbed = sum(1 for line in lines if "\t" in line)
    if tabbed >= 5:
        return "tsv"
    gapped = sum(1 for line in lines if _WIDE_GAP.search(line))
    if gapped >= len(lines) // 5:
        return "layout"
    side_by_side = sum(1 for line in lines if len(_BOX.findall(line)) >= 2)
    rows = sum(1 for line in lines if _ROW.search(line))
    if side_by_side or rows >= 2:
        return "ocr"
    return "stream"


# The SEC's 2002 stylesheet prints these; EDGAR's current one does not.
_SEC2002 = re.compile(r"\(Print or Type Responses\)|SEC\s+1474\s*\(9-02\)|^\W*Reporting\s+Owners\W*$|"
                      r"Potential\s+persons\s+who\s+are\s+to\s+respond", re.IGNORECASE | re.MULTILINE)


def detect_stylesheet(raw: str) -> str:
    """Which rendering of the form the text came from: "sec2002" (the SEC's 2002 stylesheet) or
    "edgar" (EDGAR's current one). They differ in details such as how two street lines join."""
    return "sec2002" if _SEC2002.search(raw) else "edgar"
