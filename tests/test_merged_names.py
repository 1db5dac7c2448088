"""Plain OCR runs box 1's name and box 2's issuer into one line; letter case parts them."""

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
