"""Builds the Lark parsers once. The grammar files live in ``grammar/`` (shipped in the wheel
as ``form4_peg.grammar``); nothing outside this module imports lark's constructor."""

from __future__ import annotations

import functools
from importlib import resources

from lark import Lark

GRAMMAR_PACKAGE = "form4_peg.grammar"
DOCUMENT_GRAMMAR = "form4.lark"


def grammar_text(name: str = DOCUMENT_GRAMMAR) -> str:
    return resources.files(GRAMMAR_PACKAGE).joinpath(name).read_text(encoding="utf-8")


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
