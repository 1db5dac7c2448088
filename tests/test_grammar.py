"""The grammar's regions: labels are tokens only where they can start a region."""

import pytest

import form4_peg
from conftest import SEEDS


def _names(seed):
    return [r.name for r in form4_peg.regions((SEEDS / f"{seed}.txt").read_text(encoding="utf-8"))]


def test_seed_regions_in_order():
    """Guards against box labels being missed or tables being opened out of place."""
    names = _names("001_254ee79e6a7d0f4e")
    for expected in ("owner_box", "name_caption", "street_caption", "issuer_box", "relationship_box",
                     "director", "period_box", "table_i", "table_ii", "explanation", "footnote",
                     "signature", "signature_caption", "attachment"):
        assert expected in names, expected
    assert names.index("table_i") < names.index("table_ii") < names.index("explanation")


def test_box_labels_inside_footnotes_stay_text():
    """Guards against 'Director' in a footnote being lexed as the relationship box label."""
    regions = form4_peg.regions((SEEDS / "000_f03a0ef374d16d90.txt").read_text(encoding="utf-8"))
    body_directors = [r for r in regions if r.name == "director" and r.part != "head"]
    assert body_directors == []
    footnote = next(r for r in regions if r.name == "footnote")
    assert any(t == "Director" and t.type == "WORD" for t in footnote.tokens)


def test_attachment_is_never_read_for_form_values():
    """Guards against labels inside a power of attorney opening form regions."""
    regions = form4_peg.regions((SEEDS / "001_254ee79e6a7d0f4e.txt").read_text(encoding="utf-8"))
    first = next(i for i, r in enumerate(regions) if r.part == "attachment")
    assert all(r.part == "attachment" for r in regions[first:])
    assert all(t.type in ("WORD", "TAB", "NL") for r in regions[first:] for t in r.tokens)


def test_parse_tree_stage_is_exposed():
    """Guards against the tree stage disappearing from the public API (debugging uses it)."""
    tree = form4_peg.parse_tree("FORM 4\n1. Name and Address of Reporting Person* DOE JOHN\n")
    assert tree.data == "start"


def _region_view(regions):
    return [(r.name, r.part, r.label_text, [(t.type, str(t), t.line, t.column) for t in r.tokens])
            for r in regions]


def test_fused_parse_reads_the_same_regions_as_the_tree():
    """Guards against the fast path (transformer inside the LALR parse) and the tree path that
    ``form4 debug`` shows drifting apart: both must give the same regions, token for token."""
    from form4_peg.api import _fused_regions
    from form4_peg.layout import GAP_LAYOUTS, OCR_LAYOUTS, detect_layout

    texts = sorted(SEEDS.glob("*.txt")) + sorted((SEEDS.parent / "corpus").rglob("*.txt"))
    assert len(texts) > 20
    for path in texts:
        raw = path.read_text(encoding="utf-8")
        layout = detect_layout(raw)
        normalized = form4_peg.normalize(raw, gaps=layout in GAP_LAYOUTS, bars=layout in OCR_LAYOUTS)
        assert _region_view(_fused_regions(normalized)) == _region_view(form4_peg.regions(normalized)), path


def _every_field(regions):
    return [(r.name, r.part, *((t.type, str(t), t.value, t.start_pos, t.line, t.column, t.end_line, t.end_column,
                                t.end_pos) for t in ([r.label] if r.label else []) + r.pieces)) for r in regions]


def test_fast_loop_gives_what_lark_own_loop_gives():
    """Guards against ``FastLalr`` (lark's tables in a loop of our own) drifting from lark's own
    parse: the same regions, pieces and every position of every token, on every fixture."""
    from form4_peg._grammar import fast_parser, fused_parser
    from form4_peg.api import _REGIONS
    from form4_peg.layout import GAP_LAYOUTS, OCR_LAYOUTS, detect_layout

    fast = fast_parser(_REGIONS)
    assert fast is not None, "the installed lark is not the one FastLalr reads: every parse takes the slow loop"
    texts = _fixture_texts()
    assert len(texts) > 20
    for path in texts:
        raw = form4_peg.decode(path.read_bytes())
        layout = detect_layout(raw)
        text = form4_peg.normalize(raw, gaps=layout in GAP_LAYOUTS, bars=layout in OCR_LAYOUTS).text + "\n"
        assert _every_field(fast.parse(text)) == _every_field(fused_parser(_REGIONS).parse(text)), path


