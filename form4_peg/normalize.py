"""Text in, text out: one pass that makes every converter's output look alike to the grammar.

Normalisation never adds or removes a line, so a line number in the normalised text is a line
number in the input. Within a line it keeps a map from each output column back to the input
column, so a value can point at the raw text it came from; where it can, it rewrites a
character for a character (a layout gap, a markdown row's pipes), so that the line needs no
map at all.

What it rewrites:
- line ends (CRLF, CR) to LF; a byte-order mark and zero-width characters away;
- HTML and markdown markup: ``<b>``, ``<u>``, ``**bold**``, links, entities, escapes (``\\$``);
- footnote marks in every form (``<sup>(1)</sup>``, ``⁽¹⁾``, ``¹``, ``^(1)``, ``[1]`` after a value)
  to `` (1)``;
- checkbox markup (``<input checked ... type="checkbox"/>``) to ☒, an unticked one to ☐;
- stray LaTeX (``$\\frac{1}{2}...$``) that OCR engines invent, to nothing;
- control characters (binary junk) and the rarer Unicode spaces to spaces: no terminal takes them;
- markdown table rows to TAB-separated cells (with ``pipes``, rows without outer pipes too, as
  html2text writes them); ``_italic_`` marks away; a row break inside a flattened nested table to
  ``ROW_BREAK`` (a vertical tab), since a line may not be added;
- with ``gaps`` (text laid out with spaces), the first space of each gap to a TAB; with ``bars``
  (OCR text), a ruled line read as "|" to a TAB.
"""

from __future__ import annotations

import functools
import html
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from operator import itemgetter

CHECKED = "\u2612"
UNCHECKED = "\u2610"

_SUPERSCRIPT_DIGITS = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789")

# One alternation, scanned once per line; each branch names the rewrite it asks for. Every
# branch starts with one of the characters in _TRIGGERS, and the pattern opens with a lookahead
# on that class: the regex engine then tries the branches only where one could match, not at
# every character (twenty times faster on real text). A lookbehind stands after a branch's
# first character for the same reason.
_TRIGGERS = (
    "#$<\\[\\\\*&_^{"
    "\u207d\u00b9\u00b2\u00b3\u2070\u2074-\u2079"  # superscript marks
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\f"  # zero-width
    "\u00a0\u2007\u202f"  # no-break spaces
    "\x00-\x08\x0e-\x1f\x7f-\x9f\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000"  # junk
    "\ufb00-\ufb04"  # ligatures
)
_RULES = re.compile(
    "(?=[" + _TRIGGERS + "])"
    r"""(?:
    (?P<heading>^\#{1,6}[ \t]+)                                        # markdown heading
  | (?P<latex>\$(?<!\\\$)[^$\n]*\\[^$\n]*(?<!\\)\$)                     # $\frac{1}{2}$ from OCR
  | (?P<checked><input\b[^>]*\bchecked\b[^>]*>)
  | (?P<unchecked><input\b[^>]*type="?checkbox"?[^>]*>)
  | (?P<sup><sup>\s*(?P<supbody>[^<]{0,12}?)\s*</sup>)
  | (?P<supmark>\u207d(?P<supdigits>[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+)\u207e)
  | (?P<supbare>[\u00b9\u00b2\u00b3\u2074-\u2079\u2070](?<=[\w)$%][\u00b9\u00b2\u00b3\u2074-\u2079\u2070])
                [\u00b9\u00b2\u00b3\u2074-\u2079\u2070]*)
  | (?P<caret>\^(?<=[\w)$%.]\^)\(?(?P<caretdigits>\d{1,2})\)?\^?(?![\w(]))   # 3,090^(1) as text browsers write <sup>
  | (?P<caretalone>\^(?<![^\s|]\^)\((?P<caretalonedigits>\d{1,2})\)(?!\w))   # ^(1) alone: a cell that holds only its raised mark
  | (?P<caretstar>\^(?<![^\w\s|]\^)(?:(?P<stars>(?:\\?\*){1,2})|\((?P<pstars>(?:\\?\*){1,2})\))\^?)  # Person^*, ^(*), ^\*^, ^(**): a raised "*" or "**"
  | (?P<bracket>\[(?<=[\w)$%.]\[)(?P<bracketdigits>\d{1,2})\](?![\w(]))         # 3,090[1]
  | (?P<tag></?(?:b|u|i|em|strong|span|font|p|div|br|sub|small|big|center)\b[^>]*>)
  | (?P<link>\[(?P<linktext>[^\]\n]*)\]\([^)\s]*\))
  | (?P<linkcut>\[(?P<cuttext>[^\]\n]*)\]\([^)\s]*[ \t]*$)                 # its address goes on below
  | (?P<escape>\\(?P<escaped>[$*_#|\[\]()`~>+\-.!\\"']))
  | (?P<hardbreak>\\(?<=\S\\)(?=[ \t]|$))                                 # pandoc's line break: "THIEL PETER\"
  | (?P<bold>\*\*(?=\S)|\*\*(?<=\S\*\*))                             # not __: "__X__" is a tick
  | (?P<starred>\*(?<![\w*]\*)(?=[^\s*])(?P<starredtext>[^*\n]{1,200}?)(?<=[^\s*])\*(?![\w*]))  # *FORM 4*: asciidoc's bold, markdown's italic
  | (?P<italic>_(?<![\w_]_)(?=[^\s_])(?P<italictext>[^_\n]{1,200}?)(?<=[^\s_])_(?![\w_]))  # _See_; not __X__
  | (?P<entity>&(?:[a-zA-Z]{2,8}|\#\d{1,5}|\#x[0-9a-fA-F]{1,4});)
  | (?P<zerowidth>[\u200b\u200c\u200d\u2060\ufeff\u00ad\f])                      # \f: pdftotext's page break
  | (?P<nbsp>[\u00a0\u2007\u202f])
  | (?P<attribute>\{(?P<attributename>empty|blank|zwsp|nbsp|sp)\})               # asciidoc's {empty}: "{empty}1. The option ..."
  | (?P<control>[\x00-\x08\x0e-\x1f\x7f-\x9f\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000])  # junk, odd spaces
  | (?P<ligature>[\ufb00-\ufb04])
    )""",
    re.VERBOSE,
)

