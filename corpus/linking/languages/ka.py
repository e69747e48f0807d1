"""Georgian (Mkhedruli): documented case-suffix rules (Snowball has no Georgian stemmer).

A word of the text matches a word of a name when it is the name's stem followed by a chain
of endings; the rules are checked against a name, never used to reduce arbitrary words:

* Stems. A name ending in ``-ი`` (``თბილისი``, ``აზერბაიჯანი``) is a consonant stem: the
  ``-ი`` is the nominative ending (``თბილის-``). A name ending in ``-ა`` or ``-ე``
  (``უკრაინა``, ``ზღვა``, ``კობახიძე``) keeps it before consonant endings and drops it
  before vowel ones (``უკრაინის``, ``ზღვით``, ``კობახიძის``). Other vowel stems
  (``ბაქო``, ``საქართველო``) never change. A stem whose last syllable has ``ა``/``ე``
  between consonants may lose it before a vowel ending (syncope: ``დერეფანი`` ->
  ``დერეფნის``, ``ერევანი`` -> ``ერევნის``), so that reading is a key too.
* Endings: nominative ``-ი``, ergative ``-მა``/``-მ``, dative ``-ს``/``-სა``, genitive
  ``-ის``/``-ისა``, instrumental ``-ით``/``-თი``, adverbial ``-ად``/``-დ``; the
  postpositions written as suffixes ``-ში`` (in), ``-ზე`` (on), ``-თან`` (at, with),
  ``-დან``/``-იდან`` (from), ``-კენ``/``-ისკენ`` (towards), ``-მდე``/``-ამდე`` (up to),
  ``-თვის``/``-ისთვის`` (for), ``-გან``/``-ისგან`` (from, by), ``-ვით`` (like); the plural
  ``-ებ-`` before any of them; then the particle ``-ც`` (also) or the copula ``-ა``.

Measured on ``tests/data/dev_ka/`` (``python -m corpus evaluate tests/data/dev_ka``, see
``tests/data/README.md``).
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from corpus.linking.languages import strip_marks

CODE = "ka"
SCRIPTS = ("Georgian",)
MORPHOLOGY = True
#: "TRIPP-ის", "BTC-ის", "EUMA-ს": a Latin acronym takes its case ending after a hyphen.
acronym_suffix = re.compile("-[\u10d0-\u10ff]{1,6}")

_CASES = ("", "ი", "მა", "მ", "ს", "სა", "ის", "ისა", "ით", "თი", "ად", "დ",
          "ში", "ზე", "თან", "სთან", "დან", "იდან", "კენ", "სკენ", "ისკენ", "მდე", "ამდე",
          "თვის", "სთვის", "ისთვის", "გან", "სგან", "ისგან", "ვით", "ივით")
_PLURAL = ("", "ებ")
_PARTICLE = ("", "ც", "ა")
_CHAINS = frozenset("".join(parts) for parts in itertools.product(_PLURAL, _CASES, _PARTICLE)
                    ) - {""}
_MAX_CHAIN = max(map(len, _CHAINS))
#: Shortest stem an ending may leave.
MIN_STEM = 3
_VOWELS = frozenset("აეიოუ")


def normalise(token: str) -> str:
    """Marks and format characters dropped; Mtavruli capitals (``ᲡᲐᲥᲐᲠᲗᲕᲔᲚᲝ``, in
    headlines) read as Mkhedruli."""
    return strip_marks(token).lower()


@lru_cache(maxsize=200_000)
def _keys(word: str) -> frozenset[str]:
    keys = {word}
    for cut in range(max(MIN_STEM, len(word) - _MAX_CHAIN), len(word)):
        if word[cut:] in _CHAINS:
            keys.add(word[:cut])
    return frozenset(keys)


def word_keys(token: str) -> frozenset[str]:
    """The word and every reading of it as a stem plus a chain of endings."""
    return _keys(normalise(token))


def _syncopated(stem: str) -> str | None:
    """``დერეფან`` -> ``დერეფნ``: the ``ა``/``ე`` of the last syllable between consonants."""
    if len(stem) >= 5 and stem[-2] in "აე" and stem[-1] not in _VOWELS \
            and stem[-3] not in _VOWELS:
        return stem[:-2] + stem[-1]
    return None


def name_keys(word: str, *, adjective: bool = False) -> frozenset[str]:
    """A name's word in the nominative, its stem, and its syncopated stem."""
    word = normalise(word)
    keys = {word}
    stem = word[:-1] if word[-1:] in ("ი", "ა", "ე") and len(word) > MIN_STEM else word
    keys.add(stem)
    short = _syncopated(stem)
    if short:
        keys.add(short)
    return frozenset(keys)


