"""What the parser saw and why it decided what it did: the stages of ``parse``, kept for people.

``trace(text)`` runs the pipeline once and keeps every stage, even when a later one fails:

    layout tests -> normalized text -> parse tree -> regions -> record (values with provenance)

and adds what a person chasing a wrong value needs: each label the grammar matched (where, and
how close it is to the printed label), each line's region and the record values read from it,
and every value's source with its repairs and diagnostics. ``parse_rule`` parses a snippet from
any rule of the grammar. Nothing here imports rich: ``form4_peg.debug_view`` draws it.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

from lark import Token, Tree
from lark.exceptions import UnexpectedInput
from rapidfuzz import fuzz, process

from ._grammar import grammar_entries, grammar_text, rule_parser, suggest
from .api import Stages, decode, grammar_failure, parse
from .errors import Form4Error, GrammarFailure, InputError
from .layout import LayoutTest, detect_stylesheet, layout_tests
from .normalize import NormalizedText, split_lines
from .records import Diagnostic, Filing, Span, Value
from .regions import Region

# Tokens that are not labels: the words, cells and line breaks between them.
_FILLER = frozenset({"WORD", "TEXT", "TAB", "NL", "ROW_BREAK", "CHECKED", "UNCHECKED"})
_TABLES = {"table_i": "I", "table_ii": "II"}


@dataclass(frozen=True)
class LabelHit:
    """A label the grammar matched: which terminal, where, the text, and how close that text is
    (0-100, rapidfuzz) to the nearest printed label of the form. 100 is the label as printed;
    lower is OCR damage or a label the grammar's pattern tolerates."""

    terminal: str
    region: str
    line: int
    column: int
    text: str
    printed: str
    score: float


@dataclass(frozen=True)
class ValueTrace:
    """One value of the record and where it came from."""

    path: str  # e.g. non_derivative_table[2].transaction_shares
    tag: str  # short owner of the value in the line map: I.2, owner1, F1, ...
    value: Value
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class LineInfo:
    """One line of the text: the regions that hold it, and the values read from it."""

    number: int
    text: str  # normalised
    regions: tuple[str, ...]
    read: tuple[str, ...]  # tags of the record values whose span touches the line
    role: str  # blank, label, header, read, unread, outside (in no region)


@dataclass
class Trace:
    """Every stage of one parse. ``error`` is set when the parse stopped; the stages before it
    are still there."""

    source: str | None
    raw: str
    stages: Stages
    tests: list[LayoutTest]
    stylesheet: str
    error: Form4Error | None = None
    labels: list[LabelHit] = field(default_factory=list)
    lines: list[LineInfo] = field(default_factory=list)
    values: list[ValueTrace] = field(default_factory=list)

    @property
    def layout(self) -> str | None:
        return self.stages.layout

    @property
    def runner_up(self) -> LayoutTest | None:
        """The layout that would have been chosen had the chosen one's test failed; after the
        fallback, the failed test that came nearest its threshold."""
        others = [t for t in self.tests if t.layout != self.layout]
        passed = [t for t in others if t.passed]
        if passed:
            return passed[0]
        def nearness(test: LayoutTest) -> float:
            return test.score / test.threshold if test.threshold else 0.0

        nearest = max(others, key=nearness, default=None)
        return nearest if nearest is not None and nearness(nearest) > 0 else None

    @property
    def normalized(self) -> NormalizedText | None:
        return self.stages.normalized

    @property
    def filing(self) -> Filing | None:
        return self.stages.filing

    @property
    def regions(self) -> list[Region]:
        return self.stages.regions

    def changes(self) -> list[tuple[int, str, str]]:
        """(line, raw, normalised) for every line normalisation changed."""
        if self.normalized is None:
            return []
        return [(n, raw, new) for n, (raw, new) in enumerate(zip(self.normalized.raw_lines, self.normalized.lines), 1)
                if raw != new]

    def region_tree(self, name: str) -> list[Tree]:
        """The parse tree's nodes for a region (``table_i``, ``footnote``, ...), in order."""
        if self.stages.tree is None:
            return []
        return [t for t in self.stages.tree.iter_subtrees_topdown() if t.data == name]