# The triggers alone, as a class the regex engine scans a line for at C speed (it cannot for a
# pattern that opens with a lookahead): most lines hold none, and need no search of _RULES.
_TRIGGER = re.compile("[" + _TRIGGERS + "]")

_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}


def _replacement(match: re.Match[str]) -> str:
    kind = match.lastgroup
    if kind in ("latex", "tag", "zerowidth", "bold", "heading"):
        return ""
    if kind == "checked":
        return CHECKED + " "
    if kind == "unchecked":
        return UNCHECKED + " "
    if kind == "sup":
        body = match.group("supbody").strip()
        if re.fullmatch(r"\(?\d{1,2}\)?", body):
            return " (" + body.strip("()") + ")"
        return body
    if kind == "supmark":
        return " (" + match.group("supdigits").translate(_SUPERSCRIPT_DIGITS) + ")"
    if kind == "caretstar":
        return "*" * (match.group("stars") or match.group("pstars")).count("*")
    if kind in ("caret", "bracket"):
        return " (" + match.group(kind + "digits") + ")"
    if kind == "caretalone":
        return "(" + match.group("caretalonedigits") + ")"
    if kind == "supbare":
        return " (" + match.group(kind).translate(_SUPERSCRIPT_DIGITS) + ")"
    if kind in ("link", "linkcut"):  # the text of a link is markdown too: "[\\*](#*)" is "*"
        return re.sub(r"\\([$*_#|\[\]()`~>+\-.!\\])", r"\1", match.group("linktext" if kind == "link" else "cuttext"))
    if kind == "escape":
        return match.group("escaped")
    if kind == "italic":
        return match.group("italictext")
    if kind == "starred":
        return match.group("starredtext")
    if kind == "entity":
        return html.unescape(match.group(kind))
    if kind == "attribute":
        return " " if match.group("attributename") in ("nbsp", "sp") else ""
    if kind in ("nbsp", "control", "hardbreak"):
        return " "
    if kind == "ligature":
        return _LIGATURES[match.group(kind)]
    raise AssertionError(kind)  # pragma: no cover - every branch of _RULES is handled above


