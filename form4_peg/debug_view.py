"""Rich renderables for ``form4 debug`` and ``form4 grammar``: each stage of a ``Trace`` drawn
for a person. Presentation only; what is shown comes from ``form4_peg.debug``."""

from __future__ import annotations

import re

from lark import Token, Tree
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree as RichTree

from ._grammar import GrammarEntry, grammar_entries
from .debug import Trace, find_regions, token_rows
from .errors import Form4Error
from .layout import LAYOUT_DESCRIPTIONS
from .render import diagnostics_table, format_value

# How each line's role is drawn in the region map.
ROLE_STYLE = {"read": "", "label": "dim", "header": "dim", "blank": "dim", "unread": "yellow",
              "outside": "bold red reverse"}
ROLE_MARK = {"read": "=", "label": "L", "header": "H", "blank": " ", "unread": "?", "outside": "!"}
TAB_MARK = "\u2192"  # a TAB (cell boundary) drawn as an arrow


def visible(text: str) -> Text:
    """Text with TABs drawn as arrows and row breaks as a pilcrow, so cell boundaries show. The
    spaces beside a boundary are left out: normalisation keeps a gap's spaces, and those
    around a markdown pipe, so that each character keeps its column (see ``normalize``), and
    no cell's text starts or ends with one."""
    out = Text()
    for number, part in enumerate(_BESIDE_BOUNDARY.sub(r"\1", text).replace("\x0b", "\u00b6").split("\t")):
        if number:
            out.append(TAB_MARK, style="dim cyan")
        out.append(part)
    return out


# (The spaces before a boundary are matched from the first of them only, as for normalize's bars.)
_BESIDE_BOUNDARY = re.compile(r"(?:(?<! ) +)?([\t\x0b]) *")


def _score_style(score: float) -> str:
    return "green" if score >= 90 else "yellow" if score >= 75 else "red"


def layout_view(trace: Trace) -> RenderableType:
    table = Table(title="Layout detection (first passing test wins)", title_justify="left")
    table.add_column("Layout", no_wrap=True)
    table.add_column("Test", no_wrap=True)
    table.add_column("Evidence", overflow="fold")
    for test in trace.tests:
        chosen = test.layout == trace.layout
        runner = trace.runner_up is not None and test.layout == trace.runner_up.layout
        name = Text(test.layout, style="bold green" if chosen else "")
        if chosen:
            name.append(" chosen")
        elif runner:
            name.append(" runner-up", style="yellow")
        table.add_row(name, Text("pass" if test.passed else "fail", style="green" if test.passed else "dim"),
                      test.evidence)
    table.caption = f"stylesheet: {trace.stylesheet}"
    return table


class _Fit:
    """A renderable built for the width it is given: long one-line cells get what is left."""

    def __init__(self, build) -> None:
        self.build = build

    def __rich_console__(self, console, options):
        yield self.build(options.max_width)


def labels_view(trace: Trace) -> RenderableType:
    return _Fit(lambda width: _labels_table(trace, width))


def _labels_table(trace: Trace, width: int) -> Table:
    table = Table(title=f"Labels the grammar matched ({len(trace.labels)}), scored against the printed form",
                  title_justify="left")
    terminal_width = min(30, max((len(h.terminal) + len(h.region) + 3 for h in trace.labels), default=10))
    table.add_column("Where", no_wrap=True, justify="right", width=7)
    table.add_column("Terminal (region)", no_wrap=True, overflow="ellipsis", width=terminal_width)
    table.add_column("Score", justify="right", no_wrap=True, width=5)
    table.add_column("Text, and the printed label when they differ", no_wrap=True, overflow="ellipsis",
                     width=max(width - terminal_width - 7 - 5 - 13, 20))
    for hit in trace.labels:
        text = Text(hit.text)
        if hit.score < 100:
            text.append(f"  ~ {hit.printed}", style="dim")
        region = "" if hit.region == hit.terminal.lower() else f" ({hit.region})"
        table.add_row(f"{hit.line}:{hit.column}", hit.terminal + region,
                      Text(f"{hit.score:.0f}", style=_score_style(hit.score)), text)
    if not trace.labels:
        table.caption = "no label found: the text holds nothing of the form"
    return table


