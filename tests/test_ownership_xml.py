"""Ownership XML in and out: every truth file round-trips, and the writer keeps the schema."""

from dataclasses import replace

import pytest
from lxml import etree

import form4_peg
from conftest import CORPUS_FIXTURES, SEEDS, truth_files
from form4_peg.records import Value


@pytest.mark.parametrize("path", truth_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_round_trip_gives_an_equal_record(path):
    """Guards against a field that parse_xml reads but to_xml loses (or writes back changed)."""
    filing = form4_peg.parse_xml(path.read_bytes())
    assert filing.issuer.issuer_name.value, "the reader found no issuer: the test would be vacuous"
    assert form4_peg.parse_xml(filing.to_xml()) == filing


def test_reader_reads_values_footnotes_and_code_footnotes():
    """Guards against footnote ids or typed values being lost on the way in."""
    filing = form4_peg.parse_xml((SEEDS / "000_f03a0ef374d16d90.truth.xml").read_bytes())
    row = filing.derivative_table[0]
    assert row.exercise_date.footnote_ids == ("F3", "F2")
    assert str(row.transaction_shares.value) == "8000"
    assert row.expiration_date.value is None and row.expiration_date.footnote_ids == ("F2",)
    assert filing.reporting_owners[0].is_director.value is True
    xml = b"""<ownershipDocument><documentType>4</documentType><nonDerivativeTable>
      <nonDerivativeTransaction><securityTitle><value>Common</value></securityTitle>
      <transactionCoding><transactionFormType>4</transactionFormType><transactionCode>S</transactionCode>
      <equitySwapInvolved>0</equitySwapInvolved><footnoteId id="F1"/></transactionCoding>
      </nonDerivativeTransaction></nonDerivativeTable></ownershipDocument>"""
    code = form4_peg.parse_xml(xml).non_derivative_table[0].transaction_code
    assert (code.value, code.footnote_ids) == ("S", ("F1",))


def test_writer_uses_schema_names_order_and_footnote_ids():
    """Guards against element names, order or footnote markup that EDGAR tools would reject."""
    filing = form4_peg.parse_file(SEEDS / "000_f03a0ef374d16d90.txt")
    root = etree.fromstring(filing.to_xml().encode())
    assert [child.tag for child in root] == [
        "documentType", "periodOfReport", "issuer", "reportingOwner", "derivativeTable", "footnotes",
        "ownerSignature"]
    row = root.find("derivativeTable/derivativeTransaction")
    assert [c.tag for c in row] == [
        "securityTitle", "conversionOrExercisePrice", "transactionDate", "transactionCoding",
        "transactionAmounts", "exerciseDate", "expirationDate", "underlyingSecurity",
        "postTransactionAmounts", "ownershipNature"]
    assert [f.get("id") for f in row.find("exerciseDate").findall("footnoteId")] == ["F3", "F2"]
    assert row.find("expirationDate/value") is None  # damaged in the text: not invented


def test_writer_leaves_out_what_the_text_did_not_give():
    """Guards against empty or invented elements for values the text does not show."""
    xml = form4_peg.parse_file(SEEDS / "000_f03a0ef374d16d90.txt").to_xml()
    assert "<rptOwnerState>" not in xml  # the state is missing in this text
    assert "<notSubjectToSection16>" not in xml  # unknown, not false
    assert "<isDirector>" not in xml


def test_text_entry_points_route_xml_to_the_xml_reader(tmp_path):
    """Guards against ownership XML being fed to the text grammar and failing."""
    truth = CORPUS_FIXTURES / "1a627ee9daa6" / "truth.xml"
    by_file = form4_peg.parse_file(truth)
    by_text = form4_peg.parse(truth.read_text(encoding="utf-8"))
    assert by_file.layout == by_text.layout == "xml"
    assert by_file == form4_peg.parse_xml(truth.read_bytes())


def test_changed_value_survives_round_trip():
    """Guards against the writer emitting the original document instead of the record."""
    filing = form4_peg.parse_xml((SEEDS / "001_254ee79e6a7d0f4e.truth.xml").read_bytes())
    changed = replace(filing, remarks=Value("checked by hand"))
    assert form4_peg.parse_xml(changed.to_xml()).remarks.value == "checked by hand"
