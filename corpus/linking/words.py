"""A text's words (:data:`corpus.linking.languages.WORD_RE`) with their offsets, found
without a match object per word.

``WORD_RE.split`` (with the expression in a capturing group) returns the gaps and the words
in turn, in C; the offsets are the running sums of their lengths (``itertools.accumulate``,
also in C). The words and offsets are exactly those of ``WORD_RE.finditer``: ``split``
finds the same non-overlapping matches, left to right, and the expression never matches
an empty string.
"""

from __future__ import annotations

import re
from itertools import accumulate

from corpus.linking.languages import WORD_RE

_SPLIT = re.compile(f"({WORD_RE.pattern})", WORD_RE.flags)


def word_spans(text: str) -> tuple[list[int], list[int], list[str]]:
    """(starts, ends, words) of the words of ``text``, in order."""
    pieces = _SPLIT.split(text)
    if len(pieces) == 1:
        return [], [], []
    offsets = list(accumulate(map(len, pieces)))
    return offsets[0:-1:2], offsets[1::2], pieces[1::2]


def word_tokens(text: str) -> list[tuple[int, int, str]]:
    """``[(start, end, word), ...]``, the same as ``[(m.start(), m.end(), m.group()) for m
    in WORD_RE.finditer(text)]``."""
    starts, ends, words = word_spans(text)
    return list(zip(starts, ends, words, strict=True))
