"""Tables drawn with rules (text browsers' frames, pandoc's grid, simple and multiline tables)
read as pipe-table rows: one line a row, the text's line numbers kept."""

from __future__ import annotations

import form4_peg
from form4_peg.grids import unrule

BOXED = """\
┌───────────┬─────────────────────┐
│ 1. Name   │ 2. Issuer Name and  │
│ and       │ Ticker or Trading   │
│ Address   │ Symbol              │
│ THIEL     │ Facebook Inc [ FB ] │
│PETER      ├─────────────────────┤
│ (Last)    │ 3. Date of Earliest │
│ (First)   │ 08/22/2019          │
└───────────┴─────────────────────┘"""


def test_a_framed_table_is_one_row_a_line_with_cells_that_span_rows():
    """Guards against a cell that spans rows (box 1 beside boxes 2 and 3) cut at its
    neighbour's rule, and against the lines of a wrapped cell read as rows of their own."""
    lines = unrule(BOXED).split("\n")
    assert len(lines) == len(BOXED.split("\n"))
    assert [line for line in lines if line.strip()] == [
        "| 1. Name and Address THIEL PETER (Last) (First) | 2. Issuer Name and Ticker or Trading Symbol "
        "Facebook Inc [ FB ] | 3. Date of Earliest 08/22/2019 |", "| --- | --- |"]
    assert lines[1].startswith("| 1. Name")  # the row stands on its first line


GRID = """\
+----------------------+------------+------+
| Class A Common Stock | 08/22/2019 | C    |
+----------------------+------------+------+
| Class A Common       | 08/23/2019 | S    |
| Stock                |            |      |
+----------------------+------------+------+"""


def test_a_grid_table_joins_each_cells_lines():
    """Guards against a title wrapped inside its grid cell read as a row of its own."""
    rows = [line for line in unrule(GRID).split("\n") if line.strip()]
    assert rows == ["| Class A Common Stock | 08/22/2019 | C |", "| --- | --- | --- |",
                    "| Class A Common Stock | 08/23/2019 | S |"]


MULTILINE = """\
  ---------------- ----------------
  1. Name and      2. Issuer Name
  Address          and Ticker

  THIEL PETER      Facebook Inc
                   [ FB ]
  ---------------- ----------------

Explanation of Responses:"""


def test_a_dash_ruled_multiline_table_is_a_row_a_group_and_prose_after_it_stays():
    """Guards against pandoc's multiline rows read line by line, and against the prose after
    the table read as its rows, cut at the table's indent ('planation of Responses')."""
    lines = unrule(MULTILINE).split("\n")
    assert [line for line in lines if line.strip()] == [
        "| --- | --- |", "| 1. Name and Address | 2. Issuer Name and Ticker |",
        "| THIEL PETER | Facebook Inc [ FB ] |", "Explanation of Responses:"]


SPACER = """Signatures

  ------------------------------------ -- ------------
  /s/ Tami Chen, attorney-in-fact         11/24/2020
  ^(**)Signature of Reporting Person      Date
  ------------------------------------ -- ------------
"""


def test_a_dash_ruled_table_with_a_narrow_spacer_column_is_a_table():
    """Guards against pandoc's rule over a two-wide empty column ('--') leaving the table
    unread, its signature and date one run of text."""
    lines = [line for line in unrule(SPACER).split("\n") if line.strip()]
    assert lines[1:] == ["| --- | --- | --- |", "| /s/ Tami Chen, attorney-in-fact |   | 11/24/2020 |",
                         "| ^(**)Signature of Reporting Person |   | Date |"]


def test_a_dash_rule_may_open_with_a_narrow_column():
    """Guards against pandoc's remarks table ('-- ------ ----') left as text, its rule read as
    the remarks."""
    lines = [line for line in unrule("Remarks:\n\n  -- ------------------ ----------\n     /s/ Peter Thiel    03/18/2021\n"
                                     "  -- ------------------ ----------\n").split("\n") if line.strip()]
    assert lines == ["Remarks:", "| --- | --- | --- |", "|   | /s/ Peter Thiel | 03/18/2021 |"]
    assert unrule("a -- b\n-- --\n") == "a -- b\n-- --\n"  # no run of three: no rule


FULL_RULED = """  ----------------------------------------
  **Table II -**
  ------------- ------------ -------------
  1. Title of   6. Date      7. Title
  Derivative    Exercisable

  Series B      ⁽⁴⁾          Class B
  Convertible                Common Stock

  Series C      ⁽⁴⁾          Class B
  Preferred                  Common Stock
  ----------------------------------------

After the table."""


def test_a_multiline_table_closed_by_a_rule_over_its_whole_width_is_a_row_a_group():
    """Guards against pandoc's multiline table that opens with a rule above its title and
    closes with one over its whole width read line by line: 'Series B' a row, 'Convertible'
    another."""
    lines = [line for line in unrule(FULL_RULED).split("\n") if line.strip()]
    assert lines[2:] == ["| --- | --- | --- |", "| 1. Title of Derivative | 6. Date Exercisable | 7. Title |",
                         "| Series B Convertible | ⁽⁴⁾ | Class B Common Stock |",
                         "| Series C Preferred | ⁽⁴⁾ | Class B Common Stock |", "After the table."]


def test_a_pipe_tables_rule_is_left_to_the_markdown_reader():
    """Guards against '|---|---|' (no junctions) taken for a grid, which cost html2text's
    pipe tables their rows."""
    text = "| a | b |\n|---|---|\n| 1 | 2 |\n|---|---|\n| 3 | 4 |"
    assert unrule(text) == text


def test_a_boxed_form_reads_its_boxes_and_rows():
    """Guards against a framed form (w3m -dump of a page with table borders) losing its head
    and rows."""
    head = BOXED.replace("┘", "┤").rsplit("\n", 1)[0]
    table = """\
├──────────────────────┴────────────┬──────┬───────┬───────┬──────┬──────┬─────┤
│ Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned │
├──────────────────────┬────────────┬──────┬───────┬───────┬──────┬──────┬─────┤
│ 1. Title of Security │ 2. Date    │ Code │ Amount│ (A) or│ Price│ Owned│ D/I │
├──────────────────────┼────────────┼──────┼───────┼───────┼──────┼──────┼─────┤
│ Class A Common Stock │ 08/22/2019 │ S    │ 1,968 │ D     │ $180 │14,872│ D   │
└──────────────────────┴────────────┴──────┴───────┴───────┴──────┴──────┴─────┘"""
    filing = form4_peg.parse("FORM 4\nSTATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP\n" + head + "\n" + table)
    assert filing.issuer.issuer_trading_symbol.value == "FB"
    assert [(str(r.transaction_date.value), str(r.transaction_shares.value)) for r in filing.non_derivative_table] == [
        ("2019-08-22", "1968")]


ASCIIDOC = """\
[cols=",,,",options="header",]
|===
|Class A Common Stock |08/22/2019 |C |By
The Founders Fund IV, LP^(1)^

|Class A Common Stock |08/22/2019 |S^(2)^
|Rivendell One LLC
|==="""


def test_an_asciidoc_table_is_a_row_every_cols_cells():
    """Guards against pandoc's asciidoc rows, whose cells run on over lines and wrap before a
    '|', read as lines of their own."""
    rows = [line for line in unrule(ASCIIDOC).split("\n") if line.strip()]
    assert rows == ["| --- | --- | --- | --- |",
                    "| Class A Common Stock | 08/22/2019 | C | By The Founders Fund IV, LP^(1)^ |",
                    "| Class A Common Stock | 08/22/2019 | S^(2)^ | Rivendell One LLC |"]
