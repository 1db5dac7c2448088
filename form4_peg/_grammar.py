"""Builds the Lark parsers once, and reads the grammar's own descriptions of its rules. The grammar files live in ``grammar/`` (shipped in the wheel
as ``form4_peg.grammar``); nothing outside this module imports lark's constructor."""

from __future__ import annotations

import functools
import math
import re
import sys
try:  # the parsed form of a regex: to tell a label's first characters
    import re._constants as _sre
    import re._parser as _sre_parser
except ImportError:  # Python 3.10, where they are modules of their own
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parser  # type: ignore[no-redef]
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from lark import Lark, Token, Transformer
from lark.lexer import PatternRE, TerminalDef

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
    return Lark(grammar_text(), parser="lalr", lexer="contextual", start=start, maybe_placeholders=False,
                edit_terminals=_RunsStopAtLabels(), **options)


RUN_TERMINAL = "TEXT"
_LABEL_PRIORITY = 3  # terminals of this priority or more are labels (see the grammar's terminals)


class _RunsStopAtLabels:
    """The ``edit_terminals`` hook that completes the run terminal (TEXT). The grammar writes
    three lookaheads into the run's pattern; each becomes an alternation of label patterns, so
    that a run stops wherever any label could start:

    - ``WORD_LABELS`` before a word: the labels that can start with a word's character;
    - ``SPACE_LABELS`` before spaces, a TAB or a line break: those that can start with one;
    - ``LINE_LABELS`` after a line break: those anchored at the start of a line (``^``).

    A label whose pattern has alternatives is split into them, and the alternatives stand
    behind tests of their first characters, one test for all that share a first character
    (see ``_dispatch``): a run asks at each word, and the regex engine skips a test on its
    first character, so a word asks about ten character tests, not every label. The line
    labels that allow an indent (``^[ \\t]*``) share one reading of it: a line of layout text
    opens with dozens of spaces, which each label would otherwise step over on its own. Lark
    hands over the terminals one by one, in no set order; the run's pattern is rewritten as
    each label comes, and is whole after the last."""

    def __init__(self) -> None:
        # (alternative, its first characters) of each group
        self.groups: dict[str, list[tuple[str, set[str] | None]]] = {
            "WORD_LABELS": [], "SPACE_LABELS": [], "LINE_LABELS": []}
        self.indented: list[tuple[str, set[str] | None]] = []  # line labels after their indent, read once
        self.run: TerminalDef | None = None
        self.template = ""

    def __call__(self, terminal: TerminalDef) -> None:
        if terminal.name == RUN_TERMINAL:
            self.run, self.template = terminal, terminal.pattern.value
        elif terminal.priority >= _LABEL_PRIORITY:
            for alternative in alternatives(terminal.pattern.to_regexp()):
                first = _first_set(alternative)
                for group in _groups_of(alternative, first):
                    rest = _after_indent(alternative) if group == "LINE_LABELS" else None
                    if rest is not None:
                        self.indented.append((rest, _first_set(rest)))
                    else:
                        self.groups[group].append((alternative, first))
        if self.run is not None:
            pattern = self.template
            indent = [f"[ \t]*{_after_spaces(self.indented)}(?:{_dispatch(self.indented)})"] if self.indented else []
            for group, members in self.groups.items():
                tests = ([_dispatch(members)] if members else []) + (indent if group == "LINE_LABELS" else [])
                # (a group with no label drops its test: "(?!(?!))" would pass, at a cost, at
                # every space of the text)
                pattern = pattern.replace(group, "|".join(tests)) if tests else pattern.replace(f"(?!{group})", "")
            old = self.run.pattern
            self.run.pattern = PatternRE(_possessive(pattern), old.flags, old.raw)


def _possessive(pattern: str) -> str:
    """The run's repeat (its closing ``)+``) made possessive, ``)++``, where Python's ``re``
    reads that (3.11 and later). A greedy repeat keeps a place to back off to for each word,
    space, TAB and line break it takes, some 150 bytes each: a run of 2 MB of cells held
    230 MB while it was matched (benchmarks/memory.py). Nothing follows the run in its pattern, so it never backs off, and
    the possessive repeat matches the same text without those places. Python 3.10 reads no
    possessive repeat: there the repeat is bounded instead, so that a long run is read as
    several runs one after another, each holding a few hundred kB while it is matched."""
    if pattern.endswith(")+"):
        return pattern + "+" if _POSSESSIVE else pattern[:-1] + "{1,%d}" % _RUN_UNITS
    return pattern


_POSSESSIVE = sys.version_info >= (3, 11)
_RUN_UNITS = 2048  # words, spaces and breaks a run takes at most, where it cannot be possessive

