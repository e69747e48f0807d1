"""Names garbled by a translator: a word swapped, dropped or added in a long official name
("Trans-Caspian International Transit Route", «Транскаспийский транспортный международный
маршрут») still resolves when it is close enough to a known name.

Only names of four or more words are tried (short names are too close to each other for
fuzzy matching to be safe), only where a word of the text starts like the name's first or
last word, and only where no exact name was found. Words are compared in their reduced form
(the language module's lemma or stem), so inflection does not count as a difference.
The score is RapidFuzz's ``token_sort_ratio`` (order-insensitive, so swapped words cost
nothing) on those forms; :data:`THRESHOLD` was measured on the development texts (see
``tests/test_fuzzy.py`` and ``tests/data/README.md``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import ahocorasick
from rapidfuzz import fuzz

from corpus.linking.folding import fold
from corpus.linking.languages import WORD_RE, LanguageError, language_module
from corpus.linking.names import feature_names
from corpus.linking.selection import _Candidate
from corpus.linking.words import word_tokens

#: Lowest token_sort_ratio (0-100) that links a garbled name. On the development texts
#: garbled names scored 86-96 and the closest non-names (other corridors' long names,
#: "International North-South Transport Corridor" against the Middle Corridor's) 62-80.
THRESHOLD = 85
_STOP = re.compile(r"[.;:!?\n]")
#: Three capitalised words in a row (small words allowed between): where an English long
#: name, garbled or not, can be.
_TITLE_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:(?:of|for|and|the|&)\s+)?[A-Z][\w'’-]*){2,}")
#: Names with fewer words are not tried: on the seed articles "South Caucasus, in" scored
#: 86 against "South Caucasus Pipeline"; three words are too few to tell a garbled name from
#: a phrase that shares two of its words.
MIN_WORDS = 4
#: Fuzzy matching is skipped in passages longer than this (a 5 MB paragraph is read by the
#: exact matchers only).
MAX_TEXT = 20_000


@dataclass(frozen=True, slots=True)
class _LongName:
    feature: str
    name: str
    words: int
    reduced: str  # the name's words reduced and joined by spaces
    anchors: tuple[str, ...]  # folded 5-letter starts of its first and last words
    layer: str


def _reduce(module, word: str) -> str:
    if module is None:
        return fold(word)
    keys = sorted(module.word_keys(word), key=len)
    return fold(keys[0]) if keys else fold(word)


class FuzzyMatcher:
    """Long names per language; build with :meth:`from_features`."""

    def __init__(self, names: dict[str, list[_LongName]]):
        self.names = names
        self._reductions: dict[tuple[str, str], str] = {}
        self._bounds: dict[int, bool] = {}  # see _could_match
        self._english_words: dict | None = None
        # One automaton per language over the folded starts of every word of every long
        # name: a name is tried only where most of its words occur close together.
        self.word_automata = {}
        for lang, long in names.items():
            table: dict[str, list[tuple[int, int]]] = {}
            for number, name in enumerate(long):
                for position, word in enumerate(WORD_RE.findall(name.name)):
                    # Whole words in English; in inflected languages the word without its
                    # last three letters (its ending may differ).
                    key = fold(word) if lang == "en" else fold(word)[:max(4, len(word) - 3)]
                    if len(key) >= 4:  # "for", "and", "of" are everywhere
                        table.setdefault(key, []).append((number, position))
            automaton = ahocorasick.Automaton()
            for key, entries in table.items():
                automaton.add_word(key, (len(key), entries))
            automaton.make_automaton()
            self.word_automata[lang] = automaton
        self.long_words = {lang: [sum(len(fold(w)) >= 4 for w in WORD_RE.findall(n.name))
                                  for n in long] for lang, long in names.items()}

    @classmethod
    def from_features(cls, features: Iterable[Mapping]) -> FuzzyMatcher:
        names: dict[str, list[_LongName]] = {}
        for f in features:
            if f.get("layer") not in {"corridors", "zones", "actors"}:
                continue
            per_language = {lang: g.get("names", []) for lang, g in feature_names(f).items()}
            aliases = f.get("aliases")
            english = [a for a in (list(aliases) if aliases is not None else [])
                       if isinstance(a, str) and a.isascii()]
            per_language.setdefault("en", [])
            per_language["en"] = per_language["en"] + english
            for lang, local in per_language.items():
                try:
                    language_module(lang)  # a language without a module is skipped
                except LanguageError:
                    continue
                for name in local:
                    words = WORD_RE.findall(name)
                    if len(words) < MIN_WORDS:
                        continue
                    reduced = ""  # reduced on first use: no lemmatiser loads at build time
                    anchors = tuple({fold(words[0])[:5], fold(words[-1])[:5]})
                    names.setdefault(lang, []).append(
                        _LongName(str(f["id"]), name, len(words), reduced, anchors,
                                  str(f.get("layer"))))
        return cls(names)

    def english_words(self) -> dict[str, tuple[int, tuple[tuple[int, int], ...]]]:
        """The keys of the English word automaton, each with its bit (one per key) and its
        (name number, word position) pairs: the linker's scan finds them in the same pass
        as the names."""
        if self._english_words is None:
            automaton = self.word_automata.get("en")
            self._english_words = {} if automaton is None \
                or automaton.kind != ahocorasick.AHOCORASICK else {
                    key: (1 << number, tuple(entries)) for number, (key, (_length, entries))
                    in enumerate(sorted(automaton.items()))}
        return self._english_words

    def _could_match(self, keys: int, hits) -> bool:
        """Whether a long English name has all but one of its words among the words of
        ``hits`` (``keys``: the OR of their bits). Decided once per set of words found
        (passages share them) and kept."""
        known = self._bounds.get(keys)
        if known is None:
            seen: dict[int, set[int]] = {}
            for _end, _length, (_bit, entries) in hits:
                for number, position in entries:
                    seen.setdefault(number, set()).add(position)
            needed = self.long_words["en"]
            known = any(len(positions) >= needed[n] - 1 for n, positions in seen.items())
            if len(self._bounds) > 50_000:
                self._bounds.clear()
            self._bounds[keys] = known
        return known

    def candidates(self, text: str, language: str, found, *, folded: str | None = None,
                   english_words=None) -> list:
        """Fuzzy candidates (``selection._Candidate``, tier 0) not overlapping ``found``.

        ``folded`` is ``fold(text)`` when the caller has it; ``english_words`` the hits of
        :meth:`english_words` in it, (end index, length, (bit, pairs)) in the order the English
        word automaton gives them (found here when not given)."""
        if len(text) > MAX_TEXT:
            return []
        if language == "en":
            return self._english(text, found, _Candidate, folded, english_words)
        folded = None
        out = []
        # The passage's language, then English (a fixed order: a set's would change with
        # PYTHONHASHSEED, and of two candidates on the same words the first is kept).
        for lang in dict.fromkeys((language, "en")):
            long = self.names.get(lang)
            if not long:
                continue
            folded = folded if folded is not None else fold(text)
            likely = self._likely(folded, lang, long, found)
            if not likely:
                continue
            module = language_module(lang)
            reducer = module if module.MORPHOLOGY else None
            out += self._scan(text, likely, reducer, found, _Candidate)
        return out

    def _reduced(self, name: _LongName, reducer) -> str:
        key = (name.feature, name.name)
        done = self._reductions.get(key)
        if done is None:
            done = self._reductions[key] = " ".join(
                _reduce(reducer, w) for w in WORD_RE.findall(name.name))
        return done

    def _english(self, text: str, found, make, folded: str | None = None, hits=None
                 ) -> list:
        """English official names are written in title case: only runs of capitalised words
        that no exact name covers are read.

        The English word automaton is read once over the whole passage (or its hits come
        from the linker's scan); each run's words are those hits, taken as
        :meth:`_likely` would find them in the run alone (folding is character by
        character, so the run's folded text is the passage's, cut)."""
        long = self.names.get("en")
        if not long:
            return []
        if folded is None:
            folded = fold(text)
        if hits is None:
            words = self.english_words()
            hits = [(end, length, words[folded[end - length + 1:end + 1]])
                    for end, (length, _entries) in self.word_automata["en"].iter(folded)]
        if not hits:
            return []
        # A run's words are some of the passage's: when no long name has enough of its
        # words anywhere in the passage, no run can have them either.
        keys = 0
        for hit in hits:
            keys |= hit[2][0]
        if not self._could_match(keys, hits):
            return []
        out = []
        names = [c for c in found if c.tier == 0]
        ends = [hit[0] for hit in hits]  # the automaton reports hits by end position
        for run in _TITLE_RUN.finditer(text):
            low, high = run.span()
            first, last = bisect_left(ends, low), bisect_left(ends, high)
            if first == last:
                continue  # no word of a long name ends inside the run: nothing likely
            if any(c.start <= low and high <= c.end for c in names):
                continue
            taken = [(c.start, c.end) for c in names if low <= c.start and c.end <= high]
            likely = self._likely_in_run(folded, low, high, hits[first:last], long, taken)
            if likely:
                inside = [c._replace(start=c.start - low, end=c.end - low) for c in names
                          if low <= c.start and c.end <= high]
                piece = text[low:high]
                out += [c._replace(start=c.start + low, end=c.end + low)
                        for c in self._scan(piece, likely, None, inside, make)]
        return out

    def _likely_in_run(self, folded: str, low: int, high: int, hits, long, taken
                       ) -> list[_LongName]:
        """What :meth:`_likely` gives for ``folded[low:high]`` alone, from the passage's
        hits: those inside the run, with the run's ends as word boundaries; ``taken``: the
        spans of the names found inside the run."""
        seen: dict[int, set[int]] = {}
        for end, length, (_bit, entries) in hits:
            start = end - length + 1
            if start < low or end >= high:
                continue
            if start > low and folded[start - 1].isalnum():
                continue
            if end + 1 < high and folded[end + 1].isalnum():
                continue
            if any(s <= start < e for s, e in taken):
                continue
            for number, position in entries:
                seen.setdefault(number, set()).add(position)
        needed = self.long_words["en"]
        return [long[n] for n, positions in seen.items() if len(positions) >= needed[n] - 1]

    def _likely(self, folded: str, lang: str, long: list[_LongName], found) -> list[_LongName]:
        """Long names with all but one of their words starting somewhere in the text
        outside the names already found: a necessary condition for a close fuzzy match."""
        taken = [(c.start, c.end) for c in found if c.tier == 0]
        seen: dict[int, set[int]] = {}
        for end, (length, entries) in self.word_automata[lang].iter(folded):
            start = end - length + 1
            if start > 0 and folded[start - 1].isalnum():
                continue
            if lang == "en" and end + 1 < len(folded) and folded[end + 1].isalnum():
                continue
            if any(s <= start < e for s, e in taken):
                continue
            for number, position in entries:
                seen.setdefault(number, set()).add(position)
        return [long[n] for n, positions in seen.items()
                if len(positions) >= self.long_words[lang][n] - 1]

    def _scan(self, text, long, reducer, found, make) -> list:
        folded = fold(text)
        tokens = word_tokens(text)
        by_anchor: dict[str, list[_LongName]] = {}
        for name in long:
            for anchor in name.anchors:
                by_anchor.setdefault(anchor, []).append(name)
        reduced = [None] * len(tokens)
        # Tokens inside a name already found are never part of a fuzzy window: a running
        # count of covered tokens tells in O(1) whether a window holds one.
        covered = bytearray(len(folded) + 1)
        for c in found:
            if c.tier == 0:
                covered[c.start:c.end] = b"\x01" * (c.end - c.start)
        before = [0]
        for start, _end, _word in tokens:
            before.append(before[-1] + covered[start])
        out, best = [], {}
        for i, (start, end, _word) in enumerate(tokens):
            if covered[start]:
                continue
            for name in by_anchor.get(folded[start:min(end, start + 5)], ()):
                # A dropped word is allowed in names of four words or more; in shorter ones
                # two words are too little to tell names apart ("Cənub dəhlizi").
                lengths = (name.words - 1, name.words, name.words + 1) if name.words >= 4 \
                    else (name.words, name.words + 1)
                for length in lengths:
                    for first in (i, i - length + 1):
                        last = first + length - 1
                        if first < 0 or last >= len(tokens) or length < 2:
                            continue
                        span = (tokens[first][0], tokens[last][1])
                        if before[last + 1] - before[first]:
                            continue
                        if _STOP.search(text, span[0], span[1]):
                            continue
                        if len(tokens[first][2]) <= 3 and tokens[first][2].islower():
                            continue  # a preposition or article: «на», "in", "the"
                        for j in range(first, last + 1):
                            if reduced[j] is None:
                                reduced[j] = _reduce(reducer, tokens[j][2])
                        window = " ".join(reduced[first:last + 1])
                        score = fuzz.token_sort_ratio(window, self._reduced(name, reducer))
                        if score >= THRESHOLD and score > best.get(span, (0, None))[0]:
                            best[span] = (score, name)
        # Overlapping windows: the best-scoring one.
        for span, (_score, name) in sorted(best.items(), key=lambda kv: -kv[1][0]):
            if any(s < span[1] and span[0] < e for s, e, *_ in out):
                continue
            out.append((span[0], span[1], name))
        return [make(n.feature, s, e, "feature", None, n.layer == "actors", 0, n.name)
                for s, e, n in out]
