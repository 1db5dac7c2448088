"""Many documents in, one output file out: the engine behind ``form4 batch``.

Inputs are files, folders (searched recursively), globs, and ``.zip`` / ``.tar`` / ``.tar.gz``
archives, whose members are read in memory and never unpacked to disk. Each document has a
stable id: its path, or ``archive!member`` for a member of an archive.

Documents are parsed in worker processes and written as they finish, one whole record at a time:
a batch that is killed leaves an output of whole records, and ``resume`` skips every document
already in the output or in the errors file. A document that fails is written to the errors
file with its id and the reason, and the batch goes on. Memory stays bounded: documents are
read lazily and at most a few per worker are in flight.
"""

from __future__ import annotations

import csv
import fnmatch
import glob
import io
import json
import os
import tarfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from . import export
from .api import parse_file_bytes
from .errors import Form4Error, InputError

DEFAULT_INCLUDE = ("*.txt", "*.xml", "*.md", "*.htm", "*.html")
_ARCHIVES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")


@dataclass(frozen=True)
class Source:
    """One document to parse: its id and how to get its bytes."""

    id: str
    read: Callable[[], bytes]


def _is_archive(path: Path) -> bool:
    return path.name.lower().endswith(_ARCHIVES)


def _wanted(name: str, include: tuple[str, ...]) -> bool:
    base = name.rsplit("/", 1)[-1]
    return not base.startswith(".") and any(fnmatch.fnmatch(base.lower(), pattern) for pattern in include)


def _archive_members(path: Path, include: tuple[str, ...]) -> Iterator[Source]:
    if path.name.lower().endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            names = [info.filename for info in archive.infolist() if not info.is_dir()]
        for name in sorted(names):
            if _wanted(name, include):
                yield Source(f"{path}!{name}", _zip_reader(path, name))
        return
    with tarfile.open(path, "r:*") as archive:  # members are read in order, one at a time
        for member in archive:
            if member.isfile() and _wanted(member.name, include):
                handle = archive.extractfile(member)
                data = handle.read() if handle is not None else b""
                yield Source(f"{path}!{member.name}", lambda data=data: data)


def _zip_reader(path: Path, name: str) -> Callable[[], bytes]:
    def read() -> bytes:
        with zipfile.ZipFile(path) as archive:
            return archive.read(name)
    return read


def iter_sources(inputs: Iterable[str | os.PathLike[str]], include: tuple[str, ...] = DEFAULT_INCLUDE) -> Iterator[Source]:
    """Every document named by ``inputs``, in a stable order. A missing input raises ``InputError``."""
    for item in inputs:
        text = str(item)
        path = Path(text)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if _is_archive(child):
                    yield from _archive_members(child, include)
                elif _wanted(child.name, include):
                    yield Source(str(child), child.read_bytes)
        elif path.is_file():
            if _is_archive(path):
                yield from _archive_members(path, include)
            else:
                yield Source(str(path), path.read_bytes)
        elif glob.has_magic(text):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                raise InputError(f"no file matches {text!r}")
            yield from iter_sources(matches, include)
        else:
            raise InputError(f"no such file, folder or archive: {text!r}")


# ----------------------------------------------------------------------------- the work


@dataclass
class Outcome:
    """What one document gave: a record, or the reason it has none."""

    id: str
    record: dict[str, Any] | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)
    error: dict[str, Any] | None = None
    layout: str | None = None
    seconds: float = 0.0


def parse_source(doc_id: str, data: bytes, provenance: bool = False) -> Outcome:
    """Parse one document's bytes; never raises (a failure is in ``error``)."""
    start = time.perf_counter()
    outcome = Outcome(doc_id)
    try:
        filing = parse_file_bytes(data, source=doc_id)
    except Form4Error as err:
        outcome.error = {**err.to_dict(), "source": doc_id}
    except Exception as err:  # a bug of ours: recorded as a failure, never a lost batch
        outcome.error = {"source": doc_id, "error": type(err).__name__, "message": str(err)}
    else:
        outcome.record = {"source": doc_id, **filing.to_dict(provenance=provenance)}
        outcome.rows = export.table_rows(filing, doc_id)
        outcome.layout = filing.layout
    outcome.seconds = time.perf_counter() - start
    return outcome


# ----------------------------------------------------------------------------- output


class Writer:
    """Whole records appended to an output file, flushed one by one, so that a killed batch
    leaves only whole records. ``done`` holds the ids already written."""

    def __init__(self, path: Path, resume: bool) -> None:
        self.path = path
        self.done: set[str] = set()
        if resume and path.exists():
            self._recover()
        elif path.exists():
            path.unlink()
        self.handle: IO[str] = path.open("a", encoding="utf-8", newline="")

    def _recover(self) -> None:
        """Drop a partial last line (a killed write) and collect the ids already written."""
        data = self.path.read_bytes()
        whole = data[: data.rfind(b"\n") + 1]
        if len(whole) != len(data):
            self.path.write_bytes(whole)
        self.done = self._ids(whole.decode("utf-8", errors="replace"))

    def _ids(self, text: str) -> set[str]:
        raise NotImplementedError

    def write(self, outcome: Outcome) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.handle.close()


class JsonlWriter(Writer):
    """One filing a line: ``{"source": id, ...to_dict()}``."""

    def _ids(self, text: str) -> set[str]:
        ids = set()
        for line in text.splitlines():
            try:
                ids.add(json.loads(line)["source"])
            except (ValueError, KeyError, TypeError):
                continue
        return ids

    def write(self, outcome: Outcome) -> None:
        self.handle.write(json.dumps(outcome.record, ensure_ascii=False) + "\n")
        self.handle.flush()


