"""Plain OCR puts other boxes on box 1's name line: box 2's issuer (letter case parts them) and
box 5's tick."""

from __future__ import annotations

from conftest import CORPUS_FIXTURES

from form4_peg import parse_file


def test_owner_and_issuer_run_together_part_where_the_case_changes():
    # The OCR line is "Musk Elon TESLA MOTORS INC [ TSLA ] (Check all applicable)".
    filing = parse_file(CORPUS_FIXTURES / "1c9121f665cf" / "edgar.ocr.txt")
    assert filing.reporting_owners[0].rpt_owner_name.value == "Musk Elon"
    assert filing.issuer.issuer_name.value == "TESLA MOTORS INC"
    assert filing.issuer.issuer_trading_symbol.value == "TSLA"
    assert "names_run_together" in {d.code for d in filing.diagnostics}


def test_a_tick_read_onto_the_name_line_is_box_5s():
    # The OCR line is "Boersma Travis X Director 10% Owner": the X is the Director box's tick.
    filing = parse_file(CORPUS_FIXTURES / "e9ae5971e2e2" / "edgar.ocr.txt")
    name = filing.reporting_owners[0].rpt_owner_name
    assert (name.value, name.repaired) == ("Boersma Travis", True)
    assert filing.reporting_owners[0].is_director.value is True
