"""Very large inputs have defined behaviour: parsed whole, every row kept, in time linear in
their size and in memory a small multiple of it (benchmarks/bench.py, benchmarks/size.py and
benchmarks/memory.py measure them; nothing here is timed)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import CORPUS_FIXTURES, ROOT, SEEDS

import form4_peg


def _one_row_text(variant: str = "edgar.ocr-tsv"):
    """A corpus text of ``variant`` whose Table I has one row on one line, and that line's number."""
    for path in sorted(CORPUS_FIXTURES.rglob(f"{variant}.txt")):
        text = path.read_text(encoding="utf-8")
        rows = form4_peg.parse(text).non_derivative_table
        if len(rows) == 1:
            spans = [v.span for v in vars(rows[0]).values() if isinstance(v, form4_peg.Value) and v.span]
            if min(s.line for s in spans) == max(s.end_line for s in spans):
                return text, spans[0].line
    raise AssertionError("no corpus fixture with a one-line Table I row")


def test_a_table_i_of_100000_lines_keeps_every_row():
    """Guards against rows dropped, merged or a blow-up when a table is very long."""
    text, line = _one_row_text()
    lines = text.split("\n")
    big = "\n".join(lines[:line] + [lines[line - 1]] * 99_999 + lines[line:])
    filing = form4_peg.parse(big)
    rows = filing.non_derivative_table
    assert len(rows) == 100_000
    assert rows[-1].security_title.value == rows[0].security_title.value
    assert rows[-1].security_title.span.line == line + 99_999


def test_a_table_of_10000_rows_laid_out_with_spaces_keeps_every_row():
    """Guards against rows dropped or merged when a table laid out with spaces (pdftotext
    -layout) holds thousands of rows with no blank line between them, one block of lines
    whose anchors the readers look up line by line (they once did so by scanning every
    anchor, in time that grew with the square of the rows)."""
    text, line = _one_row_text("edgar.layout")
    lines = text.split("\n")
    big = "\n".join(lines[:line] + [lines[line - 1]] * 9_999 + lines[line:])
    rows = form4_peg.parse(big).non_derivative_table
    assert len(rows) == 10_000
    assert rows[-1].security_title.value == rows[0].security_title.value
    first, last = ({name: v.value for name, v in vars(row).items() if isinstance(v, form4_peg.Value)}
                   for row in (rows[0], rows[-1]))
    assert last == first
    assert rows[-1].security_title.span.line == line + 9_999