_SPACE = frozenset({" ", "\t", "\n", "\x0b", "\f", "\u00a0", "\\s"})


def _groups_of(regexp: str, first: set[str] | None) -> tuple[str, ...]:
    """Where a run must test for ``regexp``, whose first characters are ``first``: after a line
    break only, when it is anchored at a line's start; else before words, before spaces, or
    both (both when its first characters cannot be told)."""
    if _starts_at_line(regexp):
        return ("LINE_LABELS",)
    if first is None:
        return ("WORD_LABELS", "SPACE_LABELS")
    return tuple(group for group, wanted in (("WORD_LABELS", bool(first - _SPACE)), ("SPACE_LABELS", bool(first & _SPACE)))
                 if wanted)


def _starts_at_line(regexp: str) -> bool:
    items = _sre_parser.parse(regexp)
    while items:
        op, arg = items[0]
        if op is _sre.SUBPATTERN:
            items = arg[3]
            continue
        return op is _sre.AT and arg in (_sre.AT_BEGINNING, _sre.AT_BEGINNING_LINE, _sre.AT_BEGINNING_STRING)
    return False


_INDENT = re.compile(r"^(?P<flags>\(\?[a-zA-Z]+:)?\^\[(?: \\t|\\t | \t|\t )\]\*(?![*+?{])")


def _after_indent(regexp: str) -> str | None:
    """``(?mi:^[ \\t]*Remarks)`` as ``(?mi:Remarks)``: what a line label asks for after an
    optional indent, or None when it does not open so. Only tested after a line break, the two
    are the same test."""
    found = _INDENT.match(regexp)
    if found is None:
        return None
    return (found.group("flags") or "") + regexp[found.end():]


def _after_spaces(members: list[tuple[str, set[str] | None]]) -> str:
    """``(?=[^ \\t])`` when no pattern of ``members`` can start with a space or TAB: the indent
    before them is then read whole, and the regex engine does not try them again at each of
    its spaces as it backs off (a layout line's indent is dozens of spaces)."""
    if all(first and not first & {" ", "\t", "\\s"} for _, first in members):
        return "(?=[^ \t])"
    return ""


def alternatives(regexp: str) -> list[str]:
    """``(?i:A|B)`` as ``["(?i:A)", "(?i:B)"]``: the top-level alternatives of a pattern, each
    with the pattern's flags; the pattern itself when it has one alternative."""
    flags, body = "", regexp
    while body.startswith("(?") and body.endswith(")") and _closing(body) == len(body) - 1:
        head = re.match(r"\(\?([a-zA-Z]+):", body)
        if head is None:
            break
        flags, body = flags + head.group(1), body[head.end() : -1]
    parts, start = [], 0
    for index, char, depth in _syntax(body):
        if char == "|" and depth == 0:
            parts.append(body[start:index])
            start = index + 1
    parts.append(body[start:])
    return [f"(?{flags}:{part})" if flags else part for part in parts]


def _closing(pattern: str) -> int:
    """The index of the ")" that closes the group opening the pattern, or -1."""
    return next((index for index, char, depth in _syntax(pattern) if char == ")" and depth == 0), -1)


def _syntax(pattern: str):
    """(index, character, group depth after it) of each character of ``pattern`` that is
    syntax: escapes and character classes are stepped over whole."""
    depth, index = 0, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":  # a class: to its closing "]" (a "]" first in it is a member)
            index += 2 if pattern[index + 1 : index + 2] == "^" else 1
            index += 1 if pattern[index : index + 1] == "]" else 0
            while index < len(pattern) and pattern[index] != "]":
                index += 2 if pattern[index] == "\\" else 1
            index += 1
            continue
        depth += 1 if char == "(" else -1 if char == ")" else 0
        yield index, char, depth
        index += 1


