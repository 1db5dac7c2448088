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

import contextlib
import fnmatch
import functools
import gc
import glob
import os
import signal
import tarfile
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import export
from .api import DEFAULT_MAX_BYTES, parse_file_bytes, prepare, read_within, source_name
from .outputs import ErrorLog, writer_for
from .errors import Form4Error, InputError, TimeLimitError

DEFAULT_INCLUDE = ("*.txt", "*.xml", "*.md", "*.htm", "*.html")
_ARCHIVES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")


@dataclass(frozen=True)
class Source:
    """One document to parse: its id and how to get its bytes. A tar member's ``read`` works
    only before the next document is drawn (a tar archive is read from its start, in order);
    counting the documents reads none of them. The id is ``source_name``'s: a name that is not
    UTF-8 keeps its odd bytes as ``\\xff`` escapes. A document that cannot even be listed (an
    unreadable file, a damaged archive) carries its ``problem`` instead, and goes to the
    errors file. ``read(limit)`` reads no more than ``limit + 1`` bytes, and gives None for a
    document over the limit; ``read()`` reads it whole."""

    id: str
    read: Callable[..., bytes | None]
    size: int | None = None  # bytes, when known before reading
    problem: str | None = None


def is_archive(path: Path) -> bool:
    return path.name.lower().endswith(_ARCHIVES)


def _wanted(name: str, include: tuple[str, ...]) -> bool:
    base = name.rsplit("/", 1)[-1]
    return not base.startswith(".") and any(fnmatch.fnmatch(base.lower(), pattern) for pattern in include)


def _unlisted(doc_id: str, problem: str) -> Source:
    return Source(doc_id, _nothing, None, problem)


def _nothing(limit: int | None = None) -> bytes:
    return b""


def _read(handle, limit: int | None) -> bytes | None:
    """All of ``handle``, or with a ``limit``, ``read_within``'s: None for a document over it."""
    return handle.read() if limit is None else read_within(handle, limit)


def _file(path: Path) -> Source:
    try:
        return Source(source_name(path), functools.partial(_read_file, path), path.stat().st_size)
    except OSError as err:
        return _unlisted(source_name(path), f"cannot read the file: {err.strerror or err}")


def _read_file(path: Path, limit: int | None = None) -> bytes | None:
    with open(path, "rb") as handle:
        return _read(handle, limit)


def _archive_members(path: Path, include: tuple[str, ...]) -> Iterator[Source]:
    try:
        yield from _members(path, include)
    except (OSError, EOFError, zipfile.BadZipFile, tarfile.TarError) as err:
        # A damaged archive: what it gave so far stands, and the archive itself is recorded.
        yield _unlisted(source_name(path), f"cannot read the archive: {err}")


def _members(path: Path, include: tuple[str, ...]) -> Iterator[Source]:
    if path.name.lower().endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            sizes = {info.filename: info.file_size for info in archive.infolist() if not info.is_dir()}
        for name in sorted(sizes):
            if _wanted(name, include):
                yield Source(source_name(f"{path}!{name}"), _zip_reader(path, name), sizes[name])
        return
    with tarfile.open(path, "r:*") as archive:  # members are read in order, one at a time
        for member in archive:
            if member.isfile() and _wanted(member.name, include):
                yield Source(source_name(f"{path}!{member.name}"), functools.partial(_tar_read, archive, member),
                             member.size)


def _tar_read(archive: tarfile.TarFile, member: tarfile.TarInfo, limit: int | None = None) -> bytes | None:
    handle = archive.extractfile(member)
    return _read(handle, limit) if handle is not None else b""


def _zip_reader(path: Path, name: str) -> Callable[..., bytes | None]:
    def read(limit: int | None = None) -> bytes | None:
        with zipfile.ZipFile(path) as archive, archive.open(name) as handle:
            return _read(handle, limit)
    return read


