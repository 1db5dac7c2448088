"""form4_peg: SEC Forms 3, 4 and 5 as text -> records with the fields of the ownership XML.

    >>> import form4_peg
    >>> filing = form4_peg.parse(text)
    >>> filing.issuer.issuer_trading_symbol.value
    'IMGN'
"""

from .api import decode, parse, parse_file, parse_tree, regions
from .errors import Form4Error, GrammarFailure, InputError, NotAForm4Error, StrictModeError
from .normalize import NormalizedText, normalize
from . import export
from .export import to_dataframe
from .ownership_xml import parse_xml, to_xml
from .records import (
    Attachment,
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

__all__ = (
    "parse", "parse_file", "parse_tree", "regions", "normalize", "decode", "parse_xml", "to_xml", "export", "to_dataframe",
    "Form4Error", "NotAForm4Error", "InputError", "GrammarFailure", "StrictModeError",
    "Filing", "Issuer", "ReportingOwner", "NonDerivativeRow", "DerivativeRow", "Footnote",
    "OwnerSignature", "Attachment", "Diagnostic", "Span", "Value", "NormalizedText",
)
__version__ = "0.1.0"
