"""The records: frozen dataclasses named after the SEC ownership XML, with ``to_dict()``.

Every field value is a ``Value``: the parsed value (``Decimal``, ``date``, ``str`` or ``bool``),
the raw text it came from, its span in the source, its footnote ids, and whether it was repaired
or inferred rather than read as printed. A field the text does not show is ``Value()`` with
``value=None``; boxes a text may not show are tri-state (``True``, ``False``, ``None``).

Records know nothing of lark, rich or typer.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def fast_constructor(cls):
    """A function that makes ``cls(...)`` (a dataclass with slots: same fields, order and
    defaults) without its ``__init__``, which for a frozen dataclass sets each field through
    ``object.__setattr__``: it fills the new instance's slots one by one through their
    descriptors, straight-line code written for ``cls`` as dataclasses writes ``__init__``. A
    parse makes a few hundred values and spans (tests hold each equal to what the dataclass
    makes)."""
    params, body, defaults, setters = [], [], {}, {}
    for item in fields(cls):
        if item.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{item.name}: a default factory is not supported")
        if item.default is MISSING:
            params.append(item.name)
        else:
            params.append(f"{item.name}=_default_{item.name}")
            defaults[f"_default_{item.name}"] = item.default
        setters[f"_set_{item.name}"] = cls.__dict__[item.name].__set__
        body.append(f"    _set_{item.name}(made, {item.name})")
    source = (f"def make({', '.join(params)}):\n    made = _new(_cls)\n"
              + "\n".join(body) + "\n    return made\n")
    namespace = {"_new": object.__new__, "_cls": cls, **defaults, **setters}
    exec(source, namespace)  # noqa: S102 - the source is built above from the dataclass's field names
    make = namespace["make"]
    make.__qualname__ = f"{cls.__name__}.of"
    return make


@dataclass(frozen=True, order=True, slots=True)
class Span:
    """1-based line and column of the first character, and of the character after the last."""

    line: int
    column: int
    end_line: int
    end_column: int

    def to_dict(self) -> dict[str, int]:
        return {"line": self.line, "column": self.column, "end_line": self.end_line, "end_column": self.end_column}


@dataclass(frozen=True, slots=True)
class Value(Generic[T]):
    value: T | None = None
    raw: str | None = None
    span: Span | None = None
    footnote_ids: tuple[str, ...] = ()
    # What the parser did beyond reading: "repaired" (text was mended) or "inferred" (derived).
    repaired: bool = False
    inferred: bool = False

    @property
    def present(self) -> bool:
        return self.value is not None or bool(self.footnote_ids)

    def to_dict(self, provenance: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"value": plain(self.value)}
        if self.footnote_ids:
            out["footnote_ids"] = list(self.footnote_ids)
        if self.repaired:
            out["repaired"] = True
        if self.inferred:
            out["inferred"] = True
        if provenance:
            out["raw"] = self.raw
            out["span"] = self.span.to_dict() if self.span else None
        return out


Span.of = staticmethod(fast_constructor(Span))  # type: ignore[attr-defined]
Value.of = staticmethod(fast_constructor(Value))  # type: ignore[attr-defined]
EMPTY: Value[Any] = Value()


@dataclass(frozen=True)
class Diagnostic:
    """Something the parser doubts: ``code`` is stable, ``message`` is for people."""

    code: str
    severity: str
    message: str
    span: Span | None = None
    snippet: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "span": self.span.to_dict() if self.span else None,
            "snippet": self.snippet,
        }


@dataclass(frozen=True)
class Issuer:
    issuer_cik: Value[str] = EMPTY  # not printed on the form: only ownership XML carries it
    issuer_name: Value[str] = EMPTY
    issuer_trading_symbol: Value[str] = EMPTY


@dataclass(frozen=True)
class ReportingOwner:
    rpt_owner_cik: Value[str] = EMPTY  # not printed on the form: only ownership XML carries it
    rpt_owner_name: Value[str] = EMPTY
    rpt_owner_street1: Value[str] = EMPTY
    rpt_owner_street2: Value[str] = EMPTY
    rpt_owner_city: Value[str] = EMPTY
    rpt_owner_state: Value[str] = EMPTY
    rpt_owner_zip_code: Value[str] = EMPTY
    is_director: Value[bool] = EMPTY
    is_officer: Value[bool] = EMPTY
    is_ten_percent_owner: Value[bool] = EMPTY
    is_other: Value[bool] = EMPTY
    officer_title: Value[str] = EMPTY
    other_text: Value[str] = EMPTY


@dataclass(frozen=True)
class _Row:
    """The columns Tables I and II share. ``kind`` is "transaction" or "holding"."""

    kind: str
    security_title: Value[str] = EMPTY
    transaction_date: Value[date] = EMPTY
    deemed_execution_date: Value[date] = EMPTY
    transaction_form_type: Value[str] = EMPTY
    transaction_code: Value[str] = EMPTY
    equity_swap_involved: Value[bool] = EMPTY
    transaction_timeliness: Value[str] = EMPTY
    transaction_shares: Value[Decimal] = EMPTY
    transaction_acquired_disposed_code: Value[str] = EMPTY
    transaction_price_per_share: Value[Decimal] = EMPTY
    shares_owned_following_transaction: Value[Decimal] = EMPTY
    value_owned_following_transaction: Value[Decimal] = EMPTY
    direct_or_indirect_ownership: Value[str] = EMPTY
    nature_of_ownership: Value[str] = EMPTY
    span: Span | None = None


@dataclass(frozen=True)
class NonDerivativeRow(_Row):
    """A Table I row."""


@dataclass(frozen=True)
class DerivativeRow(_Row):
    """A Table II row: the shared columns plus the derivative's own."""

    conversion_or_exercise_price: Value[Decimal] = EMPTY
    exercise_date: Value[date] = EMPTY
    expiration_date: Value[date] = EMPTY
    underlying_security_title: Value[str] = EMPTY
    underlying_security_shares: Value[Decimal] = EMPTY
    underlying_security_value: Value[Decimal] = EMPTY


