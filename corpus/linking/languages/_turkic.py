"""Suffix rules shared by Turkish and Azerbaijani (both agglutinative, Latin script).

A word of the text matches a word of a name when the word is the name's word followed by a
chain of inflectional suffixes: case (genitive, accusative, dative, locative, ablative,
instrumental), the 3rd-person possessive, plural, ``-ki``/``-dakı``, the demonym ``-lı`` and
the copula ``-dır``, with the buffer consonants ``n``, ``y``, ``s`` and either vowel harmony.
Matching works on a loose fold (no diacritics: ``ı``->``i``, ``ə``->``e``, ``ş``->``s``...), so
``Azərbaycanın``, ``Azerbaycanin`` and ``Azərbaycan'ın`` reduce alike. An apostrophe always
ends the name: ``Türkiye'nin`` is ``Türkiye`` + ``nin``.

Snowball's Turkish stemmer was measured against these rules on ``tests/data/dev_tr/``: it
stems ``Türkiye'nin`` to ``türki`` but ``Türkiyenin`` to ``türkiye``, ``Orta`` to ``or`` and
``İran'ın`` to a dotted ``i̇ra``, so names had to be stemmed the same way as text and still
disagreed between apostrophe and plain forms; the rules below match both and are checked
against a name, never against arbitrary words. Azerbaijani has no Snowball stemmer at all.
A final ``k`` of a name's word may soften to ``ğ`` before a vowel (``Birlik`` -> ``Birliği``).
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from corpus.linking.languages import strip_marks

#: Suffixes in loose-folded form (both harmonies collapse: ı/i -> i, u/ü -> u, a/ə/e kept).
SUFFIXES = (
    # genitive, accusative, dative, locative, ablative, instrumental (with buffer letters)
    "nin", "nun", "in", "un", "ni", "nu", "yi", "yu", "i", "u", "si", "su",
    "a", "e", "ya", "ye", "na", "ne", "da", "de", "ta", "te", "nda", "nde",
    "dan", "den", "tan", "ten", "ndan", "nden", "la", "le", "yla", "yle", "ile",
    # plural, -ki, demonym, copula, 'as/like'
    "lar", "ler", "ki", "daki", "deki", "li", "lu", "lilar", "liler", "dir", "dur", "tir",
    "ca", "ce", "ca", "dek", "a qeder",
)
_CHAIN_MAX = 3
_CHAINS = frozenset(
    "".join(chain) for n in range(1, _CHAIN_MAX + 1)
    for chain in itertools.product([s for s in SUFFIXES if " " not in s], repeat=n)
)
_MAX_CHAIN = max(map(len, _CHAINS))
_LOOSE = str.maketrans({"ı": "i", "ə": "e", "ş": "s", "ç": "c", "ğ": "g", "ö": "o", "ü": "u",
                        "â": "a", "î": "i", "û": "u", "x": "x"})
_APOSTROPHE = re.compile("['\u2019\u02bc]")


def lower(token: str) -> str:
    """Turkish lower case: ``I`` -> ``ı`` and ``İ`` -> ``i`` (Python's lower gives ``i`` and a
    dotted ``i̇`` of two characters)."""
    return token.replace("I", "ı").replace("İ", "i").lower()


def loose(token: str) -> str:
    """Lower case, then without diacritics (see the module docstring)."""
    token = lower(strip_marks(token)).translate(_LOOSE)
    if token.isascii():
        return token
    decomposed = unicodedata.normalize("NFD", token)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_suffix_chain(rest: str) -> bool:
    """Whether ``rest`` (loose-folded) is a chain of up to three inflectional suffixes."""
    return rest in _CHAINS


def split_apostrophe(token: str) -> tuple[str, str]:
    """``("Türkiye", "nin")`` for ``Türkiye'nin``; ``(token, "")`` without an apostrophe."""
    parts = _APOSTROPHE.split(token, maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (token, "")


def word_keys(token: str) -> frozenset[str]:
    """Every reading of the word as a stem plus a suffix chain (stems of 3+ letters)."""
    base, suffix = split_apostrophe(token)
    base = loose(base)
    if suffix:
        return frozenset({base})  # the apostrophe marks where the name ends
    keys = {base}
    for cut in range(max(3, len(base) - _MAX_CHAIN), len(base)):
        if base[cut:] in _CHAINS:
            stem = base[:cut]
            keys.add(stem)
            if stem[-1:] == "g":
                keys.add(stem[:-1] + "k")  # Birliği -> birlik (k softened before a vowel)
    return frozenset(keys)


def name_keys(word: str, *, adjective: bool = False) -> frozenset[str]:
    """A name's word in dictionary form, loose-folded; a possessive ``-i``/``-ı``/``-u`` or
    ``-si`` at its end may be replaced by the suffixes that follow it (``dəhlizi`` ->
    ``dəhlizinin`` matches as ``dəhliz`` + ``inin``)."""
    base = loose(split_apostrophe(word)[0])
    return frozenset({base})


#: Case endings that make a capital the place: locative, ablative, dative.
PLACE_ENDINGS = frozenset({"da", "de", "ta", "te", "nda", "nde", "dan", "den", "tan", "ten",
                           "ndan", "nden", "ya", "ye", "a", "e", "na", "ne", "daki", "deki"})


def capital_ending(token: str, name: str) -> str:
    """The suffix chain after a capital's name in ``token`` (loose-folded), '' if none."""
    base, suffix = split_apostrophe(token)
    if suffix:
        return loose(suffix)
    folded, stem = loose(base), loose(name)
    return folded[len(stem):] if folded.startswith(stem) else ""


#: Genitive endings: "Moskova'nın etkisi", "Bakının mövqeyi" (whose influence, position).
GENITIVE_ENDINGS = frozenset({"nin", "nun", "in", "un"})


def capital_is_state(text: str, start: int, end: int, name: str,
                     place_words: frozenset[str],
                     state_words: frozenset[str] = frozenset()) -> bool:
    """"Bakı ilə İrəvan razılaşdı", "Ankara'nın tutumu": the state. "Bakıda", "Ankara'da",
    "Moskvadan", "Bakıya səfər": the place (a locative, ablative or dative ending), as is a
    capital before a place noun ("Bakı limanı", "Ankara Havalimanı")."""
    from corpus.linking.languages import WORD_RE

    chain = capital_ending(text[start:end], name)
    if chain in PLACE_ENDINGS:
        return False
    if chain in GENITIVE_ENDINGS and state_words:
        # "Moskova'nın bölgedeki etkisi": a genitive whose head, within three words, is an
        # influence/policy/position noun is the state, even past a place word ("bölgedeki").
        for word in WORD_RE.findall(text, end, min(len(text), end + 60))[:3]:
            if any(key.startswith(stem) for key in word_keys(word) for stem in state_words):
                return True
    after = WORD_RE.search(text, end, min(len(text), end + 40))
    if after and word_keys(after.group()) & place_words:
        return False
    return True
