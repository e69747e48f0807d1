"""One small module per language: how its words are normalised and reduced to match keys,
and its context cues (capital metonymy, relation words for descriptions).

A language module defines:

``CODE``
    its ISO 639-1 code (the module's name).
``SCRIPTS``
    the scripts its words are written in (``"Latin"``, ``"Cyrillic"``, ``"Armenian"``...).
``MORPHOLOGY``
    True when its names inflect, so the token matcher (:mod:`corpus.linking.morphology`) runs
    on its passages; English is matched by the literal automaton alone.
``word_keys(token) -> frozenset[str]``
    the match keys of a word as written (lemmas, stems or stripped suffix chains). A word of
    the text matches a word of a name when their keys intersect.
``name_keys(word, *, adjective=False) -> frozenset[str]``
    the keys of a word of a name in dictionary form.
``capital_is_state(text, start, end) -> bool``
    whether the capital written at ``text[start:end]`` stands for its state.
``acronym_suffix``
    a compiled pattern for what may follow an acronym and still belong to the mention
    (``ABD'nin``, ``ABŞ-ın``, ``ԱՄՆ-ի``), matched at the acronym's end, or None.
``RELATIONS``, ``BETWEEN``
    words that tie a described route to a place ("through", "across", "под", "arasında").
``KIND_NOUNS``
    default nouns per feature ``kind``, used when the names file has no ``kinds`` table.
``US_STATE_CUES``
    words that, in a document, show "Georgia" is the US state.
``MONTHS``
    month names, for datelines in any language ("Bakı, 3 mart, Report.").
``ROUTE_STEMS``
    starts of route nouns: a capital in "A-B railway" is a place ("Bakü-Tiflis-Kars demiryolu").

Adding a language = one module here and its names file ``geodata/sources/names/<code>.yaml``.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from functools import cache
from types import ModuleType

__all__ = ["language_module", "known_languages", "scripts_in", "strip_marks", "LanguageError",
           "WORD_RE"]

#: The languages that have a module here.
KNOWN = ("en", "ru", "az", "tr", "hy", "fa", "ka")

# Combining marks and invisible format characters (bidi controls, zero-width joiners, soft
# hyphen) may sit inside a word: they belong to the word as written and to its offsets, but
# not to its match key.
_MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u1ab0-\u1aff"
          "\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u00ad\u200b-\u200f\u202a-\u202e"
          "\u2060-\u2064\u2066-\u2069\ufeff")
_LETTER = rf"(?:[^\W\d_]|[{_MARKS}])"
#: A word: letters with their marks, and an apostrophe suffix ("Türkiye'nin", "ABD'nin").
WORD_RE = re.compile(rf"[^\W\d_]{_LETTER}*(?:['\u2019\u02bc]{_LETTER}+)?")
_MARKS_RE = re.compile(f"[{_MARKS}]")


class LanguageError(ValueError):
    """A language code the linker has no module for; the message lists the known ones."""


def strip_marks(token: str) -> str:
    """``token`` in NFC without the combining marks and format characters left over."""
    token = unicodedata.normalize("NFC", token)
    return _MARKS_RE.sub("", token) if _MARKS_RE.search(token) else token


def known_languages() -> tuple[str, ...]:
    """The language codes that have a module."""
    return KNOWN


@cache
def language_module(code: str) -> ModuleType:
    """The module of language ``code``; :class:`LanguageError` if there is none."""
    if code not in KNOWN:
        raise LanguageError(f"no linker module for language {code!r}; known: "
                            f"{', '.join(KNOWN)} (add corpus/linking/languages/{code}.py)")
    return importlib.import_module(f"{__name__}.{code}")


_SCRIPT_RANGES = (("Cyrillic", "\u0400", "\u052f"), ("Armenian", "\u0531", "\u058f"),
                  ("Georgian", "\u10a0", "\u10ff"), ("Arabic", "\u0600", "\u06ff"))
_SCRIPT_RE = {name: re.compile(f"[{low}-{high}]") for name, low, high in _SCRIPT_RANGES}


_ANY_SCRIPT = re.compile("[\u0400-\u058f\u0600-\u06ff\u10a0-\u10ff]")


def scripts_in(text: str) -> set[str]:
    """The non-Latin scripts that occur in ``text`` (one search when there is none)."""
    if not _ANY_SCRIPT.search(text):
        return set()
    return {name for name, pattern in _SCRIPT_RE.items() if pattern.search(text)}
