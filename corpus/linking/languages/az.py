"""Azerbaijani: the suffix rules of :mod:`corpus.linking.languages._turkic` (there is no
Snowball stemmer for Azerbaijani), with ``ə`` and the hyphen before a suffix of an acronym
or number (``ABŞ-ın``, ``Aİ-nin``)."""

from __future__ import annotations

import re

from corpus.linking.languages import _turkic

CODE = "az"
SCRIPTS = ("Latin",)
MORPHOLOGY = True
#: "ABŞ-ın", "Aİ-nin", "TDT-nin", also with an apostrophe as in Turkish.
acronym_suffix = re.compile(r"['\u2019\u02bc-][a-zçğıöşüəx]{1,6}")

#: An apostrophe suffix after any name belongs to the mention: "Türkiye'nin", "Bakü'de".
name_suffix = re.compile("['\u2019\u02bc][^\\W\\d_]{1,8}")

word_keys = _turkic.word_keys
name_keys = _turkic.name_keys

PLACE_NOUNS = frozenset(_turkic.loose(w) for w in
                        "hava limanı limanı liman bələdiyyə küçə küçəsi mərkəzi mərkəz otel "
                        "oteli sammit sammiti forum forumu sakinləri sakini".split())

#: Starts of the nouns that make a genitive capital the state ("Moskvanın təsiri", whose
#: influence, policy, position, pressure, interests...).
STATE_NOUNS = frozenset(_turkic.loose(w) for w in
                        "təsir nüfuz siyasət mövqe rol təzyiq maraq strategiya "
                        "qərar bəyanat".split())


def capital_is_state(text: str, start: int, end: int, name: str) -> bool:
    """"Bakı ilə İrəvan razılaşdı", "Moskvanın mövqeyi": the state; "Bakıda", "Vaşinqtonda",
    "Bakıya səfər", "İrəvandan", "Bakı limanı": the place."""
    return _turkic.capital_is_state(text, start, end, name, PLACE_NOUNS, STATE_NOUNS)


#: Head-final: "Ermənistan ərazisindən keçən dəhliz", "Xəzər dənizinin dibi ilə kabel".
HEAD_FINAL = True
THROUGH = frozenset(_turkic.loose(w) for w in
                    "ərazisindən üzərindən içindən vasitəsilə".split())
RELATIONS = frozenset(_turkic.loose(w) for w in
                      "üzərindən altından boyunca içindən dibi dibindən dibiylə".split())
BETWEEN = frozenset(_turkic.loose(w) for w in "arasında arasındakı birləşdirən "
                    "birləşdirəcək bağlayan".split())
AVOIDS = frozenset(_turkic.loose(w) for w in "yan keçərək".split())

KIND_NOUNS = {
    "submarine cable": ["kabel", "fiber-optik kabel", "fiber-optik xətt", "kabel xətti",
                        "rabitə xətti", "sualtı kabel"],
    "rail and road corridor": ["dəhliz", "marşrut", "yol", "dəmir yolu", "avtomobil yolu",
                               "tranzit yolu", "keçid"],
    "transport corridor": ["dəhliz", "marşrut", "nəqliyyat dəhlizi", "ticarət yolu"],
    "oil pipeline": ["neft kəməri", "boru kəməri"],
    "gas pipeline system": ["qaz kəməri", "qaz boru kəməri", "qaz dəhlizi"],
}
WATERS = {"caspian_sea": ["Xəzər dənizi", "Xəzər"], "black_sea": ["Qara dəniz"],
          "mediterranean_sea": ["Aralıq dənizi"]}
US_STATE_CUES = ("corciya ştatı", "ştatı", "atlanta", "savanna")
CAUCASUS_CUES = ("tbilisi", "qafqaz", "batumi", "poti", "gürcü arzusu", "abxaziya")

#: Month names, for datelines ("Bakı, 3 mart, Report.").
MONTHS = tuple("yanvar fevral mart aprel may iyun iyul avqust sentyabr oktyabr noyabr "
               "dekabr".split())

#: Starts of the nouns of a route named by its end points ("Bakı-Tbilisi-Qars dəmir yolu"):
#: a capital in such a chain is a place (:func:`corpus.linking.context.in_route_chain`).
ROUTE_STEMS = tuple("dəmir dəmiryol yol boru kəmər marşrut dəhliz xətt magistral avtomobil".split())
