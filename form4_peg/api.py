"""The library surface: ``parse`` and ``parse_file``, and the intermediate stages behind them.

    text --normalize()--> NormalizedText --parse_tree()--> lark Tree --regions()--> [Region]
         --build_filing()--> Filing

Every failure is a ``Form4Error``; no lark exception reaches a caller.
"""

from __future__ import annotations

import functools
import gc
import os
import re
from dataclasses import dataclass, field, replace

from lark import Token, Tree
from lark.exceptions import LarkError, UnexpectedInput, VisitError

from ._grammar import (RUN_TERMINAL, SlowPath, TooManyRegions, describe_terminal, document_parser, fast_parser,
                       fused_parser)
from .containers import html_to_text, is_submission, looks_like_html, ownership_document, submission_types
from .errors import Form4Error, GrammarFailure, InputError, NotAForm4Error, StrictModeError
from .grids import unrule
from .layout import GAP_LAYOUTS, OCR_LAYOUTS, PIPE_LAYOUTS, SPACED_LAYOUTS, detect_layout, detect_stylesheet
from .normalize import NormalizedText, normalize
from .ownership_xml import looks_like_xml, parse_xml
from .records import Diagnostic, Filing, Span
from .regions import Document, Region
from .transformer import RegionTransformer, build_filing, regions_of
from .reflow import reflow
from .wrapping import unwrap

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# Labelled regions a text may have: a form has some dozens, a long one with attachments a few
# hundred. A region costs some hundreds of bytes, so a text of a label on every line ("Form 4"
# a million times) would take a hundred times its size; it is refused at this many.
MAX_REGIONS = 100_000

# Regions that only an ownership form has; a text needs two of them to count as one.
_FORM_EVIDENCE = {
    "owner_box": "box 1 (name and address of reporting person)",
    "issuer_box": "box 2 (issuer name and ticker)",
    "period_box": "the date of earliest transaction or event",
    "relationship_box": "the relationship box",
    "statement_title": "the statement title",
    "table_i": "Table I",
    "table_ii": "Table II",
    "signature_caption": "the signature caption",
    "not_subject_box": "the Section 16 check box",
}


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one when
    every other byte of the start is NUL), else Windows-1252, a superset of Latin-1's
    printable characters. A UTF-8 text with a few stray bytes stays UTF-8 (see ``decoded``)."""
    return decoded(data)[0]


def decoded(data: bytes) -> tuple[str, tuple[Diagnostic, ...]]:
    """``decode``'s text, and a ``bad_encoding`` warning at each of the first bytes that could
    not be read. A text that is not valid UTF-8 is read as Windows-1252 only when it holds
    more bytes UTF-8 cannot read than characters it can: one stray byte in a UTF-8 text is
    replaced (U+FFFD) where it stands and leaves "JOSÉ MÜLLER" as it is."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), ()
    head = data[:4096]
    even, odd = head[0::2], head[1::2]
    if len(head) >= 8:  # ASCII text as UTF-16: a NUL in every other byte, and only there
        for nuls, chars, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
            if nuls.count(0) >= 0.9 * len(nuls) and chars.count(0) <= 0.1 * len(chars):
                return data.decode(codec, errors="replace"), ()
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="replace")
    replaced = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    ascii_bytes = len(data) - len(data.translate(None, _ASCII))
    read = len(text) - ascii_bytes - text.count("\ufffd")  # characters beyond ASCII read as UTF-8
    if read < replaced or read == 0:
        return data.decode("cp1252", errors="replace"), ()
    return text, _unreadable_bytes(text, replaced)


_ASCII = bytes(range(128))
_REPORTED_BYTES = 5  # bad_encoding warnings a text gets at most (the last one counts the rest)


def _unreadable_bytes(text: str, count: int) -> tuple[Diagnostic, ...]:
    notes, at = [], text.find("\ufffd")
    while at >= 0 and len(notes) < _REPORTED_BYTES:
        line = text.count("\n", 0, at) + 1
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        more = f" ({count - _REPORTED_BYTES} more not shown)" if len(notes) == _REPORTED_BYTES - 1 and \
            count > _REPORTED_BYTES else ""
        notes.append(Diagnostic("bad_encoding", "warning",
                                f"a byte that is not UTF-8 was read as U+FFFD{more}",
                                Span(line, at - start + 1, line, at - start + 2),
                                text[start : end if end >= 0 else len(text)]))
        at = text.find("\ufffd", at + 1)
    return tuple(notes)


def parse_tree(text: str | NormalizedText) -> Tree:
    """The lark parse tree of the (normalised) text."""
    normalized = text if isinstance(text, NormalizedText) else normalize(text)
    return _run(document_parser(), normalized)


