"""Normalisation keeps lines and columns traceable while removing markup."""

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from form4_peg.normalize import CHECKED, ROW_BREAK, normalize


def test_line_count_is_kept():
    """Guards against line numbers in diagnostics drifting from the input's."""
    raw = "a\r\nb\rc\n\n<b>d</b>\n"
    assert len(normalize(raw).lines) == len(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def test_markup_and_marks():
    """Guards against markup or footnote forms reaching the grammar unnormalised."""
    n = normalize('<b>IMMUNOGEN</b> \\$1.375<sup>(1)</sup> 8,000\u207d\u00b2\u207e <input checked="" type="checkbox"/> Director')
    assert n.text == f"IMMUNOGEN $1.375 (1) 8,000 (2) {CHECKED}  Director"


def test_a_cell_of_a_raised_mark_alone_is_the_mark():
    """Guards against a footnote-only cell as text browsers write it ('^(1)' under Date
    Exercisable) read as a stray '^' that fits no column, its footnote lost."""
    n = normalize("Stock   $ 9.97   11/20/2020   M   1,987  ^(1)     11/12/2025   Common")
    assert n.text == "Stock   $ 9.97   11/20/2020   M   1,987  (1)     11/12/2025   Common"
    assert normalize("1,987 ^(1)(2) x^y ^(a)").text == "1,987 (1)(2) x^y ^(a)"


def test_a_raised_star_is_a_star_after_a_word_or_a_space():
    """Guards against '^(*)' of 'Reporting Person ^(*)' kept as the owner's name's first word,
    and '^(**)' of the signature caption read as an empty mark."""
    assert normalize("Person ^(*)    Natera").text == "Person *    Natera"
    assert normalize("Person^* x^\\*^ y").text == "Person* x* y"
    assert normalize("a ^(**)b").text.replace("*", "") == "a b"
    assert "(" not in normalize("^(**)Signature of Reporting Person").text


def test_escaped_quotes_are_quotes():
    """Guards against pandoc's markdown escapes ('\\"ADS\\"') kept in a footnote's text."""
    assert normalize('Share (\\"ADS\\") and it\\\'s').text == 'Share ("ADS") and it\'s'


def test_asciidocs_attribute_references_are_what_they_stand_for():
    """Guards against asciidoc's '{empty}1. The option ...' (pandoc keeps a line from reading as
    a list item so), where the footnote's number stood after '{empty}' and was lost."""
    assert normalize("{empty}1. The option shares").text == "1. The option shares"
    assert normalize("a{nbsp}b {sp}c {other}").text == "a b  c {other}"


def test_latex_removed_but_prices_kept():
    """Guards against OCR's stray LaTeX surviving, or a $ price being taken for LaTeX."""
    n = normalize("with $\\,$ the $% \\left(1\\right)$ end \\$3.21 and $5")
    assert n.text == "with  the  end $3.21 and $5"


def test_column_map_points_into_raw():
    """Guards against spans pointing at the wrong raw column after markup removal."""
    raw = "<b>BDX</b>\t74"
    n = normalize(raw)
    col = n.lines[0].index("74") + 1
    assert raw[n.raw_column(1, col) - 1 :].startswith("74")


def test_idempotent():
    """Guards against a second pass changing text that is already normal."""
    raw = "**Table I**\t<sup>(1)</sup>\t\\*\\* Signature"
    once = normalize(raw).text
    assert normalize(once).text == once


def test_ocr_bars_are_cell_boundaries_with_or_without_spaces():
    # tesseract reads a table's ruled lines as "|" (or "}" between two numbers)
    text = normalize("Class A Common Stock 08/22/2019 S 7,343 |D |181.4768|7,529 I\n182.2804}3,255", bars=True)
    assert text.lines[0].split("\t") == ["Class A Common Stock 08/22/2019 S 7,343", "D", "181.4768", "7,529 I"]
    assert text.lines[1].split("\t") == ["182.2804", "3,255"]
    assert normalize("Founders Fund | LP", bars=False).lines[0] == "Founders Fund | LP"  # not OCR: text


def test_words_map_back_to_themselves_through_several_rewrites():
    """Guards against the span-based column map drifting: through pipes, bold, escapes,
    entities, a link and cut trailing spaces (several rewrites composed), every word the input
    holds as it is must map back onto itself, start and end."""
    raw = r"| **THIEL** PETER | \*\* | [C/O FB](/x?a=1&amp;b) |  | MENLO &amp; PARK | CA | 94025 |   "
    n = normalize(raw)
    assert n.text == "THIEL PETER \t ** \t C/O FB \t  \t MENLO & PARK \t CA \t 94025"  # (a pipe's spaces stay)
    line = n.lines[0]
    for word in ("THIEL", "PETER", "MENLO", "PARK", "CA", "94025"):
        start = line.index(word) + 1
        end = start + len(word)
        assert raw[n.raw_column(1, start) - 1 : n.raw_end_column(1, end) - 1] == word, word
    link = line.index("C/O") + 1  # a replacement maps to the whole text it replaced
    assert raw[n.raw_column(1, link) - 1 : n.raw_end_column(1, link + 6) - 1] == "[C/O FB](/x?a=1&amp;b)"
    amp = line.index("&") + 1
    assert raw[n.raw_column(1, amp) - 1 : n.raw_end_column(1, amp + 1) - 1] == "&amp;"
    assert n.raw_end_column(1, len(line) + 1) <= len(raw) + 1


def test_a_searched_line_map_agrees_with_its_tables(monkeypatch):
    """Guards against the two ways a line map answers drifting apart: searched (a line looked
    up a few times) and tabulated (a line looked up often) must give the same raw columns for
    every offset of every changed line, through any number of rewrites."""
    import sys

    from conftest import FIXTURES

    module = sys.modules["form4_peg.normalize"]  # (the package's "normalize" is the function)

    def columns(n):
        return [(line, k, n.raw_column(line, k), n.raw_end_column(line, k))
                for index, maps in sorted(n.column_maps.items()) for line in [index + 1]
                for k in range(-1, maps.size + 3)]

    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*.txt"))[:40]]
    texts.append(r"| **THIEL** PETER | \*\* | [C/O FB](/x?a=1&amp;b) |  | MENLO &amp; PARK | CA |   ")
    compared = 0
    for raw in texts:
        for gaps, bars in ((True, False), (False, True), (False, False)):
            monkeypatch.setattr(module, "_TABLE_AFTER", 10**9)  # tables from the first lookup
            tabulated = columns(normalize(raw, gaps=gaps, bars=bars))
            monkeypatch.setattr(module, "_TABLE_AFTER", 0)  # never tables: every lookup a search
            searched = columns(normalize(raw, gaps=gaps, bars=bars))
            assert searched == tabulated
            compared += len(searched)
            one_by_one = normalize(raw, gaps=gaps, bars=bars)
            for after in (10**9, 0):  # a line's cells mapped in one call, from tables and by search
                monkeypatch.setattr(module, "_TABLE_AFTER", after)
                for index, maps in normalize(raw, gaps=gaps, bars=bars).column_maps.items():
                    pairs = [[k, k + 3] for k in range(1, maps.size + 1, 5)]
                    assert maps.raw_spans(pairs) == [(one_by_one.raw_column(index + 1, start),
                                                      one_by_one.raw_end_column(index + 1, end)) for start, end in pairs]
    assert compared > 10_000


_PIECES = ["|", "|", " ", " ", "  ", "\t", "\u00a0", "\x0b", "-", "---", ":---:", ":", "\\", "\\|", "a", "1", "| |", " | "]


@given(st.lists(st.sampled_from(_PIECES), max_size=16).map("".join))
@settings(max_examples=3000, deadline=None)
def test_a_markdown_rows_fast_rewrite_matches_the_reference(line):
    """Guards against the fast rewrite of a markdown row's pipes drifting from the reference,
    ``_PIPES.sub(_pipe_width, line)`` less the opening edge (escaped pipes, row breaks, rules
    and spaces around pipes included); against a character other than that edge moving; and
    against the string test of a pipe row drifting from the regex it stands for."""
    import sys

    module = sys.modules["form4_peg.normalize"]
    pipe_row = re.fullmatch(r"\s*\|.*\|\s*", line) is not None  # what a pipe row is, as a regex
    assert module._is_pipe_row(line) == pipe_row
    if not pipe_row:
        return
    text, maps = module._pipe_row(line)
    reference = module._PIPES.sub(module._pipe_width, line)
    assert len(reference) == len(line)
    first = module._PIPES.match(line)
    cut = first.end() if first is not None and first.lastgroup == "edge" else 0
    assert text == reference[cut:]
    assert maps is None if not cut else [maps.start(k) for k in range(len(text))] == list(range(cut, len(line)))


def test_gaps_are_two_spaces_or_more_between_words():
    """Guards against the gap rule taking an indent, a trailing run or a single space, and
    against a gap's TAB moving what follows it: every character keeps its column, so the
    line needs no column map."""
    raw = "   Common Stock    08/22/2019  A   16,840  "
    normalized = normalize(raw, gaps=True)
    assert normalized.lines[0] == "   Common Stock\t   08/22/2019\t A\t  16,840"
    assert normalized.column_maps == {}
    assert normalize(normalized.text, gaps=True).text == normalized.text  # idempotent
    cells = [(m.start(), m.group()) for m in re.finditer(r"[^\t ]+(?: [^\t ]+)*", normalized.lines[0])]
    assert cells == [(m.start(), m.group()) for m in re.finditer(r"\S+(?: \S+)*", raw)]


@given(st.lists(st.sampled_from(["\r", "\n", "\r\n", "a", " ", "\x0b", "\x0c", "\u2028"]), max_size=12).map("".join))
def test_lines_split_as_editors_count_them(raw):
    """Guards against split_lines (string methods, for speed) splitting anywhere but at CRLF, CR
    or LF: a vertical tab, a form feed or a Unicode line separator is not a line end here."""
    from form4_peg.normalize import split_lines

    assert split_lines(raw) == re.split(r"\r\n|\r|\n", raw)


@given(st.lists(st.sampled_from(["a", " ", "\n", "\t", "$", "*", "&", "<b>", "#", "[x](y)", "\\", "\x00", "\x0c",
                                 "\x0b", "\x1f", "\x7f", "|", "\u00a0", "\r\n", "~"]), max_size=30).map("".join))
@example("$\n$")
@example("a$\n\nb\n*")
@settings(max_examples=500)
def test_plain_lines_are_the_lines_without_a_trigger(raw):
    """Guards against the one-pass search for trigger characters (which lets normalize skip the
    markup pass) calling a line plain that holds one, or missing a line's first character."""
    import sys

    module = sys.modules["form4_peg.normalize"]
    lines = module.split_lines(raw)
    plain = module._plain_lines(raw, lines)
    if raw.isascii() and "\r" not in raw:
        assert plain == [module._TRIGGER.search(line) is None for line in lines]
    else:
        assert plain is None


@given(st.lists(st.sampled_from(["a", " ", "**", "*", "\\\\*", "[x](y)", "[", "](", "&amp;", "&", "<b>", "</b>", "<sup>1</sup>",
                                 "$", "\\\\frac", "#", "## ", "\u00b9", "\u207d\u00b9\u207e", "\u00a0", "\u200b", "\ufb01", "|", "x"]),
                max_size=20).map("".join))
@settings(max_examples=1000, deadline=None)
def test_markup_matches_from_the_first_are_the_regex_own(line):
    """Guards against the trigger-led search for markup (tried only at trigger characters, after
    the first match) finding other matches than ``_RULES.finditer`` does."""
    import sys

    module = sys.modules["form4_peg.normalize"]
    expected = [(m.span(), m.lastgroup) for m in module._RULES.finditer(line)]
    first = module._RULES.search(line)
    found = [] if first is None else [(m.span(), m.lastgroup) for m in module._markup_matches(line, first)]
    assert found == expected


@given(st.lists(st.sampled_from(["a", "1", " ", "  ", "|", "}", "]", "\t", "-", "(1)", "\\", "*"]), max_size=12).map("".join),
       st.booleans(), st.booleans())
@settings(max_examples=2000, deadline=None)
def test_a_line_said_to_stay_is_one_the_rewrite_leaves_alone(line, gaps, bars):
    """Guards against the shortcut for plain lines (``_stays``) passing a line that the full
    rewrite would change: such a line must come out of ``_rewrite_line`` as it went in, with
    no map."""
    import sys

    module = sys.modules["form4_peg.normalize"]
    if module._stays(line, gaps, bars) and not module._TRIGGER.search(line):
        assert module._rewrite_line(line, gaps, bars, True) == (line, None)


def test_a_line_from_the_cache_reads_as_one_rewritten_afresh():
    """Guards against the cache of rewritten lines (``_rewrite_memo``) giving a line another
    text or map than a rewrite of its own: every line of the fixtures' markdown, markup, OCR
    and layout texts, rewritten afresh and taken from the cache, maps each column alike; and
    each hit gets a map of its own, since a map keeps count of its lookups."""
    import sys
    from pathlib import Path

    module = sys.modules["form4_peg.normalize"]
    module._rewrite_memo.cache_clear()
    texts = sorted((Path(__file__).parent / "fixtures" / "corpus").glob("*/*.txt"))
    checked = mapped = 0
    for path in texts:
        gaps, bars = ".layout." in path.name, ".ocr" in path.name
        for line in module.split_lines(path.read_text(encoding="utf-8"))[:60]:
            fresh_text, fresh = module._rewrite_settled(line, gaps, bars, False)
            module._rewrite_line(line, gaps, bars, False)
            cached_text, cached = module._rewrite_line(line, gaps, bars, False)  # (a hit, when short)
            assert cached_text == fresh_text
            assert (cached is None) == (fresh is None)
            checked += 1
            if fresh is None:
                continue
            again = module._rewrite_line(line, gaps, bars, False)[1]
            assert again is not cached
            spans = [[k, k + 1] for k in range(1, len(fresh_text) + 2)]
            assert cached.raw_spans(spans) == fresh.raw_spans(spans)
            assert [cached.raw_column(k) for k in range(1, len(fresh_text) + 2)] == \
                   [fresh.raw_column(k) for k in range(1, len(fresh_text) + 2)]
            mapped += 1
    assert module._rewrite_memo.cache_info().hits >= checked // 2
    assert mapped > 50


def test_a_pipe_right_after_a_cells_text_is_no_row_break():
    """Guards against html2text's empty cell ('2019| | C', a pipe right after the text) read as
    the row break of a flattened nested table (' | | '), which split every row in two."""
    row = "Class A Common Stock| 08/22/2019| | C| | 16,840| A|"
    text = normalize(row + "\n" + "---|---|---|---|---|---|---", pipes=True).lines[0]
    assert ROW_BREAK not in text and text.split("\t")[:4] == ["Class A Common Stock", " 08/22/2019", " ", " C"]
    nested = normalize("| 1. Name and Address | | --- | | SMITH JOHN |", pipes=True).lines[0]
    assert ROW_BREAK in nested


def test_pandocs_line_break_is_a_space():
    """Guards against pandoc's hard line break ('THIEL PETER\\' at a cell's end) kept in the value."""
    assert normalize("  THIEL PETER\\      Facebook Inc \\[ FB \\]").text == "  THIEL PETER       Facebook Inc [ FB ]"


def test_single_star_emphasis_goes_and_the_forms_own_stars_stay():
    """Guards against asciidoc's '*FORM 4*' (markdown's italic) hiding a label, and against
    the form's '* If the form is filed', 'Person*' and '** Signature' losing their stars."""
    assert normalize("*FORM 4* and *Table I - Non-Derivative*").text == "FORM 4 and Table I - Non-Derivative"
    for kept in ("Reporting Person* x", "* If the form is filed", "** Signature of Reporting Person"):
        assert normalize(kept).text == kept
