"""A long fuzz run: damaged texts of real filings into ``form4_peg.parse``, for as long as asked.

    python benchmarks/fuzz.py --minutes 30 [--out fuzz-findings]

Each input is a seed or corpus-fixture text with one to eight mutations (tests/mutations.py:
characters deleted, inserted and substituted, OCR confusions, lines dropped, duplicated and
swapped, cells split and merged, truncation, random bytes). The property is the suite's:
``parse`` returns a record or raises a ``Form4Error``, and nothing else; ``normalize`` keeps
the line count. Hypothesis shrinks each failure to a small input, which is written to
``--out`` to become a regression test.

It prints the inputs tried, the failures found (one per distinct place in the code), and the
slowest inputs in milliseconds per KB. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from mutations import damaged, texts  # noqa: E402

import form4_peg  # noqa: E402


class Run:
    def __init__(self) -> None:
        self.tried = 0
        self.slowest: list[tuple[float, int, str]] = []  # (ms per KB, bytes, input)
        self.failures: dict[str, tuple[str, str]] = {}  # where -> (error, input)
        self.not_idempotent = 0

    def check(self, text: str) -> None:
        self.tried += 1
        start = time.perf_counter()
        try:
            form4_peg.parse(text)
        except form4_peg.Form4Error:
            pass
        elapsed = (time.perf_counter() - start) * 1000
        size = max(len(text.encode("utf-8", "surrogatepass")), 1)
        if size >= 512:
            self.slowest.append((elapsed / (size / 1024), size, text))
            self.slowest = sorted(self.slowest, reverse=True)[:5]
        normalized = form4_peg.normalize(text)
        assert len(normalized.lines) == len(normalized.raw_lines), "normalize changed the line count"
        if form4_peg.normalize(normalized.text).text != normalized.text:
            self.not_idempotent += 1


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    parser.add_argument("--examples", type=int, default=300, help="examples per hypothesis round")
    args = parser.parse_args(argv)
    sources = texts()
    run = Run()

    @settings(max_examples=args.examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(damaged(sources))
    def property_holds(text: str) -> None:
        run.check(text)

    end = time.monotonic() + args.minutes * 60
    rounds = 0
    while time.monotonic() < end:
        rounds += 1
        try:
            property_holds()
        except Exception as err:  # hypothesis re-raises the shrunk failure
            frames = traceback.extract_tb(err.__traceback__)
            where = next((f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames)
                          if "form4_peg" in f.filename), f"{type(err).__name__}")
            example = getattr(err, "__notes__", [""])
            if where not in run.failures:
                run.failures[where] = (f"{type(err).__name__}: {err}", "\n".join(example))
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / f"failure-{len(run.failures)}.txt").write_text(
                    f"{where}\n{type(err).__name__}: {err}\n\n" + "\n".join(example), encoding="utf-8")
        print(f"round {rounds}: {run.tried} inputs, {len(run.failures)} failures", flush=True)

    print(f"\ninputs tried: {run.tried} in {args.minutes:g} minutes")
    print(f"failures found: {len(run.failures)}")
    for where, (error, _) in run.failures.items():
        print(f"  {where}: {error.splitlines()[0][:160]}")
    print(f"normalize not idempotent: {run.not_idempotent} inputs")
    print("slowest inputs (ms per KB, size):")
    for ms_per_kb, size, _ in run.slowest:
        print(f"  {ms_per_kb:8.2f} ms/KB  {size / 1024:8.1f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
