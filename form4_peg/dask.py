"""form4_peg on a Dask cluster: the optional extra ``form4_peg[dask]``.

    import form4_peg.dask as f4d
    records = f4d.read_form4("s3-mounted/2004/**/*.txt")   # a dask.bag, lazy
    records.filter(f4d.parsed).count().compute()
    rows = f4d.table_rows_frame("archive/*.zip")            # a dask DataFrame, a table row a row

Each item of ``read_form4`` is one document: its record as ``form4 batch`` writes it to
JSON lines (``{"source": id, ...}``), or, when the document failed, the dict the errors file
holds (``{"source", "error", "message", "line", ...}``). A failure is an item like any other, so
no document is lost from a count. Documents are parsed on the workers, which must see the same
paths (a shared or mounted file system); ``form4 batch --scheduler`` instead reads the files
where it runs and sends their bytes.

The work is split by file: a plain file or a zip member is one task; a tar archive, which can
only be read from its start, is one task for all its members.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

try:
    import dask.bag as db
except ImportError as err:  # pragma: no cover - depends on the environment
    raise ImportError("form4_peg.dask needs dask: pip install 'form4_peg[dask]'") from err

from . import export
from .batch import DEFAULT_INCLUDE, DEFAULT_TIMEOUT, is_archive, iter_sources, parse_source

__all__ = ["documents", "failed", "parsed", "read_form4", "table_rows_frame"]


def documents(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
              include: tuple[str, ...] = DEFAULT_INCLUDE) -> list[str]:
    """The units of work for ``paths`` (files, folders, globs, archives), in ``form4 batch``'s
    order: a file, a zip member as ``archive!member``, or a whole tar archive. Listing reads
    no document."""
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    units: list[str] = []
    for source in iter_sources(items, include):
        archive, member = _split(source.id)
        if member is not None and not archive.lower().endswith(".zip"):
            if not units or units[-1] != archive:  # a tar: one unit for all its members
                units.append(archive)
        else:
            units.append(source.id)
    return units


def _split(unit: str) -> tuple[str, str | None]:
    """``archive!member`` as (archive, member); a plain path (even one with a "!") as (path, None)."""
    archive, _, member = unit.partition("!")
    return (archive, member) if member and is_archive(Path(archive)) else (unit, None)


def _parse_unit(unit: str, include: tuple[str, ...], provenance: bool, timeout: float | None) -> list[dict[str, Any]]:
    archive, member = _split(unit)
    if member is not None and archive.lower().endswith(".zip"):
        with zipfile.ZipFile(archive) as handle:
            pairs = [(unit, handle.read(member))]
    else:
        pairs = ((source.id, source.read()) for source in iter_sources([archive], include))
    out = []
    for doc_id, data in pairs:
        outcome = parse_source(doc_id, data, provenance, timeout)
        out.append({"item": outcome.record if outcome.error is None else outcome.error,
                    "rows": outcome.rows})
    return out


def _outcomes(paths, include: tuple[str, ...], provenance: bool, timeout: float | None,
              partition_size: int) -> db.Bag:
    units = documents(paths, include)
    bag = db.from_sequence(units, partition_size=partition_size) if units else db.from_sequence([], npartitions=1)
    return bag.map(_parse_unit, include, provenance, timeout).flatten()


def read_form4(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *,
               include: tuple[str, ...] = DEFAULT_INCLUDE, provenance: bool = False,
               timeout: float | None = DEFAULT_TIMEOUT, partition_size: int = 200) -> db.Bag:
    """A dask bag of every document under ``paths``: records, and failures beside them
    (``failed(item)``). ``timeout`` bounds each document where the worker allows it (a worker
    process's main thread); ``partition_size`` is how many files a task parses."""
    return _outcomes(paths, include, provenance, timeout, partition_size).pluck("item")


def table_rows_frame(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *,
                     include: tuple[str, ...] = DEFAULT_INCLUDE, timeout: float | None = DEFAULT_TIMEOUT,
                     partition_size: int = 200):
    """A dask DataFrame with the columns of ``form4 batch``'s CSV: a Table I or II row a row,
    each with its filing's fields (a filing without rows keeps one row). Failed documents have
    no rows here: count them with ``read_form4(...).filter(failed)``."""
    import pandas as pd

    columns = export.csv_columns()
    meta = pd.DataFrame({name: pd.Series(dtype="object") for name in columns})
    rows = _outcomes(paths, include, False, timeout, partition_size).pluck("rows").flatten()
    return rows.map(lambda row: {name: row.get(name) for name in columns}).to_dataframe(meta=meta)


def failed(item: dict[str, Any]) -> bool:
    """True for a document that gave no record (the item is the errors file's dict)."""
    return "error" in item


def parsed(item: dict[str, Any]) -> bool:
    """True for a document that gave a record."""
    return "error" not in item
