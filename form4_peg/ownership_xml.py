"""SEC ownership XML (``<ownershipDocument>``, schemas X0202 to X0609) to records and back.

One table, ``_ROW_PATHS``, says where each row field sits in the XML; the reader and the
writer both walk it, so the two cannot drift apart. The writer keeps the schema's element order,
writes footnote references as ``<footnoteId id="F1"/>``, and leaves out what the record does
not hold rather than inventing it. Values read from XML carry no source span.
"""

from __future__ import annotations

import codecs
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

from .errors import InputError, NotAForm4Error
from .records import (
    DerivativeRow,
    Diagnostic,
    Filing,
    Footnote,
    Issuer,
    NonDerivativeRow,
    OwnerSignature,
    ReportingOwner,
    Span,
    Value,
)

_WRAPPED = {"text", "date", "decimal"}
_TRUE = {"1", "true", "y", "yes"}
_FALSE = {"0", "false", "n", "no"}

# (record field, XML path, kind) in the schema's element order. Kinds "text", "date" and
# "decimal" hold their value in a <value> child beside their footnotes; "plain", "bool" and
# "pdate" (a plain date) are the element's own text.
_SHARED_HEAD = [
    ("security_title", "securityTitle", "text"),
]
_TX = [
    ("transaction_date", "transactionDate", "date"),
    ("deemed_execution_date", "deemedExecutionDate", "date"),
    ("transaction_form_type", "transactionCoding/transactionFormType", "plain"),
    ("transaction_code", "transactionCoding/transactionCode", "plain"),
    ("equity_swap_involved", "transactionCoding/equitySwapInvolved", "bool"),
    ("transaction_timeliness", "transactionTimeliness", "text"),
    ("transaction_shares", "transactionAmounts/transactionShares", "decimal"),
    ("transaction_price_per_share", "transactionAmounts/transactionPricePerShare", "decimal"),
    ("transaction_acquired_disposed_code", "transactionAmounts/transactionAcquiredDisposedCode", "text"),
]
_DERIV = [
    ("exercise_date", "exerciseDate", "date"),
    ("expiration_date", "expirationDate", "date"),
    ("underlying_security_title", "underlyingSecurity/underlyingSecurityTitle", "text"),
    ("underlying_security_shares", "underlyingSecurity/underlyingSecurityShares", "decimal"),
    ("underlying_security_value", "underlyingSecurity/underlyingSecurityValue", "decimal"),
]
_TAIL = [
    ("shares_owned_following_transaction", "postTransactionAmounts/sharesOwnedFollowingTransaction", "decimal"),
    ("value_owned_following_transaction", "postTransactionAmounts/valueOwnedFollowingTransaction", "decimal"),
    ("direct_or_indirect_ownership", "ownershipNature/directOrIndirectOwnership", "text"),
    ("nature_of_ownership", "ownershipNature/natureOfOwnership", "text"),
]
_PRICE = [("conversion_or_exercise_price", "conversionOrExercisePrice", "decimal")]

_ROW_PATHS = {
    "nonDerivativeTransaction": _SHARED_HEAD + _TX + _TAIL,
    "nonDerivativeHolding": _SHARED_HEAD + _TAIL,
    "derivativeTransaction": _SHARED_HEAD + _PRICE + _TX + _DERIV + _TAIL,
    "derivativeHolding": _SHARED_HEAD + _PRICE + _DERIV + _TAIL,
}
_OWNER_PATHS = [
    ("rpt_owner_cik", "reportingOwnerId/rptOwnerCik", "plain"),
    ("rpt_owner_name", "reportingOwnerId/rptOwnerName", "plain"),
    ("rpt_owner_street1", "reportingOwnerAddress/rptOwnerStreet1", "plain"),
    ("rpt_owner_street2", "reportingOwnerAddress/rptOwnerStreet2", "plain"),
    ("rpt_owner_city", "reportingOwnerAddress/rptOwnerCity", "plain"),
    ("rpt_owner_state", "reportingOwnerAddress/rptOwnerState", "plain"),
    ("rpt_owner_zip_code", "reportingOwnerAddress/rptOwnerZipCode", "plain"),
    ("is_director", "reportingOwnerRelationship/isDirector", "bool"),
    ("is_officer", "reportingOwnerRelationship/isOfficer", "bool"),
    ("is_ten_percent_owner", "reportingOwnerRelationship/isTenPercentOwner", "bool"),
    ("is_other", "reportingOwnerRelationship/isOther", "bool"),
    ("officer_title", "reportingOwnerRelationship/officerTitle", "plain"),
    ("other_text", "reportingOwnerRelationship/otherText", "plain"),
]
_FILING_HEAD = [
    ("schema_version", "schemaVersion", "plain"),
    ("document_type", "documentType", "plain"),
    ("period_of_report", "periodOfReport", "pdate"),
    ("date_of_original_submission", "dateOfOriginalSubmission", "pdate"),
    ("no_securities_owned", "noSecuritiesOwned", "bool"),
    ("not_subject_to_section16", "notSubjectToSection16", "bool"),
    ("form3_holdings_reported", "form3HoldingsReported", "bool"),
    ("form4_transactions_reported", "form4TransactionsReported", "bool"),
]
_ISSUER_PATHS = [
    ("issuer_cik", "issuerCik", "plain"),
    ("issuer_name", "issuerName", "plain"),
    ("issuer_trading_symbol", "issuerTradingSymbol", "plain"),
]