@dataclass(frozen=True)
class NormalizedText:
    """The normalised document: ``text`` has exactly the lines of ``raw``."""

    raw: str
    text: str
    lines: tuple[str, ...]
    raw_lines: tuple[str, ...]
    # For each changed line (0-based): where each normalised character's source starts and
    # ends in the raw line.
    column_maps: dict[int, LineMap] = field(default_factory=dict)

    def raw_column(self, line: int, column: int) -> int:
        """Map a 1-based (line, column) in ``text`` to the 1-based column in ``raw``."""
        maps = self.column_maps.get(line - 1)
        if maps is None:
            return column
        starts = maps._starts  # a tabulated line answers here: the readers ask by the hundred
        if starts is not None:
            return starts[min(max(column - 1, 0), maps.size - 1)] + 1
        return maps.raw_column(column)

    def raw_end_column(self, line: int, end_column: int) -> int:
        """Map an exclusive 1-based end column in ``text`` to the exclusive end in ``raw``."""
        maps = self.column_maps.get(line - 1)
        if maps is None or end_column <= 1:
            return end_column
        if maps._starts is not None:
            return maps._ends[min(end_column - 2, maps.size - 1)] + 1
        return maps.raw_end_column(end_column)

    def raw_snippet(self, line: int) -> str:
        if 1 <= line <= len(self.raw_lines):
            return self.raw_lines[line - 1]
        return ""


ROW_BREAK = "\x0b"


def _is_pipe_row(line: str) -> bool:
    """A markdown table row: a "|" first and another last, spaces aside. (String methods, not
    a regex: one steps back over every space of a layout line's indent before it fails.)"""
    text = line.strip()
    return len(text) > 1 and text[0] == "|" and text[-1] == "|"


# In a markdown table row: an inner pipe becomes a TAB (a cell boundary), the outer pipes and a
# "---" separator cell become spaces, and "| |" a row break (see ``_pipe_width``). An escaped
# pipe (\|) is text. (The lookahead on the characters a match can start with lets the regex
# engine pass over a cell's text.)
_PIPES = re.compile(
    r"(?=[\s|:\-])(?:(?P<rowbreak>[ ]?(?<![^\s|])(?<!\|[ ])(?<!\\)\|[ ](?<!\\)\|[ ]?)|(?P<edge>^\s*\|[ ]?|[ ]?(?<!\\)\|\s*$)|(?P<rule>(?<![^\s|]):?-{3,}:?(?![^\s|]))|(?P<cell>[ ]?(?<!\\)\|[ ]?))"
)
# The same, less the edge at the line's start, for the rest of a row after its first match:
# each branch opens with its own character, so the regex engine skips the text between pipes
# in C (where ``_PIPES`` would have taken the space before a pipe too, this leaves it: it stays
# a space either way).
_PIPES_ON = re.compile(
    r"\|(?<!\\\|)(?:(?P<rowbreak>(?<![^\s|]\|)(?<!\|[ ]\|)[ ]\|[ ]?)|(?P<edge>\s*$)|(?P<cell>[ ]?))"
    r"|:(?<![^\s|]:)(?P<rule>-{3,}:?(?![^\s|]))|-(?<![^\s|]-)(?P<dashes>-{2,}:?(?![^\s|]))"
)


def _pipe_width(match: re.Match[str]) -> str:
    """A match of ``_PIPES`` or ``_PIPES_ON`` rewritten at the same width, so that every
    character of a row keeps its column and the row needs no column map: a cell's pipe
    becomes a TAB, an edge or a rule spaces. A nested table flattened into one line ends a row
    with " | |" (one space; an empty cell is "|  |"): its first pipe becomes ROW_BREAK, a row
    break the grammar reads inside a line. A pipe right after a cell's text, or after the
    one space of an empty cell ("C| | | 16,840", html2text's empty cells), is no row break. (A match of ``_PIPES_ON``'s "dashes" is a rule.)"""
    kind, text = match.lastgroup, match.group()
    if kind == "cell":
        return text.replace("|", "\t")
    if kind == "rowbreak":
        return text.replace("|", ROW_BREAK, 1).replace("|", " ")
    return " " * len(text)