def _dispatch(members: list[tuple[str, set[str] | None]]) -> str:
    """An alternation of the patterns ``members`` (pattern, first characters), ordered by first
    character: each set of characters that the same patterns can start with is one test,
    ``[Tt](?<=(?=TABLE...|TITLE...)[\\s\\S])``, which the regex engine runs before it enters
    the branch. A pattern whose first characters include a class (``\\d``), which could share
    characters with the literal ones, keeps a test of its own (``_guarded``).

    Where there are many tests, they stand in buckets behind a test of all their characters
    (about the square root of their number in each): a word that starts no label fails a
    bucket's test, not each of its tests, and so asks about twice that root, not them all."""
    plain = [(regexp, first) for regexp, first in members if first and not any(len(c) > 1 and c[1] in "dswDSW" for c in first)]
    own = [_guarded(regexp, first) for regexp, first in members if (regexp, first) not in plain]
    by_patterns: dict[tuple[int, ...], list[str]] = {}
    for char in sorted({c for _, first in plain for c in first}):
        by_patterns.setdefault(tuple(k for k, (_, first) in enumerate(plain) if char in first), []).append(char)
    tests = [(chars, f"[{''.join(chars)}](?<=(?={'|'.join(plain[k][0] for k in patterns)})[\\s\\S])")
             for patterns, chars in by_patterns.items()]
    size = math.isqrt(len(tests) - 1) + 1 if len(tests) > _BUCKETS_FROM else max(len(tests), 1)
    buckets = [tests[k : k + size] for k in range(0, len(tests), size)]
    return "|".join([bucket[0][1] if len(bucket) == 1 else
                     f"[{''.join(c for chars, _ in bucket for c in chars)}](?<=(?={'|'.join(t for _, t in bucket)})[\\s\\S])"
                     for bucket in buckets] + own)


_BUCKETS_FROM = 6  # tests: fewer stand alone


def _guarded(regexp: str, first: set[str] | None) -> str:
    """``regexp`` behind a test of its first characters ``first``,
    ``[Ff](?<=(?=FORM...)[\\s\\S])``, which the regex engine runs before it enters a branch: a
    run asks all labels at each word, and most fail on the first character. Unguarded when the
    first characters cannot be told."""
    return f"[{''.join(sorted(first))}](?<=(?={regexp})[\\s\\S])" if first else f"(?:{regexp})"


def _first_set(regexp: str) -> set[str] | None:
    """The characters a match of ``regexp`` can start with, as members of a character class
    (``F``, ``\\-``, ``\\d``); None when that cannot be told (an empty match, a negated class,
    a backreference)."""
    try:
        parsed = _sre_parser.parse(regexp)
        found, empty = _first(parsed, bool(parsed.state.flags & _sre.SRE_FLAG_IGNORECASE))
    except (_Unknown, re.error):
        return None
    return None if empty or not found else found


class _Unknown(Exception):
    pass


_CATEGORIES = {_sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_SPACE: r"\s", _sre.CATEGORY_WORD: r"\w"}
_REPEATS = tuple(op for op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)) if op)


def _char(code: int, fold: bool) -> set[str]:
    char = chr(code)
    chars = {char, char.lower(), char.upper()} if fold else {char}
    return {"\\" + c if c in "\\]^-[" else c for c in chars}


def _first(items, fold: bool) -> tuple[set[str], bool]:
    """(first characters, whether the sequence can match empty) of a parsed regex sequence."""
    found: set[str] = set()
    for op, arg in items:
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):  # zero width: look past it
            continue
        if op is _sre.LITERAL:
            return found | _char(arg, fold), False
        if op is _sre.IN:
            for kind, value in arg:
                if kind is _sre.LITERAL:
                    found |= _char(value, fold)
                elif kind is _sre.RANGE and value[1] - value[0] < 256:
                    for code in range(value[0], value[1] + 1):
                        found |= _char(code, fold)
                elif kind is _sre.CATEGORY and value in _CATEGORIES:
                    found.add(_CATEGORIES[value])
                else:
                    raise _Unknown
            return found, False
        if op is _sre.SUBPATTERN:
            _, add, remove, sub = arg
            inner, empty = _first(sub, (fold or bool(add & _sre.SRE_FLAG_IGNORECASE))
                                  and not remove & _sre.SRE_FLAG_IGNORECASE)
        elif op is _sre.BRANCH:
            inner, empty = set(), False
            for sub in arg[1]:
                chars, can_be_empty = _first(sub, fold)
                inner |= chars
                empty = empty or can_be_empty
        elif op in _REPEATS:
            inner, empty = _first(arg[2], fold)
            empty = empty or arg[0] == 0
        else:
            raise _Unknown
        found |= inner
        if not empty:
            return found, False
    return found, True


@functools.cache
def document_parser() -> Lark:
    """Builds the whole tree, with positions: for ``parse_tree`` and ``form4 debug``."""
    return _lalr(propagate_positions=True)


@functools.cache
def fused_parser(transformer: Transformer) -> Lark:
    """The same parser with ``transformer`` applied at each reduction (lark's ``transformer=``):
    no tree and no positions are built, which halves the parse time. ``parse`` uses it.

    The analysed grammar is built anew in each process (about 0.1 s more than loading lark's
    pickled cache) and never read from disk: a pickle is code, and a cache file that another
    user could plant or swap would run as whoever parses next."""
    return _compile_scanners(_lalr(transformer=transformer))


