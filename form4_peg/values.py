"""Values as the form prints them: dates, amounts, prices, footnote marks, transaction codes.

Each parser takes the text of one cell and returns ``None`` when the text is not that kind of
value; none of them guesses. Repairs (an OCR ``O`` inside a number, a stray bracket) are made
only where the result is unambiguous, and the caller is told that a repair happened.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

# Transaction codes of the SEC's General Instructions (Form 4, Instruction 8).
TRANSACTION_CODES = frozenset("PSVAD FIMCXGLWZJKHOEU".replace(" ", ""))
# Codes whose transaction, by its nature, acquires (A) or disposes of (D) the security itself
# in Table II. Codes not listed (J, W, G, K, L, Z, U, I, V) can go either way.
DERIVATIVE_CODE_DIRECTION = {
    "A": "A", "P": "A",
    "M": "D", "X": "D", "C": "D", "F": "D", "S": "D", "D": "D", "E": "D", "H": "D", "O": "D",
}

# A tick mark as text shows a ticked box: "X", "__X__", a check sign, or checkbox markup's ☒.
TICK_MARKS = "Xx\u2713\u2714\u2612"  # what a tick box's tick is read as
TICK = re.compile(f"_*[{TICK_MARKS}]_*")

US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
    "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU AS MP".split()
)

# Two letters in a row: the text holds a word (a title, a name), not only a value or a mark.
TWO_LETTERS = re.compile(r"[A-Za-z]{2}")
LETTER = re.compile(r"[A-Za-z]")
_FOOTNOTE = re.compile(r"\(\s*(\d{1,2})\s*\)|\[\s*(\d{1,2})\s*\]")
# What OCR makes of a raised "(1)" after a word or number: "LP®", "S@", "$180.71©", "S?)", "LP(@)".
# The number is lost; the mark is taken off so that the value reads, and reported.
_GARBLED_MARK = re.compile(r"(?<=[A-Za-z0-9.,%])(?:[®©@]\)?|\?\)|\(\s*[@®©Q?]\s*\)|Q\))$")
_DATE_MDY = re.compile(r"(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4}|\d{2})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")
# OCR reads 0 as O or o, 1 as l, I or |, 5 as S, inside a run of digits.
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"})
_OCR_IN_NUMBER = re.compile(r"(?<=[\d,.])[OolI|]|[OolI|](?=[\d,.]*\d)")


class Cell(NamedTuple):
    """One cell's text with its footnote marks taken out."""

    text: str
    footnote_ids: tuple[str, ...]
    raw: str
    garbled: bool = False  # a footnote mark OCR made unreadable ("LP®") was taken off


def split_footnotes(raw: str) -> Cell:
    """Take footnote marks such as ``(1)`` or ``[2]`` out of a cell: ``"$0 (1)"`` -> ``"$0"``, F1.

    A mark glued to a number (``9(3)(2)``) is still a mark: footnote numbers never exceed two
    digits, amounts in brackets are not how the form prints amounts.
    """
    return _new_tuple(Cell, _split_footnotes(raw))


_new_tuple = tuple.__new__


@functools.lru_cache(maxsize=8192)
def _split_footnotes(raw: str) -> tuple[str, tuple[str, ...], str, bool]:
    """``split_footnotes`` as a plain tuple. Cached (bounded): the readers split the same cells
    more than once. A plain tuple of strings is one the garbage collector stops tracking; a
    cache of thousands of objects it tracks made each of its full collections far longer."""
    ids: list[str] = []

    def take(match: re.Match[str]) -> str:
        ids.append("F" + (match.group(1) or match.group(2)).lstrip("0"))
        return " "

    text = " ".join(_FOOTNOTE.sub(take, raw).split())
    garbled = _GARBLED_MARK.search(text)
    if garbled:
        text = text[: garbled.start()].rstrip()
    elif text.endswith(")") and text.count(")") > text.count("(") and TWO_LETTERS.search(text):
        garbled, text = True, text[:-1].rstrip()  # "Footnotes)": what is left of a raised mark
    return text, tuple(dict.fromkeys(ids)), raw, bool(garbled)


def join_wrapped(parts) -> str:
    """Join the lines of wrapped text: with a space, except after a hyphen that ends a line
    inside a word ("attorney-in-" + "fact" is "attorney-in-fact", "2010-" + "Seed" is "2010-Seed")."""
    out: list[str] = []  # pieces, joined once at the end (adding to one string grows with its square)
    for part in parts:
        part = part.strip()
        if not part:
            continue
        tail = "".join(out[-2:])[-2:]  # the joined text's last two characters
        if tail.endswith("-") and tail[:1].isalnum() and part[:1].isalpha():
            out.append(part)
        else:
            if out:
                out.append(" ")
            out.append(part)
    return "".join(out)


_LOST_HYPHEN = re.compile(r"(?<=\w-[a-z]{2})(?=[A-Z][a-z])|(?<=[a-z]{3})(?=[A-Z][a-z]{1,2}-[A-Za-z])")


def restore_lost_hyphen(text: str) -> str:
    """"Attorney-inFact" and "AttorneyIn-Fact" are "Attorney-in-Fact": pdftotext drops the
    hyphen that ended a line when it joins the next line to it. Only a compound still
    hyphenated elsewhere is mended, where a small word's capital follows a lowercase letter."""
    return _LOST_HYPHEN.sub("-", text)


def _two_digit_year(year: int) -> int:
    return year + (2000 if year < 50 else 1900)


