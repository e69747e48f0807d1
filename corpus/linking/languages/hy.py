"""Armenian: suffix rules for the case endings, plus the Snowball Armenian stemmer for long
words.

Measured on ``tests/data/dev_hy/`` (``python -m corpus evaluate tests/data/dev_hy``): with
Snowball alone, recall was 0.73 (11 of 15 pairs). Snowball leaves ``Երևանը``, ``Բաքուն`` and
``Իրանը`` (the definite article ``-ը``/``-ն``) unstemmed while it cuts ``Երևան`` to ``երև``,
so the name and its inflected forms never meet; and a stem that short also catches
``երևում`` ("it appears"). The rules below read a word as a name plus a chain of endings
(plural ``-ներ``, the buffer ``-յ-`` after a vowel, a case ending ``-ի``, ``-ից``, ``-ով``,
``-ում``, ``-ին``, then the article ``-ը``/``-ն``), and know that a final ``-ու`` becomes
``-վ-`` before an ending (``Բաքու`` -> ``Բաքվում``, ``Բաքվի``); Snowball still reduces
words whose stem keeps six letters or more. With both, recall on the development texts
was 1.0 at unchanged precision.
"""

from __future__ import annotations

import itertools
import re
from functools import cache, lru_cache

from corpus.linking.languages import strip_marks

CODE = "hy"
SCRIPTS = ("Armenian",)
MORPHOLOGY = True
#: "ԱՄՆ-ի", "ԵՄ-ը", "ՌԴ-ն", "ՀԱՊԿ-ից".
acronym_suffix = re.compile("-[\u0561-\u0587]{1,5}")
#: A Snowball stem shorter than this is not trusted (``Երևան`` -> ``երև``).
MIN_STEM = 6

_PLURAL = ("", "ներ")
_BUFFER = ("", "յ")
_CASES = ("", "ի", "ից", "ով", "ում", "ին", "ու")
_ARTICLE = ("", "ը", "ն")
_CHAINS = frozenset("".join(parts) for parts in
                    itertools.product(_PLURAL, _BUFFER, _CASES, _ARTICLE)) - {""}
_MAX_CHAIN = max(map(len, _CHAINS))


@cache
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("armenian")


def normalise(token: str) -> str:
    return strip_marks(token).lower()


@lru_cache(maxsize=200_000)
def _keys(word: str) -> frozenset[str]:
    keys = {word}
    for cut in range(max(2, len(word) - _MAX_CHAIN), len(word)):
        if word[cut:] in _CHAINS:
            keys.add(word[:cut])
    stem = _stemmer().stemWord(word)
    if len(stem) >= MIN_STEM:
        keys.add(stem)
    return frozenset(keys)


def word_keys(token: str) -> frozenset[str]:
    """The word, every reading of it as a stem plus endings, and its Snowball stem."""
    return _keys(normalise(token))


def name_keys(word: str, *, adjective: bool = False) -> frozenset[str]:
    """A name's word, its ``-ու`` -> ``-վ-`` stem, and a long Snowball stem."""
    word = normalise(word)
    keys = {word}
    if word.endswith("ու"):
        keys.add(word[:-2] + "վ")
    stem = _stemmer().stemWord(word)
    if len(stem) >= MIN_STEM:
        keys.add(stem)
    return frozenset(keys)


#: Locative and ablative endings: ``Բաքվում``, ``Երևանում`` (in), ``Մոսկվայից`` (from).
PLACE_ENDINGS = ("ում", "ից", "յում", "յից")
PLACE_NOUNS = frozenset(normalise(w) for w in "օդանավակայան նավահանգիստ քաղաքապետ "
                        "փողոց կենտրոն".split())
_WORD = re.compile("[\u0531-\u0587]+")
#: Stems of verbs of motion: arrive, depart, travel, return, visit.
MOTION_STEMS = tuple(normalise(w) for w in "ժաման մեկն ուղևորվ վերադառն վերադարձ այցել".split())


def _is_motion(word: str) -> bool:
    """«ժամանել», «կժամանի», «չի մեկնել», «վերադարձավ»; not «ժամանակ» (time)."""
    if word[:1] in "կչ" and word[1:].startswith(MOTION_STEMS):
        word = word[1:]
    return word.startswith(MOTION_STEMS) and not word.startswith("ժամանակ")


def capital_is_state(text: str, start: int, end: int, name: str) -> bool:
    """"Բաքուն և Վաշինգտոնը ստորագրեցին": the state; "Բաքվում", "Երևանում" (in),
    "Մոսկվայից" (from): the place."""
    word = normalise(text[start:end])
    if word != normalise(name) and word.endswith(PLACE_ENDINGS):
        return False
    # A verb of motion next to the capital makes it a destination or origin, even in the
    # bare form: «կժամանի Երևան» (will arrive in Yerevan), «Բաքու է մեկնել» (left for Baku).
    near = _WORD.findall(text[max(0, start - 30):start])[-1:] \
        + _WORD.findall(text, end, min(len(text), end + 40))[:2]
    if any(_is_motion(normalise(w)) for w in near):
        return False
    after = _WORD.search(text, end, min(len(text), end + 40))
    return not (after and _keys(normalise(after.group())) & PLACE_NOUNS)


#: Head-final: "Հայաստանի տարածքով անցնող միջանցք", "Կասպից ծովի հատակով մալուխ".
HEAD_FINAL = True
THROUGH = frozenset(normalise(w) for w in "տարածքով միջով".split())
#: The instrumental ending is itself "through": "Սյունիքով անցնող" (passing through Syunik).
THROUGH_ENDINGS = ("ով",)
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

#: Month names (genitive, as in dates, and nominative), for datelines
#: («Երևան, 3 մարտի, Արմենպրես»).
MONTHS = tuple("հունվարի փետրվարի մարտի ապրիլի մայիսի հունիսի հուլիսի օգոստոսի սեպտեմբերի "
               "հոկտեմբերի նոյեմբերի դեկտեմբերի հունվար փետրվար մարտ ապրիլ մայիս հունիս "
               "հուլիս օգոստոս սեպտեմբեր հոկտեմբեր նոյեմբեր դեկտեմբեր".split())

#: Starts of the nouns of a route named by its end points («Բաքու-Թբիլիսի-Կարս երկաթուղի»):
#: a capital in such a chain is a place (:func:`corpus.linking.context.in_route_chain`).
ROUTE_STEMS = tuple("երկաթուղ ճանապարհ խողովակաշար նավթամուղ գազամուղ երթուղ միջանցք "
                    "մայրուղ".split())
