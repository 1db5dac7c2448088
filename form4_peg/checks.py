"""Consistency checks over a filing's rows, reported as diagnostics (never as changes).

What the form's own logic says must hold: an option is exercised no earlier than it becomes
exercisable and expires no earlier than that; and, within one security held one way, each
"amount owned following" is the one before it plus what was acquired or less what was disposed
of. A breach points at damaged text or at a value read into the wrong column. Codes and D/I
values outside their lists never reach a record: such a cell is left unplaced, with its own
diagnostic, by the table reader.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from .records import DerivativeRow, NonDerivativeRow, Value
from .regions import Document, Region


def check_rows(non_derivative: Sequence[NonDerivativeRow], derivative: Sequence[DerivativeRow], doc: Document) -> None:
    for row in derivative:
        _check_dates(row, doc)
    _check_balances(non_derivative, "I", doc)
    _check_balances(derivative, "II", doc)


def _check_dates(row: DerivativeRow, doc: Document) -> None:
    exercisable, expires = row.exercise_date.value, row.expiration_date.value
    traded, code = row.transaction_date.value, row.transaction_code.value
    if exercisable and expires and expires < exercisable:
        doc.add("expiration_before_exercisable", "warning",
                f"Table II: expiration {expires:%m/%d/%Y} is before the date exercisable {exercisable:%m/%d/%Y}",
                row.expiration_date.span or row.span)
    if code in ("M", "X") and traded and exercisable and traded < exercisable:
        doc.add("exercised_before_exercisable", "warning",
                f"Table II: exercised on {traded:%m/%d/%Y}, before it became exercisable on {exercisable:%m/%d/%Y}",
                row.exercise_date.span or row.span)
    if traded and expires and expires < traded and code not in ("E", "H", "J"):
        doc.add("expiration_before_transaction", "warning",
                f"Table II: expiration {expires:%m/%d/%Y} is before the transaction on {traded:%m/%d/%Y}",
                row.expiration_date.span or row.span)


def _check_balances(rows: Sequence, table: str, doc: Document) -> None:
    """Consecutive transactions in the same security, held the same way, must chain."""
    last: dict[tuple, Decimal] = {}
    for row in rows:
        if row.kind != "transaction":
            continue
        # Holdings through different entities often read alike ("See footnote"): the footnote
        # that names the entity tells them apart.
        key = (str(row.security_title.value).upper(), row.direct_or_indirect_ownership.value,
               str(row.nature_of_ownership.value or "").upper(), row.nature_of_ownership.footnote_ids,
               row.direct_or_indirect_ownership.footnote_ids,
               # in Table II, each grant (price, dates) is a security of its own
               getattr(row, "conversion_or_exercise_price", None), getattr(row, "exercise_date", None),
               getattr(row, "expiration_date", None))
        shares, after = row.transaction_shares.value, row.shares_owned_following_transaction.value
        direction = row.transaction_acquired_disposed_code.value
        if not isinstance(after, Decimal):
            last.pop(key, None)
            continue
        before = last.get(key)
        if before is not None and isinstance(shares, Decimal) and direction in ("A", "D"):
            expected = before + shares if direction == "A" else before - shares
            if expected != after:
                doc.add("balance_chain", "info",
                        f"Table {table}: {before:,} {'+' if direction == 'A' else '-'} {shares:,} is {expected:,}, "
                        f"but the amount owned following reads {after:,}",
                        row.shares_owned_following_transaction.span or row.span)
        last[key] = after


# A table row's signs: a date cell and amounts written as amounts (separators or decimals).
_ROW_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4}\b")
_AMOUNT = re.compile(r"^\$?\s*(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)\b")


def reads_like_row(cells: Sequence) -> bool:
    """A line of three cells or more, with a date and two amounts: a table row, not prose."""
    texts = [c.text for c in cells if c.text]
    if len(texts) < 3:
        return False
    return any(_ROW_DATE.match(t) for t in texts) and sum(1 for t in texts if _AMOUNT.match(t)) >= 2


def check_stray_rows(head: Sequence[Region], doc: Document) -> None:
    """Lines of the head that read like table rows: a table title the grammar did not match (OCR
    damage, an unknown wording) leaves its rows in the last box, where nothing reads them.
    Each such line gets a warning, so that no row is lost without a word."""
    for region in head:
        if not any("/" in piece for piece in region.pieces):
            continue  # no date in it (a date is written with "/"): no line to read
        for cells in region.lines(doc):
            if reads_like_row(cells):
                first = next(c for c in cells if c.text)
                doc.add("row_outside_table", "warning",
                        "This line reads like a table row, but no Table I or II title comes before it; "
                        "it is not read", doc.cell_span(first))


# The cells every row of a table must fill, as the form prints it: a title, the amount held
# after the row, and its ownership form; a transaction adds its date, code and amount (Table I's
# A/D with it). Table II's amount and A/D may stand in either column, so only the three are asked.
_REQUIRED = {
    "holding": ("security_title", "direct_or_indirect_ownership"),
    "transaction": ("security_title", "transaction_date", "transaction_code", "direct_or_indirect_ownership"),
}
_REQUIRED_I_TRANSACTION = ("transaction_shares", "transaction_acquired_disposed_code")


def check_required_cells(rows: Sequence, form: str, table: str, doc: Document) -> None:
    """A row with a required cell empty: the text lost a cell, or the reading put it elsewhere.
    (Form 3's Table II has no column of the amount held after: its rows hold the underlying
    security instead.)"""
    for number, row in enumerate(rows, 1):
        need = _REQUIRED.get(row.kind, ())
        if table == "I" and row.kind == "transaction":
            need += _REQUIRED_I_TRANSACTION
        missing = [name for name in need if getattr(row, name).value is None]
        if form == "3" and table == "II":
            if row.underlying_security_title.value is None:
                missing.append("underlying_security_title")
        elif row.shares_owned_following_transaction.value is None and row.value_owned_following_transaction.value is None:
            missing.append("shares_owned_following_transaction")
        if missing:
            doc.add("row_incomplete", "warning",
                    f"Table {table}, row {number}: no {', '.join(missing)} was read", row.span)


def check_unread_lines(region: Region, rows: Sequence, table: str, doc: Document, is_heading) -> None:
    """Lines of a table that hold a date or an amount and that no row was read from: each such
    line is named (the first, and how many), so that a row is never lost without a word."""
    taken: set[int] = set()
    for row in rows:
        for name in row.__dataclass_fields__:
            value = getattr(row, name)
            if isinstance(value, Value) and value.span is not None:
                taken.update(range(value.span.line, value.span.end_line + 1))
        if row.span is not None:
            taken.update(range(row.span.line, row.span.end_line + 1))
    unread = []
    for cells, types in region.typed_lines(doc):
        texts = [c for c in cells if c.text]
        if not texts or texts[0].line in taken or is_heading(cells, types):
            continue
        if any(_ROW_DATE.match(c.text) or _AMOUNT.match(c.text) for c in texts):
            unread.append(texts[0])
    if unread:
        more = f" (and {len(unread) - 1} more line{'s' if len(unread) > 2 else ''})" if len(unread) > 1 else ""
        doc.add("table_line_unread", "warning",
                f"Table {table}: this line holds a date or an amount, but no row was read from it{more}",
                doc.cell_span(unread[0]))


def check_signatures(signatures: Sequence, doc: Document) -> None:
    """A signature read without its date beside it, and a form with no signature read: every
    filing is signed, so none read is a signature block lost or unreadable."""
    if not signatures:
        doc.add("signature_missing", "warning",
                "No signature was read: the form's signature block is missing or could not be read")
    for signature in signatures:
        if signature.signature_name.value is not None and signature.signature_date.value is None:
            doc.add("signature_date_missing", "warning",
                    f"The signature {signature.signature_name.value!r} has no date beside it",
                    signature.signature_name.span)
