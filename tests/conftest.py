"""Shared fixtures. Snapshots go to the top-level ``snapshots/`` folder, one JSON file each."""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.extensions.json import JSONSnapshotExtension
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = FIXTURES / "seeds"
SNAPSHOTS = ROOT / "snapshots"

# Layout id of each seed text (seeds/README.md); used in snapshot names.
SEED_LAYOUTS = {
    "000_f03a0ef374d16d90": "tsv",
    "001_254ee79e6a7d0f4e": "markup",
    "002_a79c6df009f87b49": "tsv",
}


class _TopLevel:
    """Snapshots under ``snapshots/<test module>/``, wherever the test module sits."""

    @classmethod
    def dirname(cls, *, test_location) -> str:
        return str(SNAPSHOTS / Path(test_location.filepath).stem)


class TopLevelJSONSnapshot(_TopLevel, JSONSnapshotExtension):
    """JSON snapshots, one file each."""


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(TopLevelJSONSnapshot)


def seed_ids() -> list[str]:
    ids = sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert ids, f"no seed texts under {SEEDS}"
    return ids

CORPUS_FIXTURES = FIXTURES / "corpus"
DEV_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"


def truth_files() -> list[Path]:
    """Every dev-corpus truth file when shared/ sits beside the checkout (as in CI), plus the
    truth files among the fixtures."""
    files = sorted(DEV_CORPUS.glob("*/truth.xml")) + sorted(CORPUS_FIXTURES.glob("*/truth.xml"))
    files += sorted(SEEDS.glob("*.truth.xml"))
    assert files, "no truth XML found"
    return files


class TopLevelTextSnapshot(_TopLevel, SingleFileSnapshotExtension):
    """Plain-text snapshots (CLI output), one .txt file each."""

    _write_mode = WriteMode.TEXT
    file_extension = "txt"


@pytest.fixture
def snapshot_text(snapshot):
    return snapshot.use_extension(TopLevelTextSnapshot)
