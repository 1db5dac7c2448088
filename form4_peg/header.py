"""The head of the form: title, the two check boxes, and boxes 1-6 (owners and issuer).

Boxes sit side by side on the page, so in reading order a box's value is "the first cell after
its label" and the address parts are "what comes before each caption": ``468 HOLLIS LANE
(Street)`` or, as OCR often reads it, ``(Last) (First) (Middle) 468 HOLLIS LANE``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from . import fuzzy, geometry, values
from .records import Issuer, ReportingOwner, Span, Value
from ._grammar import RUN_TERMINAL
from .regions import Document, Region, TextCell

RELATIONSHIP_REGIONS = ("director", "ten_percent_owner", "officer", "other")
_BLANK_BOX = re.compile(r"_{2,}")
_BLANK_BOX_WORD = re.compile(r"(?<![^\s\u2610\u2612])_{2,}(?![^\s\u2610\u2612])")  # a word of a run that is a blank
_CARE_OF = re.compile(r"^(C/O\b.*?\S)\s+(\d+[A-Z]?\s+\S.*)$", re.IGNORECASE)
# The 2002 stylesheet joins street lines as "street1, street2": the first ", " before a street
# number is the join ("C/O SEQUOIA CAPITAL,, 2800 SAND HILL ROAD, SUITE 101" keeps the comma
# that ends street1); "2800 SAND HILL ROAD, SUITE 101" alone is one line.
_JOINED_STREETS = re.compile(r"^(.*?\S),\s+(\d.*)$")
# (The city ends in a letter or a mark, and the spaces after it are the separator's: a city that
# could end in spaces shared them with "\s+" at every split of a long run.)
_CITY_LINE = re.compile(r"^[A-Za-z](?:[A-Za-z .'-]*[A-Za-z.'-])?(?: *,)?\s+[A-Z]{2},?\s+\d{5}(?:-\d{4})?$")
_UNBALANCED = re.compile(r"^[^(]*\)|\([^)]*$")


# A name (two letters at least) then a ticker in brackets. (The letters are a lookahead: two
# runs of "[^\[\]]*" around them were tried at every split of a long footnote line.)
# (And "\s*(?:\]\s*)?$", not "\s*\]?\s*$", whose two runs split a long run of spaces every way.)
_ISSUER_SHAPE = re.compile(r"^(?=[^\[\]]*?[A-Za-z]{2})[^\[\]]*\[\s*[A-Za-z0-9.\-/]{1,8}\s*(?:\]\s*)?$")
_ADDRESS = re.compile(r"\d|^C/O\b|^P\.?\s?O\.?\s|\b(?:STREET|ST|AVENUE|AVE|ROAD|RD|DRIVE|DR|BLVD|BOULEVARD|SUITE|STE|"
                      r"FLOOR|FL|WAY|LANE|LN|PLAZA|PARKWAY|PKWY|HIGHWAY|HWY|CIRCLE|COURT|CT|PLACE|PL|SQUARE|"
                      r"BOX|CENTER|CENTRE|TOWER|BUILDING|BLDG)\b", re.IGNORECASE)


def _cells_after(regions: Sequence[Region], start: int, stop: set[str], doc: Document):
    """(region index, cell) in reading order after region ``start``'s label, up to a region
    named in ``stop``: the way to reach a value that OCR put under another box's label."""
    for k in range(start, len(regions)):
        if k > start and regions[k].name in stop:
            return
        for line in regions[k].lines(doc):
            for cell in line:
                if cell.text:
                    yield k, cell


_DANGLING = re.compile(r"(?:,|\b(?:SUITE|STE|FLOOR|FL|UNIT|ROOM|RM|APT|NO|#))$", re.IGNORECASE)
_SUFFIX_ONLY = re.compile(r"^(?:STREET|ST|AVENUE|AVE|ROAD|RD|DRIVE|DR|BLVD|BOULEVARD|WAY|LANE|LN|PLAZA|PARKWAY|"
                          r"PKWY|HIGHWAY|HWY|CIRCLE|COURT|CT|PLACE|PL|SQUARE)\.?,?$", re.IGNORECASE)