# --------------------------------------------------------------------------- capitals

#: Endings that make a capital the place: in, from, towards, up to (``ბაქოში``,
#: ``თბილისიდან``, ``ერევნისკენ``, ``მოსკოვამდე``).
PLACE_ENDINGS = ("ში", "დან", "კენ", "მდე")
#: Nouns after a capital in the genitive that make it the place: ``თბილისის აეროპორტი``.
PLACE_NOUNS = frozenset(k for w in "აეროპორტი პორტი მერი მერია ქუჩა ცენტრი სასტუმრო "
                        "მაცხოვრებელი უნივერსიტეტი სადგური მოედანი სამიტი ფორუმი "
                        "კონფერენცია რაიონი გარეუბანი მეტრო მუზეუმი".split()
                        for k in name_keys(w))
#: ``ბაქოს გავლით`` (by way of Baku): the place.
VIA = frozenset({"გავლით"})
_WORD = re.compile("[\u10a0-\u10ff\u1c90-\u1cbf]+")


def capital_ending(token: str, name: str) -> str:
    """The endings after the capital's stem in ``token`` ('' if none)."""
    word = normalise(token)
    for key in sorted(name_keys(name), key=len, reverse=True):
        if word.startswith(key):
            return word[len(key):]
    return ""


def capital_is_state(text: str, start: int, end: int, name: str = "") -> bool:
    """``თბილისმა განაცხადა``, ``ბაქოს პოზიცია``, ``ერევანთან მოლაპარაკება``: the state;
    ``ბაქოში``, ``თბილისიდან``, ``ბაქოს აეროპორტი``, ``ბაქოს გავლით``: the place."""
    ending = capital_ending(text[start:end], name or text[start:end]).removesuffix("ც")
    if ending.endswith(PLACE_ENDINGS):
        return False
    after = _WORD.search(text, end, min(len(text), end + 40))
    if after and text[end:after.start()].strip(" \u00a0") == "":
        following = word_keys(after.group())
        if following & PLACE_NOUNS or following & VIA:
            return False
    return True


# --------------------------------------------------------------------------- descriptions

#: Head-final: ``კასპიის ზღვის ფსკერზე გამავალი კაბელი``, ``სომხეთის გავლით დერეფანი``.
HEAD_FINAL = True
THROUGH = frozenset({"გავლით", "გამავალი", "ტერიტორიაზე"})
RELATIONS = frozenset({"ფსკერზე", "ფსკერი", "ქვეშ", "გასწვრივ", "გავლით", "გამავალი"})
BETWEEN = frozenset({"შორის", "დამაკავშირებელი", "დამაკავშირებელ", "აკავშირებს"})
AVOIDS = frozenset({"ავლით"})

KIND_NOUNS = {
    "submarine cable": ["კაბელი", "ოპტიკურ-ბოჭკოვანი კაბელი", "წყალქვეშა კაბელი"],
    "rail and road corridor": ["დერეფანი", "მარშრუტი", "გზა", "რკინიგზა", "მაგისტრალი"],
    "transport corridor": ["დერეფანი", "მარშრუტი", "სატრანსპორტო დერეფანი"],
    "oil pipeline": ["ნავთობსადენი", "მილსადენი"],
    "gas pipeline system": ["გაზსადენი", "გაზის დერეფანი"],
}
WATERS = {"caspian_sea": ["კასპიის ზღვა", "კასპია"], "black_sea": ["შავი ზღვა"],
          "mediterranean_sea": ["ხმელთაშუა ზღვა"]}
US_STATE_CUES = ("ჯორჯიის შტატი", "ატლანტა", "სავანა", "შტატის გუბერნატორი")
CAUCASUS_CUES = ("თბილისი", "კავკასია", "ბათუმი", "ფოთი", "ქართული ოცნება", "აფხაზეთი")

#: Month names, for datelines («თბილისი, 3 მარტი, ინტერპრესნიუსი»).
MONTHS = tuple("იანვარი თებერვალი მარტი აპრილი მაისი ივნისი ივლისი აგვისტო სექტემბერი "
               "ოქტომბერი ნოემბერი დეკემბერი იანვარს თებერვალს მარტს აპრილს მაისს ივნისს "
               "ივლისს აგვისტოს სექტემბერს ოქტომბერს ნოემბერს დეკემბერს".split())

#: Starts of the nouns of a route named by its end points («ბაქო-თბილისი-ყარსის რკინიგზა»):
#: a capital in such a chain is a place (:func:`corpus.linking.context.in_route_chain`).
ROUTE_STEMS = tuple("რკინიგზ მილსადენ მარშრუტ დერეფან გზ".split())
