"""Tables I and II: the rows of a table region, found as each layout prints them.

Cell-based text (markup, markdown, the seeds' OCR cells) has a row a line. Text laid out with
spaces has rows of several lines, read as blocks (blocks.py) and placed under the column
headings by position. Plain OCR has a row's cells one space apart, with wrapped words on the
lines around it. Plain pdftotext (stream) has one cell a line, rows and columns interleaved:
stream.py reads it. Matching a row's cells to the form's columns is columns.py's part.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import replace

from . import blocks, fuzzy, values
from .columns import (
    HEADING_GROUPS,
    SCHEMES,
    Column,
    Piece,
    cell_kinds,
    holds_row_values,
    is_value_text,
    piece_of,
    place,
    read_pieces,
    read_row,
)
from .records import Value
from .regions import Document, Region, TextCell
from .stream import read_stream_table


def table_rows(region: Region, doc: Document) -> list[list[TextCell]]:
    """The lines of a table region that are rows: a title, then at least one value."""
    return _row_lines((line for line, types in region.typed_lines(doc) if "COLUMN_LABEL" not in types),
                      untitled=doc.layout in ("tsv", "ocr"))


def _row_lines(lines, untitled: bool = False) -> list[list[TextCell]]:
    """Row lines: a title then values; with ``untitled`` (OCR, where a title wraps around its
    values), also a line holding a row's own values without its title."""
    rows = []
    for line in lines:
        filled = [c for c in line if c.text]
        if untitled and len(filled) >= 3 and holds_row_values(filled):
            rows.append(filled)  # a title wrapped around its values: the row, untitled
            continue
        if len(filled) < 2 or not line[0].text:
            continue
        if not values.LETTER.search(filled[0].text) or fuzzy.is_label_leftover(filled[0].text):
            continue  # a title of no words, or a piece of a column heading
        if not any(cell_kinds(c.text) & {"date", "amount", "price"} for c in filled[1:]):
            continue
        while line and not line[-1].text:
            line = line[:-1]
        rows.append(line)
    return rows


def _single_column_groups(key: tuple[str, str]) -> dict[str, str]:
    """Field -> group number, for the numbered headings that head one column alone (a group
    of several columns is placed by its sub-headings)."""
    index = {c.field: k for k, c in enumerate(SCHEMES[key])}
    starts = sorted((index[field], number) for number, field in HEADING_GROUPS[key].items())
    ends = [k for k, _ in starts[1:]] + [len(SCHEMES[key])]
    return {SCHEMES[key][k].field: number for (k, number), end in zip(starts, ends, strict=True) if end == k + 1}


# Where each column's heading stands: its group's number ("2A.") or, for a group of several
# columns, its sub-heading. Keys are the schemes' field names.
_GROUPS = {key: _single_column_groups(key) for key in SCHEMES}
_SUB_HEADINGS = {name: re.compile(pattern) for name, pattern in {
    "transaction_code": r"Code", "transaction_form_type": r"V", "transaction_shares": r"Amount",
    "transaction_acquired_disposed_code": r"\(A\)(?:\s*or)?", "transaction_price_per_share": r"Price",
    "shares_a": r"\(A\)", "shares_d": r"\(D\)", "exercise_date": r"Date|Exercisable",
    "expiration_date": r"Expiration", "underlying_security_title": r"Title",
    "underlying_security_shares": r"Amount|or|Number|of|Shares",
}.items()}
_GROUP_NUMBER = re.compile(r"^(\d{1,2}A?)\s*\.")


def heading_positions(lines: list[list[TextCell]], form: str, table: str) -> dict[str, int]:
    """The x of each column's heading, from the table's heading lines (laid out with spaces)."""
    groups = _GROUPS[(form, table)]
    found: dict[str, int] = {}
    numbers: dict[str, int] = {}
    for line in lines:
        for cell in line:
            match = _GROUP_NUMBER.match(cell.text)
            if match and match.group(1) not in numbers:
                numbers[match.group(1)] = cell.x
    for name, number in groups.items():
        if number in numbers:
            found[name] = numbers[number]
    subs = [(c.x, _sub_headings(c.text)) for line in lines[-6:] for c in line if c.text]  # they close the heading
    fields = {col.field for col in SCHEMES[(form, table)]}
    for name in _SUB_HEADINGS:
        if name in found or name not in fields:
            continue
        xs = [x for x, names in subs if name in names]
        if xs:
            found[name] = min(xs) if name != "shares_d" else max(xs)
    return found