def _unwrap_streets(cells: list[TextCell | None]) -> list[TextCell]:
    """The street lines of box 1 (``None`` for a blank line), with street1's wrapped end
    joined back: a line that ends dangling ("SUITE", a comma) or a next line that is a street
    word alone ("ROAD"). Two blocks split by a blank line are street1 and street2."""
    blocks: list[list[TextCell]] = [[]]
    for cell in cells:
        if cell is None:
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(cell)
    blocks = [b for b in blocks if b]
    if len(blocks) >= 2:
        return [b[0].replaced(text=values.join_wrapped(c.text for c in b)) for b in blocks]
    out: list[TextCell] = []
    for cell in blocks[0] if blocks else []:
        if out and len(out) == 1 and (_DANGLING.search(out[0].text) or _SUFFIX_ONLY.match(cell.text)):
            out[0] = out[0].replaced(text=values.join_wrapped([out[0].text, cell.text]))
        else:
            out.append(cell)
    return out


def _name_like(text: str) -> bool:
    """A cell that can be a name or an address line: words, not a label's leftover, not a tick,
    a date, a bare number, an issuer with its ticker, or punctuation OCR invented."""
    if len(re.findall(r"[A-Za-z]", text)) < 2 or _ISSUER_SHAPE.match(text) or values.find_date(text):
        return False
    return not fuzzy.is_label_leftover(text)


def _whole_box(region: Region, doc: Document) -> TextCell | None:
    """Everything under a box's label, as one cell: a long name wraps there ("BERKSHIRE
    HATHAWAY" / "INC") in text laid out with spaces."""
    cells = [c for line in region.lines(doc) for c in line if c.text and not fuzzy.is_label_leftover(c.text)]
    if not cells:
        return None
    return cells[0].replaced(text=values.join_wrapped(c.text for c in cells), end_column=cells[-1].end_column
                   if cells[-1].line == cells[0].line else cells[0].end_column)


def first_cell(region: Region, doc: Document, *, lines: int = 2) -> TextCell | None:
    """The first non-empty cell of the region, within its first ``lines`` lines that hold text."""
    filled = [line for line in region.lines(doc) if any(c.text for c in line)]
    for line in filled[:lines]:
        for cell in line:
            if cell.text:
                return cell
    return None


def cell_value(doc: Document, cell: TextCell | None, value: object = None) -> Value:
    if cell is None:
        return Value()
    return doc.value(value if value is not None else cell.text, doc.cell_span(cell))


def mark_before(regions: Sequence[Region], index: int) -> str | None:
    """The tick mark printed just before region ``index``'s label: "checked", "unchecked" or None.

    A mark is the last word of the preceding region when it sits on the label's line (or on the
    line above, where a converter put the tick box before the label's line).
    """
    if index == 0:
        return None
    label = regions[index].label
    last = regions[index - 1].last_word()
    if last is None or label is None:
        return None
    if last.line not in (label.line, label.line - 1):
        return None
    if last.type == "CHECKED" or values.TICK.fullmatch(last):
        return "checked"
    if last.type == "UNCHECKED" or _BLANK_BOX.fullmatch(last):
        return "unchecked"
    return None


def tick(regions: Sequence[Region], index: int, doc: Document, *, margin: bool = False) -> str | None:
    """The tick state of region ``index``'s box: by reading order, or by position on the page
    in text laid out with spaces (where a tick can sit beside the label, not before it)."""
    if doc.aligned:  # by position only: a tick before a label may well be its neighbour's
        return "checked" if geometry.tick_beside(regions[index], list(regions), doc, margin=margin) else None
    return mark_before(regions, index)