def test_make_token_is_lark_token():
    """Guards against the fast token constructor leaving a field unset or different."""
    from lark import Token

    from form4_peg._grammar import make_token

    made, lark_made = make_token("WORD", "Stock", 10, 2, 3, 2, 8, 15), Token("WORD", "Stock", 10, 2, 3, 2, 8, 15)
    assert type(made) is Token and made == lark_made
    assert [getattr(made, k) for k in Token.__slots__] == [getattr(lark_made, k) for k in Token.__slots__]


@pytest.mark.parametrize("text", ["FORM 4\r\nTable I", "FORM 4\n\x1c x\n", "x\u3000y\n"])
def test_what_the_fast_loop_cannot_read_goes_to_lark_for_its_error(text):
    """Guards against the fast loop failing in its own words (or not at all) where lark rejects
    the text: it hands over, and lark's error is what the caller gets."""
    from lark.exceptions import UnexpectedInput

    from form4_peg._grammar import SlowPath, fast_parser, fused_parser
    from form4_peg.api import _REGIONS, _fused_regions
    from form4_peg.errors import GrammarFailure
    from form4_peg.normalize import NormalizedText

    with pytest.raises(SlowPath):
        fast_parser(_REGIONS).parse(text)
    with pytest.raises(UnexpectedInput):
        fused_parser(_REGIONS).parse(text)
    lines = tuple(text.split("\n"))
    with pytest.raises(GrammarFailure, match="could not read this text"):
        _fused_regions(NormalizedText(text, text.removesuffix("\n"), lines, lines))


# ---------------------------------------------------------------- runs (the TEXT terminal)

def _without_runs():
    """The document grammar with its run terminal made to match nothing: a token a word, as
    before runs existed. Regions read with it are what runs must reproduce."""
    from lark import Lark
    from lark.lexer import PatternRE

    from form4_peg._grammar import RUN_TERMINAL, grammar_text

    def never(terminal):
        if terminal.name == RUN_TERMINAL:
            terminal.pattern = PatternRE("(?!)x")

    return Lark(grammar_text(), parser="lalr", lexer="contextual", maybe_placeholders=False,
                propagate_positions=True, edit_terminals=never)


def _token_rows(regions):
    return [(r.name, r.part, *(((t.type, str(t), t.line, t.column, t.end_line, t.end_column, t.start_pos)
                                for t in ([r.label] if r.label else []) + r.tokens))) for r in regions]


def _fixture_texts():
    from conftest import FIXTURES

    return sorted(FIXTURES.rglob("*.txt"))