@functools.lru_cache(maxsize=4096)
def _sub_headings(text: str) -> frozenset[str]:
    """The sub-headings ``text`` reads as. Cached: headings are the same in every filing."""
    text = text.strip()
    return frozenset(name for name, pattern in _SUB_HEADINGS.items() if pattern.fullmatch(text))


def _locate(pieces: list[Piece], columns: Sequence[Column], headings: dict[str, int]) -> None:
    """Give each piece the column its position points at: fit data x to heading x on the pieces
    placed by shape, then take the heading nearest to each piece's mapped x."""
    _, chosen = place(pieces, columns)
    pairs = [(p.cells[0].x, headings[c.field]) for p, c in chosen
             if c is not None and p.text and c.field in headings and len(p.shapes) <= 2]
    if len(pairs) < 2:
        return
    n = len(pairs)
    mx = sum(x for x, _ in pairs) / n
    my = sum(y for _, y in pairs) / n
    var = sum((x - mx) ** 2 for x, _ in pairs)
    slope = sum((x - mx) * (y - my) for x, y in pairs) / var if var else 1.0
    if not 0.5 <= slope <= 2.0:
        slope = 1.0
    known = [(k, headings[c.field]) for k, c in enumerate(columns) if c.field in headings]
    for piece in pieces:  # the nearest heading (the first of equals)
        mapped = my + slope * (piece.cells[0].x - mx)
        nearest, distance = known[0][0], abs(known[0][1] - mapped)
        for k, x in known[1:]:
            if abs(x - mapped) < distance:
                nearest, distance = k, abs(x - mapped)
        piece.index = nearest


def read_table(region: Region, form: str, table: str, doc: Document) -> list:
    columns = SCHEMES[(form, table)]
    if doc.aligned:
        typed = region.typed_lines(doc)
        heading = [line for line, types in typed if any(c.text for c in line) and is_heading(line, types)]
        headings = heading_positions(heading, form, table)
        rows = []
        for block in aligned_rows(region, doc, sorted(headings.values())):
            pieces = _block_pieces(block)  # indexed in order: the first placement's tie-break
            if headings:
                _locate(pieces, columns, headings)
            rows.append(read_pieces(pieces, block[0], columns, table, doc))
        return _natures_to_indirect(rows, doc)
    if doc.layout == "stream":
        return read_stream_table(region, form, table, doc, is_heading)
    if doc.spaced:
        return [read_pieces([piece_of([c], -1) for c in line], line, columns, table, doc)
                for line in wrapped_rows(region, doc, split=lambda cells: blocks.split_spaced_row(cells, is_value_text))]
    if doc.layout == "tsv":
        return [read_row(line, columns, table, doc) for line in wrapped_rows(region, doc, split=list)]
    return [read_row(line, columns, table, doc) for line in table_rows(region, doc)]