def marks_visible(regions: Sequence[Region]) -> bool:
    """Whether this text shows tick boxes at all (checkbox markup, or ``____`` blanks).

    Only then does a box without a tick mean "not ticked"; otherwise it means "not known".
    """
    for region in regions:  # (runs read whole, not split into words: a blank is a word of them)
        for piece in region.pieces:
            if piece.type in ("CHECKED", "UNCHECKED") or _BLANK_BOX.fullmatch(piece) \
                    or piece.type == RUN_TERMINAL and _BLANK_BOX_WORD.search(piece):
                return True
    return False


def tri_state(mark: str | None, visible: bool, span: Span | None) -> Value:
    if mark == "checked":
        return Value(True, raw="X", span=span)
    if mark == "unchecked" or visible:
        return Value(False, span=span)
    return Value()


@dataclass
class OwnerReader:
    """Reads one reporting owner out of the regions from its box 1 to the next box 1."""

    doc: Document
    visible: bool

    def read(self, regions: Sequence[Region], offset: int, all_regions: Sequence[Region]) -> ReportingOwner:
        by_name: dict[str, Region] = {}
        for region in regions:
            by_name.setdefault(region.name, region)
        doc = self.doc
        fields: dict[str, Value] = {}
        if doc.aligned:
            name_cell = _whole_box(by_name["owner_box"], doc) if "owner_box" in by_name else None
        else:
            name_cell = self._search(regions, "owner_box", {"name_caption", "street_caption"}, _name_like)
            if name_cell is None:
                name_cell = self._name_before_middle(regions)
        merged = None if doc.aligned or name_cell is not None else _merged_names(regions, doc)
        if name_cell is not None:
            fields["rpt_owner_name"] = self._name(name_cell, regions)
        elif merged is not None:
            cell, owner, _ = merged
            fields["rpt_owner_name"] = doc.value(owner, doc.cell_span(cell), repaired=True)
            doc.add("names_run_together", "info",
                    f"Boxes 1 and 2: {cell.text!r} holds both names; the owner's is read as {owner!r}, "
                    "where the letter case changes", doc.cell_span(cell))
        else:
            self.doc.add("owner_name_missing", "warning", "Box 1: the reporting person's name was not found",
                         by_name["owner_box"].span(doc) if "owner_box" in by_name else None)
        if "name_caption" in by_name:
            fields.update(self._street(by_name["name_caption"], regions))
        fields.update(self._city_state_zip(regions))
        fields.update(self._relationship(regions, offset, all_regions))
        return ReportingOwner(**fields)

    def _name(self, cell: TextCell, regions: Sequence[Region]) -> Value:
        """The owner's name; in OCR text a tick read onto its line ("BOTHA ROELOF X Director")
        is box 5's, and comes off with the specks beside it."""
        text = cell.text.strip("* ")
        label_lines = {r.label.line for r in regions if r.name in RELATIONSHIP_REGIONS and r.label is not None}
        if cell.line in label_lines:
            trimmed = _TRAILING_TICK.sub("", text)
            if trimmed != text and trimmed:
                span = self.doc.cell_span(cell)
                self.doc.add("repaired_value", "info", f"Box 1: read {text!r} as the name {trimmed!r}; "
                             "the mark after it is box 5's tick", span)
                return self.doc.value(trimmed, span, repaired=True)
        return cell_value(self.doc, cell, text)

    def _name_before_middle(self, regions: Sequence[Region]) -> TextCell | None:
        """In reading order a name centred over its captions can come between them, after
        other boxes' labels and values ("(Last)", "(First)", box 2's issuer, "GARRETT MARK",
        "(Middle)"): the cell right before the last caption, when it has a name's shape
        (two words or more, not an address)."""
        captions = [i for i, r in enumerate(regions) if r.name == "name_caption"]
        if len(captions) < 2:
            return None
        cell = None
        for region in regions[captions[0]: captions[-1]]:
            for line in region.lines(self.doc):
                cell = next((c for c in reversed(line) if c.text), cell)
        if cell is not None and _name_like(cell.text) and len(cell.text.split()) >= 2 and not _ADDRESS.search(cell.text):
            return cell
        return None

    def _search(self, regions: Sequence[Region], after: str, stop: set[str], accept) -> TextCell | None:
        start = next((i for i, r in enumerate(regions) if r.name == after), None)
        if start is None:
            return None
        return next((cell for _, cell in _cells_after(regions, start, stop, self.doc) if accept(cell.text)), None)

    def _street(self, region: Region, regions: Sequence[Region]) -> dict[str, Value]:
        doc = self.doc
        if doc.aligned:
            lines = [[c for c in line if c.text and not values.parse_date(c.text)] for line in region.lines(doc)[:4]]
            if doc.stylesheet == "sec2002":  # one text "street1, street2", wrapped: undone below
                streets = [line[0] for line in lines[:3] if line]
            else:
                streets = _unwrap_streets([line[0] if line else None for line in lines])[:2]
        else:
            # In reading order the street lines follow "(Last) (First) (Middle)", perhaps
            # after another box's label and values; they end at "(Street)".
            starts = [i for i, r in enumerate(regions) if r.name == "name_caption"]
            found = _cells_after(regions, starts[-1], {"street_caption", "owner_box"}, doc)
            first_region = starts[-1]
            streets = [cell for k, cell in found
                       if _name_like(cell.text) and (k == first_region or _ADDRESS.search(cell.text))][:2]
        if doc.stylesheet == "sec2002" and len(streets) > 1:
            # The 2002 stylesheet writes "street1, street2" as one text, wrapped. A line that
            # ends with the joining comma ends street1; a line broken mid-street joins the next.
            if streets[0].text.endswith(","):
                streets = [streets[0].replaced(text=streets[0].text[:-1]),
                           streets[1].replaced(text=values.join_wrapped(c.text for c in streets[1:]))]
            else:
                streets = [streets[0].replaced(text=values.join_wrapped(c.text for c in streets))]
        if not streets:
            return {}
        first = streets[0]
        if len(streets) == 1:
            # One cell holds both street lines ("C/O ACME CORP 1 MAIN ST"): split at the number.
            # The 2002 stylesheet joins the two lines with ", "; EDGAR's with a space.
            joined = _JOINED_STREETS if doc.stylesheet == "sec2002" else None
            match = (joined.match(first.text) if joined else None) or _CARE_OF.match(first.text)
            if match:
                span = doc.cell_span(first)
                first = match.group(1)  # a comma that ends street1 is street1's ("CAPITAL,")
                return {
                    "rpt_owner_street1": doc.value(first, span),
                    "rpt_owner_street2": doc.value(match.group(2), span),
                }
            return {"rpt_owner_street1": cell_value(doc, first)}
        return {"rpt_owner_street1": cell_value(doc, first), "rpt_owner_street2": cell_value(doc, streets[1])}

    def _city_state_zip(self, regions: Sequence[Region]) -> dict[str, Value]:
        """City, state and ZIP stand between ``(Street)`` and the last of the city captions."""
        doc = self.doc
        if doc.aligned:
            found = self._city_state_zip_by_position(regions)
            if found is not None:
                return found
        cells = self._city_cells(regions)
        if not cells:
            return {}
        # Stop after the ZIP: what follows it on the line belongs to the next box.
        used: list[TextCell] = []
        for cell in cells:
            used.append(cell)
            if re.search(r"\b\d{5}(?:-\d{4})?$", cell.text):
                break
        city, state, zip_code = values.split_city_state_zip([c.text for c in used])
        span = doc.cell_span(used[0], used[-1]) if used[0].line == used[-1].line else doc.cell_span(used[0])
        raw = " ".join(c.text for c in used)
        if any(_UNBALANCED.search(c.text) for c in used):
            doc.add("address_damaged", "warning",
                    f"Box 1: the city line {raw!r} has a stray bracket; the text is damaged here", span)
        out = {}
        for name, value in (("rpt_owner_city", city), ("rpt_owner_state", state), ("rpt_owner_zip_code", zip_code)):
            if value is not None:
                out[name] = doc.value(value.strip("() "), span)
        return out

    def _city_cells(self, regions: Sequence[Region]) -> list[TextCell]:
        """The cells of the city line: laid out with spaces, those under "(Street)" (regrouped
        by position); in reading order, every cell from "(Street)" to the last city caption,
        less ticks and label leftovers."""
        doc = self.doc
        if doc.aligned:
            region = next((r for r in regions if r.name == "street_caption"), None)
            lines = [line for line in region.lines(doc) if any(c.text for c in line)] if region else []
            return [c for c in lines[0] if c.text] if lines else []
        starts = [i for i, r in enumerate(regions) if r.name == "street_caption"]
        if not starts:
            return []
        cells = []
        for k, cell in _cells_after(regions, starts[0], {"zip_caption", "owner_box"}, doc):
            text = _BLANK_BOX.sub(" ", cell.text).strip()
            if not text or values.TICK.fullmatch(text) or values.parse_date(text):
                continue  # a box's tick or blank, or another box's date, read in between
            if regions[k].name in ("city_caption", "state_caption") or not fuzzy.is_label_leftover(text):
                cells.append(cell.replaced(text=text) if text != cell.text else cell)
        whole = [c for c in cells if _CITY_LINE.match(c.text)]
        return whole[:1] or cells

    def _city_state_zip_by_position(self, regions: Sequence[Region]) -> dict[str, Value] | None:
        """Laid out with spaces, each part stands over its own caption ("FRANKLIN" and "LAKES"
        over "(City)", "NJ" over "(State)"): cells go to the nearest caption by position."""
        doc = self.doc
        captions = {r.name: doc.normalized.raw_column(r.label.line, r.label.column)
                    for r in regions if r.name in ("city_caption", "state_caption", "zip_caption")}
        street = next((r for r in regions if r.name == "street_caption"), None)
        if street is None or len(captions) < 2:
            return None
        cells = [c for line in street.lines(doc) for c in line if c.text]
        if not cells:
            return None
        parts: dict[str, list[TextCell]] = {name: [] for name in captions}
        for cell in cells:
            parts[min(captions, key=lambda name: abs(captions[name] - cell.x))].append(cell)
        out: dict[str, Value] = {}
        city_cells = parts.get("city_caption", [])
        if city_cells and not parts.get("state_caption") and not parts.get("zip_caption"):
            return None  # all on one line ("FRANKLIN LAKES, NJ 07417"): read as running text
        for name, field in (("city_caption", "rpt_owner_city"), ("state_caption", "rpt_owner_state"),
                            ("zip_caption", "rpt_owner_zip_code")):
            found = parts.get(name)
            if found:
                text = values.join_wrapped(c.text for c in found).strip(" ,")
                out[field] = doc.value(text, doc.cell_span(found[0], found[-1]))
        state, zip_code = out.get("rpt_owner_state"), out.get("rpt_owner_zip_code")
        if ((state is not None and not values.is_state_code(str(state.value)))
                or (zip_code is not None and not values.is_postal_code(str(zip_code.value).split()))):
            return None  # the parts do not stand over their captions: read them in order
        city = out.get("rpt_owner_city")
        if city is not None and "rpt_owner_state" not in out:
            # A state one space after the city shares its cell ("MENLO PARK CA").
            name, state, _ = values.split_city_state_zip([str(city.value)])
            if state is not None and name:
                out["rpt_owner_city"] = replace(city, value=name)
                out["rpt_owner_state"] = replace(city, value=state)
        return out

    def _relationship(self, regions: Sequence[Region], offset: int, all_regions: Sequence[Region]) -> dict[str, Value]:
        doc = self.doc
        out: dict[str, Value] = {}
        field_of = {"director": "is_director", "ten_percent_owner": "is_ten_percent_owner",
                    "officer": "is_officer", "other": "is_other"}
        seen: dict[str, Region] = {}
        for i, region in enumerate(regions):
            if region.name in field_of and region.name not in seen:
                seen[region.name] = region
                mark = tick(all_regions, offset + i, doc)
                out[field_of[region.name]] = tri_state(mark, self.visible, region.span(doc))
        if not seen:
            return out
        for name in RELATIONSHIP_REGIONS:
            out.setdefault(field_of[name], Value(False) if self.visible else Value())
        # The title text follows the last relationship label in reading order ("Other (specify
        # below) CFO"); laid out with spaces, it stands under its own option.
        if doc.aligned:
            sources = {"officer_title": seen.get("officer"), "other_text": seen.get("other")}
        else:
            last = [r for r in regions if r.name in field_of][-1]
            sources = {"officer_title": last, "other_text": last}
        for name, flag in (("officer_title", "is_officer"), ("other_text", "is_other")):
            region = sources[name]
            if not out[flag].value or region is None:
                continue
            title = _title_text(region, doc, whole=doc.aligned)
            if title is not None:
                out[name] = title
                if not doc.aligned:
                    break  # one text follows the options: it is the officer's title if both are ticked
        return out


