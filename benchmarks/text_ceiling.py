"""How much of the truth a text still holds: an upper bound on any parser's F1 for it.

    python benchmarks/text_ceiling.py [CORPUS] [--variants edgar.ocr,sec2002.ocr] [--show FIELD]

For every fact that ``form4 eval`` scores, it asks whether the fact's value can be found in the
text at all, generously:

- a number, after the OCR repairs the parser makes inside numbers (O -> 0, l/I/| -> 1), as any
  number in the text with separators dropped;
- a date, in any of the printed forms (03/05/2020, 3/5/2020, 3/5/20);
- a text value, as a run of the text with whitespace dropped, or else as a bag of words that all
  occur somewhere in the text (in any order, so a wrapped cell still counts; a word broken at
  a line end counts as its two halves); markup entities are decoded first;
- ticks and footnote references count as present: the bound says nothing about them.

A fact absent by this test cannot be scored true by a parser that does not guess, so
F1 <= 2R / (1 + R) with R the share present. The bound is loose: a value whose words are all
in the text may still be beyond any reading of it. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import html
import re
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

from form4_peg.evaluate import (FILING_FIELDS, ISSUER_FIELDS, OWNER_FIELDS, ROW_FIELDS, _facts,
                                corpus_documents, norm)
from form4_peg.ownership_xml import parse_xml

ROOT = Path(__file__).resolve().parent.parent
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")
_OCR_DIGIT = re.compile(r"(?<=\d)[Oo](?=[\d,.])|(?<=[\d,.])[Oo]|(?<=\d)[lI|](?=\d)")
_ISO = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_WORD = re.compile(r"\w+")


class _Text:
    def __init__(self, text: str) -> None:
        text = html.unescape(text)
        self.text = text
        self.squeezed = re.sub(r"\s+", "", text).casefold()
        self.words = set(_WORD.findall(text.casefold()))
        repaired = _OCR_DIGIT.sub(lambda m: "0" if m.group() in "Oo" else "1", text)
        self.numbers = set()
        for match in _NUMBER.finditer(repaired):
            try:
                self.numbers.add(format(Decimal(match.group().replace(",", "")).normalize(), "f"))
            except InvalidOperation:
                pass

    def holds(self, value: object) -> bool:
        if not isinstance(value, str):
            return True  # ticks and footnote references: not judged here
        iso = _ISO.fullmatch(value)
        if iso:
            y, m, d = iso.groups()
            forms = (f"{m}/{d}/{y}", f"{int(m)}/{int(d)}/{y}", f"{m}/{d}/{y[2:]}", f"{int(m)}/{int(d)}/{y[2:]}", value)
            return any(form in self.text for form in forms)
        if _PLAIN_NUMBER.fullmatch(value):
            return value.lstrip("-") in self.numbers
        return re.sub(r"\s+", "", value) in self.squeezed or all(w in self.words for w in _WORD.findall(value))


def _truth_facts(truth) -> list[tuple[str, dict]]:
    facts = [("", _facts(truth, FILING_FIELDS)), ("issuer.", _facts(truth.issuer, ISSUER_FIELDS))]
    facts += [("owner.", _facts(o, OWNER_FIELDS)) for o in truth.reporting_owners]
    facts += [("table_i.", _facts(r, ROW_FIELDS)) for r in truth.non_derivative_table]
    facts += [("table_ii.", _facts(r, ROW_FIELDS)) for r in truth.derivative_table]
    facts += [("footnote.", {"text": norm(n.text)}) for n in truth.footnotes]
    facts += [("signature.", _facts(s, ("signature_name", "signature_date"))) for s in truth.owner_signatures]
    facts.append(("", {"remarks": norm(truth.remarks.value)}))
    return facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "dev"))
    parser.add_argument("--variants", default=None, help="comma-separated variants (default: all)")
    parser.add_argument("--show", default=None, help="print the absent values of this field")
    args = parser.parse_args()
    total: Counter = Counter()
    absent: Counter = Counter()
    by_field: dict[str, Counter] = defaultdict(Counter)
    shown: list[str] = []
    truths: dict[Path, list] = {}
    variants = args.variants.split(",") if args.variants else None
    for filing_id, variant, path, truth_path in corpus_documents(Path(args.corpus), variants):
        if truth_path not in truths:
            truths[truth_path] = _truth_facts(parse_xml(truth_path.read_bytes()))
        text = _Text(path.read_text(encoding="utf-8", errors="replace"))
        for prefix, facts in truths[truth_path]:
            for key, value in facts.items():
                weight = len(value) if isinstance(value, frozenset) else int(value is not None)
                total[variant] += weight
                if weight and not text.holds(value):
                    absent[variant] += 1
                    by_field[variant][prefix + key] += 1
                    if args.show == prefix + key:
                        shown.append(f"{variant} {filing_id}: {str(value)[:100]!r}")
    print(f"{'variant':18} {'facts':>6} {'absent':>6} {'recall<=':>8} {'F1<=':>6}  most often absent")
    for variant in sorted(total):
        recall = 1 - absent[variant] / total[variant]
        worst = ", ".join(f"{k} {n}" for k, n in by_field[variant].most_common(3))
        print(f"{variant:18} {total[variant]:6d} {absent[variant]:6d} {recall:8.3f} {2 * recall / (1 + recall):6.3f}  {worst}")
    for line in shown:
        print(line)


if __name__ == "__main__":
    main()
