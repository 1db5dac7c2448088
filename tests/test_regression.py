"""Accuracy on a fixed, varied subset of 21 dev filings (all 12 renderings of each), as
``form4 eval`` scores it. Each variant must hold its floor (what it scored when the floor was
last raised, less a hair); the issue's targets are the goal, tracked by a strict xfail that
turns red the day a variant reaches its target, so its floor and status get raised.
"""

import pytest

from conftest import CORPUS_FIXTURES
from form4_peg.evaluate import evaluate_corpus, summarize

# Issue 4's targets: 0.99 for the layouts a converter wrote, 0.92 where tesseract's damage is real.
TARGETS = {
    "markup": 0.99, "markdown": 0.99, "layout": 0.99, "stream": 0.99, "ocr": 0.92, "ocr-tsv": 0.92,
}
FLOORS = {
    "edgar.layout": 0.965, "edgar.markdown": 0.99, "edgar.markup": 0.99, "edgar.ocr": 0.56,
    "edgar.ocr-tsv": 0.605, "edgar.stream": 0.80, "sec2002.layout": 0.91, "sec2002.markdown": 0.99,
    "sec2002.markup": 0.99, "sec2002.ocr": 0.415, "sec2002.ocr-tsv": 0.46, "sec2002.stream": 0.62,
}
MET = {"edgar.markdown", "edgar.markup", "sec2002.markdown", "sec2002.markup"}  # variants at their target on this subset


@pytest.fixture(scope="module")
def summary():
    results = evaluate_corpus(CORPUS_FIXTURES)
    assert len(results) >= 20 * 12, "the fixture corpus lost documents"
    return summarize(results)


def test_no_document_fails(summary):
    """Guards against any rendering of a real filing raising instead of giving a record."""
    assert summary["failed"] == []


@pytest.mark.parametrize("variant", sorted(FLOORS))
def test_variant_holds_its_floor(summary, variant):
    """Guards against a change that makes any layout read worse than it did."""
    f1 = summary["variants"][variant]["f1"]
    assert f1 >= FLOORS[variant], f"{variant}: F1 {f1:.3f} fell below its floor {FLOORS[variant]}"


@pytest.mark.parametrize("variant", sorted(FLOORS))
def test_variant_meets_issue_target(summary, variant, request):
    """Guards the goal: each variant at its target F1 (0.99, or 0.92 for OCR)."""
    if variant not in MET:
        request.applymarker(pytest.mark.xfail(strict=True, reason="below target: see README Accuracy"))
    target = TARGETS[variant.split(".", 1)[1]]
    assert summary["variants"][variant]["f1"] >= target
