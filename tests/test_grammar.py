"""The grammar's regions: labels are tokens only where they can start a region."""

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