class CsvWriter(Writer):
    """One line per table row (``export.csv_columns()``); a filing without rows keeps one line."""

    def __init__(self, path: Path, resume: bool) -> None:
        super().__init__(path, resume)
        self.buffer = io.StringIO()
        self.writer = csv.DictWriter(self.buffer, fieldnames=export.csv_columns(), extrasaction="ignore",
                                     lineterminator="\n")
        if self.handle.tell() == 0:
            self.writer.writeheader()
            self._flush()

    def _recover(self) -> None:
        """A filing is several lines: a kill may cut it after any of them. Drop the last
        filing's lines as well as a partial line, so that it is parsed again, whole."""
        super()._recover()
        rows = list(csv.DictReader(self.path.read_text(encoding="utf-8").splitlines()))
        if rows:
            last = rows[-1]["source"]
            kept = [row for row in rows if row["source"] != last]
            with self.path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=export.csv_columns(), lineterminator="\n")
                writer.writeheader()
                writer.writerows(kept)
            self.done.discard(last)

    def _ids(self, text: str) -> set[str]:
        return {row["source"] for row in csv.DictReader(text.splitlines()) if row.get("source")}

    def write(self, outcome: Outcome) -> None:
        self.writer.writerows(outcome.rows)  # into the buffer: the filing goes out in one write
        self._flush()

    def _flush(self) -> None:
        self.handle.write(self.buffer.getvalue())
        self.handle.flush()
        self.buffer.seek(0)
        self.buffer.truncate()


WRITERS: dict[str, type[Writer]] = {".jsonl": JsonlWriter, ".csv": CsvWriter}


def writer_for(path: Path, resume: bool) -> Writer:
    suffix = path.suffix.lower()
    if suffix not in WRITERS:
        raise InputError(f"unknown output format {suffix or '(none)'!r}: use one of {', '.join(sorted(WRITERS))}")
    return WRITERS[suffix](path, resume)


class ErrorLog(JsonlWriter):
    """The errors file: one ``{"source", "error", "message", ...}`` a line."""

    def write(self, outcome: Outcome) -> None:
        self.handle.write(json.dumps(outcome.error, ensure_ascii=False) + "\n")
        self.handle.flush()


# ----------------------------------------------------------------------------- the batch


@dataclass
class Summary:
    documents: int = 0
    parsed: int = 0
    failed: int = 0
    skipped: int = 0
    warnings: int = 0
    layouts: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


def run_batch(inputs: Iterable[str], out: Path, *, errors: Path | None = None, workers: int | None = None,
              resume: bool = False, include: tuple[str, ...] = DEFAULT_INCLUDE, provenance: bool = False,
              on_outcome: Callable[[Outcome, Summary], None] | None = None) -> Summary:
    """Parse every document of ``inputs`` into ``out`` (.jsonl or .csv); failures go to
    ``errors`` (default: ``out`` with ``.errors.jsonl``). Returns the counts."""
    errors = errors or out.with_name(out.name + ".errors.jsonl")
    writer = writer_for(out, resume)
    log = ErrorLog(errors, resume)
    done = writer.done | log.done
    summary = Summary()
    start = time.perf_counter()

    def record(outcome: Outcome) -> None:
        summary.documents += 1
        if outcome.error is not None:
            summary.failed += 1
            summary.errors[outcome.error.get("error", "?")] += 1
            log.write(outcome)
        else:
            summary.parsed += 1
            summary.layouts[outcome.layout or "?"] += 1
            summary.warnings += bool(outcome.record and any(
                d["severity"] in ("warning", "error") for d in outcome.record.get("diagnostics", [])))
            writer.write(outcome)
        summary.seconds = time.perf_counter() - start
        if on_outcome is not None:
            on_outcome(outcome, summary)

    def pending() -> Iterator[tuple[str, bytes | None, str | None]]:
        for source in iter_sources(inputs, include):
            if source.id in done:
                summary.skipped += 1
                continue
            try:
                yield source.id, source.read(), None
            except OSError as err:
                yield source.id, None, f"cannot read the file: {err.strerror or err}"

    try:
        workers = workers or os.cpu_count() or 1
        if workers == 1:
            for doc_id, data, problem in pending():
                record(_unreadable(doc_id, problem) if data is None else parse_source(doc_id, data, provenance))
        else:
            _run_parallel(pending(), workers, provenance, record)
    finally:
        writer.close()
        log.close()
    summary.seconds = time.perf_counter() - start
    return summary


def _unreadable(doc_id: str, problem: str | None) -> Outcome:
    return Outcome(doc_id, error={**InputError(problem or "unreadable").to_dict(), "source": doc_id})


def _run_parallel(items: Iterator[tuple[str, bytes | None, str | None]], workers: int, provenance: bool,
                  record: Callable[[Outcome], None]) -> None:
    """At most ``2 * workers`` documents in flight: memory does not grow with the corpus."""
    with ProcessPoolExecutor(max_workers=workers) as pool:
        running: dict[Future, str] = {}

        def collect(futures: Iterable[Future]) -> None:
            for future in futures:
                doc_id = running.pop(future)
                try:
                    record(future.result())
                except Exception as err:  # a worker died: the document fails, the batch goes on
                    record(Outcome(doc_id, error={"source": doc_id, "error": type(err).__name__,
                                                  "message": f"the worker failed: {err}"}))

        for doc_id, data, problem in items:
            if data is None:
                record(_unreadable(doc_id, problem))
                continue
            running[pool.submit(parse_source, doc_id, data, provenance)] = doc_id
            if len(running) >= 2 * workers:
                finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
                collect(finished)
        collect(list(running))
