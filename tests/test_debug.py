"""The grammar debugging mode: form4_peg.debug (the stages of a parse) and form4 debug / grammar."""

from __future__ import annotations

import re

import pytest
from conftest import CORPUS_FIXTURES, ROOT, SEEDS
from typer.testing import CliRunner

import form4_peg
from form4_peg import GrammarFailure, NotAForm4Error
from form4_peg._grammar import grammar_entries
from form4_peg.cli import app
from form4_peg.debug import find_regions, parse_rule, trace, trace_file
from form4_peg.layout import detect_layout

ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
FILING = CORPUS_FIXTURES / "52a940c31ea8"
# One rendering per layout id; the layout each is detected as is checked below.
LAYOUT_TEXTS = {
    "markdown": FILING / "edgar.markdown.txt",
    "markup": FILING / "edgar.markup.txt",
    "tsv": FILING / "edgar.ocr-tsv.txt",
    "layout": FILING / "edgar.layout.txt",
    "ocr": FILING / "edgar.ocr.txt",
    "stream": FILING / "edgar.stream.txt",
}
CLEAN = SEEDS / "001_254ee79e6a7d0f4e.txt"
LETTER = "Dear shareholder,\nThe annual meeting is on May 5.\n"


@pytest.fixture
def runner():
    return CliRunner()


# ----------------------------------------------------------------------------- the trace


@pytest.mark.parametrize("layout", sorted(LAYOUT_TEXTS))
def test_layout_choice_is_the_first_passing_test(layout):
    """Guards against a debug view whose layout evidence disagrees with what parse chose."""
    found = trace_file(LAYOUT_TEXTS[layout])
    assert found.layout == layout == detect_layout(found.raw)
    names = [t.layout for t in found.tests]
    chosen = names.index(layout)
    assert found.tests[chosen].passed
    assert not any(t.passed for t in found.tests[:chosen])
    runner_up = found.runner_up
    if layout == "stream":  # the fallback: the runner-up is the failed test nearest its threshold, if any
        assert runner_up is None or (not runner_up.passed and runner_up.score > 0)
    else:
        assert runner_up is not None and runner_up.passed and runner_up.layout != layout
    assert all(t.evidence for t in found.tests)


def test_labels_point_at_their_text():
    """Guards against label evidence whose line and column do not hold the label."""
    found = trace_file(LAYOUT_TEXTS["markdown"])
    assert {"OWNER_BOX", "ISSUER_BOX", "TABLE_I_TITLE", "TABLE_II_TITLE"} <= {h.terminal for h in found.labels}
    for hit in found.labels:
        line = found.normalized.lines[hit.line - 1]
        first_word = hit.text.split()[0]
        assert line[hit.column - 1:].startswith(first_word), hit
        assert 0 <= hit.score <= 100


def test_label_damage_lowers_its_score():
    """Guards against a score that does not tell a printed label from a damaged one."""
    text = CLEAN.read_text(encoding="utf-8")
    clean = {h.terminal: h.score for h in trace(text).labels}
    damaged_text = re.sub(r"Name and Address of Reporting Person", "Name  and Addrcss of Reporting Person", text)
    assert damaged_text != text
    damaged = trace(damaged_text)
    owner = [h for h in damaged.labels if h.terminal == "OWNER_BOX"]
    assert clean["OWNER_BOX"] == 100
    assert owner == [] or owner[0].score < 100  # matched with less confidence, or not at all


def test_line_map_flags_lines_in_no_region_and_lines_read():
    """Guards against a region map that hides text the grammar put nowhere."""
    text = "stray header text\nmore of it\n" + LAYOUT_TEXTS["markdown"].read_text(encoding="utf-8")
    found = trace(text)
    roles = {info.number: info.role for info in found.lines}
    assert roles[1] == roles[2] == "outside"
    filing = found.filing
    row_line = filing.non_derivative_table[0].transaction_date.value and \
        filing.non_derivative_table[0].transaction_date.span.line
    info = found.lines[row_line - 1]
    assert info.role == "read" and "I.1" in info.read and "table_i" in info.regions


