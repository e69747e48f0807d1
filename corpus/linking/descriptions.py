"""Descriptions derived from the geodata: a route described rather than named.

Nothing here is written per phrasing. For every corridor the geodata give its ``kind``
(nouns for it per language: the names files' ``kinds`` table, else the language module's
``KIND_NOUNS``), the waters it crosses (``waters``), the places on or near its route
(``route_places``: its segments' waypoints and the places within a few km of its line) and
the countries it crosses (``route_countries``), all computed by ``geodata.build``. A
passage describes the feature when, inside one sentence and a few words of a noun of the
feature's kind ("cable", «кабель», "dəhliz", «միջանցք»), on the side where the language
puts a noun's complements (after it in English and Russian, before it in Turkish,
Azerbaijani and Armenian: the module's ``HEAD_FINAL``):

* a water of the route is governed by a relation word ("under the Caspian", «по дну
  Каспийского моря», "Xəzər dənizinin altından"), or modifies a noun that belongs to one
  kind only ("Caspian cable", «каспийский кабель»);
* two places or countries of the route follow a "between" word ("between Sumgait and
  Aktau", «между Азербайджаном и Казахстаном», "Azərbaycan və Qazaxıstan arasında"), or two
  of its countries are joined by a hyphen before the noun ("Azerbaijan-Kazakhstan link");
* a country or region that no other feature's route passes is governed by a "through" word
  ("a rail link through Syunik", «коридор через территорию Армении», "Ermənistan
  ərazisindən keçən dəhliz").

A country or water governed by a relation word that is *not* on the route vetoes the
feature ("a road to Nakhchivan through Iran" is not TRIPP), as does an "avoiding" word.
Towns on a route are not enough on their own: "a railway through Zangilan" is a component
of TRIPP, not TRIPP. A corridor added
to the YAML sources gets its descriptions from its own geodata.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import repeat
from types import ModuleType

import ahocorasick

from corpus.linking.folding import fold
from corpus.linking.languages import WORD_RE, LanguageError, known_languages, language_module
from corpus.linking.names import feature_names
from corpus.linking.selection import _Candidate
from corpus.linking.words import word_spans

#: Words on either side of the kind noun that may hold its cues.
WINDOW = 8
#: Most words between a relation word and the place it governs ("through southern Armenia",
#: «через территорию Армении», "Ermənistan ərazisindən").
RELATION_REACH = 2
#: Punctuation that ends the sentence a description must stay inside.
_HYPHEN = re.compile(r"\s?[-\u2010-\u2015]\s?")
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
    kinds_of_noun: dict[tuple, set[str]] = field(default_factory=dict)
    key_cache: dict[str, frozenset[str]] = field(default_factory=dict)
    phrase_cache: dict[str, tuple] = field(default_factory=dict)  # see DescriptionMatcher._find
    automaton: object | None = None  # finds the folded starts of kind nouns
    cues: re.Pattern[str] | None = None  # a relation word or a water must be near one
    cue_names: set[str] = field(default_factory=set)
    names_re: re.Pattern[str] | None = None  # ...and a water, place or country
    english_after: re.Pattern[str] | None = None  # English: relation word + a route name
    english_before: re.Pattern[str] | None = None  # English: a modifier before the noun

    def add(self, text: str, role: str, ident: str) -> None:
        words = WORD_RE.findall(text)
        if not words:
            return
        if role in {"water", "place", "region", "country"}:
            stem = fold(words[0])
            self.cue_names.add(stem if not self.module.MORPHOLOGY
                               else stem[: max(3, len(stem) - 3)])
        proper = role in {"water", "place", "region", "country"}
        exact = proper and len(words) == 1 and words[0][:1].isupper()
        phrase = _Phrase(tuple(_name_keys(self.module, w) for w in words), role, ident, exact)
        if role == "kind":
            self.kinds_of_noun.setdefault(phrase.words, set()).add(ident)
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
        self._distinct: dict[tuple[str, bool, str], bool] = {}  # see _distinctive
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
        matcher = cls(routes, {}, {})
        matcher._features = features if routes else []
        return matcher

    def index_for(self, code: str) -> _LanguageIndex | None:
        """The index of language ``code``, built on first use (an English-only process
        never loads a lemmatiser)."""
        if code not in self.indexes:
            self.indexes[code] = (self._build_index(code) if self._features
                                  and code in known_languages() else None)
        return self.indexes[code]

    def _build_index(self, code: str) -> _LanguageIndex:
        features, routes = self._features, list(self.routes.values())
        kinds = {r.kind for r in routes}
        wanted_places = set().union(*(r.places for r in routes))
        module = language_module(code)
        index = _LanguageIndex(module)
        gate = set()
        for kind in kinds:
            nouns = _kind_nouns(features, kind, code) or module.KIND_NOUNS.get(kind, [])
            for noun in nouns:
                index.add(noun, "kind", kind)
                # The gate looks for the head noun: the last word of the phrase
                # ("transport corridor", «железная дорога», "boru hattı").
                first = WORD_RE.findall(noun)[-1:]
                if first:
                    stem = fold(first[0])
                    if module.MORPHOLOGY:
                        gate.add(stem[: max(3, len(stem) - 2)])
                    else:  # English: the word and its plural, whole
                        gate |= {stem + " ", stem + "s ", stem + "-", stem + "s-"}
        for water, names in _water_names(features, code, module).items():
            for name in names:
                index.add(name, "water", water)
        for f in features:
            fid = str(f["id"])
            layer = f.get("layer")
            local = feature_names(f).get(code, {})
            if layer == "places" and fid in wanted_places:
                role = "region" if f.get("kind") == "region" else "place"
                for name in _strings(f.get("aliases")) + local.get("names", []):
                    index.add(name, role, fid)
            elif layer == "actors" and f.get("kind") == "state":
                names = local.get("names", []) + local.get("adjectives", [])
                if code == "en" or not names:
                    names += _strings(f.get("aliases"))
                for name in names:
                    index.add(name, "country", fid)
        for role, words in (("relation", module.RELATIONS), ("through", module.THROUGH),
                            ("between", module.BETWEEN), ("avoid", module.AVOIDS)):
            for word in words:
                phrase = _Phrase((frozenset({word}) | _name_keys(module, word),), role,
                                 role, False)
                for key in phrase.words[0]:
                    index.first.setdefault(key, []).append(phrase)
        cues = set()
        for words in (module.RELATIONS, module.THROUGH, module.BETWEEN):
            cues |= {fold(w)[: max(2, len(fold(w)) - 2)] for w in words}
        for names in _water_names(features, code, module).values():
            cues |= {fold(WORD_RE.findall(n)[0])[:4] for n in names if WORD_RE.findall(n)}
        endings = "|".join(re.escape(e) + r"(?!\w)"
                           for e in getattr(module, "THROUGH_ENDINGS", ()))
        index.cues = re.compile(r"(?<!\w)(?:" + "|".join(
            re.escape(c) for c in sorted(cues, key=len, reverse=True) if c) + ")"
            + (f"|{endings}" if endings else ""))
        if not module.MORPHOLOGY and index.cue_names:
            # English: a relation word, at most two words, then a route's name; or a
            # water or a hyphenated pair right before the noun.
            names = "|".join(re.escape(c) for c in sorted(index.cue_names, key=len,
                                                          reverse=True))
            relations = "|".join(re.escape(fold(w)) for w in sorted(
                module.RELATIONS | module.THROUGH | module.BETWEEN, key=len, reverse=True))
            index.english_after = re.compile(
                rf"(?<!\w)(?:{relations})\W+(?:[\w'-]+\W+){{0,2}}?(?:{names})")
            index.english_before = re.compile(rf"(?<!\w)(?:{names})")
        index.names_re = re.compile(r"(?<!\w)(?:" + "|".join(
            re.escape(c) for c in sorted(index.cue_names, key=len, reverse=True) if c)
            + ")") if index.cue_names else None
        if gate:
            automaton = ahocorasick.Automaton()
            for stem in sorted(gate):
                automaton.add_word(stem, len(stem))
            automaton.make_automaton()
            index.automaton = automaton
        return index


    def candidates(self, text: str, folded: str, language: str, readers: frozenset[str],
                   found=(), *, english_nouns=None):
        """Description candidates (``selection._Candidate``, tier 1) in ``text``.

        Only the stretches around a word that starts like a kind noun are read (one
        automaton pass finds them), so a passage without one costs a single scan; a noun
        inside a name or description already ``found`` ("Middle Corridor") is skipped.
        ``english_nouns`` are the hits of the English index's noun automaton in ``folded``,
        (end index, length) in its order, when the caller's scan found them."""
        if not readers and language == "en" and english_nouns is not None \
                and not english_nouns:
            # An English passage without a kind noun (most): nothing to read.
            index = self.index_for("en")
            if index is None or index.automaton is None or index.english_after is not None:
                return []
        out = []
        # The passage's language, then the readers in code order (fixed, unlike a set's).
        for code in dict.fromkeys((language, *sorted(readers))):
            index = self.index_for(code)
            if index is None or index.automaton is None:
                continue
            head_final = getattr(index.module, "HEAD_FINAL", False)
            covered = None
            nouns = None
            if index.english_after is not None:
                nouns = english_nouns if english_nouns is not None and code == "en" \
                    else list(index.automaton.iter(folded))
                if not nouns:
                    continue  # no kind noun at all: no stretch to read (the common case)
            if found:
                spans = [(c.start, c.end) for c in found if c.tier < 2]
                if nouns is not None and len(spans) * len(nouns) <= 256:
                    # Few names and nouns: each noun is checked against the names (the
                    # covered-span map below costs more to build than that).
                    covered = _SpanCheck(spans)
                else:
                    covered = bytearray(len(folded) + 1)
                    for start, end in spans:
                        covered[start:end] = b"\x01" * (end - start)
            if index.english_after is not None:
                spans = _english_windows(folded, index, covered, nouns)
            else:
                spans = _windows(folded, index.automaton, index.cues, head_final,
                                 index.names_re, covered)
            for low, high in spans:
                for feature, start, end in self._find(text[low:high], index):
                    out.append(_Candidate(feature, low + start, low + end, "feature", None,
                                          False, 1, ""))
        return out

    def _find(self, text: str, index: _LanguageIndex):
        module = index.module
        starts, _ends, words = word_spans(text)
        if not words:
            return
        tokens = list(zip(starts, _ends, words, strict=True))
        cache, phrase_cache = index.key_cache, index.phrase_cache
        if len(cache) > 100_000:
            cache.clear()
            phrase_cache.clear()
        # Per word form, kept: its keys, and the phrases whose first word it can be (the
        # first-word table looked up under each key, in the keys' order; a proper name
        # only when the word is capitalised).
        keys = list(map(cache.get, words))
        phrases_at = list(map(phrase_cache.get, words))
        first_table = index.first
        for i, found in enumerate(keys if None in keys or None in phrases_at else ()):
            if found is None:
                word = words[i]
                found = cache.get(word)
                if found is None:
                    found = cache[word] = _keys(module, word)
                keys[i] = found
            if phrases_at[i] is None:
                word = words[i]
                upper = word[:1].isupper()
                phrases_at[i] = phrase_cache[word] = tuple(
                    phrase for key in found for phrase in first_table.get(key, ())
                    if upper or not phrase.exact_case)

        # Sentence numbers, so a description never crosses a full stop.
        stops = [m.start() for m in _SENTENCE_END.finditer(text)]
        sentence = list(map(bisect.bisect_right, repeat(stops), starts)) if stops \
            else [0] * len(tokens)
        hits = []  # (first token, last token, phrase)
        count = len(tokens)
        for i, phrases in enumerate(phrases_at):
            for phrase in phrases:
                last = i
                ok = True
                for word in phrase.words[1:]:
                    last += 1
                    if last >= count or sentence[last] != sentence[i] \
                            or keys[last].isdisjoint(word):
                        ok = False
                        break
                if ok:
                    hits.append((i, last, phrase))
        nouns = [h for h in hits if h[2].role == "kind"]
        if not nouns:
            return
        head_final = getattr(module, "HEAD_FINAL", False)
        seen = set()
        # Hits come in token order: each noun looks only at those within WINDOW words of it
        # (bisect), so a 5 MB paragraph costs linear time, not nouns x hits.
        starts = [h[0] for h in hits]
        for first, last, noun in nouns:
            near = hits[bisect.bisect_left(starts, first - WINDOW - 4):
                        bisect.bisect_right(starts, last + WINDOW)]
            if head_final:
                window = [h for h in near if h[2].role != "kind"
                          and sentence[h[0]] == sentence[first]
                          and first - WINDOW <= h[0] and h[1] < first]
            else:
                window = [h for h in near if h[2].role != "kind"
                          and sentence[h[0]] == sentence[first]
                          and (last < h[0] <= last + WINDOW or h[1] == first - 1
                               or (h[1] < first and first - h[1] <= 3
                                   and h[2].role == "country"))]
            if not any(h[2].role in _PROPER_ROLES for h in window):
                continue  # no water, place or country near the noun: no route described
            single_kind = len(index.kinds_of_noun.get(noun.words, ())) == 1
            self.through_endings = getattr(module, "THROUGH_ENDINGS", ())
            for route in self.kind_features.get(noun.ident, ()):
                span = self._describes(route, first, last, window, text, tokens, head_final,
                                       single_kind)
                if span is None:
                    continue
                start, end = tokens[span[0]][0], tokens[span[1]][1]
                key = (route.feature, start, end)
                if key not in seen:
                    seen.add(key)
                    yield route.feature, start, end

    def _describes(self, route: _Route, first: int, last: int, window, text, tokens,
                   head_final: bool, single_kind: bool):
        if any(h[2].role == "avoid" for h in window):
            return None
        through_endings = self.through_endings

        def governed(hit, roles) -> bool:
            """A relation word of ``roles`` governs ``hit``: before it (head-initial) or after
            it (head-final), at most RELATION_REACH words away, or the hit's own case ending
            means "through" (Armenian instrumental)."""
            if "through" in roles and through_endings \
                    and tokens[hit[1]][2].endswith(through_endings):
                return True
            for r in window:
                if r[2].role not in roles:
                    continue
                gap = hit[0] - r[1] if not head_final else r[0] - hit[1]
                if 1 <= gap <= RELATION_REACH + 1:
                    return True
            return False

        on_route, off_route = [], []
        for hit in window:
            role, ident = hit[2].role, hit[2].ident
            if role == "water":
                (on_route if ident in route.waters else off_route).append(hit)
            elif role in {"place", "region"}:
                (on_route if ident in route.places else off_route).append(hit)
            elif role == "country":
                (on_route if ident in route.countries else off_route).append(hit)
        for hit in off_route:
            roles = {"through", "relation"} if hit[2].role == "water" else {"through"}
            if hit[2].role in {"country", "water", "region"} and governed(hit, roles):
                return None  # "through Iran": a route that avoids the feature
        chosen = []
        for hit in on_route:
            if hit[2].role != "water":
                continue
            if governed(hit, {"relation", "through"}) or (single_kind and hit[1] == first - 1):
                chosen.append(hit)
        points = sorted((h for h in on_route if h[2].role != "water"), key=lambda h: h[0])
        for a, b in zip(points, points[1:], strict=False):
            if (a[2].role, a[2].ident) == (b[2].role, b[2].ident) or b[0] - a[1] > 3:
                continue
            if governed(a if not head_final else b, {"between"}):
                chosen += [a, b]
            elif (a[2].role == b[2].role == "country" and b[0] == a[1] + 1
                  and _HYPHEN.fullmatch(text[tokens[a[1]][1]:tokens[b[0]][0]])
                  and b[1] < first and single_kind):
                chosen += [a, b]  # "Azerbaijan-Kazakhstan cable"
        for hit in on_route:
            if hit[2].role in {"country", "region"} and governed(hit, {"through"}) \
                    and self._distinctive(route, hit[2]):
                chosen.append(hit)
        if not chosen:
            return None
        return (min([first] + [h[0] for h in chosen]), max([last] + [h[1] for h in chosen]))

    def _distinctive(self, route: _Route, phrase: _Phrase) -> bool:
        """A place or country that no other route of the same kind noun passes (decided
        once per route and place, and kept)."""
        key = (route.feature, phrase.role == "country", phrase.ident)
        known = self._distinct.get(key)
        if known is None:
            others = [r for r in self.routes.values() if r.feature != route.feature]
            attr = "countries" if phrase.role == "country" else "places"
            known = self._distinct[key] = not any(phrase.ident in getattr(r, attr)
                                                  for r in others)
        return known