def trace(text: str, source: str | None = None) -> Trace:
    """Parse ``text`` and keep every stage. Never raises a ``Form4Error``: it is kept in ``error``."""
    stages = Stages()
    result = Trace(source, text, stages, list(layout_tests(text)), detect_stylesheet(text))
    try:
        parse(text, source=source, stages=stages)
    except Form4Error as err:
        result.error = err
    if stages.tree is not None:
        result.labels = _labels(stages.tree, stages.regions)
    if stages.filing is not None:
        result.values = list(_values(stages.filing))
    if stages.normalized is not None:
        result.lines = _lines(stages.normalized, stages.regions, result.values)
    return result


def trace_file(path: str | os.PathLike[str]) -> Trace:
    """As ``trace``, for a file; an unreadable file raises ``InputError``."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the file: {err.strerror or err}", source=str(path)) from None
    return trace(decode(data), source=str(path))


def parse_rule(rule: str, text: str) -> Tree:
    """Parse ``text`` from one rule of the grammar (``form4 debug --rule``). Raises
    ``GrammarFailure`` naming, in the form's words, what the rule expected where it failed."""
    entry = grammar_entries().get(rule)
    if entry is None or entry.kind != "rule" or not entry.public:
        hint = suggest(rule, "rule")
        raise GrammarFailure(f"no rule {rule!r} to start from{hint} (`form4 grammar` lists them)")
    try:
        return rule_parser().parse(text if text.endswith("\n") else text + "\n", start=rule)
    except UnexpectedInput as err:
        raise grammar_failure(err, split_lines(text)) from None


# ----------------------------------------------------------------------------- labels


@functools.cache
def _printed_labels() -> tuple[str, ...]:
    lines = grammar_text("labels.txt").splitlines()
    return tuple(line for line in lines if line and not line.startswith("#"))


def _label_score(text: str, label: str, **_) -> float:
    """How well ``text`` matches the printed ``label``, or a stretch of it: a short label found
    inside a long text does not count as a match of the text."""
    if len(label) >= len(text):
        return fuzz.partial_ratio(text, label)
    return fuzz.ratio(text, label)


@functools.cache
def _quoted(terminal: str) -> tuple[str, ...]:
    """The printed words a terminal's "///" description quotes ('/s/', 'Reminder: ...')."""
    entry = grammar_entries().get(terminal)
    quotes = re.findall(r"'([^']{2,})'", entry.description) if entry else []
    return tuple(q.removesuffix(" ...").strip() for q in quotes)


def _closest_printed(text: str, terminal: str = "") -> tuple[str, float]:
    squeezed = " ".join(text.split())
    choices = _printed_labels() + _quoted(terminal)
    best = process.extractOne(squeezed, choices, scorer=_label_score, processor=str.casefold)
    if best is None:
        return "", 0.0
    label = best[0]
    # Show the stretch of a long printed line that the text matched, not the whole line.
    if len(label) > len(squeezed) + 10:
        align = fuzz.partial_ratio_alignment(squeezed.casefold(), label.casefold())
        label = label[align.dest_start:align.dest_end]
    return label, round(best[1], 1)


def _labels(tree: Tree, regions: list[Region]) -> list[LabelHit]:
    owner = {id(r.label): r.name for r in regions if r.label is not None}
    hits = []
    for region in regions:
        tokens = ([region.label] if region.label is not None else []) + region.tokens
        for token in tokens:
            if token.type in _FILLER:
                continue
            printed, score = _closest_printed(str(token), token.type)
            lead = str(token)[: len(str(token)) - len(str(token).lstrip())]
            line = token.line + lead.count("\n")
            column = len(lead) - lead.rfind("\n") if "\n" in lead else token.column + len(lead)
            hits.append(LabelHit(token.type, owner.get(id(token), region.name), line, column,
                                 " ".join(str(token).split()), printed, score))
    return sorted(hits, key=lambda h: (h.line, h.column))


# ----------------------------------------------------------------------------- values


def _walk(obj, path: str = "", tag: str | None = None):
    """(path, tag, value) of every Value under ``obj``; a top-level value is its own tag."""
    for f in fields(obj):
        item = getattr(obj, f.name)
        name = f"{path}.{f.name}" if path else f.name
        if isinstance(item, Value):
            yield name, tag or name, item
        elif isinstance(item, tuple) and f.name != "diagnostics":
            for index, child in enumerate(item, 1):
                yield from _walk_item(child, f"{name}[{index}]", f.name, index)
        elif hasattr(item, "__dataclass_fields__"):
            yield from _walk(item, name, f.name)


