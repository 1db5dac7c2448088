"""Builds the Lark parsers once, and reads the grammar's own descriptions of its rules. The grammar files live in ``grammar/`` (shipped in the wheel
as ``form4_peg.grammar``); nothing outside this module imports lark's constructor."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from lark import Lark, Transformer

GRAMMAR_PACKAGE = "form4_peg.grammar"
DOCUMENT_GRAMMAR = "form4.lark"


def grammar_text(name: str = DOCUMENT_GRAMMAR) -> str:
    """The grammar as installed (``form4_peg.grammar``), or from the checkout's ``grammar/``
    when the package is imported from a source tree, where that subpackage does not exist."""
    try:
        return resources.files(GRAMMAR_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except ModuleNotFoundError:
        return (Path(__file__).resolve().parent.parent / "grammar" / name).read_text(encoding="utf-8")


def _lalr(start: str | list[str] = "start", **options) -> Lark:
    """LALR(1) with the contextual lexer: a label is only a token where the grammar accepts it."""
    return Lark(grammar_text(), parser="lalr", lexer="contextual", start=start, maybe_placeholders=False, **options)


@functools.cache
def document_parser() -> Lark:
    """Builds the whole tree, with positions: for ``parse_tree`` and ``form4 debug``."""
    return _lalr(propagate_positions=True)


@functools.cache
def fused_parser(transformer: Transformer) -> Lark:
    """The same parser with ``transformer`` applied at each reduction (lark's ``transformer=``):
    no tree and no positions are built, which halves the parse time. ``parse`` uses it. The
    analysed grammar is cached (pickled in the temp folder): each worker starts faster."""
    return _lalr(transformer=transformer, cache=True)


# ------------------------------------------------------------------ the grammar, described

_DOC = re.compile(r"^///\s?(.*)$")
_DEFINITION = re.compile(r"^(?P<name>\??[_a-z][a-z0-9_]*|[A-Z_][A-Z0-9_]*)(?:\.(?P<priority>-?\d+))?\s*:")


@dataclass(frozen=True)
class GrammarEntry:
    """A rule or terminal of ``form4.lark``: its name, its "///" description and its source."""

    name: str
    kind: str  # "rule" or "terminal"
    description: str
    definition: str
    line: int

    @property
    def public(self) -> bool:
        return not self.name.startswith("_")


@functools.cache
def grammar_entries() -> dict[str, GrammarEntry]:
    """Every rule and terminal of the document grammar, in the order the file defines them."""
    entries: dict[str, GrammarEntry] = {}
    lines = grammar_text().splitlines()
    doc: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        found = _DEFINITION.match(line)
        if found:
            body = [line]
            while index + 1 < len(lines) and lines[index + 1][:1] in (" ", "\t") and lines[index + 1].strip():
                index += 1
                body.append(lines[index])
            name = found.group("name").lstrip("?")
            kind = "terminal" if name.lstrip("_")[:1].isupper() else "rule"
            entries[name] = GrammarEntry(name, kind, " ".join(doc), "\n".join(body), index + 2 - len(body))
            doc = []
        else:
            match = _DOC.match(line)
            doc = doc + [match.group(1).strip()] if match else []
        index += 1
    return entries


def describe_terminal(name: str) -> str:
    """A terminal in the form's words, for messages about what the grammar expected."""
    entry = grammar_entries().get(name)
    return entry.description if entry and entry.description else name


@functools.cache
def rule_parser() -> Lark:
    """The same grammar with every public rule as a start symbol, to parse a snippet from any
    rule (``form4 debug --rule``). Slower to build than ``document_parser``; debug use only."""
    starts = [e.name for e in grammar_entries().values() if e.kind == "rule" and e.public]
    return _lalr(start=starts, propagate_positions=True)


def suggest(name: str, kind: str | None = None) -> str:
    """"; did you mean ..." for a misspelt rule or terminal name, or ""."""
    from rapidfuzz import process

    names = [e.name for e in grammar_entries().values() if e.public and (kind is None or e.kind == kind)]
    found = process.extract(name, names, limit=3, processor=lambda s: s.replace("_", "").casefold(), score_cutoff=60)
    return "; did you mean " + ", ".join(repr(n) for n, _, _ in found) + "?" if found else ""