# (It starts where a run of white space starts: tried from each space of a long run, it was
# quadratic.)
_TRAILING_TICK = re.compile(r"(?<!\s)(?:\s+[^\w\s]{1,2}|\s+\d)?\s+[Xx]$")
_LABEL_LEFTOVER = re.compile(r"^(?:below\)?|\(give\s+title|\(specify|title|below\)\s*below\))$", re.IGNORECASE)


def _title_text(region: Region, doc: Document, whole: bool) -> Value | None:
    """An officer's title or an "other" text: the first cell, or (laid out with spaces, where it
    wraps under its option) every line of the region, less the option label's own leftovers."""
    cells = [c for line in region.lines(doc)[: None if whole else 1] for c in line
             if c.text and not _LABEL_LEFTOVER.match(c.text) and not values.TICK.fullmatch(c.text)
             and not _BLANK_BOX.fullmatch(c.text)]
    if not whole:
        cells = cells[:1]
    if not cells:
        return None
    return doc.value(values.join_wrapped(c.text for c in cells), doc.cell_span(cells[0], cells[-1]))


def read_owners(head: Sequence[Region], owner_blocks: Sequence[Region], doc: Document, visible: bool) -> tuple[ReportingOwner, ...]:
    """Box 1 of the head, then every box 1 repeated after the tables."""
    reader = OwnerReader(doc, visible)
    owners: list[ReportingOwner] = []
    owner_regions = list(head) + list(owner_blocks)
    for start, stop in _owner_ranges(owner_regions):
        owner = reader.read(owner_regions[start:stop], start, owner_regions)
        same = next((i for i, o in enumerate(owners) if _same_person(o, owner)), None)
        if same is None:
            owners.append(owner)
        else:  # forms with several owners list them all again after the tables
            owners[same] = _merge(owners[same], owner)
    return tuple(owners)


