"""The ``form4`` command. Arguments in, an api call, rendering out.

Exit codes (the highest over all inputs wins):
    0  every input parsed with no warning
    1  parsed, with warnings (with --strict, a warning counts as a failure: exit 2)
    2  an input is not an ownership form (or --strict failed)
    3  an input could not be read (missing, unreadable, too large)
"""

from __future__ import annotations

import io
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from . import __version__, export
from .api import DEFAULT_MAX_BYTES, parse_file, source_name
from .batch import DEFAULT_INCLUDE, DEFAULT_TIMEOUT
from .errors import Form4Error, GrammarFailure, InputError
from .render import filing_view

DEFAULT_MAX_MB = DEFAULT_MAX_BYTES / (1024 * 1024)

EXIT_OK, EXIT_WARNINGS, EXIT_NOT_A_FORM, EXIT_INPUT = 0, 1, 2, 3

app = typer.Typer(
    name="form4",
    help="Parse the text of SEC Forms 3, 4 and 5 (from PDF-to-text, OCR or markdown converters) "
    "into records with the fields of the SEC ownership XML.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"form4_peg {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """form4_peg command line."""


class Format(str, Enum):
    rich = "rich"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    xml = "xml"


_EXTENSIONS = {Format.rich: "txt", Format.json: "json", Format.jsonl: "jsonl", Format.csv: "csv", Format.xml: "xml"}


def _render(fmt: Format, filing, source: str, provenance: bool, raw_csv: bool = False, header: bool = True) -> str:
    """One filing in ``fmt``, as a file of its own holds it (CSV without its header line when
    ``header`` is false)."""
    if fmt is Format.json:
        return json.dumps({"source": source, **filing.to_dict(provenance=provenance)}, indent=2, ensure_ascii=False) + "\n"
    if fmt is Format.jsonl:
        return export.to_jsonl([(filing, source)], provenance=provenance)
    if fmt is Format.csv:
        return export.to_csv([(filing, source)], header=header, raw=raw_csv)
    if fmt is Format.xml:
        return filing.to_xml()
    console = Console(file=io.StringIO(), width=100, no_color=True, highlight=False)
    console.print(filing_view(filing))
    return console.file.getvalue()


@app.command("parse")
def parse_command(
    files: Annotated[list[Path], typer.Argument(help="Text files of Form 3, 4 or 5 filings (ownership XML is read too).", show_default=False)],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output: rich (the form, drawn), json, jsonl (one record a line), csv (one line per table row), xml (SEC ownership XML).")] = Format.rich,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Write one output file per input into this folder, named after the input (a name already taken gets -2, -3, ...).", file_okay=False)] = None,
    provenance: Annotated[bool, typer.Option("--provenance/--no-provenance", help="With json/jsonl: include each value's raw text and source span.")] = True,
    strict: Annotated[bool, typer.Option("--strict", help="Treat a warning diagnostic as a failure (exit 2).")] = False,
    max_size: Annotated[float, typer.Option("--max-size", metavar="MB", min=0, help="Refuse a file larger than this many megabytes (exit 3).")] = DEFAULT_MAX_MB,
    raw_csv: Annotated[bool, typer.Option("--raw-csv", help="With csv: write cells as they are, without the quote that keeps a spreadsheet from running a cell that starts with = + - @ as a formula.")] = False,
) -> None:
    """Parse FILES and print each as the form it is, or in another --format.

    Each input gets its output or its error line, whatever the others give.
    Exit codes: 0 parsed cleanly, 1 parsed with warnings, 2 not a form (or --strict failed),
    3 input error.
    """
    fmt = Format.json if as_json else fmt
    console = Console(highlight=False)
    errors = Console(stderr=True, highlight=False)
    worst = EXIT_OK
    records: list[dict] = []  # --format json: printed as one document at the end
    failures: list[dict] = []
    names = _OutputNames(out, _EXTENSIONS[fmt]) if out is not None else None
    header = True  # CSV on standard output: one header line, before the first rows
    for path in files:
        source = source_name(path)
        try:
            filing = _parse_one(path, source, strict, int(max_size * 1024 * 1024))
            if fmt is Format.json and names is None:
                records.append({"source": source, **filing.to_dict(provenance=provenance)})
            elif fmt is Format.rich and names is None:
                console.print(filing_view(filing, source=source if len(files) > 1 else None))
            else:
                rendered = _render(fmt, filing, source, provenance, raw_csv, header=header)
                if names is not None:
                    names.next(path).write_text(rendered, encoding="utf-8")
                else:
                    sys.stdout.write(rendered)
                    header = False
        except Form4Error as err:
            errors.print(f"[bold red]error[/]: {escape(str(err))}", markup=True, soft_wrap=True)
            failures.append({**err.to_dict(), "source": source})
            worst = max(worst, EXIT_INPUT if isinstance(err, InputError) else EXIT_NOT_A_FORM)
            continue
        if filing.warnings:
            worst = max(worst, EXIT_WARNINGS)
    if names is not None:
        if failures:
            names.errors.write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in failures),
                                    encoding="utf-8")
    elif fmt is Format.json:
        payload = records + failures
        sys.stdout.write(json.dumps(payload[0] if len(payload) == 1 and len(files) == 1 else payload,
                                    indent=2, ensure_ascii=False) + "\n")
    elif fmt is Format.jsonl:
        sys.stdout.write("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in failures))
    raise typer.Exit(worst)


def _parse_one(path: Path, source: str, strict: bool, max_bytes: int):
    """``parse_file``, with a fault of ours as a ``GrammarFailure``: one input never stops the
    others, nor loses their output."""
    try:
        return parse_file(path, strict=strict, max_bytes=max_bytes)
    except Form4Error:
        raise
    except Exception as err:  # noqa: BLE001 - a bug of ours, reported as this input's failure
        raise GrammarFailure(f"internal error: {type(err).__name__}: {err}", source=source) from err


class _OutputNames:
    """The files of ``parse --out DIR``: each named after its input, a name taken by an earlier
    input of the same run (or by the errors file) numbered on (``name-2.json``)."""

    def __init__(self, folder: Path, extension: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder, self.extension = folder, extension
        self.errors = folder / "errors.jsonl"
        self.taken = {self.errors.name}

    def next(self, path: Path) -> Path:
        stem = source_name(Path(path.stem))
        name, number = f"{stem}.{self.extension}", 1
        while name in self.taken:
            number += 1
            name = f"{stem}-{number}.{self.extension}"
        self.taken.add(name)
        return self.folder / name


@app.command("batch")
def batch_command(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (searched recursively), globs, and .zip or .tar(.gz) archives.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output by extension: .jsonl (a filing a line), .csv (a table row a line) or .parquet (a folder of two tables, filings/ and rows/, joined on source).")],
    errors: Annotated[Path | None, typer.Option("--errors", help="Where failed documents go, a JSON line each (default: OUT.errors.jsonl).", dir_okay=False)] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1, help="Worker processes (default: the CPU count).")] = None,
    max_size: Annotated[float, typer.Option("--max-size", metavar="MB", min=0, help="Record a document larger than this many megabytes as failed (InputError).")] = DEFAULT_MAX_MB,
    timeout: Annotated[float, typer.Option("--timeout", min=0, help="Seconds a document may take before it is recorded as failed (TimeLimitError); 0 for no limit.")] = DEFAULT_TIMEOUT,
    scheduler: Annotated[str | None, typer.Option("--scheduler", metavar="ADDRESS", help="Run on a dask.distributed cluster, e.g. tcp://10.0.0.5:8786 (needs form4_peg[dask]); --workers is then ignored.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Skip documents already in OUT or in the errors file.")] = False,
    include: Annotated[str, typer.Option("--include", help="Comma-separated name patterns of the documents to read in folders and archives.")] = ",".join(DEFAULT_INCLUDE),
    provenance: Annotated[bool, typer.Option("--provenance/--no-provenance", help="With .jsonl: keep each value's raw text and span.")] = False,
    raw_csv: Annotated[bool, typer.Option("--raw-csv", help="With .csv: write cells as they are, without the quote that keeps a spreadsheet from running a cell that starts with = + - @ as a formula.")] = False,
) -> None:
    """Parse many documents into one output file, in parallel, with a progress bar.

    A document that fails, or takes longer than --timeout, is written to the errors file with
    its id and the reason, and the batch goes on. Output is written a whole record at a time, so
    a killed batch leaves a valid file; --resume then skips what is done. Exit codes: 0 every document parsed, 1 some failed,
    3 an input or the output could not be used.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from . import batch
    from .render import batch_summary

    console = Console(highlight=False)
    patterns = tuple(p.strip() for p in include.split(",") if p.strip())
    columns = (TextColumn("batch"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]:.0f} docs/s  failed {task.fields[failed]}"), TimeElapsedColumn())
    try:
        total = sum(1 for _ in batch.iter_sources(inputs, patterns))
        with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("batch", total=total, rate=0.0, failed=0)

            def advance(outcome, summary) -> None:
                progress.update(task, advance=1, rate=summary.per_second, failed=summary.failed)

            summary = batch.run_batch(inputs, out, errors=errors, workers=workers, resume=resume,
                                      include=patterns, provenance=provenance, timeout=timeout or None,
                                      max_bytes=int(max_size * 1024 * 1024),
                                      scheduler=scheduler, raw_csv=raw_csv, on_outcome=advance)
    except Form4Error as err:
        _fail(console, err)
    except OSError as err:
        _fail(console, InputError(f"cannot write the output: {err.strerror or err}"))
    console.print(batch_summary(summary, out, errors or out.with_name(out.name + ".errors.jsonl")))
    raise typer.Exit(EXIT_WARNINGS if summary.failed else EXIT_OK)


@app.command("debug")
def debug_command(
    file: Annotated[Path | None, typer.Argument(help="A text to debug (or, with --rule, a snippet file).", show_default=False)] = None,
    diff: Annotated[bool, typer.Option("--diff", help="Show each line normalisation changed, before and after.")] = False,
    tokens: Annotated[str | None, typer.Option("--tokens", metavar="REGION", help="Show the tokens of REGION (e.g. table_i, owner_box, footnote#2).")] = None,
    tree: Annotated[bool, typer.Option("--tree", help="Show the parse tree (all of it, or --region's).")] = False,
    region: Annotated[str | None, typer.Option("--region", metavar="REGION", help="With --tree: only this region's subtree.")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show every value of the record: line and column, raw text, repairs, diagnostics.")] = False,
    labels: Annotated[bool, typer.Option("--labels/--no-labels", help="Show the labels the grammar matched, with their scores.")] = True,
    regions: Annotated[bool, typer.Option("--regions/--no-regions", help="Show the line-by-line region map.")] = True,
    rule: Annotated[str | None, typer.Option("--rule", metavar="RULE", help="Parse --text (or FILE) from this grammar rule alone, e.g. table_i.")] = None,
    text: Annotated[str | None, typer.Option("--text", help="With --rule: the snippet to parse (\\n and \\t are a line end and a cell break).")] = None,
) -> None:
    """Show each stage of the parse of FILE: layout detection and its evidence, the labels the
    grammar matched, a line-by-line map of regions and of the values read from each line, and
    where it failed, with what it expected there.

    With --rule RULE, parse a snippet (--text or FILE) from one rule of the grammar and show its
    tree, to test the rule in isolation.

    Exit codes: 0 parsed, 1 parsed with warnings, 2 not a form (or the rule failed), 3 input error.
    """
    from . import debug
    from .debug_view import failure_view, trace_view, tree_view

    console = Console(highlight=False)
    if rule is not None:
        if text is None and file is None:
            _fail(console, InputError("--rule needs a snippet: --text '...' or a FILE"))
        snippet = text.replace("\\n", "\n").replace("\\t", "\t") if text is not None else _read_text(console, file)
        try:
            parsed = debug.parse_rule(rule, snippet)
        except Form4Error as err:
            console.print(failure_view(err))
            raise typer.Exit(EXIT_NOT_A_FORM) from None
        console.print(tree_view(parsed, f"{rule}: parsed"))
        raise typer.Exit(EXIT_OK)
    if file is None:
        _fail(console, InputError("give a FILE to debug, or --rule RULE --text '...'"))
    try:
        found = debug.trace_file(file)
    except Form4Error as err:
        _fail(console, err)
    console.print(trace_view(found, diff=diff, tokens=tokens, tree=tree, region=region, explain=explain,
                             show_labels=labels, show_regions=regions))
    if found.error is not None:
        raise typer.Exit(EXIT_INPUT if isinstance(found.error, InputError) else EXIT_NOT_A_FORM)
    raise typer.Exit(EXIT_WARNINGS if found.filing is not None and found.filing.warnings else EXIT_OK)


def _read_text(console: Console, path: Path) -> str:
    from .api import decode

    try:
        return decode(path.read_bytes())
    except OSError as err:
        _fail(console, InputError(f"cannot read the file: {err.strerror or err}", source=str(path)))


def _fail(console: Console, err: Form4Error) -> NoReturn:
    Console(stderr=True, highlight=False).print(f"[bold red]error[/]: {escape(str(err))}", markup=True, soft_wrap=True)
    raise typer.Exit(EXIT_INPUT if isinstance(err, InputError) else EXIT_NOT_A_FORM)


@app.command("grammar")
def grammar_command(
    name: Annotated[str | None, typer.Argument(help="A rule or terminal to print (e.g. table_i, TABLE_I_TITLE).", show_default=False)] = None,
) -> None:
    """List the layouts, rules and terminals of the grammar, a line each; or print NAME's definition."""
    from ._grammar import grammar_entries, suggest
    from .debug_view import entry_view, grammar_view

    console = Console(highlight=False)
    if name is None:
        console.print(grammar_view())
        return
    entries = grammar_entries()
    entry = entries.get(name)
    if entry is None:
        _fail(console, InputError(f"the grammar has no rule or terminal {name!r}{suggest(name)}"))
    console.print(entry_view(entry), soft_wrap=True)


