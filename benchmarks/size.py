"""Parse time against input size: milliseconds per KB at about 1 KB, 100 KB and 10 MB.

    python benchmarks/size.py

Two ways a text grows: more table rows (a Table I row of a corpus fixture written again and
again) and more prose (a long exhibit after the form). The 1 KB text is the form's first KB.
Linear time shows as a flat ms/KB down each column. It measures; it asserts nothing.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_limits import _one_row_text  # noqa: E402

import form4_peg  # noqa: E402

PARAGRAPH = ("The undersigned hereby constitutes and appoints each of the officers named below, signing "
             "singly, the undersigned's true and lawful attorney-in-fact to execute and deliver forms.\n")


def _grown_rows(text: str, line: int, size: int) -> str:
    lines = text.split("\n")
    row = lines[line - 1]
    extra = max(0, (size - len(text)) // (len(row) + 1))
    return "\n".join(lines[:line] + [row] * extra + lines[line:])


def _grown_prose(text: str, size: int) -> str:
    return text + "\nEXHIBIT 99\n" + PARAGRAPH * max(0, (size - len(text)) // len(PARAGRAPH))


def _time(text: str) -> float:
    runs = 5 if len(text) < 200_000 else 1
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        try:
            form4_peg.parse(text)
        except form4_peg.Form4Error:
            pass
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> int:
    text, line = _one_row_text()
    print(f"{'input':<28}{'KB':>10}{'ms':>12}{'ms/KB':>9}")
    small = text[:1024]
    print(f"{'the form, first 1 KB':<28}{len(small) / 1024:>10.1f}{_time(small):>12.1f}{_time(small) / (len(small) / 1024):>9.2f}")
    for label, grow in (("table rows", lambda n: _grown_rows(text, line, n)), ("exhibit prose", lambda n: _grown_prose(text, n))):
        for size in (100 * 1024, 10 * 1024 * 1024):
            grown = grow(size)
            kb = len(grown.encode()) / 1024
            ms = _time(grown)
            print(f"{label + ' to ' + ('100 KB' if size < 10**6 else '10 MB'):<28}{kb:>10.0f}{ms:>12.0f}{ms / kb:>9.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
