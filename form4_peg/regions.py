"""Regions: what the grammar's rules become before they become records.

A ``Region`` is a label token and the tokens that follow it up to the next label; its content
reads as lines of TAB-separated cells, each cell with its place in the source. ``Document``
carries the normalised text and gathers diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lark import Token

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


@dataclass(frozen=True)
class TextCell:
    """The text of one cell (between TABs, within a line) and where it sits."""

    text: str
    line: int
    column: int
    end_column: int
    index: int  # position among the line's cells, empty cells counted
    x: int = 0  # raw columns: where the cell sits on the page in text laid out with spaces
    x_end: int = 0


@dataclass
class Region:
    """A labelled region: ``label`` is None for the text before the first label."""

    name: str
    label: Token | None
    tokens: list[Token] = field(default_factory=list)
    part: str = "head"  # head, body or attachment

    @property
    def label_text(self) -> str:
        return str(self.label) if self.label is not None else ""

    @property
    def words(self) -> list[Token]:
        return [t for t in self.tokens if t.type not in _SPACE_TYPES]

    def lines(self, doc: Document) -> list[list[TextCell]]:
        """The content line by line, each a list of cells (TAB-separated); ``[]`` is a blank line.

        The rest of the label's own line comes first, and is left out when it is empty. A
        ROW_BREAK ends a line as a line break does, but never makes a blank line.
        """
        return [cells for cells, _ in self.typed_lines(doc)]

    def typed_lines(self, doc: Document) -> list[tuple[list[TextCell], set[str]]]:
        """As ``lines``, each line with the set of token types it holds (``COLUMN_LABEL``, ...)."""
        out: list[tuple[list[TextCell], set[str]]] = []
        cells: list[list[Token]] = [[]]
        types: set[str] = set()
        line_no = None
        label_line = self.label.line if self.label is not None else None
        for token in self.tokens:
            if token.type in ("NL", "ROW_BREAK"):
                if line_no is not None:
                    out.append((doc.cells(line_no, cells), types))
                elif token.type == "NL" and token.line != label_line:
                    out.append(([], set()))
                cells, types, line_no = [[]], set(), None
                continue
            line_no = token.line
            types.add(token.type)
            if token.type == "TAB":
                cells.append([])
            else:
                cells[-1].append(token)
        if line_no is not None:
            out.append((doc.cells(line_no, cells), types))
        return out

    def source_text(self, doc: Document) -> str:
        """The normalised text from the label to the region's last word, as printed."""
        tokens = ([self.label] if self.label is not None else []) + self.words
        if not tokens:
            return ""
        first, last = tokens[0], tokens[-1]
        lines = doc.normalized.lines[first.line - 1 : last.line]
        if len(lines) == 1:
            return lines[0][first.column - 1 : last.end_column - 1]
        body = [lines[0][first.column - 1 :], *lines[1:-1], lines[-1][: last.end_column - 1]]
        return "\n".join(line.rstrip() for line in body if line.strip())

    def label_span(self, doc: Document) -> Span | None:
        label = self.label
        if label is None:
            return None
        return doc.span(label.line, label.column, label.end_line or label.line, label.end_column)

    def span(self, doc: Document) -> Span | None:
        tokens = ([self.label] if self.label is not None else []) + self.words
        if not tokens:
            return None
        return doc.span(tokens[0].line, tokens[0].column, tokens[-1].line, tokens[-1].end_column)


@dataclass
class Document:
    """The normalised text plus the diagnostics gathered while reading it."""

    normalized: NormalizedText
    diagnostics: list[Diagnostic] = field(default_factory=list)
    stylesheet: str = "edgar"  # see layout.detect_stylesheet
    aligned: bool = False  # columns aligned with spaces: rows are read by geometry (blocks.py)
    spaced: bool = False  # plain OCR: a row's cells stand one space apart on one line
    layout: str = "unknown"  # the layout id (layout.py)

    def cells(self, line: int, cells: list[list[Token]]) -> list[TextCell]:
        text = self.normalized.lines[line - 1]
        out = []
        for index, tokens in enumerate(cells):
            if tokens:
                start, end = tokens[0].column, tokens[-1].end_column
                if tokens[-1].end_line != line:  # a label that runs on to the next lines: this line's part
                    end = len(text) + 1
                x, x_end = self.normalized.raw_column(line, start), self.normalized.raw_end_column(line, end)
                out.append(TextCell(text[start - 1 : end - 1].strip(), line, start, end, index, x, x_end))
            else:
                out.append(TextCell("", line, 0, 0, index))
        return out

    def span(self, line: int, column: int, end_line: int, end_column: int) -> Span:
        text = self.normalized
        return Span(line, text.raw_column(line, column), end_line, text.raw_end_column(end_line, end_column))

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
        return Value(value, raw=self.raw_slice(span), span=span, **extra)

    def snippet(self, line: int) -> str:
        return self.normalized.raw_snippet(line)

    def add(self, code: str, severity: str, message: str, span: Span | None = None) -> None:
        snippet = self.snippet(span.line) if span is not None else None
        self.diagnostics.append(Diagnostic(code, severity, message, span, snippet))
