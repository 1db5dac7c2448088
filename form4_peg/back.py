"""The back of the form: footnotes, remarks, signatures, and attachments such as a power of
attorney. A signature is printed above its caption ("** Signature of Reporting Person"), so it
is the last paragraph before the caption unless a ``/s/`` line opened a region of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import fuzzy, values
from .records import Attachment, Footnote, OwnerSignature, Span, Value
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


_CENTRED_MARK = re.compile(r"^\((\d{1,2})\)$")
_NOTE_REGIONS = ("explanation", "notice", "footnote")


@dataclass
class _Item:
    """A footnote number or a line of text in the footnote area, in reading order."""

    mark: str | None = None  # the footnote id, for a number
    span: Span | None = None
    centred: bool = False  # the number stands apart from its text's first line
    cells: list[TextCell] = field(default_factory=list)  # a line of text
    gap: bool = False  # a blank line stands before it


def read_footnotes(body: Sequence[Region], doc: Document) -> tuple[Footnote, ...]:
    notes: list[Footnote] = []
    seen: set[str] = set()
    items = _note_items(body, doc)
    found = _paragraph_footnotes(items, doc) or _centred_footnotes(items, doc) or _inline_footnotes(body, doc)
    for footnote_id, text, span in found:
        if fuzzy.is_label_leftover(text, threshold=95.0, max_words=12):
            # "11. Nature of Indirect Beneficial Ownership": a column heading that a converter
            # put after the footnotes, not footnote 11
            doc.add("heading_not_footnote", "info", f"{text!r} is a column heading, not footnote {footnote_id}", span)
            continue
        if footnote_id in seen:
            doc.add("footnote_repeated", "warning", f"Footnote {footnote_id} appears twice; the first is kept", span)
            continue
        seen.add(footnote_id)
        notes.append(Footnote(footnote_id, text, span))
    return tuple(notes)


def _inline_footnotes(body: Sequence[Region], doc: Document):
    """"1. Text ..." or "(1) Text ...": the footnote's first paragraph."""
    out = []
    for region in body:
        if region.name != "footnote":
            continue
        number = _FOOTNOTE_NUMBER.search(region.label_text)
        paras = paragraphs(region, doc)
        if number is None or not paras:
            continue
        out.append(("F" + number.group(0).lstrip("0"), paragraph_text(paras[0]), region.span(doc)))
    return out


def _runs_on(region: Region, previous: str | None, gap: bool) -> bool:
    """A footnote number printed unlike the list's ("(20)" after "2.") and out of its order,
    with no blank line before it: the start of a wrapped line, not a footnote."""
    if previous is None or gap:
        return False
    label = region.label_text.strip()
    bracketed = label.startswith("(")
    if bracketed == previous.startswith("("):
        return False
    number, before = _FOOTNOTE_NUMBER.search(label), _FOOTNOTE_NUMBER.search(previous)
    return number is not None and before is not None and int(number.group(0)) != int(before.group(0)) + 1


def _note_items(body: Sequence[Region], doc: Document) -> list[_Item]:
    """The footnote area as numbers and text lines, from the explanation (or the first
    footnote) to the first region that is neither a note nor a table (a table's page can sit
    between footnotes)."""
    items: list[_Item] = []
    started = False
    gap = False
    # A "(3)" line above the explanation, or above the last table when the explanation's
    # heading is lost, is a table's cell.
    names = [r.name for r in body]
    if "explanation" in names:
        start = names.index("explanation")
    else:
        tables = [k for k, name in enumerate(names) if name in ("table_i", "table_ii")]
        start = tables[-1] + 1 if tables else 0
    openers = ("explanation", "footnote")
    previous: str | None = None  # the last footnote's number, as printed
    for region in body[start:]:
        if region.name not in _NOTE_REGIONS:
            if started and region.name not in ("table_i", "table_ii", "owner_block"):
                break
            continue
        started = started or region.name in openers
        if not started:  # a notice before the explanation (a page's footer) is not a footnote's
            continue
        lines = region.lines(doc)
        if region.name == "footnote" and _runs_on(region, previous, gap):
            # "twenty" / "(20) Ordinary Shares" in a list numbered "1." "2.": a wrapped line
            # that starts with a number in brackets goes on with the footnote above it
            lines = [list(line) for line in lines]  # (a copy: the region's lines are read again)
            first = next((line for line in lines if any(c.text for c in line)), [])
            label = region.label
            if first and first[0].line == label.line:
                first[0] = first[0].replaced(text=f"{region.label_text.strip()} {first[0].text}",
                                             column=label.column)
        elif region.name == "footnote":
            number = _FOOTNOTE_NUMBER.search(region.label_text)
            previous = region.label_text.strip()
            first = [c for c in lines[0] if c.text] if lines else []
            inline = bool(first) and first[0].line == region.label.line
            # "(3) undertakes to ...": a number centred on a footnote prints on its middle line
            centred = not inline or first[0].text[:1].islower()
            items.append(_Item(mark="F" + number.group(0).lstrip("0"), span=region.span(doc), centred=centred, gap=gap))
            gap = False
        elif region.name == "explanation" or region.label is not None:
            gap = True  # the explanation's heading or a printed notice ends what stands above it
        for line in lines:
            cells = [c for c in line if c.text]
            if not cells:
                gap = True
            elif len(cells) == 1 and _CENTRED_MARK.match(cells[0].text):
                mark = _CENTRED_MARK.match(cells[0].text).group(1)
                items.append(_Item(mark="F" + mark.lstrip("0"), span=doc.cell_span(cells[0]), centred=True, gap=gap))
                gap = False
            else:
                items.append(_Item(cells=cells, gap=gap))
                gap = False
    texts = [item.cells for item in items if not item.mark]
    if doc.aligned and texts and sum(1 for cells in texts if cells[0].x >= 3) * 2 > len(texts):
        # Text indented beside numbers at the margin: every number is centred on its footnote.
        for item in items:
            item.centred = item.centred or bool(item.mark)
    return items


