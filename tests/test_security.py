"""Files another user can plant, and values a spreadsheet would run, are never executed."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import SEEDS

import form4_peg
from form4_peg import export

EXAMPLE = Path(form4_peg.__file__).parent / "examples" / "form4_markup.txt"

# Run in a fresh interpreter whose temp, cache and home folders are empty: every unpickling is
# refused, then the library, the CLI's parse and a batch run once each.
_PARSE_EVERY_WAY = textwrap.dedent("""
    import pickle, sys
    def refuse(*args, **kwargs):
        raise SystemExit("unpickled: " + repr(args)[:80])
    pickle.load = pickle.loads = refuse
    pickle.Unpickler = type("Refused", (), {"__init__": refuse})
    import form4_peg
    from form4_peg import batch, cli
    from typer.testing import CliRunner
    form4_peg.parse(open(sys.argv[1], encoding="utf-8").read())
    form4_peg.parse_file(sys.argv[1])
    result = CliRunner().invoke(cli.app, ["parse", sys.argv[1], "-f", "json"])
    assert result.exit_code == 0, result.output
    summary = batch.run_batch([sys.argv[1]], __import__("pathlib").Path(sys.argv[2]), workers=1)
    assert summary.parsed == 1
    print("parsed")
""")


def _sandbox(tmp_path: Path) -> tuple[dict[str, str], list[Path]]:
    folders = [tmp_path / name for name in ("tmp", "cache", "home")]
    for folder in folders:
        folder.mkdir()
    env = {**os.environ, "TMPDIR": str(folders[0]), "XDG_CACHE_HOME": str(folders[1]), "HOME": str(folders[2])}
    return env, folders


def _plant(folders: list[Path], marker: Path) -> None:
    """A pickle that writes ``marker`` when loaded, under the names lark's caches and ours
    have used: in lark's cache format (a hash line, then the pickle) and bare."""
    import pickle

    class Payload:
        def __reduce__(self):
            return (Path.write_text, (marker, "ran"))

    body = pickle.dumps(Payload())
    for folder in folders:
        for name in (".form4_peg-0123456789abcdef01234567.lark", ".lark_cache_root_0_1.3.1.tmp", "form4_peg.lark"):
            (folder / name).write_bytes(b"0" * 32 + b"\n" + body)
            (folder / (name + ".raw")).write_bytes(body)


def test_a_parse_unpickles_nothing_and_writes_no_cache(tmp_path):
    """Guards against the analysed grammar being pickled to, or loaded from, a file: a cache in
    a shared temp folder let another user plant code that ran in every parse."""
    env, folders = _sandbox(tmp_path)
    out = tmp_path / "out.jsonl"
    for _ in range(2):  # the second run is where a cache written by the first would be loaded
        done = subprocess.run([sys.executable, "-c", _PARSE_EVERY_WAY, str(EXAMPLE), str(out)], env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout.strip().endswith("parsed")
    written = sorted(str(p.relative_to(tmp_path)) for folder in folders for p in folder.rglob("*"))
    assert written == []


def test_a_planted_pickle_is_never_run(tmp_path):
    """Guards against a pickle planted where a cache was kept (the temp folder, the user's
    cache folder) running as whoever parses next."""
    env, folders = _sandbox(tmp_path)
    marker = tmp_path / "marker"
    _plant(folders, marker)
    script = "import form4_peg, sys; form4_peg.parse(open(sys.argv[1], encoding='utf-8').read()); print('parsed')"
    done = subprocess.run([sys.executable, "-c", script, str(EXAMPLE)], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert not marker.exists()


# ------------------------------------------------------------------------------ CSV formulas

_FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1:A9)", "+1", "-1+1", "\tTAB", "\rCR"]


def _with_formulas() -> form4_peg.Filing:
    """A filing whose text values each start like a formula."""
    from dataclasses import replace

    filing = form4_peg.parse_file(SEEDS / "001_254ee79e6a7d0f4e.txt")
    row = filing.non_derivative_table[0]
    return replace(filing, issuer=replace(filing.issuer, issuer_name=form4_peg.Value(_FORMULAS[0])),
                   reporting_owners=(replace(filing.reporting_owners[0], rpt_owner_name=form4_peg.Value(_FORMULAS[1])),),
                   non_derivative_table=(replace(row, security_title=form4_peg.Value(_FORMULAS[2]),
                                                 nature_of_ownership=form4_peg.Value(_FORMULAS[3])),
                                         replace(row, security_title=form4_peg.Value(_FORMULAS[4]),
                                                 nature_of_ownership=form4_peg.Value(_FORMULAS[5]))))


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def test_no_csv_cell_starts_a_live_formula():
    """Guards against values like =HYPERLINK(...), @SUM(...), +1 or -1+1 reaching a
    spreadsheet as formulas it would run (OWASP CSV injection)."""
    cells = _cells(export.to_csv([(_with_formulas(), "=source")]))
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    for value in [*_FORMULAS, "=source"]:
        assert "'" + value in cells


def test_raw_csv_writes_the_values_as_they_are():
    """Guards against the guard being impossible to turn off for a user who wants the data."""
    cells = _cells(export.to_csv([(_with_formulas(), None)], raw=True))
    assert all(value in cells for value in _FORMULAS)


def test_a_guarded_csv_batch_resumes_by_its_sources(tmp_path):
    """Guards against a resume that reads the guarded cell ("'-form.txt") as another document
    and parses it again."""
    from form4_peg.batch import run_batch

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("-form.txt", "=form.txt", "form.txt"):
        (folder / name).write_bytes((SEEDS / "001_254ee79e6a7d0f4e.txt").read_bytes())
    out = tmp_path / "out.csv"
    run_batch([folder], out, workers=1)
    rows = out.read_text(encoding="utf-8")
    assert f"'{folder}" not in rows  # the folder's own name starts no formula
    again = run_batch([folder], out, workers=1, resume=True)
    assert again.skipped == 2 and again.documents == 1  # the last filing is parsed again, whole
    assert out.read_text(encoding="utf-8") == rows


def test_cli_csv_is_guarded_unless_raw(tmp_path):
    """Guards against the command line writing formulas into its CSV output."""
    from typer.testing import CliRunner

    from form4_peg.cli import app

    text = (SEEDS / "001_254ee79e6a7d0f4e.txt").read_text(encoding="utf-8").replace("Common Stock", "@Common Stock", 1)
    path = tmp_path / "form.txt"
    path.write_text(text, encoding="utf-8")
    guarded = CliRunner().invoke(app, ["parse", str(path), "-f", "csv"]).stdout
    raw = CliRunner().invoke(app, ["parse", str(path), "-f", "csv", "--raw-csv"]).stdout
    assert "'@Common Stock" in _cells(guarded) and "@Common Stock" not in _cells(guarded)
    assert "@Common Stock" in _cells(raw)