#: The roles of hits that can put a description on a route (see _describes).
_PROPER_ROLES = frozenset({"water", "place", "region", "country"})


#: Characters read around a kind noun: on its complement side (more than WINDOW words of
#: any language), and on the other side (its modifiers: "Azerbaijan-Kazakhstan cable").
SPAN_AFTER, SPAN_BEFORE_NOUN = 170, 45


#: Where a noun's cues must be for the stretch to be read at all: characters after it
#: (head-initial languages) or before it (head-final), and a water right before it.
CUE_REACH, MODIFIER_REACH = 110, 30


def _english_windows(folded: str, index: _LanguageIndex, covered=None, nouns=None
                     ) -> list[tuple[int, int]]:
    """English stretches to read: a head noun followed, within a few words, by a relation
    word and a route's name, or preceded by a route's name (one expression each, in C).
    ``nouns``: the noun automaton's hits in ``folded``, when already found."""
    spans: list[tuple[int, int]] = []
    for end, length in (nouns if nouns is not None else index.automaton.iter(folded)):
        start = end - length + 1
        if start > 0 and folded[start - 1].isalnum():
            continue
        if covered is not None and covered[start]:
            continue
        after = index.english_after.search(folded, end, end + CUE_REACH)
        before = None if after else index.english_before.search(
            folded, max(0, start - MODIFIER_REACH), start)
        if not (after or before):
            continue
        low, high = max(0, start - SPAN_BEFORE_NOUN), min(len(folded), end + SPAN_AFTER)
        if spans and low <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], high))
        else:
            spans.append((low, high))
    return [_cut(folded, low, high) for low, high in spans]