# ------------------------------------------------------------------------------------ reading


def _convert(text: str | None, kind: str):
    if text is None:
        return None
    text = " ".join(text.split())
    if not text:
        return None
    if kind in ("date", "pdate"):
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None
    if kind == "decimal":
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    if kind == "bool":
        low = text.lower()
        return True if low in _TRUE else False if low in _FALSE else None
    return text


def _read_value(parent: etree._Element, path: str, kind: str) -> Value:
    element = parent.find(path)
    if element is None:
        return Value()
    holder = element.find("value") if kind in _WRAPPED else None
    # Old documents sometimes put the value straight in the element: read either.
    value = _convert((holder if holder is not None else element).text, kind)
    notes = element.findall("footnoteId")
    if path.endswith("transactionCode"):  # a footnote on the code sits on transactionCoding
        notes = element.getparent().findall("footnoteId")
    ids = tuple(dict.fromkeys(n.get("id") for n in notes if n.get("id")))
    return Value(value, footnote_ids=ids)


def _read_fields(parent: etree._Element, paths) -> dict[str, Value]:
    return {name: v for name, path, kind in paths if (v := _read_value(parent, path, kind)).present}


_DECLARED = re.compile(rb"\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._:-]{1,40})[\"']")


def _as_utf8(data: bytes) -> bytes:
    """The document in UTF-8: bytes in the encoding that the XML declaration names (the element
    is read without its declaration, which lxml would otherwise have followed)."""
    found = _DECLARED.match(data.removeprefix(b"\xef\xbb\xbf")[:300])
    if found is None:
        return data
    try:
        codec = codecs.lookup(found.group(1).decode("ascii")).name
    except LookupError:
        return data
    return data if codec == "utf-8" else data.decode(codec, errors="replace").encode("utf-8")


def _root(data: str | bytes, recovered: list[Diagnostic]) -> etree._Element:
    data = data.encode("utf-8") if isinstance(data, str) else _as_utf8(data)
    start = data.find(b"<ownershipDocument")
    if start < 0:
        raise NotAForm4Error("not ownership XML: no <ownershipDocument> element", line=1, column=1,
                             snippet=data.split(b"\n", 1)[0].decode("utf-8", "replace"),
                             expected=("an <ownershipDocument> element",))
    end = data.rfind(b"</ownershipDocument>")
    body = data[start : end + len(b"</ownershipDocument>")] if end > start else data[start:]
    # huge_tree: a text node over 10 MB is read whole (the input is bounded by max_bytes, and
    # no entity is expanded, so nothing can grow past it).
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=True)
    first_line = data.count(b"\n", 0, start)  # lines before the element, for locations in the input
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as err:
        line = (err.lineno or 1) + first_line
        lines = data.decode("utf-8", "replace").split("\n")
        raise InputError(f"the ownership XML is malformed: {err.msg}", line=line, column=(err.position or (0, 1))[1],
                         snippet=lines[line - 1] if line <= len(lines) else None,
                         expected=("well-formed ownership XML",)) from None
    if root is None:
        raise InputError("the ownership XML is malformed beyond recovery", line=first_line + 1, column=1,
                         expected=("well-formed ownership XML",))
    for element in root.iter():  # EDGAR's XML has no namespaces, but some copies add one
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]
    lines = None
    for entry in list(parser.error_log)[:5]:  # what recovery mended: the record says so
        lines = lines or data.decode("utf-8", "replace").split("\n")
        line = entry.line + first_line
        span = Span(line, max(entry.column, 1), line, max(entry.column, 1) + 1)
        recovered.append(Diagnostic("xml_malformed", "warning", f"malformed XML, read as far as it goes: {entry.message}",
                                    span, lines[line - 1] if 0 < line <= len(lines) else None))
    return root


