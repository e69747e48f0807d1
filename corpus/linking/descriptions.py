"""Descriptions derived from the geodata: a route described rather than named.

Nothing here is written per phrasing. For every corridor the geodata give its ``kind``
(nouns for it per language: the names files' ``kinds`` table, else the language module's
``KIND_NOUNS``), the waters it crosses (``waters``), the places on or near its route
(``route_places``: its segments' waypoints and the places within a few km of its line) and
the countries it crosses (``route_countries``), all computed by ``geodata.build``. A passage
describes the feature when, inside one sentence and a few words of a noun of the feature's
kind ("cable", «кабель», "dəhliz", «միջանցք»):

* a water of the route is named with a relation word ("under the Caspian", «по дну
  Каспийского моря», "Xəzər dənizinin altından") or right before the noun ("Caspian cable");
* two places or countries of the route are named with a "between" word or a hyphen
  ("between Sumgait and Aktau", «между Азербайджаном и Казахстаном»,
  "Azerbaijan-Kazakhstan link");
* a place or country that only this feature's route (among features of that noun) passes is
  named with a relation word ("a rail link through Syunik", «коридор через территорию
  Армении» to an exclave).

A place or country next to a relation word that is *not* on the route vetoes the feature ("a
road to Nakhchivan through Iran" is not TRIPP), as does an "avoiding" word. A corridor added
to the YAML sources gets its descriptions from its own geodata.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import ModuleType

from corpus.linking.languages import WORD_RE, LanguageError, known_languages, language_module
from corpus.linking.names import feature_names

#: Words on either side of the kind noun that may hold its cues.
WINDOW = 8
#: Most words between a relation word and the place it governs ("through southern Armenia",
#: «через территорию Армении», "Ermənistan ərazisindən").
RELATION_REACH = 2
#: Punctuation that ends the sentence a description must stay inside.
_SENTENCE_END = re.compile(r"[.;:!?()\[\]«»\"“”]|\s[—–]\s")


def _keys(module: ModuleType, word: str) -> frozenset[str]:
    keys = module.word_keys(word)
    if module.CODE == "en":
        lower = word.lower()
        keys = frozenset({lower, lower[:-1]}) if lower.endswith("s") and len(lower) > 4 \
            else keys
    return keys


def _name_keys(module: ModuleType, word: str) -> frozenset[str]:
    return _keys(module, word) if module.CODE == "en" else module.name_keys(word)


@dataclass(frozen=True, slots=True)
class _Phrase:
    words: tuple[frozenset[str], ...]
    role: str  # "kind" | "water" | "place" | "country" | "relation" | "between" | "avoid"
    ident: str  # kind noun's kind, water id, place id, country id
    exact_case: bool  # an acronym or a one-word proper name: must be capitalised


@dataclass
class _LanguageIndex:
    module: ModuleType
    first: dict[str, list[_Phrase]] = field(default_factory=dict)
    gate: tuple[str, ...] = ()  # folded stems of kind nouns: one must occur in the text

    def add(self, text: str, role: str, ident: str) -> None:
        words = WORD_RE.findall(text)
        if not words:
            return
        proper = role in {"water", "place", "country"}
        exact = proper and len(words) == 1 and words[0][:1].isupper()
        phrase = _Phrase(tuple(_name_keys(self.module, w) for w in words), role, ident, exact)
        for key in phrase.words[0]:
            bucket = self.first.setdefault(key, [])
            if phrase not in bucket:
                bucket.append(phrase)


@dataclass(frozen=True, slots=True)
class _Route:
    feature: str
    kind: str
    waters: frozenset[str]
    places: frozenset[str]
    countries: frozenset[str]


class DescriptionMatcher:
    """Finds described routes; build with :meth:`from_features`."""

    def __init__(self, routes: list[_Route], indexes: dict[str, _LanguageIndex],
                 features_by_noun: dict[tuple[str, str], set[str]]):
        self.routes = {r.feature: r for r in routes}
        self.indexes = indexes
        self.kind_features: dict[str, list[_Route]] = {}
        for route in routes:
            self.kind_features.setdefault(route.kind, []).append(route)

    @classmethod
    def from_features(cls, features: Iterable[Mapping]) -> DescriptionMatcher:
        features = list(features)
        routes = []
        for f in features:
            if f.get("layer") != "corridors" or not f.get("kind"):
                continue
            routes.append(_Route(str(f["id"]), str(f["kind"]),
                                 frozenset(_ids(f.get("waters"))),
                                 frozenset(_ids(f.get("route_places"))),
                                 frozenset(_ids(f.get("route_countries")))))
        indexes: dict[str, _LanguageIndex] = {}
        if not routes:
            return cls([], {}, {})
        kinds = {r.kind for r in routes}
        wanted_places = set().union(*(r.places for r in routes))
        for code in known_languages():
            module = language_module(code)
            index = _LanguageIndex(module)
            gate = set()
            for kind in kinds:
                nouns = _kind_nouns(features, kind, code) or module.KIND_NOUNS.get(kind, [])
                for noun in nouns:
                    index.add(noun, "kind", kind)
                    first = WORD_RE.findall(noun)
                    if first:
                        from corpus.linking.folding import fold

                        stem = fold(first[0])
                        gate.add(stem[: max(3, len(stem) - 2)])
            index.gate = tuple(sorted(gate))
            for water, names in _water_names(features, code, module).items():
                for name in names:
                    index.add(name, "water", water)
            for f in features:
                fid = str(f["id"])
                layer = f.get("layer")
                local = feature_names(f).get(code, {})
                if layer == "places" and fid in wanted_places:
                    for name in _strings(f.get("aliases")) + local.get("names", []):
                        index.add(name, "place", fid)
                elif layer == "actors" and f.get("kind") == "state":
                    names = local.get("names", []) + local.get("adjectives", [])
                    if code == "en" or not names:
                        names += _strings(f.get("aliases"))
                    for name in names:
                        index.add(name, "country", fid)
            for role, words in (("relation", module.RELATIONS), ("between", module.BETWEEN),
                                ("avoid", module.AVOIDS)):
                for word in words:
                    phrase = _Phrase((frozenset({word}) | _name_keys(module, word),), role,
                                     role, False)
                    for key in phrase.words[0]:
                        index.first.setdefault(key, []).append(phrase)
            indexes[code] = index
        return cls(routes, indexes, {})

    def candidates(self, text: str, folded: str, language: str, readers: frozenset[str]):
        """Description candidates (``matcher._Candidate``, tier 1) in ``text``."""
        from corpus.linking.matcher import _Candidate

        out = []
        for code in {language, *readers}:
            index = self.indexes.get(code)
            if index is None or not any(stem in folded for stem in index.gate):
                continue
            for feature, start, end in self._find(text, index):
                out.append(_Candidate(feature, start, end, "feature", None, False, 1, ""))
        return out

    def _find(self, text: str, index: _LanguageIndex):
        module = index.module
        tokens = [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]
        if not tokens:
            return
        keys = [None] * len(tokens)

        def key_at(i):
            if keys[i] is None:
                keys[i] = _keys(module, tokens[i][2])
            return keys[i]

        # Sentence numbers, so a description never crosses a full stop.
        sentence = [0] * len(tokens)
        for i in range(1, len(tokens)):
            gap = text[tokens[i - 1][1]:tokens[i][0]]
            sentence[i] = sentence[i - 1] + (1 if _SENTENCE_END.search(gap) else 0)
        hits = []  # (first token, last token, phrase)
        for i in range(len(tokens)):
            for key in key_at(i):
                for phrase in index.first.get(key, ()):
                    if phrase.exact_case and not tokens[i][2][:1].isupper():
                        continue
                    last = i
                    ok = True
                    for word in phrase.words[1:]:
                        last += 1
                        if last >= len(tokens) or sentence[last] != sentence[i] \
                                or not key_at(last) & word:
                            ok = False
                            break
                    if ok:
                        hits.append((i, last, phrase))
        nouns = [h for h in hits if h[2].role == "kind"]
        if not nouns:
            return
        seen = set()
        for first, last, noun in nouns:
            window = [h for h in hits if h[2].role != "kind"
                      and sentence[h[0]] == sentence[first]
                      and first - WINDOW <= h[0] and h[1] <= last + WINDOW]
            for route in self.kind_features.get(noun.ident, ()):
                span = self._describes(route, first, last, window)
                if span is None:
                    continue
                start, end = tokens[span[0]][0], tokens[span[1]][1]
                key = (route.feature, start, end)
                if key not in seen:
                    seen.add(key)
                    yield route.feature, start, end

    def _describes(self, route: _Route, first: int, last: int, window):
        relations = [h for h in window if h[2].role == "relation"]
        betweens = [h for h in window if h[2].role == "between"]

        def related(hit):
            return any(abs(r[0] - hit[0]) <= RELATION_REACH + 1 or
                       abs(r[1] - hit[1]) <= RELATION_REACH + 1 for r in relations)

        if any(h[2].role == "avoid" for h in window):
            return None
        on_route, off_route = [], []
        for hit in window:
            role, ident = hit[2].role, hit[2].ident
            if role == "water":
                (on_route if ident in route.waters else off_route).append(hit)
            elif role == "place":
                (on_route if ident in route.places else off_route).append(hit)
            elif role == "country":
                (on_route if ident in route.countries else off_route).append(hit)
        if any(related(h) for h in off_route if h[2].role in {"country", "water"}):
            return None  # "through Iran": a route that avoids the feature
        chosen = []
        for hit in on_route:
            if hit[2].role == "water" and (related(hit) or hit[1] + 1 == first):
                chosen.append(hit)
        distinct = {(h[2].role, h[2].ident) for h in on_route if h[2].role != "water"}
        if len(distinct) >= 2 and (betweens or self._hyphenated(on_route)):
            chosen += [h for h in on_route if h[2].role != "water"]
        for hit in on_route:
            if hit[2].role != "water" and related(hit) and self._distinctive(route, hit[2]):
                chosen.append(hit)
        if not chosen:
            return None
        return (min([first] + [h[0] for h in chosen]), max([last] + [h[1] for h in chosen]))

    @staticmethod
    def _hyphenated(hits) -> bool:
        ordered = sorted(hits, key=lambda h: h[0])
        return any(b[0] == a[1] + 1 for a, b in zip(ordered, ordered[1:], strict=False))

    def _distinctive(self, route: _Route, phrase: _Phrase) -> bool:
        """A place or country that no other route of the same kind noun passes."""
        others = [r for r in self.routes.values() if r.feature != route.feature]
        attr = "places" if phrase.role == "place" else "countries"
        return not any(phrase.ident in getattr(r, attr) for r in others)


def _ids(value) -> list[str]:
    if isinstance(value, Mapping):
        return [str(k) for k in value]
    return [str(v) for v in _strings(value)]


def _strings(value) -> list[str]:
    if value is None or isinstance(value, float):
        return []
    if isinstance(value, str):
        return [value]
    try:
        return [v for v in list(value) if isinstance(v, str)]
    except TypeError:
        return []


def _kind_nouns(features, kind: str, code: str) -> list[str]:
    for f in features:
        if f.get("kind") == kind and isinstance(f.get("kind_names"), Mapping):
            nouns = _strings(f["kind_names"].get(code))
            if nouns:
                return nouns
    return []


def _water_names(features, code: str, module: ModuleType) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in features:
        waters = f.get("water_names")
        if isinstance(waters, Mapping):
            for water, names in waters.items():
                if isinstance(names, Mapping):
                    out.setdefault(str(water), []).extend(_strings(names.get(code)))
    for water, names in module.WATERS.items():
        if not out.get(water):
            out[water] = list(names)
    return out


__all__ = ["DescriptionMatcher", "LanguageError"]
