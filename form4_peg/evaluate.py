"""Field-by-field comparison of parsed records with the filings' own ownership XML.

A record is reduced to *facts*: (field, value) pairs for what the printed form shows. CIKs, the
schema version, the transaction form type and equitySwapInvolved are not printed, so they are
not scored.
Rows are matched to truth rows by content, not position: a reordering costs nothing, and a
missed row costs its fields. For each fact key:

- truth and parse agree: one true positive;
- they disagree: one false positive and one false negative;
- only the truth has it: a false negative; only the parse has it: a false positive.

A tick box counts only when ticked (an unticked box is the absence of a fact), and each
footnote reference on a value is a fact of its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from .records import Filing, Value

FILING_FIELDS = ("document_type", "period_of_report", "date_of_original_submission",
                 "not_subject_to_section16", "aff10b5_one")
ISSUER_FIELDS = ("issuer_name", "issuer_trading_symbol")
OWNER_FIELDS = ("rpt_owner_name", "rpt_owner_street1", "rpt_owner_street2", "rpt_owner_city",
                "rpt_owner_state", "rpt_owner_zip_code", "is_director", "is_officer",
                "is_ten_percent_owner", "is_other", "officer_title", "other_text")
ROW_FIELDS = ("security_title", "conversion_or_exercise_price", "transaction_date", "deemed_execution_date",
              "transaction_code", "transaction_shares",
              "transaction_acquired_disposed_code", "transaction_price_per_share", "exercise_date",
              "expiration_date", "underlying_security_title", "underlying_security_shares",
              "shares_owned_following_transaction", "direct_or_indirect_ownership", "nature_of_ownership")
# Printed in the same column when the form reports a value instead of a number of shares.
_SAME_COLUMN = {"shares_owned_following_transaction": "value_owned_following_transaction",
                "underlying_security_shares": "underlying_security_value"}
_SPACE = re.compile(r"\s+")


def norm(value: object, *, loose: bool = False) -> object:
    """Normalise for comparison: whitespace and case for text (all whitespace when ``loose``),
    numeric equality for decimals, ISO for dates. ``None`` and empty text are no value."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value or None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value else None
    if isinstance(value, date):
        return value.isoformat()
    text = _SPACE.sub("" if loose else " ", str(value)).strip().casefold()
    return text or None


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Comparison:
    """The comparison of one parsed record with its truth."""

    fields: dict[str, Counts] = field(default_factory=dict)
    mismatches: list[dict[str, object]] = field(default_factory=list)

    @property
    def total(self) -> Counts:
        total = Counts()
        for counts in self.fields.values():
            total.add(counts)
        return total

    def score(self, key: str, truth: object, parsed: object, where: str) -> None:
        counts = self.fields.setdefault(key, Counts())
        if truth is None and parsed is None:
            return
        if truth is not None and truth == parsed:
            counts.tp += 1
            return
        if truth is not None:
            counts.fn += 1
        if parsed is not None:
            counts.fp += 1
        self.mismatches.append({"field": key, "where": where, "truth": truth, "parsed": parsed})


def _value(obj, name: str) -> Value:
    value = getattr(obj, name, None)
    if isinstance(value, Value) and value.value is None and name in _SAME_COLUMN:
        other = getattr(obj, _SAME_COLUMN[name], None)
        if isinstance(other, Value) and other.present:
            return other
    return value if isinstance(value, Value) else Value()


def _facts(obj, names: Iterable[str]) -> dict[str, object]:
    """field -> normalised value, plus field#footnote -> the set of footnote ids."""
    out: dict[str, object] = {}
    for name in names:
        value = _value(obj, name)
        out[name] = norm(value.value)
        out[name + "#footnotes"] = frozenset(value.footnote_ids)
    return out


def _score_facts(result: Comparison, prefix: str, where: str, truth: dict, parsed: dict) -> None:
    for key in truth.keys() | parsed.keys():
        t, p = truth.get(key), parsed.get(key)
        if key.endswith("#footnotes"):
            t, p = t or frozenset(), p or frozenset()
            for ref in sorted(t | p):
                result.score(prefix + key, ref if ref in t else None, ref if ref in p else None, where)
        else:
            result.score(prefix + key, t, p, where)


def _match(truth_items: list[dict], parsed_items: list[dict]) -> list[tuple[int | None, int | None]]:
    """Pair items by the number of agreeing values, best pairs first; the rest stay unpaired."""
    pairs = []
    for i, t in enumerate(truth_items):
        for j, p in enumerate(parsed_items):
            agree = sum(1 for k, v in t.items() if v and not k.endswith("#footnotes") and p.get(k) == v)
            if agree:
                pairs.append((-agree, i, j))
    pairs.sort()
    used_t: set[int] = set()
    used_p: set[int] = set()
    out: list[tuple[int | None, int | None]] = []
    for _, i, j in pairs:
        if i not in used_t and j not in used_p:
            used_t.add(i)
            used_p.add(j)
            out.append((i, j))
    out += [(i, None) for i in range(len(truth_items)) if i not in used_t]
    out += [(None, j) for j in range(len(parsed_items)) if j not in used_p]
    return out


def _score_items(result: Comparison, prefix: str, truth_objs, parsed_objs, names) -> None:
    truth_facts = [_facts(o, names) for o in truth_objs]
    parsed_facts = [_facts(o, names) for o in parsed_objs]
    for i, j in _match(truth_facts, parsed_facts):
        where = f"{prefix.rstrip('.')}[truth {i + 1 if i is not None else '-'}, parsed {j + 1 if j is not None else '-'}]"
        _score_facts(result, prefix, where, truth_facts[i] if i is not None else {},
                     parsed_facts[j] if j is not None else {})


