"""Tables I and II in reading order (plain pdftotext, "stream"): cells one a line, no positions.

pdftotext reads a table by blocks of text. A short row comes out cell by cell, left to right
(row-major); a tall table often comes out a column at a time (column-major), or both within
one table: three rows' titles, then their dates, then a row cell by cell, then a column of
amounts. Headings stand between the cells where their blocks were read.

The reading here rests on three facts:

- every row prints its security title, so a title opens a row;
- within a column, values keep the order of the rows;
- a value stands after the heading of its own column or of one to its right, usually near it.

A value takes the column its shape and the last heading point to, preferring the next column
of the row being read. It goes to the row being read when it continues it; otherwise to the
first row still without that column (a column read top to bottom); otherwise it waits for a
row to come. A row "closed" up to a column by a run of its own cells takes no stray value
before that column, so a holding above a transaction does not take the transaction's date.
"""

from __future__ import annotations

import functools
import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from . import blocks, fuzzy, values
from .columns import (
    HEADING_GROUPS,
    RARE_FIELDS,
    SCHEMES,
    Column,
    Piece,
    assign,
    build_row,
    is_value_text,
    piece_of,
)
from .regions import Document, Region, TextCell

# Sub-heading words, by the fields they may head (the first the table has is taken).
_SUB_WORDS = [
    (re.compile(r"Code"), ("transaction_code",)),
    (re.compile(r"V"), ("transaction_form_type",)),
    (re.compile(r"Amount"), ("underlying_security_shares", "transaction_shares")),
    (re.compile(r"Shares|Number"), ("underlying_security_shares",)),
    (re.compile(r"\(A\)"), ("transaction_acquired_disposed_code", "shares_a")),
    (re.compile(r"\(D\)"), ("transaction_acquired_disposed_code", "shares_d")),
    (re.compile(r"Price"), ("transaction_price_per_share",)),
    (re.compile(r"Exercisable"), ("exercise_date",)),
    (re.compile(r"Expiration"), ("expiration_date",)),
    (re.compile(r"Title"), ("underlying_security_title", "security_title")),
]
# Sub-headings that name their column even inside a later column's heading block, where
# pdftotext reads them ("8. Price of Derivative Security" / "Amount or Number of Shares").
_OWN_SUB = re.compile(r"Amount(?:\s+or)?|Title|(?:Date\s+)?Exercisable|Expiration(?:\s+Date)?")
_FILLER = {"or", "of", "date", "and", "(i)"}
_LONE_NUMBER = re.compile(r"\d{1,2}A?\s*\.")
_GROUP = re.compile(r"(?<![\w.])(\d{1,2}A?)\s*\.")
_WORD = re.compile(r"\(?[A-Za-z]+\)?")
_CONTINUES = 2.0  # the bonus for a value that continues the row being read
_RARE = dict.fromkeys(RARE_FIELDS, 1.0)  # columns seldom filled: taken only when nothing else fits


@dataclass
class _Token:
    piece: Piece
    heading: int | None  # the column of the last heading read before it
    value: str = ""  # the flag it reads as, for "I" (indirect) detection
    fresh: bool = False  # a heading was read between the value before and this one
    headings: int = 0  # how many heading lines were read before it


@dataclass
class _Row:
    cells: dict[int, Piece] = field(default_factory=dict)
    closed: int = -1  # columns up to here were read in a run of the row's own cells
    last: int = -1

    def continues(self, column: int) -> bool:
        return column not in self.cells and column > self.last


def read_stream_table(region: Region, form: str, table: str, doc: Document, heading_of) -> list:
    columns = SCHEMES[(form, table)]
    tokens = _tokens(region, doc, (form, table), heading_of)
    out = []
    for row in _Reader(columns, table, doc).read(tokens):
        if set(row.cells) == {0}:  # words with no value: not a row
            title = row.cells[0]
            doc.add("unplaced_cell", "warning",
                    f"Table {table}: {title.raw!r} has no values beside it; it is not read as a row",
                    doc.cell_span(title.cells[0], title.cells[-1]))
            continue
        out.append(build_row([(piece, columns[k]) for k, piece in sorted(row.cells.items())], table, doc))
    return out