_TAGS = {"reporting_owners": "owner{}", "non_derivative_table": "I.{}", "derivative_table": "II.{}",
         "owner_signatures": "sig{}", "attachments": "att{}"}


def _walk_item(item, path: str, collection: str, index: int):
    if collection == "footnotes":
        yield path, item.footnote_id, Value(item.text, span=item.span)
    elif collection == "attachments":
        yield path, _TAGS[collection].format(index), Value(item.title, span=item.span)
    else:
        yield from _walk(item, path, _TAGS.get(collection, collection + "{}").format(index))


def _touches(span: Span | None, other: Span | None) -> bool:
    if span is None or other is None:
        return False
    return (span.line, span.column) < (other.end_line, other.end_column) and \
        (other.line, other.column) < (span.end_line, span.end_column)


def _values(filing: Filing):
    for path, tag, value in _walk(filing):
        if not value.present and value.raw is None:
            continue
        notes = tuple(d for d in filing.diagnostics if _touches(value.span, d.span))
        yield ValueTrace(path, tag, value, notes)


# ----------------------------------------------------------------------------- lines


def _region_lines(region: Region) -> range:
    tokens = ([region.label] if region.label is not None else []) + region.words
    if not tokens:
        return range(0)
    first = tokens[0].line
    last = max(t.end_line or t.line for t in tokens)
    return range(first, last + 1)


def _lines(normalized: NormalizedText, regions: list[Region], values: list[ValueTrace]) -> list[LineInfo]:
    holders: dict[int, list[str]] = {}
    labels: set[int] = set()
    headers: set[int] = set()
    for region in regions:
        if region.name == "preamble":
            continue
        for number in _region_lines(region):
            names = holders.setdefault(number, [])
            if region.name not in names:
                names.append(region.name)
        if region.label is not None:
            labels.update(range(region.label.line, (region.label.end_line or region.label.line) + 1))
        for token in region.tokens:
            if token.type == "COLUMN_LABEL" or (token.type not in _FILLER and region.name in _TABLES):
                headers.add(token.line)
            elif token.type not in _FILLER:
                labels.add(token.line)
    read: dict[int, list[str]] = {}
    for item in values:
        span = item.value.span
        if span is None:
            continue
        for number in range(span.line, span.end_line + 1):
            tags = read.setdefault(number, [])
            if item.tag not in tags:
                tags.append(item.tag)
    for region in regions:  # a table's lines down to its last column heading are its head
        if region.name in _TABLES:
            heading_lines = [t.line for t in region.tokens if t.type == "COLUMN_LABEL"]
            if heading_lines and region.label is not None:
                headers.update(range(region.label.line, max(heading_lines) + 1))
    out = []
    for number, text in enumerate(normalized.lines, 1):
        names = tuple(holders.get(number, ()))
        tags = tuple(read.get(number, ()))
        if not text.strip():
            role = "blank"
        elif tags:
            role = "read"
        elif number in headers:
            role = "header"
        elif number in labels:
            role = "label"
        elif not names:
            role = "outside"
        else:
            role = "unread"
        out.append(LineInfo(number, text, names, tags, role))
    return out


def find_regions(trace_: Trace, name: str) -> list[Region]:
    """The regions called ``name``; ``name#2`` is the second of them."""
    base, _, nth = name.partition("#")
    found = [r for r in trace_.regions if r.name == base]
    if not nth:
        return found
    index = int(nth) - 1 if nth.isdigit() else -1
    return [found[index]] if 0 <= index < len(found) else []


def token_rows(region: Region) -> list[tuple[str, int, int, str]]:
    """(type, line, column, text) of a region's label and tokens, line breaks included."""
    tokens: list[Token] = ([region.label] if region.label is not None else []) + region.tokens
    return [(t.type, t.line, t.column, str(t)) for t in tokens]


__all__ = [
    "LabelHit",
    "LineInfo",
    "Trace",
    "ValueTrace",
    "find_regions",
    "parse_rule",
    "token_rows",
    "trace",
    "trace_file",
]
