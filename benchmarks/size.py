"""Parse time against input size: milliseconds per KB at about 1 KB, 100 KB and 10 MB.

    python benchmarks/size.py

Two ways a text grows: more table rows (a corpus fixture's table rows written again and again,
as bench.py's row benchmark does) and more prose (a long exhibit after the form). The 1 KB
text is the form's first KB. Linear time shows as a flat ms/KB down each column. It measures;
it asserts nothing.
"""

from __future__ import annotations

from pathlib import Path

from bench import best_of, repeat_rows

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = ("The undersigned hereby constitutes and appoints each of the officers named below, signing "
             "singly, the undersigned's true and lawful attorney-in-fact to execute and deliver forms.\n")


def _form() -> str:
    """The first tab-separated corpus fixture whose record has table rows."""
    for path in sorted((ROOT / "tests" / "fixtures" / "corpus").rglob("edgar.ocr-tsv.txt")):
        text = path.read_text(encoding="utf-8")
        if repeat_rows(text, 2) is not None:
            return text
    raise SystemExit("no corpus fixture with table rows")


def _grown_rows(text: str, size: int) -> str:
    block = len(repeat_rows(text, 2)) - len(text)
    return repeat_rows(text, 1 + max(0, size - len(text)) // block)


def _grown_prose(text: str, size: int) -> str:
    return text + "\nEXHIBIT 99\n" + PARAGRAPH * max(0, (size - len(text)) // len(PARAGRAPH))


def _row(label: str, text: str) -> None:
    kb = len(text.encode()) / 1024
    ms = best_of(text, 5 if kb < 200 else 1)
    print(f"{label:<28}{kb:>10.1f}{ms:>12.1f}{ms / kb:>9.2f}")


def main() -> int:
    text = _form()
    print(f"{'input':<28}{'KB':>10}{'ms':>12}{'ms/KB':>9}")
    _row("the form, first 1 KB", text[:1024])
    for label, grow in (("table rows", _grown_rows), ("exhibit prose", _grown_prose)):
        for size, name in ((100 * 1024, "100 KB"), (10 * 1024 * 1024, "10 MB")):
            _row(f"{label} to {name}", grow(text, size))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
