"""Armenian: the Snowball Armenian stemmer, plus the word itself.

Measured on ``tests/data/dev_hy/``: Snowball reduces ``Հայաստանի``, ``Հայաստանը`` and
``Հայաստան`` alike (``հայաստ``), ``միջանցքի``/``միջանցք`` alike, and the locative
``Երևանում`` keeps a stem the capital rule can read. Capitals whose stem changes
(``Բաքու`` -> ``Բաքվում``) are matched by the locative forms the rule below lists, which are
exactly the "in Baku" readings that must not count for the state.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from corpus.linking.languages import strip_marks

CODE = "hy"
SCRIPTS = ("Armenian",)
MORPHOLOGY = True
#: "ԱՄՆ-ի", "ԵՄ-ը", "ՌԴ-ն", "ՀԱՊԿ-ից".
acronym_suffix = re.compile("-[\u0561-\u0587]{1,5}")


@cache
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("armenian")


def normalise(token: str) -> str:
    return strip_marks(token).lower()


@lru_cache(maxsize=200_000)
def _keys(word: str) -> frozenset[str]:
    stem = _stemmer().stemWord(word)
    return frozenset({word, stem}) if len(stem) >= 3 else frozenset({word})


def word_keys(token: str) -> frozenset[str]:
    return _keys(normalise(token))


def name_keys(word: str, *, adjective: bool = False) -> frozenset[str]:
    return _keys(normalise(word))


#: Locative and ablative endings: ``Բաքվում``, ``Երևանում`` (in), ``Մոսկվայից`` (from).
PLACE_ENDINGS = ("ում", "ից", "յում", "յից")
PLACE_NOUNS = frozenset(normalise(w) for w in "օդանավակայան նավահանգիստ քաղաքապետ "
                        "փողոց կենտրոն".split())
_WORD = re.compile("[\u0531-\u0587]+")


def capital_is_state(text: str, start: int, end: int, name: str) -> bool:
    """"Բաքուն և Վաշինգտոնը ստորագրեցին": the state; "Բաքվում", "Երևանում" (in),
    "Մոսկվայից" (from): the place."""
    word = normalise(text[start:end])
    if word != normalise(name) and word.endswith(PLACE_ENDINGS):
        return False
    after = _WORD.search(text, end, min(len(text), end + 40))
    return not (after and _keys(normalise(after.group())) & PLACE_NOUNS)


#: Head-final: "Հայաստանի տարածքով անցնող միջանցք", "Կասպից ծովի հատակով մալուխ".
HEAD_FINAL = True
THROUGH = frozenset(normalise(w) for w in "տարածքով միջով".split())
RELATIONS = frozenset(normalise(w) for w in "միջով տակով հատակով երկայնքով".split())
BETWEEN = frozenset(normalise(w) for w in "միջև կապող միացնող".split())
AVOIDS = frozenset(normalise(w) for w in "շրջանցելով շրջանցող".split())

KIND_NOUNS = {
    "submarine cable": ["մալուխ", "օպտիկամանրաթելային մալուխ", "կապի գիծ"],
    "rail and road corridor": ["միջանցք", "ճանապարհ", "երթուղի", "երկաթուղի", "մայրուղի"],
    "transport corridor": ["միջանցք", "երթուղի", "տրանսպորտային միջանցք"],
    "oil pipeline": ["նավթամուղ"],
    "gas pipeline system": ["գազամուղ", "գազային միջանցք"],
}
WATERS = {"caspian_sea": ["Կասպից ծով"], "black_sea": ["Սև ծով"],
          "mediterranean_sea": ["Միջերկրական ծով"]}
US_STATE_CUES = ("ջորջիա նահանգ", "ատլանտա", "նահանգի նահանգապետ")
CAUCASUS_CUES = ("թբիլիսի", "կովկաս", "բաթումի", "փոթի")