class SlowPath(Exception):
    """``FastLalr`` met input that only lark's own parse can report on (a character no lexer
    state reads, a token its state does not accept): the caller runs lark's parse for the error."""


class TooManyRegions(Exception):
    """``FastLalr`` reduced more public rules (regions, mostly) than its caller allows: a text
    of a label on every line, each region some hundreds of bytes, is refused before its regions
    outgrow it a hundredfold."""

    def __init__(self, limit: int, line: int) -> None:
        super().__init__(limit, line)
        self.limit, self.line = limit, line


class FastLalr:
    """lark's LALR(1) parse table, contextual lexer regexes and callbacks, driven by one loop.

    lark's own loop spends most of a parse between tokens: a generator, a handful of calls
    and a ``Token`` constructor for each token, and for each item of an inlined list rule
    (``_head_atoms: | _head_atoms (TEXT | WORD | ...)``) a filter and a new tree node. This loop
    reads the same tables with the same regexes, makes the same tokens and calls the same
    callbacks, in about two thirds of the time (benchmarks/bench_parse.py --stages), save that
    an item of an inlined list is appended to its list's node in place, the node lark's
    left-recursion shortcut would have grown, and that it tries the run terminal's own regex
    before a state's whole regex, where that gives the same token (``_run_first``). Anything
    else it meets raises ``SlowPath``. Built by ``fast_parser``; ``tests/test_grammar.py`` holds
    it to lark's result on every fixture.
    """

    def __init__(self, parser: Lark, start: str = "start") -> None:
        from lark.parsers.lalr_analysis import Shift

        frontend = parser.parser
        inner = frontend.parser.parser
        table = inner.parse_table
        self._shift = Shift
        self._start, self._end = table.start_states[start], table.end_states[start]
        self._scanners = {}
        runs: dict[str, object] = {}  # the run terminal's own regex, compiled once
        for state, lexer in frontend.lexer.lexers.items():
            mres = lexer.scanner._mres
            if len(mres) != 1 or lexer.callback:  # a split regex or lexer callbacks: lark's loop only
                raise TypeError("FastLalr reads one regex a state and no lexer callbacks")
            self._scanners[state] = (mres[0].match, frozenset(lexer.newline_types), frozenset(lexer.ignore_types),
                                     _run_first(lexer, runs))
        transformer = parser.options.transformer
        # Each rule: (its length, its callback, the symbol it makes, whether it is an item of an
        # inlined list, which the loop appends to its list's node in place, whether it is a
        # public rule: a region, or one of the few that gather them).
        rules = {rule: (len(rule.expansion), f, rule.origin.name,
                        _inlined_list(rule) and not hasattr(transformer, rule.origin.name),
                        not rule.origin.name.startswith("_"))
                 for rule, f in inner.callbacks.items() if not isinstance(rule, str)}
        # The table with each reduction's rule already looked up: a Rule hashes in Python, and
        # a parse reduces a few hundred times.
        self._states = {state: {symbol: (action, arg if action is Shift else rules[arg])
                                for symbol, (action, arg) in actions.items()}
                        for state, actions in table.states.items()}

    def parse(self, text: str, max_regions: int | None = None):
        """What ``Lark.parse(text)`` returns, or ``SlowPath``; ``TooManyRegions`` once the
        public rules reduced pass ``max_regions``."""
        states, shift, scanners, new = self._states, self._shift, self._scanners, _new_str
        state_stack = [self._start]
        value_stack: list = []
        pos, line, line_start, size = 0, 1, 0, len(text)
        regions_left = max_regions + 1 if max_regions is not None else -1
        kind = ""  # the last token's type
        while pos < size:
            match, newline_types, ignore_types, run = scanners[state_stack[-1]]
            # A run is tried first (see _run_first): at a line's start, from the line break
            # before it, whose branch of the run tests for the line labels. Where no run
            # starts, or at the text's start, the state's whole regex, labels first.
            found = None
            if run is not None and pos and kind != RUN_TERMINAL:  # (a run ends where none can start)
                found = run(text, pos - 1) if text[pos - 1] == "\n" else run(text, pos)
                if found is not None and found.end() <= pos:
                    found = None
            if found is not None:
                kind = RUN_TERMINAL
                end = found.end()
                value = text[pos:end]
            else:
                found = match(text, pos)
                if found is None:
                    raise SlowPath
                kind = found.lastgroup
                value = found.group()
                end = found.end()
            token_line, column = line, pos - line_start + 1
            if kind in newline_types:
                breaks = value.count("\n")
                if breaks:
                    line += breaks
                    line_start = pos + value.rindex("\n") + 1
            if kind in ignore_types:
                pos = end
                continue
            token = new(Token, value)
            token.type, token.value, token.start_pos, token.line, token.column = kind, value, pos, token_line, column
            token.end_line, token.end_column, token.end_pos = line, end - line_start + 1, end
            pos = end
            while True:
                try:
                    action, arg = states[state_stack[-1]][kind]
                except KeyError:
                    raise SlowPath from None
                if action is shift:
                    state_stack.append(arg)
                    value_stack.append(token)
                    break
                count, callback, made, grows, public = arg
                if public:
                    regions_left -= 1
                    if not regions_left:
                        raise TooManyRegions(max_regions, token_line)
                if grows:  # "_atoms: _atoms TERMINAL": the item joins its list's node, which stays
                    item = value_stack.pop()
                    value_stack[-1].children.append(item)
                    del state_stack[-2:]
                elif count:
                    children = value_stack[-count:]
                    del state_stack[-count:]
                    del value_stack[-count:]
                    value_stack.append(callback(children))
                else:
                    value_stack.append(callback([]))
                state_stack.append(states[state_stack[-1]][made][1])
        while True:  # the end: reduce to the start symbol
            action, arg = states[state_stack[-1]].get("$END", (None, None))
            if action is None or action is shift:
                raise SlowPath
            count, callback, made, _, public = arg
            if public:
                regions_left -= 1
                if not regions_left:
                    raise TooManyRegions(max_regions, line)
            children = value_stack[len(value_stack) - count:]
            del state_stack[len(state_stack) - count:]
            del value_stack[len(value_stack) - count:]
            value_stack.append(callback(children))
            state_stack.append(states[state_stack[-1]][made][1])
            if state_stack[-1] == self._end:
                return value_stack[-1]


