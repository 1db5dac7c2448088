"""Which converter made the text: a layout id, sniffed from the text alone (never a file name).

The ids are the ones the grammar's regions are tested under: ``markup`` (HTML-flavoured
markdown, like seed 001), ``markdown`` (pipe tables), ``tsv`` (OCR words rebuilt into
TAB-separated cells, like seeds 000 and 002), ``layout`` (columns aligned with spaces),
``ocr`` (plain OCR text: a row's cells one space apart) and ``stream`` (one cell a line, in
reading order). A markdown text's rows may lack their outer pipes (html2text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Two patterns, each led by its own literal: the regex engine finds a literal at C speed, but
# tests each character against a class (a pattern led by "<" or "*" is one) ten times slower.
# A bold mark counts only with its closing mark on the same line ("**Remarks:**"): a lone "**"
# is the form's own footnote sign ("** Signature of Reporting Person"), which any text keeps.
_MARKUP = (re.compile(r"<(?:b|sup|input)\b"), re.compile(r"\*\*[A-Z][^*\n]{0,200}\*\*"))
_PIPE_ROW = re.compile(r"\|(?<![^\n]\|).*\|\s*$", re.MULTILINE)  # "|" first on its line: led by a literal
# A markdown table's rule under its heading ("---|---", "| --- | :---: |"): led by its dashes.
_PIPE_RULE = re.compile(r"-{3}(?<![^\s|:]-{3})[-:]*[ \t]*\|[-:| \t]*$", re.MULTILINE)
# Each of these counts lines of the text's lines joined by "\n": a match runs on to its line's
# end, so that a line counts once. Each opens with a literal (a gap's spaces, a date's "/") or
# one of a few (a box label's lower-case first letters), which the regex engine scans for
# without trying the whole pattern at every character.
_WIDE_GAP = re.compile(r"   (?<=\S   ) *\S[^\n]*")
# OCR keeps boxes side by side on one line and a table row's values on one line; plain
# pdftotext (stream) puts each label and each value on a line of its own.
_SPACE = r"[^\S\n]+"
_BOX = (f"(?:name{_SPACE}and{_SPACE}address|issuer{_SPACE}name|relationship{_SPACE}of{_SPACE}reporting|"
        f"date{_SPACE}of{_SPACE}earliest|if{_SPACE}amendment|individual{_SPACE}or{_SPACE}joint|date{_SPACE}of{_SPACE}event)")
_TWO_BOXES = re.compile(f"{_BOX}[^\\n]*?{_BOX}[^\\n]*")  # on the lower-cased lines
# The word each alternative of _BOX holds: a line holds two box labels only if it holds two of
# these, and str.find looks for a word faster than the regex engine looks for _BOX, whose
# first letters are among the commonest.
_BOX_WORDS = ("address", "issuer", "relationship", "earliest", "amendment", "joint", "event")
_ROW = re.compile(r"/(?<=\d/)\d{1,2}/\d{2,4}\S*[^\S\n]+\S+[^\S\n]+\S*\d[^\n]*")  # a date, a code, a number

_END_MARK = re.compile(r"\(\d{1,2}\)(?=\s*$)")  # a value's own footnote mark, last on its line
_TAB_BEFORE_TEXT = re.compile(r"\t[^\t]")


def _cell_tab(line: str) -> bool:
    """Whether a TAB stands between cells: one followed by text that is not a last footnote
    mark of the line ("\t3,090\t(1)"). A regex that looked for the mark after each TAB read
    the white space after it to its end, in quadratic time on a long run of TABs."""
    mark = _END_MARK.search(line)
    if mark is None:
        return _TAB_BEFORE_TEXT.search(line) is not None
    # (the text before the mark's white space ends in a character that is no TAB, so a TAB
    # in it is followed by text; a TAB among those after the mark may be too)
    return "\t" in line[: mark.start()].rstrip() or _TAB_BEFORE_TEXT.search(line, mark.end()) is not None

LAYOUTS = ("markup", "markdown", "tsv", "layout", "ocr", "stream")
# Layouts whose table rows stand on one line with their cells one space apart.
SPACED_LAYOUTS = frozenset({"ocr"})
# Layouts of pipe tables: a line with a pipe is a row, outer pipes or none.
PIPE_LAYOUTS = frozenset({"markdown"})
# Layouts whose cells are separated by runs of spaces rather than TABs or pipes.
GAP_LAYOUTS = frozenset({"layout"})
# Layouts that come from OCR: a "|" between cells is a ruled line, not text.
OCR_LAYOUTS = frozenset({"tsv", "ocr"})


# In the order detect_layout tries them.
LAYOUT_DESCRIPTIONS = {
    "markdown": "a markdown converter's pipe tables",
    "markup": "HTML-flavoured markdown (<b>, <sup>, checkbox inputs), like seed 001",
    "tsv": "OCR words rebuilt into TAB-separated cells, like seeds 000 and 002",
    "layout": "pdftotext -layout: columns aligned with runs of spaces",
    "ocr": "plain OCR text: boxes side by side, a row's cells one space apart",
    "stream": "plain pdftotext: one cell a line, in reading order (also the fallback)",
}


@dataclass(frozen=True)
class LayoutTest:
    """One layout's test on a text: whether it passes, how strongly, and why."""

    layout: str
    passed: bool
    score: float  # the measured share or count, against ``threshold``
    threshold: float
    evidence: str


