"""Peak memory against input size, on three large texts made from the bundled fixtures:

    python benchmarks/memory.py [--case cells,table,titles] [--mb 10]

- cells: a form followed by 10 MB of TAB-separated cells (a spreadsheet pasted into the text);
- table: a form whose Table I row is written again and again to 10 MB;
- titles: 7 MB of "Form 4" lines, each a label that opens a region of its own.

Each case runs in a process of its own, which reports its peak resident memory (the kernel's
high-water mark, ``VmHWM``) and its resident memory once the parser is built, before the text is made.
The figure that matters is MB of peak per MB of input: (peak - base) / input. It measures;
it asserts nothing (tests/test_limits.py holds the cells case to a ceiling).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from bench import repeat_rows

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
MB = 1024 * 1024


def _form() -> str:
    """The first TAB-separated corpus fixture whose record has table rows."""
    for path in sorted(CORPUS.rglob("edgar.ocr-tsv.txt")):
        text = path.read_text(encoding="utf-8")
        if repeat_rows(text, 2) is not None:
            return text
    raise SystemExit("no corpus fixture with table rows")


def cells_text(size: int) -> str:
    """The form, then ``size`` bytes of lines of ten short TAB-separated cells."""
    line = "\t".join(f"c{k}" for k in range(10)) + "\n"
    return _form() + "\n" + line * (size // len(line))


def table_text(size: int) -> str:
    """The form with its table rows written again and again to ``size`` bytes."""
    text = _form()
    block = len(repeat_rows(text, 2)) - len(text)
    return repeat_rows(text, 1 + max(0, size - len(text)) // block)


def titles_text(size: int) -> str:
    """``size`` bytes of "Form 4" lines: each a label of the form's name, a region of its own."""
    return "Form 4\n" * (size // len("Form 4\n"))


CASES = {"cells": (cells_text, 10), "table": (table_text, 10), "titles": (titles_text, 7)}


def _peak_mb() -> float:
    """This process's peak resident memory, MB: the kernel's high-water mark of its own memory
    (``VmHWM``), which starts afresh at exec; ``ru_maxrss``, where there is no /proc, carries
    over the peak of the process that forked it (a test runner of some hundreds of MB)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(case: str, megabytes: float) -> dict:
    """Parse the case's text in this process: its size, the outcome, the seconds, and the
    resident memory (MB) before the text was made and at the peak."""
    import time

    import form4_peg

    form4_peg.api.prepare()
    base = _peak_mb()
    make, _ = CASES[case]
    text = make(int(megabytes * MB))
    start = time.perf_counter()
    try:
        filing = form4_peg.parse(text)
        outcome = f"{len(filing.non_derivative_table)} Table I rows"
    except form4_peg.Form4Error as err:
        outcome = f"{type(err).__name__}: {err.msg}"
    seconds = time.perf_counter() - start
    peak = _peak_mb()
    return {"case": case, "input_mb": len(text.encode()) / MB, "seconds": seconds, "base_mb": base,
            "peak_mb": peak, "outcome": outcome}


def run(case: str, megabytes: float) -> dict:
    """``measure`` in a fresh process, so that each peak is the case's own."""
    done = subprocess.run([sys.executable, __file__, "--child", case, str(megabytes)], capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", default=",".join(CASES), help="comma-separated: " + ", ".join(CASES))
    parser.add_argument("--mb", type=float, help="input size in MB (default: each case's own)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child[0], float(args.child[1]))))
        return 0
    cases = args.case.split(",")
    unknown = [case for case in cases if case not in CASES]
    if unknown:
        parser.error(f"unknown case {unknown[0]!r}: choose from " + ", ".join(CASES))
    print(f"{'case':<8}{'input MB':>10}{'seconds':>9}{'base MB':>9}{'peak MB':>9}{'MB/MB':>7}  outcome")
    for case in cases:
        got = run(case, args.mb or CASES[case][1])
        per = (got["peak_mb"] - got["base_mb"]) / got["input_mb"]
        print(f"{case:<8}{got['input_mb']:>10.1f}{got['seconds']:>9.1f}{got['base_mb']:>9.0f}{got['peak_mb']:>9.0f}"
              f"{per:>7.1f}  {got['outcome']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
