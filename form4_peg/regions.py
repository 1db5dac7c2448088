"""Regions: what the grammar's rules become before they become records.

A ``Region`` is a label token and the tokens that follow it up to the next label; its content
reads as lines of TAB-separated cells, each cell with its place in the source. ``Document``
carries the normalised text and gathers diagnostics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from lark import Token

from ._grammar import RUN_TERMINAL, make_token
from .normalize import NormalizedText
from .records import Diagnostic, Span, Value

# Token types that label a region of the owner block (see ``owner_block`` in the grammar).
OWNER_LABELS = {
    "OWNER_BOX": "owner_box",
    "NAME_CAPTION": "name_caption",
    "STREET_CAPTION": "street_caption",
    "CITY_CAPTION": "city_caption",
    "STATE_CAPTION": "state_caption",
    "ZIP_CAPTION": "zip_caption",
    "RELATIONSHIP_BOX": "relationship_box",
    "DIRECTOR": "director",
    "TEN_PERCENT_OWNER": "ten_percent_owner",
    "OFFICER": "officer",
    "OTHER": "other",
}
_SPACE_TYPES = ("TAB", "NL", "ROW_BREAK")


class TextCell(NamedTuple):
    """The text of one cell (between TABs, within a line) and where it sits. A named tuple, not
    a dataclass: a parse makes a few hundred cells and copies them by the thousand, and a
    tuple is made in C (a frozen dataclass sets each field through ``object.__setattr__``)."""

    text: str
    line: int
    column: int
    end_column: int
    index: int  # position among the line's cells, empty cells counted
    x: int = 0  # raw columns: where the cell sits on the page in text laid out with spaces
    x_end: int = 0

    def replaced(self, **changes) -> TextCell:
        """This cell with ``changes`` to its fields (``dataclasses.replace`` for a cell)."""
        values = list(self)
        for name, value in changes.items():
            try:
                values[_CELL_INDEX[name]] = value
            except KeyError:
                raise TypeError(f"TextCell has no field {name!r}") from None
        return _new_tuple(TextCell, values)

    @staticmethod
    def of(text: str, line: int, column: int, end_column: int, index: int, x: int = 0, x_end: int = 0) -> TextCell:
        """``TextCell(...)`` without the named tuple's own constructor (a call of ``__new__``
        through its signature): the readers make every cell of a document through here."""
        return _new_tuple(TextCell, (text, line, column, end_column, index, x, x_end))


_CELL_INDEX = {name: k for k, name in enumerate(TextCell._fields)}
_new_tuple = tuple.__new__


# A run (the grammar's TEXT) splits into the tokens the lexer would have made of it.
_PIECES = re.compile(r"[^\s\u2612\u2610]+|[\t\n\x0b]")
_PIECE_TYPES = {"\t": "TAB", "\n": "NL", "\x0b": "ROW_BREAK"}
_RUN_SPACE = " \u00a0\f"


def split_run(run: Token) -> list[Token]:
    """The WORD, TAB, NL and ROW_BREAK tokens of a TEXT run, with their own positions."""
    out: list[Token] = []
    line = run.line
    base = run.start_pos
    line_start = base - run.column + 1  # offset of the first line's start in the text
    for match in _PIECES.finditer(run):
        start, end = match.span()
        piece = match.group()
        kind = _PIECE_TYPES.get(piece, "WORD")
        column = base + start - line_start + 1
        if kind == "NL":
            out.append(make_token("NL", piece, base + start, line, column, line + 1, 1, base + end))
            line += 1
            line_start = base + end
        else:
            out.append(make_token(kind, piece, base + start, line, column, line, column + end - start, base + end))
    return out


def _stretches(run: Token):
    """A TEXT run walked cell by cell: ``(kind, line, column, offset, text)`` for each TAB,
    line break ("NL") or row break ("ROW_BREAK"), and, as "TEXT", for each stretch between two
    of them that holds words, from its first word to its last (spaces around it left out)."""
    line, column, pos = run.line, run.column, run.start_pos
    for number, part in enumerate(run.split("\n")):
        if number:
            yield "NL", line, column, pos, ""
            line, column, pos = line + 1, 1, pos + 1
        for brk, chunk in enumerate(part.split("\x0b") if "\x0b" in part else (part,)):
            if brk:
                yield "ROW_BREAK", line, column, pos, ""
                column, pos = column + 1, pos + 1
            for place, segment in enumerate(chunk.split("\t")):
                if place:
                    yield "TAB", line, column, pos, ""
                    column, pos = column + 1, pos + 1
                text = segment.strip(_RUN_SPACE)
                if text:
                    lead = len(segment) - len(segment.lstrip(_RUN_SPACE))
                    yield "TEXT", line, column + lead, pos + lead, text
                column, pos = column + len(segment), pos + len(segment)


def cell_runs(run: Token) -> list[Token | None]:
    """A TEXT run cut at its cell boundaries (TABs, line and row breaks): each stretch between
    them that holds words is a TEXT token of its own, from its first word to its last; each
    boundary is None. Its words are the run's words, at the same places (``split_run``)."""
    return [make_token(RUN_TERMINAL, text, pos, line, column, line, column + len(text), pos + len(text))
            if kind == "TEXT" else None for kind, line, column, pos, text in _stretches(run)]


