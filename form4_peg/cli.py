"""The ``form4`` command. Arguments in, an api call, rendering out.

Exit codes (the highest over all inputs wins):
    0  every input parsed with no warning
    1  parsed, with warnings (with --strict, a warning counts as a failure: exit 2)
    2  an input is not an ownership form (or --strict failed)
    3  an input could not be read (missing, unreadable, too large)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from . import __version__
from .api import parse_file
from .errors import Form4Error, InputError
from .render import filing_view

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


@app.command("parse")
def parse_command(
    files: Annotated[list[Path], typer.Argument(help="Text files of Form 3, 4 or 5 filings.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the records as JSON (one object per file, in a list when several).")] = False,
    provenance: Annotated[bool, typer.Option("--provenance/--no-provenance", help="With --json: include each value's raw text and source span.")] = True,
    strict: Annotated[bool, typer.Option("--strict", help="Treat a warning diagnostic as a failure (exit 2).")] = False,
) -> None:
    """Parse FILES and show each as the form it is (or as JSON with --json).

    Exit codes: 0 parsed cleanly, 1 parsed with warnings, 2 not a form (or --strict failed),
    3 input error.
    """
    console = Console(highlight=False)
    errors = Console(stderr=True, highlight=False)
    worst = EXIT_OK
    records = []
    for path in files:
        try:
            filing = parse_file(path, strict=strict)
        except InputError as err:
            errors.print(f"[bold red]error[/]: {err}", markup=True, soft_wrap=True)
            records.append({"source": str(path), **err.to_dict()})
            worst = max(worst, EXIT_INPUT)
            continue
        except Form4Error as err:
            errors.print(f"[bold red]error[/]: {err}", markup=True, soft_wrap=True)
            records.append({"source": str(path), **err.to_dict()})
            worst = max(worst, EXIT_NOT_A_FORM)
            continue
        if filing.warnings:
            worst = max(worst, EXIT_WARNINGS)
        if as_json:
            records.append({"source": str(path), **filing.to_dict(provenance=provenance)})
        else:
            console.print(filing_view(filing, source=str(path) if len(files) > 1 else None))
    if as_json:
        payload = records[0] if len(records) == 1 else records
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    raise typer.Exit(worst)


if __name__ == "__main__":  # pragma: no cover
    app()
