"""Inputs that hold a form inside something else, and how to get the form out.

- An EDGAR submission (``0001234567-04-000123.txt``): an SGML envelope, ``<SEC-DOCUMENT>``,
  with one ``<DOCUMENT>`` each for the form and its exhibits. The ownership document is the one
  whose ``<TYPE>`` is 3, 4 or 5 (or an amendment); its ``<TEXT>`` holds ownership XML (2003
  on) or the form as text (before). The text keeps its line numbers in the submission: every
  other line is blanked, so each location in a record points into the file as given.
- An HTML page (EDGAR's rendering of a form, or any saved page): turned into text as the
  markup converters write it, one line per table row and a TAB between cells, the inline
  marks (``<b>``, ``<sup>``, check boxes) kept for ``normalize``. Locations then point into
  that text, not into the HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OWNERSHIP_TYPES = frozenset({"3", "4", "5", "3/A", "4/A", "5/A"})

_SUBMISSION = re.compile(r"<SEC-DOCUMENT>|<SEC-HEADER>|<IMS-HEADER>|<DOCUMENT>\s*<TYPE>", re.IGNORECASE)
_DOCUMENT = re.compile(r"<DOCUMENT>(.*?)(?:</DOCUMENT>|\Z)", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"<TYPE>[ \t]*([^\s<]+)", re.IGNORECASE)
_TEXT = re.compile(r"<TEXT>(.*?)(?:</TEXT>|\Z)", re.IGNORECASE | re.DOTALL)
# (The XML ends at a character that is not white space: as "(.*?)\s*", each space of a long run
# was tried as its end, and the spaces after it read to their end.)
_XML = re.compile(r"<XML>\s*((?:.*?\S)??)\s*(?:</XML>|\Z)", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Contained:
    """The ownership document found in a container: ``kind`` is "xml" or "text"."""

    kind: str
    content: str


def is_submission(text: str) -> bool:
    return bool(_SUBMISSION.search(text[:20000]))


def submission_types(text: str) -> list[str]:
    """The ``<TYPE>`` of each document of a submission, in order."""
    return [t.group(1) for d in _DOCUMENT.finditer(text) if (t := _TYPE.search(d.group(1)))]


def ownership_document(text: str) -> Contained | None:
    """The first document of the submission whose type is an ownership form, or None."""
    for document in _DOCUMENT.finditer(text):
        found = _TYPE.search(document.group(1))
        if not found or found.group(1).upper() not in OWNERSHIP_TYPES:
            continue
        body = _TEXT.search(document.group(1))
        if body is None:
            continue
        xml = _XML.search(body.group(1))
        if xml is not None and "<ownershipDocument" in xml.group(1):
            return Contained("xml", xml.group(1))
        start = document.start(1) + body.start(1)
        end = document.start(1) + body.end(1)
        # Blank every line outside the document's text, so that its lines keep their numbers.
        before = "\n" * text.count("\n", 0, start)
        after = "\n" * text.count("\n", end)
        return Contained("text", before + text[start:end] + after)
    return None


# ----------------------------------------------------------------------------- HTML

_HTML = re.compile(r"<!DOCTYPE\s+html|<html[\s>]|<body[\s>]|<table[\s>]", re.IGNORECASE)
_KEPT_INLINE = {"b", "strong", "sup", "i", "em", "u"}
_BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "hr", "pre", "center"}
_PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "hr"}  # a blank line after, as converters write


_INTERNAL_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[[^\]]*\]\s*>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    return bool(_HTML.search(head))


def html_to_text(data: str) -> str:
    """An HTML page as text: a line per block and per row of an outermost table, a TAB between
    its cells; a table inside a cell is flattened into the cell, its rows joined by spaces."""
    import lxml.html

    # lxml's HTML parser knows no internal DTD subset: its declarations would come out as text
    # (and are never expanded: the page is read as HTML, not XML).
    root = lxml.html.document_fromstring(_INTERNAL_SUBSET.sub("<!DOCTYPE html>", data, count=1))
    for junk in root.xpath("//script|//style|//head|//comment()"):
        if junk.getparent() is not None:  # a comment before <html> or after it stands outside the page
            junk.drop_tree()
    lines: list[str] = []
    current: list[str] = []
    _blocks(root, lines, current)
    _flush(lines, current)  # text after the last block
    out: list[str] = []
    for line in lines:
        line = line.rstrip()
        if line or (out and out[-1]):  # one blank line between paragraphs, none at the start
            out.append(line)
    return "\n".join(out).strip("\n") + "\n"


def _blocks(element, lines: list[str], current: list[str]) -> None:
    """Walk ``element``: text gathers in ``current`` until a block ends it as a line."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "table":
        _flush(lines, current)
        for row in _rows(element):
            lines.append("\t".join(_cell_text(cell) for cell in row))
        lines.append("")
        if element.tail and element.tail.strip():
            current.append(element.tail)
        return
    if tag in _BLOCKS:
        _flush(lines, current)
    if element.text:
        current.append(element.text)
    for child in element:
        _blocks(child, lines, current)
    if tag in _BLOCKS:
        _flush(lines, current)
        if tag in _PARAGRAPHS:
            lines.append("")
    if element.tail:
        current.append(element.tail)


def _flush(lines: list[str], current: list[str]) -> None:
    text = " ".join("".join(current).split())
    if text:
        lines.append(text)
    current.clear()


def _rows(table):
    """The rows of ``table`` itself, not of tables nested in its cells."""
    return [[cell for cell in row if isinstance(cell.tag, str) and cell.tag in ("td", "th")]
            for row in table.iter("tr") if _owner_table(row) is table]


def _owner_table(row):
    parent = row.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _cell_text(cell) -> str:
    parts: list[str] = []
    _inline(cell, parts, top=True)
    return " ".join("".join(parts).split())


def _inline(element, parts: list[str], top: bool = False) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "input" and element.get("type", "").lower() == "checkbox":
        parts.append(' <input type="checkbox" checked/> ' if element.get("checked") is not None
                     else ' <input type="checkbox"/> ')
    keep = tag in _KEPT_INLINE and not top
    if keep:
        parts.append(f"<{tag}>")
    elif tag in _BLOCKS or tag in ("td", "th"):
        parts.append(" ")
    if element.text:
        parts.append(element.text)
    for child in element:
        _inline(child, parts)
    if keep:
        parts.append(f"</{tag}>")
    if element.tail and not top:
        parts.append(element.tail)