def _run_word_place(run: Token, which: int) -> tuple[int, int, int, int]:
    """(line, column, line, end column) of the first (``which`` 0) or last (-1) word of a run
    that holds one."""
    text = str(run)
    if which == 0:
        start = len(text) - len(text.lstrip())
        end = start + len(text[start:].split(None, 1)[0])
    else:
        end = len(text.rstrip())
        start = end - len(text[:end].rsplit(None, 1)[-1])
    breaks = text.count("\n", 0, start)
    line_start = text.rfind("\n", 0, start) + 1 if breaks else -(run.column - 1)
    column = start - line_start + 1
    return run.line + breaks, column, run.line + breaks, column + end - start


class Region:
    """A labelled region: ``label`` is None for the text before the first label.

    ``pieces`` are the grammar's tokens as the parse gave them, runs (TEXT) among them; the
    lines and cells are read from them directly. ``tokens`` are the same with each run split
    into its words, cells and breaks, made on first use (most regions are only read as lines).
    """

    __slots__ = ("_extent_cache", "_lines", "_tokens", "label", "name", "part", "pieces")

    def __init__(self, name: str, label: Token | None, pieces: list[Token] | None = None, part: str = "head") -> None:
        self.name = name
        self.label = label
        self.pieces = pieces if pieces is not None else []
        self.part = part  # head, body, owner_block or attachment
        self._tokens: list[Token] | None = None
        self._lines: tuple[Document, list] | None = None
        self._extent_cache: tuple[tuple[int, int, int, int] | None] | None = None

    def __repr__(self) -> str:
        return f"Region({self.name!r}, {self.label_text!r}, {len(self.pieces)} pieces, part={self.part!r})"

    def extend(self, pieces: list[Token]) -> None:
        self.pieces.extend(pieces)
        self._tokens = self._lines = self._extent_cache = None

    @property
    def tokens(self) -> list[Token]:
        """The region's tokens, each run split (a new list each time: extend() adds tokens)."""
        if self._tokens is None:
            tokens: list[Token] = []
            for piece in self.pieces:
                if piece.type == RUN_TERMINAL:
                    tokens.extend(split_run(piece))
                else:
                    tokens.append(piece)
            self._tokens = tokens
        return list(self._tokens)

    @property
    def label_text(self) -> str:
        return str(self.label) if self.label is not None else ""

    @property
    def words(self) -> list[Token]:
        return [t for t in self.tokens if t.type not in _SPACE_TYPES]

    def last_word(self) -> Token | None:
        """``words[-1]`` (or None), without splitting every run of the region into words: only
        the last word of the last run that holds one is made a token."""
        for piece in reversed(self.pieces):
            if piece.type in _SPACE_TYPES:
                continue
            if piece.type != RUN_TERMINAL:
                return piece
            text = str(piece)
            end = len(text.rstrip())
            if not end:
                continue
            start = end - len(text[:end].rsplit(None, 1)[-1])
            line, column, _, end_column = _run_word_place(piece, -1)
            return make_token("WORD", text[start:end], piece.start_pos + start, line, column, line, end_column,
                              piece.start_pos + end)
        return None

    def lines(self, doc: Document) -> list[list[TextCell]]:
        """The content line by line, each a list of cells (TAB-separated); ``[]`` is a blank line.

        The rest of the label's own line comes first, and is left out when it is empty. A
        ROW_BREAK ends a line as a line break does, but never makes a blank line.
        """
        return [cells for cells, _ in self.typed_lines(doc)]

    def typed_lines(self, doc: Document) -> list[tuple[list[TextCell], set[str]]]:
        """As ``lines``, each line with the set of token types it holds (``COLUMN_LABEL``, ...).
        Read once a document: the readers of the form ask it of the same region many times."""
        if self._lines is not None and self._lines[0] is doc:
            return list(self._lines[1])
        out: list[tuple[list[TextCell], set[str]]] = []
        # Each cell is [start, end) columns of its text on the line and the text when one
        # stretch of a run made it (else None: read from the line), or None while empty.
        cells: list[list | None] = [None]
        types: set[str] = set()
        line_no: int | None = None  # the line being read, once it holds a cell or a TAB
        label_line = self.label.line if self.label is not None else None

        def end_line(kind: str, line: int) -> None:
            """A line break or row break: the line read so far is done (a row break never makes
            a blank line, nor does the break that ends the label's own line)."""
            nonlocal cells, types, line_no
            if line_no is not None:
                out.append((doc.cells(line_no, cells), types))
            elif kind == "NL" and line != label_line:
                out.append(([], set()))
            cells, types, line_no = [None], set(), None

        for piece in self.pieces:
            kind = piece.type
            if kind == RUN_TERMINAL:  # lines, then row breaks, then TABs: ``_stretches``, written out (hot)
                line, column = piece.line, piece.column
                for number, part in enumerate(piece.split("\n")):
                    if number:
                        end_line("NL", line)
                        line, column = line + 1, 1
                    for brk, chunk in enumerate(part.split("\x0b") if "\x0b" in part else (part,)):
                        if brk:
                            end_line("ROW_BREAK", line)
                            column += 1
                        segments = chunk.split("\t")
                        if len(segments) > 1:
                            line_no = line
                            types.add("TAB")
                        after_tab = False
                        for segment in segments:
                            if after_tab:
                                cells.append(None)
                                column += 1
                            after_tab = True
                            if not segment:
                                continue
                            text = segment.strip(_RUN_SPACE)
                            if text:
                                line_no = line
                                types.add("WORD")
                                start = column + len(segment) - len(segment.lstrip(_RUN_SPACE))
                                cell = cells[-1]
                                if cell is None:
                                    cells[-1] = [start, start + len(text), text]
                                else:
                                    cell[1], cell[2] = start + len(text), None
                            column += len(segment)
                continue
            if kind == "NL" or kind == "ROW_BREAK":
                end_line(kind, piece.line)
                continue
            line_no = piece.line
            types.add(kind)
            if kind == "TAB":
                cells.append(None)
            else:
                end = piece.end_column
                if piece.end_line != line_no:  # a label that runs on to the next lines: this line's part
                    end = len(doc.normalized.lines[line_no - 1]) + 1
                cell = cells[-1]
                if cell is None:
                    cells[-1] = [piece.column, end, None]
                else:
                    cell[1], cell[2] = end, None
        if line_no is not None:
            out.append((doc.cells(line_no, cells), types))
        self._lines = (doc, out)
        return list(out)

    def _extent(self) -> tuple[int, int, int, int] | None:
        """(line, column, last word's line, its end column) from the label to the last word."""
        if self._extent_cache is None:
            self._extent_cache = (self._find_extent(),)
        return self._extent_cache[0]

    def _find_extent(self) -> tuple[int, int, int, int] | None:
        first = last = None
        if self.label is not None:
            first = last = (self.label.line, self.label.column, self.label.line, self.label.end_column)
        for piece in self.pieces:
            if piece.type in _SPACE_TYPES:
                continue
            if piece.type == RUN_TERMINAL:
                if piece.isspace():
                    continue
                head, tail = _run_word_place(piece, 0), _run_word_place(piece, -1)
            else:
                head = tail = (piece.line, piece.column, piece.line, piece.end_column)
            if first is None:
                first = head
            last = tail
        if first is None or last is None:
            return None
        return first[0], first[1], last[2], last[3]

    @property
    def has_words(self) -> bool:
        return any(p.type not in _SPACE_TYPES and (p.type != RUN_TERMINAL or p.strip()) for p in self.pieces)

    def source_text(self, doc: Document) -> str:
        """The normalised text from the label to the region's last word, as printed."""
        extent = self._extent()
        if extent is None:
            return ""
        line, column, end_line, end_column = extent
        lines = doc.normalized.lines[line - 1 : end_line]
        if len(lines) == 1:
            return lines[0][column - 1 : end_column - 1]
        body = [lines[0][column - 1 :], *lines[1:-1], lines[-1][: end_column - 1]]
        return "\n".join(line.rstrip() for line in body if line.strip())

    def label_span(self, doc: Document) -> Span | None:
        label = self.label
        if label is None:
            return None
        return doc.span(label.line, label.column, label.end_line or label.line, label.end_column)

    def span(self, doc: Document) -> Span | None:
        extent = self._extent()
        if extent is None:
            return None
        return doc.span(*extent)


