"""The "Reporting Owners" summary of the SEC's 2002 stylesheet: every owner, with address and
relationship, after Table II. Box 1 shows only the first owner there, so the others are read
from this summary.

As cells (markup, markdown): one row per owner, the name and address run together in the first
cell, then Director, 10% Owner, Officer and Other. Laid out with spaces: the name, street and
city lines of each owner stacked at the left margin, ending with the "CITY, ST ZIP" line, and
the ticks or titles standing under the relationship headings.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import values
from .records import ReportingOwner, Value
from .regions import Document, Region, TextCell

RELATIONSHIPS = ("is_director", "is_ten_percent_owner", "is_officer", "is_other")
_HEADINGS = re.compile(r"^(Director|10%\s*Owner|Officer|Other)$", re.IGNORECASE)
# "MENLO PARK, CA 94025": the state and zip that end a city line. What stands before them is
# cut off by string methods (see ``_city_line``): as one regex, "^(.*?)\s*,?\s+ST ZIP", the
# lazy text and the two runs of white space could share a run of spaces in cubic time.
_STATE_ZIP = re.compile(r"\s(?P<state>[A-Z]{2})\s+(?P<zip>\d{5}(?:-\d{4})?)\s*$")
_STREET_WORD = re.compile(
    r"^(?:\S*\d\S*|C/O|STREET|ST\.?|AVENUE|AVE\.?|ROAD|RD\.?|DRIVE|DR\.?|BLVD\.?|BOULEVARD|SUITE|STE\.?|"
    r"FLOOR|FL\.?|WAY|LANE|LN\.?|PLAZA|PARKWAY|PKWY\.?|HIGHWAY|HWY\.?|CIRCLE|COURT|CT\.?|PLACE|PL\.?|"
    r"SQUARE|BOX|CENTER|CENTRE|TOWER|BUILDING|BLDG\.?|LLC|INC\.?|LP|LTD\.?|CORP\.?|COMPANY|MANAGEMENT)$",
    re.IGNORECASE)
_ADDRESS_START = re.compile(r"^(?:\d|C/O$|P\.?O\.?$|ONE$|TWO$|THREE$)", re.IGNORECASE)


def _city_line(text: str) -> tuple[str, str, str] | None:
    """``"MENLO PARK, CA 94025"`` -> ``("MENLO PARK", "CA", "94025")``: the text before the
    state (on its line, without the white space and the one comma before the state), the state
    and the zip; None when the text does not end in a state and zip."""
    found = _STATE_ZIP.search(text)
    if found is None:
        return None
    before = text[: found.start("state")].rstrip()
    if before.endswith(","):
        before = before[:-1].rstrip()
    if "\n" in before:
        return None
    return before, found.group("state"), found.group("zip")


def _split_city(before: str) -> tuple[str, str]:
    """The city is the run of words before ", ST ZIP" that holds no number and no street word."""
    words = before.rstrip(",").split()
    city: list[str] = []
    while words and not _STREET_WORD.match(words[-1]):
        city.insert(0, words.pop())
    if not words:  # no street left: only the last word is surely the city
        words, city = city[:-1], city[-1:]
    return " ".join(words), " ".join(city).strip(",")


def _owner(doc: Document, name: str, streets: list[str], city_line: str, span, *,
           alone: bool = False) -> dict[str, Value]:
    """Fields of one owner; ``alone``: the city line holds the city only (not the street too)."""
    fields: dict[str, Value] = {"rpt_owner_name": doc.value(name, span)}
    found = _city_line(city_line)
    if found:
        before, state, zip_code = found
        fields["rpt_owner_state"] = doc.value(state, span)
        fields["rpt_owner_zip_code"] = doc.value(zip_code, span)
        before = before.rstrip(",")
        street_tail, city = ("", before) if alone else _split_city(before)
        fields["rpt_owner_city"] = doc.value(city, span)
        if street_tail:
            streets = streets + [street_tail]
    if streets:
        fields["rpt_owner_street1"] = doc.value(streets[0], span)
    if len(streets) > 1:
        fields["rpt_owner_street2"] = doc.value(" ".join(streets[1:]), span)
    return fields


def _relationship(doc: Document, column: str, text: str, span) -> dict[str, Value]:
    if not text:
        return {}
    out = {column: doc.value(True, span)}
    if not values.TICK.fullmatch(text):  # a title written under Officer or Other ticks it and names it
        if column == "is_officer":
            out["officer_title"] = doc.value(text, span)
        elif column == "is_other":
            out["other_text"] = doc.value(text, span)
    return out


def read_summary(region: Region, doc: Document, known: list[str]) -> list[ReportingOwner]:
    lines = [line for line in region.lines(doc) if any(c.text for c in line)]
    heading = next((i for i, line in enumerate(lines) if sum(1 for c in line if _HEADINGS.match(c.text)) >= 3
                    or len(re.findall(r"Director|10%\s*Owner|Officer|Other", " ".join(c.text for c in line))) >= 3),
                   None)
    if heading is None:
        return []
    if doc.aligned:
        return _read_aligned(lines[heading], lines[heading + 1 :], doc)
    return _read_cells(lines[heading + 1 :], doc, known)


def _read_cells(rows: list[list[TextCell]], doc: Document, known: list[str]) -> list[ReportingOwner]:
    """One owner a row. A row's first cell may run over lines of their own before the line of
    its other cells (html2text writes a cell's line breaks so): the name, the street lines,
    and the city line that stands beside the ticks."""
    owners = []
    above: list[TextCell] = []  # lines of one cell: the first cell of the row below, begun
    for line in rows:
        if not line or not line[0].text:
            continue
        if len([c for c in line if c.text]) == 1 and len(line) == 1:
            above.append(line[0])
            continue
        text, span = line[0].text, doc.cell_span(above[0] if above else line[0])
        if above:
            fields = _owner(doc, above[0].text, [c.text for c in above[1:]], text, span, alone=True)
            above = []
        else:
            fields = _joined_owner(doc, text, span, known)
        for index, column in enumerate(RELATIONSHIPS, start=1):
            if index < len(line) and line[index].text:
                fields.update(_relationship(doc, column, line[index].text, doc.cell_span(line[index])))
        owners.append(ReportingOwner(**_split_street(fields, doc)))
    return owners


def _joined_owner(doc: Document, text: str, span, known: list[str]) -> dict[str, Value]:
    """An owner from one cell that runs the name and address together: the name is a known
    owner's, or the words before the address starts."""
    name = next((k for k in known if text.upper().startswith(k.upper())), None)
    words = text.split()
    if name is None:
        cut = next((i for i, w in enumerate(words) if i and _ADDRESS_START.match(w)), len(words))
        name = " ".join(words[:cut])
    rest = text[len(name):].strip()
    if _city_line(rest):
        return _owner(doc, name, [], rest, span)
    return _owner(doc, name, [rest] if rest else [], "", span)


def _split_street(fields: dict[str, Value], doc: Document) -> dict[str, Value]:
    """One street text holding both lines ("C/O ACME LLC 600 MAIN ST"): split at the number."""
    street = fields.get("rpt_owner_street1")
    if street is None or "rpt_owner_street2" in fields:
        return fields
    words = str(street.value).split()
    cut = next((i for i, w in enumerate(words) if i and w[:1].isdigit()), None)
    if words and words[0].upper() == "C/O" and cut:
        fields["rpt_owner_street1"] = doc.value(" ".join(words[:cut]), street.span)
        fields["rpt_owner_street2"] = doc.value(" ".join(words[cut:]), street.span)
    return fields


def _read_aligned(heading: list[TextCell], rows: list[list[TextCell]], doc: Document) -> list[ReportingOwner]:
    columns: list[tuple[int, str]] = []
    for cell in heading:  # "Director 10% Owner Officer Other" may be one cell: place each word
        for match in re.finditer(r"Director|10%\s*Owner|Officer|Other", cell.text):
            columns.append((cell.x + match.start(), RELATIONSHIPS[_column_index(match.group(0))]))
    if not columns:
        return []
    left_edge = min(x for x, _ in columns) - 2
    owners: list[ReportingOwner] = []
    block: list[str] = []
    marks: dict[str, Value] = {}
    first_span = None
    for line in rows:
        for cell in line:
            span = doc.cell_span(cell)
            if cell.x < left_edge:
                block.append(cell.text)
                first_span = first_span or span
                continue
            column = min(columns, key=lambda c: abs(c[0] - cell.x) if cell.x >= c[0] - 2 else 1 << 20)[1]
            marks.update(_relationship(doc, column, cell.text, span))
        if block and _city_line(block[-1]):
            fields = _owner(doc, block[0], block[1:-1], block[-1], first_span, alone=True)
            fields.update(marks)
            owners.append(ReportingOwner(**fields))
            block, marks, first_span = [], {}, None
    return owners


def _better_streets(owner: ReportingOwner, extra: ReportingOwner) -> dict[str, Value]:
    """Box 1 of the 2002 stylesheet joins the street lines ("177 E COLORADO BLVD, STE 700"); a
    summary that gives them apart, and joins to the same text, says where they split."""
    head = " ".join(str(v.value) for v in (owner.rpt_owner_street1, owner.rpt_owner_street2) if v.value)
    first, second = extra.rpt_owner_street1.value, extra.rpt_owner_street2.value
    if not (head and first and second):
        return {}
    squash = lambda text: re.sub(r"[\s,]+", " ", str(text)).strip().upper()  # noqa: E731
    if squash(head) == squash(f"{first} {second}") and squash(owner.rpt_owner_street1.value) != squash(first):
        return {"rpt_owner_street1": extra.rpt_owner_street1, "rpt_owner_street2": extra.rpt_owner_street2}
    return {}


def _column_index(heading: str) -> int:
    heading = heading.lower()
    return 0 if heading.startswith("dir") else 1 if heading.startswith("10") else 2 if heading.startswith("off") else 3


def merge(owners: list[ReportingOwner], summary: list[ReportingOwner], *, streets: bool = False) -> list[ReportingOwner]:
    """Owners from box 1, completed by the summary; owners only the summary names are added.
    With ``streets`` (the summary's street lines stood apart), its split of the street wins."""
    out = list(owners)
    for extra in summary:
        key = " ".join(str(extra.rpt_owner_name.value or "").upper().split())
        names = [" ".join(str(o.rpt_owner_name.value or "").upper().split()) for o in out]
        same = next((i for i, name in enumerate(names) if name == key), None)
        run_on = False
        if same is None and key:
            # a name that runs on into its address ("BOTHA ROELOF C/O SEQUOIA"): a wrapped cell
            # whose lines did not part where the name ends; the owner is the known one
            same = next((i for i, name in enumerate(names) if name and key.startswith(name + " ")), None)
            run_on = same is not None
        if same is None:
            out.append(extra)
            continue
        if run_on:  # its address lines are cut wrongly: only its relationship is taken
            extra = ReportingOwner(**{f: getattr(extra, f) for f in RELATIONSHIPS + ("officer_title", "other_text")})
        updates = _better_streets(out[same], extra) if streets else {}
        for name in extra.__dataclass_fields__:
            if name in updates:
                continue
            mine, theirs = getattr(out[same], name), getattr(extra, name)
            # Only what box 1 and box 5 leave unknown: a box they show unticked stays unticked.
            if mine.value is None and theirs.value is not None:
                updates[name] = theirs
        if updates:
            out[same] = replace(out[same], **updates)
    return out

