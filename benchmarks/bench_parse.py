"""Parse speed, one process: milliseconds per document, text to records.

    python benchmarks/bench_parse.py [--stages] [FILES_OR_DIRS...]

With no arguments it times the bundled seeds and, when it sits beside this checkout, the dev
corpus (../shared/corpus/dev). Prints median and p95 per layout, and documents that failed.
With --stages it prints instead the median of each stage of the parse per layout: layout
detection, normalisation, the lark parse (regions), and reading the records. It measures; it
asserts nothing.
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


def stages(files: list[Path]) -> int:
    """Median milliseconds of each stage of ``form4_peg.parse``, per layout (text inputs)."""
    from form4_peg.api import _fused_regions
    from form4_peg.layout import GAP_LAYOUTS, OCR_LAYOUTS, SPACED_LAYOUTS, detect_layout, detect_stylesheet
    from form4_peg.regions import Document
    from form4_peg.transformer import build_filing

    form4_peg.api.prepare()
    names = ("detect", "normalize", "lark", "records")
    timings: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for path in files:
        text = form4_peg.decode(path.read_bytes())
        marks = [time.perf_counter()]
        layout = detect_layout(text)
        marks.append(time.perf_counter())
        normalized = form4_peg.normalize(text, gaps=layout in GAP_LAYOUTS, bars=layout in OCR_LAYOUTS)
        marks.append(time.perf_counter())
        found = _fused_regions(normalized)
        marks.append(time.perf_counter())
        doc = Document(normalized, stylesheet=detect_stylesheet(text), aligned=layout in GAP_LAYOUTS,
                       spaced=layout in SPACED_LAYOUTS, layout=layout)
        build_filing(found, doc, layout)
        marks.append(time.perf_counter())
        for name, start, end in zip(names, marks, marks[1:], strict=False):
            timings[_variant(path)][name].append((end - start) * 1000)
    print(f"{'variant':<22}{'docs':>6}" + "".join(f"{name:>11}" for name in names) + "   (median ms)")
    for variant, by_stage in sorted(timings.items()):
        medians = [statistics.median(by_stage[name]) for name in names]
        print(f"{variant:<22}{len(by_stage['lark']):>6}" + "".join(f"{m:>11.2f}" for m in medians))
    return 0


def main(argv: list[str]) -> int:
    if "-h" in argv or "--help" in argv:
        print(__doc__.strip())
        return 0
    unknown = [a for a in argv if a.startswith("-") and a != "--stages"]
    if unknown:
        print(f"bench_parse.py: unknown option {unknown[0]!r} (see --help)", file=sys.stderr)
        return 2
    missing = [a for a in argv if not a.startswith("-") and not Path(a).exists()]
    if missing:
        print(f"bench_parse.py: no such file or folder: {missing[0]}", file=sys.stderr)
        return 2
    if "--stages" in argv:
        return stages(_files([a for a in argv if a != "--stages"]))
    files = _files(argv)
    start = time.perf_counter()
    form4_peg.api.prepare()  # once a process: not a document's time
    print(f"parser loaded in {(time.perf_counter() - start) * 1000:.0f} ms (once a process), "
          f"from {Path(form4_peg.__file__).resolve().parent}")
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
