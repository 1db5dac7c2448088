"""The head of a form laid out with spaces (pdftotext -layout), read by position.

Boxes stand side by side, so in reading order a line holds pieces of three boxes; the grammar
still finds every label, and this module gives each cell to the label it stands under: the
nearest label above it whose column holds the cell. Box labels ("2. Issuer Name ...") set the
columns of the page; sub-labels (address captions, the relationship options) divide their box.
Tick marks are matched to the option or check box beside them the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lark import Token

from . import values
from ._grammar import RUN_TERMINAL, make_token
from .regions import Document, Region, cell_runs, split_run

# Boxes 1-6: their labels set the columns of the page below the title block.
BOX_LABELS = {"OWNER_BOX", "ISSUER_BOX", "PERIOD_BOX", "AMENDMENT_BOX", "RELATIONSHIP_BOX", "FILING_BOX"}
SUB_LABELS = {"NAME_CAPTION", "STREET_CAPTION", "CITY_CAPTION", "STATE_CAPTION", "ZIP_CAPTION",
              "DIRECTOR", "TEN_PERCENT_OWNER", "OFFICER", "OTHER", "ONE_PERSON", "MORE_PERSONS"}
_TOLERANCE = 3
_TICK_WIDTH = 7  # "__X__ " before an option
_CAPTIONS = {"NAME_CAPTION", "STREET_CAPTION", "CITY_CAPTION", "STATE_CAPTION", "ZIP_CAPTION"}
# The box each option belongs to.
_BOX_OF = {"DIRECTOR": "RELATIONSHIP_BOX", "TEN_PERCENT_OWNER": "RELATIONSHIP_BOX", "OFFICER": "RELATIONSHIP_BOX",
           "OTHER": "RELATIONSHIP_BOX", "ONE_PERSON": "FILING_BOX", "MORE_PERSONS": "FILING_BOX"}


@dataclass
class _Placed:
    region: Region
    line: int
    x: int
    x_end: int
    left: int = 0
    right: int = 1 << 30


def _x(doc: Document, token: Token) -> tuple[int, int]:
    raw = doc.normalized
    return raw.raw_column(token.line, token.column), raw.raw_end_column(token.line, token.end_column)


def _place_labels(regions: list[Region], doc: Document) -> tuple[list[_Placed], int]:
    """Labels with the columns they own, and the first line of the boxes (the band above it is
    the title block, whose labels own only what stands beside and below them up to box 1)."""
    placed = []
    for region in regions:
        if region.label is not None:
            x, x_end = _x(doc, region.label)
            if region.label.type in BOX_LABELS and region.label[:1].isdigit():
                x = _cell_start(doc, region.label)
            placed.append(_Placed(region, region.label.line, x, x_end))
    boxes_start = min((p.line for p in placed if p.region.label.type in BOX_LABELS), default=0)
    starts = {id(p): p.x for p in placed if p.region.label.type in BOX_LABELS}
    by_type: dict[str, list[_Placed]] = {}
    by_line: dict[int, list[_Placed]] = {}  # (each in the labels' order)
    for p in placed:
        by_type.setdefault(p.region.label.type, []).append(p)
        by_line.setdefault(p.line, []).append(p)
    for p in placed:
        # A box reaches left to its own options and the tick before each ("__X__ Director"
        # can stand left of "5. Relationship ..."): its column starts there.
        box_type = _BOX_OF.get(p.region.label.type)
        if box_type is None:
            continue
        owners = [q for q in by_type.get(box_type, ()) if q.line <= p.line]
        if owners:
            box = max(owners, key=lambda q: q.line)
            starts[id(box)] = min(starts[id(box)], p.x - _TICK_WIDTH)
    starters = sorted(set(starts.values()))
    columns: list[int] = []
    for x in starters:  # box labels within a few characters of each other share a column
        if not columns or x - columns[-1] > _TOLERANCE:
            columns.append(x)
    for p in placed:
        same_line = [q.x for q in by_line[p.line] if q.x > p.x + _TOLERANCE]
        if p.line < boxes_start:  # the title block: up to the next label on the line
            p.left, p.right = p.x - _TOLERANCE, min(same_line, default=1 << 30)
            continue
        x = starts.get(id(p), p.x)
        if p.region.label.type in _CAPTIONS:  # centred under box 1: they span its column
            x = max((c for c in columns if c <= p.x + _TOLERANCE), default=p.x)
        later = [c for c in columns if c > x + _TOLERANCE]
        p.left, p.right = x - _TOLERANCE, (later[0] if later else 1 << 30)
        if p.region.label.type in SUB_LABELS and p.region.label.type not in _CAPTIONS and same_line:
            # up to the next option on the line, less the tick box standing before it
            nxt = min((q for q in by_line[p.line] if q.x > p.x + _TOLERANCE), key=lambda q: q.x)
            gap = _TICK_WIDTH if nxt.region.label.type in _BOX_OF else 0
            p.right = min(p.right, max(nxt.x - gap, p.x + 1))
    return placed, boxes_start


def _cell_start(doc: Document, token: Token) -> int:
    """The raw column where the cell holding ``token`` starts: a box's column starts at its
    cell, with the words a converter ran into its numbered label ("(Print or Type Responses)
    1. Name and Address ..."). A label's later line ("(Check all applicable)") may stand one
    space from the box beside it, and keeps its own column."""
    before = doc.normalized.lines[token.line - 1][: token.column - 1]
    start = before.rfind("\t") + 1
    if not before[start:].strip():
        return doc.normalized.raw_column(token.line, token.column)
    start += len(before[start:]) - len(before[start:].lstrip())
    return doc.normalized.raw_column(token.line, start + 1)


def _cells(regions: list[Region]) -> list[list[Token]]:
    """Every run of words between TABs or line ends, across the regions, labels left out. A
    TEXT run's words stay together as runs (``cell_runs``), one a cell."""
    cells: list[list[Token]] = []
    for region in regions:
        current: list[Token] = []
        for piece in region.pieces:
            for token in cell_runs(piece) if piece.type == RUN_TERMINAL else (piece,):
                if token is None or token.type in ("TAB", "NL", "ROW_BREAK"):
                    if current:
                        cells.append(current)
                    current = []
                    continue
                if current and current[-1].line != token.line:
                    cells.append(current)
                    current = []
                current.append(token)
        if current:
            cells.append(current)
    return cells


def regroup_head(regions: list[Region], doc: Document) -> list[Region]:
    """The head's regions with their content re-read by position (labels and order kept)."""
    placed, boxes_start = _place_labels(regions, doc)
    owned: dict[int, list[list[Token]]] = {id(p.region): [] for p in placed}
    orphans: list[list[Token]] = []
    # Each band's labels lowest and rightmost first: a cell's owner is the first that holds it
    # (of labels at one place, the first in the text: the sort is stable).
    bands = {above: sorted((p for p in placed if (p.line < boxes_start) == above), key=lambda p: (p.line, p.x),
                           reverse=True) for above in (True, False)}
    for cell in _cells(regions):
        x = doc.normalized.raw_column(cell[0].line, cell[0].column)
        line = cell[0].line
        best = next((p for p in bands[line < boxes_start] if p.line <= line and p.left <= x < p.right), None)
        if best is None:
            orphans.append(cell)
            continue
        owned[id(best.region)].append(cell)
    out = []
    for region in regions:
        if region.label is None:
            out.append(Region(region.name, None, [t for c in orphans for t in c], part=region.part))
            continue
        out.append(Region(region.name, region.label, _tokens(owned[id(region)]), part=region.part))
    return out


def _tokens(cells: list[list[Token]]) -> list[Token]:
    """Cells back into a token stream: TAB between cells of a line, NL after each line."""
    out: list[Token] = []
    cells = sorted(cells, key=lambda c: (c[0].line, c[0].column))
    for i, cell in enumerate(cells):
        if i and cells[i - 1][0].line == cell[0].line:
            out.append(make_token("TAB", "\t", None, cell[0].line, cell[0].column, None, None, None))
        out.extend(cell)
        if i + 1 == len(cells) or cells[i + 1][0].line != cell[0].line:
            out.append(make_token("NL", "\n", None, cell[-1].line, cell[-1].end_column, None, None, None))
    return out


_TICKABLE = {"DIRECTOR", "TEN_PERCENT_OWNER", "OFFICER", "OTHER", "ONE_PERSON", "MORE_PERSONS"}


def _tick_candidates(region: Region) -> list[Token]:
    """The region's tokens that could be a tick mark: its runs are split into words only
    where they hold a tick's letter."""
    out: list[Token] = []
    for piece in region.pieces:
        if piece.type != RUN_TERMINAL:
            out.append(piece)
        elif _TICK_LETTER.search(piece):
            out.extend(split_run(piece))
    return out


_TICK_LETTER = re.compile(f"[{values.TICK_MARKS}]")


def tick_beside(region: Region, regions: list[Region], doc: Document, *, margin: bool = False) -> bool:
    """Whether a tick mark stands beside ``region``'s label: just left of it within a line (a
    relationship option; each tick goes to the nearest option only), or, with ``margin``, in
    the left margin of the label's paragraph (the two check boxes, whose tick is centred on
    several lines of text)."""
    if region.label is None:
        return False
    lx, _ = _x(doc, region.label)
    line = region.label.line
    key = ("ticks", tuple(map(id, regions)))  # asked once for each option of each owner
    ticks = doc.memo.get(key)
    if ticks is None:
        ticks = doc.memo[key] = [(t, *_x(doc, t)) for other in regions for t in _tick_candidates(other)
                                 if t.type in ("WORD", "CHECKED") and values.TICK.fullmatch(t)]
    if margin:
        # A check box's paragraph ends where the next check box's label starts.
        below = [r.label.line for r in regions if r.label is not None and r.label.line > line
                 and r.label.type in ("NOT_SUBJECT_BOX", "RULE_10B5_BOX")]
        last_line = min(below) - 1 if below else line + 8
        return any(line <= t.line <= last_line and tx_end <= lx for t, _, tx_end in ticks)
    # Each option as (its region's id, its line, its x): the memo holds no region, which holds
    # the document (``Region.typed_lines``), so that a document is freed when its parse ends
    # and is not left for the garbage collector to find as a cycle.
    options = doc.memo.get(("options", key[1]))
    if options is None:
        options = doc.memo[("options", key[1])] = [(id(r), r.label.line, _x(doc, r.label)[0]) for r in regions
                                                    if r.label is not None and r.label.type in _TICKABLE]
    for token, _, tx_end in ticks:
        near = [(abs(token.line - line), ox - tx_end, option) for option, line, ox in options
                if abs(token.line - line) <= 1 and 0 <= ox - tx_end <= 8]
        if near and min(near, key=lambda n: (n[0], n[1]))[2] == id(region):
            return True
    return False
