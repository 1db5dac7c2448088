"""Normalisation keeps lines and columns traceable while removing markup."""

from form4_peg.normalize import CHECKED, normalize


def test_line_count_is_kept():
    """Guards against line numbers in diagnostics drifting from the input's."""
    raw = "a\r\nb\rc\n\n<b>d</b>\n"
    assert len(normalize(raw).lines) == len(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def test_markup_and_marks():
    """Guards against markup or footnote forms reaching the grammar unnormalised."""
    n = normalize('<b>IMMUNOGEN</b> \\$1.375<sup>(1)</sup> 8,000\u207d\u00b2\u207e <input checked="" type="checkbox"/> Director')
    assert n.text == f"IMMUNOGEN $1.375 (1) 8,000 (2) {CHECKED}  Director"


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