def _same_person(a: ReportingOwner, b: ReportingOwner) -> bool:
    name_a, name_b = a.rpt_owner_name.value, b.rpt_owner_name.value
    return bool(name_a and name_b) and " ".join(str(name_a).split()).upper() == " ".join(str(name_b).split()).upper()


def _merge(first: ReportingOwner, again: ReportingOwner) -> ReportingOwner:
    """The first reading of an owner, with what only the repeated one read filled in."""
    updates = {}
    for name in first.__dataclass_fields__:
        mine, theirs = getattr(first, name), getattr(again, name)
        if mine.value is None and theirs.value is not None or mine.value is False and theirs.value is True:
            updates[name] = theirs
    return replace(first, **updates) if updates else first


def _owner_ranges(regions: Sequence[Region]) -> list[tuple[int, int]]:
    starts = [i for i, r in enumerate(regions) if r.name == "owner_box"]
    if not starts:
        return []
    # Captions that come before the head's box 1 (OCR reading order) belong to the first owner.
    starts[0] = 0
    return [(s, e) for s, e in zip(starts, starts[1:] + [len(regions)])]


def read_issuer(head: Sequence[Region], doc: Document) -> Issuer:
    region = next((r for r in head if r.name == "issuer_box"), None)
    if region is not None and not doc.aligned:
        # Issuer and ticker have a shape of their own ("ACME CORP [ ACME ]"): OCR can put it
        # under another box's label, so it is looked for from box 2 on before box 2 alone.
        start = head.index(region)
        shaped = next((c for _, c in _cells_after(head, start, set(), doc) if _ISSUER_SHAPE.match(c.text)), None)
        if shaped is None:
            shaped = _issuer_with_wrapped_ticker(head, start, doc)
        if shaped is not None:
            merged = _merged_names(head, doc)
            if merged is not None and (merged[0].line, merged[0].column) == (shaped.line, shaped.column):
                return _issuer_from(shaped.replaced(text=merged[2]), doc, span=doc.cell_span(shaped))
            return _issuer_from(shaped, doc)
    if region is None:
        doc.add("issuer_missing", "warning",
                "Box 2: the label 'Issuer Name and Ticker or Trading Symbol' was not found; "
                "issuer and ticker are left empty rather than read from elsewhere")
        return Issuer()
    cell = first_cell(region, doc)
    if cell is None and doc.aligned:
        cell = _shaped_issuer_near(head, region, doc)
    if cell is None:
        doc.add("issuer_missing", "warning", "Box 2 holds no issuer name", region.span(doc))
        return Issuer()
    if doc.aligned and "[" not in cell.text:
        # A long name wraps under its label ("ARROWHEAD PHARMACEUTICALS," / "INC. [ ARWR ]"):
        # read on, line by line, to the ticker's bracket.
        cells = [c for line in region.lines(doc) for c in line if c.text]
        start = cells.index(cell) if cell in cells else 0
        for end in range(start, min(start + 3, len(cells))):
            if "[" in cells[end].text:
                joined = values.join_wrapped(c.text for c in cells[start : end + 1])
                return _issuer_from(cells[end].replaced(text=joined, column=cell.column, line=cell.line), doc,
                                    span=doc.cell_span(cell, cells[end]))
    return _issuer_from(cell, doc)


