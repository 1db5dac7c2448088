"""form4 batch: inputs of every kind, failures beside successes, whole records, resume."""

from __future__ import annotations

import csv
import io
import json
import tarfile
import threading
import zipfile

import pytest
from typer.testing import CliRunner

import form4_peg
from conftest import CORPUS_FIXTURES, SEEDS
from form4_peg.batch import iter_sources, run_batch
from form4_peg.cli import app

ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
FILING = CORPUS_FIXTURES / "52a940c31ea8"


def _lines(path):
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture
def inbox(tmp_path):
    """A folder of four texts, one of them not a form and one binary junk, plus a zip and a
    tar.gz of two more."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("edgar.markdown.txt", "edgar.stream.txt"):
        (folder / name).write_bytes((FILING / name).read_bytes())
    (folder / "letter.txt").write_text("Dear shareholder,\nThank you.\n")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not read: not an included name")
    with zipfile.ZipFile(tmp_path / "more.zip", "w") as archive:
        archive.write(FILING / "edgar.layout.txt", "zipped/edgar.layout.txt")
    with tarfile.open(tmp_path / "more.tar.gz", "w:gz") as archive:
        archive.add(SEEDS / "001_254ee79e6a7d0f4e.txt", "seed/001.txt")
    return tmp_path


def test_every_kind_of_input_gives_one_document_each(inbox):
    """Guards against a folder, glob or archive member being missed or read twice."""
    ids = [s.id for s in iter_sources([inbox / "in", inbox / "more.zip", str(inbox / "*.tar.gz")])]
    assert len(ids) == len(set(ids)) == 6
    assert any(i.endswith("more.zip!zipped/edgar.layout.txt") for i in ids)
    assert any(i.endswith("more.tar.gz!seed/001.txt") for i in ids)
    assert not any(i.endswith(".pdf") for i in ids)


def test_a_file_grown_over_the_limit_after_it_was_listed_is_not_read_whole(tmp_path):
    """Guards against the size a batch lists a file with standing for the size it reads: a
    file that grows past the limit after that must be recorded as over it, from no more than
    the limit's bytes read."""
    path = tmp_path / "growing.txt"
    path.write_bytes(b"x" * 500)
    (source,) = iter_sources([path])
    path.write_bytes(b"x" * 5000)
    assert source.size == 500 and source.read(1000) is None and source.read(5000) == b"x" * 5000


def test_missing_input_is_an_input_error(tmp_path):
    """Guards against a typo in an input path silently giving an empty batch."""
    with pytest.raises(form4_peg.InputError):
        list(iter_sources([tmp_path / "nope"]))


@pytest.mark.parametrize("workers", [1, 2])
def test_failures_go_beside_the_records_and_the_batch_goes_on(inbox, workers):
    """Guards against one bad document stopping a batch or vanishing from it."""
    out = inbox / "out.jsonl"
    summary = run_batch([inbox / "in", inbox / "more.zip", inbox / "more.tar.gz"], out, workers=workers)
    records = [json.loads(line) for line in _lines(out)]
    failures = [json.loads(line) for line in _lines(inbox / "out.jsonl.errors.jsonl")]
    assert (summary.parsed, summary.failed) == (len(records), len(failures)) == (4, 2)
    assert {f["source"].rsplit("/", 1)[-1] for f in failures} == {"letter.txt", "junk.txt"}
    assert all(f["error"] == "NotAForm4Error" and f["message"] for f in failures)
    by_id = {r["source"]: r for r in records}
    direct = form4_peg.parse_file(inbox / "in" / "edgar.markdown.txt").to_dict(provenance=False)
    assert by_id[str(inbox / "in" / "edgar.markdown.txt")] == {"source": str(inbox / "in" / "edgar.markdown.txt"), **direct}


