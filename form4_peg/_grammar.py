"""Builds the Lark parsers once. The grammar files live in ``grammar/`` (shipped in the wheel
as ``form4_peg.grammar``); nothing outside this module imports lark's constructor."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from lark import Lark

GRAMMAR_PACKAGE = "form4_peg.grammar"
DOCUMENT_GRAMMAR = "form4.lark"


def grammar_text(name: str = DOCUMENT_GRAMMAR) -> str:
    """The grammar as installed (``form4_peg.grammar``), or from the checkout's ``grammar/``
    when the package is imported from a source tree, where that subpackage does not exist."""
    try:
        return resources.files(GRAMMAR_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except ModuleNotFoundError:
        return (Path(__file__).resolve().parent.parent / "grammar" / name).read_text(encoding="utf-8")


@functools.cache
def document_parser() -> Lark:
    """LALR(1) with the contextual lexer: a label is only a token where the grammar accepts it."""
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        start="start",
        propagate_positions=True,
        maybe_placeholders=False,
    )