_TICKER_ALONE = re.compile(r"^\[\s*[A-Za-z0-9.\-/]{1,8}\s*\]$")


def _issuer_with_wrapped_ticker(head: Sequence[Region], start: int, doc: Document) -> TextCell | None:
    """A ticker wrapped onto a line of its own ("ARROWHEAD PHARMACEUTICALS, INC." / ...
    / "[ARWR]"), which reading order can set after another box's words: the first cell of box
    2's own region and the first ticker alone in brackets after it, within a few cells, make
    the issuer."""
    found = list(itertools.islice(_cells_after(head, start, set(), doc), 8))
    cells = [c for _, c in found]
    ticker = next((k for k, c in enumerate(cells) if _TICKER_ALONE.match(c.text)), None)
    if not ticker:
        return None
    name = next((c for k, c in found[:ticker] if k == start and values.TWO_LETTERS.search(c.text)
                 and not fuzzy.is_label_leftover(c.text) and not values.TICK.match(c.text)), None)
    if name is None:
        return None
    doc.add("wrapped_text", "info", f"Box 2: the ticker {cells[ticker].text!r} stands apart from the issuer "
            f"{name.text!r}; they are read together", doc.cell_span(cells[ticker]))
    return name.replaced(text=f"{name.text} {cells[ticker].text}")