@dataclass
class Document:
    """The normalised text plus the diagnostics gathered while reading it."""

    normalized: NormalizedText
    diagnostics: list[Diagnostic] = field(default_factory=list)
    stylesheet: str = "edgar"  # see layout.detect_stylesheet
    aligned: bool = False  # columns aligned with spaces: rows are read by geometry (blocks.py)
    spaced: bool = False  # plain OCR: a row's cells stand one space apart on one line
    layout: str = "unknown"  # the layout id (layout.py)
    head_in_columns: bool = False  # the boxes above the tables were read column by column (reflow.py)
    # What readers work out once a document and ask again (see geometry.tick_beside). Never a
    # region: a region holds the document (typed_lines), and the two would make a cycle.
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def cells(self, line: int, cells: list[list | None]) -> list[TextCell]:
        """The cells of ``line`` from their [start, end) columns and text (None: read it from
        the line); None is an empty cell."""
        text = self.normalized.lines[line - 1]
        maps = self.normalized.column_maps.get(line - 1)  # looked up once for the line's cells
        spans = [(cell[0], cell[1]) for cell in cells if cell is not None]
        raw = iter(maps.raw_spans(spans) if maps is not None else spans)  # the line's cells mapped at once
        make = TextCell.of
        out = []
        for index, cell in enumerate(cells):
            if cell is None:
                out.append(make("", line, 0, 0, index))
                continue
            start, end, known = cell
            x, x_end = next(raw)
            out.append(make(text[start - 1 : end - 1].strip() if known is None else known, line, start, end, index, x, x_end))
        return out

    def span(self, line: int, column: int, end_line: int, end_column: int) -> Span:
        text = self.normalized
        return Span.of(line, text.raw_column(line, column), end_line, text.raw_end_column(end_line, end_column))

    def cell_span(self, *cells: TextCell) -> Span:
        first, last = cells[0], cells[-1]
        return self.span(first.line, first.column, last.line, last.end_column)

    def raw_slice(self, span: Span | None) -> str | None:
        """The input text under ``span``, exactly as it came in."""
        if span is None:
            return None
        lines = self.normalized.raw_lines[span.line - 1 : span.end_line]
        if not lines:
            return None
        if len(lines) == 1:
            return lines[0][span.column - 1 : span.end_column - 1]
        return "\n".join([lines[0][span.column - 1 :], *lines[1:-1], lines[-1][: span.end_column - 1]])

    def value(self, value, span: Span | None, **extra) -> Value:
        """A record value read from ``span``: its raw text is the input under the span."""
        return Value.of(value, self.raw_slice(span), span, **extra)

    def snippet(self, line: int) -> str:
        return self.normalized.raw_snippet(line)

    def add(self, code: str, severity: str, message: str, span: Span | None = None) -> None:
        snippet = self.snippet(span.line) if span is not None else None
        self.diagnostics.append(Diagnostic(code, severity, message, span, snippet))
