"""Input that is not a form, or cannot be read: one error family, never a lark exception."""

import contextlib
import os
import threading

import pytest

import form4_peg
from form4_peg import Form4Error, InputError, NotAForm4Error

TEN_K = """UNITED STATES SECURITIES AND EXCHANGE COMMISSION
Washington, D.C. 20549
FORM 10-K
ANNUAL REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE ACT OF 1934
For the fiscal year ended December 31, 2024
"""


@pytest.mark.parametrize("text", ["", "   \n\t\n", TEN_K, "\x00\x01\x02garbage\xff" * 20, "Director Director"])
def test_not_a_form_raises_form4_error(text):
    """Guards against a non-form text yielding an empty record or a lark traceback."""
    with pytest.raises(NotAForm4Error) as info:
        form4_peg.parse(text)
    assert any(words in str(info.value) for words in ("not an ownership form", "empty", "white space"))
    assert info.value.line == 1 or text == TEN_K


def test_error_names_line_column_and_snippet():
    """Guards against errors that do not say where the text went wrong."""
    with pytest.raises(NotAForm4Error) as info:
        form4_peg.parse("\n\nNothing of the form here.\n")
    err = info.value
    assert (err.line, err.column) == (3, 1)
    assert err.snippet == "Nothing of the form here."
    assert "(at line 3, column 1)" in str(err)
    assert str(err).splitlines()[-1].strip() == "^"


@pytest.mark.parametrize("title, name", [
    ("FORM 10-K", "FORM 10-K"), ("FORM 8-K", "FORM 8-K"), ("SCHEDULE 13D", "SCHEDULE 13D"),
    ("Form 144", "FORM 144"), ("  FORM 10-Q/A", "FORM 10-Q/A"), ("SCHEDULE 13G/A", "SCHEDULE 13G/A"),
])
def test_another_sec_form_is_named_where_it_stands(title, name):
    """Guards against a 10-K or a 13D getting only "not a form", with no word of what it is."""
    text = f"UNITED STATES SECURITIES AND EXCHANGE COMMISSION\nWashington, D.C. 20549\n\n{title}\n" \
           "Filed pursuant to the Securities Exchange Act of 1934\n"
    with pytest.raises(NotAForm4Error) as info:
        form4_peg.parse(text)
    err = info.value
    assert f"it looks like {name}" in err.msg
    assert (err.line, err.column) == (4, title.index(title.strip()[0]) + 1)
    assert err.snippet == title and "^" in str(err)


def test_missing_file_is_input_error(tmp_path):
    """Guards against an OSError leaking from parse_file."""
    with pytest.raises(InputError):
        form4_peg.parse_file(tmp_path / "missing.txt")


def test_oversize_file_is_refused(tmp_path):
    """Guards against reading a file over the size limit."""
    path = tmp_path / "big.txt"
    path.write_text("x" * 2000)
    with pytest.raises(InputError, match="over the limit"):
        form4_peg.parse_file(path, max_bytes=1000)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_file_that_reports_no_size_is_read_no_further_than_the_limit(tmp_path):
    """Guards against a file whose size the file system does not know (a pipe, a file of /proc,
    one still growing) being read whole before its size is checked: 10 MB written into a pipe,
    with a limit of 1000 bytes, must be refused while most of it is still unread."""
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    written = []

    def write() -> None:
        with contextlib.suppress(BrokenPipeError), open(path, "wb") as pipe:
            for _ in range(160):
                pipe.write(b"x" * 65536)
                written.append(65536)

    writer = threading.Thread(target=write)
    writer.start()
    with pytest.raises(InputError, match="over the limit of 1000 bytes"):
        form4_peg.parse_file(path, max_bytes=1000)
    writer.join()
    assert sum(written) < 1024 * 1024


def test_bytes_are_refused_with_form4_error():
    """Guards against a TypeError when a caller passes bytes to parse()."""
    with pytest.raises(Form4Error):
        form4_peg.parse(b"FORM 4")


def test_strict_mode_turns_warnings_into_errors():
    """Guards against --strict letting a damaged filing through."""
    from conftest import SEEDS
    with pytest.raises(form4_peg.StrictModeError, match="strict mode"):
        form4_peg.parse_file(SEEDS / "002_a79c6df009f87b49.txt", strict=True)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252"])
def test_encodings_are_decoded(tmp_path, encoding):
    """Guards against a file in any common encoding failing to read or reading other values."""
    from conftest import SEEDS
    text = (SEEDS / "001_254ee79e6a7d0f4e.txt").read_text(encoding="utf-8")
    text = text.replace("Craig", "Cr\u00e9aig").replace("attorney", "attorney\u2019s") if encoding == "cp1252" else \
        text.replace("Craig", "Cr\u00e9aig") if encoding == "latin-1" else text
    text = "".join(c for c in text if c.encode(encoding, errors="ignore"))  # what the encoding can hold
    expected = form4_peg.parse(text).to_dict(provenance=False)
    path = tmp_path / f"seed.{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert form4_peg.parse_file(path).to_dict(provenance=False) == expected


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["CRLF", "CR"])
def test_line_ends_are_lines(newline):
    """Guards against CRLF or old-Mac CR text reading as one line, or shifting locations."""
    from conftest import SEEDS
    text = (SEEDS / "001_254ee79e6a7d0f4e.txt").read_text(encoding="utf-8")
    expected = form4_peg.parse(text).to_dict()
    assert form4_peg.parse(text.replace("\n", newline)).to_dict() == expected


def test_control_characters_are_not_a_grammar_failure():
    """Guards against binary junk (C0 control characters no terminal takes) raising a
    GrammarFailure instead of the NotAForm4Error a non-form gets."""
    import form4_peg

    junk = bytes(range(256)).decode("latin-1") * 4 + "\u2028\u3000\u1680\x1c"
    with pytest.raises(form4_peg.NotAForm4Error):
        form4_peg.parse(junk)
