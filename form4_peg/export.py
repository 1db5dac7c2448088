"""Records to flat tables: one row per Table I or II row, with the filing's fields repeated.

This is what a user loads into pandas or a spreadsheet. A filing without table rows still gives
one row (``table`` empty), so no filing disappears from a flat export. Column names and order
are stable: ``FILING_COLUMNS`` then ``ROW_COLUMNS``, each value followed by its footnotes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import fields
from typing import Any

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


def to_csv(filings: Iterable[tuple[Filing, str | None]], header: bool = True) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=csv_columns(), extrasaction="ignore", lineterminator="\n")
    if header:
        writer.writeheader()
    for filing, source in filings:
        writer.writerows(table_rows(filing, source))
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