def _shaped_issuer_near(head: Sequence[Region], region: Region, doc: Document) -> TextCell | None:
    """Box 2 read empty by position: a converter that draws each row of the form's boxes as a
    table of its own sets the issuer ("ACME CORP [ ACME ]") under box 1's column. A cell of the
    issuer's shape on the two lines below box 2's label is its issuer; the place it stood is
    noted."""
    line = region.label.line
    for other in head:
        for cells in other.lines(doc):
            for cell in cells:
                if line < cell.line <= line + 2 and _ISSUER_SHAPE.match(cell.text):
                    doc.add("issuer_by_shape", "info", f"Box 2: {cell.text!r} is read as the issuer by its shape; "
                            "it stands outside the box's column", doc.cell_span(cell))
                    return cell
    return None


def _merged_names(regions: Sequence[Region], doc: Document) -> tuple[TextCell, str, str] | None:
    """Plain OCR can run box 1's name and box 2's issuer into one line ("THIEL PETER Facebook
    Inc [ FB ]") when the two labels share a line and box 1 holds no other name. They part
    where the letter case changes after two words of one case; with no change, None."""
    owner = next((i for i, r in enumerate(regions) if r.name == "owner_box"), None)
    issuer = next((r for r in regions if r.name == "issuer_box"), None)
    if owner is None or issuer is None or regions[owner].label is None or issuer.label is None \
            or regions[owner].label.line != issuer.label.line:
        return None
    cells = [cell for _, cell in _cells_after(regions, owner, {"name_caption", "street_caption"}, doc)]
    if any(_name_like(cell.text) for cell in cells):
        return None
    shaped = next((c for c in cells if _ISSUER_SHAPE.match(c.text)), None)
    if shaped is None:
        return None
    head, bracket, tail = shaped.text.partition("[")
    words = head.split()
    cases = [None if not re.search(r"[A-Za-z]", w) else re.sub(r"[^A-Za-z]", "", w).isupper() for w in words]
    for i in range(2, len(words)):
        if cases[0] is not None and all(c == cases[0] for c in cases[:i]) and cases[i] is not None and cases[i] != cases[0]:
            return shaped, " ".join(words[:i]), " ".join(words[i:]) + " " + bracket + tail
    return None


