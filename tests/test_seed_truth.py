"""Every value the seeds' truth XML holds, checked against the parsed record.

The truth is the filing's own XML. Where the text cannot show a value (seeds/README.md), the
expected value is what the text supports, listed in ``TEXT_CANNOT_SHOW`` with the reason; all
other values must match the truth exactly.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest

import form4_peg
from conftest import SEEDS, seed_ids

SKIP = object()  # the text supports no value here, and the record's value is not asserted

TEXT_CANNOT_SHOW: dict[str, dict[str, object]] = {
    "000_f03a0ef374d16d90": {
        # City cut to "ST. HEL", state missing: only the partial city and the ZIP are supported.
        "reporting_owners.0.rpt_owner_city": "ST. HEL",
        "reporting_owners.0.rpt_owner_state": None,
        # Relationship ticks and check boxes are lost: unknown, not false and not true.
        "reporting_owners.0.is_director": None,
        "not_subject_to_section16": None,
    },
    "001_254ee79e6a7d0f4e": {},
    "002_a79c6df009f87b49": {
        # Box 2 is destroyed by OCR; the issuer is named only in the power of attorney.
        "issuer.issuer_name": None,
        "issuer.issuer_trading_symbol": None,
        # City is lost ("DA ("): whatever is read there is flagged, not asserted.
        "reporting_owners.0.rpt_owner_city": SKIP,
        # As in 000, no tick marks survive in the text.
        "reporting_owners.0.is_director": None,
        "not_subject_to_section16": None,
        # The expiration cell is OCR damage: no date, only its footnote.
        "derivative_table.0.expiration_date": None,
    },
}

_BOOL = {"0": False, "1": True, "false": False, "true": True}
_DATES = {"periodOfReport", "transactionDate", "exerciseDate", "expirationDate", "signatureDate", "deemedExecutionDate"}
_DECIMALS = {"transactionShares", "transactionPricePerShare", "sharesOwnedFollowingTransaction",
             "conversionOrExercisePrice", "underlyingSecurityShares"}
_ROW_FIELDS = {
    "securityTitle": "security_title", "conversionOrExercisePrice": "conversion_or_exercise_price",
    "transactionDate": "transaction_date", "deemedExecutionDate": "deemed_execution_date",
    # equitySwapInvolved and transactionFormType are not printed on the form: not checked here.
    "transactionCode": "transaction_code",
    "transactionShares": "transaction_shares", "transactionPricePerShare": "transaction_price_per_share",
    "transactionAcquiredDisposedCode": "transaction_acquired_disposed_code",
    "exerciseDate": "exercise_date", "expirationDate": "expiration_date",
    "underlyingSecurityTitle": "underlying_security_title", "underlyingSecurityShares": "underlying_security_shares",
    "sharesOwnedFollowingTransaction": "shares_owned_following_transaction",
    "directOrIndirectOwnership": "direct_or_indirect_ownership", "natureOfOwnership": "nature_of_ownership",
}
_OWNER_FIELDS = {
    "rptOwnerName": "rpt_owner_name", "rptOwnerStreet1": "rpt_owner_street1", "rptOwnerStreet2": "rpt_owner_street2",
    "rptOwnerCity": "rpt_owner_city", "rptOwnerState": "rpt_owner_state", "rptOwnerZipCode": "rpt_owner_zip_code",
    "isDirector": "is_director", "isOfficer": "is_officer", "isTenPercentOwner": "is_ten_percent_owner",
    "isOther": "is_other", "officerTitle": "officer_title", "otherText": "other_text",
}


def _typed(tag: str, text: str) -> object:
    text = " ".join(text.split())
    if tag in _DATES:
        return date.fromisoformat(text)
    if tag in _DECIMALS:
        return Decimal(text)
    if tag in _BOOL.keys() or text in _BOOL and tag.startswith(("is", "not", "equity")):
        return _BOOL[text]
    return text


def _leaf(element: ET.Element) -> tuple[object, list[str]]:
    """(value, footnote ids) of an element that holds ``<value>`` and ``<footnoteId>`` or text."""
    value_el = element.find("value")
    text = value_el.text if value_el is not None else element.text
    notes = [f.get("id") for f in element.iter("footnoteId")]
    value = _typed(element.tag, text) if text and text.strip() else None
    return value, notes


def truth_values(path) -> dict[str, tuple[object, list[str]]]:
    """The truth XML flattened to ``record.path -> (value, footnote ids)``."""
    root = ET.parse(path).getroot()
    out: dict[str, tuple[object, list[str]]] = {}
    for tag, name in (("documentType", "document_type"), ("periodOfReport", "period_of_report"),
                      ("notSubjectToSection16", "not_subject_to_section16")):
        element = root.find(tag)
        if element is not None:
            out[name] = _leaf(element)
    for tag, name in (("issuerName", "issuer_name"), ("issuerTradingSymbol", "issuer_trading_symbol")):
        out[f"issuer.{name}"] = _leaf(root.find(f"issuer/{tag}"))
    for i, owner in enumerate(root.findall("reportingOwner")):
        for element in owner.iter():
            if element.tag in _OWNER_FIELDS:
                out[f"reporting_owners.{i}.{_OWNER_FIELDS[element.tag]}"] = _leaf(element)
    for table, rows in (("non_derivative_table", root.findall("nonDerivativeTable/*")),
                        ("derivative_table", root.findall("derivativeTable/*"))):
        for i, row in enumerate(rows):
            for element in row.iter():
                if element.tag in _ROW_FIELDS:
                    out[f"{table}.{i}.{_ROW_FIELDS[element.tag]}"] = _leaf(element)
    for note in root.findall("footnotes/footnote"):
        out[f"footnote.{note.get('id')}"] = (" ".join(note.text.split()), [])
    for i, sig in enumerate(root.findall("ownerSignature")):
        out[f"owner_signatures.{i}.signature_name"] = _leaf(sig.find("signatureName"))
        out[f"owner_signatures.{i}.signature_date"] = _leaf(sig.find("signatureDate"))
    return out


def record_value(filing, path: str) -> tuple[object, list[str]]:
    if path.startswith("footnote."):
        notes = {f.footnote_id: f.text for f in filing.footnotes}
        return notes.get(path.split(".", 1)[1]), []
    obj = filing
    for part in path.split("."):
        obj = obj[int(part)] if part.isdigit() else getattr(obj, part)
    return obj.value, list(obj.footnote_ids)


@pytest.mark.parametrize("seed", seed_ids())
def test_every_recoverable_truth_value_matches(seed):
    """Guards against any value the text does show being read wrong, dropped, or invented."""
    filing = form4_peg.parse_file(SEEDS / f"{seed}.txt")
    truth = truth_values(SEEDS / f"{seed}.truth.xml")
    assert truth, "the truth file yielded no values"
    exceptions = TEXT_CANNOT_SHOW[seed]
    mismatches = []
    for path, (expected, notes) in sorted(truth.items()):
        got, got_notes = record_value(filing, path)
        if path in exceptions:
            if exceptions[path] is SKIP:
                continue
            expected = exceptions[path]
        if got != expected or got_notes != notes:
            mismatches.append(f"{path}: truth {expected!r} {notes} != parsed {got!r} {got_notes}")
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.parametrize("seed", seed_ids())
def test_row_counts_match_truth(seed):
    """Guards against a row silently dropped or a header line read as a row."""
    filing = form4_peg.parse_file(SEEDS / f"{seed}.txt")
    root = ET.parse(SEEDS / f"{seed}.truth.xml").getroot()
    assert len(filing.non_derivative_table) == len(root.findall("nonDerivativeTable/*"))
    assert len(filing.derivative_table) == len(root.findall("derivativeTable/*"))
    assert len(filing.footnotes) == len(root.findall("footnotes/footnote"))
    assert len(filing.reporting_owners) == len(root.findall("reportingOwner"))


def test_damaged_values_are_flagged_not_guessed():
    """Guards against 002's damaged cells being reported as confident values."""
    filing = form4_peg.parse_file(SEEDS / "002_a79c6df009f87b49.txt")
    codes = {d.code for d in filing.diagnostics}
    assert {"issuer_missing", "damaged_value", "address_damaged"} <= codes
    row = filing.derivative_table[0]
    assert row.expiration_date.value is None and row.expiration_date.raw.startswith("08/08/")
    assert row.shares_owned_following_transaction.repaired
    assert row.exercise_date.repaired and row.exercise_date.raw.startswith("07/31")
    # The issuer must not be read out of the appended power of attorney.
    assert filing.issuer.issuer_name.value is None
    assert filing.attachments and "ImmunoGen" in filing.attachments[0].text