def test_a_20_mb_text_is_read_whole():
    """Guards against a very large text (a form with an exhibit of 20 MB) failing, being cut,
    or losing the form's values."""
    form = (SEEDS / "001_254ee79e6a7d0f4e.txt").read_text(encoding="utf-8")
    paragraph = ("The undersigned hereby constitutes and appoints each of the officers named below, signing "
                 "singly, the undersigned's true and lawful attorney-in-fact to execute and deliver forms.\n")
    exhibit = "\nEXHIBIT 99\n" + paragraph * (20 * 1024 * 1024 // len(paragraph) + 1)
    big = form + exhibit
    assert len(big.encode()) > 20 * 1024 * 1024
    expected = form4_peg.parse(form)
    filing = form4_peg.parse(big)
    assert filing.issuer == expected.issuer
    assert filing.non_derivative_table == expected.non_derivative_table
    assert filing.derivative_table == expected.derivative_table


def test_10_mb_of_cells_parse_in_under_600_mb():
    """Guards against memory that grows a hundredfold with the input: 10 MB of TAB-separated
    cells after a form once peaked at 1.1 GB, held by the regex engine while it matched the
    cells as one run of text. The parse runs in a process of its own (benchmarks/memory.py),
    whose peak resident memory the kernel reports: the interpreter, the parser and the text
    itself count too."""
    script = ROOT / "benchmarks" / "memory.py"
    done = subprocess.run([sys.executable, str(script), "--child", "cells", "10"], capture_output=True, text=True,
                          check=True)
    measured = json.loads(done.stdout)
    assert measured["input_mb"] >= 10 and measured["outcome"] == "1 Table I rows"
    assert measured["peak_mb"] < 600, measured


def test_a_text_of_more_regions_than_the_limit_is_refused_as_input():
    """Guards against a text of a label on every line ("Form 4" 100,001 times) being read into
    as many regions, some hundreds of bytes each: 7 MB of it once took 941 MB and 10 s, to end
    as not a form. It is an ``InputError`` now, from the line where reading stopped."""
    limit = form4_peg.api.MAX_REGIONS
    with pytest.raises(form4_peg.InputError, match=f"more than {limit} labelled regions") as info:
        form4_peg.parse("Form 4\n" * (limit + 1))
    assert info.value.line > limit
    with pytest.raises(form4_peg.NotAForm4Error):  # (under it, the text is read as before)
        form4_peg.parse("Form 4\n" * (limit - 10))


def test_a_parse_leaves_nothing_for_the_garbage_collector():
    """Guards against a reference cycle in what a parse builds (a memo that holds a region,
    which holds its document): a cycle keeps each document until the garbage collector finds
    it, which in a batch is memory held and collections that take longer. Every fixture text
    is parsed with the collector off; the parses' garbage must all have gone by reference
    counting."""
    import gc

    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS_FIXTURES.rglob("*.txt")) + sorted(SEEDS.glob("*.txt"))]
    assert len(texts) > 20
    for text in texts[:3]:  # the first parse builds the parser and fills caches: not a document's
        form4_peg.parse(text)
    gc.collect()
    gc.disable()
    try:
        for text in texts:
            form4_peg.parse(text)
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_the_caches_hold_nothing_the_garbage_collector_tracks():
    """Guards against a cache of the readers holding objects the garbage collector tracks
    (sets, dicts, dataclass instances, tuples that hold any of them): thousands of them made
    every full collection of a long batch ten times longer. Parses every fixture text, then
    counts the tracked objects that go when the caches are emptied."""
    import gc
    import importlib
    import pkgutil

    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS_FIXTURES.rglob("*.txt")) + sorted(SEEDS.glob("*.txt"))]
    for text in texts:
        form4_peg.parse(text)
    caches = []
    for info in pkgutil.iter_modules(form4_peg.__path__):
        if info.name == "dask":  # an optional extra
            continue
        module = importlib.import_module(f"form4_peg.{info.name}")
        caches += [f for f in vars(module).values() if hasattr(f, "cache_info") and f.cache_info().maxsize]
    from form4_peg.blocks import _groups_reader
    from form4_peg.columns import is_value_text

    caches.append(_groups_reader(is_value_text))  # (a cache a test of a value, made on first use)
    filled = sum(f.cache_info().currsize for f in caches)
    assert filled > 1000  # (the test reads caches that hold something)
    tracked = _settled_count()
    for f in caches:
        f.cache_clear()
    gc.collect()
    assert tracked - len(gc.get_objects()) < filled / 20


def _settled_count() -> int:
    """The number of objects the garbage collector tracks once its passes have stopped tracking
    all the tuples they can. A pass stops tracking a tuple whose items it has stopped tracking
    already, so a tuple of tuples takes a pass a level; and parses pause the collector
    (api._collector_paused), so it has made none of those passes while they ran."""
    import gc

    count = -1
    for _ in range(20):
        gc.collect()
        count, before = len(gc.get_objects()), count
        if count == before:
            break
    return count


def test_a_parse_leaves_the_cycle_collector_as_it_found_it():
    """Guards against the pause of the cycle collector during a parse (api._collector_paused)
    outliving it: left off after a parse, or after one that failed, a caller's own cycles
    would never be collected; turned on after a parse that a caller ran with it off, it would
    undo the caller's setting."""
    import gc

    form = (SEEDS / "001_254ee79e6a7d0f4e.txt").read_text(encoding="utf-8")
    try:
        assert gc.isenabled()
        form4_peg.parse(form)
        assert gc.isenabled()
        with pytest.raises(form4_peg.NotAForm4Error):
            form4_peg.parse("hello, not a form")
        assert gc.isenabled()
        form4_peg.api.parse_file_bytes(form.encode())
        assert gc.isenabled()
        gc.disable()
        form4_peg.parse(form)
        assert not gc.isenabled()
    finally:
        gc.enable()
