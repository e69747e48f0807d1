"""A text's words (:data:`corpus.linking.languages.WORD_RE`) with their offsets, found
without a match object per word.

``WORD_RE.split`` (with the expression in a capturing group) returns the gaps and the words
in turn, in C; the offsets are the running sums of their lengths (``itertools.accumulate``,
also in C). The words and offsets are exactly those of ``WORD_RE.finditer``: ``split``
finds the same non-overlapping matches, left to right, the expression never matches an
empty string, and the two forms used here match what WORD_RE matches (one without
backtracking, one for ASCII text).
"""

from __future__ import annotations

import re
from itertools import accumulate

from corpus.linking.languages import _MARKS

#: WORD_RE in a capturing group, with the same words written so that the expression
#: engine needs no backtracking state per letter: ``L(?:L|M)*`` is ``L(?:L++|M++)*+``
#: (the greedy match of both is the longest run of letters and marks; nothing after it can
#: make either give letters back). Checked against WORD_RE in tests/test_linking_words.py.
_SPLIT = re.compile(rf"([^\W\d_](?:[^\W\d_]++|[{_MARKS}]++)*+"
                    rf"(?:['\u2019\u02bc](?:[^\W\d_]++|[{_MARKS}]++)++)?)")
#: On ASCII text the same words: letters, and an apostrophe suffix ("Azerbaijan's").
_SPLIT_ASCII = re.compile(r"([A-Za-z]+(?:'[A-Za-z]+)?)")


def word_spans(text: str) -> tuple[list[int], list[int], list[str]]:
    """(starts, ends, words) of the words of ``text``, in order."""
    pieces = (_SPLIT_ASCII if text.isascii() else _SPLIT).split(text)
    if len(pieces) == 1:
        return [], [], []
    offsets = list(accumulate(map(len, pieces)))
    return offsets[0:-1:2], offsets[1::2], pieces[1::2]


def word_tokens(text: str) -> list[tuple[int, int, str]]:
    """``[(start, end, word), ...]``, the same as ``[(m.start(), m.end(), m.group()) for m
    in WORD_RE.finditer(text)]``."""
    starts, ends, words = word_spans(text)
    return list(zip(starts, ends, words, strict=True))
