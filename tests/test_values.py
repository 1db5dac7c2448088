"""Value parsing: dates, amounts, prices, footnote marks, codes, issuer and address splits."""

from datetime import date
from decimal import Decimal

import pytest
from conftest import CORPUS_FIXTURES

import form4_peg
from form4_peg import values


@pytest.mark.parametrize("text, expected", [
    ("11/12/2008", date(2008, 11, 12)),
    ("1/2/2008", date(2008, 1, 2)),          # no leading zeros
    ("06/17/08", date(2008, 6, 17)),         # two-digit year
    ("2025-12-26", date(2025, 12, 26)),      # ISO
    ("02/30/2008", None),                    # no such day
    ("02/12/200", None),                     # a fragment is not a date
    ("Common Stock", None),
])
def test_parse_date(text, expected):
    """Guards against fragments or impossible days passing as dates."""
    assert values.parse_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("8,000", Decimal("8000")),
    ("$1.375", Decimal("1.375")),
    ("$ 196.08", Decimal("196.08")),
    ("6,230.5295", Decimal("6230.5295")),
    ("0", Decimal("0")),
    ("8,00", None),          # a malformed thousands group is not silently accepted
    ("12/26/2025", None),
    ("", None),
])
def test_parse_decimal(text, expected):
    """Guards against float rounding and against dates or bad groups read as numbers."""
    assert values.parse_decimal(text) == expected


@pytest.mark.parametrize("raw, text, ids", [
    ("$0 (1)", "$0", ("F1",)),
    ("9(3)(2)", "9", ("F3", "F2")),          # marks glued to a value, order kept
    ("Common Stock (2)", "Common Stock", ("F2",)),
    ("D [1]", "D", ("F1",)),
    ("(2)", "", ("F2",)),                     # a footnote-only cell
    ("8,000", "8,000", ()),
])
def test_split_footnotes(raw, text, ids):
    """Guards against footnote marks left in values or lost from them."""
    cell = values.split_footnotes(raw)
    assert (cell.text, cell.footnote_ids) == (text, ids)


def test_codes_and_flags():
    """Guards against letters outside the SEC code list passing as transaction codes."""
    assert values.parse_code("M") == "M"
    assert values.parse_code("Q") is None
    assert values.parse_code("MM") is None
    assert values.parse_flag("D_", "DI") == "D"
    assert values.parse_flag("A", "DI") is None


def test_repair_number_only_inside_numbers():
    """Guards against OCR digit repair touching letters that are not inside a number."""
    assert values.repair_number("1O,0O0") == ("10,000", True)
    assert values.repair_number("l,250") == ("1,250", True)
    assert values.repair_number("Options") == ("Options", False)


@pytest.mark.parametrize("text, expected", [
    ("IMMUNOGEN INC [IMGN]", ("IMMUNOGEN INC", "IMGN")),
    ("BECTON DICKINSON & CO [ BDX ]", ("BECTON DICKINSON & CO", "BDX")),
    ("Acme Corp", ("Acme Corp", None)),
])
def test_split_issuer(text, expected):
    """Guards against the ticker staying inside the issuer name."""
    assert values.split_issuer(text) == expected


@pytest.mark.parametrize("parts, expected", [
    (["ST. HELENA CA 94574"], ("ST. HELENA", "CA", "94574")),
    (["ST. HEL", "94574"], ("ST. HEL", None, "94574")),
    (["FRANKLIN LAKES, NJ 07417"], ("FRANKLIN LAKES", "NJ", "07417")),
    (["NEW YORK", "NY", "10001-1234"], ("NEW YORK", "NY", "10001-1234")),
    (["LA JOLLA CA 92037"], ("LA JOLLA", "CA", "92037")),  # LA is a state too: the last code counts
    (["PASADENA CA 91105 X"], ("PASADENA", "CA", "91105")),  # a tick after the ZIP is another box's
    (["LONDON", "X0", "SW1A 1AA"], ("LONDON", "X0", "SW1A 1AA")),  # EDGAR's codes for places abroad
    (["TORONTO A6 M5V 3L9"], ("TORONTO", "A6", "M5V 3L9")),
    (["GEORGE TOWN", "E9", "KY1-1104"], ("GEORGE TOWN", "E9", "KY1-1104")),
    (["TEL AVIV L3 6789141"], ("TEL AVIV", "L3", "6789141")),
    (["LONDON X0 W1 1AA"], ("LONDON", "X0", "W1 1AA")),  # "W1" looks like a code, but "1AA" is no postal code
])
def test_split_city_state_zip(parts, expected):
    """Guards against a missing state shifting the city or ZIP into the wrong field."""
    assert values.split_city_state_zip(parts) == expected