class _Rewrite:
    """One rewrite of a line, as the spans it replaced: output offset k maps back to the
    input offsets where its source starts and ends. Kept as spans, searched (``find``) for a
    line looked up a few times; the offset tables are written out, with C-speed ranges, for a
    line looked up often (see ``LineMap``), where an index is cheaper than a search."""

    __slots__ = ("_ends", "_starts", "ins", "made", "outs", "size", "taken")

    def __init__(self, outs: Sequence[int], ins: Sequence[int], taken: Sequence[int], made: Sequence[int],
                 size: int) -> None:
        self.outs = outs  # output offset where each replacement starts, ascending
        self.ins = ins  # input offset where it starts
        self.taken = taken  # input length it replaced
        self.made = made  # output length it wrote
        self.size = size  # output length + 1: offsets past it read as the last one
        self._starts: list[int] | None = None
        self._ends: list[int] = []

    def tables(self) -> tuple[list[int], list[int]]:
        """For each output offset, where its source starts and ends in the input (written out
        on first use): a replacement's characters all span what it replaced, and the
        characters between replacements map one to one."""
        if self._starts is None:
            self._write_tables()
        return self._starts, self._ends  # type: ignore[return-value]

    def _write_tables(self) -> None:
        starts: list[int] = []
        ends: list[int] = []
        last_out = last_in = 0
        for out, at, taken, made in zip(self.outs, self.ins, self.taken, self.made, strict=True):
            plain = out - last_out
            if plain:
                starts += range(last_in, last_in + plain)
                ends += range(last_in + 1, last_in + plain + 1)
            if made == 1:  # (a ruled line's TAB, a mark or an entity's character: the common case)
                starts.append(at)
                ends.append(at + taken)
            elif made:
                starts += [at] * made
                ends += [at + taken] * made
            last_out, last_in = out + made, at + taken
        plain = self.size - last_out
        starts.extend(range(last_in, last_in + plain))
        ends.extend(range(last_in + 1, last_in + plain + 1))
        self._starts, self._ends = starts, ends

    def find(self, k: int) -> tuple[int, int]:
        """``(start(k), end(k))`` by a search of the replacements, without the tables."""
        k = min(max(k, 0), self.size - 1)
        i = bisect_right(self.outs, k) - 1
        if i < 0:  # before the first replacement
            return k, k + 1
        out, made = self.outs[i], self.made[i]
        if k < out + made:  # inside replacement i
            return self.ins[i], self.ins[i] + self.taken[i]
        at = self.ins[i] + self.taken[i] + k - out - made  # plain text after it
        return at, at + 1


# A line map is searched until it has been looked up once for every this many characters of
# the line; then its tables are written. A long line looked up a few times (a footnote's
# start and end) is not tabulated; a table row, looked up for each of its cells, is.
_TABLE_AFTER = 16


