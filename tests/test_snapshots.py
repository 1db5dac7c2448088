"""Snapshots of each seed's record (JSON from ``to_dict()``), one per layout variant.

Each snapshot was read by hand against the seed's truth XML before it was accepted; the values
themselves are checked independently by test_seed_truth.py.
"""

import pytest

import form4_peg
from conftest import SEED_LAYOUTS, SEEDS, seed_ids


@pytest.mark.parametrize("seed", seed_ids())
def test_seed_record(seed, snapshot_json):
    """Guards against any unreviewed change in a seed's record, provenance included."""
    filing = form4_peg.parse_file(SEEDS / f"{seed}.txt")
    assert filing.layout == SEED_LAYOUTS[seed]
    assert filing.to_dict() == snapshot_json(name=f"{SEED_LAYOUTS[seed]}-{seed[:3]}")


LAYOUT_FILING = "52a940c31ea8"  # a Form 4 with three sales, five footnotes and a 10b5-1 remark


def _renderings():
    texts = sorted((SEEDS.parent / "corpus" / LAYOUT_FILING).glob("*.txt"))
    assert len(texts) == 16, "the snapshot filing must have all sixteen renderings"
    return texts


@pytest.mark.parametrize("path", _renderings(), ids=lambda p: p.name[: -len(".txt")])
def test_layout_variant_record(path, snapshot_json):
    """Guards against any unreviewed change in how each layout variant reads the same filing."""
    filing = form4_peg.parse_file(path)
    variant = path.name[: -len(".txt")]
    assert filing.to_dict(provenance=False) == snapshot_json(name=f"{variant}-{LAYOUT_FILING}")