def regions_view(trace: Trace) -> RenderableType:
    table = Table(title="Regions: each line, the regions holding it and the values read from it",
                  title_justify="left")
    table.add_column("Line", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("Regions", overflow="fold", max_width=24)
    table.add_column("Read", overflow="fold", max_width=16)
    table.add_column("Text (normalised; \u2192 is a cell boundary)", overflow="fold")
    for info in trace.lines:
        style = ROLE_STYLE[info.role]
        table.add_row(str(info.number), Text(ROLE_MARK[info.role], style=style), " ".join(info.regions),
                      " ".join(info.read), visible(info.text.strip()), style=style if info.role == "outside" else None)
    counts = {role: sum(1 for i in trace.lines if i.role == role) for role in ROLE_MARK}
    table.caption = ("= value read  L label  H column heading  ? in a region, nothing read  ! in no region   "
                     + ", ".join(f"{role} {n}" for role, n in counts.items() if n))
    return table


def diff_view(trace: Trace) -> RenderableType:
    changes = trace.changes()
    table = Table(title=f"Normalisation: {len(changes)} lines changed", title_justify="left")
    table.add_column("Line", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("Text", overflow="fold")
    for number, raw, new in changes:
        table.add_row(str(number), Text("-", style="red"), Text(raw, style="red"))
        table.add_row("", Text("+", style="green"), visible(new))
    return table


def tokens_view(trace: Trace, region_name: str) -> RenderableType:
    regions = find_regions(trace, region_name)
    if not regions:
        names = sorted({r.name for r in trace.regions})
        return Text(f"no region {region_name!r} in this text; it has: {', '.join(names) or 'none'}", style="red")
    parts: list[RenderableType] = []
    for number, region in enumerate(regions, 1):
        table = Table(title=f"Tokens of {region.name} #{number} ({region.part})", title_justify="left")
        table.add_column("Where", justify="right", no_wrap=True)
        table.add_column("Type", no_wrap=True)
        table.add_column("Text", overflow="fold")
        for kind, line, column, text in token_rows(region):
            shown = Text(repr(text), style="dim") if kind in ("NL", "TAB", "ROW_BREAK") else Text(text)
            table.add_row(f"{line}:{column}", Text(kind, style="bold" if kind not in ("WORD", "NL", "TAB") else ""),
                          shown)
        parts.append(table)
    return Group(*parts)


def tree_view(tree: Tree | list[Tree], title: str = "Parse tree", max_tokens: int = 60) -> RenderableType:
    """A lark tree as a rich Tree; a rule's tokens beyond ``max_tokens`` are counted, not drawn."""
    root = RichTree(Text(title, style="bold"))
    for node in tree if isinstance(tree, list) else [tree]:
        _add_node(root, node, max_tokens)
    return root


def _add_node(parent: RichTree, node: Tree, max_tokens: int) -> None:
    where = f" {node.meta.line}:{node.meta.column}" if not node.meta.empty else ""
    branch = parent.add(Text.assemble((str(node.data), "bold cyan"), (where, "dim")))
    shown = 0
    for child in node.children:
        if isinstance(child, Tree):
            _add_node(branch, child, max_tokens)
        elif isinstance(child, Token):
            if shown < max_tokens:
                branch.add(Text.assemble((child.type, "bold" if child.type not in ("WORD", "TEXT") else ""), " ",
                                         (repr(str(child)) if child.type in ("NL", "TAB", "TEXT") else str(child)),
                                         (f"  {child.line}:{child.column}", "dim")))
            shown += 1
    if shown > max_tokens:
        branch.add(Text(f"... {shown - max_tokens} more tokens", style="dim"))


def explain_view(trace: Trace) -> RenderableType:
    table = Table(title="Value provenance: every value of the record and where it came from", title_justify="left")
    table.add_column("Field", overflow="fold", ratio=2)
    table.add_column("Value", overflow="fold", ratio=3)
    table.add_column("Where", no_wrap=True)
    table.add_column("Raw text", overflow="fold", ratio=3)
    table.add_column("Notes", overflow="fold", ratio=2)
    for item in trace.values:
        value = item.value
        span = value.span
        where = f"{span.line}:{span.column}" + (f"-{span.end_line}:{span.end_column}" if span.end_line != span.line
                                               else f"-{span.end_column}") if span else "-"
        notes = Text()
        if value.repaired:
            notes.append("repaired ", style="yellow")
        if value.inferred:
            notes.append("inferred ", style="cyan")
        for diagnostic in item.diagnostics:
            notes.append(f"{diagnostic.code} ", style="yellow" if diagnostic.severity != "info" else "cyan")
        raw = _clip(value.raw or "")
        shown = format_value(value)
        if len(shown) > 120:
            shown.truncate(120, overflow="ellipsis")
        table.add_row(_short_path(item.path), shown, where, visible(raw), notes)
    if not trace.values:
        table.caption = "no record: see the failure above"
    return table


_COLLECTIONS = {"reporting_owners": "owner", "non_derivative_table": "I", "derivative_table": "II",
                "owner_signatures": "signature", "footnotes": "footnote", "attachments": "attachment"}


def _short_path(path: str) -> str:
    """non_derivative_table[2].transaction_shares -> I[2].transaction_shares"""
    head, bracket, rest = path.partition("[")
    return _COLLECTIONS.get(head, head) + bracket + rest


def _clip(raw: str, limit: int = 120) -> str:
    raw = " / ".join(line.strip() for line in raw.splitlines())
    return raw if len(raw) <= limit else raw[: limit - 1] + "\u2026"


def failure_view(error: Form4Error) -> RenderableType:
    body = Text()
    body.append(f"{type(error).__name__}: ", style="bold red")
    body.append(error.msg)
    if error.line is not None:
        body.append(f"\nat line {error.line}, column {error.column}", style="bold")
    if error.snippet is not None and error.column is not None:
        body.append("\n  " + error.snippet.replace("\t", " "))
        body.append("\n  " + " " * max(error.column - 1, 0) + "^", style="bold red")
    if error.expected:
        body.append("\nexpected:", style="bold")
        for item in error.expected:
            body.append(f"\n  - {item}")
    return Panel(body, title="Failure", title_align="left", border_style="red")


def trace_view(trace: Trace, *, diff: bool = False, tokens: str | None = None, tree: bool = False,
               region: str | None = None, explain: bool = False, show_labels: bool = True,
               show_regions: bool = True) -> Group:
    """The stages of ``trace`` top to bottom; the failure, if any, then the diagnostics last."""
    parts: list[RenderableType] = []
    if trace.source:
        parts.append(Text(trace.source, style="bold underline"))
    chosen = trace.layout or "?"
    runner = trace.runner_up.layout if trace.runner_up else "none"
    parts.append(Text.assemble(("layout ", "bold"), (chosen, "bold green"), f"   runner-up {runner}   ",
                               f"stylesheet {trace.stylesheet}   lines {len(trace.raw.splitlines())}   "
                               f"regions {len(trace.regions)}"))
    parts.append(layout_view(trace))
    if show_labels:
        parts.append(labels_view(trace))
    if diff:
        parts.append(diff_view(trace))
    if show_regions and trace.lines:
        parts.append(regions_view(trace))
    if tokens:
        parts.append(tokens_view(trace, tokens))
    if tree or region:
        if region:
            nodes = trace.region_tree(region)
            parts.append(tree_view(nodes, f"Parse tree of {region} ({len(nodes)} found)") if nodes
                         else Text(f"no {region!r} in the parse tree", style="red"))
        elif trace.stages.tree is not None:
            parts.append(tree_view(trace.stages.tree))
    if explain:
        parts.append(explain_view(trace))
    if trace.error is not None:
        parts.append(failure_view(trace.error))
    if trace.filing is not None:
        table = diagnostics_table(trace.filing.diagnostics)
        parts.append(table if table is not None else Text("no diagnostics", style="green"))
    return Group(*parts)


# ----------------------------------------------------------------------------- form4 grammar


# A region rule: one label terminal, then the atoms of its part of the form.
_REGION = re.compile(r"^\w+: [A-Z][A-Z0-9_]* _\w+_atoms$")


def grammar_view() -> RenderableType:
    entries = [e for e in grammar_entries().values() if e.public]
    layouts = Table(title="Layouts (detected from the text, in the order tried)", title_justify="left")
    layouts.add_column("Id", no_wrap=True, style="bold")
    layouts.add_column("What makes it", overflow="fold")
    for name, description in LAYOUT_DESCRIPTIONS.items():
        layouts.add_row(name, description)
    parts: list[RenderableType] = [layouts]
    groups = (
        ("Regions (a label, and what follows it up to the next label)", lambda e: e.kind == "rule" and _REGION.match(e.definition)),
        ("Rules that order the regions", lambda e: e.kind == "rule" and not _REGION.match(e.definition)),
        ("Terminals (labels and value shapes)", lambda e: e.kind == "terminal"),
    )
    for title, wanted in groups:
        table = Table(title=title, title_justify="left")
        table.add_column("Name", no_wrap=True, style="bold")
        table.add_column("Description", overflow="fold")
        for entry in entries:
            if wanted(entry):
                table.add_row(entry.name, entry.description or "-")
        parts.append(table)
    parts.append(Text("form4 grammar NAME prints a rule's or terminal's definition; "
                      "form4 debug --rule NAME --text '...' parses a snippet from a rule.", style="dim"))
    return Group(*parts)


def entry_view(entry: GrammarEntry) -> RenderableType:
    """A rule or terminal: print with ``soft_wrap=True`` so a long pattern stays one line to copy."""
    return Group(
        Text.assemble((f"{entry.kind} {entry.name}", "bold"), (f"  grammar/form4.lark line {entry.line}", "dim")),
        Text(entry.description or "(no description)", style="italic"),
        Text(entry.definition),
    )
