"""Leftovers of printed labels, recognised with rapidfuzz.

The grammar matches the labels it can; OCR and line wrapping leave pieces it cannot ("below)",
"Line)", "pecify", "ip)"). Read in reading order, such a piece would pass for a value. A cell is
a leftover when it is (close to) a piece of some printed label in ``grammar/labels.txt``.
"""

from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz

from ._grammar import grammar_text

_THREE_LETTERS = re.compile(r"[A-Za-z][^A-Za-z]*[A-Za-z][^A-Za-z]*[A-Za-z]")


@functools.cache
def _labels() -> tuple[str, ...]:
    return tuple(line for line in grammar_text("labels.txt").splitlines() if line and not line.startswith("#"))


@functools.cache
def _vocabulary() -> str:
    return " ".join(_labels()).lower()


@functools.cache
def _longest_label() -> int:
    return max(map(len, _labels()))


@functools.lru_cache(maxsize=8192)
def is_label_leftover(text: str, threshold: float = 88.0, max_words: int = 5) -> bool:
    """Whether ``text`` is (OCR of) a piece of a printed label rather than a value.

    Pieces must match a stretch of a label closely. Text of fewer than three letters is never a
    leftover (a state code matches inside any word), nor is text of more than five words (a
    label fragment that long would have matched the grammar), nor is text longer than the longest
    label: a few words with a long run of dots or spaces between them took the fuzzy match time
    that grew with the square of the run. Cached (bounded): the same cells are asked about more
    than once a document, and recur across documents."""
    text = text.strip().lower()
    if len(text) > _longest_label() or len(text.split()) > max_words or _THREE_LETTERS.search(text) is None:
        return False
    return fuzz.partial_ratio(text, _vocabulary()) >= threshold