def test_a_killed_batch_resumes_with_every_document_once(inbox):
    """Guards against a resumed batch that repeats, loses or half-writes a record."""
    out = inbox / "out.jsonl"
    inputs = [inbox / "in", inbox / "more.zip", inbox / "more.tar.gz"]
    run_batch(inputs, out, workers=1)
    whole = _lines(out)
    # As if killed while writing the third record: two whole lines and half of the third.
    out.write_text("\n".join(whole[:2]) + "\n" + whole[2][: len(whole[2]) // 2], encoding="utf-8")
    (inbox / "out.jsonl.errors.jsonl").write_text("")
    summary = run_batch(inputs, out, workers=1, resume=True)
    assert summary.skipped == 2
    records = [json.loads(line) for line in _lines(out)]  # every line is whole JSON
    failures = _lines(inbox / "out.jsonl.errors.jsonl")
    ids = [r["source"] for r in records]
    assert len(ids) == len(set(ids)) == 4 and len(failures) == 2
    again = run_batch(inputs, out, workers=1, resume=True)
    assert (again.documents, again.skipped) == (0, 6)


def test_csv_output_has_a_line_per_table_row(inbox):
    """Guards against csv batches that lose rows or repeat the header on resume."""
    out = inbox / "out.csv"
    run_batch([FILING / "edgar.markdown.txt", FILING / "edgar.layout.txt"], out, workers=1)
    run_batch([FILING / "edgar.markdown.txt", FILING / "edgar.layout.txt"], out, workers=1, resume=True)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    per_doc = len(form4_peg.parse_file(FILING / "edgar.markdown.txt").non_derivative_table)
    assert len(rows) == 2 * per_doc
    assert out.read_text(encoding="utf-8").count("source,layout") == 1


def test_batch_cli_summary_and_exit_code(inbox):
    """Guards against a batch that hides its failures from the shell."""
    out = inbox / "out.jsonl"
    result = CliRunner().invoke(app, ["batch", str(inbox / "in"), "--out", str(out), "--workers", "1"], env=ENV)
    assert result.exit_code == 1, result.output
    assert "failed" in result.stdout and "NotAForm4Error 2" in result.stdout
    assert "markdown 1" in result.stdout and "stream 1" in result.stdout
    bad = CliRunner().invoke(app, ["batch", str(inbox / "in"), "--out", str(inbox / "out.parquet2")], env=ENV)
    assert bad.exit_code == 3 and "unknown output format" in bad.stderr


def test_a_csv_filing_cut_between_its_rows_is_written_again_whole(tmp_path):
    """Guards against resume counting a filing as done when a kill left only some of its rows."""
    out = tmp_path / "out.csv"
    inputs = [FILING / "edgar.markdown.txt", FILING / "edgar.layout.txt"]
    run_batch(inputs, out, workers=1)
    lines = _lines(out)
    per_doc = (len(lines) - 1) // 2
    assert per_doc >= 2
    out.write_text("\n".join(lines[: 1 + per_doc + 1]) + "\n", encoding="utf-8")  # second filing: one row of several
    summary = run_batch(inputs, out, workers=1, resume=True)
    assert (summary.skipped, summary.parsed) == (1, 1)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["source"] for r in rows].count(str(FILING / "edgar.layout.txt")) == per_doc
    assert len(rows) == 2 * per_doc


# ----------------------------------------------------------------------------- Parquet


def test_parquet_output_is_two_tables_joined_on_source(inbox):
    """Guards against Parquet output that loses a filing or a row, or cannot be joined."""
    pq = pytest.importorskip("pyarrow.parquet")
    inputs = [inbox / "in", inbox / "more.zip", inbox / "more.tar.gz"]
    summary = run_batch(inputs, inbox / "out.parquet", workers=1)
    run_batch(inputs, inbox / "out.jsonl", workers=1)
    filings = pq.read_table(inbox / "out.parquet" / "filings").to_pylist()
    rows = pq.read_table(inbox / "out.parquet" / "rows").to_pylist()
    records = {r["source"]: r for r in map(json.loads, _lines(inbox / "out.jsonl"))}
    assert len(filings) == summary.parsed == len(records) == 4
    for filing in filings:  # the whole record rides along, equal to the JSON lines output
        record = records[filing["source"]]
        assert json.loads(filing["record"]) == record
        own = [r for r in rows if r["source"] == filing["source"]]
        assert filing["rows"] == len(own) == len(record["non_derivative_table"]) + len(record["derivative_table"])
        assert filing["issuer_name"] == record["issuer"]["issuer_name"]["value"]
    first = next(r for r in rows if r["table"] == "I")
    record = records[first["source"]]["non_derivative_table"][first["row"] - 1]
    assert first["security_title"] == record["security_title"]["value"]  # values as exact text


def test_a_killed_parquet_batch_leaves_whole_parts_and_resumes(inbox, monkeypatch):
    """Guards against a killed Parquet batch leaving an unreadable file, or a resume that
    repeats the documents of a part that was cut between its two tables."""
    pq = pytest.importorskip("pyarrow.parquet")
    from form4_peg.outputs import ParquetWriter

    monkeypatch.setattr(ParquetWriter, "PART_SIZE", 2)
    inputs = [inbox / "in", inbox / "more.zip", inbox / "more.tar.gz"]
    out = inbox / "out.parquet"
    run_batch(inputs, out, workers=1)
    parts = sorted((out / "filings").glob("part-*.parquet"))
    assert len(parts) == 3  # the empty part written first, then two of two filings
    assert pq.read_table(parts[0]).num_rows == 0
    # As if killed between the rows and the filings of the last part, mid-way through a write.
    parts[-1].unlink()
    (out / "filings" / ".part-00003.parquet.tmp").write_bytes(b"PAR1 half a file")
    assert pq.read_table(out / "filings").num_rows == 2  # what is left reads
    summary = run_batch(inputs, out, workers=1, resume=True)
    assert summary.skipped == 2 + 2  # two filings, two failures in the errors file
    sources = pq.read_table(out / "filings").column("source").to_pylist()
    assert len(sources) == len(set(sources)) == 4
    rows = pq.read_table(out / "rows").to_pylist()
    assert sum(f["rows"] for f in pq.read_table(out / "filings").to_pylist()) == len(rows)
    assert not list(out.rglob(".*.tmp"))


def test_parquet_output_will_not_overwrite_a_folder_of_other_files(tmp_path):
    """Guards against --out deleting a user's folder that happens to end in .parquet."""
    folder = tmp_path / "mine.parquet"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    with pytest.raises(form4_peg.InputError, match="not overwritten"):
        run_batch([FILING / "edgar.markdown.txt"], folder, workers=1)
    assert (folder / "keep.txt").exists()


# ----------------------------------------------------------------------------- time limits


def test_a_document_over_the_time_limit_is_a_recorded_failure(inbox):
    """Guards against a slow document stalling the batch or vanishing from it."""
    summary = run_batch([inbox / "in"], inbox / "out.jsonl", workers=1, timeout=1e-6)
    failures = [json.loads(line) for line in _lines(inbox / "out.jsonl.errors.jsonl")]
    assert summary.documents == 4 and summary.errors["TimeLimitError"] >= 2
    assert all(f["source"] for f in failures)
    assert "limit" in next(f["message"] for f in failures if f["error"] == "TimeLimitError")


def _sleep_forever(data, *, source=None, **kwargs):
    import time

    time.sleep(3600)


@pytest.mark.skipif(__import__("multiprocessing").get_start_method() != "fork",
                    reason="the stuck worker is made by patching the parent, which only fork passes on")
def test_a_worker_stuck_past_its_limit_is_stopped_and_the_rest_go_on(inbox, monkeypatch):
    """Guards against a worker stuck where its own time limit cannot reach (a C call) holding
    up the batch: the watchdog records it and parses the documents that were beside it."""
    import contextlib

    from form4_peg import batch

    monkeypatch.setattr(batch, "time_limit", lambda seconds, doc_id: contextlib.nullcontext())
    monkeypatch.setattr(batch, "WATCHDOG_GRACE", 0.5)
    real = batch.parse_file_bytes
    monkeypatch.setattr(batch, "parse_file_bytes",
                        lambda data, **kw: _sleep_forever(data) if b"Thank you" in data else real(data, **kw))
    result = {}
    runner = threading.Thread(daemon=True, target=lambda: result.update(
        summary=run_batch([inbox / "in"], inbox / "out.jsonl", workers=2, timeout=0.5)))
    runner.start()
    runner.join(timeout=60)
    assert "summary" in result, "the batch is stuck behind the sleeping worker"
    summary = result["summary"]
    failures = {json.loads(line)["source"].rsplit("/", 1)[-1]: json.loads(line)
                for line in _lines(inbox / "out.jsonl.errors.jsonl")}
    assert summary.documents == 4 and summary.parsed == 2
    assert failures["letter.txt"]["error"] == "TimeLimitError"
    assert failures["junk.txt"]["error"] == "NotAForm4Error"


# ----------------------------------------------------------------------------- a real kill


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_batch_killed_midway_resumes_with_every_document_once(tmp_path, suffix):
    """Guards against a SIGKILL (no chance to clean up) leaving a partial record, or a resume
    that repeats or loses a document. The batch runs as its own process and is killed once it
    has written some records."""
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / f"out{suffix}"
    errors = tmp_path / "errors.jsonl"
    inputs = [str(CORPUS_FIXTURES), str(SEEDS)]
    expected = {s.id for s in iter_sources(inputs)}
    command = [sys.executable, "-c", "from form4_peg.cli import app; app()", "batch", *inputs,
               "--out", str(out), "--errors", str(errors), "--workers", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < 40):
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    written = out.read_bytes().count(b"\n")
    assert 40 <= written, "the batch wrote too little before the kill to test anything"
    summary = run_batch(inputs, out, errors=errors, workers=1, resume=True)
    assert summary.skipped >= 10  # the kill left work to skip
    if suffix == ".jsonl":
        sources = [json.loads(line)["source"] for line in _lines(out)]  # every line whole JSON
    else:
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
        sources = list(dict.fromkeys(r["source"] for r in rows))
        assert all(r["layout"] for r in rows)  # no cut line
    failed = [json.loads(line)["source"] for line in _lines(errors)]
    assert len(sources) == len(set(sources)) and len(failed) == len(set(failed))
    assert sorted(sources + failed) == sorted(expected)
