"""Parse time of texts with a long run of one character planted in each region.

    python benchmarks/plant_runs.py [--size N] [--kinds K,K] [--limit S] [--top T] [FILES...]

A regex whose repeats can share characters (``\\s*,?\\s+``, ``(?:\\s*\\d+)*``, ``.*?\\s*``)
backtracks over a long run of those characters in time that grows with the square or the cube
of its length. Such runs are what a damaged or hostile text holds: a cell padded with 4,000
spaces, a dot leader of 4,000 dots. For each text (default: the seeds; the edgar layout,
markup, ocr-tsv and markdown texts of two corpus fixtures; the markup, markdown and html2text
texts of a 2002 stylesheet with a Reporting Owners summary) a run of ``--size`` characters
(default 4000) of each kind is planted at each place of ``places`` (a line's start, middle and
end at the lines of each region's labels and at table rows, footnotes and signatures), and
``form4_peg.parse`` is timed on it, stopped at ``--limit`` seconds (default 10). The slowest
``--top`` cases (default 15) are timed again at a quarter and a half of the size: a time that
grows 4x from a quarter of the size to all of it is linear, 16x quadratic, 64x cubic.

A tesseract TSV file (the ``ocr-boxes.tsv`` word boxes of two corpus filings, and one made of a
seed's words) is timed too, whole and cut to 33 KB, through ``parse_file_bytes``: it is not a
form's text, and should be refused at once.
It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DEV = ROOT.parent / "shared" / "corpus" / "dev"
sys.path.insert(0, str(ROOT / "tests"))

from runs import KINDS, places, planted, tesseract_tsv  # noqa: E402

import form4_peg  # noqa: E402
from form4_peg.api import parse_file_bytes  # noqa: E402

class _Late(BaseException):  # (not an Exception: the reader wraps those in its own error)
    pass


def _late(*_):
    raise _Late


def timed(call, limit: float) -> float:
    """Seconds ``call()`` took, or ``limit`` if it was stopped there (a regex match is stopped
    too: the regex engine checks for signals as it backtracks)."""
    signal.signal(signal.SIGALRM, _late)
    start = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        call()
    except (form4_peg.Form4Error, _Late):
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return min(time.perf_counter() - start, limit)


def _parse(text: str):
    return lambda: form4_peg.parse(text)


def default_files() -> list[Path]:
    files = sorted((FIXTURES / "seeds").glob("*.txt"))
    for filing in sorted((FIXTURES / "corpus").iterdir())[:2]:
        files += [filing / f"edgar.{variant}.txt" for variant in ("layout", "markup", "ocr-tsv", "markdown")]
        files += [filing / "sec2002.layout.txt"]
    # a filing whose 2002 stylesheet has a Reporting Owners summary (its owner cell)
    files += [FIXTURES / "corpus" / "4f539912b757" / f"sec2002.{variant}.txt" for variant in ("markup", "markdown", "html2text")]
    return [f for f in files if f.exists()]


def tsv_files() -> list[Path]:
    return sorted(DEV.glob("*/edgar.ocr-boxes.tsv"))[:2]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=4000)
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated: " + ", ".join(KINDS))
    parser.add_argument("--limit", type=float, default=10.0, help="seconds before a parse is stopped")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args(argv)
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        parser.error(f"unknown kind {unknown[0]!r}; kinds are {', '.join(KINDS)}")
    files = args.files or default_files()
    try:
        form4_peg.parse("warm up")  # the first parse builds the parser
    except form4_peg.Form4Error:
        pass

    cases: list[tuple[float, Path, str, str, int]] = []  # (seconds, file, kind, where, offset)
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        plain = timed(_parse(text), args.limit)
        worst = 0.0
        for kind in kinds:
            for where, at in places(text):
                seconds = timed(_parse(planted(text, kind, args.size, at)), args.limit)
                cases.append((seconds, path, kind, where, at))
                worst = max(worst, seconds)
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
              f"{plain:.3f} s plain, slowest with a run {worst:.3f} s", flush=True)

    cases.sort(key=lambda case: -case[0])
    print(f"\nslowest of {len(cases)} cases, runs of {args.size} (time at 1/4, 1/2 and all of the size):")
    for seconds, path, kind, where, at in cases[:args.top]:
        text = path.read_text(encoding="utf-8", errors="replace")
        times = [timed(_parse(planted(text, kind, size, at)), args.limit) for size in (args.size // 4, args.size // 2)]
        growth = seconds / times[0] if times[0] > 0.0005 else float("nan")
        print(f"  {times[0]:7.3f} {times[1]:7.3f} {seconds:7.3f} s  x{growth:5.1f}  {kind:13} {where:32} "
              f"{path.parent.name}/{path.name}")

    print("\ntesseract TSV word boxes, through parse_file_bytes:")
    boxes = [(f"{path.parent.name}/{path.name}", path.read_bytes()) for path in tsv_files()]
    boxes.append(("made of seed 001's words (tests/runs.py)",
                  tesseract_tsv((FIXTURES / "seeds" / "001_254ee79e6a7d0f4e.txt").read_text(encoding="utf-8")).encode()))
    for name, data in boxes:
        for label, cut in (("33 KB", data[:33_000]), ("whole", data)):
            seconds = timed(lambda: parse_file_bytes(cut), args.limit)
            print(f"  {seconds:7.3f} s  {label:6} ({len(cut)} bytes)  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