class LineMap:
    """A normalised line's offsets mapped back to its raw line, through each rewrite it had.
    A lookup searches each rewrite's spans until the line has been looked up often for its
    length (``_TABLE_AFTER``); then the rewrites are composed into one offset table each way,
    and a lookup is an index, however many rewrites the line had."""

    __slots__ = ("_ends", "_lookups", "_starts", "size", "steps")

    def __init__(self, steps: tuple[_Rewrite, ...], size: int) -> None:
        self.steps = steps
        self.size = size  # offsets at or past it read as size - 1 (trailing spaces cut)
        self._starts: list[int] | None = None
        self._ends: list[int] = []
        self._lookups = 0

    def _compose(self) -> list[int]:
        """Where each offset below ``size`` starts and ends in the raw line, through every step:
        a later step's offsets index the earlier step's tables (an end maps from the character
        before it, as ``end`` did step by step)."""
        steps = self.steps
        size = self.size
        starts, ends = steps[-1].tables()  # (tables are only read: shared with the step when whole)
        if len(starts) != size:
            starts, ends = starts[:size], ends[:size]
        if len(starts) < size:  # offsets past the last step's output read as its last one
            starts += [starts[-1]] * (size - len(starts))
            ends += [ends[-1]] * (size - len(ends))
        for step in reversed(steps[:-1]):
            (before, before_ends), top = step.tables(), step.size - 1
            if len(starts) > 1 and max(starts) <= top and max(ends) <= top + 1:  # indexes all in range: gathered in C
                starts = list(itemgetter(*starts)(before))
                ends = list(itemgetter(*ends)([before_ends[0], *before_ends]))  # [k] is before_ends[k - 1]
            else:
                starts = [before[k if k < top else top] for k in starts]
                ends = [before_ends[k - 1 if k <= top else top] if k > 0 else before_ends[0] for k in ends]
        self._starts, self._ends = starts, ends
        return starts

    def _tabulated(self, lookups: int = 1) -> bool:
        """Whether to answer ``lookups`` more lookups from the tables (written now if it is
        time) rather than by searching the steps."""
        if self._starts is None:
            self._lookups += lookups
            if self._lookups * _TABLE_AFTER < self.size:
                return False
            self._compose()
        return True

    def start(self, k: int) -> int:
        k = min(max(k, 0), self.size - 1)
        return self._starts[k] if self._tabulated() else self._search_start(k)  # type: ignore[index]

    def end(self, k: int) -> int:
        k = min(max(k, 0), self.size - 1)
        return self._ends[k] if self._tabulated() else self._search_end(k)

    def _search_start(self, k: int) -> int:
        for step in reversed(self.steps):
            k = step.find(k)[0]
        return k

    def _search_end(self, k: int) -> int:
        steps = self.steps
        k = steps[-1].find(k)[1]
        for step in reversed(steps[:-1]):
            k = step.find(k - 1)[1]
        return k

    def raw_column(self, column: int) -> int:
        """A 1-based column of the normalised line as the 1-based column of the raw line."""
        return self.start(column - 1) + 1

    def raw_end_column(self, end_column: int) -> int:
        """An exclusive 1-based end column of the normalised line as the raw line's."""
        return self.end(end_column - 2) + 1 if end_column > 1 else end_column

    def raw_spans(self, spans: list[list[int]]) -> list[tuple[int, int]]:
        """``(raw_column(start), raw_end_column(end))`` of each [start, end) of 1-based columns:
        the cells of a line, mapped in one call."""
        top = self.size - 1
        if not self._tabulated(2 * len(spans)):
            search_start, search_end = self._search_start, self._search_end
            return [(search_start(min(max(start - 1, 0), top)) + 1,
                     search_end(min(max(end - 2, 0), top)) + 1 if end > 1 else end) for start, end in spans]
        starts, ends = self._starts, self._ends
        return [(starts[min(max(start - 1, 0), top)] + 1, ends[min(max(end - 2, 0), top)] + 1 if end > 1 else end)
                for start, end in spans]

    def frozen(self) -> tuple:
        """This map as plain data, which ``thawed`` makes a map again: each rewrite's spans as
        tuples, and the size."""
        return tuple((tuple(s.outs), tuple(s.ins), tuple(s.taken), tuple(s.made), s.size) for s in self.steps), self.size

    @staticmethod
    def thawed(frozen: tuple) -> LineMap:
        steps, size = frozen
        return LineMap(tuple(_Rewrite(*step) for step in steps), size)

    def then(self, later: LineMap) -> LineMap:
        """This map followed by ``later`` (a rewrite of this map's output)."""
        return LineMap(self.steps + later.steps, later.size)

    def cut(self, length: int) -> LineMap:
        """The same map for the line cut to ``length`` characters."""
        return LineMap(self.steps, length + 1)