def _paragraph_footnotes(items: list[_Item], doc: Document) -> list | None:
    """Footnotes that blank lines set apart: a paragraph is one footnote, whichever of its
    lines the number stands on, and a number at a line's start opens a paragraph. A number
    alone in a paragraph numbers a paragraph beside it that has none: the one after it or the
    one before it, whichever way explains more of the document's numbers. A paragraph between
    footnotes 1 and 3 that lost its number is footnote 2, reported as a repair."""
    paras: list[list[_Item]] = []
    for item in items:
        if item.gap or not paras or (item.mark and not item.centred):
            paras.append([])
        paras[-1].append(item)
    marks = [[i for i in p if i.mark] for p in paras]
    if sum(1 for m in marks if m) < 2 or any(len(m) > 1 for m in marks):
        return None
    has_text = [any(i.cells for i in p) for p in paras]
    owner: list[_Item | None] = []
    for step in (1, -1):  # a lone number numbers the paragraph after it, or the one before it
        paired: list[_Item | None] = [m[0] if m else None for m in marks]
        order = range(len(paras)) if step == 1 else range(len(paras) - 1, -1, -1)
        for k in order:
            j = k + step
            if paired[k] is not None and not has_text[k] and 0 <= j < len(paras) and paired[j] is None and has_text[j]:
                paired[j] = paired[k]
        if sum(1 for o in paired if o is not None) > sum(1 for o in owner if o is not None):
            owner = paired
    out = []
    ids = [int(o.mark[1:]) if o is not None else None for o in owner]
    for k, p in enumerate(paras):
        cells = [c for i in p for c in i.cells]
        if not cells:
            continue
        if owner[k] is None:
            before = next((ids[j] for j in range(k - 1, -1, -1) if ids[j] is not None), 0)
            after = next((ids[j] for j in range(k + 1, len(paras)) if ids[j] is not None), None)
            neighbours = (k + 1 < len(paras) and ids[k + 1] is not None) or (k > 0 and ids[k - 1] is not None)
            if after is None or after - before != 2 or not neighbours:
                continue
            footnote_id, span = f"F{before + 1}", doc.cell_span(cells[0], cells[-1])
            doc.add("footnote_number_inferred", "warning",
                    f"A footnote between footnotes {before or 'the explanation'} and {after} lost its number; "
                    f"read as footnote {before + 1}", span)
        else:
            footnote_id, span = owner[k].mark, owner[k].span
        out.append((footnote_id, values.join_wrapped(c.text for c in cells), span))
    return out


def _centred_footnotes(items: list[_Item], doc: Document) -> list | None:
    """Footnotes whose number stands apart, centred on its text (the 2002 stylesheet): the
    lines between two numbers are split where a sentence ends, nearest to where the later
    footnote would sit centred on its number."""
    marks = [i for i, item in enumerate(items) if item.mark]
    if not any(items[i].centred for i in marks):
        return None  # no number stands apart: the inline reading applies
    owner: dict[int, int] = {}
    for k, m in enumerate(marks):
        nxt = marks[k + 1] if k + 1 < len(marks) else len(items)
        between = list(range(m + 1, nxt))
        if k + 1 < len(marks) and items[marks[k + 1]].centred:
            below = _lines_below(marks[k + 1], marks[k + 2] if k + 2 < len(marks) else len(items))
            ends = [j + 1 for j, i in enumerate(between) if _sentence_end(items[i].cells)]
            target = len(between) - below  # lines above the next number ~ lines below it
            cut = min(ends, key=lambda j: abs(j - target)) if ends else max(target, 0)
            for j, i in enumerate(between):
                owner[i] = m if j < cut else marks[k + 1]
        else:
            for i in between:
                owner[i] = m
    first = marks[0]
    if items[first].centred:
        # The lines just above the first centred number are its upper half: about as many as
        # stand below it, never past a line that ends a sentence (the text before it) and
        # never across a blank line.
        below = sum(1 for i, o in owner.items() if o == first)
        taken = 0
        for i in range(first - 1, -1, -1):
            if items[i].mark or taken > below or (taken and _sentence_end(items[i].cells)):
                break
            owner[i] = first
            taken += 1
            if items[i].gap:  # a blank line or a printed notice above: its paragraph starts here
                break
    out = []
    for m in marks:
        cells = [c for i in sorted(owner) if owner[i] == m for c in items[i].cells]
        out.append((items[m].mark, values.join_wrapped(c.text for c in cells), items[m].span))
    return out


