"""Output files of ``form4 batch``: JSON lines, CSV and Parquet, and the errors file.

Every writer adds whole records only, so a batch that is killed leaves a valid file, and each
knows the documents it already holds (``done``), which ``--resume`` skips.

- ``.jsonl``: a filing a line, ``{"source": id, ...Filing.to_dict()}``.
- ``.csv``: a table row a line (``export.csv_columns()``); a filing without rows keeps one.
- ``.parquet``: a folder of two tables, ``filings/`` (a filing a row, with its whole record as
  JSON) and ``rows/`` (a Table I or II row a row), joined on ``source``. Each is a set of part
  files, written every ``ParquetWriter.PART_SIZE`` documents by write-then-rename.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path
from typing import IO, TYPE_CHECKING

from . import export
from .errors import InputError

if TYPE_CHECKING:
    from .batch import Outcome


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
        # (a lone surrogate, which no file name should bring any more, is written as its JSON
        # escape rather than failing the batch)
        self.handle: IO[str] = path.open("a", encoding="utf-8", errors="backslashreplace", newline="")

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
        for line in text.split("\n"):  # only LF ends a record: a value may hold U+2028, U+0085 or CR
            try:
                ids.add(json.loads(line)["source"])
            except (ValueError, KeyError, TypeError):
                continue
        return ids

    def write(self, outcome: Outcome) -> None:
        self.handle.write(json.dumps(outcome.record, ensure_ascii=False) + "\n")
        self.handle.flush()


class CsvWriter(Writer):
    """One line per table row (``export.csv_columns()``); a filing without rows keeps one line.
    Cells are guarded against formulas (``export.guard_cell``) unless ``raw``."""

    def __init__(self, path: Path, resume: bool, raw: bool = False) -> None:
        self.raw = raw
        super().__init__(path, resume)
        self.buffer = io.StringIO()
        self.writer = export.csv_writer(self.buffer)
        if self.handle.tell() == 0:
            self.writer.writeheader()
            self._flush()

    def _recover(self) -> None:
        """A filing is several lines: a kill may cut it after any of them. Drop the last
        filing's lines as well as a partial line, so that it is parsed again, whole."""
        super()._recover()
        with self.path.open(encoding="utf-8", errors="replace", newline="") as handle:
            rows = list(csv.DictReader(handle))
        if rows:
            last = rows[-1]["source"]
            kept = [row for row in rows if row["source"] != last]
            with self.path.open("w", encoding="utf-8", newline="") as handle:
                writer = export.csv_writer(handle)
                writer.writeheader()
                writer.writerows(kept)
            self.done.discard(self._source(last))

    def _ids(self, text: str) -> set[str]:
        # A quoted cell may hold line breaks of any kind: the csv module splits the records.
        return {self._source(row["source"]) for row in csv.DictReader(io.StringIO(text, newline=""))
                if row.get("source")}

    def _source(self, cell: str) -> str:
        return cell if self.raw else export.unguard_cell(cell)

    def write(self, outcome: Outcome) -> None:
        self.writer.writerows(outcome.rows if self.raw else export.guard_rows(outcome.rows))  # into the buffer: the filing goes out in one write
        self._flush()

    def _flush(self) -> None:
        self.handle.write(self.buffer.getvalue())
        self.handle.flush()
        self.buffer.seek(0)
        self.buffer.truncate()


