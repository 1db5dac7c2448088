"""Hypothesis strategies that damage a form's text the ways converters and OCR do.

Shared by the property tests (tests/test_properties.py) and the long fuzz run
(benchmarks/fuzz.py). Each strategy draws a real text (a seed or a corpus fixture) and applies
one to eight mutations: characters deleted, inserted and substituted (OCR confusions among
them), lines dropped, duplicated and swapped, cells split and merged, the text truncated, and
random bytes put in.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"

# What OCR and converters confuse: digits and letters, punctuation, spaces and cell breaks.
OCR_CONFUSIONS = {
    "0": "O", "O": "0", "1": "l", "l": "1", "I": "1", "5": "S", "S": "5", "8": "B", "B": "8",
    "2": "Z", "6": "b", "9": "g", ",": ".", ".": ",", "(": "[", ")": "]", "$": "S", "/": "l",
    " ": "", "\t": " ", "-": "~", "%": "9", "*": "", ":": ";",
}
# Characters worth inserting: cell and line breaks, markup, marks, control and rare characters.
INSERTABLE = st.sampled_from(
    list("\t\n\r|*#$()[]/\\-,.:0123456789AXDIMS ")
    + ["\x00", "\x0b", "\x0c", "\u00a0", "\u2612", "\u2610", "\ufeff", "\u2014", "\u00b9", "\ud7ff", "<b>", "**"]
)


def texts(limit: int | None = None) -> list[str]:
    """The seeds and the corpus fixtures, as text."""
    paths = sorted((FIXTURES / "seeds").glob("*.txt")) + sorted((FIXTURES / "corpus").rglob("*.txt"))
    if limit is not None:
        paths = paths[:: max(1, len(paths) // limit)]
    return [p.read_text(encoding="utf-8") for p in paths]


@st.composite
def _mutate_once(draw, text: str) -> str:
    kind = draw(st.sampled_from(
        ["delete", "insert", "ocr", "drop_line", "dup_line", "swap_lines", "split_cell", "merge_cells",
         "truncate", "bytes"]))
    if not text:
        return draw(st.text(max_size=50))
    at = draw(st.integers(0, len(text)))
    if kind == "delete":
        return text[:at] + text[at + draw(st.integers(1, 40)):]
    if kind == "insert":
        return text[:at] + "".join(draw(st.lists(INSERTABLE, min_size=1, max_size=8))) + text[at:]
    if kind == "ocr":
        chars = list(text)
        for _ in range(draw(st.integers(1, 30))):
            i = draw(st.integers(0, len(chars) - 1))
            chars[i] = OCR_CONFUSIONS.get(chars[i], chars[i])
        return "".join(chars)
    if kind == "truncate":
        return text[:at]
    if kind == "bytes":
        junk = draw(st.binary(min_size=1, max_size=64)).decode("cp1252", errors="replace")
        return text[:at] + junk + text[at:]
    lines = text.split("\n")
    i = draw(st.integers(0, len(lines) - 1))
    j = draw(st.integers(0, len(lines) - 1))
    if kind == "drop_line":
        del lines[i]
    elif kind == "dup_line":
        lines.insert(j, lines[i])
    elif kind == "swap_lines":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "split_cell":
        line = lines[i]
        k = draw(st.integers(0, len(line)))
        lines[i] = line[:k] + draw(st.sampled_from(["\t", "  ", " | ", "\t\t"])) + line[k:]
    elif kind == "merge_cells":
        lines[i] = lines[i].replace("\t", " ").replace(" | ", " ").replace("  ", " ")
    return "\n".join(lines)


@st.composite
def damaged(draw, sources: list[str]) -> str:
    """A real text with one to eight mutations."""
    text = draw(st.sampled_from(sources))
    for _ in range(draw(st.integers(1, 8))):
        text = draw(_mutate_once(text))
    return text
