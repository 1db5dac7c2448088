"""The scale benchmark on the dev corpus (../shared/corpus/dev beside this checkout): parse
time, batch throughput, growth with a table's rows and a batch worker's memory.

    python benchmarks/bench.py [--corpus DIR] [--only parse,batch,rows,memory] [--memory-docs 10000]

It prints:

1. parse: median and p95 milliseconds per document per variant, one process, text to records
   (benchmarks/bench_parse.py alone does this part);
2. batch: documents per second of ``form4 batch`` (``run_batch``) with 1 and 2 workers;
3. rows: how parse time grows with document size: each text with its table rows repeated 1x, 4x
   and 16x, as a ratio to 1x (median over the texts of each variant);
4. memory: the peak resident memory of a worker over a batch of ``--memory-docs`` documents
   (the dev corpus repeated), read from the kernel's account of the reaped workers.

It measures; it asserts nothing. Run it on an idle machine: another busy process skews it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import bench_parse

import form4_peg
from form4_peg.batch import run_batch

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus" / "dev"


def _texts(corpus: Path) -> list[Path]:
    return sorted(corpus.rglob("*.txt"))


def bench_batch(corpus: Path) -> None:
    files = [str(p) for p in _texts(corpus)]
    print(f"\n## batch: form4 batch over {len(files)} documents, JSON lines out")
    print(f"{'workers':>8}{'seconds':>10}{'docs/s':>10}{'failed':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for workers in (1, 2):
            summary = run_batch(files, Path(tmp) / f"out{workers}.jsonl", workers=workers)
            print(f"{workers:>8}{summary.seconds:>10.1f}{summary.per_second:>10.1f}{summary.failed:>8}")


def repeat_rows(text: str, times: int) -> str | None:
    """``text`` with the source lines of its table rows written ``times`` times over, in place.
    The lines come from the record's own spans, so nothing here knows a layout. None when the
    text has no rows to repeat."""
    try:
        filing = form4_peg.parse(text)
    except form4_peg.Form4Error:
        return None
    row_lines: set[int] = set()
    for row in (*filing.non_derivative_table, *filing.derivative_table):
        spans = [v.span for v in vars(row).values() if isinstance(v, form4_peg.Value) and v.span]
        if spans:
            row_lines.update(range(min(s.line for s in spans), max(s.end_line for s in spans) + 1))
    if not row_lines:
        return None
    lines = text.split("\n")
    block_end = max(row_lines)
    block = [lines[i - 1] for i in sorted(row_lines)]
    extra = block * (times - 1)
    return "\n".join(lines[:block_end] + extra + lines[block_end:])


def bench_rows(corpus: Path, per_variant: int = 8) -> None:
    print(f"\n## rows: parse time with the table rows repeated, as a ratio to 1x ({per_variant} texts a variant)")
    print(f"{'variant':<22}{'rows 1x':>9}{'rows 16x':>10}{'ms 1x':>8}{'4x':>8}{'16x':>8}")
    by_variant: dict[str, list[Path]] = defaultdict(list)
    for path in _texts(corpus):
        by_variant[bench_parse._variant(path)].append(path)
    for variant, paths in sorted(by_variant.items()):
        ratios: dict[int, list[float]] = defaultdict(list)
        base_ms: list[float] = []
        rows: list[int] = []
        rows16: list[int] = []
        for path in paths[:: max(1, len(paths) // per_variant)][:per_variant]:
            text = form4_peg.decode(path.read_bytes())
            timings = {}
            for times in (1, 4, 16):
                grown = repeat_rows(text, times)
                if grown is None:
                    break
                timings[times] = best_of(grown, 3)
            if len(timings) == 3:
                base_ms.append(timings[1])
                rows.append(_rows(text))
                rows16.append(_rows(repeat_rows(text, 16)))
                for times in (4, 16):
                    ratios[times].append(timings[times] / timings[1])
        if base_ms:
            print(f"{variant:<22}{statistics.median(rows):>9.0f}{statistics.median(rows16):>10.0f}"
                  f"{statistics.median(base_ms):>8.1f}"
                  f"{statistics.median(ratios[4]):>8.2f}{statistics.median(ratios[16]):>8.2f}")


def _rows(text: str) -> int:
    filing = form4_peg.parse(text)
    return len(filing.non_derivative_table) + len(filing.derivative_table)


def best_of(text: str, runs: int) -> float:
    """The fastest of ``runs`` parses of ``text``, in milliseconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        try:
            form4_peg.parse(text)
        except form4_peg.Form4Error:
            pass
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def bench_memory(corpus: Path, documents: int, workers: int = 2) -> None:
    print(f"\n## memory: peak resident memory of a worker, {documents} documents, {workers} workers")
    # A child process runs the batch, so the kernel's peak for its reaped workers is this batch's alone.
    code = (
        "import json, resource, sys; from pathlib import Path; from form4_peg.batch import run_batch\n"
        "files = json.loads(Path(sys.argv[1]).read_text()); out = Path(sys.argv[2])\n"
        f"s = run_batch(files, out, workers={workers})\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps({'docs': s.documents, 'seconds': s.seconds, 'failed': s.failed, 'worker_mb': peak, 'parent_mb': own}))\n"
    )
    files = [str(p) for p in _texts(corpus)]
    files = (files * (documents // len(files) + 1))[:documents]
    with tempfile.TemporaryDirectory() as tmp:
        list_file = Path(tmp) / "files.json"
        list_file.write_text(json.dumps(files))
        result = subprocess.run([sys.executable, "-c", code, str(list_file), str(Path(tmp) / "out.jsonl")],
                                capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"documents {figures['docs']} in {figures['seconds']:.1f} s ({figures['docs'] / figures['seconds']:.0f}/s), "
          f"failed {figures['failed']}")
    print(f"peak worker RSS {figures['worker_mb']:.0f} MB; the writing parent {figures['parent_mb']:.0f} MB")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEV)
    parser.add_argument("--only", default="parse,batch,rows,memory")
    parser.add_argument("--memory-docs", type=int, default=10_000)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    parts = set(args.only.split(","))
    print(f"# form4_peg {form4_peg.__version__} on {args.corpus}")
    if "parse" in parts:
        print("\n## parse: one process, text to records")
        bench_parse.main([str(args.corpus)])
    if "batch" in parts:
        bench_batch(args.corpus)
    if "rows" in parts:
        bench_rows(args.corpus)
    if "memory" in parts:
        bench_memory(args.corpus, args.memory_docs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
