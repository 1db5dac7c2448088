"""Tables drawn with rules, as text browsers and document converters write them, turned into
pipe-table rows that the markdown reader reads.

- Grid tables: ``+-----+-----+`` rules and ``|`` between cells (pandoc's rst and grid tables),
  or the box-drawing characters ``┌ ┬ ├ ┼ │ ─`` (w3m, elinks and links with table borders).
  A cell's text wraps over the lines between two rules; a cell that spans rows goes on past a
  rule that closes its neighbours' cells only.
- Asciidoc tables (pandoc's asciidoc): between two ``|===`` lines, cells open with ``|`` and
  run on over lines; the ``cols`` attribute above the table says how many make a row.
- Tables ruled by runs of dashes under their columns (pandoc's simple and multiline tables, in
  its markdown and plain text): the runs give the columns. A table closed by a rule like its
  opening one is a multiline table, each row a group of lines between blank lines; otherwise
  each line is a row.

Each row becomes one line ``| cell | cell |``, on the first line of the row, and its other
lines are left blank, so that the text keeps its line numbers and a location still points at
the row's first line. A cell's lines are joined by a space; the cells a rule splits within
one column of a row follow each other, in the order they stand. Text outside the tables is
left as it is.
"""

from __future__ import annotations

import re

_BOX_JUNCTIONS = "┌┬┐├┼┤└┴┘╞╪╡╔╦╗╠╬╣╚╩╝+"
_BOX_VERTICALS = "│┃║|"
_BOX_RULES = "─━═=-"
_RULE_CHARACTERS = frozenset(_BOX_JUNCTIONS + _BOX_VERTICALS + _BOX_RULES)
_BOXES = re.compile(rf"[{_BOX_JUNCTIONS}{_BOX_VERTICALS}─━═]")
# Runs of dashes, two at least (a narrow spacer column), one of three at least.
_DASH_RULE = re.compile(r"^([ \t]*)(?=[- ]*-{3})-{2,}(?: +-{2,})+[ \t]*$")
_DASH_RUN = re.compile(r"-{2,}")
_MIN_RULES = 2  # a grid has two rules at least: one rule alone is some ruled line, not a table
_FRAME = frozenset(_BOX_JUNCTIONS + _BOX_VERTICALS)


def has_ruled_tables(text: str) -> bool:
    """Whether ``text`` holds a grid or a dash-ruled table (cheap: the text is searched for a
    junction or a dash rule before any line is read)."""
    if text.startswith("|===") or "\n|===" in text:
        return True  # an asciidoc table
    junctions = any(ch in text for ch in _BOX_JUNCTIONS)
    if not junctions and "- -" not in text:
        return False
    lines = text.split("\n")
    if junctions and sum(1 for line in lines if _is_grid_rule(line)) >= _MIN_RULES:
        return True
    return any("- -" in line and _DASH_RULE.match(line) for line in lines)