class _SpanCheck:
    """``covered[position]`` for a few spans, without the map of every position: whether
    ``position`` falls inside one of them."""

    __slots__ = ("spans",)

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans

    def __getitem__(self, position: int) -> bool:
        return any(start <= position < end for start, end in self.spans)


def _cut(folded: str, low: int, high: int) -> tuple[int, int]:
    """``(low, high)`` moved inwards to spaces, so no word is split."""
    if low > 0:
        cut = folded.find(" ", low)
        low = cut + 1 if 0 <= cut < high else low
    if high < len(folded):
        cut = folded.rfind(" ", low, high)
        high = cut if cut > low else high
    return low, high


def _windows(folded: str, automaton, cues, head_final: bool, names=None, covered=None
             ) -> list[tuple[int, int]]:
    """Merged stretches of ``folded`` around every word that starts like a kind noun and
    has a relation word or a water on its complement side, cut at spaces so no word is
    split."""
    spans: list[tuple[int, int]] = []
    for end, length in automaton.iter(folded):
        start = end - length + 1
        if start > 0 and folded[start - 1].isalnum():
            continue
        if covered is not None and covered[start]:
            continue
        if cues is not None:
            if head_final:
                near = cues.search(folded, max(0, start - CUE_REACH - 60), start)
            else:
                near = cues.search(folded, end, end + CUE_REACH) \
                    or cues.search(folded, max(0, start - MODIFIER_REACH), start)
            if not near:
                continue  # no relation word and no water near it: no description here
            if names is not None:
                low_cue = max(0, start - CUE_REACH - 60) if head_final \
                    else max(0, start - MODIFIER_REACH)
                high_cue = start if head_final else end + CUE_REACH
                if not names.search(folded, low_cue, high_cue):
                    continue  # no water, place or country of any route near it
        # The head noun may end a longer kind noun ("transport corridor"): the window starts
        # SPAN_BEFORE_NOUN before it in either order.
        if head_final:
            low, high = max(0, start - SPAN_AFTER), min(len(folded), end + SPAN_BEFORE_NOUN)
        else:
            low, high = max(0, start - SPAN_BEFORE_NOUN), min(len(folded), end + SPAN_AFTER)
        if spans and low <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], high))
        else:
            spans.append((low, high))
    out = []
    for low, high in spans:
        if low > 0:
            cut = folded.find(" ", low)
            low = cut + 1 if 0 <= cut < high else low
        if high < len(folded):
            cut = folded.rfind(" ", low, high)
            high = cut if cut > low else high
        out.append((low, high))
    return out


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
