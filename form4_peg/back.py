"""The back of the form: footnotes, remarks, signatures, and attachments such as a power of
attorney. A signature is printed above its caption ("** Signature of Reporting Person"), so it
is the last paragraph before the caption unless a ``/s/`` line opened a region of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import values
from .records import Attachment, Footnote, OwnerSignature, Value
from .regions import Document, Region, TextCell

_FOOTNOTE_NUMBER = re.compile(r"\d{1,2}")


def paragraphs(region: Region, doc: Document) -> list[list[list[TextCell]]]:
    """The region's lines grouped into paragraphs (blank lines separate them)."""
    out: list[list[list[TextCell]]] = [[]]
    for line in region.lines(doc):
        if any(c.text for c in line):
            out[-1].append(line)
        elif out[-1]:
            out.append([])
    return [p for p in out if p]


def paragraph_text(paragraph: Sequence[Sequence[TextCell]]) -> str:
    return values.join_wrapped(c.text for line in paragraph for c in line if c.text)


def read_footnotes(body: Sequence[Region], doc: Document) -> tuple[Footnote, ...]:
    notes: list[Footnote] = []
    seen: set[str] = set()
    for region in body:
        if region.name != "footnote":
            continue
        number = _FOOTNOTE_NUMBER.search(region.label_text)
        paras = paragraphs(region, doc)
        if number is None or not paras:
            continue
        footnote_id = "F" + number.group(0).lstrip("0")
        if footnote_id in seen:
            doc.add("footnote_repeated", "warning", f"Footnote {footnote_id} appears twice; the first is kept",
                    region.span(doc))
            continue
        seen.add(footnote_id)
        notes.append(Footnote(footnote_id, paragraph_text(paras[0]), region.span(doc)))
    return tuple(notes)


def read_remarks(body: Sequence[Region], doc: Document, taken: set[int]) -> Value:
    parts = []
    span = None
    for region in body:
        if region.name != "remarks":
            continue
        for k, para in enumerate(paragraphs(region, doc)):
            if (id(region), k) in taken:
                continue
            parts.append(paragraph_text(para))
            span = span or region.span(doc)
    text = " ".join(parts).strip()
    return doc.value(text, span) if text else Value()


def read_signatures(body: Sequence[Region], doc: Document) -> tuple[tuple[OwnerSignature, ...], set]:
    """Signatures, and the (region, paragraph) pairs they used up, so remarks leave them out."""
    signatures: list[OwnerSignature] = []
    taken: set = set()
    for i, region in enumerate(body):
        if region.name != "signature_caption":
            continue
        block: list[list[TextCell]] = []
        opened = _signature_regions(body, i)
        if opened:
            for sig in opened:
                lines = [line for line in sig.lines(doc) if any(c.text for c in line)]
                signatures.extend(_signatures(sig, lines, region, doc))
            continue
        if i > 0:
            previous = body[i - 1]
            paras = paragraphs(previous, doc)
            if paras and previous.name in ("remarks", "explanation", "footnote", "notice", "table_ii", "table_i",
                                           "signatures_title"):
                block = paras[-1]
                k = len(paras) - 1
                if previous.name == "footnote" and k == 0:
                    block = []  # the footnote's own text, not a signature
                else:
                    taken.add((id(previous), k))
        if block:
            signatures.extend(_signatures(None, block, region, doc))
    return tuple(signatures), taken


def _signature_regions(body: Sequence[Region], caption_index: int) -> list[Region]:
    out = []
    k = caption_index - 1
    while k >= 0 and body[k].name == "signature":
        out.insert(0, body[k])
        k -= 1
    return out


def _signatures(opener: Region | None, lines: list[list[TextCell]], caption: Region, doc: Document) -> list[OwnerSignature]:
    """One signature per line that carries its own date; else the block is one signature."""
    prefix = ""
    if opener is not None and opener.label is not None:
        # "/s/Name" or "/s/ Name": keep the spacing the text has.
        first_word = next((t for t in opener.tokens if t.type == "WORD"), None)
        glued = first_word is not None and first_word.line == opener.label.end_line and \
            first_word.column == opener.label.end_column
        prefix = opener.label_text.strip() + ("" if glued else " ")
    dated = [line for line in lines if any(values.find_date(c.text) for c in line)]
    groups = [[line] for line in lines] if len(dated) > 1 and len(dated) == len(lines) else [lines]
    out = []
    for g, group in enumerate(groups):
        cells = [c for line in group for c in line if c.text]
        # Take the date out of its cell before joining: laid out with spaces, it can stand
        # between the two lines of a wrapped name ("Attorney-in-" / date / "Fact").
        parts, day, date_span = [], None, None
        for cell in cells:
            found = values.find_date(cell.text) if day is None else None
            if found is not None:
                day, start, end = found
                date_span = doc.cell_span(cell)
                parts.append(cell.text[:start] + " " + cell.text[end:])
            else:
                parts.append(cell.text)
        if day is None:
            caption_cell = _first_date_cell(caption, doc)
            if caption_cell is not None:
                day, date_span = values.find_date(caption_cell.text)[0], doc.cell_span(caption_cell)
        text = (prefix if g == 0 else "") + values.join_wrapped(parts)
        name = " ".join(text.split()).strip()
        span = _block_span(doc, opener if g == 0 else None, cells)
        out.append(OwnerSignature(
            signature_name=doc.value(name, span) if name else Value(),
            signature_date=doc.value(day, date_span) if day else Value(),
        ))
    return out


def _block_span(doc: Document, opener: Region | None, cells: list[TextCell]):
    start = opener.label if opener is not None and opener.label is not None else None
    if start is None and not cells:
        return None
    line, column = (start.line, start.column) if start is not None else (cells[0].line, cells[0].column)
    last = cells[-1] if cells else None
    end_line, end_column = (last.line, last.end_column) if last else (start.line, start.end_column)
    return doc.span(line, column, end_line, end_column)


def _first_date_cell(region: Region, doc: Document) -> TextCell | None:
    for line in region.lines(doc)[:6]:
        for cell in line:
            if cell.text and values.find_date(cell.text):
                return cell
    return None


def read_attachments(regions: Sequence[Region], doc: Document) -> tuple[Attachment, ...]:
    """Attachments in order, text as printed; a title alone ("POWER OF ATTORNEY") joins the next."""
    out: list[Attachment] = []
    pending: Region | None = None
    for region in regions:
        if not region.words:
            pending = pending or region
            continue
        title_region = pending or region
        pending = None
        title = " ".join(title_region.label_text.split())
        text = region.source_text(doc)
        kind = "power_of_attorney" if re.search(r"ATTORNEY|KNOW\s+ALL", title, re.I) else "exhibit"
        out.append(Attachment(kind=kind, title=title, text=text, span=title_region.span(doc)))
    if pending is not None:
        title = " ".join(pending.label_text.split())
        kind = "power_of_attorney" if re.search(r"ATTORNEY", title, re.I) else "exhibit"
        out.append(Attachment(kind=kind, title=title, text="", span=pending.span(doc)))
    return tuple(out)
