"""Records to flat tables: one row per Table I or II row, with the filing's fields repeated.

This is what a user loads into pandas or a spreadsheet. A filing without table rows still gives
one row (``table`` empty), so no filing disappears from a flat export. Column names and order
are stable: ``FILING_COLUMNS`` then ``ROW_COLUMNS``, each value followed by its footnotes.

CSV cells are guarded against formula injection (OWASP): a text cell that starts with ``=``,
``+``, ``-``, ``@``, a TAB or a CR, which a spreadsheet would run as a formula, is written with
a single quote before it (``'=HYPERLINK(...)``). ``raw=True`` writes the values as they are.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import fields
from typing import IO, Any

from .records import DerivativeRow, Filing, Value, plain

FILING_COLUMNS = (
    "source", "layout", "document_type", "period_of_report", "date_of_original_submission",
    "not_subject_to_section16", "aff10b5_one", "issuer_cik", "issuer_name", "issuer_trading_symbol",
    "rpt_owner_names", "rpt_owner_ciks", "warnings",
)
ROW_COLUMNS = ("table", "row", "kind") + tuple(
    f.name for f in fields(DerivativeRow) if f.name not in ("kind", "span")
)
FOOTNOTE_SUFFIX = "_footnotes"


def _filing_fields(filing: Filing, source: str | None) -> dict[str, Any]:
    owners = filing.reporting_owners
    return {
        "source": source,
        "layout": filing.layout,
        "document_type": filing.document_type.value,
        "period_of_report": plain(filing.period_of_report.value),
        "date_of_original_submission": plain(filing.date_of_original_submission.value),
        "not_subject_to_section16": filing.not_subject_to_section16.value,
        "aff10b5_one": filing.aff10b5_one.value,
        "issuer_cik": filing.issuer.issuer_cik.value,
        "issuer_name": filing.issuer.issuer_name.value,
        "issuer_trading_symbol": filing.issuer.issuer_trading_symbol.value,
        "rpt_owner_names": "; ".join(str(o.rpt_owner_name.value) for o in owners if o.rpt_owner_name.value) or None,
        "rpt_owner_ciks": "; ".join(str(o.rpt_owner_cik.value) for o in owners if o.rpt_owner_cik.value) or None,
        "warnings": len(filing.warnings),
    }


def table_rows(filing: Filing, source: str | None = None) -> list[dict[str, Any]]:
    """The filing as flat rows, one per table row (or one with ``table`` empty if it has none)."""
    head = _filing_fields(filing, source)
    out = []
    for table, rows in (("I", filing.non_derivative_table), ("II", filing.derivative_table)):
        for number, row in enumerate(rows, 1):
            flat = dict(head, table=table, row=number, kind=row.kind)
            for name in ROW_COLUMNS[3:]:
                value = getattr(row, name, None)
                flat[name] = plain(value.value) if isinstance(value, Value) else None
                flat[name + FOOTNOTE_SUFFIX] = " ".join(value.footnote_ids) if isinstance(value, Value) and value.footnote_ids else None
            out.append(flat)
    if not out:
        out.append(dict(head, table=None, row=None, kind=None))
    return out


def csv_columns() -> list[str]:
    columns = list(FILING_COLUMNS) + list(ROW_COLUMNS[:3])
    for name in ROW_COLUMNS[3:]:
        columns += [name, name + FOOTNOTE_SUFFIX]
    return columns


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_GUARD = "'"


def guard_cell(value: Any) -> Any:
    """``value`` as a CSV cell no spreadsheet runs: text that starts like a formula gets a
    single quote before it; anything else is kept."""
    return _GUARD + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def unguard_cell(value: str) -> str:
    """The value ``guard_cell`` was given, from the cell it made."""
    return value[1:] if value.startswith(_GUARD) and value[1:].startswith(FORMULA_STARTS) else value


def csv_writer(handle: IO[str]) -> csv.DictWriter:
    """The CSV dialect of every CSV output (RFC 4180): ``csv_columns()``, CRLF a line, a field
    quoted when it holds a comma, a quote, a CR or a LF. (Python's writer quotes a field only
    for the characters of its line ending: with a LF alone, a CR in a value would end a
    record for every reader that takes CR as a line break.)"""
    return csv.DictWriter(handle, fieldnames=csv_columns(), extrasaction="ignore", lineterminator="\r\n")


def guard_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flat rows (``table_rows``) with every cell guarded (``guard_cell``)."""
    return [{name: guard_cell(value) for name, value in row.items()} for row in rows]


def to_csv(filings: Iterable[tuple[Filing, str | None]], header: bool = True, raw: bool = False) -> str:
    """The filings as CSV, a table row a line; cells guarded against formulas unless ``raw``."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    if header:
        writer.writeheader()
    for filing, source in filings:
        rows = table_rows(filing, source)
        writer.writerows(rows if raw else guard_rows(rows))
    return buffer.getvalue()


def to_jsonl(filings: Iterable[tuple[Filing, str | None]], provenance: bool = False) -> str:
    return "".join(
        json.dumps({"source": source, **filing.to_dict(provenance=provenance)}, ensure_ascii=False) + "\n"
        for filing, source in filings
    )


def to_dataframe(filings: Iterable[Filing | tuple[Filing, str | None]]):
    """A pandas DataFrame with one row per table row (pandas is the optional extra ``[pandas]``)."""
    try:
        import pandas as pd
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("to_dataframe needs pandas: pip install 'form4_peg[pandas]'") from err
    rows: list[dict[str, Any]] = []
    for item in filings:
        filing, source = item if isinstance(item, tuple) else (item, None)
        rows.extend(table_rows(filing, source))
    return pd.DataFrame(rows, columns=csv_columns())