class ParquetWriter:
    """Two Parquet tables in the folder ``path``: ``filings/`` and ``rows/``, joined on ``source``.

    Values keep the records' exactness: decimals and dates are text (``"1.375"``,
    ``"2008-11-12"``), as in the JSON; row numbers, counts and flags are typed. Documents are
    written in parts of ``PART_SIZE``, each to a temporary name and then renamed, rows before
    filings: a killed batch leaves whole parts only, and a rows part without its filings part
    is removed by ``--resume``, which parses those documents again.
    """

    PART_SIZE = 1000
    _TYPED = {"row": "int64", "rows": "int64", "warnings": "int64", "not_subject_to_section16": "bool_",
              "aff10b5_one": "bool_", "equity_swap_involved": "bool_"}

    def __init__(self, path: Path, resume: bool) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise InputError("Parquet output needs pyarrow: pip install 'form4_peg[parquet]'") from None
        self.pa, self.pq = pa, pq
        self.path = path
        self.done: set[str] = set()
        self.filings_schema = self._schema([*export.FILING_COLUMNS, "rows", "record"])
        self.rows_schema = self._schema(["source", *export.csv_columns()[len(export.FILING_COLUMNS):]])
        if path.exists() and not (path.is_dir() and {p.name for p in path.iterdir()} <= {"filings", "rows"}):
            raise InputError(f"{path} exists and is not a Parquet output of form4 batch: not overwritten")
        if path.exists() and not resume:
            shutil.rmtree(path)
        for part in ("filings", "rows"):
            (path / part).mkdir(parents=True, exist_ok=True)
        if resume:
            self._recover()
        self.parts = len(list((path / "filings").glob("part-*.parquet")))
        self.filings: list[dict] = []
        self.rows: list[dict] = []
        if self.parts == 0:  # two empty tables first: a batch killed before its first part stays readable
            self._flush()

    def _schema(self, columns: list[str]):
        pa = self.pa
        return pa.schema([(name, getattr(pa, self._TYPED.get(name, "string"))()) for name in columns])

    def _recover(self) -> None:
        for stale in self.path.rglob(".*.tmp"):
            stale.unlink()
        kept = {p.name for p in (self.path / "filings").glob("part-*.parquet")}
        for orphan in (self.path / "rows").glob("part-*.parquet"):
            if orphan.name not in kept:
                orphan.unlink()
        for part in sorted((self.path / "filings").glob("part-*.parquet")):
            self.done.update(self.pq.read_table(part, columns=["source"]).column("source").to_pylist())

    def write(self, outcome: Outcome) -> None:
        head = {name: outcome.rows[0].get(name) for name in export.FILING_COLUMNS} if outcome.rows else {}
        rows = [row for row in outcome.rows if row.get("table")]
        self.filings.append({**head, "source": outcome.id, "rows": len(rows),
                             "record": json.dumps(outcome.record, ensure_ascii=False)})
        self.rows.extend({**row, "source": outcome.id} for row in rows)
        if len(self.filings) >= self.PART_SIZE:
            self._flush()

    def _flush(self) -> None:
        name = f"part-{self.parts:05d}.parquet"
        self._write(self.rows, self.rows_schema, self.path / "rows" / name)
        self._write(self.filings, self.filings_schema, self.path / "filings" / name)
        self.parts += 1
        self.filings, self.rows = [], []

    def _write(self, records: list[dict], schema, path: Path) -> None:
        columns = {field.name: [self._cell(r.get(field.name), field.type) for r in records] for field in schema}
        temporary = path.with_name(f".{path.name}.tmp")  # a dot: Parquet readers skip it, should a kill leave it
        self.pq.write_table(self.pa.table(columns, schema=schema), temporary)
        os.replace(temporary, path)

    def _cell(self, value, kind):
        if value is None or kind != self.pa.string():
            return value
        return value if isinstance(value, str) else str(value)

    def close(self) -> None:
        if self.filings:
            self._flush()


WRITERS: dict[str, type] = {".jsonl": JsonlWriter, ".csv": CsvWriter, ".parquet": ParquetWriter}


def writer_for(path: Path, resume: bool, raw_csv: bool = False) -> Writer | ParquetWriter:
    """The writer of ``path``'s format (by its extension); ``raw_csv`` turns off the CSV
    formula guard."""
    suffix = path.suffix.lower()
    if suffix not in WRITERS:
        raise InputError(f"unknown output format {suffix or '(none)'!r}: use one of {', '.join(sorted(WRITERS))}")
    if suffix == ".csv":
        return CsvWriter(path, resume, raw=raw_csv)
    return WRITERS[suffix](path, resume)


class ErrorLog(JsonlWriter):
    """The errors file: one ``{"source", "error", "message", ...}`` a line."""

    def write(self, outcome: Outcome) -> None:
        self.handle.write(json.dumps(outcome.error, ensure_ascii=False) + "\n")
        self.handle.flush()