@dataclass(frozen=True)
class Footnote:
    footnote_id: str
    text: str
    span: Span | None = None


@dataclass(frozen=True)
class OwnerSignature:
    signature_name: Value[str] = EMPTY
    signature_date: Value[date] = EMPTY


@dataclass(frozen=True)
class Attachment:
    """An exhibit filed with the form (a power of attorney, say), or the form's printed
    instructions: kept, never read for values."""

    kind: str  # "power_of_attorney", "exhibit" or "instructions"
    title: str
    text: str
    span: Span | None = None


@dataclass(frozen=True)
class Filing:
    schema_version: Value[str] = EMPTY  # ownership XML only
    document_type: Value[str] = EMPTY
    period_of_report: Value[date] = EMPTY
    date_of_original_submission: Value[date] = EMPTY
    no_securities_owned: Value[bool] = EMPTY
    not_subject_to_section16: Value[bool] = EMPTY
    form3_holdings_reported: Value[bool] = EMPTY  # Form 5's two boxes
    form4_transactions_reported: Value[bool] = EMPTY
    aff10b5_one: Value[bool] = EMPTY
    issuer: Issuer = field(default_factory=Issuer)
    reporting_owners: tuple[ReportingOwner, ...] = ()
    non_derivative_table: tuple[NonDerivativeRow, ...] = ()
    derivative_table: tuple[DerivativeRow, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    remarks: Value[str] = EMPTY
    owner_signatures: tuple[OwnerSignature, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    layout: str = "unknown"
    diagnostics: tuple[Diagnostic, ...] = ()

    def to_dict(self, provenance: bool = True) -> dict[str, Any]:
        return _to_dict(self, provenance)

    def to_xml(self) -> str:
        """The record as an SEC ``<ownershipDocument>`` (see ``form4_peg.ownership_xml``)."""
        from .ownership_xml import to_xml  # lxml is loaded only by those who write XML

        return to_xml(self)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity in ("warning", "error"))


def plain(value: Any) -> Any:
    """A value as JSON or CSV carries it: decimals as text, dates in ISO form."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _to_dict(obj: Any, provenance: bool) -> Any:
    if isinstance(obj, Value):
        return obj.to_dict(provenance)
    if isinstance(obj, (Span, Diagnostic)):
        return obj.to_dict()
    if isinstance(obj, tuple):
        return [_to_dict(item, provenance) for item in obj]
    if hasattr(obj, "__dataclass_fields__"):
        out = {}
        for f in fields(obj):
            item = getattr(obj, f.name)
            if f.name == "span" and not provenance:
                continue
            out[f.name] = _to_dict(item, provenance) if item is not None else None
        return out
    return plain(obj)