def layout_tests(raw: str) -> Iterator[LayoutTest]:
    """Every layout's test, in the order ``detect_layout`` tries them (the first that passes
    wins). A generator, so that detection measures no more than it needs."""
    lines = [line for line in raw.splitlines() if line and not line.isspace()]
    joined = "\n".join(lines)
    n = max(len(lines), 1)
    pipe_rows = len(_PIPE_ROW.findall(raw))
    rules = len(_PIPE_RULE.findall(raw)) if "-|" in raw or "- |" in raw else 0
    # Rows without outer pipes (html2text) count where the text has the rules of pipe tables.
    rows = sum(1 for line in lines if "|" in line) if rules >= 2 else pipe_rows
    # (Prose between the tables, long footnotes, can outnumber the rows; two rules of pipe
    # tables are evidence enough then.)
    yield LayoutTest("markdown", rows >= 5 and (rows >= len(lines) // 4 or rules >= 2), rows / n, 0.25,
                     f"{rows} of {len(lines)} lines are pipe-table rows, {rules} rules (needs 5, and a quarter or 2 rules)")
    # A TAB between cells, not at a line's ends, nor before a value's own footnote mark: a
    # text of one cell a line may wrap every cell in TABs ("\t3,090\t(1)\t").
    # (A fifth of the lines, as for gaps: a converter that writes a TAB around each inline
    # mark, "\tsee\t Instruction", leaves such a TAB on a few lines of prose.)
    tabbed = sum(1 for line in lines if "\t" in line and _cell_tab(line.strip(" \t")))
    # (read on the lines without their indent: the regex engine tries each space of an indent;
    # a text with no three spaces anywhere has no gap to look for)
    gapped = len(_WIDE_GAP.findall("\n".join(line.strip() for line in lines))) if "   " in joined else 0
    spaced = gapped >= max(1, len(lines) // 5)
    markup = sum(len(pattern.findall(raw)) for pattern in _MARKUP)
    # Markup marks values, not cells: a text whose columns stand apart by spaces, with no TAB
    # between its cells (pandoc's tables, with their **bold**), is read by its columns.
    cells_by_space = spaced and tabbed < max(5, len(lines) // 5)
    yield LayoutTest("markup", markup > 0 and not cells_by_space, float(markup), 1,
                     f"{markup} markup tags (<b>, <sup>, <input>, **bold**) (needs 1, and cells not set apart by "
                     "spaces alone)")
    yield LayoutTest("tsv", tabbed >= max(5, len(lines) // 5), tabbed / n, 0.2,
                     f"{tabbed} of {len(lines)} lines hold a TAB between cells (needs 5 and a fifth)")
    yield LayoutTest("layout", spaced, gapped / n, 0.2,
                     f"{gapped} of {len(lines)} lines have a gap of 3+ spaces (needs a fifth)")
    side_by_side = _two_box_lines(joined.lower())
    rows = len(_ROW.findall(joined))
    if side_by_side == 0 and rows < 2:  # (read only when the rows with dates do not settle it)
        rows += _holding_lines(joined)
    yield LayoutTest("ocr", side_by_side > 0 or rows >= 2, float(side_by_side + rows), 1,
                     f"{side_by_side} lines hold two box labels, {rows} hold a row's values (a date, code and "
                     "number, or a title, an amount and D or I) (needs one box line or two rows)")
    yield LayoutTest("stream", True, 1.0, 0, "the fallback: one cell a line")


_AMOUNT_WORD = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_THOUSANDS = re.compile(r"\d,\d{3}")
_HOLDING_SCAN = 2000  # amounts read at most, on lines of at most _HOLDING_WIDTH characters
_HOLDING_WIDTH = 400


def _holding_lines(joined: str) -> int:
    """Lines that hold a holding's row on one line, its cells one space apart: words, then an
    amount, then D or I ("Common Stock ^(1) Class B Common Stock 1,232,186 ^(1) I By"), as a
    text that flattens a table's rows writes them (a Form 3 has no transaction row to show it).
    Only the lines that hold an amount are read (found by the regex engine at C speed)."""
    found = 0
    seen = -1
    for k, hit in enumerate(_THOUSANDS.finditer(joined)):
        if k >= _HOLDING_SCAN:
            break
        start = joined.rfind("\n", 0, hit.start()) + 1
        if start <= seen:
            continue  # a line read already
        end = joined.find("\n", hit.end())
        end = len(joined) if end < 0 else end
        seen = start
        if end - start > _HOLDING_WIDTH:
            continue
        words = joined[start:end].split()
        if len(words) < 4 or not words[0][:2].isalpha():
            continue  # a title of words ("V 2,020,000 D" is the V column's heading over values)
        amount = next((i for i, w in enumerate(words) if _AMOUNT_WORD.fullmatch(w)), None)
        if amount is not None and amount > 1 and any(w in ("D", "I") for w in words[amount + 1 :]):
            found += 1
    return found


def _two_box_lines(lowered: str) -> int:
    """``len(_TWO_BOXES.findall(lowered))``: the lines that hold two box labels (a match runs to
    its line's end, so a line counts once), read only on the lines that hold two of
    ``_BOX_WORDS`` (each match holds one in each of its two labels)."""
    found: dict[int, int] = {}  # a line's start: how many box words it holds
    for word in _BOX_WORDS:
        at = lowered.find(word)
        while at >= 0:
            start = lowered.rfind("\n", 0, at) + 1
            found[start] = found.get(start, 0) + 1
            at = lowered.find(word, at + len(word))
    count = 0
    for start, words in found.items():
        if words >= 2:
            end = lowered.find("\n", start)
            count += _TWO_BOXES.search(lowered, start, end if end >= 0 else len(lowered)) is not None
    return count


def detect_layout(raw: str) -> str:
    """The layout id of ``raw``: the first layout whose test passes (see ``layout_tests``)."""
    return next(test.layout for test in layout_tests(raw) if test.passed)


# The SEC's 2002 stylesheet prints these; EDGAR's current one does not. ("Reporting Owners" is
# the heading of a line of its own, which detect_stylesheet checks after it.) Each is looked
# for in the lower-cased text, led by a literal, which the regex engine finds at C speed.
_SEC2002 = tuple(re.compile(pattern) for pattern in (
    r"\(print or type responses\)", r"sec\s+1474\s*\(9-02\)", r"potential\s+persons\s+who\s+are\s+to\s+respond"))
_SEC2002_HEADING = re.compile(r"reporting\s+owners[^\w\n]*$", re.MULTILINE)
# A dotless i and a long s are an i and an s to IGNORECASE, not to lower(); and lower() makes
# a dotted capital I two characters, which would move every place after it. A text with any
# of them is read case-blind by the regex engine instead.
_FOLDED_APART = ("\u0131", "\u017f")
_WORD = re.compile(r"\w")


def detect_stylesheet(raw: str) -> str:
    """Which rendering of the form the text came from: "sec2002" (the SEC's 2002 stylesheet) or
    "edgar" (EDGAR's current one). They differ in details such as how two street lines join."""
    lowered = raw.lower()
    if len(lowered) != len(raw) or any(char in raw for char in _FOLDED_APART):
        lowered = raw  # read case-blind instead (positions must stay the raw text's)
        phrases = tuple(re.compile(p.pattern, re.IGNORECASE) for p in _SEC2002)
        heading = re.compile(_SEC2002_HEADING.pattern, re.IGNORECASE | re.MULTILINE)
    else:
        phrases, heading = _SEC2002, _SEC2002_HEADING
    if any(pattern.search(lowered) for pattern in phrases):
        return "sec2002"
    for found in heading.finditer(lowered):
        if not _WORD.search(raw, raw.rfind("\n", 0, found.start()) + 1, found.start()):
            return "sec2002"
    return "edgar"