_new_str = str.__new__


def _run_first(lexer, compiled: dict):
    """The run terminal's own ``match``, when a state may try it before its whole regex, or
    None. A state's regex tries its labels first, each failing in turn at the start of nearly
    every run; but the run's pattern already stops before any label (its lookaheads), so where
    a run matches, no label does, and the whole regex would have returned the same run. At a
    line's start the run is read from the line break before it: the run's branch for a line
    break is the one that tests for the labels that stand at a line's start (``^``). That holds
    when every terminal that would be tried before the run is a label (``FastLalr.parse``)."""
    run = lexer.terminals_by_name.get(RUN_TERMINAL)
    if run is None:
        return None
    if any(t.priority >= run.priority and t.name != RUN_TERMINAL and t.priority < _LABEL_PRIORITY
           for t in lexer.terminals):
        return None
    pattern = run.pattern.to_regexp()
    if pattern not in compiled:
        compiled[pattern] = re.compile(pattern, lexer.g_regex_flags).match
    return compiled[pattern]


def make_token(kind: str, value: str, start_pos: int, line: int, column: int, end_line: int, end_column: int,
               end_pos: int) -> Token:
    """``Token(kind, value, start_pos, line, column, end_line, end_column, end_pos)`` without the
    two calls of lark's constructor (readers split runs into tokens by the hundred a document)."""
    token = _new_str(Token, value)
    token.type, token.value, token.start_pos, token.line, token.column = kind, value, start_pos, line, column
    token.end_line, token.end_column, token.end_pos = end_line, end_column, end_pos
    return token


def _inlined_list(rule) -> bool:
    """An item of an inlined, left-recursive list of terminals: ``_atoms: _atoms TERMINAL``."""
    expansion = rule.expansion
    return rule.origin.name.startswith("_") and len(expansion) == 2 and expansion[0] == rule.origin \
        and expansion[1].is_term


@functools.cache
def fast_parser(transformer: Transformer) -> FastLalr | None:
    """``fused_parser(transformer)`` driven by ``FastLalr``; None when this lark's internals are
    not the ones it reads (another lark release): ``parse`` then runs lark's own loop."""
    try:
        return FastLalr(fused_parser(transformer))
    except (AttributeError, KeyError, TypeError, ImportError):
        return None


def _compile_scanners(parser: Lark) -> Lark:
    """Compile the regex of each parser state's lexer now. Lark compiles one the first time a
    text reaches its state, a few milliseconds each (the run's pattern is in every one): that
    cost would fall on whichever documents came first to each state, not on the start."""
    lexer = getattr(getattr(parser, "parser", None), "lexer", None)
    for state_lexer in {id(each): each for each in getattr(lexer, "lexers", {}).values()}.values():
        getattr(state_lexer, "scanner", None)
    return parser


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
