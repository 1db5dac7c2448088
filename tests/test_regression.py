"""Accuracy on a fixed, varied subset of 21 dev filings (every rendering of each), as
``form4 eval`` scores it, pinned exactly: each variant's true positives, false positives and
false negatives. Any change to what is read changes a pin, so a regression cannot pass under a
floor with slack; a change that reads better updates the pins in the same commit (the failure
prints them, ready to paste), and says why in its message.
"""

import pytest

from conftest import CORPUS_FIXTURES
from form4_peg.evaluate import evaluate_corpus, summarize

# variant: (tp, fp, fn)
PINNED = {
    "edgar.html2text": (2039, 7, 34),
    "edgar.inscriptis": (2049, 8, 24),
    "edgar.layout": (2007, 47, 66),
    "edgar.markdown": (2054, 1, 19),
    "edgar.markup": (2046, 6, 27),
    "edgar.ocr": (1082, 354, 991),
    "edgar.ocr-tsv": (1138, 306, 935),
    "edgar.stream": (1654, 250, 419),
    "sec2002.html2text": (2059, 11, 14),
    "sec2002.inscriptis": (1957, 32, 116),
    "sec2002.layout": (1860, 102, 213),
    "sec2002.markdown": (2057, 12, 16),
    "sec2002.markup": (2057, 12, 16),
    "sec2002.ocr": (694, 328, 1379),
    "sec2002.ocr-tsv": (836, 293, 1237),
    "sec2002.stream": (1181, 345, 892),
}


@pytest.fixture(scope="module")
def summary():
    results = evaluate_corpus(CORPUS_FIXTURES)
    assert len(results) >= 21 * 16, "the fixture corpus lost documents"
    return summarize(results)


def test_no_document_fails(summary):
    """Guards against any rendering of a real filing raising instead of giving a record."""
    assert summary["failed"] == []


def test_every_variant_reads_as_pinned(summary):
    """Guards against any change in what a rendering reads: a D/I or A/D swap, a date off by a
    day, a dropped row, signature, owner or footnote reference each move a pin."""
    found = {variant: (c["tp"], c["fp"], c["fn"]) for variant, c in summary["variants"].items()}
    lines = "".join(f'    "{v}": {found[v]},\n' for v in sorted(found))
    assert found == PINNED, f"the counts changed; if for the better, pin them:\nPINNED = {{\n{lines}}}"