def compare(truth: Filing, parsed: Filing) -> Comparison:
    """Score ``parsed`` against ``truth`` (both ``Filing``), fact by fact."""
    result = Comparison()
    _score_facts(result, "", "filing", _facts(truth, FILING_FIELDS), _facts(parsed, FILING_FIELDS))
    _score_facts(result, "issuer.", "issuer", _facts(truth.issuer, ISSUER_FIELDS), _facts(parsed.issuer, ISSUER_FIELDS))
    _score_items(result, "owner.", truth.reporting_owners, parsed.reporting_owners, OWNER_FIELDS)
    _score_items(result, "table_i.", truth.non_derivative_table, parsed.non_derivative_table, ROW_FIELDS)
    _score_items(result, "table_ii.", truth.derivative_table, parsed.derivative_table, ROW_FIELDS)
    t_notes = {n.footnote_id: norm(n.text, loose=True) for n in truth.footnotes}
    p_notes = {n.footnote_id: norm(n.text, loose=True) for n in parsed.footnotes}
    for ref in sorted(t_notes.keys() | p_notes.keys()):
        result.score("footnote.text", t_notes.get(ref), p_notes.get(ref), ref)
    result.score("remarks", norm(truth.remarks.value, loose=True), norm(parsed.remarks.value, loose=True), "remarks")
    _score_items(result, "signature.", truth.owner_signatures, parsed.owner_signatures,
                 ("signature_name", "signature_date"))
    return result


# ------------------------------------------------------------------------------- the corpus


@dataclass
class DocumentResult:
    filing_id: str
    variant: str
    path: str
    comparison: Comparison | None = None
    error: str | None = None
    layout: str | None = None
    warnings: int = 0  # the parsed record's warning and error diagnostics


def corpus_documents(corpus: Path, variants: Iterable[str] | None = None) -> list[tuple[str, str, Path, Path]]:
    """(filing id, variant, text path, truth path) for every text in a corpus laid out like dev."""
    wanted = set(variants) if variants else None
    out = []
    for truth in sorted(corpus.glob("*/truth.xml")):
        for text in sorted(truth.parent.glob("*.txt")):
            variant = text.name[: -len(".txt")]
            if wanted is None or variant in wanted or variant.split(".")[-1] in wanted:
                out.append((truth.parent.name, variant, text, truth))
    return out


def summarize(results: list[DocumentResult]) -> dict[str, object]:
    """Per-variant and per-field counts, failures, and the documents in order of F1."""
    by_variant: dict[str, Counts] = {}
    by_field: dict[str, Counts] = {}
    by_variant_field: dict[str, dict[str, Counts]] = {}
    layouts: dict[str, Counter] = {}
    for result in results:
        layouts.setdefault(result.variant, Counter())[result.layout or "failed"] += 1
        if result.comparison is None:
            continue
        by_variant.setdefault(result.variant, Counts()).add(result.comparison.total)
        for key, counts in result.comparison.fields.items():
            name = key.replace("#footnotes", " (footnote refs)")
            by_field.setdefault(name, Counts()).add(counts)
            by_variant_field.setdefault(result.variant, {}).setdefault(name, Counts()).add(counts)
    ranked = sorted((r for r in results if r.comparison is not None), key=lambda r: r.comparison.total.f1)
    return {
        "variants": {v: c.to_dict() for v, c in sorted(by_variant.items())},
        "fields": {f: c.to_dict() for f, c in sorted(by_field.items())},
        "variant_fields": {v: {f: c.to_dict() for f, c in sorted(fs.items())} for v, fs in sorted(by_variant_field.items())},
        "layouts": {v: dict(c) for v, c in sorted(layouts.items())},
        "failed": [{"id": r.filing_id, "variant": r.variant, "path": r.path, "error": r.error}
                   for r in results if r.comparison is None],
        "documents": [{"id": r.filing_id, "variant": r.variant, "path": r.path, "layout": r.layout,
                       "warnings": r.warnings,
                       **r.comparison.total.to_dict(), "mismatches": [_jsonable(m) for m in r.comparison.mismatches]}
                      for r in ranked],
    }


def _jsonable(mismatch: dict[str, object]) -> dict[str, object]:
    return {k: (sorted(v) if isinstance(v, frozenset) else v) for k, v in mismatch.items()}


def evaluate_corpus(corpus: Path, variants: Iterable[str] | None = None,
                    on_document: Callable[[DocumentResult], None] | None = None) -> list[DocumentResult]:
    """Parse every text of ``corpus`` and compare it with its ``truth.xml``."""
    from .api import parse_file  # the evaluation sits above the parser, not inside it
    from .errors import Form4Error
    from .ownership_xml import parse_xml

    truths: dict[Path, Filing | str] = {}  # a truth file that cannot be read: why, for each of its texts
    results = []
    for filing_id, variant, text, truth_path in corpus_documents(corpus, variants):
        if truth_path not in truths:
            try:
                truths[truth_path] = parse_xml(truth_path.read_bytes())
            except (Form4Error, OSError) as err:
                truths[truth_path] = f"the truth file cannot be read: {type(err).__name__}: {getattr(err, 'msg', err)}"
        truth = truths[truth_path]
        result = DocumentResult(filing_id, variant, str(text))
        if isinstance(truth, str):
            result.error = truth
        else:
            try:
                parsed = parse_file(text)
            except Form4Error as err:
                result.error = f"{type(err).__name__}: {err.msg}"
            else:
                result.layout = parsed.layout
                result.warnings = len(parsed.warnings)
                result.comparison = compare(truth, parsed)
        results.append(result)
        if on_document is not None:
            on_document(result)
    return results


__all__ = ["compare", "Comparison", "Counts", "norm", "corpus_documents", "evaluate_corpus", "summarize",
           "DocumentResult"]
