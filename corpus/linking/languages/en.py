"""English: matched by the literal automaton (folded text), no morphology.

English names barely inflect (a plural or a possessive ``'s``, which the word boundary
already allows), so the aliases are matched as written and English throughput is the
automaton's. The capital-metonymy cues live here; the rule that uses them is
:func:`corpus.linking.context.capital_is_state`.
"""

from __future__ import annotations

CODE = "en"
SCRIPTS = ("Latin",)
MORPHOLOGY = False
acronym_suffix = None

# A capital after one of these words is the place, not the state ("visit to Baku").
LOCATIVE = frozenset(
    "in at to into from near via through outside around across toward towards inside within "
    "visited visiting visit visits trip trips tour tours arrived arriving reached left leave "
    "leaving flew flight flights travelled traveled travel travels based held hosted hosting "
    "gathered returned return returning headed heading connect connects connecting "
    "connected link links linking linked join joins joining joined".split()
)
# ...but "pressure from Moscow", "a concession to Baku", "close to Tehran" are the state.
STATE_BEFORE_PREPOSITION = frozenset(
    "pressure signal signals message messages response support demand demands concession "
    "concessions threat threats warning warnings criticism objection objections approval "
    "consent reaction opposition guarantee guarantees assurance assurances commitment "
    "commitments offer offers appeal appeals ultimatum aid assistance loan loans gift reply "
    "letter note overture overtures ties loyalty close closer loyal allied hostile friendly "
    "opposed sympathetic proxy proxies envoy envoys ambassador request requests invitation "
    "obligations owed".split()
)
# A capital before one of these nouns names the place ("Baku airport", "the Baku talks").
PLACE_NOUNS = frozenset(
    "airport port city residents resident mayor street streets hotel hotels summit forum "
    "conference conferences office offices talks meeting meetings visit visits region suburb "
    "suburbs bay metro center centre district districts based declaration process format "
    "court university museum stadium station square boulevard marathon festival agreement "
    "agreements accords accord platform trip tour negotiations round ferry ferries railway "
    "railways railroad road roads highway route routes line lines pipeline pipelines flight "
    "flights train trains bus rail terminal section segment stretch link links connection "
    "connections distance".split()
)
COORDINATORS = frozenset({"and", "or", ",", "&", "as", "well"})

#: Head-initial: a description's cues follow its noun ("a cable under the Caspian").
HEAD_FINAL = False
#: Relation words of descriptions: a route "through" a country or region...
THROUGH = frozenset("through via across traversing crossing".split())
#: ...and "across", "under" or "along" a water ("on the bed of the Caspian").
RELATIONS = frozenset("through via across under beneath over along traversing crossing "
                      "bed floor bottom seabed".split())
BETWEEN = frozenset({"between", "linking", "connecting", "joining"})
#: Words that make the described route not the feature ("avoiding Armenia").
AVOIDS = frozenset({"bypassing", "avoiding", "around"})

KIND_NOUNS = {
    "submarine cable": ["cable", "cables", "fibre-optic line", "fiber-optic line",
                        "fibre-optic link", "fiber-optic link", "fibre optic line",
                        "fiber optic line", "fibre line", "fiber line", "data link",
                        "communication line", "fibre", "fiber"],
    "rail and road corridor": ["corridor", "route", "road", "railway", "railroad", "rail link",
                               "transit route", "transport link", "highway", "passage"],
    "transport corridor": ["corridor", "route", "railway route", "rail route", "trade route",
                           "transport route", "transit route", "land bridge", "artery"],
    "oil pipeline": ["oil pipeline", "crude pipeline", "oil export pipeline"],
    "gas pipeline system": ["gas pipeline", "gas pipelines", "gas corridor", "gas route"],
}

WATERS = {"caspian_sea": ["Caspian Sea", "Caspian", "Caspian seabed"],
          "black_sea": ["Black Sea"], "mediterranean_sea": ["Mediterranean", "Mediterranean Sea"],
          "adriatic_sea": ["Adriatic", "Adriatic Sea"]}

US_STATE_CUES = ("atlanta", "savannah", "governor kemp", "peach state", "georgia ports authority",
                 "state of georgia", "georgia's governor", "u.s. state", "us state",
                 "georgia state", "county", "brunswick", "macon", "augusta, georgia",
                 "gwinnett", "fulton county", "georgia tech", "athens, georgia")
CAUCASUS_CUES = ("tbilisi", "caucasus", "kobakhidze", "batumi", "poti", "georgian dream",
                 "abkhazia", "south ossetia", "kutaisi", "lari", "black sea coast of georgia")


def word_keys(token: str) -> frozenset[str]:
    """English words are not reduced (the automaton matches them whole)."""
    return frozenset({token.lower()})


def name_keys(word: str, *, adjective: bool = False) -> frozenset[str]:
    return frozenset({word.lower()})

#: Month names and abbreviations, for datelines ("BAKU, 3 March (Reuters)").
MONTHS = tuple("january february march april may june july august september october november "
               "december jan feb mar apr jun jul aug sep sept oct nov dec".split())

#: Starts of the nouns of a route named by its end points (route nouns):
#: a capital in such a chain is a place (:func:`corpus.linking.context.in_route_chain`).
ROUTE_STEMS = tuple("railway railroad rail pipeline route road highway corridor line link "
                    "ferry motorway".split())
