"""Parse speed against another checkout, both in one process: the way to measure a change on a
machine whose speed drifts.

    python benchmarks/ab_parse.py OTHER_CHECKOUT [--repeat N] [FILES_OR_DIRS...]

OTHER_CHECKOUT is a checkout of form4_peg (a git worktree of the commit to compare against:
``git worktree add /tmp/base <commit>``). Its ``form4_peg`` package is copied to a temporary
folder and imported as ``form4_base``, beside this checkout's ``form4_peg``. Each document is
parsed by both, in turn and in alternating order, N times each (default 5), and the best time
of each is kept: a slow spell of the machine slows both alike, and the best of N sets aside
the pauses. Prints per variant the median and p95 of the per-document best for each, and
their ratio (this checkout over the other). Files default to the dev corpus beside this
checkout (../shared/corpus/dev), as bench_parse.py's do. It measures; it asserts nothing.
"""

from __future__ import annotations

import importlib
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_parse import _files, _variant  # noqa: E402

USAGE = "usage: python benchmarks/ab_parse.py OTHER_CHECKOUT [--repeat N] [FILES_OR_DIRS...]"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _load(other: Path, folder: Path):
    """The other checkout's package, imported as ``form4_base``, reading the other checkout's
    grammar (copied beside it: the package reads ``../grammar`` when it is not installed)."""
    shutil.copytree(other / "form4_peg", folder / "form4_base")
    shutil.copytree(other / "grammar", folder / "grammar")
    sys.path.insert(0, str(folder))
    package = importlib.import_module("form4_base")
    package._grammar.GRAMMAR_PACKAGE = "form4_base._no_installed_grammar"  # read from the copy
    return package


def compare(other: Path, files: list[Path], repeat: int) -> int:
    sys.path.insert(0, str(ROOT))
    import form4_peg

    with tempfile.TemporaryDirectory() as folder:
        base = _load(other, Path(folder))
        form4_peg.api.prepare()
        base.api.prepare()
        times: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
        for path in files:
            text = form4_peg.decode(path.read_bytes())
            best = [float("inf"), float("inf")]
            for round_ in range(repeat):
                order = ((0, base), (1, form4_peg)) if round_ % 2 == 0 else ((1, form4_peg), (0, base))
                for which, package in order:
                    start = time.perf_counter()
                    try:
                        package.parse(text)
                    except package.Form4Error:
                        pass
                    best[which] = min(best[which], time.perf_counter() - start)
            times[_variant(path)][0].append(best[0] * 1000)
            times[_variant(path)][1].append(best[1] * 1000)
    print(f"other: {other}   this: {ROOT}   per-document best of {repeat}, ms")
    print(f"{'variant':<18}{'docs':>6}{'other':>9}{'this':>8}{'ratio':>7}{'p95 other':>11}{'this':>8}{'ratio':>7}")
    for variant, (a, b) in sorted(times.items()):
        median_a, median_b = statistics.median(a), statistics.median(b)
        print(f"{variant:<18}{len(a):>6}{median_a:>9.2f}{median_b:>8.2f}{median_b / median_a:>7.3f}"
              f"{_p95(a):>11.2f}{_p95(b):>8.2f}{_p95(b) / _p95(a):>7.3f}")
    return 0


def arguments(argv: list[str], script: str, usage: str, doc: str, option: str,
              default: int) -> tuple[Path, list[str], int] | int:
    """(other checkout, files, the whole number given to ``option``) from an A/B script's
    command line, or the exit code once help or an error is printed."""
    if not argv or argv[0] in ("-h", "--help"):
        print(doc if argv else usage, file=sys.stdout if argv else sys.stderr)
        return 0 if argv else 2
    other, rest, number = Path(argv[0]), argv[1:], default
    if rest[:1] == [option]:
        if len(rest) < 2 or not rest[1].isdigit() or int(rest[1]) < 1:
            print(f"{script}: {option} takes a whole number of 1 or more\n{usage}", file=sys.stderr)
            return 2
        number, rest = int(rest[1]), rest[2:]
    if not (other / "form4_peg" / "__init__.py").is_file():
        print(f"{script}: {other} is not a checkout of form4_peg (no form4_peg/__init__.py)\n{usage}",
              file=sys.stderr)
        return 2
    unknown = [arg for arg in rest if arg.startswith("-")]
    missing = [arg for arg in rest if not arg.startswith("-") and not Path(arg).exists()]
    if unknown or missing:
        what = f"unknown option {unknown[0]}" if unknown else f"no such file or folder: {missing[0]}"
        print(f"{script}: {what}\n{usage}", file=sys.stderr)
        return 2
    return other, rest, number


def main(argv: list[str]) -> int:
    read = arguments(argv, "ab_parse.py", USAGE, __doc__, "--repeat", 5)
    if isinstance(read, int):
        return read
    other, rest, repeat = read
    return compare(other, _files(rest), repeat)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
