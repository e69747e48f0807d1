"""The linker: every feature's names found in a text, in every language.

Built once from the features' properties (``aliases``, ``patterns``, and the multilingual
``names`` the geodata build adds from ``geodata/sources/names/<lang>.yaml``), then applied to
any number of texts::

    linker = Linker.from_layers(geodata.load_layers())
    for match in linker.link_text("Баку и Вашингтон подписали…", language="ru"):
        print(match.feature, match.text, match.name)

How it works, and why:

* Texts are *folded* (:mod:`corpus.linking.folding`) into a string of the same length, so
  offsets found in the folded text are offsets in the original.
* Literal names of every language, in dictionary form (the table of
  :mod:`corpus.linking.aliases`), go into one Aho-Corasick automaton (``pyahocorasick``):
  the cost of a scan does not grow with the number of names, and an English name quoted in
  a Russian paragraph (or the reverse) is found whatever the passage's language. The same
  pass finds the words the other stages start from (:mod:`corpus.linking.scan`), so a
  passage is scanned once.
* Inflected languages (Russian, Azerbaijani, Turkish, Armenian) also run the token matcher
  (:mod:`corpus.linking.morphology`) with their language module's lemmas or suffix rules:
  «Зангезурского коридора» is «Зангезурский коридор» with every word inflected. It runs for
  the passage's language and for every script that occurs in the passage (Cyrillic in an
  English article is read as Russian, Armenian script as Armenian).
* Case matters where it disambiguates: acronyms must appear as written ("US", not "us");
  one-word names must be capitalised ("Turkey", not "turkey"); longer names and adjectives
  may be in any case.
* Overlaps resolve leftmost-longest (:mod:`corpus.linking.selection`): "Baku-Tbilisi-Ceyhan"
  is the pipeline, not Baku, except that a state or organisation named inside a longer name
  still counts ("EU" in "EU mission").
* Context (:mod:`corpus.linking.context`): capitals stand for their state only when they act;
  look-alikes are vetoed; datelines, outlet names and handles are not states acting.
* Descriptions (:mod:`corpus.linking.descriptions`) are derived from the geodata; the English
  ``patterns`` of the features still run, gated by the words they need
  (:mod:`corpus.linking.gates`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import ahocorasick

from corpus.linking import context
from corpus.linking.acronyms import (
    _ACRONYM_BEFORE,
    _PARENTHESIS,
    _PARENTHESISED_ACRONYM,
    _looks_like_acronym_of,
    _spelled_by_words_before,
)
from corpus.linking.aliases import LinkerError, _Alias, as_list, name_tables
from corpus.linking.context import (
    _DESCRIPTION_LOOKALIKES,
    _in_shouted_text,
    _inside_web_name,
    _vetoed,
    english_capital_is_state,
)
from corpus.linking.folding import fold
from corpus.linking.gates import _PatternGates
from corpus.linking.languages import LanguageError, known_languages, language_module, scripts_in
from corpus.linking.scan import Scan
from corpus.linking.selection import Match, _Candidate, _new_candidate, _resolve

__all__ = ["Linker", "Match", "LinkerError", "fold", "as_list"]


def _script_languages(text: str) -> set[str]:
    """Languages whose token matcher must read ``text`` because their script occurs in it."""
    found = scripts_in(text)
    out = set()
    if "Cyrillic" in found:
        out.add("ru")
    if "Armenian" in found:
        out.add("hy")
    return out


@dataclass
class Linker:
    """A matcher for every feature's names; build with :meth:`from_layers` or
    :meth:`from_features`, then call :meth:`link_text` or :meth:`link_document`."""

    automaton: ahocorasick.Automaton
    patterns: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    capital_names: frozenset[str] = frozenset()
    layer_of: dict[str, str] = field(default_factory=dict)
    place_names: frozenset[str] = frozenset()  # one-word place names, folded
    token_matchers: dict = field(default_factory=dict)  # language -> morphology.TokenMatcher
    descriptions: object | None = None  # descriptions.DescriptionMatcher
    fuzzy: object | None = None  # fuzzy.FuzzyMatcher
    cue_sets: dict = field(default_factory=dict)  # language -> (US state cues, Caucasus cues)

    # ------------------------------------------------------------------ building

    @classmethod
    def from_layers(cls, layers) -> Linker:
        """Build from ``geodata.load_layers()``."""
        frame = layers.features
        records = frame.drop(columns="geometry", errors="ignore").reset_index(drop=True)
        if "id" not in records.columns:
            records = frame.drop(columns="geometry", errors="ignore").reset_index()
        return cls.from_features(records.to_dict("records"))

    @classmethod
    def from_features(cls, features: Iterable[Mapping]) -> Linker:
        """Build from feature property mappings (``id``, ``layer``, ``kind``, ``aliases``,
        optional ``patterns``, ``people``, ``capital_of`` and the multilingual ``names``,
        ``kind_names``, ``waters``, ``route_places``, ``route_countries``, ``lookalikes``
        that ``geodata.build`` derives; see ``geodata/README.md``)."""
        from corpus.linking.descriptions import DescriptionMatcher
        from corpus.linking.fuzzy import FuzzyMatcher
        from corpus.linking.morphology import TokenMatcher

        features = [dict(f) for f in features]
        tables = name_tables(features)
        table, patterns, by_language = tables.table, tables.patterns, tables.by_language
        automaton = ahocorasick.Automaton()
        for key, entries in table.items():
            automaton.add_word(key, (len(key), tuple(entries)))
        if table:
            automaton.make_automaton()
        matchers = {}
        for language, entries in by_language.items():
            try:
                module = language_module(language)
            except LanguageError:
                continue  # names in a language without a module still match literally
            if module.MORPHOLOGY:
                matchers[language] = TokenMatcher(module, entries)
        cue_sets = {code: (language_module(code).US_STATE_CUES,
                           language_module(code).CAUCASUS_CUES) for code in known_languages()}
        linker = cls(automaton, patterns, tables.capital_names, tables.layer_of,
                     tables.place_names, matchers, None, None, cue_sets)
        linker.descriptions = DescriptionMatcher.from_features(features)
        linker.fuzzy = FuzzyMatcher.from_features(features)
        return linker

    def _gates(self) -> _PatternGates:
        """The words each pattern needs (built on first use, kept with the linker)."""
        gates = self.__dict__.get("_pattern_gates")
        if gates is None or len(gates.needed) != len(self.patterns):
            gates = _PatternGates.build([pattern for _, pattern in self.patterns])
            self.__dict__["_pattern_gates"] = gates
        return gates

    # ------------------------------------------------------------------ linking

    def languages_for(self, text: str, language: str | None) -> tuple[str, frozenset[str]]:
        """The passage's language ('en' when none is known) and the languages whose token
        matcher reads it: its own, and those of the scripts that occur in it."""
        if not language and text.isascii():
            return "en", _NO_READERS  # the common case: English, no token matcher
        language = (language or "").strip().lower()
        readers = _script_languages(text) if not text.isascii() else set()
        if language in self.token_matchers:
            readers.add(language)
        return language or "en", frozenset(r for r in readers if r in self.token_matchers)

    def link_text(self, text: str, *, language: str | None = None,
                  extra_acronyms: Mapping[str, str] | None = None) -> list[Match]:
        """Every mention in ``text``, sorted by position.

        ``language`` is the passage's ISO code (the article's, stated or detected); without
        one the text is read as English plus whatever its scripts show.
        """
        if not text:
            return []
        language, readers = self.languages_for(text, language)
        candidates = self._candidates(text, fold(text), language, readers)
        if extra_acronyms:
            candidates += self._acronym_candidates(text, extra_acronyms)
        return _resolve(text, candidates, language)

    def link_document(self, texts: Sequence[str], *, language: str | None = None
                      ) -> list[list[Match]]:
        """Link the passages of one article.

        An acronym that the article introduces in parentheses after a known name counts in
        every passage of that article; an article about the US state of Georgia has no
        mention of the country Georgia (:func:`corpus.linking.context.us_state_document`).
        """
        plans = [self.languages_for(text, language) if text else ("en", frozenset())
                 for text in texts]
        candidates = [self._candidates(text, fold(text), lang, readers) if text else []
                      for text, (lang, readers) in zip(texts, plans, strict=True)]
        if any(c.feature == "georgia" for found in candidates for c in found):
            codes = {lang for lang, _ in plans} | {"en"}
            cue_sets = [self.cue_sets[code] for code in sorted(codes) if code in self.cue_sets]
            if context.us_state_document(texts, cue_sets):
                candidates = [[c for c in found if c.feature != "georgia"]
                              for found in candidates]
        first = [_resolve(text, found, lang) for text, found, (lang, _) in
                 zip(texts, candidates, plans, strict=True)]
        acronyms: dict[str, str] = {}
        for text, matches in zip(texts, first, strict=True):
            acronyms.update(self._introduced_acronyms(text, matches))
        if not acronyms:
            return first
        return [_resolve(text, found + self._acronym_candidates(text, acronyms), lang)
                if text else []
                for text, found, (lang, _) in zip(texts, candidates, plans, strict=True)]

    def _scan(self) -> Scan:
        """The one automaton pass of a passage (:mod:`corpus.linking.scan`), built on first
        use and kept with the linker: names, pattern gate words, English description nouns
        and the words of long English names."""
        scan = self.__dict__.get("_fused_scan")
        if scan is None:
            names = ({key: entries for key, (_length, entries) in self.automaton.items()}
                     if self.automaton.kind == ahocorasick.AHOCORASICK else {})
            gates = self._gates()
            bits = dict(gates.automaton.items()) if gates.automaton is not None else {}
            nouns: dict[str, int] = {}
            index = self.descriptions.index_for("en") if self.descriptions is not None \
                else None
            if index is not None and index.automaton is not None \
                    and index.english_after is not None:
                nouns = dict(index.automaton.items())
            words = self.fuzzy.english_words() if self.fuzzy is not None else {}
            scan = Scan.build(names, bits, nouns, words)
            self.__dict__["_fused_scan"] = scan
        return scan

    def _candidates(self, text: str, folded: str, language: str = "en",
                    readers: frozenset[str] = frozenset()) -> list[_Candidate]:
        out: list[_Candidate] = []
        size = len(text)
        dateline = context.dateline_end(text)
        module = None
        if language != "en":
            try:
                module = language_module(language)
            except LanguageError:
                module = None
        suffix = module.acronym_suffix if module is not None else None
        name_suffix = getattr(module, "name_suffix", None)
        automaton = self._scan().automaton_for(folded)
        gate_bits = 0
        nouns: list[tuple[int, int]] = []  # English description nouns: (end index, length)
        words: list[tuple[int, int, tuple]] = []  # words of long English names
        append = out.append
        # The hot loop: the checks of _is_word_char and _inside_web_name are inlined (same
        # conditions) because most hits are rejected here.
        for end_index, (length, entries, bits, noun, long_words) in (
                automaton.iter(folded) if automaton is not None else ()):
            if bits:
                gate_bits |= bits
            if noun:
                nouns.append((end_index, length))
            if long_words is not None:
                words.append((end_index, length, long_words))
            if entries is None:
                continue
            start, end = end_index - length + 1, end_index + 1
            if start > 0:
                char, previous = folded[start], folded[start - 1]
                if ((previous.isalnum() or previous == "_")
                        and (char.isalnum() or char == "_")):
                    continue
            if end < size:
                char, last = folded[end], folded[end_index]
                if (char.isalnum() or char == "_") and (last.isalnum() or last == "_"):
                    continue
                if char == "." and _inside_web_name(text, start, end):
                    continue
            if start >= 1 and text[start - 1] in "./@":
                if text[start - 1] == "@" or _inside_web_name(text, start, end):
                    continue  # "news.az/Baku", "@US_Embassy": a site or an account
            original = text[start:end]
            for alias in entries:
                case = alias.case  # _case_ok, inlined
                span_end = end
                if case == "exact":
                    if original != original.upper() or _in_shouted_text(text, start, end):
                        continue
                    if not alias.surface.isascii() and original != alias.surface:
                        continue  # "Aİ" (the EU in Azerbaijani) is not "AI"
                    if suffix is not None:
                        extended = suffix.match(text, end)
                        if extended:
                            span_end = extended.end()  # "ABD'nin": the suffix belongs
                elif case == "capitalised" and not original[:1].isupper():
                    continue
                if name_suffix is not None and span_end == end:
                    extended = name_suffix.match(text, end)
                    if extended:
                        span_end = extended.end()  # "Türkiye'nin", "Bakü'de"
                if alias.plain and (not alias.is_actor or (
                        end > dateline and not (span_end + 1 < size
                                                and text[span_end + 1].isupper()))):
                    # No context rule can apply (an actor's name is checked only when
                    # it ends a dateline or a capitalised word follows: "Armenia Today").
                    append(_new_candidate(_Candidate, (
                        alias.feature, start, span_end, alias.kind, alias.actor,
                        alias.is_actor, 0, alias.name)))
                    continue
                resolved = self._resolve_alias(alias, text, folded, start, span_end,
                                               module, dateline)
                if resolved is not None:
                    append(resolved)
        # Descriptive patterns come after the names: the stages keep tiers apart, so only
        # the order within a tier counts, and it is unchanged.
        if self.patterns:
            out += self._pattern_candidates(text, folded, gate_bits)
        for reader in readers:
            matcher = self.token_matchers[reader]
            for start, end, alias in matcher.find(text):
                resolved = self._resolve_alias(alias, text, folded, start, end, matcher.module,
                                               dateline)
                if resolved is not None:
                    out.append(resolved)
        if self.descriptions is not None:
            out += self.descriptions.candidates(text, folded, language, readers, out,
                                                english_nouns=nouns)
        if self.fuzzy is not None:
            out += self.fuzzy.candidates(text, language, out, folded=folded,
                                         english_words=words)
        return out

    def _pattern_candidates(self, text: str, folded: str, gate_bits: int | None = None
                            ) -> list[_Candidate]:
        """Matches of the descriptive patterns; ``gate_bits`` are the gate sets the
        passage satisfies (from the scan), found here when not given."""
        out = []
        if not self.patterns:
            return out
        # Skip a pattern when a word that every one of its matches contains is absent.
        gates = self._gates()
        if gate_bits is None:
            gate_bits = gates.satisfied(folded)
        runnable = gates.runnable_numbers(gate_bits)
        if not runnable:
            return out
        # "the connectivity route (AACR) through southern Armenia": a short parenthesis
        # inside a description is blanked (same length, so offsets still hold).
        blanked = (_PARENTHESIS.sub(lambda m: " " * len(m.group()), folded) if "(" in folded
                   else folded)
        patterns, fast = self.patterns, gates.fast
        for number in runnable:
            fid = patterns[number][0]
            for found in fast[number].finditer(blanked):
                start, end = found.span()
                if end > start and not _vetoed(fid, text, start, end) \
                        and not _vetoed(fid, text, start, end, _DESCRIPTION_LOOKALIKES):
                    out.append(_Candidate(fid, start, end, "feature", None, False, 1, ""))
        return out

    def _capital_is_state(self, alias: _Alias, text: str, folded: str, start: int, end: int,
                          module, dateline: int) -> bool:
        if end <= dateline:
            return False  # "ALMATY, Reuters —": where the story was filed
        if context.is_outlet_name(text, end):
            return False  # "The Astana Times": a publisher
        near = text[max(0, start - 3):end + 3]
        if "-" in near or "–" in near or "—" in near:
            stems = getattr(module, "ROUTE_STEMS", ()) + context.en.ROUTE_STEMS
            if context.in_route_chain(text, start, end, stems):
                return False  # "Bakü-Tiflis-Kars demiryolu": a route's end points
        written = text[start:end]
        if module is None or not module.MORPHOLOGY or (
                written.isascii() and "Latin" not in module.SCRIPTS):
            # English, or an English name inside another language's passage.
            return english_capital_is_state(folded, start, end, self.capital_names,
                                            self.place_names)
        return module.capital_is_state(text, start, end, alias.name)

    def _resolve_alias(self, alias: _Alias, text: str, folded: str, start: int, end: int,
                       module=None, dateline: int = 0) -> _Candidate | None:
        if alias.veto:
            return _Candidate(alias.feature, start, end, "veto", None, False, 2, alias.name)
        if alias.is_actor and not alias.capital_of and (
                end <= dateline or context.is_outlet_name(text, end)):
            return None  # "AZERBAIJAN, Reuters —" is a dateline; "Armenia Today" an outlet
        if alias.capital_of:
            if _vetoed(alias.feature, text, start, end):
                return None  # "Washington Post" is neither the city nor the state
            if self._capital_is_state(alias, text, folded, start, end, module, dateline):
                if _vetoed(alias.capital_of, text, start, end):
                    return None
                # A capital inside a longer name ("Baku-Tbilisi-Ceyhan") is part of that name.
                return _Candidate(alias.capital_of, start, end, "feature", None, False, 0,
                                  alias.name)
            if context.is_outlet_name(text, end):
                return None  # "The Astana Times": a publisher, not the place either
        elif alias.metonym:
            if not self._capital_is_state(alias, text, folded, start, end, module, dateline):
                return None
        if _vetoed(alias.feature, text, start, end):
            return None
        return _Candidate(alias.feature, start, end, alias.kind, alias.actor,
                          alias.is_actor and not alias.capital_of, 0, alias.name)

    def _introduced_acronyms(self, text: str, matches: list[Match]) -> dict[str, str]:
        """Acronyms defined in this text for a feature found here.

        "Trans-Caspian Transport Corridor (TCTC)", "the Armenia-Azerbaijan connectivity route
        (AACR) through southern Armenia" (the words before the parenthesis spell the acronym
        and a mention of the feature covers them), or "TITR (Trans-Caspian ...)".
        """
        features = [m for m in matches if m.kind == "feature"]
        found: dict[str, str] = {}
        for paren in _PARENTHESISED_ACRONYM.finditer(text):
            acronym = paren.group(1)
            if sum(c.isupper() for c in acronym) < 2:
                continue
            span = _spelled_by_words_before(text, paren.start(), acronym)
            if span is None:
                continue
            # The mention must cover the head word, the last one before the parenthesis:
            # "Kazakhstan Temir Zholy (KTZ)" names a company, not Kazakhstan.
            head = span[2]
            for match in features:
                if match.start <= head < match.end and match.text != acronym:
                    found[acronym] = match.feature
                    break
        for match in features:
            if " " not in match.text.strip():
                continue
            before = _ACRONYM_BEFORE.search(text[max(0, match.start - 20):match.start])
            if before and _looks_like_acronym_of(before.group(1), match.text):
                found[before.group(1)] = match.feature
        return found

    def _acronym_candidates(self, text: str, acronyms: Mapping[str, str]) -> list[_Candidate]:
        out = []
        for acronym, fid in acronyms.items():
            for found in re.finditer(r"(?<![\w.])" + re.escape(acronym) + r"(?![\w])", text):
                out.append(_Candidate(fid, found.start(), found.end(), "feature", None,
                                      self.layer_of.get(fid) == "actors", 0, found.group()))
        return out


_NO_READERS: frozenset[str] = frozenset()