def parse_date(text: str) -> date | None:
    """``MM/DD/YYYY``, ``M/D/YY`` or ``YYYY-MM-DD`` as the whole text; anything else is ``None``."""
    text = text.strip()
    match = _DATE_ISO.fullmatch(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DATE_MDY.fullmatch(text)
        if not match:
            return None
        month, day, year = (int(g) for g in match.groups())
        if year < 100:
            year = _two_digit_year(year)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first date inside running text, with its start and end offsets."""
    for match in _DATE_MDY.finditer(text):
        value = parse_date(match.group(0))
        if value is not None:
            return value, match.start(), match.end()
    return None


def parse_decimal(text: str) -> Decimal | None:
    """An amount or price: ``8,000``, ``$1.375``, ``$ 0``, ``6,230.5295``. ``None`` otherwise."""
    text = text.strip().replace(" ", "")
    if text.startswith("$"):
        text = text[1:]
    if not text or not _NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only admits valid decimals
        return None


def repair_number(text: str) -> tuple[str, bool]:
    """Mend OCR letter-for-digit confusions inside a number; report whether anything changed."""
    mended = _OCR_IN_NUMBER.sub(lambda m: m.group(0).translate(_OCR_DIGITS), text)
    return mended, mended != text


def parse_code(text: str) -> str | None:
    """A transaction code letter, optionally followed by the V (voluntary) mark: ``"S"``, ``"J V"``."""
    text = text.strip().upper()
    if len(text) == 1 and text in TRANSACTION_CODES:
        return text
    return None


_OCR_CODE = re.compile(r"^([A-Za-z])(?:\1|[^A-Za-z0-9\s]{1,3})$", re.IGNORECASE)


def parse_code_ocr(text: str) -> str | None:
    """A code letter as OCR leaves it: lower case ("s"), doubled ("Cc") or with a garbled
    footnote mark glued on ("s@", "S?)"). Only where the letter is a valid code."""
    text = text.strip()
    match = _OCR_CODE.match(text)
    letter = (match.group(1) if match else text if len(text) == 1 else "").upper()
    return letter if letter in TRANSACTION_CODES else None


def parse_flag(text: str, allowed: str) -> str | None:
    """One letter out of ``allowed`` ("AD" or "DI"), with OCR's trailing marks (``D_``) forgiven."""
    text = text.strip().strip("_.|").upper()
    return text if len(text) == 1 and text in allowed else None


# "[IMGN]", "[ IMGN ]", "[IMGN" at the end, or a bracket holding spaces only. The ticker starts at
# its first letter, and "\s*(?:\]\s*)?$" ends it: spaces that the runs around the ticker could
# share were split every way, in cubic time on a long run of them.
_TICKER = re.compile(r"\[(?:\s*([A-Za-z0-9.\-/][A-Za-z0-9.\-/ ]{0,11}?)|(?=[^\S ]* ))\s*(?:\]\s*)?$")


def split_issuer(text: str) -> tuple[str, str | None]:
    """``"IMMUNOGEN INC [IMGN]"`` -> ``("IMMUNOGEN INC", "IMGN")``. No bracket: no ticker."""
    match = _TICKER.search(text)
    if not match or "[" not in text[match.start():]:
        return text.strip(), None
    ticker = (match.group(1) or "").replace(" ", "").upper() or None
    return text[: match.start()].strip().rstrip(","), ticker


_ZIP = re.compile(r"\b(\d{5}(?:-\d{4})?)\b")
# EDGAR's codes for places outside the US: a letter and a digit or a digit and a letter
# (A6 Ontario, X0 United Kingdom, L3 Israel, M0 ..., E9 Cayman Islands).
_PLACE_CODE = re.compile(r"[A-Z][0-9]|[0-9][A-Z]")
# A postal code outside the US: one or two alphanumeric groups with a digit ("SW1A 1AA",
# "M5V 3L9", "1012 AB", "KY1-1104"), 4 to 10 letters and digits in all.
_POSTAL_GROUP = re.compile(r"[A-Z0-9]{1,8}(?:-[A-Z0-9]{1,5})?")


def is_state_code(text: str) -> bool:
    """A US state's postal abbreviation or EDGAR's code for a province or country."""
    text = text.upper()
    return text in US_STATES or bool(_PLACE_CODE.fullmatch(text))


def is_postal_code(words: Sequence[str]) -> bool:
    """``words`` make one postal code: a US ZIP, or a foreign code of one or two groups."""
    if len(words) == 1 and _ZIP.fullmatch(words[0]):
        return True
    compact = "".join(words).upper().replace("-", "")
    return (0 < len(words) <= 2 and all(_POSTAL_GROUP.fullmatch(w.upper()) for w in words)
            and 4 <= len(compact) <= 10 and any(ch.isdigit() for ch in compact))


def split_city_state_zip(parts: list[str]) -> tuple[str | None, str | None, str | None]:
    """City, state and ZIP from the text under the city line, in whatever cells it came.

    The state is the last state code (a US state, or EDGAR's code for a place abroad such as
    ``X0``) that is followed by nothing or by one postal code; the ZIP is that postal code
    (what follows a US ZIP is left out), and the city is what comes before. With no such code,
    a US ZIP at the end is still the ZIP. A part that is missing in the text is ``None``.
    """
    words: list[str] = []
    for part in parts:
        words.extend(part.replace(",", " ").split())
    for i in range(len(words) - 1, -1, -1):
        tail = words[i + 1:]
        if tail and _ZIP.fullmatch(tail[0]):
            tail = tail[:1]  # what follows a ZIP on its line is another box's (a tick)
        elif len(tail) > 2:
            break
        candidate = words[i].strip("()[]")
        if is_state_code(candidate) and (not tail or is_postal_code(tail)) and (i > 0 or tail):
            city = " ".join(words[:i]).strip(" ,") or None
            return city, candidate.upper(), " ".join(tail) or None
    zip_code = words.pop() if words and _ZIP.fullmatch(words[-1]) else None
    return " ".join(words).strip(" ,") or None, None, zip_code