@functools.lru_cache(maxsize=4096)
def heading_column(text: str, key: tuple[str, str]) -> int | None:
    """The column a heading line points at: its last group number ("5."), or for a line of
    sub-headings only ("(A) or", "Date Exercisable"), its last sub-heading. A sub-heading word
    inside a longer heading ("Direct (D) or Indirect") points nowhere. Cached (bounded): every
    filing prints the same heading lines. ``key`` is (form, table): the columns are its scheme's
    (a key of two strings, not the columns themselves, which the cache would hash field by field)."""
    index = {c.field: k for k, c in enumerate(SCHEMES[key])}
    numbered = [index[name] for match in _GROUP.finditer(text)
                if (name := HEADING_GROUPS[key].get(match.group(1))) in index]
    if numbered:
        return numbered[-1]
    found: list[int] = []
    for match in _WORD.finditer(text):
        word = match.group()
        hit = next((names for pattern, names in _SUB_WORDS if pattern.fullmatch(word)), None)
        if hit is None:
            if word.lower() not in _FILLER:
                return None
            continue
        name = next((n for n in hit if n in index), None)
        if name is not None:
            found.append(index[name])
    return found[-1] if found else None


def _tokens(region: Region, doc: Document, key, heading_of) -> list[_Token]:
    tokens: list[_Token] = []
    heading: int | None = None
    dollar: TextCell | None = None
    dollar_line = -1  # the line of the price that a lone "$" belongs to
    previous_text_line = -2
    fresh = False
    block = (-2, False)  # the last heading line, and whether its block is of sub-headings
    headings = 0
    block_column: int | None = None  # the column the heading block's first line names
    lines = [([c for c in line if c.text], types) for line, types in region.typed_lines(doc)]
    lines = [(filled, types) for filled, types in lines if filled]
    for k, (filled, types) in enumerate(lines):
        text = " ".join(c.text for c in filled)
        if heading_of(filled, types) or _sub_headings_only(text):
            # A line of a heading block ("Form: Direct" / "(D) or" of "6. Ownership Form")
            # points nowhere unless the block is one of sub-headings ("(A) or" / "(D)").
            continued = filled[0].line == block[0] + 1
            numbered = bool(_GROUP.search(text))  # a numbered heading starts a block of its own
            block = (filled[-1].line, (block[1] if continued and not numbered else _sub_headings_only(text)))
            column = heading_column(text, key)
            # a sub-heading of an earlier column, read inside a later column's heading block
            late_sub = bool(_OWN_SUB.fullmatch(text.strip())) and column is not None and block_column is not None \
                and column < block_column
            if column is not None and (not continued or block[1] or numbered or late_sub):
                heading = column
                if not continued or numbered:
                    block_column = column
            fresh = True
            headings += 1
            continue
        continues_text = previous_text_line == filled[0].line - 1
        wraps_on = k + 1 < len(lines) and lines[k + 1][0][0].line == filled[-1].line + 1 \
            and _has_words(lines[k + 1][0][0].text)
        if not continues_text and not wraps_on and fuzzy.is_label_leftover(filled[0].text) \
                and not is_value_text(filled[0].text):
            continue
        if (continues_text or wraps_on) and any(_has_words(c.text) for c in filled):
            cells = filled  # the next line of wrapped words, values in it and all ("$0.0001 per share")
        else:
            cells = blocks.split_spaced_row(filled, is_value_text, trailing_only=True)
        for cell in cells:
            if cell.text.strip() == "$":
                dollar = cell  # "$" on a line of its own: the price on the next line is its
                dollar_line = cell.line + (2 if _price_below_amount(lines, k, cell.line) else 1)
                continue
            if dollar is not None and cell.line >= dollar_line - 1:
                if cell.line == dollar_line:
                    cell = cell.replaced(text="$" + cell.text, column=dollar.column, x=dollar.x)
                if cell.line >= dollar_line:
                    dollar = None
            piece = piece_of([cell], -1)
            is_words = _has_letters(cell.text)
            last = tokens[-1] if tokens else None
            repeats = last is not None and len(last.piece.cells) > 1 and last.piece.cells[0].text == cell.text
            if is_words and last is not None and last.piece.cells[-1].line == cell.line - 1 \
                    and previous_text_line == cell.line - 1 and not repeats:
                # (a block that starts over with its first line is the next row's title)
                joined = piece_of(last.piece.cells + [cell], -1)  # a title wrapped over lines
                tokens[-1] = replace(last, piece=joined)
                previous_text_line = cell.line
                continue
            previous_text_line = cell.line if is_words else -2
            flag = values.parse_flag(piece.text, "DI") or ""
            tokens.append(_Token(piece, heading, flag, fresh, headings))
            fresh = fresh and not piece.text  # a footnote mark alone leaves the heading fresh for the value after it
    return _wrapped_values(tokens)