def _run(parser, normalized: NormalizedText):
    """``parser`` over the normalised text, every lark error a ``GrammarFailure``."""
    try:
        return parser.parse(normalized.text + "\n")
    except UnexpectedInput as err:  # the grammar accepts any word, so this is a grammar bug
        raise grammar_failure(err, normalized.raw_lines) from None
    except VisitError as err:  # the region transformer failed inside the fused parse
        raise GrammarFailure(f"building regions failed: {err.orig_exc}") from None
    except LarkError as err:
        raise GrammarFailure(f"the grammar could not read this text: {err}") from None


def grammar_failure(err: UnexpectedInput, lines: tuple[str, ...] | list[str]) -> GrammarFailure:
    """A lark parse error as a ``GrammarFailure``: where, and what the grammar expected there in
    the form's own words (from the grammar's "///" descriptions)."""
    line = getattr(err, "line", None)
    column = getattr(err, "column", None)
    snippet = lines[line - 1] if isinstance(line, int) and 1 <= line <= len(lines) else None
    names = getattr(err, "expected", None) or getattr(err, "allowed", None) or ()
    end = "the end of the text (a label of another region starts a region of its own)"
    expected = tuple(sorted(end if name == "$END" else describe_terminal(name)
                            for name in names if not name.startswith("__"))) or (end,)
    found = getattr(err, "token", None)
    if found is not None and getattr(found, "type", "$END") == RUN_TERMINAL:  # name its first word
        found = Token("WORD", found.split()[0] if found.split() else found)
    what = f"unexpected {describe_terminal(found.type)} {str(found)!r}" if found is not None and \
        getattr(found, "type", "$END") != "$END" else "unexpected end of text" if found is not None else \
        f"unexpected character {getattr(err, 'char', '?')!r}"
    return GrammarFailure(f"the grammar could not read this text: {what}", line=line, column=column,
                          snippet=snippet, expected=expected)


def regions(text: str | NormalizedText) -> list[Region]:
    """The labelled regions the grammar found, in document order."""
    return _regions_of(parse_tree(text))


def _regions_of(tree: Tree) -> list[Region]:
    try:
        return regions_of(tree)
    except VisitError as err:
        raise GrammarFailure(f"building regions failed: {err.orig_exc}") from None


_REGIONS = RegionTransformer()


def prepare() -> None:
    """Build the parser now (the grammar analysed, every lexer's regex compiled), about
    0.2 s once a process, which ``parse`` otherwise spends on its first document. Benchmarks and long-running services call it before they start the clock."""
    fast_parser(_REGIONS)


def _fused_regions(normalized: NormalizedText) -> list[Region]:
    """``regions(normalized)`` in one pass: the transformer runs inside the LALR parse, driven
    by the fast loop; what that loop cannot read goes to lark's own, which reports it."""
    fast = fast_parser(_REGIONS)
    if fast is not None:
        try:
            return fast.parse(normalized.text + "\n", max_regions=MAX_REGIONS)
        except SlowPath:
            pass  # (lark's loop fails where the fast one did: it makes no more regions than it)
        except TooManyRegions as err:
            raise InputError(f"the text has more than {err.limit} labelled regions", line=err.line, column=1,
                             snippet=normalized.raw_snippet(err.line),
                             expected=(f"a text with at most {err.limit} labels of the form",)) from None
    return _run(fused_parser(_REGIONS), normalized)


@dataclass
class Stages:
    """What each stage of ``parse`` made, filled in as it goes: ``form4 debug`` shows it, even
    for a text that failed part-way."""

    layout: str | None = None
    normalized: NormalizedText | None = None
    tree: Tree | None = None
    regions: list[Region] = field(default_factory=list)
    filing: Filing | None = None


def _collector_paused(function):
    """Runs ``function`` with Python's cycle collector paused (and resumed after, when it ran
    before). The collector starts a pass each time some hundreds of containers have been made
    and not freed, and a full pass walks every object alive: a parse makes tens of thousands of
    cells and tokens, alive until its record is built, so a long filing met full passes that
    each walked all it had made so far: half the time of a filing of 1,800 rows, and time that
    grew faster than its size (Mercurial's ``util.nogc`` pauses it for the same reason). A
    parse makes no reference cycles (``tests/test_limits.py`` holds it to that): reference
    counting frees all it leaves, and nothing waits for the collector. The pause is the
    process's: while a parse runs, other threads run without the collector too."""

    @functools.wraps(function)
    def paused(*args, **kwargs):
        if not gc.isenabled():  # paused by the caller, or by the call this one is inside
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused


@_collector_paused
def parse(text: str, *, strict: bool = False, source: str | None = None,
          stages: Stages | None = None) -> Filing:
    """Parse the text of a Form 3, 4 or 5 into a ``Filing``.

    Damaged text gives a record with diagnostics. Text that is not an ownership form raises
    ``NotAForm4Error``; with ``strict=True`` a warning diagnostic raises ``StrictModeError``.
    Pass ``stages`` to keep what each stage made (see ``form4_peg.debug``). Python's cycle
    collector is paused while it runs (a parse makes no cycles; see ``_collector_paused``).
    """
    seen = stages if stages is not None else Stages()
    if not isinstance(text, str):
        raise InputError(f"parse() takes text (str), not {type(text).__name__}", source=source)
    if "\x00" in text:
        text = text.replace("\x00", "")
    if not text.strip():
        what = "the input is empty" if not text else "the input holds only white space"
        raise NotAForm4Error(what, line=1, column=1, snippet=text.split("\n", 1)[0], source=source,
                             expected=tuple(_FORM_EVIDENCE[name] for name in _KEY_EVIDENCE))
    if is_submission(text):  # an EDGAR submission: its ownership document, XML or text
        contained = _from_submission(text, source)
        if contained.kind == "xml":
            return _read_xml(contained.content, source, seen)
        text = contained.content
    elif looks_like_xml(text):  # ownership XML goes to the XML reader, not the text grammar
        return _read_xml(text, source, seen)
    elif looks_like_html(text):  # a saved page: its text, as a markup converter writes it
        text = html_to_text(text)
    # tables drawn with rules as pipe rows; boxes set as columns, one after another; lines a wrap broke, joined
    ruled = unrule(text)
    text = reflow(ruled)
    head_in_columns = text != ruled
    text = unwrap(text)
    layout = seen.layout = detect_layout(text)
    normalized = seen.normalized = normalize(text, gaps=layout in GAP_LAYOUTS, bars=layout in OCR_LAYOUTS,
                                             pipes=layout in PIPE_LAYOUTS)
    if stages is None:  # the fast path: regions straight from the parse, no tree
        found = _fused_regions(normalized)
    else:
        seen.tree = parse_tree(normalized)
        found = seen.regions = _regions_of(seen.tree)
    _require_form(found, normalized, source)
    doc = Document(normalized, stylesheet=detect_stylesheet(text), aligned=layout in GAP_LAYOUTS,
                   spaced=layout in SPACED_LAYOUTS, layout=layout, head_in_columns=head_in_columns)
    try:
        filing = seen.filing = build_filing(found, doc, layout)
    except Form4Error:
        raise
    except Exception as err:  # a bug of ours must still not leak as a bare traceback
        raise GrammarFailure(f"internal error while building the record: {type(err).__name__}: {err}",
                             source=source) from err
    _require_filled(filing, normalized, source)
    if strict:
        _check_strict(filing, source)
    return filing


def _require_filled(filing: Filing, normalized: NormalizedText, source: str | None) -> None:
    """The form's labels with nothing in its boxes is the blank form (the SEC's PDF, a page of
    instructions), not a filing: it gets no record, whose every field would be empty."""
    filled = (filing.issuer.issuer_name.value, filing.period_of_report.value, filing.remarks.value,
              filing.non_derivative_table, filing.derivative_table, filing.footnotes, filing.owner_signatures,
              *(owner.rpt_owner_name.value for owner in filing.reporting_owners))
    if any(filled):
        return
    first = next((i for i, line in enumerate(normalized.lines, 1) if line.strip()), 1)
    raise NotAForm4Error(
        "a blank form: the labels of Form 3, 4 or 5 are there, but no box, row, footnote or signature holds a value",
        line=first, column=1, snippet=normalized.raw_snippet(first), source=source,
        expected=("a reporting person's name in box 1", "an issuer in box 2", "a row of Table I or II"))


def _check_strict(filing: Filing, source: str | None) -> None:
    """``StrictModeError`` at the record's first warning, if it has one."""
    if filing.warnings:
        first = filing.warnings[0]
        line = first.span.line if first.span else None
        column = first.span.column if first.span else None
        raise StrictModeError(f"strict mode: {first.code}: {first.message}", line=line, column=column,
                              snippet=first.snippet, source=source)


# What the message of a text that is not a form says it looked for (two of them make a form).
_KEY_EVIDENCE = ("owner_box", "issuer_box", "statement_title", "table_i", "table_ii")

# Titles of the SEC's other forms, to say what a text that is not an ownership form is instead.
_OTHER_FORM = re.compile(
    r"^[ \t*#|]*(?:SEC\s+)?(?P<name>FORM\s+(?:10-K|10-Q|8-K|20-F|40-F|6-K|S-1|S-3|S-4|S-8|F-1|13F|144|D|N-CSR|N-PORT)"
    r"(?:/A|405|SB)?|SCHEDULE\s+13[DG](?:/A)?|SCHEDULE\s+14A|SCHEDULE\s+TO|DEF\s+14A)\b",
    re.IGNORECASE | re.MULTILINE,
)