def iter_sources(inputs: Iterable[str | os.PathLike[str]], include: tuple[str, ...] = DEFAULT_INCLUDE) -> Iterator[Source]:
    """Every document named by ``inputs``, in a stable order. A missing input raises ``InputError``."""
    for item in inputs:
        text = os.fspath(item)
        path = Path(text)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if is_archive(child):
                    yield from _archive_members(child, include)
                elif _wanted(child.name, include):
                    yield _file(child)
        elif path.is_file():
            yield from _archive_members(path, include) if is_archive(path) else (_file(path),)
        elif glob.has_magic(text):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                raise InputError(f"no file matches {source_name(text)!r}")
            yield from iter_sources(matches, include)
        else:
            raise InputError(f"no such file, folder or archive: {source_name(text)!r}")


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


DEFAULT_TIMEOUT = 10.0  # seconds a document may take in a batch
WATCHDOG_GRACE = 10.0  # seconds beyond twice the limit before a parallel batch stops a worker
CONNECT_TIMEOUT = 30.0  # seconds to reach a dask scheduler


@contextlib.contextmanager
def time_limit(seconds: float | None, doc_id: str) -> Iterator[None]:
    """Raise ``TimeLimitError`` in the block once ``seconds`` have passed (SIGALRM: a worker
    process's main thread, on POSIX). Elsewhere the block runs unbounded, and a parallel batch's
    watchdog still ends a worker that overruns (``_run_parallel``)."""
    usable = (seconds and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise TimeLimitError(f"parsing took longer than the limit of {seconds:g} s", source=doc_id,
                             expected=(f"a parse within {seconds:g} s (--timeout)",))

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def parse_source(doc_id: str, data: bytes, provenance: bool = False,
                 timeout: float | None = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES) -> Outcome:
    """Parse one document's bytes within ``timeout`` seconds; never raises (a failure, a time
    limit passed included, is in ``error``)."""
    start = time.perf_counter()
    outcome = Outcome(doc_id)
    try:
        with time_limit(timeout, doc_id):
            filing = parse_file_bytes(data, source=doc_id, max_bytes=max_bytes)
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
              timeout: float | None = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES,
              scheduler: str | None = None, raw_csv: bool = False,
              on_outcome: Callable[[Outcome, Summary], None] | None = None) -> Summary:
    """Parse every document of ``inputs`` into ``out`` (.jsonl, .csv or .parquet); failures go
    to ``errors`` (default: ``out`` with ``.errors.jsonl``). Returns the counts.

    ``workers`` processes parse (default: the CPU count), or, with ``scheduler`` (the address of
    a dask.distributed scheduler), the cluster's workers do. ``timeout`` is each document's time
    limit in seconds (``None``: none); a document over it is recorded as a ``TimeLimitError``.
    A document over ``max_bytes`` is recorded as an ``InputError`` and not read into a worker.
    A CSV output's cells are guarded against formulas (``export.guard_cell``) unless ``raw_csv``.
    """
    errors = errors or out.with_name(out.name + ".errors.jsonl")
    writer = writer_for(out, resume, raw_csv=raw_csv)
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
            if source.problem is not None:
                yield source.id, None, source.problem
                continue
            if source.size is not None and source.size > max_bytes:  # refused unread
                yield source.id, None, f"the document is {source.size} bytes, over the limit of {max_bytes}"
                continue
            try:
                data = source.read(max_bytes)  # (a file can grow after it was listed)
            except OSError as err:
                yield source.id, None, f"cannot read the file: {err.strerror or err}"
                continue
            if data is None:
                yield source.id, None, f"the document is over the limit of {max_bytes} bytes"
            else:
                yield source.id, data, None

    try:
        workers = workers or os.cpu_count() or 1
        work = functools.partial(parse_source, provenance=provenance, timeout=timeout, max_bytes=max_bytes)
        if scheduler is not None:
            _run_on_cluster(pending(), scheduler, work, timeout, record)
        elif workers == 1:
            for doc_id, data, problem in pending():
                record(_unreadable(doc_id, problem) if data is None else work(doc_id, data))
        else:
            _run_parallel(pending(), lambda: ProcessPoolExecutor(max_workers=workers, initializer=_start_worker),
                          2 * workers, work, timeout, record)
    finally:
        writer.close()
        log.close()
    summary.seconds = time.perf_counter() - start
    return summary


def _start_worker() -> None:
    """A worker process loads the parser before its first document, then sets what it holds
    so far (the parser's tables, the modules) outside the garbage collector's reach: they live
    as long as the worker, and each full collection would walk them again. The worker is this
    batch's own process, so the setting touches nothing of a caller's."""
    prepare()
    gc.freeze()


