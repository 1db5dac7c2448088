"""Forms inside something else: an EDGAR submission's envelope, an HTML page."""

from __future__ import annotations

import pytest
from conftest import CORPUS_FIXTURES, SEEDS

import form4_peg

SEED = SEEDS / "001_254ee79e6a7d0f4e.txt"
EXHIBIT = "<DOCUMENT>\n<TYPE>EX-24\n<SEQUENCE>2\n<TEXT>\nPOWER OF ATTORNEY\nKnow all by these presents.\n</TEXT>\n</DOCUMENT>\n"


def _submission(documents: str) -> str:
    return ("<SEC-DOCUMENT>0001209191-08-061234.txt : 20081114\n<SEC-HEADER>0001209191-08-061234.hdr.sgml\n"
            "ACCESSION NUMBER:\t\t0001209191-08-061234\nCONFORMED SUBMISSION TYPE:\t4\n</SEC-HEADER>\n"
            + documents + "</SEC-DOCUMENT>\n")


def test_a_submission_with_text_gives_the_form_with_its_own_line_numbers():
    """Guards against a submission's envelope or exhibits being read as the form, and against
    locations that point into the document instead of the file as given."""
    text = SEED.read_text(encoding="utf-8")
    whole = _submission(f"<DOCUMENT>\n<TYPE>4\n<SEQUENCE>1\n<FILENAME>form4.txt\n<TEXT>\n{text}</TEXT>\n</DOCUMENT>\n" + EXHIBIT)
    direct = form4_peg.parse(text)
    found = form4_peg.parse(whole)
    offset = whole[: whole.index(text)].count("\n")
    assert [(d.code, d.span.line - offset if d.span else None) for d in found.diagnostics] == \
        [(d.code, d.span.line if d.span else None) for d in direct.diagnostics]
    assert ({**found.to_dict(provenance=False), "diagnostics": None}
            == {**direct.to_dict(provenance=False), "diagnostics": None})
    value = found.issuer.issuer_name
    assert value.span.line == direct.issuer.issuer_name.span.line + offset
    assert whole.splitlines()[value.span.line - 1][value.span.column - 1:].startswith(value.raw)


def test_a_submission_with_ownership_xml_goes_to_the_xml_reader(tmp_path):
    """Guards against the XML inside a submission being read as text, or missed."""
    xml = (SEEDS / "001_254ee79e6a7d0f4e.truth.xml").read_text(encoding="utf-8")
    whole = _submission(EXHIBIT + f"<DOCUMENT>\n<TYPE>4/A\n<SEQUENCE>1\n<TEXT>\n<XML>\n{xml}\n</XML>\n</TEXT>\n</DOCUMENT>\n")
    path = tmp_path / "0001209191-08-061234.txt"
    path.write_text(whole, encoding="utf-8")
    found = form4_peg.parse_file(path)
    assert found.layout == "xml"
    assert found.to_dict() == form4_peg.parse_xml(xml).to_dict()


def test_a_submission_without_an_ownership_document_says_what_it_holds():
    """Guards against a 10-K submission getting a bare "not a form"."""
    whole = _submission("<DOCUMENT>\n<TYPE>10-K\n<TEXT>\nANNUAL REPORT\n</TEXT>\n</DOCUMENT>\n" + EXHIBIT)
    with pytest.raises(form4_peg.NotAForm4Error, match=r"no ownership document .* 10-K, EX-24"):
        form4_peg.parse(whole)


def _as_html(text: str) -> str:
    """A page of the text: a table row per line with cells, a paragraph per other line. The
    markup in the text (bold, superscripts, check boxes) stays markup."""
    def cell(c: str) -> str:
        return c.replace("&", "&amp;")
    body: list[str] = []
    rows: list[str] = []
    for line in text.splitlines() + [""]:
        if "\t" in line:
            rows.append("<tr>" + "".join(f"<td>{cell(c)}</td>" for c in line.split("\t")) + "</tr>")
            continue
        if rows:  # consecutive lines of cells: one table
            body.append("<table>" + "".join(rows) + "</table>")
            rows = []
        if line.strip():
            body.append(f"<p>{cell(line)}</p>")
    return "<!DOCTYPE html>\n<html><head><title>SEC Form 4</title><style>td {}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"


@pytest.mark.parametrize("filing", sorted(p.name for p in CORPUS_FIXTURES.iterdir())[:6])
def test_an_html_page_reads_as_its_text_does(filing):
    """Guards against an HTML page failing, or reading other values than its text."""
    text = (CORPUS_FIXTURES / filing / "edgar.markup.txt").read_text(encoding="utf-8")
    from_page = form4_peg.parse(_as_html(text)).to_dict(provenance=False)
    from_text = form4_peg.parse(text).to_dict(provenance=False)
    codes = [[d["code"] for d in record.pop("diagnostics")] for record in (from_page, from_text)]
    assert from_page == from_text
    assert codes[0] == codes[1]


def test_html_that_is_not_a_form_is_not_a_form():
    """Guards against any web page being taken for a form, or failing with a traceback."""
    page = "<html><body><h1>Investor relations</h1><p>Q3 results &amp; outlook.</p></body></html>"
    with pytest.raises(form4_peg.NotAForm4Error):
        form4_peg.parse(page)