def _apply(line: str, matches, replace) -> tuple[str, LineMap]:
    """Rewrite ``line``: each of ``matches`` (in order, apart) replaced by ``replace(match)``,
    or by ``replace`` itself when it is a string (a ruled line's TAB: no call a match).
    Each output character maps back to where its source starts and ends (a replacement's
    characters all span what it replaced)."""
    pieces: list[str] = []
    outs: list[int] = []
    ins: list[int] = []
    taken: list[int] = []
    made: list[int] = []
    last = 0
    out = 0
    fixed = replace if isinstance(replace, str) else None
    for match in matches:
        start, end = match.span()
        pieces.append(line[last:start])
        out += start - last
        new = fixed if fixed is not None else replace(match)
        pieces.append(new)
        outs.append(out)
        ins.append(start)
        taken.append(end - start)
        made.append(len(new))
        out += len(new)
        last = end
    pieces.append(line[last:])
    out += len(line) - last
    return "".join(pieces), LineMap((_Rewrite(outs, ins, taken, made, out + 1),), out + 1)


def _pipe_row(line: str) -> tuple[str, LineMap | None]:
    """A markdown row's pipes made cell boundaries: ``_PIPES.sub(_pipe_width, line)``, save
    that the pipe that opens the row goes, with the indent before it and the space after it,
    so that a label in the row's first cell ("1. Name and Address ...", a footnote's "(1)")
    stands at the start of the line as it would in a line of its own. The line's map is that
    one shift; every other character keeps its column. (The rest of the row is matched with
    ``_PIPES_ON``, in a fraction of the time: ``_PIPES`` opens with a test that the regex engine
    runs at each character, and a flattened nested table makes rows of thousands. It runs on
    the line from the end of the first match, so that its lookbehinds see the characters
    before. ``tests/test_normalize.py`` holds the two to the same result.)"""
    first = _PIPES.match(line)
    if first is None:
        return _PIPES.sub(_pipe_width, line), None
    parts, last = [], first.end()
    for match in _PIPES_ON.finditer(line, last):  # from the first match on, its lookbehinds seeing it
        parts.append(line[last:match.start()])
        parts.append(_pipe_width(match))
        last = match.end()
    parts.append(line[last:])
    rest = "".join(parts)
    if first.lastgroup != "edge":
        return _pipe_width(first) + rest, None
    size = len(rest) + 1
    return rest, LineMap((_Rewrite([0], [0], [first.end()], [0], size),), size)


# Columns aligned with spaces (pdftotext -layout): a gap of two or more spaces between words is
# a cell boundary. Its first space becomes the TAB and the rest stay, so that every character
# keeps its column: such a line needs no column map, and a cell's column is where it stands on
# the page. (The pattern opens with its space, so that the regex engine looks for it in C.)
_GAP_START = re.compile(r" (?<=\S )(?= +\S)")


# In OCR text, a ruled line read as "|" is a cell boundary, with or without spaces beside it
# ("D |180.7115|14,872"), and so is a "}" or "]" between two numbers ("182.2804}3,255").
# (The spaces before a bar are matched from the first of them only: from each space of a long
# run with no bar after it, the search was quadratic.)
_BAR = re.compile(r"(?<![ \t])[ \t]+\|[ \t]*|\|[ \t]*|(?<=\d)[}\]](?=\d)")


# A numbered label a converter ran into the block before it ("(Print or Type Responses)1. Name
# and Address ..."): a space makes it a word of its own. (Led by its literal ")", which the
# regex engine finds in C; kept out of _RULES, whose triggers would make every line with a ")"
# a line to rewrite.)
_GLUED = re.compile(r"\)(?=\d{1,2}[A-Z]?\.\s*[A-Z][a-z])")


