"""Cells to the form's columns: the printed columns of each table, the shapes of values, and
the matching of a row's cells to columns.

Converters drop empty cells and split full ones, so a cell's position alone does not fix its
column. Each column accepts a shape of value (a date, a code letter, an amount, ...); cells
are matched to columns in order by dynamic programming, scoring a match of shape, with a small
bonus when the cell also sits at the column's place. A cell that fits nowhere is reported,
never dropped. Finding the rows in each layout is tables.py's part.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from . import values
from .records import DerivativeRow, NonDerivativeRow, Value
from .regions import Document, TextCell


@dataclass(frozen=True)
class Column:
    field: str
    kind: str  # text, date, code, v, amount, price, ad, di
    transaction: bool = False  # printed only on transaction rows


def _columns(spec: str) -> tuple[Column, ...]:
    out = []
    for item in spec.split():
        name, kind = item.split(":")
        transaction = name.endswith("*")
        out.append(Column(name.rstrip("*"), kind, transaction))
    return tuple(out)


# The printed columns, in order, of each table of each form (Form 5 prints Form 4's columns).
SCHEMES = {
    ("4", "I"): _columns(
        "security_title:text transaction_date*:date deemed_execution_date*:date transaction_code*:code "
        "transaction_form_type*:v transaction_shares*:amount transaction_acquired_disposed_code*:ad "
        "transaction_price_per_share*:price shares_owned_following_transaction:amount "
        "direct_or_indirect_ownership:di nature_of_ownership:text"
    ),
    ("4", "II"): _columns(
        "security_title:text conversion_or_exercise_price:price transaction_date*:date "
        "deemed_execution_date*:date transaction_code*:code transaction_form_type*:v shares_a*:amount "
        "shares_d*:amount exercise_date:date expiration_date:date underlying_security_title:text "
        "underlying_security_shares:amount transaction_price_per_share*:price "
        "shares_owned_following_transaction:amount direct_or_indirect_ownership:di nature_of_ownership:text"
    ),
    ("3", "I"): _columns(
        "security_title:text shares_owned_following_transaction:amount direct_or_indirect_ownership:di "
        "nature_of_ownership:text"
    ),
    ("3", "II"): _columns(
        "security_title:text exercise_date:date expiration_date:date underlying_security_title:text "
        "underlying_security_shares:amount conversion_or_exercise_price:price "
        "direct_or_indirect_ownership:di nature_of_ownership:text"
    ),
}

# The first column of each numbered heading group of each table ("4. Securities Acquired"
# spans several columns).
HEADING_GROUPS = {
    ("4", "I"): {"1": "security_title", "2": "transaction_date", "2A": "deemed_execution_date",
                 "3": "transaction_code", "4": "transaction_shares", "5": "shares_owned_following_transaction",
                 "6": "direct_or_indirect_ownership", "7": "nature_of_ownership"},
    ("4", "II"): {"1": "security_title", "2": "conversion_or_exercise_price", "3": "transaction_date",
                  "3A": "deemed_execution_date", "4": "transaction_code", "5": "shares_a", "6": "exercise_date",
                  "7": "underlying_security_title", "8": "transaction_price_per_share",
                  "9": "shares_owned_following_transaction", "10": "direct_or_indirect_ownership",
                  "11": "nature_of_ownership"},
    ("3", "I"): {"1": "security_title", "2": "shares_owned_following_transaction",
                 "3": "direct_or_indirect_ownership", "4": "nature_of_ownership"},
    ("3", "II"): {"1": "security_title", "2": "exercise_date", "3": "underlying_security_title",
                  "4": "conversion_or_exercise_price", "5": "direct_or_indirect_ownership", "6": "nature_of_ownership"},
}
_DATE_HEAD = re.compile(r"^\d{1,2}\s*/\s*\d{1,2}\s*(?:/\s*)?\d{0,3}$")
_DATE_TAIL = re.compile(r"^[\d/lI|]{1,7}$")
_DECIMAL_HEAD = re.compile(r"^[\d,]*\d\.\d+$")
# Marks before a value and after it. The marks after it are matched from the start of their run
# only (from each character of a long run of dots, the search was quadratic), so the marks
# before take those after with them where nothing else stands between.
_STRAY = re.compile(r"^[^\w$(]+(?:[^\w)]+$)?|(?<![^\w)])[^\w)]+$|\)$")
_LETTERS = re.compile(r"[A-Za-z]{2,}")
_MISS, _UNPLACED = float("-inf"), -100.0
# Of two columns a cell fits equally (a date under "Transaction Date" or "Deemed Execution
# Date"), the first takes it: a later column costs a hair more.
_LATER = 0.0001


@dataclass
class Piece:
    """A cell on its way to a column: its text without footnote marks, and what it can be."""

    cells: list[TextCell]
    text: str
    footnote_ids: tuple[str, ...]
    index: int
    repaired: str | None = None  # the text as read, when it had to be mended
    damaged: bool = False
    shapes: dict[str, object] = field(default_factory=dict)

    @property
    def raw(self) -> str:
        return " ".join(c.text for c in self.cells)


def shapes_of(text: str) -> tuple[dict[str, object], str | None]:
    """The column kinds this text can fill, with the parsed value for each, and the mended
    text when a number was read only after mending it (``8,000)`` -> ``8,000``)."""
    shapes: dict[str, object] = {}
    repaired = None
    if not text:
        return shapes, repaired
    day = values.parse_date(text)
    if day is not None:
        shapes["date"] = day
    number = values.parse_decimal(text)
    if number is None:
        mended, _ = values.repair_number(_STRAY.sub("", text))
        number = values.parse_decimal(mended)
        repaired = mended if number is not None else None
    if number is not None and day is None:
        shapes["price"] = number
        if not text.lstrip().startswith("$"):
            shapes["amount"] = number
    code = values.parse_code(text)
    if code:
        shapes["code"] = code
    elif (ocr_code := values.parse_code_ocr(text)) is not None:
        shapes["code"] = ocr_code
        repaired = repaired or ocr_code
    for kind, allowed in (("ad", "AD"), ("di", "DI")):
        flag = values.parse_flag(text, allowed)
        if flag:
            shapes[kind] = flag
    if text.strip().upper() == "V":
        shapes["v"] = True
    if _LETTERS.search(text) and day is None:
        shapes["text"] = text
    return shapes, repaired


def piece_of(cells: list[TextCell], index: int) -> Piece:
    text, footnote_ids, repaired, shapes = _read_cell(values.join_wrapped(c.text for c in cells))
    return Piece(cells, text, footnote_ids, index, repaired=repaired, shapes=dict(shapes))


@functools.lru_cache(maxsize=8192)
def _read_cell(raw: str) -> tuple[str, tuple[str, ...], str | None, tuple[tuple[str, object], ...]]:
    """A cell's text, footnote marks, mended text and shapes (as pairs: ``piece_of`` makes
    each piece its own dict). Cached: the table readers try a row more than one way, and the
    same cells recur across documents (bounded, so a batch's memory is too). What a cache
    holds is tuples of strings, numbers and dates, which the garbage collector stops tracking:
    a cache of thousands of dicts and sets made each of its full collections ten times longer."""
    split = values.split_footnotes(raw)
    shapes, repaired = shapes_of(split.text)
    if split.garbled and repaired is None:
        repaired = split.text  # an unreadable footnote mark was taken off: reported as a repair
    return split.text, split.footnote_ids, repaired, tuple(shapes.items())


def join_dates(cells: list[TextCell]) -> list[Piece]:
    """Join a date that a converter split over two cells (``02/12/200`` + ``9``)."""
    pieces: list[Piece] = []
    i = 0
    while i < len(cells):
        cell = cells[i]
        nxt = cells[i + 1] if i + 1 < len(cells) else None
        head = values.split_footnotes(cell.text).text
        if nxt is not None and head and _DATE_HEAD.match(head) and values.parse_date(head) is None:
            tail_split = values.split_footnotes(nxt.text)
            tail = tail_split.text
            if _DATE_TAIL.match(tail):
                joined = _joined_date(head, tail)
                piece = piece_of([cell, nxt], len(pieces))
                if joined is not None:
                    piece.shapes, piece.repaired = {"date": values.parse_date(joined)}, joined
                else:
                    piece.shapes, piece.damaged = {"date": None}, True
                pieces.append(piece)
                i += 2
                continue
        pieces.append(piece_of([cell], len(pieces)))
        i += 1
    return pieces


def _joined_date(head: str, tail: str) -> str | None:
    candidates = [head + tail]
    if tail[:1] in "1lI|/" and tail[1:2] == "/":
        candidates.append(head.rstrip("/") + tail[1:])
    for candidate in candidates:
        if values.parse_date(candidate) is not None:
            return candidate
    return None


def _join_number(pieces: list[Piece]) -> bool:
    """Join one decimal split over two cells (``6,230.5`` + ``5295``); True if one was joined.

    OCR sometimes repeats the digit at the cut, so the overlapping join is taken only when the
    same number stands elsewhere in the row; otherwise the joined cell is marked damaged.
    """
    for i in range(len(pieces) - 1):
        a, b = pieces[i], pieces[i + 1]
        if not (_DECIMAL_HEAD.match(a.text) and b.text.isdigit() and not a.footnote_ids):
            continue
        others = {p.shapes.get("price") for k, p in enumerate(pieces) if k not in (i, i + 1)}
        merged = piece_of(a.cells + b.cells, a.index)
        choices = [a.text + b.text]
        if a.text[-1] == b.text[0]:
            choices.insert(0, a.text + b.text[1:])
        chosen = next((c for c in choices if values.parse_decimal(c) in others), None)
        if chosen is not None:
            merged.shapes, _ = shapes_of(chosen)
            merged.repaired = chosen
        else:
            merged.shapes, merged.damaged = {"amount": None, "price": None}, True
        pieces[i : i + 2] = [merged]
        for index, piece in enumerate(pieces):
            piece.index = index
        return True
    return False


# The columns whose cell may hold a footnote mark alone ("see footnote 1"): a price or a date.
_NOTE_ONLY_KINDS = frozenset({"date", "price"})
# Columns seldom filled, whose cell a mark read beside a value does not stand for.
RARE_FIELDS = frozenset({"deemed_execution_date", "transaction_form_type"})


def _score(piece: tuple[int, tuple[str, ...] | None], kind: str, position: int) -> float:
    """The score of a piece, as ``(its place, its shapes or None when it has no text)``, in the
    column of ``kind`` at ``position``."""
    index, shapes = piece
    at = index == position  # a cell at its column's place (index -1: place unknown)
    if shapes is None:  # a footnote mark alone: it fits any column, at its own place best
        if index < 0 and kind not in _NOTE_ONLY_KINDS:
            return 0.5  # place unknown: a cell of a mark alone is a price's or a date's
        return 2.0 + (3.0 if at else 0.0)
    if kind not in shapes:
        return _MISS
    near = 0.01 * abs(index - position) if index >= 0 else 0.0
    return 10.0 + (3.0 if at else 0.0) - near - _LATER * position


def _matching_key(pieces: Sequence[Piece]) -> tuple[tuple[int, tuple[str, ...] | None], ...]:
    """What the matching reads of each piece: its place, and its shapes' names in order (None
    with no text). Tuples of strings, not sets: the key stays in ``assign``'s cache, and a
    tuple of strings is one the garbage collector stops tracking."""
    return tuple((p.index, tuple(p.shapes) if p.text else None) for p in pieces)


@functools.lru_cache(maxsize=8192)
def assign(pieces: tuple[tuple[int, tuple[str, ...] | None], ...], kinds: tuple[str, ...],
            positions: tuple[int, ...]) -> tuple[float, tuple[int | None, ...]]:
    """Match pieces to columns in order, by dynamic programming; ``None`` marks a piece no
    column would take. best[i][j]: the best score with the first i pieces and the first j
    columns settled. A step skips a column, places piece i in column j, or leaves piece i
    unplaced (a cost).

    The match reads only each piece's place and shapes (``_matching_key``) and each column's
    kind, and rows of the same shapes recur within a table and across filings (nine in ten on
    the dev corpus): it is cached (bounded, so a batch's memory is too)."""
    n, m = len(pieces), len(kinds)
    miss = _MISS
    best = [[miss] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, int | None] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        row, back_row = best[i], back[i]
        if i < n:
            piece = pieces[i]
            scores = [_score(piece, kind, position) for kind, position in zip(kinds, positions, strict=True)]
            below, back_below = best[i + 1], back[i + 1]
        for j in range(m + 1):
            here = row[j]
            if here == miss:
                continue
            if j < m and here > row[j + 1]:
                row[j + 1], back_row[j + 1] = here, (i, j, None)
            if i < n:
                if j < m:
                    score = scores[j]
                    if score != miss and here + score > below[j + 1]:
                        below[j + 1], back_below[j + 1] = here + score, (i, j, j)
                left = 0.0 if piece[1] is None and piece[0] < 0 else _UNPLACED  # (a loose mark: a note, see read_pieces)
                if here + left > below[j]:
                    below[j], back_below[j] = here + left, (i, j, -1)
    placement: list[int | None] = [None] * n
    i, j = n, m
    while (i, j) != (0, 0):
        step = back[i][j]
        assert step is not None
        pi, pj, col = step
        if pi != i:
            placement[pi] = col if col is not None and col >= 0 else None
        i, j = pi, pj
    return best[n][m], tuple(placement)


_VALUE_KINDS = frozenset({"date", "amount", "price", "code", "di"})


@functools.lru_cache(maxsize=8192)
def cell_kinds(text: str) -> frozenset[str]:
    """The column kinds a cell's text can fill, its footnote marks set aside. Cached: table
    readers ask this of the same cells many times over (bounded, so a batch's memory is too).
    Each set of kinds is one shared set (a few dozen differ), not one a cell in the cache."""
    kinds = frozenset(shapes_of(values.split_footnotes(text).text)[0])
    return _KIND_SETS.setdefault(kinds, kinds)


_KIND_SETS: dict[frozenset[str], frozenset[str]] = {}


def holds_row_values(line: list[TextCell]) -> bool:
    """What only a row's own line holds: a date, a code letter, and three values at least."""
    kinds = [cell_kinds(c.text) for c in line if c.text]
    return (sum(1 for k in kinds if k & _VALUE_KINDS) >= 3
            and any("date" in k for k in kinds) and any(k == {"code"} for k in kinds))


def is_value_text(text: str) -> bool:
    return bool(cell_kinds(text) & _VALUE_KINDS)


# Words of the tables' column headings: a line of nothing else is a heading line.
_EXERCISE_CODES = ("M", "X", "C", "O")


def settle_received_derivatives(rows: list, doc: Document) -> list:
    """An exercise or conversion can deliver another derivative (an RSU settled in Class B
    stock that converts to Class A): the row of the security received is the one whose title is
    the underlying of another exercise row, and it is acquired (A), whatever its code says."""
    underlying = {_title_key(r.underlying_security_title.value) for r in rows
                  if r.transaction_code.value in _EXERCISE_CODES and r.underlying_security_title.value}
    out = []
    for row in rows:
        direction = row.transaction_acquired_disposed_code
        if (row.transaction_code.value in _EXERCISE_CODES and direction.inferred and direction.value == "D"
                and _title_key(row.security_title.value) in underlying
                and _title_key(row.security_title.value) != _title_key(row.underlying_security_title.value)):
            doc.add("direction_inferred", "info",
                    f"Table II: {row.security_title.value!r} is what another exercise delivered: acquired (A)",
                    row.span)
            row = replace(row, transaction_acquired_disposed_code=replace(direction, value="A"))
        out.append(row)
    return out


def _title_key(title: object) -> str:
    return " ".join(str(title or "").split()).upper()


def read_row(line: list[TextCell], columns: Sequence[Column], table: str, doc: Document):
    pieces = join_dates(line)
    if _places_unknown(line, pieces):
        for piece in pieces:
            piece.index = -1
    return read_pieces(pieces, line, columns, table, doc)


def _places_unknown(line: list[TextCell], pieces: list[Piece]) -> bool:
    """A row of cells with no empty cell among them and a mark alone in a cell of its own: a
    converter that writes each text of the page as a cell (BeautifulSoup's get_text("\t")),
    empty cells dropped and a value's raised mark set apart. A cell's place there is no
    column's."""
    filled = [k for k, c in enumerate(line) if c.text]
    return bool(filled) and len(filled) == filled[-1] - filled[0] + 1 and any(
        not p.text and p.footnote_ids for p in pieces)


def read_pieces(pieces: list[Piece], line: list[TextCell], columns: Sequence[Column], table: str, doc: Document):
    while True:
        is_tx, chosen = place(pieces, columns)
        if all(column is not None for _, column in chosen) or not _join_number(pieces):
            break
    return build_row(_loose_marks(chosen), table, doc, line=line, is_tx=is_tx)


def _loose_marks(chosen: list[tuple[Piece, Column | None]]) -> list[tuple[Piece, Column | None]]:
    """A mark alone whose place is unknown (cells one space apart) stands for a price or a date
    of its own when the row has that column free; otherwise it is the note of the value
    before it ("S (2)", "$180.71 (3) 14,000")."""
    out: list[tuple[Piece, Column | None]] = []
    for piece, column in chosen:
        loose = not piece.text and piece.index < 0 and (
            column is None or column.kind not in _NOTE_ONLY_KINDS or column.field in RARE_FIELDS)
        if loose and out:
            before, its = out[-1]
            out[-1] = (replace(before, footnote_ids=tuple(dict.fromkeys(before.footnote_ids + piece.footnote_ids)),
                               cells=before.cells + piece.cells), its)
            continue
        out.append((piece, column))
    return out


def build_row(chosen: Sequence[tuple[Piece, Column | None]], table: str, doc: Document, *,
              line: Sequence[TextCell] = (), is_tx: bool | None = None):
    """A row record from pieces matched to columns (``None``: fits no column, reported)."""
    every = [c for piece, _ in chosen for c in piece.cells] or list(line)
    span = doc.cell_span(min(every, key=lambda c: (c.line, c.column)), max(every, key=lambda c: (c.line, c.end_column)))
    fields: dict[str, Value] = {}
    for piece, column in chosen:
        pspan = doc.cell_span(piece.cells[0], piece.cells[-1])
        if column is None:
            doc.add("unplaced_cell", "warning",
                    f"Table {table}: the cell {piece.raw!r} fits no column of this row; it is not used", pspan)
            continue
        fields[column.field] = _value(piece, column, pspan, table, doc)
    if is_tx is None:
        is_tx = bool({"transaction_date", "transaction_code"} & fields.keys())
    if "transaction_form_type" in fields and fields["transaction_form_type"].value is not None:
        # The V column marks a transaction reported voluntarily, i.e. one of Form 5's: that is
        # transactionFormType 5 in the XML (equitySwapInvolved is not printed on the form).
        mark = fields["transaction_form_type"]
        fields["transaction_form_type"] = Value("5", raw=mark.raw, span=mark.span, inferred=True)
    kind = "transaction" if is_tx else "holding"
    if table == "I":
        return NonDerivativeRow(kind=kind, span=span, **fields)
    _settle_direction(fields, doc, span)
    return DerivativeRow(kind=kind, span=span, **fields)


def place(pieces: list[Piece], columns: Sequence[Column]) -> tuple[bool, list[tuple[Piece, Column | None]]]:
    """Place the row as a transaction (needs a date and a code) or as a holding, whichever fits."""
    filled = [p for p in pieces if p.text or p.footnote_ids]
    kinds, positions, holding_cols, holding_kinds, holding_idx = _scheme_parts(columns)
    key = _matching_key(filled)
    tx_score, tx_place = assign(key, kinds, positions)
    tx_place = _date_before_deemed(tx_place, columns, key)
    hold_score, hold_place = assign(key, holding_kinds, holding_idx)
    tx_fields = {columns[c].field for c in tx_place if c is not None}
    if {"transaction_date", "transaction_code"} <= tx_fields and tx_score >= hold_score:
        return True, [(p, columns[c] if c is not None else None) for p, c in zip(filled, tx_place, strict=True)]
    return False, [(p, holding_cols[c] if c is not None else None) for p, c in zip(filled, hold_place, strict=True)]


def _date_before_deemed(placement: tuple[int | None, ...], columns: Sequence[Column],
                        key: tuple[tuple[int, tuple[str, ...] | None], ...]) -> tuple[int | None, ...]:
    """A transaction has its date before any deemed execution date: a row's one date placed
    under "Deemed Execution Date" (its cell stood nearer that heading) is its transaction date.
    A footnote mark alone that stood under the transaction date then belongs to the column
    before it (a price of Table II or a title that holds only its mark)."""
    fields = [columns[c].field if c is not None else None for c in placement]
    if "deemed_execution_date" not in fields:
        return placement
    date = next(k for k, c in enumerate(columns) if c.field == "transaction_date")
    marks_only = [k for k, field in enumerate(fields) if field == "transaction_date"]
    if any(key[k][1] is not None for k in marks_only):
        return placement  # a value under the transaction date: the placement stands
    return tuple(date if field == "deemed_execution_date" else date - 1 if k in marks_only else c
                 for k, (field, c) in enumerate(zip(fields, placement, strict=True)))


def _scheme_parts(columns: Sequence[Column]) -> tuple:
    """(kinds, places, the holding columns, their kinds, their places) of a table's columns:
    ``place`` asks it of every row, so the four schemes' are worked out once (looked up by
    identity: a tuple of dataclasses hashes field by field)."""
    known = _SCHEME_PARTS.get(id(columns))
    if known is not None:
        return known
    holding_idx = tuple(k for k, c in enumerate(columns) if not c.transaction)
    holding_cols = [columns[k] for k in holding_idx]
    return (tuple(c.kind for c in columns), tuple(range(len(columns))), holding_cols,
            tuple(c.kind for c in holding_cols), holding_idx)


_SCHEME_PARTS: dict[int, tuple] = {}
_SCHEME_PARTS.update({id(scheme): _scheme_parts(scheme) for scheme in SCHEMES.values()})  # (they live as long)


def _value(piece: Piece, column: Column, span, table: str, doc: Document) -> Value:
    value = piece.shapes.get(column.kind) if piece.text else None
    if piece.damaged:
        doc.add("damaged_value", "warning",
                f"Table {table}, {column.field}: {piece.raw!r} is split or garbled beyond a safe reading; "
                "left empty", span)
    elif piece.repaired is not None:
        doc.add("repaired_value", "info",
                f"Table {table}, {column.field}: read {piece.raw!r} as {piece.repaired!r}", span)
    return doc.value(value, span, footnote_ids=piece.footnote_ids, repaired=piece.repaired is not None)


def _settle_direction(fields: dict[str, Value], doc: Document, span) -> None:
    """Table II prints shares under (A) or (D); the column a cell lands in is not evidence enough.

    Direction comes from the transaction code where the code fixes it, else from the balance
    (owning fewer afterwards than the amount means a disposal); the column is the last resort.
    """
    a, d = fields.pop("shares_a", None), fields.pop("shares_d", None)
    shares = a or d
    if shares is None:
        return
    if a is not None and d is not None:
        doc.add("both_directions", "warning", "Table II: amounts under both (A) and (D); (D) is kept as a note", span)
    fields["transaction_shares"] = shares
    by_column = "A" if shares is a else "D"
    code = fields.get("transaction_code", Value()).value
    following = fields.get("shares_owned_following_transaction", Value()).value
    inferred = values.DERIVATIVE_CODE_DIRECTION.get(code) if code else None
    amount = shares.value
    if inferred is None and isinstance(amount, Decimal) and isinstance(following, Decimal) and following < amount:
        inferred = "D"
    if inferred is None:
        doc.add("direction_unsettled", "warning",
                f"Table II: (A) or (D) rests on the column position alone ({by_column})", span)
        fields["transaction_acquired_disposed_code"] = Value(by_column, raw=shares.raw, span=shares.span)
        return
    if inferred != by_column:
        doc.add("direction_inferred", "info",
                f"Table II: the amount sits under ({by_column}) but code {code} and the balance say ({inferred})",
                span)
    fields["transaction_acquired_disposed_code"] = Value(inferred, raw=shares.raw, span=shares.span, inferred=True)
