"""Folding: one character in, one character out, so offsets in folded text are offsets in
the original (``text[start:end] == match.text`` always).

Lower case, accents and other combining marks stripped, every dash a hyphen, every
apostrophe ``'``. Language-aware lower-casing (Turkish dotted and dotless i) is the job of
the language modules, which normalise single tokens (see ``corpus.linking.languages``).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold"]

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"
_APOSTROPHES = "\u2018\u2019\u201b\u02bc\u02b9\u2032\u00b4\u0060"
# Letters whose lower-case or accent-stripped forms are not one plain letter.
_SPECIAL = {"ı": "i", "ə": "e", "Ə": "e", "ß": "s", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d",
            "ł": "l", "Ł": "l", "æ": "a", "Æ": "a", "œ": "o", "Œ": "o", "ħ": "h"}


class _FoldTable(dict):
    """``str.translate`` table that folds one character to exactly one character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _fold_char(char)
        self[code] = folded
        return folded


def _fold_char(char: str) -> str:
    if char in _DASHES:
        return "-"
    if char in _APOSTROPHES:
        return "'"
    if char in _SPECIAL:
        return _SPECIAL[char]
    if char.isspace():
        return " "
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if len(base) != 1:
        base = char
    lower = base.lower()
    return lower if len(lower) == 1 else base


_FOLD_TABLE = _FoldTable()

# ASCII characters that fold to their plain lower case; every other character (non-ASCII,
# control whitespace, the backtick) goes through the table.
_PLAIN_ASCII = "".join(c for c in map(chr, range(128)) if _fold_char(c) == c.lower())
_NEEDS_TABLE = re.compile("[^" + re.escape(_PLAIN_ASCII) + "]")


def _fold_match(found: re.Match[str]) -> str:
    return _FOLD_TABLE[ord(found.group())]


def fold(text: str) -> str:
    """Fold ``text`` for matching; the result has exactly the same length as ``text``."""
    # Fast path, same result as ``text.translate(_FOLD_TABLE)``: fold the few characters
    # that need the table, then lower-case the rest in C. Every folded character is its own
    # lower case or has a longer one (checked over all of Unicode in the tests), so a
    # length change is the only way this can differ; the table handles those texts.
    out = _NEEDS_TABLE.sub(_fold_match, text).lower()
    return out if len(out) == len(text) else text.translate(_FOLD_TABLE)

