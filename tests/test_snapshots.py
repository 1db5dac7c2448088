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
