"""One error family. ``str(err)`` reads ``message (at line L, column C)`` and then shows the line
with a caret under the column, so a caller sees where the text went wrong without a traceback.
"""

from __future__ import annotations

__all__ = ["Form4Error", "GrammarFailure", "InputError", "NotAForm4Error", "StrictModeError", "TimeLimitError"]


class Form4Error(Exception):
    """Base class of every error form4_peg raises."""

    def __init__(
        self,
        msg: str,
        *,
        line: int | None = None,
        column: int | None = None,
        snippet: str | None = None,
        source: str | None = None,
        expected: tuple[str, ...] = (),
    ) -> None:
        self.msg = msg
        self.expected = tuple(expected)  # what the parser looked for there, in the form's words
        self.line = line
        self.column = column
        self.snippet = snippet
        self.source = source
        super().__init__(self._render())

    def __str__(self) -> str:  # rendered now: a reader may set ``source`` after raising
        return self._render()

    def _render(self) -> str:
        where = f" (at line {self.line}, column {self.column})" if self.line is not None else ""
        prefix = f"{self.source}: " if self.source else ""
        text = f"{prefix}{self.msg}{where}"
        if len(self.expected) == 1:
            text += "\n    expected: " + self.expected[0]
        elif self.expected:
            text += "\n    expected one of: " + "; ".join(self.expected)
        if self.snippet is not None and self.column is not None:
            shown = self.snippet.replace("\t", " ")
            caret = " " * max(self.column - 1, 0) + "^"
            text += f"\n    {shown}\n    {caret}"
        return text

    def to_dict(self) -> dict[str, object]:
        return {
            "error": type(self).__name__,
            "message": self.msg,
            "line": self.line,
            "column": self.column,
            "snippet": self.snippet,
            "source": self.source,
            "expected": list(self.expected),
        }


class NotAForm4Error(Form4Error):
    """The text is not an ownership form (Form 3, 4 or 5): nothing of the form was found."""


class InputError(Form4Error):
    """The input could not be read: a missing file, undecodable bytes, a size over the limit."""


class GrammarFailure(Form4Error):
    """The grammar could not parse the text; the message names what it expected there."""


class StrictModeError(Form4Error):
    """``strict=True`` and the record carries a warning or an error diagnostic."""


class TimeLimitError(Form4Error):
    """A document took longer than the batch's per-document time limit; the batch went on."""