def _unreadable(doc_id: str, problem: str | None) -> Outcome:
    return Outcome(doc_id, error={**InputError(problem or "unreadable").to_dict(), "source": doc_id})


def _overrun(doc_id: str, seconds: float) -> Outcome:
    err = TimeLimitError(f"no result after {seconds:.0f} s: the worker was stopped", source=doc_id)
    return Outcome(doc_id, error=err.to_dict())


def _run_parallel(items: Iterator[tuple[str, bytes | None, str | None]], make_pool: Callable[[], Executor],
                  window: int, work: Callable[[str, bytes], Outcome], timeout: float | None,
                  record: Callable[[Outcome], None]) -> None:
    """Parse on ``make_pool()``'s workers with at most ``window`` documents in flight, so memory
    does not grow with the corpus.

    A watchdog backs the workers' own time limit, which cannot break into a C call such as a
    regular expression: a document still unfinished ``2 * timeout + WATCHDOG_GRACE`` seconds
    after it was handed out is recorded as a ``TimeLimitError``. Its worker processes are stopped and a new pool
    parses the other documents that were in flight.
    """
    grace = 2 * timeout + WATCHDOG_GRACE if timeout else None
    pool = make_pool()
    running: dict[Future, tuple[str, bytes, float]] = {}

    def submit(doc_id: str, data: bytes) -> None:
        future = pool.submit(work, doc_id, data)
        running[future] = (doc_id, data, time.monotonic())

    def collect(futures: Iterable[Future]) -> None:
        for future in futures:
            doc_id, _, _ = running.pop(future)
            try:
                record(future.result())
            except Exception as err:  # a worker died: the document fails, the batch goes on
                record(Outcome(doc_id, error={"source": doc_id, "error": type(err).__name__,
                                              "message": f"the worker failed: {err}"}))

    def drain(limit: int) -> None:
        nonlocal pool
        while len(running) > limit:
            finished, _ = wait(list(running), timeout=1.0 if grace else None, return_when=FIRST_COMPLETED)
            collect(finished)
            if not grace:
                continue
            now = time.monotonic()
            stuck = [f for f, (_, _, at) in running.items() if now - at > grace and not f.done()]
            if stuck:
                for future in stuck:
                    doc_id, _, at = running.pop(future)
                    record(_overrun(doc_id, now - at))
                again = [(doc_id, data) for doc_id, data, _ in running.values()]
                running.clear()
                _stop(pool)
                pool = make_pool()
                for doc_id, data in again:
                    submit(doc_id, data)

    try:
        for doc_id, data, problem in items:
            if data is None:
                record(_unreadable(doc_id, problem))
                continue
            submit(doc_id, data)
            drain(window - 1)
        drain(0)
    finally:
        if running:  # interrupted (Ctrl-C, a write that failed): do not wait for the workers
            _stop(pool)
        else:
            pool.shutdown(wait=True)


def _stop(pool: Executor) -> None:
    """Shut a pool down without waiting for a stuck task: a process pool's workers are ended; a
    dask executor's tasks are cancelled."""
    processes = getattr(pool, "_processes", None) or {}  # ProcessPoolExecutor's own table of workers
    for process in list(processes.values()):
        if process.is_alive():
            process.terminate()
    pool.shutdown(wait=False)


def _run_on_cluster(items: Iterator[tuple[str, bytes | None, str | None]], scheduler: str,
                    work: Callable[[str, bytes], Outcome], timeout: float | None,
                    record: Callable[[Outcome], None]) -> None:
    """``_run_parallel`` on a dask.distributed cluster: documents are sent to its workers, and
    outcomes come back to be written here."""
    try:
        from distributed import Client
    except ImportError:
        raise InputError("--scheduler needs dask.distributed: pip install 'form4_peg[dask]'") from None
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as err:
        raise InputError(f"cannot reach the dask scheduler at {scheduler!r}: {err}") from None
    try:
        threads = sum(client.nthreads().values()) or 1
        _run_parallel(items, client.get_executor, 2 * threads, work, timeout, record)
    finally:
        client.close()
