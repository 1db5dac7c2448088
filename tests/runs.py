"""Long runs of one character planted in each region of a form's text, and tesseract word boxes.

A regex whose repeats can share characters (``\\s*,?\\s+``, ``(?:\\s*\\d+)*``, ``.*?\\s*``)
backtracks over a long run of them in time that grows with the square or the cube of its
length; a damaged or hostile text holds such runs (a cell padded with 4,000 spaces, a dot
leader of 4,000 dots). Shared by tests/test_runs.py and benchmarks/plant_runs.py.
"""

from __future__ import annotations

import re

KINDS = {
    "space": " ",
    "tab": "\t",
    "nbsp": "\u00a0",
    "dot": ".",
    "dot-space": ". ",
    "leader": "._ ",
    "dash": "-",
    "box-rule": "─┼",  # a text browser's table frame
    "space-newline": "  \n",
}

# Lines where each region's text stands, found by a word of their label or by their values.
_REGION_LINES = {
    "owner": re.compile(r"Name and Address|\(Street\)|\(City\)|\(Last\)", re.I),
    "issuer": re.compile(r"Issuer Name|Ticker", re.I),
    "period": re.compile(r"Date of Earliest|Date of Event|If Amendment", re.I),
    "relationship": re.compile(r"Relationship|Director|10% Owner|Officer", re.I),
    "filing": re.compile(r"Individual or Joint|Form filed by", re.I),
    "table title": re.compile(r"Table I|Derivative Securities", re.I),
    "column labels": re.compile(r"Title of|Instr\.|Transaction Code|\(A\) or \(D\)", re.I),
    "table row": re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}|\b\d{1,3}(?:,\d{3})+\b"),
    "owners summary": re.compile(r"Reporting Owners|Reporting Owner Name|Relationships", re.I),
    "footnote": re.compile(r"^\s*(?:\(\d{1,2}\)|\d{1,2}\.)\s+\S|Explanation of Resp", re.I),
    "remarks": re.compile(r"Remarks", re.I),
    "signature": re.compile(r"/s/|Signature|\*\* Signature", re.I),
    "notice": re.compile(r"Reminder|Intentional misstatements|Persons who respond", re.I),
}


def places(text: str, per_region: int = 2) -> list[tuple[str, int]]:
    """(where, offset) of each place a run is planted: the text's start and end; at the first
    ``per_region`` lines of each region (and the lines after an owners summary's title, where
    its cells stand), the line's start, just after its first word, after its label, its middle
    and its end."""
    found: list[tuple[str, int]] = [("text start", 0), ("text end", len(text))]
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    lines = text.split("\n")
    for region, pattern in _REGION_LINES.items():
        hits = [i for i, line in enumerate(lines) if pattern.search(line)][:per_region]
        if region == "owners summary" and hits:
            hits += [i for i in range(hits[0] + 1, min(hits[0] + 12, len(lines))) if lines[i].strip()][:6]
        for i in hits:
            line, start = lines[i], starts[i]
            indent = len(line) - len(line.lstrip())
            word = re.search(r"\S+", line)
            label = pattern.search(line)
            for where, at in (("line start", 0), ("indent", indent), ("after word", word.end() if word else 0),
                              ("after label", label.end() if label else 0), ("middle", len(line) // 2),
                              ("line end", len(line))):
                found.append((f"{region}: {where}", start + at))
    seen: set[int] = set()
    return [(where, at) for where, at in found if not (at in seen or seen.add(at))]


def planted(text: str, kind: str, size: int, at: int) -> str:
    """``text`` with a run of ``size`` characters of ``kind`` put in at offset ``at``."""
    unit = KINDS[kind]
    return text[:at] + (unit * (size // len(unit) + 1))[:size] + text[at:]


def tesseract_tsv(text: str) -> str:
    """The words of ``text`` as ``tesseract ... tsv`` writes them: a header, then a row of twelve
    TAB-separated columns for each page, block, paragraph, line (conf -1, no text) and word
    (level page_num block_num par_num line_num word_num left top width height conf text)."""
    rows = ["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
            "1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t"]
    lines = [line.split() for line in text.splitlines() if line.strip()]
    for number, words in enumerate(lines, start=1):
        block, top = number // 8 + 1, 100 + 32 * number
        rows.append(f"4\t1\t{block}\t1\t{number}\t0\t137\t{top}\t2275\t32\t-1\t")
        left = 137
        for index, word in enumerate(words, start=1):
            width = 18 * len(word)
            confidence = 90 + (7 * number + index) % 10 + ((13 * index) % 997) / 1000
            rows.append(f"5\t1\t{block}\t1\t{number}\t{index}\t{left}\t{top}\t{width}\t32\t{confidence:.6f}\t{word}")
            left += width + 22
    return "\n".join(rows) + "\n"
