"""form4_peg on a Dask cluster (a LocalCluster here): the same records as a local batch."""

from __future__ import annotations

import csv
import io
import json

import pytest

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

from conftest import CORPUS_FIXTURES, SEEDS  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

import form4_peg.dask as f4d  # noqa: E402
from form4_peg.batch import run_batch  # noqa: E402
from form4_peg.cli import app  # noqa: E402

ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as local:
        yield local


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A folder of varied texts (every layout of two filings), one text that is not a form, and
    a zip of the seeds."""
    import shutil
    import zipfile

    root = tmp_path_factory.mktemp("corpus")
    for filing in sorted(CORPUS_FIXTURES.iterdir())[:2]:
        shutil.copytree(filing, root / "texts" / filing.name)
    (root / "texts" / "letter.txt").write_text("Dear shareholder,\nThank you.\n")
    with zipfile.ZipFile(root / "seeds.zip", "w") as archive:
        for seed in sorted(SEEDS.glob("*.txt")):
            archive.write(seed, seed.name)
    return root


def _local(corpus, tmp_path):
    out = tmp_path / "local.jsonl"
    run_batch([corpus], out, workers=1)
    records = {r["source"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    failures = {f["source"]: f for f in map(json.loads, (tmp_path / "local.jsonl.errors.jsonl").read_text().splitlines())}
    return records, failures


def test_batch_on_a_scheduler_writes_the_records_of_a_local_batch(cluster, corpus, tmp_path):
    """Guards against the cluster path losing, repeating or changing a record."""
    records, failures = _local(corpus, tmp_path)
    out = tmp_path / "cluster.jsonl"
    result = CliRunner().invoke(app, ["batch", str(corpus), "--out", str(out), "--scheduler", cluster.scheduler_address],
                                env=ENV)
    assert result.exit_code == 1, result.output  # the letter fails, as it does locally
    remote = {r["source"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    remote_failures = {f["source"]: f for f in map(json.loads, (tmp_path / "cluster.jsonl.errors.jsonl").read_text().splitlines())}
    assert len(records) > 20 and remote == records
    assert remote_failures == failures and len(failures) == 1


def test_read_form4_is_a_bag_of_the_same_records_and_failures(cluster, corpus, tmp_path):
    """Guards against read_form4 differing from form4 batch, or dropping a failed document."""
    records, failures = _local(corpus, tmp_path)
    with distributed.Client(cluster):
        bag = f4d.read_form4(corpus, partition_size=5)
        assert bag.npartitions > 1
        items = bag.compute()
    assert {i["source"]: i for i in items if f4d.parsed(i)} == records
    assert {i["source"]: i for i in items if f4d.failed(i)} == failures


def test_table_rows_frame_has_the_rows_of_the_csv_output(cluster, corpus, tmp_path):
    """Guards against the DataFrame helper losing rows or columns."""
    run_batch([corpus], tmp_path / "local.csv", workers=1)
    expected = list(csv.DictReader(io.StringIO((tmp_path / "local.csv").read_text(encoding="utf-8"))))
    with distributed.Client(cluster):
        frame = f4d.table_rows_frame(corpus).compute()
    assert list(frame.columns) == list(expected[0])
    assert len(frame) == len(expected)
    key = ["source", "table", "row"]
    got = sorted((r["source"], r["table"] or "", str(r["row"] or "")) for r in frame[key].to_dict("records"))
    want = sorted((r["source"], r["table"], r["row"]) for r in expected)
    assert got == want


def test_an_unreachable_scheduler_is_an_input_error(tmp_path, monkeypatch):
    """Guards against a wrong address hanging or ending in a traceback."""
    from form4_peg import batch

    monkeypatch.setattr(batch, "CONNECT_TIMEOUT", 2.0)
    result = CliRunner().invoke(app, ["batch", str(SEEDS), "--out", str(tmp_path / "o.jsonl"),
                                      "--scheduler", "tcp://127.0.0.1:9"], env=ENV)
    assert result.exit_code == 3 and "dask scheduler" in result.stderr