def _rewrite_once(line: str, gaps: bool, bars: bool, plain: bool = False,
                  pipes: bool = False) -> tuple[str, LineMap | None, bool]:
    """One pass over a line: its text, map, and whether it is settled (a pass more would change
    nothing). Settled is only claimed for a line whose gaps or ruled lines became TABs and that
    has no markup and no trailing space: making TABs uncovers nothing for a later pass.
    ``plain``: the line is known to hold no trigger character (see ``_plain_lines``). With
    ``pipes`` (a text of pipe tables), a line with a pipe anywhere is a row, with or without
    its outer pipes (html2text writes none)."""
    maps: LineMap | None = None
    settled = False
    if not bars and (_is_pipe_row(line) or pipes and "|" in line):
        line, maps = _pipe_row(line)
    elif gaps and "  " in line.strip():
        line = _GAP_START.sub("\t", line)  # (one character for one: no map)
        settled = True
    elif bars and ("|" in line or "}" in line or "]" in line) and _BAR.search(line):
        line, maps = _apply(line, _BAR.finditer(line), "\t")
        settled = True
    if ")" in line and _GLUED.search(line):
        line, glued_maps = _apply(line, _GLUED.finditer(line), ") ")
        maps = glued_maps if maps is None else maps.then(glued_maps)
        settled = False
    trigger = None if plain else _TRIGGER.search(line)
    first = _RULES.search(line, trigger.start()) if trigger else None
    if first:
        line, markup_maps = _apply(line, _markup_matches(line, first), _replacement)
        maps = markup_maps if maps is None else maps.then(markup_maps)
        settled = False
    stripped = line.rstrip(" ")
    return stripped, maps, settled and len(stripped) == len(line)


def _markup_matches(line: str, first: re.Match[str]):
    """``_RULES.finditer(line)`` from its first match, ``first``: every match starts at a trigger
    character, so the rest are tried only there, found by a scan for the class of triggers
    (``_RULES`` opens with a lookahead that the regex engine runs at every character, and a
    flattened markdown table makes lines of thousands). ``tests/test_normalize.py`` holds the
    two to the same matches."""
    yield first
    last = first.end()
    for trigger in _TRIGGER.finditer(line, last):
        if trigger.start() >= last:
            found = _RULES.match(line, trigger.start())
            if found:
                yield found
                last = found.end()


# Rewriting can uncover more to rewrite: "\*\*" unescaped is a bold mark, "&amp;lt;" an entity
# again, a no-break space beside a space a gap. So a line is rewritten until it stays as it is,
# which makes normalize idempotent; a few passes settle any real text, and the cap bounds a
# pathological one.
_MAX_PASSES = 12


def _rewrite_line(line: str, gaps: bool = False, bars: bool = False, plain: bool = False,
                  pipes: bool = False) -> tuple[str, LineMap | None]:
    """The line rewritten until it settles, and its map (None: every character kept its
    column). A line up to ``_MEMO_LONGEST`` characters is looked up in a cache first: the
    printed form's labels and headings come out of a converter alike in filing after filing
    (seven lines in ten of a markdown or OCR text on the dev corpus). The cache holds plain
    strings and tuples, and each hit gets a map of its own (``LineMap.thawed``): a map
    counts its lookups and writes its tables on one document's behalf."""
    if len(line) > _MEMO_LONGEST:
        return _rewrite_settled(line, gaps, bars, plain, pipes)
    new, frozen = _rewrite_memo(line, gaps, bars, plain, pipes)
    return new, (LineMap.thawed(frozen) if frozen is not None else None)


_MEMO_LONGEST = 400  # characters: longer lines (a flattened nested table) rarely recur


@functools.lru_cache(maxsize=8192)
def _rewrite_memo(line: str, gaps: bool, bars: bool, plain: bool, pipes: bool) -> tuple[str, tuple | None]:
    """``_rewrite_line`` with its map as plain data (``LineMap.frozen``). Bounded, so a batch's
    memory is too; tuples of strings and numbers, which the garbage collector stops tracking."""
    new, maps = _rewrite_settled(line, gaps, bars, plain, pipes)
    return new, (maps.frozen() if maps is not None else None)


def _rewrite_settled(line: str, gaps: bool, bars: bool, plain: bool, pipes: bool = False) -> tuple[str, LineMap | None]:
    maps: LineMap | None = None
    for _ in range(_MAX_PASSES):  # (a plain line stays plain: pipes, gaps and bars become TABs)
        new, step, settled = _rewrite_once(line, gaps, bars, plain, pipes)
        if new == line:
            break
        if step is not None:
            maps = step if maps is None else maps.then(step)
        elif maps is not None:  # only trailing spaces went: the kept characters map as before
            maps = maps.cut(len(new))
        line = new
        if settled:
            break
    return line, maps