def wrapped_rows(region: Region, doc: Document, split) -> list[list[TextCell]]:
    """Rows of OCR text, one a line (``split`` makes a line's cells). A nature of ownership
    that wraps prints its other lines above and below the row's line, as lines of words alone,
    and its raised footnote marks on a line of their own below it: such a block joins the
    nature of the indirect ("I") row it stands above (or, with none below, the one above it)."""
    items: list[tuple[str, list[TextCell]]] = []  # ("row" | "words" | "marks" | "gap", cells)
    started = False  # a row has been read: lines of words from here on are wrapped text
    for line, types in region.typed_lines(doc):
        if not any(c.text for c in line) or is_heading(line, types):
            items.append(("gap", []))
            continue
        cells = split([c for c in line if c.text])
        if _row_lines([cells], untitled=True):
            items.append(("row", cells))
            started = True
        elif started and all(_MARKS.fullmatch(c.text) for c in cells):
            items.append(("marks", cells))  # raised marks printed under the row above
        elif all(not is_value_text(c.text) and values.TWO_LETTERS.search(c.text) for c in cells) \
                and (started or not fuzzy.is_label_leftover(" ".join(c.text for c in cells))):
            items.append(("words", cells))  # (before the first row, a piece of a heading is no nature)
        else:
            items.append(("gap", []))
    rows = [k for k, (kind, _) in enumerate(items) if kind == "row"]
    above: dict[int, list[TextCell]] = {k: [] for k in rows}
    below: dict[int, list[TextCell]] = {k: [] for k in rows}
    k = 0
    while k < len(items):
        if items[k][0] == "marks" and k > 0 and items[k - 1][0] == "row" and _indirect(items[k - 1][1]):
            below[k - 1].extend(items[k][1])
        if items[k][0] != "words":
            k += 1
            continue
        end = k
        while end < len(items) and items[end][0] == "words":
            end += 1
        block = [c for _, cells in items[k:end] for c in cells]
        nxt = next((j for j in range(end, min(end + 2, len(items))) if items[j][0] == "row"), None)
        prev = k - 1 if k > 0 and items[k - 1][0] == "row" else None
        # Between two indirect rows, the lower row's nature starts at its "By ..." line; the
        # lines before it end the upper row's ("LP(1)" under "By The Founders Fund IV,").
        start = next((j for j in range(k, end) if _NATURE_START.match(items[j][1][0].text)), k)
        if nxt is not None and prev is not None and start > k and _indirect(items[nxt][1]) and _indirect(items[prev][1]):
            below[prev].extend(c for _, cells in items[k:start] for c in cells)
            above[nxt].extend(c for _, cells in items[start:end] for c in cells)
        elif nxt is not None and _indirect(items[nxt][1]):
            above[nxt].extend(block)
        elif prev is not None and _indirect(items[prev][1]):
            below[prev].extend(block)
        k = end
    out = []
    for k in rows:
        cells = items[k][1]
        if above[k] or below[k]:
            own = [cells[-1]] if len(cells) > 2 and not is_value_text(cells[-1].text) else []
            parts = above[k] + own + below[k]
            # a "$" on a wrapped line is the price cell's, printed a line above its number
            text = _LONE_DOLLAR.sub("", values.join_wrapped(c.text for c in parts)).strip()
            nature = parts[0].replaced(text=text)
            cells = (cells[:-1] if own else cells) + [nature]
        out.append(cells)
    return out


_MARKS = re.compile(r"(?:\(\d{1,2}\)\s*)+")
_LONE_DOLLAR = re.compile(r"(?<!\S)\$(?!\S)\s*")
_NATURE_START = re.compile(r"(?:Held\s+)?By\b", re.IGNORECASE)  # how a nature of ownership opens


def _indirect(cells: list[TextCell]) -> bool:
    return any(values.parse_flag(c.text, "DI") == "I" for c in cells[1:])


def _natures_to_indirect(rows: list, doc: Document) -> list:
    """Only an indirect holding ("I") prints a nature of ownership. Wrapped nature text that
    the blocks gave to a direct neighbour ("By" above a row whose nature is "Rivendell One
    LLC") goes to the indirect row beside it."""
    rows = list(rows)
    for k, row in enumerate(rows):
        nature = row.nature_of_ownership
        if row.direct_or_indirect_ownership.value != "D" or not nature.value or nature.footnote_ids:
            continue
        for j, before in ((k + 1, True), (k - 1, False)):
            if 0 <= j < len(rows) and rows[j].direct_or_indirect_ownership.value == "I":
                other = rows[j].nature_of_ownership
                parts = [str(nature.value), str(other.value or "")] if before else [str(other.value or ""), str(nature.value)]
                rows[j] = replace(rows[j], nature_of_ownership=replace(other, value=values.join_wrapped(parts), repaired=True))
                rows[k] = replace(row, nature_of_ownership=Value())
                doc.add("wrapped_text", "info",
                        f"{nature.value!r} read beside a direct holding joins the nature of the indirect row next to it",
                        nature.span)
                break
    return rows


# Each alternative reads its own text, so that a line is read one way only: a digit is "\d", a
# comma "[,.:;]", "2A." the group number that needs its letter ("2." is a digit and a stop),
# and a wrapped "(Instr." takes all it can and gives none back (a lookahead's capture matched
# again: an atomic group that Python 3.10 can read). (Alternatives that overlapped, "[\d,]+" beside
# "[,.:;]", had a number that fails at its end read every way it could be cut: a millisecond
# a cell, and a minute for a long row of digits and commas.)
_HEADING = re.compile(
    r"^(?:\d{1,2}A\.|Code|V|Amount|\(A\)|\(D\)|or|of|Price|Date|Exercisable|Expiration|Title|"
    r"Number|Shares|Transaction\(s\)|Reported|\(Instr\.(?=(?P<instr>[^)]*))(?P=instr)\)?|Owned|Following|\d|and|\d\)|"
    r"\(Month/Day/Year\)|\(Month/?|/?Day/Year\)|Day/|Year\)|\(s\)|Security|Securities|Form|Direct|Indirect|\(I\)|Beneficial(?:ly)?|Ownership|"
    r"Derivative|Underlying|Conversion|Exercise|Deemed|Execution|if|any|Nature|Acquired|Disposed|Transaction|"
    r"at|end|Issuer's|Fiscal|Year|[,.:;]|\s)+$",
    re.IGNORECASE)


