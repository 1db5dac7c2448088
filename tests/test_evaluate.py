"""The comparison itself: the scores move by exactly what a mistake costs."""

from dataclasses import replace
from decimal import Decimal

import pytest

import form4_peg
from conftest import CORPUS_FIXTURES, SEEDS
from form4_peg.evaluate import compare, evaluate_corpus, norm, summarize
from form4_peg.records import Value


@pytest.fixture
def truth():
    return form4_peg.parse_xml((SEEDS / "000_f03a0ef374d16d90.truth.xml").read_bytes())


def test_perfect_prediction_scores_one(truth):
    """Guards against a scorer that penalises a perfect record."""
    total = compare(truth, truth).total
    assert total.fp == total.fn == 0 and total.tp > 10
    assert total.f1 == 1.0


def test_changed_value_costs_one_fp_and_one_fn(truth):
    """Guards against a wrong value counting only once (or not at all)."""
    n = compare(truth, truth).total.tp
    row = truth.derivative_table[0]
    wrong = replace(truth, derivative_table=(replace(row, transaction_shares=Value(Decimal("8001"))),))
    total = compare(truth, wrong).total
    assert (total.tp, total.fp, total.fn) == (n - 1, 1, 1)
    assert total.precision == total.recall == pytest.approx((n - 1) / n)


def test_dropped_row_costs_its_fields(truth):
    """Guards against a missed row going unnoticed by the score."""
    full = compare(truth, truth).total
    dropped = compare(truth, replace(truth, derivative_table=())).total
    row_facts = compare(truth, truth).fields
    in_row = sum(c.tp for k, c in row_facts.items() if k.startswith("table_ii."))
    assert in_row > 5
    assert (dropped.tp, dropped.fp, dropped.fn) == (full.tp - in_row, 0, in_row)
    assert dropped.precision == 1.0 and dropped.recall == pytest.approx((full.tp - in_row) / full.tp)


def test_dropped_footnote_reference_costs_one_fn(truth):
    """Guards against footnote references being ignored by the score."""
    full = compare(truth, truth).total
    row = truth.derivative_table[0]
    less = replace(row, exercise_date=replace(row.exercise_date, footnote_ids=("F3",)))
    total = compare(truth, replace(truth, derivative_table=(less,))).total
    assert (total.tp, total.fp, total.fn) == (full.tp - 1, 0, 1)


def test_reordered_rows_cost_nothing():
    """Guards against rows being matched by position instead of content."""
    truth = form4_peg.parse_xml((SEEDS / "001_254ee79e6a7d0f4e.truth.xml").read_bytes())
    row = truth.non_derivative_table[0]
    other = replace(row, security_title=Value("Preferred Stock"), transaction_shares=Value(Decimal("7")))
    two = replace(truth, non_derivative_table=(row, other))
    swapped = replace(truth, non_derivative_table=(other, row))
    assert compare(two, swapped).total.f1 == 1.0


def test_normalisation_rules():
    """Guards against formatting differences (case, spaces, trailing zeros) counting as errors."""
    assert norm("  Common   stock ") == norm("COMMON STOCK")
    assert norm(Decimal("8000.00")) == norm(Decimal("8000"))
    assert norm("a b\nc", loose=True) == norm("ab c", loose=True)
    assert norm(False) is None and norm("") is None


def test_corpus_evaluation_groups_by_variant():
    """Guards against the corpus runner losing documents or mis-grouping variants."""
    results = evaluate_corpus(CORPUS_FIXTURES, ["markup"])
    summary = summarize(results)
    assert {r.variant for r in results} == {"edgar.markup", "sec2002.markup"}
    assert len(results) == 2 * len(list(CORPUS_FIXTURES.glob("*/truth.xml")))
    assert summary["failed"] == []
    assert all(v["f1"] > 0.9 for v in summary["variants"].values())