@pytest.mark.parametrize("path", _fixture_texts(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_runs_give_the_regions_and_tokens_single_words_give(path):
    """Guards against a run swallowing a label (a region lost or merged into its neighbour), or
    splitting back into tokens at the wrong places: every fixture text must read to the same
    regions, token for token, with runs as with one token a word."""
    from form4_peg.api import _fused_regions
    from form4_peg.layout import GAP_LAYOUTS, OCR_LAYOUTS, detect_layout
    from form4_peg.transformer import regions_of

    text = form4_peg.decode(path.read_bytes())
    layout = detect_layout(text)
    normalized = form4_peg.normalize(text, gaps=layout in GAP_LAYOUTS, bars=layout in OCR_LAYOUTS)
    expected = _token_rows(regions_of(_without_runs().parse(normalized.text + "\n")))
    assert _token_rows(_fused_regions(normalized)) == expected
    assert _token_rows(form4_peg.regions(normalized)) == expected


@pytest.mark.parametrize("path", _fixture_texts(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_lines_read_from_runs_are_the_lines_of_their_words(path):
    """Guards against cells, lines, spans or text read straight from runs differing from what the
    same region gives when its runs are split into words first."""
    from form4_peg.api import _fused_regions
    from form4_peg.layout import GAP_LAYOUTS, OCR_LAYOUTS, detect_layout
    from form4_peg.regions import Document, Region

    text = form4_peg.decode(path.read_bytes())
    layout = detect_layout(text)
    normalized = form4_peg.normalize(text, gaps=layout in GAP_LAYOUTS, bars=layout in OCR_LAYOUTS)
    doc = Document(normalized)
    for region in _fused_regions(normalized):
        split = Region(region.name, region.label, region.tokens, part=region.part)
        assert region.typed_lines(doc) == split.typed_lines(doc)
        assert region.span(doc) == split.span(doc)
        assert region.source_text(doc) == split.source_text(doc)
        assert region.has_words == bool(split.words)


def test_a_run_is_one_token_for_many_words():
    """Guards against the run terminal falling out of use (the parse would be as slow as before
    it): the text between two labels is a few tokens, not one a word."""
    tree = form4_peg.parse_tree("FORM 4\n1. Name and Address of Reporting Person* DOE JOHN A\n"
                                "some words\there and\tthere\n")
    types = [t.type for t in tree.scan_values(lambda v: True)]
    # the line break before box 1 is a token of its own: "1." could open a footnote there
    assert types == ["FORM_NAME", "NL", "OWNER_BOX", "TEXT"]


def test_split_run_gives_each_piece_its_place():
    """Guards against wrong lines and columns for the words of a run that spans lines."""
    from lark import Token

    from form4_peg.regions import split_run

    run = Token("TEXT", "ab  cd\tef\ngh\x0bij ", start_pos=10, line=3, column=5)
    pieces = [(t.type, str(t), t.line, t.column, t.end_line, t.end_column, t.start_pos, t.end_pos)
              for t in split_run(run)]
    assert pieces == [
        ("WORD", "ab", 3, 5, 3, 7, 10, 12),
        ("WORD", "cd", 3, 9, 3, 11, 14, 16),
        ("TAB", "\t", 3, 11, 3, 12, 16, 17),
        ("WORD", "ef", 3, 12, 3, 14, 17, 19),
        ("NL", "\n", 3, 14, 4, 1, 19, 20),
        ("WORD", "gh", 4, 1, 4, 3, 20, 22),
        ("ROW_BREAK", "\x0b", 4, 3, 4, 4, 22, 23),
        ("WORD", "ij", 4, 4, 4, 6, 23, 25),
    ]


@pytest.mark.parametrize("path", _fixture_texts(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_runs_cells_hold_its_words_at_their_places(path):
    """Guards against the head's regrouping (geometry.py reads a run cell by cell) moving or
    losing a word: the cells of every run of every fixture, split into words, are the run's
    words, token for token, with a boundary for each TAB and line or row break."""
    from form4_peg.api import _fused_regions
    from form4_peg.layout import GAP_LAYOUTS, OCR_LAYOUTS, detect_layout
    from form4_peg._grammar import RUN_TERMINAL
    from form4_peg.regions import cell_runs, split_run

    def rows(tokens):
        return [(t.type, str(t), t.line, t.column, t.end_line, t.end_column, t.start_pos, t.end_pos) for t in tokens]

    text = form4_peg.decode(path.read_bytes())
    layout = detect_layout(text)
    normalized = form4_peg.normalize(text, gaps=layout in GAP_LAYOUTS, bars=layout in OCR_LAYOUTS)
    runs = [p for r in _fused_regions(normalized) for p in r.pieces if p.type == RUN_TERMINAL]
    assert runs
    for run in runs:
        cells = cell_runs(run)
        whole = split_run(run)
        assert rows(t for cell in cells if cell is not None for t in split_run(cell)) == \
            rows(t for t in whole if t.type == "WORD")
        assert sum(cell is None for cell in cells) == sum(t.type != "WORD" for t in whole)
        assert all(cell is None or str(cell) == normalized.text[cell.start_pos:cell.end_pos] for cell in cells)


@pytest.mark.parametrize("path", _fixture_texts()[::3], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_regions_last_word_is_the_last_of_its_words(path):
    """Guards against last_word (which makes a token of a run's last word alone) differing from
    the last of the region's words, in text, type or place."""
    from form4_peg.api import _fused_regions
    from form4_peg.layout import GAP_LAYOUTS, OCR_LAYOUTS, detect_layout

    def row(token):
        return None if token is None else (token.type, str(token), token.line, token.column, token.end_line,
                                           token.end_column, token.start_pos, token.end_pos)

    text = form4_peg.decode(path.read_bytes())
    layout = detect_layout(text)
    normalized = form4_peg.normalize(text, gaps=layout in GAP_LAYOUTS, bars=layout in OCR_LAYOUTS)
    for region in _fused_regions(normalized):
        words = region.words
        assert row(region.last_word()) == row(words[-1] if words else None)


def test_alternatives_split_only_at_the_top_level():
    """Guards against a label split inside a group or a character class (a run would then test
    fragments of it), or losing its flags."""
    from form4_peg._grammar import alternatives

    assert alternatives("(?i:ab|c(?:d|e)|[|x]\\|y)") == ["(?i:ab)", "(?i:c(?:d|e))", "(?i:[|x]\\|y)"]
    assert alternatives("(?m:(?i:^a|b))") == ["(?mi:^a)", "(?mi:b)"]
    assert alternatives("(?i:a)|(?i:b)") == ["(?i:a)", "(?i:b)"]
    assert alternatives("plain") == ["plain"]


def test_a_line_label_after_its_indent_is_the_same_test_after_a_line_break():
    """The run reads a line's indent once for every label that allows one; the rest of each
    label must keep its flags, and a label with another opening keeps its own test."""
    from form4_peg._grammar import _after_indent

    assert _after_indent("(?mi:^[ \t]*Remarks\\s*:)") == "(?mi:Remarks\\s*:)"
    assert _after_indent("^[ \\t]*x") == "x"
    assert _after_indent("(?m:^[ ]{0,3}x)") is None  # a bounded indent is not the shared one
    assert _after_indent("(?i:Remarks)") is None


def test_dispatch_matches_where_the_plain_alternation_matches():
    """Grouping labels by first character must neither lose a label nor add a match: the
    dispatched alternation and the plain one agree at every position of a text."""
    import re

    from form4_peg._grammar import _dispatch, _first_set

    patterns = ["(?i:Table\\s+I\\b)", "(?i:Title\\s+of)", "(?i:\\(Last\\))", "\\(Zip\\)", "[23]\\s*Issuer",
                "\\d+\\s*%", "(?i:Form\\s+4)", "Form\\s+filed", "(?i:\\bOther\\b)", "(?i:Date\\s+of)", "Zip",
                "Name\\s+and", "(?i:Reminder:)", "\\*\\s*If"]
    members = [(p, _first_set(p)) for p in patterns]
    dispatched = re.compile(_dispatch(members))
    plain = re.compile("|".join(f"(?:{p})" for p in patterns))
    text = ("TABLE I title of (last) (Zip) 2 Issuer 3Issuer 10 % form 4 Form filed FORM filed other Others x "
            "date of Zip zip Name and name and REMINDER: * If *If")
    assert [bool(dispatched.match(text, k)) for k in range(len(text))] == \
        [bool(plain.match(text, k)) for k in range(len(text))]
    assert sum(bool(plain.match(text, k)) for k in range(len(text))) >= 16
    assert dispatched.pattern.count("(?<=") > len(patterns)  # enough tests to stand in buckets


def test_a_shared_indent_is_read_whole_only_when_no_label_starts_with_a_space():
    from form4_peg._grammar import _after_spaces, _first_set

    assert _after_spaces([(p, _first_set(p)) for p in ("Remarks", "(?i:1\\s*\\.)")]) == "(?=[^ \t])"
    assert _after_spaces([(p, _first_set(p)) for p in ("Remarks", "\\s*Notes")]) == ""
    assert _after_spaces([(p, _first_set(p)) for p in ("Remarks", "[ ]Notes")]) == ""