_BARE_NUMBER = re.compile(r"\d[\d,]*(\.\d+)?")


def _price_below_amount(lines: list[tuple[list[TextCell], set[str]]], k: int, line: int) -> bool:
    """A lone "$" with a number on each of the two lines under it: the price's cell holds "$"
    over its number, and the balance beside it, one line high and centred, is read between
    them ("$" / "18,073" / "11.80"). The second number is the price, unless only the first has
    cents."""
    below = [lines[j][0] for j in (k + 1, k + 2) if j < len(lines)]
    if len(below) < 2 or any(len(cells) != 1 for cells in below):
        return False
    first, second = below[0][0], below[1][0]
    if (first.line, second.line) != (line + 1, line + 2):
        return False
    shapes = [_BARE_NUMBER.fullmatch(c.text.strip()) for c in (first, second)]
    return all(shapes) and not (shapes[0].group(1) and not shapes[1].group(1))


@functools.lru_cache(maxsize=4096)
def _sub_headings_only(text: str) -> bool:
    """A line of sub-headings alone: "(A)", "(D)", "V", "Code" (a lone "V" is the V column's
    heading: a V mark stands beside its code)."""
    if _LONE_NUMBER.fullmatch(text.strip()):
        return True  # "6." of a heading whose words stand on the lines after it
    words = _WORD.findall(text)
    return bool(words) and "".join(words) == "".join(text.split()) and all(
        any(p.fullmatch(w) for p, _ in _SUB_WORDS) or w.lower() in _FILLER for w in words)


def _has_letters(text: str) -> bool:
    return bool(values.LETTER.search(text)) and not is_value_text(text)


def _has_words(text: str) -> bool:
    return bool(values.TWO_LETTERS.search(text)) and not is_value_text(text)


def _wrapped_values(tokens: list[_Token]) -> list[_Token]:
    """A value on the line between two lines of words is part of them: "Class A Common Stock,
    par value" / "$0.0001" / "per share" is one title."""
    out: list[_Token] = []
    for token in tokens:
        if len(out) >= 2 and "text" in token.piece.shapes and "text" in out[-2].piece.shapes \
                and not is_value_text(out[-2].piece.text) and not is_value_text(token.piece.text) \
                and out[-2].piece.cells[-1].line + 1 == out[-1].piece.cells[0].line \
                and out[-1].piece.cells[-1].line + 1 == token.piece.cells[0].line \
                and out[-1].piece.text and not out[-1].value:
            first = out[-2]
            out[-2:] = [replace(first, piece=piece_of(first.piece.cells + out[-1].piece.cells + token.piece.cells, -1))]
            continue
        out.append(token)
    return out


