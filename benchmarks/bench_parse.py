"""Parse speed, one process: milliseconds per document, text to records.

    python benchmarks/bench_parse.py [FILES_OR_DIRS...]

With no arguments it times the bundled seeds and, when it sits beside this checkout, the dev
corpus (../shared/corpus/dev). Prints median and p95 per layout, and documents that failed.
It measures; it asserts nothing.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import form4_peg

ROOT = Path(__file__).resolve().parent.parent


def _files(args: list[str]) -> list[Path]:
    if not args:
        args = [str(ROOT / "tests" / "fixtures" / "seeds")]
        corpus = ROOT.parent / "shared" / "corpus" / "dev"
        if corpus.is_dir():
            args.append(str(corpus))
    files: list[Path] = []
    for arg in args:
        path = Path(arg)
        files.extend(sorted(path.rglob("*.txt")) if path.is_dir() else [path])
    return files


def _variant(path: Path) -> str:
    parts = path.name.split(".")
    return ".".join(parts[-3:-1]) if len(parts) >= 3 else "seed"


def main(argv: list[str]) -> int:
    files = _files(argv)
    timings: dict[str, list[float]] = defaultdict(list)
    failures: list[str] = []
    for path in files:
        text = form4_peg.decode(path.read_bytes())
        start = time.perf_counter()
        try:
            form4_peg.parse(text)
        except form4_peg.Form4Error as err:
            failures.append(f"{path}: {err.msg}")
        timings[_variant(path)].append((time.perf_counter() - start) * 1000)
    print(f"{'variant':<22}{'docs':>6}{'median ms':>12}{'p95 ms':>10}")
    for variant, ms in sorted(timings.items()):
        ms.sort()
        p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
        print(f"{variant:<22}{len(ms):>6}{statistics.median(ms):>12.2f}{p95:>10.2f}")
    print(f"documents: {len(files)}, failed: {len(failures)}")
    for line in failures[:20]:
        print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