def test_consistency_checks_flag_impossible_rows():
    """Guards against a row that breaks the form's own logic passing without a diagnostic."""
    from datetime import date as d
    from decimal import Decimal as D

    from form4_peg.checks import check_rows
    from form4_peg.normalize import normalize
    from form4_peg.records import DerivativeRow, NonDerivativeRow, Value
    from form4_peg.regions import Document

    doc = Document(normalize(""))
    option = DerivativeRow(kind="transaction", transaction_code=Value("M"), transaction_date=Value(d(2020, 1, 1)),
                           exercise_date=Value(d(2021, 1, 1)), expiration_date=Value(d(2019, 1, 1)))
    first = NonDerivativeRow(kind="transaction", security_title=Value("Common"), transaction_shares=Value(D(10)),
                             transaction_acquired_disposed_code=Value("A"),
                             shares_owned_following_transaction=Value(D(110)), direct_or_indirect_ownership=Value("D"))
    second = NonDerivativeRow(kind="transaction", security_title=Value("Common"), transaction_shares=Value(D(5)),
                              transaction_acquired_disposed_code=Value("D"),
                              shares_owned_following_transaction=Value(D(104)), direct_or_indirect_ownership=Value("D"))
    check_rows([first, second], [option], doc)
    codes = [x.code for x in doc.diagnostics]
    assert codes.count("balance_chain") == 1  # 110 - 5 is 105, not 104
    assert {"expiration_before_exercisable", "exercised_before_exercisable",
            "expiration_before_transaction"} <= set(codes)
    doc.diagnostics.clear()
    check_rows([first, second.__class__(**{**second.__dict__, "shares_owned_following_transaction": Value(D(105))})], [], doc)
    assert doc.diagnostics == []


@pytest.mark.parametrize(("raw", "text"), [
    ("LP®", "LP"),              # a raised "(1)" after a word, as tesseract reads it
    ("$180.7115©", "$180.7115"),
    ("S?)", "S"),
    ("Fund, LP(@)", "Fund, LP"),
])
def test_garbled_footnote_mark_is_taken_off_and_flagged(raw, text):
    cell = values.split_footnotes(raw)
    assert (cell.text, cell.footnote_ids, cell.garbled) == (text, (), True)


def test_text_ending_in_a_letter_q_is_not_a_garbled_mark():
    cell = values.split_footnotes("Preferred (Series Q)")
    assert (cell.text, cell.garbled) == ("Preferred (Series Q)", False)


def test_a_lone_closing_bracket_after_words_is_what_is_left_of_a_mark():
    assert values.split_footnotes("See Footnotes)").text == "See Footnotes"
    assert values.split_footnotes("Option (right to buy)").text == "Option (right to buy)"


@pytest.mark.parametrize(("text", "mended"), [
    ("/s/ Jason Gao, Attorney-inFact", "/s/ Jason Gao, Attorney-in-Fact"),
    ("/s/ Jung Yeon Son, AttorneyIn-Fact", "/s/ Jung Yeon Son, Attorney-In-Fact"),
    ("McKay-Jones", "McKay-Jones"),  # a name's capitals are not lost hyphens
    ("DeVries-Smith", "DeVries-Smith"),
    ("JPMorgan Chase", "JPMorgan Chase"),
])
def test_restore_lost_hyphen(text, mended):
    assert values.restore_lost_hyphen(text) == mended


def test_fast_values_and_spans_are_what_the_dataclasses_make():
    """Guards against the fast constructors (Value.of, Span.of) leaving a field unset, out of
    order or mutable: equal, equally hashed and frozen, with every default the dataclass has."""
    import dataclasses

    from form4_peg.records import Span, Value

    span = Span.of(3, 4, 5, 6)
    assert span == Span(3, 4, 5, 6) and hash(span) == hash(Span(3, 4, 5, 6)) and span < Span(3, 4, 5, 7)
    made = Value.of(Decimal("8000"), "8,000", span, ("1",), repaired=True)
    slow = Value(Decimal("8000"), raw="8,000", span=span, footnote_ids=("1",), repaired=True)
    assert made == slow and hash(made) == hash(slow) and made.to_dict() == slow.to_dict()
    assert Value.of(None, None, None) == Value() and Value.of("4", None, None, inferred=True) == Value("4", inferred=True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.value = 1


def test_fast_constructor_refuses_a_default_factory():
    """Guards against a fast constructor sharing one mutable default between instances: a field
    with a default factory cannot be written as a plain default, so it is refused."""
    import dataclasses

    from form4_peg.records import fast_constructor

    @dataclasses.dataclass(frozen=True)
    class Listed:
        items: list = dataclasses.field(default_factory=list)

    with pytest.raises(TypeError, match="default factory"):
        fast_constructor(Listed)


@pytest.mark.parametrize(("city", "state", "postal"), [("LONDON", "X0", "SW1A 1AA"), ("GRAND CAYMAN", "E9", "KY1-1104"),
                                                     ("HERZLIYA", "L3", "4672517")])
def test_an_owner_abroad_keeps_state_code_and_postal_code(city, state, postal):
    """Guards against a foreign address (EDGAR's state code, a postal code with letters) read
    as a US one: the code into the city, the postal code lost."""
    path = CORPUS_FIXTURES / "52a940c31ea8" / "edgar.markdown.txt"
    text = path.read_text(encoding="utf-8").replace("| PASADENA | CA | 91105 |", f"| {city} | {state} | {postal} |")
    owner = form4_peg.parse(text).reporting_owners[0]
    assert (owner.rpt_owner_city.value, owner.rpt_owner_state.value, owner.rpt_owner_zip_code.value) == (city, state, postal)