@app.command("eval")
def eval_command(
    corpus: Annotated[Path, typer.Argument(help="A corpus laid out like shared/corpus/dev: <id>/truth.xml beside <renderer>.<variant>.txt.", exists=True, file_okay=False)],
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the full report (every document, every mismatch) to this file.")] = None,
    variant: Annotated[list[str] | None, typer.Option("--variant", help="Only these variants (e.g. edgar.markup, or ocr-tsv for both renderers). Repeatable.")] = None,
    worst: Annotated[int, typer.Option("--worst", help="How many of the worst documents to show.", min=0)] = 5,
    fields: Annotated[bool, typer.Option("--fields/--no-fields", help="Show the per-field table.")] = True,
) -> None:
    """Parse every text of CORPUS and score it field by field against its truth.xml.

    Prints precision, recall and F1 per variant and per field, the documents that failed, and
    the worst documents with their mismatches (truth against parsed). Exit code 0 when every
    document parsed, 1 when some failed, 3 when the corpus holds no documents.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from . import evaluate
    from .render import eval_report

    documents = evaluate.corpus_documents(corpus, variant)
    if not documents:
        Console(stderr=True).print(f"no <id>/truth.xml with texts beside it under {corpus}")
        raise typer.Exit(EXIT_INPUT)
    console = Console(highlight=False)
    columns = (TextColumn("eval"), BarColumn(), MofNCompleteColumn(), TextColumn("failed {task.fields[failed]}"),
               TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("eval", total=len(documents), failed=0)
        failed = 0

        def advance(result) -> None:
            nonlocal failed
            failed += result.comparison is None
            progress.update(task, advance=1, failed=failed)

        results = evaluate.evaluate_corpus(corpus, variant, on_document=advance)
    summary = evaluate.summarize(results)
    console.print(eval_report(summary, worst=worst, fields=fields))
    if json_out is not None:
        json_out.write_text(json.dumps(summary, indent=2, default=str), encoding="utf-8")
        console.print(f"full report: {json_out}")
    raise typer.Exit(EXIT_WARNINGS if summary["failed"] else EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    app()
