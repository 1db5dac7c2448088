"""Rich renderables that mirror the paper form. The only module besides the CLI that imports rich.

Footnote references print after their value as ``(1)``; a value the parser repaired carries a
``~`` and an inferred one a ``*``, so a reader sees at once what was read as printed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .records import DerivativeRow, Diagnostic, Filing, NonDerivativeRow, ReportingOwner, Value

SEVERITY_STYLE = {"info": "cyan", "warning": "yellow", "error": "bold red"}

TABLE_I_COLUMNS = (
    ("1. Title", "security_title"),
    ("2. Date", "transaction_date"),
    ("2A. Deemed", "deemed_execution_date"),
    ("3. Code", "transaction_code"),
    ("V", "transaction_form_type"),
    ("4. Amount", "transaction_shares"),
    ("(A)/(D)", "transaction_acquired_disposed_code"),
    ("Price", "transaction_price_per_share"),
    ("5. Owned after", "shares_owned_following_transaction"),
    ("6. D/I", "direct_or_indirect_ownership"),
    ("7. Nature", "nature_of_ownership"),
)
TABLE_II_COLUMNS = (
    ("1. Title", "security_title"),
    ("2. Conv./ex. price", "conversion_or_exercise_price"),
    ("3. Date", "transaction_date"),
    ("3A. Deemed", "deemed_execution_date"),
    ("4. Code", "transaction_code"),
    ("V", "transaction_form_type"),
    ("5. Number", "transaction_shares"),
    ("(A)/(D)", "transaction_acquired_disposed_code"),
    ("6. Exercisable", "exercise_date"),
    ("Expiration", "expiration_date"),
    ("7. Underlying", "underlying_security_title"),
    ("Shares", "underlying_security_shares"),
    ("8. Price", "transaction_price_per_share"),
    ("9. Owned after", "shares_owned_following_transaction"),
    ("10. D/I", "direct_or_indirect_ownership"),
    ("11. Nature", "nature_of_ownership"),
)


def format_value(value: Value) -> Text:
    """A value as the form would print it, with its footnote marks and repair flags."""
    text = Text()
    raw = value.value
    if isinstance(raw, bool):
        shown = "X" if raw else ""
    elif value.inferred and value.raw and value.raw.strip().upper() == "V":
        shown = "V"  # the V column: shown as printed, not as the form type it implies
    elif isinstance(raw, Decimal):
        shown = f"{raw:,}" if raw == raw.to_integral_value() else f"{raw:,f}"
    elif isinstance(raw, date):
        shown = raw.strftime("%m/%d/%Y")
    else:
        shown = "" if raw is None else str(raw)
    text.append(shown)
    if value.repaired:
        text.append("~", style="yellow")
    if value.inferred:
        text.append("*", style="cyan")
    for ref in value.footnote_ids:
        text.append(f"({ref.lstrip('F')})", style="magenta")
    return text


def _tick(value: Value) -> str:
    return {True: "[X]", False: "[ ]"}.get(value.value, "[?]")


def header_panel(filing: Filing) -> Panel:
    doc_type = filing.document_type.value or "?"
    lines = Text()
    lines.append(f"FORM {doc_type}", style="bold")
    lines.append(f"   period {format_value(filing.period_of_report) or '-'}")
    if filing.date_of_original_submission.value:
        lines.append(f"   amends the filing of {format_value(filing.date_of_original_submission)}")
    lines.append(f"\n{_tick(filing.not_subject_to_section16)} no longer subject to Section 16")
    lines.append(f"   {_tick(filing.aff10b5_one)} Rule 10b5-1(c) plan")
    lines.append(f"\nlayout: {filing.layout}", style="dim")
    return Panel(lines, title="Statement", title_align="left")


def issuer_owner_panel(filing: Filing) -> Panel:
    issuer = filing.issuer
    body = Text()
    body.append("Issuer: ", style="bold")
    body.append(issuer.issuer_name.value or "?")
    if issuer.issuer_trading_symbol.value:
        body.append(f" [{issuer.issuer_trading_symbol.value}]", style="bold")
    for number, owner in enumerate(filing.reporting_owners, 1):
        body.append(f"\nReporting person {number}: ", style="bold")
        body.append_text(_owner_text(owner))
    if not filing.reporting_owners:
        body.append("\nReporting person: ?", style="bold")
    return Panel(body, title="Issuer and reporting persons", title_align="left")


def _owner_text(owner: ReportingOwner) -> Text:
    text = Text(owner.rpt_owner_name.value or "?")
    street = ", ".join(str(v.value) for v in (owner.rpt_owner_street1, owner.rpt_owner_street2) if v.value)
    place = " ".join(str(v.value) for v in (owner.rpt_owner_city, owner.rpt_owner_state, owner.rpt_owner_zip_code) if v.value)
    if street or place:
        text.append("\n  " + ", ".join(p for p in (street, place) if p))
    roles = [
        (owner.is_director, "Director"), (owner.is_ten_percent_owner, "10% Owner"),
        (owner.is_officer, "Officer"), (owner.is_other, "Other"),
    ]
    text.append("\n  " + "  ".join(f"{_tick(v)} {name}" for v, name in roles))
    for title in (owner.officer_title, owner.other_text):
        if title.value:
            text.append(f"  ({title.value})")
    return text


class FormTable:
    """A table of the form: one column per printed column when the console is wide enough,
    else turned on its side (one line per printed column, one column per row) so that no value
    is squeezed into a sliver."""

    def __init__(self, title: str, rows: Iterable[NonDerivativeRow | DerivativeRow], columns) -> None:
        self.title = title
        self.rows = list(rows)
        self.columns = columns

    ROW_WIDTH = 18  # the narrowest a row's column may be when the table is turned on its side

    def __rich_console__(self, console, options):
        if not self.rows:
            yield Text(f"{self.title}: no rows", style="bold")
            return
        if options.max_width >= 11 * len(self.columns) + 8:
            yield self._wide()
            return
        per_table = max(1, (options.max_width - 22) // (self.ROW_WIDTH + 3))
        for start in range(0, len(self.rows), per_table):
            yield self._tall(start, per_table)

    def _wide(self) -> Table:
        table = Table(title=self.title, title_justify="left")
        table.add_column("Row", no_wrap=True, style="dim")
        for heading, _ in self.columns:
            table.add_column(heading, overflow="fold")
        for number, row in enumerate(self.rows, 1):
            table.add_row(f"{number} {row.kind[0].upper()}", *(format_value(getattr(row, n)) for _, n in self.columns))
        return table

    def _tall(self, start: int, count: int) -> Table:
        """Rows ``start`` to ``start + count`` as columns, one line per printed column."""
        rows = self.rows[start:start + count]
        title = self.title if len(rows) == len(self.rows) else \
            f"{self.title} (rows {start + 1}-{start + len(rows)} of {len(self.rows)})"
        table = Table(title=title, title_justify="left")
        table.add_column("Column", no_wrap=True, style="bold")
        for number, row in enumerate(rows, start + 1):
            table.add_column(f"Row {number} ({row.kind})", overflow="fold", min_width=self.ROW_WIDTH)
        for heading, name in self.columns:
            table.add_row(heading, *(format_value(getattr(row, name)) for row in rows))
        return table


def notes_panel(filing: Filing) -> RenderableType | None:
    parts: list[RenderableType] = []
    for note in filing.footnotes:
        parts.append(Text.assemble((f"({note.footnote_id.lstrip('F')}) ", "magenta"), note.text))
    if filing.remarks.value:
        parts.append(Text.assemble(("Remarks: ", "bold"), str(filing.remarks.value)))
    for signature in filing.owner_signatures:
        parts.append(Text.assemble(("Signature: ", "bold"), str(signature.signature_name.value or "?"),
                                   "   ", format_value(signature.signature_date)))
    for attachment in filing.attachments:
        preview = attachment.text[:160].replace("\n", " ")
        parts.append(Text.assemble((f"Attachment ({attachment.kind}): ", "bold"), attachment.title,
                                   (f"  {preview}...", "dim")))
    if not parts:
        return None
    return Panel(Group(*parts), title="Explanation of responses, remarks, signatures", title_align="left")


def diagnostics_table(diagnostics: Iterable[Diagnostic]) -> Table | None:
    diagnostics = list(diagnostics)
    if not diagnostics:
        return None
    table = Table(title="Diagnostics", title_justify="left")
    table.add_column("Severity", no_wrap=True)
    table.add_column("Where", no_wrap=True)
    table.add_column("Code", no_wrap=True)
    table.add_column("Message", overflow="fold")
    for d in diagnostics:
        where = f"{d.span.line}:{d.span.column}" if d.span else "-"
        table.add_row(Text(d.severity, style=SEVERITY_STYLE.get(d.severity, "")), where, d.code, d.message)
    return table


def filing_view(filing: Filing, source: str | None = None) -> Group:
    """The whole filing, top to bottom as on paper, diagnostics last."""
    parts: list[RenderableType] = []
    if source:
        parts.append(Text(source, style="bold underline"))
    parts.append(header_panel(filing))
    parts.append(issuer_owner_panel(filing))
    parts.append(FormTable("Table I - Non-Derivative Securities", filing.non_derivative_table, TABLE_I_COLUMNS))
    parts.append(FormTable("Table II - Derivative Securities", filing.derivative_table, TABLE_II_COLUMNS))
    for optional in (notes_panel(filing), diagnostics_table(filing.diagnostics)):
        if optional is not None:
            parts.append(optional)
    return Group(*parts)


def _score_row(table: Table, name: str, counts: dict) -> None:
    f1 = counts["f1"]
    style = "green" if f1 >= 0.99 else "yellow" if f1 >= 0.9 else "red"
    table.add_row(name, f"{counts['precision']:.3f}", f"{counts['recall']:.3f}", Text(f"{f1:.3f}", style=style),
                  str(counts["tp"]), str(counts["fp"]), str(counts["fn"]))


def _score_table(title: str, first: str) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(first, overflow="fold")
    for heading in ("P", "R", "F1", "TP", "FP", "FN"):
        table.add_column(heading, justify="right", no_wrap=True)
    return table


def eval_report(summary: dict, worst: int = 5, fields: bool = True) -> Group:
    """The evaluation summary: per variant, per field, failures, and the worst documents."""
    parts: list[RenderableType] = []
    variants = _score_table("F1 per variant (fields of the printed form)", "Variant")
    for name, counts in summary["variants"].items():
        _score_row(variants, name, counts)
    parts.append(variants)
    if fields:
        per_field = _score_table("Per field, all variants", "Field")
        for name, counts in summary["fields"].items():
            if counts["tp"] + counts["fp"] + counts["fn"]:  # fields no document holds: no row
                _score_row(per_field, name, counts)
        parts.append(per_field)
    failed = summary["failed"]
    parts.append(Text(f"Documents that failed to parse: {len(failed)}", style="bold red" if failed else "bold"))
    for item in failed[:20]:
        parts.append(Text(f"  {item['path']}: {item['error']}"))
    for doc in summary["documents"][:worst]:
        table = Table(title=f"{doc['path']}  F1 {doc['f1']:.3f}  (layout {doc['layout']})", title_justify="left")
        table.add_column("Field", overflow="fold")
        table.add_column("Where", overflow="fold")
        table.add_column("Truth", overflow="fold")
        table.add_column("Parsed", overflow="fold")
        for m in doc["mismatches"][:15]:
            table.add_row(str(m["field"]), str(m["where"]), str(m["truth"]), str(m["parsed"]))
        if len(doc["mismatches"]) > 15:
            table.caption = f"... and {len(doc['mismatches']) - 15} more mismatches"
        parts.append(table)
    return Group(*parts)


def batch_summary(summary, out, errors) -> Table:
    """The end of a batch: counts, failures, layouts seen, and time."""
    table = Table(title="Batch", title_justify="left", show_header=False)
    table.add_column("What", style="bold", no_wrap=True)
    table.add_column("", overflow="fold")
    table.add_row("documents", f"{summary.documents} in {summary.seconds:.1f} s ({summary.per_second:.1f} a second)")
    table.add_row("parsed", f"{summary.parsed} ({summary.warnings} with warnings) -> {out}")
    failed = Text(f"{summary.failed}", style="bold red" if summary.failed else "")
    if summary.failed:
        failed.append(f" -> {errors}  (" + ", ".join(f"{k} {n}" for k, n in summary.errors.most_common()) + ")")
    table.add_row("failed", failed)
    if summary.skipped:
        table.add_row("skipped", f"{summary.skipped} already done (--resume)")
    table.add_row("layouts", ", ".join(f"{k} {n}" for k, n in sorted(summary.layouts.items())) or "-")
    return table