def test_a_table_line_nothing_was_read_from_is_unread():
    """Guards against a dropped table line passing unnoticed in the region map."""
    lines = LAYOUT_TEXTS["layout"].read_text(encoding="utf-8").splitlines()
    found = trace("\n".join(lines))
    after_last_row = found.filing.non_derivative_table[-1].span.end_line
    lines[after_last_row:after_last_row] = ["", "                                       ~~~~   ~~~~"]
    found = trace("\n".join(lines))
    info = found.lines[after_last_row + 1]
    assert info.text.strip().startswith("~~~~") and "table_i" in info.regions
    assert info.role == "unread"
    assert "I.3" in found.lines[after_last_row - 1].read


@pytest.mark.parametrize("layout", ["markup", "tsv", "stream"])
def test_explained_values_carry_the_raw_text_under_their_span(layout):
    """Guards against provenance that points somewhere other than where a value was read."""
    found = trace_file(LAYOUT_TEXTS[layout])
    raw_lines = found.normalized.raw_lines
    checked = 0
    for item in found.values:
        span, raw = item.value.span, item.value.raw
        if span is None or raw is None or isinstance(item.value.value, bool):
            continue  # a tick's raw is its mark and its span the label it ticks
        if span.line == span.end_line:
            assert raw_lines[span.line - 1][span.column - 1:span.end_column - 1] == raw, item.path
            checked += 1
    assert checked >= 20


def test_diagnostics_are_attached_to_the_values_they_concern():
    """Guards against --explain losing the link from a repaired value to its diagnostic."""
    found = trace_file(SEEDS / "002_a79c6df009f87b49.txt")
    repaired = [v for v in found.values if v.value.repaired]
    assert repaired
    assert any(d.code == "repaired_value" for v in repaired for d in v.diagnostics)


def test_a_failed_parse_keeps_the_stages_before_it():
    """Guards against debug showing nothing for exactly the texts it is needed for."""
    found = trace(LETTER)
    assert isinstance(found.error, NotAForm4Error)
    assert found.normalized is not None and found.filing is None
    assert [info.role for info in found.lines[:2]] == ["outside", "outside"]
    assert "Table I" in found.error.expected


def test_find_regions_by_name_and_number():
    """Guards against --tokens footnote#2 picking the wrong region."""
    found = trace_file(LAYOUT_TEXTS["markdown"])
    notes = find_regions(found, "footnote")
    assert len(notes) >= 2
    assert find_regions(found, "footnote#2") == [notes[1]]
    assert find_regions(found, "footnote#99") == []


# ----------------------------------------------------------------------------- one rule


def test_parse_a_snippet_from_one_rule():
    """Guards against --rule parsing from the document start instead of the named rule."""
    tree = parse_rule("table_i", "Table I - Non-Derivative Securities Acquired\n1. Title of Security\tCommon Stock")
    assert tree.data == "table_i"
    assert [t.type for t in tree.children[:1]] == ["TABLE_I_TITLE"]
    assert "COLUMN_LABEL" in {t.type for t in tree.children}


def test_a_failing_rule_says_what_it_expected_in_the_forms_words():
    """Guards against lark's terminal names (TABLE_I_TITLE) reaching the user."""
    with pytest.raises(GrammarFailure) as caught:
        parse_rule("table_i", "Common Stock\t100")
    err = caught.value
    assert (err.line, err.column) == (1, 1)
    assert any("Table I title" in item for item in err.expected)
    assert "TABLE_I_TITLE" not in str(err)


def test_an_unknown_rule_is_named_with_suggestions():
    """Guards against a misspelt rule giving a lark traceback."""
    with pytest.raises(GrammarFailure, match="did you mean 'table_i'"):
        parse_rule("tabel_i", "x")


def test_every_public_rule_and_terminal_is_described():
    """Guards against a grammar change that leaves form4 grammar and error messages without words."""
    entries = grammar_entries()
    assert {"table_i", "owner_box", "TABLE_I_TITLE", "WORD"} <= set(entries)
    for entry in entries.values():
        assert entry.definition.lstrip("?").startswith(entry.name)
        if entry.public:
            assert entry.description, f"{entry.name} has no /// description in grammar/form4.lark"


# ----------------------------------------------------------------------------- the CLI


@pytest.mark.parametrize("args, code", [
    ([str(LAYOUT_TEXTS["markdown"])], 0),
    ([str(SEEDS / "002_a79c6df009f87b49.txt")], 1),
    (["--rule", "table_i", "--text", "Table I - Non-Derivative Securities\\nCommon Stock"], 0),
    (["--rule", "table_i", "--text", "Common Stock"], 2),
    (["--rule", "no_such_rule", "--text", "x"], 2),
    (["/nonexistent/form.txt"], 3),
    ([], 3),
])
def test_debug_exit_codes(runner, args, code):
    """Guards against debug exit codes that differ from parse's documented ones."""
    result = runner.invoke(app, ["debug", *args], env=ENV)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output