def is_heading(line: list[TextCell], types: set[str]) -> bool:
    """A line of column headings; a line of bare numbers ("2010" of a wrapped "Venture 2010
    Fund") is not one."""
    if "COLUMN_LABEL" in types:
        return True
    texts = [c.text for c in line if c.text]
    return all(_heading_words(t) for t in texts) and any(values.TWO_LETTERS.search(t) for t in texts)


@functools.lru_cache(maxsize=8192)
def _heading_words(text: str) -> bool:
    """Whether ``text`` is words of a column heading. Cached: heading lines recur in every
    filing, and a table's lines are asked twice (bounded, so a batch's memory is too)."""
    return _HEADING.match(text) is not None



def aligned_rows(region: Region, doc: Document, heading_xs: Sequence[int] = ()) -> list[list[list[TextCell]]]:
    """Row blocks of a table laid out with spaces (see blocks.py). ``heading_xs``: where the
    columns' headings stand, where a title one space from its row's date ends."""
    typed = region.typed_lines(doc)
    data: list[list[TextCell]] = []
    repeating = False
    started = False  # a line of data with words has been kept
    for line, types in typed:
        if not any(c.text for c in line):
            data.append(line)
        elif not started and is_heading(line, types):
            data = []  # the heading: rows start below it
        elif started and ("COLUMN_LABEL" in types or repeating and is_heading(line, types)):
            # The heading repeated after a page break: skipped, so that what follows it (the
            # end of a row cut by the break) still joins that row. A lone heading word outside
            # it ("shares") is a wrapped title's last word, not a heading.
            repeating = True
            data.append([])
        else:
            repeating = False
            data.append(line)
            started = True
    margin = min((c.x for line in data for c in line if c.text), default=0)

    def is_value(cell: TextCell) -> bool:
        return is_value_text(cell.text)

    def is_title(cell: TextCell) -> bool:
        return cell.x <= margin + 2 and bool(values.TWO_LETTERS.search(cell.text))

    # A title word one space from an amount ("Common 16,840") shares a cell: split words from values.
    # (A cell at the left margin is a title, whatever it ends with: "Class B Common Stock, $0.0001".)
    # (A cell of one word has nothing to split.)
    data = [[c if c.index == k else c.replaced(index=k) for k, c in enumerate(
        [cell for original in blocks.attach_marks([c for c in line if c.text]) for cell in
         (_title_and_date(original, heading_xs) if original.x <= margin + 2 or not _SPACE.search(original.text)
          else blocks.split_spaced_row([original], is_value_text, trailing_only=True))])]
        for line in data]
    return blocks.row_blocks(data, is_value, is_title, holds_row_values)


_SPACE = re.compile(r"\s")
_TRAILING_DATE = re.compile(r"(?<=\S) (\d{1,2}/\d{1,2}/\d{4})$")


def _title_and_date(cell: TextCell, heading_xs: Sequence[int]) -> list[TextCell]:
    """A title one space from its row's date ("Common Stock 11/20/2020", as a text browser sets
    a narrow column) is two cells when the date stands where a column's heading does."""
    found = _TRAILING_DATE.search(cell.text)
    if found is None or not any(abs(cell.x + found.start(1) - x) <= 1 for x in heading_xs):
        return [cell]
    cut = found.start(1)
    return [cell.replaced(text=cell.text[: cut - 1], end_column=cell.column + cut - 1, x_end=cell.x + cut - 1),
            cell.replaced(text=found.group(1), column=cell.column + cut, x=cell.x + cut)]


def _block_pieces(block: list[list[TextCell]]) -> list[Piece]:
    return [piece_of(stack, k) for k, stack in enumerate(blocks.stack_cells(block))]
