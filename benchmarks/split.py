"""The fixed split of the dev corpus by issuer, and its scores: a part to work on, a part held out.

    python benchmarks/split.py [--corpus DIR] [--variant V ...] [--json FILE]
    python benchmarks/split.py --make       # writes benchmarks/dev_split.tsv (done once; it is kept)

The filings of one issuer share their wording, their owners and often their footnotes, so a rule
fitted to one of them carries to its siblings and says nothing of other issuers. The split is by
issuer (the truth's issuerCik): about a third of the filings, whole issuers, are held out and
never read while writing rules; the filings copied into tests/fixtures/ are in the worked part.
``dev_split.tsv`` is made once, by a hash of each issuer's CIK, and kept as it is.

The score is ``form4 eval``'s field F1 per variant, on each part, and the gap between them
(worked minus held out): a change that helps the worked part and not the held-out one is
fitted to the dev filings, not to the form.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

from lxml import etree

from form4_peg import evaluate

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus" / "dev"
SPLIT = Path(__file__).resolve().parent / "dev_split.tsv"
FIXTURES = ROOT / "tests" / "fixtures" / "corpus"
HELD_OUT_SHARE = 1 / 3
SILENT_BELOW = 0.8  # a text read below this F1 must carry a warning
PARTS = ("worked", "held_out")


def issuer_of(truth: Path) -> str:
    root = etree.parse(str(truth), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    return (root.findtext("issuer/issuerCik") or "").strip().lstrip("0") or "unknown"


def make_split(corpus: Path) -> dict[str, tuple[str, str]]:
    """filing id -> (issuer CIK, part): whole issuers, in the order of a hash of their CIK, go
    to the held-out part until it holds a third of the filings; an issuer with a fixture stays
    in the worked part."""
    issuers: dict[str, list[str]] = defaultdict(list)
    for truth in sorted(corpus.glob("*/truth.xml")):
        issuers[issuer_of(truth)].append(truth.parent.name)
    fixtures = {p.name for p in FIXTURES.iterdir()} if FIXTURES.is_dir() else set()
    total = sum(len(ids) for ids in issuers.values())
    held: set[str] = set()
    count = 0
    for cik in sorted(issuers, key=lambda c: hashlib.sha256(c.encode()).hexdigest()):
        if count >= total * HELD_OUT_SHARE:
            break
        if fixtures & set(issuers[cik]):
            continue
        held.add(cik)
        count += len(issuers[cik])
    return {doc: (cik, "held_out" if cik in held else "worked") for cik, ids in issuers.items() for doc in ids}


def read_split(path: Path = SPLIT) -> dict[str, str]:
    """filing id -> part, from ``dev_split.tsv``."""
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:] if line]
    return {doc: part for doc, _, part in rows}


def scores(corpus: Path, split: dict[str, str], variants: list[str] | None) -> dict[str, dict[str, dict]]:
    """part -> variant -> counts (tp, fp, fn, precision, recall, f1)."""
    results = evaluate.evaluate_corpus(corpus, variants)
    out: dict[str, dict[str, dict]] = {}
    for part in PARTS:
        chosen = [r for r in results if split.get(r.filing_id) == part]
        summary = evaluate.summarize(chosen)
        out[part] = summary["variants"]
        out[part]["all"] = _pooled(chosen)
        for document in summary["documents"]:  # read badly, and not a word of doubt
            if document["f1"] < SILENT_BELOW and not document["warnings"]:
                for variant in (document["variant"], "all"):
                    out[part][variant]["silent"] = out[part][variant].get("silent", 0) + 1
    return out


def _pooled(results) -> dict:
    total = evaluate.Counts()
    for result in results:
        if result.comparison is not None:
            total.add(result.comparison.total)
    return total.to_dict()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEV, help="the dev corpus (default: %(default)s)")
    parser.add_argument("--variant", action="append", help="only this variant (e.g. edgar.layout or ocr); repeatable")
    parser.add_argument("--json", type=Path, help="also write the scores to this file")
    parser.add_argument("--make", action="store_true", help=f"write {SPLIT.name} from the corpus (once)")
    args = parser.parse_args(argv)
    if args.make:
        split = make_split(args.corpus)
        lines = ["id\tissuer_cik\tpart"] + [f"{doc}\t{cik}\t{part}" for doc, (cik, part) in sorted(split.items())]
        SPLIT.write_text("\n".join(lines) + "\n", encoding="utf-8")
        held = sum(part == "held_out" for _, part in split.values())
        print(f"{SPLIT}: {len(split)} filings, {held} held out")
        return 0
    split = read_split()
    found = scores(args.corpus, split, args.variant)
    counts = {part: sum(p == part for p in split.values()) for part in PARTS}
    print(f"field F1 by variant: worked part ({counts['worked']} filings), held-out part "
          f"({counts['held_out']} filings), gap (worked - held out)")
    print(f"silent: texts read below F1 {SILENT_BELOW} with no warning, worked + held out")
    print(f"{'variant':<24}{'worked':>9}{'held out':>10}{'gap':>8}{'silent':>8}")
    for variant in sorted(found["worked"].keys() | found["held_out"].keys(), key=lambda v: (v == "all", v)):
        worked = found["worked"].get(variant, {}).get("f1")
        held = found["held_out"].get(variant, {}).get("f1")
        gap = f"{worked - held:+.3f}" if worked is not None and held is not None else ""
        silent = sum(found[part].get(variant, {}).get("silent", 0) for part in PARTS)
        print(f"{variant:<24}{_fmt(worked):>9}{_fmt(held):>10}{gap:>8}{silent:>8}")
    if args.json:
        args.json.write_text(json.dumps(found, indent=2), encoding="utf-8")
    return 0


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    sys.exit(main())
