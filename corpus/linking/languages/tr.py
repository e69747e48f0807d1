"""Turkish: the suffix rules of :mod:`corpus.linking.languages._turkic` (measured against
Snowball's Turkish stemmer there), Turkish dotted/dotless i, apostrophe suffixes."""

from __future__ import annotations

import re

from corpus.linking.languages import _turkic

CODE = "tr"
SCRIPTS = ("Latin",)
MORPHOLOGY = True
#: "ABD'nin", "AB'ye", "TDT'nin", "KGAÖ-nün".
acronym_suffix = re.compile(r"['\u2019\u02bc-][a-zçğıöşüâî]{1,6}")

#: An apostrophe suffix after any name belongs to the mention: "Türkiye'nin", "Bakü'de".
name_suffix = re.compile("['\u2019\u02bc][^\\W\\d_]{1,8}")

word_keys = _turkic.word_keys
name_keys = _turkic.name_keys

PLACE_NOUNS = frozenset(_turkic.loose(w) for w in
                        "havalimanı liman limanı belediye belediyesi sokak sokağı merkez "
                        "merkezi otel oteli zirve zirvesi forum forumu bölge".split())

#: Starts of the nouns that make a genitive capital the state ("Moskvanın təsiri", whose
#: influence, policy, position, pressure, interests...).
STATE_NOUNS = frozenset(_turkic.loose(w) for w in
                        "etki nüfuz politika tutum pozisyon rol baskı çıkar strateji "
                        "tavır karar açıklama".split())


def capital_is_state(text: str, start: int, end: int, name: str) -> bool:
    """"Ankara ve Bakü anlaştı", "Moskova'nın tutumu": the state; "Bakü'de", "Ankara'ya
    ziyaret", "Moskova'dan dönen", "Bakü Limanı": the place."""
    return _turkic.capital_is_state(text, start, end, name, PLACE_NOUNS, STATE_NOUNS)


#: Head-final: cues come before the noun, and the postposition after the place
#: ("Ermenistan topraklarından geçen koridor", "Hazar Denizi'nin altından geçen kablo").
HEAD_FINAL = True
THROUGH = frozenset(_turkic.loose(w) for w in
                    "üzerinden topraklarından toprakları içinden yoluyla".split())
RELATIONS = frozenset(_turkic.loose(w) for w in
                      "üzerinden altından boyunca dibinden tabanından içinden".split())
BETWEEN = frozenset(_turkic.loose(w) for w in "arasında arasındaki bağlayan bağlayacak "
                    "birleştiren".split())
AVOIDS = frozenset(_turkic.loose(w) for w in "atlayarak dolaşarak bypass".split())

KIND_NOUNS = {
    "submarine cable": ["kablo", "fiber optik kablo", "fiber optik hat", "denizaltı kablosu",
                        "iletişim hattı"],
    "rail and road corridor": ["koridor", "güzergah", "yol", "demiryolu", "karayolu",
                               "transit yol", "geçiş"],
    "transport corridor": ["koridor", "güzergah", "ticaret yolu", "ulaşım koridoru",
                           "kara köprüsü"],
    "oil pipeline": ["petrol boru hattı", "boru hattı"],
    "gas pipeline system": ["doğal gaz boru hattı", "gaz boru hattı", "gaz koridoru"],
}
WATERS = {"caspian_sea": ["Hazar Denizi", "Hazar"], "black_sea": ["Karadeniz"],
          "mediterranean_sea": ["Akdeniz"]}
US_STATE_CUES = ("georgia eyaleti", "atlanta", "savannah", "eyalet valisi")
CAUCASUS_CUES = ("tiflis", "kafkasya", "batum", "poti", "gürcü rüyası", "abhazya")

#: Month names, for datelines ("Bakü, 3 Mart (AA) -").
MONTHS = tuple("ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım "
               "aralık".split())

#: Starts of the nouns of a route named by its end points ("Bakü-Tiflis-Kars demiryolu"):
#: a capital in such a chain is a place (:func:`corpus.linking.context.in_route_chain`).
ROUTE_STEMS = tuple("demiryol demir yol boru hat güzergah güzergâh koridor karayol otoyol".split())