def parse_xml(data: str | bytes) -> Filing:
    """Read an SEC ownership XML document (any schema version X0202-X0609) into a ``Filing``.
    Malformed XML is read as far as it goes, with an ``xml_malformed`` warning a fault; XML
    that gives nothing of the form raises ``InputError``."""
    recovered: list[Diagnostic] = []
    root = _root(data, recovered)
    issuer_el = root.find("issuer")
    fields: dict = _read_fields(root, _FILING_HEAD)
    fields["aff10b5_one"] = _read_value(root, "aff10b5One", "bool")
    fields["issuer"] = Issuer(**_read_fields(issuer_el, _ISSUER_PATHS)) if issuer_el is not None else Issuer()
    fields["reporting_owners"] = tuple(
        ReportingOwner(**_read_fields(owner, _OWNER_PATHS)) for owner in root.findall("reportingOwner")
    )
    for table, cls in (("nonDerivativeTable", NonDerivativeRow), ("derivativeTable", DerivativeRow)):
        rows = []
        for row in root.findall(f"{table}/*"):
            if row.tag not in _ROW_PATHS:
                continue
            kind = "transaction" if row.tag.endswith("Transaction") else "holding"
            rows.append(cls(kind=kind, **_read_fields(row, _ROW_PATHS[row.tag])))
        fields["non_derivative_table" if table == "nonDerivativeTable" else "derivative_table"] = tuple(rows)
    fields["footnotes"] = tuple(
        Footnote(note.get("id"), " ".join("".join(note.itertext()).split()))
        for note in root.findall("footnotes/footnote") if note.get("id")
    )
    remarks = _convert("".join(root.find("remarks").itertext()) if root.find("remarks") is not None else None, "plain")
    fields["remarks"] = Value(remarks) if remarks else Value()
    fields["owner_signatures"] = tuple(
        OwnerSignature(**_read_fields(sig, [("signature_name", "signatureName", "plain"),
                                            ("signature_date", "signatureDate", "pdate")]))
        for sig in root.findall("ownerSignature")
    )
    filing = Filing(layout="xml", diagnostics=tuple(recovered), **fields)
    if recovered and not (filing.issuer.issuer_name.present or filing.reporting_owners
                          or filing.non_derivative_table or filing.derivative_table):
        first = recovered[0]
        raise InputError("the ownership XML is malformed: nothing of the form could be read",
                         line=first.span.line, column=first.span.column, snippet=first.snippet,
                         expected=("well-formed ownership XML",))
    return filing


def looks_like_xml(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    return "<ownershipDocument" in head or (head.startswith("<?xml") and "<ownershipDocument" in text[:65536])


# ------------------------------------------------------------------------------------ writing


# What XML 1.0 cannot hold (control characters, U+FFFE, U+FFFF, lone surrogates): a text that
# carries one is written with U+FFFD in its place, as a decoder writes what it cannot read.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _format(value, kind: str) -> str:
    if kind == "bool":
        return "1" if value else "0"
    if isinstance(value, date):
        return value.isoformat()
    return _xml_text(str(value))


def _write_value(parent: etree._Element, path: str, kind: str, value: Value) -> None:
    if not value.present:
        return
    *parents, leaf = path.split("/")
    node = parent
    for name in parents:
        found = node.find(name)
        node = found if found is not None else etree.SubElement(node, name)
    element = etree.SubElement(node, leaf)
    if value.value is not None:
        target = etree.SubElement(element, "value") if kind in _WRAPPED else element
        target.text = _format(value.value, kind)
    holder = node if path.endswith("transactionCode") else element
    for ref in value.footnote_ids:
        etree.SubElement(holder, "footnoteId", id=_xml_text(ref))


def _write_fields(parent: etree._Element, obj, paths) -> None:
    for name, path, kind in paths:
        _write_value(parent, path, kind, getattr(obj, name))
    # transactionCoding's footnotes must follow its other children: move them to the end.
    coding = parent.find("transactionCoding")
    if coding is not None:
        for note in coding.findall("footnoteId"):
            coding.remove(note)
            coding.append(note)


def to_xml(filing: Filing) -> str:
    """The filing as an SEC ``<ownershipDocument>``, element names and order as in the schema."""
    root = etree.Element("ownershipDocument")
    _write_fields(root, filing, _FILING_HEAD)
    issuer = etree.SubElement(root, "issuer")
    _write_fields(issuer, filing.issuer, _ISSUER_PATHS)
    for owner in filing.reporting_owners:
        _write_fields(etree.SubElement(root, "reportingOwner"), owner, _OWNER_PATHS)
    _write_value(root, "aff10b5One", "bool", filing.aff10b5_one)
    for table, rows, prefix in (("nonDerivativeTable", filing.non_derivative_table, "nonDerivative"),
                                ("derivativeTable", filing.derivative_table, "derivative")):
        if not rows:
            continue
        table_el = etree.SubElement(root, table)
        for row in rows:
            tag = prefix + ("Transaction" if row.kind == "transaction" else "Holding")
            _write_fields(etree.SubElement(table_el, tag), row, _ROW_PATHS[tag])
    if filing.footnotes:
        notes = etree.SubElement(root, "footnotes")
        for note in filing.footnotes:
            etree.SubElement(notes, "footnote", id=_xml_text(note.footnote_id)).text = _xml_text(note.text)
    if filing.remarks.value:
        etree.SubElement(root, "remarks").text = _xml_text(str(filing.remarks.value))
    for signature in filing.owner_signatures:
        sig = etree.SubElement(root, "ownerSignature")
        _write_value(sig, "signatureName", "plain", signature.signature_name)
        _write_value(sig, "signatureDate", "pdate", signature.signature_date)
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8").decode("utf-8")


__all__ = ["parse_xml", "to_xml", "looks_like_xml"]
