"""Single-pass parse speed against another checkout, in separate processes, turn about.

    python benchmarks/ab_runs.py OTHER_CHECKOUT [--runs N] [FILES_OR_DIRS...]

Runs ``benchmarks/bench_parse.py`` (each document parsed once, as a batch does) N times
(default 3) for each checkout, alternating, each run a fresh process that imports that
checkout's ``form4_peg``. Prints per variant the median over the runs of each checkout's
median and p95, and their ratio (this checkout over the other).

``ab_parse.py`` loads both packages in one process and keeps each document's best of several
parses, which sets aside a slow spell of the machine, but also whatever a process does between
and during parses: the garbage collector's passes, which fall on some documents of a single
pass and not on their repeats, and a cache's first fill. A change to those is measured here;
runs alternate so that a slow spell tends to slow both, and more runs make that likelier.
OTHER_CHECKOUT is a checkout of form4_peg (``git worktree add /tmp/base <commit>``). Files
default to those bench_parse.py times. It measures; it asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ab_parse import arguments  # noqa: E402

USAGE = "usage: python benchmarks/ab_runs.py OTHER_CHECKOUT [--runs N] [FILES_OR_DIRS...]"


def _run(checkout: Path, files: list[str]) -> dict[str, tuple[float, float]]:
    """One run of bench_parse.py (this checkout's script) importing ``checkout``'s package:
    variant -> (median ms, p95 ms)."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_parse.py"), *files],
                         env=env, capture_output=True, text=True, check=True).stdout
    loaded = (checkout / "form4_peg").resolve()
    if f"from {loaded}" not in out:  # another copy of the package was imported
        raise SystemExit(f"ab_runs.py: the run for {checkout} did not import {loaded}:\n{out[:400]}")
    figures = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[1].isdigit():
            figures[parts[0]] = (float(parts[2]), float(parts[3]))
    return figures


def compare(other: Path, runs: int, files: list[str]) -> int:
    this_runs: list[dict[str, tuple[float, float]]] = []
    other_runs: list[dict[str, tuple[float, float]]] = []
    for k in range(runs):
        order = ((other, other_runs), (ROOT, this_runs)) if k % 2 == 0 else ((ROOT, this_runs), (other, other_runs))
        for checkout, into in order:
            into.append(_run(checkout, files))
        print(f"run {k + 1} of {runs} done", file=sys.stderr)
    print(f"other: {other}   this: {ROOT}   single pass, median over {runs} runs of each, ms")
    print(f"{'variant':<20}{'other':>8}{'this':>8}{'ratio':>7}{'p95 other':>11}{'this':>8}{'ratio':>7}")
    for variant in sorted(this_runs[0]):
        mine = [r[variant] for r in this_runs if variant in r]
        theirs = [r[variant] for r in other_runs if variant in r]
        if not theirs:
            continue
        m_this, m_other = statistics.median(x[0] for x in mine), statistics.median(x[0] for x in theirs)
        p_this, p_other = statistics.median(x[1] for x in mine), statistics.median(x[1] for x in theirs)
        print(f"{variant:<20}{m_other:>8.2f}{m_this:>8.2f}{m_this / m_other:>7.3f}"
              f"{p_other:>11.2f}{p_this:>8.2f}{p_this / p_other:>7.3f}")
    return 0


def main(argv: list[str]) -> int:
    read = arguments(argv, "ab_runs.py", USAGE, __doc__, "--runs", 3)
    if isinstance(read, int):
        return read
    other, rest, runs = read
    return compare(other.resolve(), runs, [str(Path(arg).resolve()) for arg in rest])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