def test_debug_of_a_letter_shows_the_failure_with_a_caret(runner, tmp_path):
    """Guards against a debug run that hides why a text is not a form."""
    path = tmp_path / "letter.txt"
    path.write_text(LETTER)
    result = runner.invoke(app, ["debug", str(path)], env=ENV)
    assert result.exit_code == 2
    assert "NotAForm4Error" in result.stdout and "expected:" in result.stdout
    assert re.search(r"^\W*Dear shareholder,\s*\W*$\n^\W*\^", result.stdout, re.MULTILINE)


def test_debug_all_stages_fit_100_columns_in_plain_text(runner):
    """Guards against debug output wider than the terminal or carrying colour codes under NO_COLOR."""
    args = ["debug", str(LAYOUT_TEXTS["tsv"]), "--diff", "--tokens", "table_i", "--tree", "--region", "footnote",
            "--explain"]
    result = runner.invoke(app, args, env=ENV)
    out = result.stdout
    assert result.exit_code in (0, 1)
    for title in ("Layout detection", "Labels the grammar matched", "Normalisation:", "Regions:",
                  "Tokens of table_i", "Parse tree of footnote", "Value provenance"):
        assert title in out, title
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "\x1b[" not in out


def test_grammar_lists_and_prints_rules(runner):
    """Guards against form4 grammar leaving out layouts or rules, or printing the wrong definition."""
    listing = runner.invoke(app, ["grammar"], env=ENV)
    assert listing.exit_code == 0
    for name in ("markdown", "stream", "table_ii", "footnote", "TABLE_II_TITLE"):
        assert name in listing.stdout
    one = runner.invoke(app, ["grammar", "TABLE_II_TITLE"], env=ENV)
    assert one.exit_code == 0 and "TABLE_II_TITLE.5: /Table" in one.stdout
    missing = runner.invoke(app, ["grammar", "tabel_ii"], env=ENV)
    assert missing.exit_code == 3 and "did you mean" in missing.stderr


# ----------------------------------------------------------------------------- snapshots


@pytest.mark.parametrize("layout", sorted(LAYOUT_TEXTS))
def test_parse_and_debug_output_per_layout(layout, runner, snapshot_text, monkeypatch):
    """Guards against an unreviewed change in what parse and debug print for each layout."""
    monkeypatch.chdir(ROOT)
    path = str(LAYOUT_TEXTS[layout].relative_to(ROOT))
    parsed = runner.invoke(app, ["parse", path], env=ENV)
    debugged = runner.invoke(app, ["debug", path, "--explain"], env=ENV)
    assert parsed.exit_code in (0, 1) and debugged.exit_code == parsed.exit_code
    assert f"layout: {layout}" in parsed.stdout and f"layout {layout}" in debugged.stdout
    assert parsed.stdout == snapshot_text(name=f"parse-{layout}")
    assert debugged.stdout == snapshot_text(name=f"debug-{layout}")


# ----------------------------------------------------------------------------- found with debug


def test_rows_under_an_unmatched_table_title_are_not_lost_silently():
    """Guards against a table title the grammar cannot match dropping its rows without a word
    (found by running form4 debug on a hand-altered filing)."""
    text = LAYOUT_TEXTS["layout"].read_text(encoding="utf-8")
    rows = len(form4_peg.parse(text).non_derivative_table)
    untitled = text.replace("Table I - Non-Derivative", "Tabel 1 - Non Derivative")
    assert untitled != text and rows == 3
    # the column headings open the table when its title is lost; with both damaged, the rows
    # are reported
    assert len(form4_peg.parse(untitled).non_derivative_table) == rows
    altered = untitled.replace("2. Transaction", "2. Transactoin", 1)
    assert altered != untitled
    filing = form4_peg.parse(altered)
    assert filing.non_derivative_table == ()
    stray = [d for d in filing.diagnostics if d.code == "row_outside_table"]
    assert len(stray) == rows and all(d.severity == "warning" for d in stray)
    assert all("Common Stock" in d.snippet for d in stray)