def _issuer_from(cell: TextCell, doc: Document, span=None) -> Issuer:
    name, ticker = values.split_issuer(cell.text)
    span = span or doc.cell_span(cell)
    if ticker is None:
        doc.add("ticker_missing", "warning", "Box 2: no ticker in brackets after the issuer name", span)
    return Issuer(
        issuer_name=doc.value(name, span) if name else Value(),
        issuer_trading_symbol=doc.value(ticker, span) if ticker else Value(),
    )


def read_date_box(head: Sequence[Region], name: str, doc: Document, *, search: bool = False) -> Value:
    """The date of a date box: its first cell, or (``search``, for the period, which OCR may
    put under a neighbouring box) the first date in reading order from the label on."""
    region = next((r for r in head if r.name == name), None)
    if region is None:
        return Value()
    if search and not doc.aligned:
        start = list(head).index(region)
        for _, cell in _cells_after(head, start, {"amendment_box"}, doc):
            found = values.find_date(cell.text)
            if found is not None:
                return doc.value(found[0], doc.cell_span(cell))
        return Value()
    if doc.aligned:  # the label may wrap over lines above its date: any cell of the box
        for line in region.lines(doc)[:6]:
            for cell in line:
                found = values.find_date(cell.text) if cell.text else None
                if found is not None:
                    return doc.value(found[0], doc.cell_span(cell))
        return Value()
    cell = first_cell(region, doc, lines=3)
    if cell is None:
        return Value()
    found = values.find_date(cell.text)
    if found is None:
        return Value()
    return doc.value(found[0], doc.cell_span(cell))