def test_direction_inferred_when_position_cannot_settle_it():
    """Guards against 001's option exercise being read as an acquisition from its cell position."""
    row = form4_peg.parse_file(SEEDS / "001_254ee79e6a7d0f4e.txt").derivative_table[0]
    assert row.transaction_acquired_disposed_code.value == "D"
    assert row.transaction_acquired_disposed_code.inferred


def test_values_keep_source_spans_and_raw_text():
    """Guards against values that cannot be traced back to where the text printed them."""
    text = (SEEDS / "000_f03a0ef374d16d90.txt").read_text(encoding="utf-8")
    filing = form4_peg.parse(text)
    price = filing.derivative_table[0].conversion_or_exercise_price
    line = text.splitlines()[price.span.line - 1]
    assert line[price.span.column - 1 : price.span.end_column - 1] == price.raw
    assert price.raw.startswith("\\$0") or price.raw.startswith("$0")


CORPUS = SEEDS.parent / "corpus"


def _corpus_markup_texts():
    texts = sorted(CORPUS.glob("1a627ee9daa6/*.markup.txt"))
    assert texts, f"no markup fixtures under {CORPUS}"
    return texts


@pytest.mark.parametrize("path", _corpus_markup_texts(), ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_corpus_markup_matches_truth(path):
    """Guards against the 2002 stylesheet's 'Reporting Owners' summary being read as a Table II
    row, and against any truth value of a clean markup text being missed."""
    filing = form4_peg.parse_file(path)
    truth = truth_values(path.parent / "truth.xml")
    mismatches = []
    for key, (expected, notes) in sorted(truth.items()):
        got, got_notes = record_value(filing, key)
        if isinstance(expected, str) and isinstance(got, str):
            expected, got = " ".join(expected.split()).upper(), " ".join(got.split()).upper()
        if got != expected or got_notes != notes:
            mismatches.append(f"{key}: truth {expected!r} {notes} != parsed {got!r} {got_notes}")
    root = ET.parse(path.parent / "truth.xml").getroot()
    assert len(filing.derivative_table) == len(root.findall("derivativeTable/*"))
    assert not mismatches, "\n".join(mismatches)