def unrule(text: str) -> str:
    """``text`` with its ruled tables as pipe-table rows (the same number of lines)."""
    if not has_ruled_tables(text):
        return text
    lines = text.split("\n")
    out = list(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("|===") and not line[4:].strip():
            i = _asciidoc(lines, i, out)
        elif _is_grid_rule(line):
            i = _grid(lines, i, out)
        elif "- -" in line and _DASH_RULE.match(line):
            i = _dashed(lines, i, out)
        else:
            i += 1
    return "\n".join(out)


def _is_grid_rule(line: str) -> bool:
    """A rule of a grid: its runs meet at junctions ("+", "┼", ...). A pipe table's "|---|---|"
    is not one: its columns are the pipes of its rows."""
    core = line.strip(" \t")
    return (len(core) >= 3 and set(core) <= _RULE_CHARACTERS and any(ch in _BOX_JUNCTIONS for ch in core)
            and "--" in core.replace("─", "-").replace("━", "-").replace("═", "-").replace("=", "-"))


def _row_line(cells: list[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") if cell else " " for cell in cells) + " |"


def _clean(text: str) -> str:
    """A cell's joined text: the rules and frames of a table nested in it are spaces."""
    return " ".join(_BOXES.sub(" ", text).split()) if _BOXES.search(text) else " ".join(text.split())


# -------------------------------------------------------------------------------- grid tables


def _junctions(rule: str) -> list[int]:
    return [k for k, ch in enumerate(rule) if ch in _BOX_JUNCTIONS or ch in _BOX_VERTICALS]


def _grid(lines: list[str], start: int, out: list[str]) -> int:
    """Rewrite the grid table whose first rule is ``lines[start]``; the index after it."""
    bounds = _junctions(lines[start])
    if len(bounds) < 2:
        return start + 1
    out[start] = ""
    i = start + 1
    rows = 0
    open_cells: list[list[list[str]]] = [[[]] for _ in range(len(bounds) - 1)]  # column: sub-cells: lines
    first_line: int | None = None

    def flush_row() -> None:
        nonlocal first_line, open_cells, rows
        if first_line is not None:
            cells = [_clean(" ".join(part)) for column in open_cells for part in column if part]
            if any(cells):
                out[first_line] = _row_line(cells)
                rows += 1
        first_line = None
        open_cells = [[[]] for _ in range(len(bounds) - 1)]

    while i < len(lines):
        line = lines[i]
        if _is_grid_rule(line) and _spans_all(line, bounds):  # a full rule: the row ends
            new = _junctions(line)
            if new != bounds and len(new) >= 2:
                bounds = new  # the next table of a page starts at this rule
            flush_row()
            out[i] = "| " + " | ".join("---" for _ in range(len(bounds) - 1)) + " |" if rows == 1 else ""
            i += 1
            continue
        if line.lstrip()[:1] not in _FRAME:
            break  # the table ended (a blank line, or text outside its frame)
        for k in range(len(bounds) - 1):
            segment = line[bounds[k] + 1: bounds[k + 1]] if bounds[k] < len(line) else ""
            if segment and _is_rule_segment(segment):
                if open_cells[k][-1]:
                    open_cells[k].append([])  # a rule in this column only: its next cell starts
                continue
            text = segment.strip()
            if text:
                open_cells[k][-1].append(text)
                if first_line is None:
                    first_line = i
        out[i] = ""
        i += 1
    flush_row()
    return i


def _spans_all(line: str, bounds: list[int]) -> bool:
    """The rule runs under every column of the table (it may stand where other junctions are)."""
    return all(_is_rule_segment(line[bounds[k] + 1: bounds[k + 1]]) for k in range(len(bounds) - 1)
               if bounds[k] + 1 < len(line))


def _is_rule_segment(segment: str) -> bool:
    core = segment.strip()
    return len(core) >= 1 and all(ch in _BOX_RULES or ch in _BOX_JUNCTIONS for ch in core) and \
        sum(ch in _BOX_RULES for ch in core) * 2 >= len(core)


# ------------------------------------------------------------------------- dash-ruled tables


def _columns(rule: str) -> list[int]:
    """The start of each column: where each run of dashes starts."""
    return [m.start() for m in _DASH_RUN.finditer(rule)]


def _fits(line: str, starts: list[int]) -> bool:
    """Every character of ``line`` stands inside a column: nothing left of the first (the
    prose after a table starts at the margin), and the gaps between the runs are blank."""
    if line[: starts[0]].strip():
        return False
    for k in starts[1:]:
        if k - 1 < len(line) and line[k - 1] != " ":
            return False
    return True


def _cells(line: str, starts: list[int]) -> list[str]:
    ends = starts[1:] + [max(len(line), starts[-1]) + 1]
    return [line[s:e].strip() for s, e in zip(starts, ends)]


_FULL_RULE = re.compile(r"[ \t]*-{3,}[ \t]*")


def _spans_table(line: str, starts: list[int]) -> bool:
    """One run of dashes under the whole table: how pandoc closes a multiline table that opened
    with such a rule above its title."""
    if not _FULL_RULE.fullmatch(line):
        return False
    first = line.index("-")
    return first == starts[0] and len(line.rstrip()) > starts[-1]


def _dashed(lines: list[str], start: int, out: list[str]) -> int:
    """Rewrite the dash-ruled table whose rule is ``lines[start]``; the index after it."""
    starts = _columns(lines[start])
    closing = None
    for j in range(start + 1, len(lines)):
        if _DASH_RULE.match(lines[j]) and _columns(lines[j]) == starts or _spans_table(lines[j], starts):
            closing = j
            break
        if not lines[j].strip() and j + 1 < len(lines) and not lines[j + 1].strip():
            break  # two blank lines: the table ended with no closing rule
        if lines[j].strip() and not _fits(lines[j], starts):
            break
    if closing is not None and any(not lines[j].strip() for j in range(start + 1, closing)):
        groups: list[list[int]] = [[]]
        for j in range(start + 1, closing):
            if lines[j].strip():
                groups[-1].append(j)
            elif groups[-1]:
                groups.append([])
        rows = [group for group in groups if group]
        end = closing + 1
        out[closing] = ""
    else:
        rows = []
        j = start + 1
        while j < len(lines):
            if _DASH_RULE.match(lines[j]) and _columns(lines[j]) == starts:
                out[j] = ""
                j += 1
                break
            if lines[j].strip():
                if not _fits(lines[j], starts):
                    break
                rows.append([j])
            elif not (j + 1 < len(lines) and _fits(lines[j + 1], starts)
                      and sum(1 for cell in _cells(lines[j + 1], starts) if cell) >= 2):
                break  # past a blank line, a row of two cells or more goes on with the table
            j += 1
        end = j
    if len(rows) < 1:
        return start + 1
    out[start] = "| " + " | ".join("---" for _ in starts) + " |"
    for group in rows:
        columns = [[] for _ in starts]
        for j in group:
            for k, cell in enumerate(_cells(lines[j], starts)):
                if cell:
                    columns[k].append(cell)
            out[j] = ""
        out[group[0]] = _row_line([_clean(" ".join(parts)) for parts in columns])
    return end


# ---------------------------------------------------------------------------- asciidoc tables

_ADOC_COLS = re.compile(r"\bcols=\"([^\"]*)\"")
_ADOC_CELL = re.compile(r"(?:^|(?<=\s))(?<!\\)\|")


def _asciidoc(lines: list[str], start: int, out: list[str]) -> int:
    """Rewrite the asciidoc table opened by ``lines[start]`` ("|==="); the index after it."""
    attributes = _ADOC_COLS.search(lines[start - 1]) if start else None
    end = next((j for j in range(start + 1, len(lines)) if lines[j].startswith("|===") and not lines[j][4:].strip()),
               None)
    if attributes is None or end is None:
        return start + 1
    count = attributes.group(1).count(",") + 1
    cells: list[tuple[int, list[str]]] = []  # (the line a cell opens on, its lines)
    for j in range(start + 1, end):
        text = lines[j].rstrip()
        if text.endswith(" +"):
            text = text[:-2]  # asciidoc's line break
        starts = [m.start() for m in _ADOC_CELL.finditer(text)]
        if not starts:
            if cells and text.strip():
                cells[-1][1].append(text.strip())
        else:
            if cells and text[: starts[0]].strip():
                cells[-1][1].append(text[: starts[0]].strip())
            for a, b in zip(starts, starts[1:] + [len(text)]):
                cells.append((j, [text[a + 1: b].strip()]))
        out[j] = ""
    out[start - 1] = ""
    out[start] = "| " + " | ".join("---" for _ in range(count)) + " |"
    out[end] = ""
    for k in range(0, len(cells), count):
        row = cells[k: k + count]
        out[row[0][0]] = _row_line([_clean(" ".join(part for part in parts if part)) for _, parts in row])
    return end + 1