def _lines_below(mark: int, stop: int) -> int:
    """How many text lines follow a centred number before the next number (at most half)."""
    return (stop - mark) // 2


def _sentence_end(cells) -> bool:
    return bool(cells) and cells[-1].text.rstrip().endswith((".", ".)", ".\""))


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
    used: set[int] = set()  # the signature regions a caption below them read
    for i, region in enumerate(body):
        if region.name != "signature_caption":
            continue
        block: list[list[TextCell]] = []
        opened = _signature_regions(body, i)
        used.update(id(sig) for sig in opened)
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
                    # the footnote's own text, not a signature; but a row of cells with a date
                    # that ends it ("| BANK OF AMERICA CORP by ... | 08/13/2025"), no blank line
                    # between, is the signature above its caption
                    last = [c for c in block[-1] if c.text] if len(block) > 1 else []
                    block = [block[-1]] if len(last) >= 2 and any(values.find_date(c.text) for c in last) else []
                else:
                    taken.add((id(previous), k))
            elif previous.name == "signature_caption":
                # a second signer's row right under the first one's caption ("| MERRILL LYNCH
                # ... | 08/13/2025"): the lines after the caption's own, when one holds a date
                after = [line for line in previous.lines(doc) if any(c.text for c in line)
                         and line[0].line != previous.label.line]
                if after and any(values.find_date(c.text) for line in after for c in line):
                    block = after
        if block:
            signatures.extend(_signatures(None, block, region, doc))
    for region in body:
        if region.name == "signature" and id(region) not in used:
            # "/s/ Peter Thiel  03/18/2021" whose caption the text broke ("** Signature of
            # Reporting" / "Date" / "Person"): the signature's own line, and its date
            lines = [line for line in region.lines(doc) if any(c.text for c in line)][:1]
            if lines and lines[0][0].line == region.label.line:
                signatures.extend(_signatures(region, lines, region, doc))
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
        if opener is None and all(fuzzy.is_label_leftover(c.text) for c in cells):
            continue  # the form's own words ("Remarks:" above the caption of a blank form): no one signed
        # Take the date out of its cell before joining: laid out with spaces, it can stand
        # between the two lines of a wrapped name ("Attorney-in-" / date / "Fact").
        parts, day, date_span = [], None, None
        for cell in cells:
            found = values.find_date(cell.text) if day is None else None
            if found is not None:
                day, start, end = found
                date_span = doc.cell_span(cell)
                # "Attorney-in03/05/2020" / "Fact": a word glued to the date is pdftotext
                # joining a line that ended in a hyphen, and the hyphen went with the join
                glued = start > 0 and cell.text[start - 1].isalpha()
                parts.append(cell.text[:start] + ("-" if glued else " ") + cell.text[end:])
            else:
                parts.append(cell.text)
        if day is None:
            caption_cell = _first_date_cell(caption, doc)
            if caption_cell is not None:
                day, date_span = values.find_date(caption_cell.text)[0], doc.cell_span(caption_cell)
        text = (prefix if g == 0 else "") + values.restore_lost_hyphen(values.join_wrapped(parts))
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
        if not region.has_words:
            pending = pending or region
            continue
        title_region = pending or region
        pending = None
        title = " ".join(title_region.label_text.split())
        text = region.source_text(doc)
        kind = _attachment_kind(title)
        out.append(Attachment(kind=kind, title=title, text=text, span=title_region.span(doc)))
    if pending is not None:
        title = " ".join(pending.label_text.split())
        out.append(Attachment(kind=_attachment_kind(title), title=title, text="", span=pending.span(doc)))
    return tuple(out)


def _attachment_kind(title: str) -> str:
    if re.search(r"ATTORNEY|KNOW\s+ALL", title, re.I):
        return "power_of_attorney"
    return "instructions" if re.search(r"INSTRUCTIONS", title, re.I) else "exhibit"
