"""A long run of one character anywhere in a text costs time linear in the run: no regex of the
reader backtracks over it more than once (tests/runs.py plants the runs; benchmarks/plant_runs.py
measures how the time grows with them). A parse that overruns is stopped by a timer, so that a
regression fails its test instead of hanging the suite."""

from __future__ import annotations

import signal
import time
from contextlib import contextmanager

import pytest
from conftest import CORPUS_FIXTURES, SEEDS
from runs import places, planted, tesseract_tsv

import form4_peg

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs a POSIX interval timer")

# One text of each reader: TAB cells (seed 000), markup (seed 001), spaced columns, plain OCR,
# one cell a line, and the 2002 stylesheet's Reporting Owners summary as markup and markdown.
TEXTS = [SEEDS / "000_f03a0ef374d16d90.txt", SEEDS / "001_254ee79e6a7d0f4e.txt",
         CORPUS_FIXTURES / "0e985a76139c" / "edgar.layout.txt", CORPUS_FIXTURES / "0e985a76139c" / "edgar.ocr.txt",
         CORPUS_FIXTURES / "0e985a76139c" / "edgar.stream.txt",
         CORPUS_FIXTURES / "4f539912b757" / "sec2002.markup.txt", CORPUS_FIXTURES / "4f539912b757" / "sec2002.markdown.txt"]
RUN_KINDS = ("space", "tab", "nbsp", "dot", "leader", "space-newline")


class _Overran(BaseException):  # (not an Exception: the reader wraps those in its own error)
    pass


@contextmanager
def _within(seconds: float, what: str):
    """Fail the test if the block runs longer than ``seconds`` (the regex engine checks for
    signals while it backtracks, so a runaway match is stopped too)."""
    def overran(*_):
        raise _Overran

    previous = signal.signal(signal.SIGALRM, overran)
    start = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Overran:
        pytest.fail(f"{what}: not done after {seconds} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.perf_counter() - start < seconds, f"{what}: took over {seconds} s"


def _read(call) -> None:
    try:
        call()
    except form4_peg.Form4Error:  # refused is an answer too
        pass


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_runs_of_4000_white_space_characters_anywhere_parse_in_under_5_s(path):
    """Guards against a regex whose repeats share a run's characters ("^(.*?)\\s*,?\\s+ST ZIP" of
    the owners summary, "\\s*\\]?\\s*$" of the ticker, two runs around a label's optional dot):
    on a run of 4,000 spaces, TABs, no-break spaces or dots such a regex takes seconds to
    minutes, and a parse has no time limit. Runs are planted at the start, middle and end of a
    line of each region (box labels and their values, table titles and rows, the owner cell of
    the summary, footnotes, remarks, signatures)."""
    text = path.read_text(encoding="utf-8")
    sites = places(text, per_region=1)
    assert len(sites) > 30
    for kind in RUN_KINDS:
        for where, at in sites:
            planted_text = planted(text, kind, 4000, at)
            with _within(5.0, f"a run of 4,000 {kind} at {where} (offset {at})"):
                _read(lambda: form4_peg.parse(planted_text))


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_a_tesseract_tsv_file_is_read_or_refused_in_under_1_s(seed, tmp_path):
    """Guards against the twelve TAB-separated numbers of each word box ('5 1 4 1 26 6 679 932
    36 32 98.07 (Instr.') being tried as the digit list of '(Instr. 3, 4 and 5)' in every way
    it can be cut into groups: a 33 KB TSV file took 2 to 6 s before it was refused."""
    path = tmp_path / "boxes.tsv"
    path.write_bytes(tesseract_tsv(seed.read_text(encoding="utf-8")).encode()[:33_000])
    with _within(1.0, f"tesseract TSV of {seed.name}"):
        _read(lambda: form4_peg.parse_file(path))


@pytest.mark.parametrize("shape", ["wrapped prose", "grid rows", "box rows", "dash-ruled rows", "asciidoc cells",
                                   "boxes in columns", "html2text rows"])
def test_texts_of_200000_lines_that_the_input_adapters_rewrite_read_in_under_5_s(shape):
    """Guards against an input adapter whose work grows with the square of its lines (a
    wrapped text joined by adding to one string took 1 s for 16,000 lines)."""
    lines = {
        "wrapped prose": "word " * 15,
        "grid rows": "+---+---+\n| a | b |",
        "box rows": "├──┼──┤\n│ a│ b│",
        "dash-ruled rows": "--- ---\na   b",
        "asciidoc cells": "|a |b",
        "boxes in columns": "1. Name   2. Issuer Name\nand       and Ticker",
        "html2text rows": "a| b|\nc| d  ",
    }[shape]
    text = ("[cols=\",\"]\n|===\n" if shape == "asciidoc cells" else "") + "\n".join([lines] * 100_000)
    if shape == "boxes in columns":
        text += "\n1. Title of Security   2. Transaction Date"
    with _within(5.0, shape):
        _read(lambda: form4_peg.parse(text))