def _require_form(found: list[Region], normalized: NormalizedText, source: str | None) -> None:
    names = {region.name for region in found}
    evidence = [desc for name, desc in _FORM_EVIDENCE.items() if name in names]
    if len(evidence) >= 2:
        return
    what = "; found only " + ", ".join(evidence) if evidence else "; none of its labels were found"
    first = next((i for i, line in enumerate(normalized.lines, 1) if line.strip()), 1)
    column = 1
    other = _OTHER_FORM.search(normalized.text[:200_000])
    if other is not None:  # say what it is instead, and point at it
        first = normalized.text.count("\n", 0, other.start("name")) + 1
        column = other.start("name") - (normalized.text.rfind("\n", 0, other.start("name")) + 1) + 1
        what += f"; it looks like {' '.join(other.group('name').split()).upper()}"
    raise NotAForm4Error(
        "not an ownership form (Form 3, 4 or 5)" + what,
        line=first, column=normalized.raw_column(first, column), snippet=normalized.raw_snippet(first),
        source=source, expected=tuple(desc for name, desc in _FORM_EVIDENCE.items() if name in _KEY_EVIDENCE and name not in names),
    )


def _from_submission(text: str, source: str | None):
    contained = ownership_document(text)
    if contained is None:
        types = submission_types(text)
        listed = ", ".join(types[:8]) + (" ..." if len(types) > 8 else "") if types else "none"
        raise NotAForm4Error(
            f"an EDGAR submission with no ownership document (TYPE 3, 4 or 5): its documents are {listed}",
            line=1, column=1, snippet=text.split("\n", 1)[0], source=source,
            expected=("a <DOCUMENT> of <TYPE> 3, 4, 5 or an amendment",))
    return contained


def source_name(path: str | os.PathLike[str]) -> str:
    """A path as text that any output can hold: bytes of the name that are not UTF-8 (kept by
    the file system as surrogates) written as ``\\xff`` escapes, so that a record, an error
    line and a resumed batch all name the file the same way."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def parse_file(path: str | os.PathLike[str], *, strict: bool = False,
               max_bytes: int = DEFAULT_MAX_BYTES, stages: Stages | None = None) -> Filing:
    """Read and parse one file (any of UTF-8, UTF-16 with BOM, Windows-1252)."""
    source = source_name(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = read_within(handle, max_bytes) if size <= max_bytes else None
    except OSError as err:
        raise InputError(f"cannot read the file: {err.strerror or err}", source=source,
                         expected=("a readable file",)) from None
    if data is None:
        what = f"is {size} bytes, over the limit of {max_bytes}" if size > max_bytes else \
            f"is over the limit of {max_bytes} bytes"
        raise InputError(f"the file {what}", source=source,
                         expected=(f"a file of at most {max_bytes} bytes (max_bytes, or --max-size)",))
    return parse_file_bytes(data, strict=strict, source=source, max_bytes=max_bytes, stages=stages)


def read_within(handle, limit: int) -> bytes | None:
    """The bytes of an open binary file, or None when it holds more than ``limit``, found by
    reading ``limit + 1`` bytes, not the whole file. The size the file system reports is
    checked before this, but a file can grow after it, and a pipe or a file of /proc reports
    none."""
    data = handle.read(limit + 1)
    return data if len(data) <= limit else None


@_collector_paused
def parse_file_bytes(data: bytes, *, strict: bool = False, source: str | None = None,
                     max_bytes: int = DEFAULT_MAX_BYTES, stages: Stages | None = None) -> Filing:
    """Parse a document's bytes as ``parse_file`` would (ownership XML, or text in any of the
    encodings ``decode`` knows). For batches, whose documents may come out of archives."""
    if len(data) > max_bytes:
        raise InputError(f"the document is {len(data)} bytes, over the limit of {max_bytes}", source=source,
                         expected=(f"a document of at most {max_bytes} bytes (max_bytes, or --max-size)",))
    head = data[:65536].decode("utf-8", errors="replace")
    if looks_like_xml(head) and not is_submission(head):  # bytes: XML reads its own encoding
        return _read_xml(data, source, stages)
    text, notes = decoded(data)
    filing = parse(text, strict=strict, source=source, stages=stages)
    if not notes:
        return filing
    filing = replace(filing, diagnostics=notes + filing.diagnostics)
    if stages is not None:
        stages.filing = filing
    if strict:
        _check_strict(filing, source)
    return filing


def _read_xml(data: str | bytes, source: str | None, stages: Stages | None) -> Filing:
    try:
        filing = parse_xml(data)
    except Form4Error as err:
        err.source = source
        raise
    if stages is not None:
        stages.layout, stages.filing = "xml", filing
    return filing