class _Reader:
    def __init__(self, columns: Sequence[Column], table: str, doc: Document):
        self.columns = columns
        self.table = table
        self.doc = doc
        self.index = {c.field: k for k, c in enumerate(columns)}
        self.rows: list[_Row] = []
        self.pending: dict[int, deque[Piece]] = {}
        self.first_open: dict[int, int] = {}  # per column: no row before this one is open for it
        self.column_major = False
        self.maybe_column_major = False
        self.waiting = False  # the last value waits for its row (its nature waits with it)
        self.last_token: tuple[int, int] | None = None  # (row, column) of the last value placed
        self.planned: dict[int, int | None] = {}  # token -> column, from the plan of its run (``_plan``)

    def read(self, tokens: list[_Token]) -> list[_Row]:
        marks: list[Piece] = []
        # the next token that is a value, not a mark alone, for each token: one pass from the end
        following: list[_Token | None] = [None] * len(tokens)
        for k in range(len(tokens) - 2, -1, -1):
            following[k] = tokens[k + 1] if tokens[k + 1].piece.text else following[k + 1]
        # Cells one a line with no blank line between them are the text of the cells in order
        # (a converter's, one text a line): a mark alone follows the value of its own cell.
        # Read by blocks (pdftotext), a raised mark printed above its value comes before it.
        gaps = [b.piece.cells[0].line - a.piece.cells[-1].line for a, b in zip(tokens, tokens[1:])]
        flowing = bool(gaps) and sum(1 for g in gaps if g == 1) >= 0.8 * len(gaps)
        for k, token in enumerate(tokens):
            piece = token.piece
            after = following[k]
            if not piece.text:
                if flowing and k and self.last_token is not None and not marks \
                        and tokens[k - 1].piece.text and gaps[k - 1] == 1:
                    self._attach([piece])  # the notes of the value just before it
                    continue
                if not self._mark_apart(token, after):
                    marks.append(piece)  # a footnote mark alone: placed with the value after it
                continue
            if self.maybe_column_major and "text" not in piece.shapes:
                # Titles one after another, then two values of one kind: read by columns.
                kinds = set(piece.shapes) - {"text"}
                self.column_major = after is not None and bool(kinds & set(after.piece.shapes))
                self.maybe_column_major = False
            if k not in self.planned and not token.fresh:
                self._plan(tokens, k)
            column = self.planned.get(k)  # (a planned column fits the value's shape: the plan matched it)
            if column is None:
                column = self._column(token, tokens[k - 1] if k else None, after)
            if column is None:
                self._unplaced(piece)
                continue
            if column == self.index.get("nature_of_ownership") and self.waiting:
                self.pending.setdefault(column, deque()).append(piece)  # the nature of a waiting "I"
                continue
            self.waiting = False
            if column == 0:
                self._attach(marks)
                marks = []
                self._open(piece)
                continue
            row = self._row(column)
            if row is None:
                self.pending.setdefault(column, deque()).append(piece)
                self._attach(marks)
                marks = []
                self.waiting = token.value == "I"
                continue
            self._place(row, column, piece)
            marks = self._marks_before(row, column, marks)
        self._attach(marks)
        self._settle(len(self.rows) - 1)
        self._leftovers()
        return self.rows

    def _plan(self, tokens: list[_Token], k: int) -> None:
        """Plan a run of a row's cells as a whole: the values read one after another from
        token ``k``, with no heading between them and up to the next words, matched in order to
        the columns the row being read still has open, by dynamic programming (``assign``).
        The run is read as the row prints it, not each value into the first column it fits:
        "date, date, code, amount" are the transaction and deemed dates, not a date and an
        exercise date that leave the code no column. A row that holds only its title plans as
        a transaction (a date and a code) or as a holding, whichever its run fits."""
        cursor = self._cursor()
        if cursor is None or self.column_major:
            return
        run: list[int] = []
        j = k
        while j < len(tokens) and (j == k or not tokens[j].fresh):
            piece = tokens[j].piece
            if piece.text:
                if "text" in piece.shapes and not is_value_text(piece.text):
                    break
                run.append(j)
            j += 1
        if not run:
            return
        cut_by_heading = j < len(tokens) and tokens[j].fresh
        open_columns = [c for c in range(1, len(self.columns)) if cursor.continues(c)]
        # The form prints prices with "$": in a plan, a bare number is an amount.
        key = tuple((-1, tuple(kind for kind in tokens[r].piece.shapes
                               if kind != "price" or tokens[r].piece.raw.lstrip().startswith("$"))) for r in run)
        placement = self._assign(key, open_columns)
        if set(cursor.cells) == {0}:
            fields = {self.columns[c].field for c in placement if c is not None}
            whole = {"transaction_date", "transaction_code"} <= fields or (cut_by_heading and "transaction_date" in fields)
            if not whole:
                holding = self._assign(key, [c for c in open_columns if not self.columns[c].transaction])
                if None not in holding:
                    placement = holding
        if None in placement:
            # a value the row has no column for: the run holds more than one row's cells; its
            # values are read one by one (and the run is not planned again from each of them)
            self.planned.update(dict.fromkeys(run))
            return
        self.planned.update(zip(run, placement, strict=True))

    def _assign(self, key: tuple, open_columns: list[int]) -> list[int | None]:
        _, placement = assign(key, tuple(self.columns[c].kind for c in open_columns), tuple(open_columns))
        return [open_columns[x] if x is not None else None for x in placement]

    def _mark_apart(self, token: _Token, after: _Token | None) -> bool:
        """A mark alone under a heading, with another heading before the next value: a
        footnote-only cell of its heading's column ("(7)" "(7)" under "2. Conversion or
        Exercise Price", read by columns). It takes that column's first open row."""
        column = token.heading
        if column is None or column == 0 or after is None or after.headings == token.headings \
                or self.columns[column].field in _RARE or self.columns[column].kind not in ("date", "price"):
            return False  # footnote-only cells stand for prices and dates ("see footnote 2")
        row = self._row(column)
        if row is None:
            self.pending.setdefault(column, deque()).append(token.piece)
        else:
            self.rows[row].cells[column] = token.piece
        return True

    def _column(self, token: _Token, before: _Token | None, after: _Token | None = None) -> int | None:
        """The column a value takes: words are a title (opening a row), a nature after an
        "I", or an underlying security after the row's dates; a value, the column its shape
        fits that the row being read continues into (the next one, in a run of the row's
        cells) or that the last heading points at."""
        piece = token.piece
        nature = self.index.get("nature_of_ownership")
        if "text" in piece.shapes and not is_value_text(piece.text):
            if before is not None and before.value == "I" and nature is not None:
                return nature
            underlying = self.index.get("underlying_security_title")
            cursor = self._cursor()
            if underlying is not None and cursor is not None and cursor.last >= 1 and cursor.continues(underlying):
                return underlying  # words after the row's dates: the underlying security
            if underlying is not None and token.heading == underlying and not self.column_major:
                return underlying
            return 0
        candidates = [k for k, c in enumerate(self.columns) if k and c.kind in piece.shapes and c.kind != "text"]
        if not candidates:
            return None
        cursor = self._cursor()
        bare = not piece.raw.lstrip().startswith("$")
        follows = None  # the columns the next value of the same run can take
        if after is not None and not after.fresh and "text" not in after.piece.shapes:
            follows = [j for j, c in enumerate(self.columns) if c.kind in after.piece.shapes]

        def score(k: int) -> float:
            s = -_RARE.get(self.columns[k].field, 0.0)
            if bare and self.columns[k].kind == "price":
                s -= 0.5  # the form prints prices with "$": a bare number is more likely an amount
            if cursor is not None and not self.column_major and cursor.continues(k):
                s += _CONTINUES
                if set(cursor.cells) == {0} and self.columns[k].transaction and self.columns[k].kind != "date":
                    s -= 1.5  # a transaction's row starts with its date: a value right after the title is a holding's
                if not token.fresh:
                    return s - 0.01 * k  # a run of the row's cells: the next column that fits
            if self.column_major and self._row(k) is None:
                s -= 1.5  # read by columns, and every row already holds this column
            if token.heading is not None:
                s += -0.01 * (token.heading - k) if k <= token.heading else -0.5 * (k - token.heading)
                if follows is not None and any(k < j <= token.heading for j in follows):
                    s += 1.0  # the value after it can stand in a later column of the row
            return s

        return max(candidates, key=score)

    def _cursor(self) -> _Row | None:
        if self.last_token is not None:
            return self.rows[self.last_token[0]]
        return self.rows[-1] if self.rows else None

    def _row(self, column: int) -> int | None:
        """The row a value of this column goes to: its nature to the row of the "I" before
        it; else the first row still open for the column (a row read cell by cell is closed
        up to its last cell), or None: it waits for a row to come."""
        if column == self.index.get("nature_of_ownership"):
            if self.last_token is not None and column not in self.rows[self.last_token[0]].cells:
                return self.last_token[0]
            return None
        # A row once shut to a column stays shut (rows only gain cells): the search for the
        # first open row starts where the last one left off, so a tall table reads in linear time.
        r = self.first_open.get(column, 0)
        while r < len(self.rows) and (column in self.rows[r].cells or self.rows[r].closed >= column):
            r += 1
        self.first_open[column] = r
        return r if r < len(self.rows) else None

    def _open(self, title: Piece) -> None:
        previous = self.rows[-1] if self.rows else None
        # A title right after a row that holds only its title: the table is read by columns.
        self.maybe_column_major = previous is not None and set(previous.cells) == {0} and \
            self.last_token == (len(self.rows) - 1, 0)
        self.column_major = False
        if not self.maybe_column_major and self.rows:
            self._settle(len(self.rows) - 1)
        self.rows.append(_Row())
        self._place(len(self.rows) - 1, 0, title)

    def _place(self, r: int, column: int, piece: Piece) -> None:
        row = self.rows[r]
        if self.last_token is not None and self.last_token[0] == r:
            row.closed = max(row.closed, column)
        row.cells[column] = piece
        row.last = max(row.last, column)
        self.last_token = (r, column)

    def _marks_before(self, r: int, column: int, marks: list[Piece]) -> list[Piece]:
        """Marks read just before a value: the footnote-only cell of the empty column before
        it (not one seldom filled); else the value's own notes, printed raised above it."""
        row = self.rows[r]
        for mark in reversed(marks):
            empty = next((k for k in range(column - 1, 0, -1) if k not in row.cells), None)
            if empty is None or self.columns[empty].field in _RARE:
                target = row.cells[column]
                row.cells[column] = replace(target, footnote_ids=tuple(dict.fromkeys(mark.footnote_ids + target.footnote_ids)),
                                            cells=mark.cells + target.cells)
                continue
            row.cells[empty] = mark
        return []

    def _attach(self, marks: list[Piece]) -> None:
        """Marks with no empty cell to stand in: the notes of the value read before them."""
        if not marks:
            return
        if self.last_token is None:
            for mark in marks:
                self._unplaced(mark)
            return
        r, column = self.last_token
        target = self.rows[r].cells[column]
        ids = tuple(dict.fromkeys(target.footnote_ids + tuple(i for m in marks for i in m.footnote_ids)))
        self.rows[r].cells[column] = replace(target, footnote_ids=ids, cells=target.cells + [c for m in marks for c in m.cells])

    def _settle(self, r: int) -> None:
        """A finished row takes values that waited for it, column by column."""
        if r < 0:
            return
        row = self.rows[r]
        for column, queue in self.pending.items():
            if queue and column not in row.cells:
                row.cells[column] = queue.popleft()

    def _leftovers(self) -> None:
        for column, queue in self.pending.items():
            r = 0  # rows only gain cells: the search for a row without the column goes on from the last
            while queue:
                piece = queue.popleft()
                while r < len(self.rows) and column in self.rows[r].cells:
                    r += 1
                if r == len(self.rows):
                    self._unplaced(piece)
                else:
                    self.rows[r].cells[column] = piece

    def _unplaced(self, piece: Piece) -> None:
        self.doc.add("unplaced_cell", "warning",
                     f"Table {self.table}: the cell {piece.raw!r} fits no row or column; it is not used",
                     self.doc.cell_span(piece.cells[0], piece.cells[-1]))