def _plain_lines(raw: str, lines: list[str]) -> list[bool] | None:
    """Whether each line holds no trigger character (no markup, mark, junk or odd space to
    rewrite), found in one pass over the whole text: scanning each line for the class of
    triggers costs more than the rest of a plain line's normalisation. None where that pass
    does not apply (a text with a character outside ASCII, or a CR): each line is scanned."""
    if not raw.isascii() or "\r" in raw:
        return None
    marked = raw.encode("ascii").translate(_TRIGGER_BYTES)  # every trigger a NUL, all else not
    plain = [True] * len(lines)
    starts = list(accumulate((len(line) + 1 for line in lines), initial=0))
    found = marked.find(0)
    while found >= 0:
        index = bisect_right(starts, found) - 1
        plain[index] = False
        found = marked.find(0, starts[index + 1])
    return plain


# ASCII bytes as _plain_lines marks them: a trigger as NUL, any other as "." (NUL is a trigger).
_TRIGGER_BYTES = bytes(0 if _TRIGGER.match(chr(code)) else ord(".") for code in range(128)) + bytes(128)


def _stays(line: str, gaps: bool, bars: bool) -> bool:
    """Whether a plain line (no trigger character) is left as it is, told by string tests
    alone: no pipe (a markdown row or a ruled line), no closing bracket between cells for
    ``bars``, no gap for ``gaps``, and no trailing space. (Most lines of most texts: a stream
    text has four hundred.)"""
    return (not line.endswith(" ") and "|" not in line and not (bars and ("}" in line or "]" in line))
            and not (gaps and "  " in line.strip()))


# A link whose address a converter wrapped onto the next line (html2text wraps at 78
# characters, links too): the line keeps its text, and the address's end, which opens the next
# line ("bin/browse-edgar?action=getcompany&CIK=0001242615)"), becomes spaces.
LINK_CUT = re.compile(r"\]\([^)\s]*[ \t]*$")
_LINK_TAIL = re.compile(r"^[^\s()\[\]]*[/?=&][^\s()\[\]]*\)")


def split_lines(raw: str) -> list[str]:
    """Split on CRLF, CR or LF alone, as editors count lines. (String methods, not a regex: a
    regex that opens with a class of characters is scanned for ten times slower.)"""
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    return raw.split("\n")


def normalize(raw: str, *, gaps: bool = False, bars: bool = False, pipes: bool = False) -> NormalizedText:
    """Normalise ``raw``; the result has as many lines as ``raw`` has.

    With ``gaps``, the first space of a run of two or more between words becomes a TAB: the
    cell boundary of text whose columns are aligned with spaces. The rest of the run stays, and
    so do leading spaces: every character keeps its column, and a cell's column is where it
    stands on the page. With ``bars`` (OCR text), a "|" standing between cells, where OCR read
    a ruled line, becomes a TAB. With ``pipes`` (text of pipe tables), any line with a pipe is a
    table row, whether or not the converter wrote its outer pipes.
    """
    raw_lines = split_lines(raw)
    plain = _plain_lines(raw, raw_lines)
    out_lines: list[str] = []
    maps: dict[int, LineMap] = {}
    for index, line in enumerate(raw_lines):
        if index and "](" in raw_lines[index - 1] and LINK_CUT.search(raw_lines[index - 1]):
            line = _LINK_TAIL.sub(lambda m: " " * len(m.group()), line, count=1)  # (same width: no map)
        is_plain = plain is not None and plain[index] and not (")" in line and _GLUED.search(line))
        if is_plain and _stays(line, gaps, bars):
            out_lines.append(line)
            continue
        new, colmap = _rewrite_line(line, gaps, bars, is_plain, pipes)
        if colmap is not None:
            maps[index] = colmap
        out_lines.append(new)
    text = "\n".join(out_lines)
    return NormalizedText(
        raw=raw,
        text=text,
        lines=tuple(out_lines),
        raw_lines=tuple(raw_lines),
        column_maps=maps,
    )
