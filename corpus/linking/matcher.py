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
* Literal names of every language, in dictionary form, go into one Aho-Corasick automaton
  (``pyahocorasick``): the cost of a scan does not grow with the number of names, and an
  English name quoted in a Russian paragraph (or the reverse) is found whatever the
  passage's language. English needs nothing else, so English throughput is the automaton's.
* Inflected languages (Russian, Azerbaijani, Turkish, Armenian) also run the token matcher
  (:mod:`corpus.linking.morphology`) with their language module's lemmas or suffix rules:
  «Зангезурского коридора» is «Зангезурский коридор» with every word inflected. It runs for
  the passage's language and for every script that occurs in the passage (Cyrillic in an
  English article is read as Russian, Armenian script as Armenian).
* Case matters where it disambiguates: acronyms must appear as written ("US", not "us");
  one-word names must be capitalised ("Turkey", not "turkey"); longer names and adjectives
  may be in any case.
* Overlaps resolve leftmost-longest ("Baku-Tbilisi-Ceyhan" is the pipeline, not Baku), except
  that a state or organisation named inside a longer name still counts ("EU" in "EU mission").
* Context (:mod:`corpus.linking.context`): capitals stand for their state only when they act;
  look-alikes are vetoed; datelines, outlet names and handles are not states acting.
* Descriptions (:mod:`corpus.linking.descriptions`) are derived from the geodata; the English
  ``patterns`` of the features still run, gated by the words they need
  (:mod:`corpus.linking.gates`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import ahocorasick

from corpus.linking import context
from corpus.linking.acronyms import (
    _ACRONYM_BEFORE,
    _PARENTHESIS,
    _PARENTHESISED_ACRONYM,
    _looks_like_acronym_of,
    _spelled_by_words_before,
)
from corpus.linking.context import (
    _DESCRIPTION_LOOKALIKES,
    _LOOKALIKES,
    _in_shouted_text,
    _inside_web_name,
    _vetoed,
    english_capital_is_state,
)
from corpus.linking.folding import fold
from corpus.linking.gates import _PatternGates
from corpus.linking.languages import LanguageError, known_languages, language_module, scripts_in

__all__ = ["Linker", "Match", "LinkerError", "fold", "as_list"]


class LinkerError(ValueError):
    """A feature's aliases or patterns cannot be used; the message names the feature."""


@dataclass(frozen=True, slots=True)
class Match:
    """One mention in a text: ``text[start:end] == self.text``.

    ``kind`` is ``"feature"`` for map features and ``"person"`` for people listed under an
    actor; for a person, ``actor`` is the actor's feature id. ``language`` is the ISO code of
    the passage's language used for linking; ``name`` is the canonical name the mention
    matched, as written in the source YAML («Зангезурский коридор» for «Зангезурского
    коридора»), '' for a description.
    """

    feature: str
    start: int
    end: int
    text: str
    kind: str = "feature"
    actor: str | None = None
    language: str = ""
    name: str = ""


@dataclass(frozen=True, slots=True)
class _Alias:
    feature: str
    kind: str  # "feature" | "person"
    actor: str | None
    case: str  # "exact" | "capitalised" | "any"
    surface: str  # the alias as written, for the case check
    is_actor: bool  # states and organisations survive inside longer names
    capital_of: str | None = None  # set for capitals: may stand for that state
    metonym: bool = False  # "White House": the state when it acts, nothing otherwise
    plain: bool = False  # no context rule applies: a hit is a candidate as it stands
    name: str = ""  # the canonical name as written in the sources
    veto: bool = False  # a look-alike: its span is not ``feature``


def _case_mode(alias: str) -> str:
    letters = [c for c in alias if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) <= 8:
        return "exact"
    if " " not in alias.strip() and "-" not in alias and letters and letters[0].isupper():
        return "capitalised"
    return "any"


def _case_ok(alias: _Alias, original: str) -> bool:
    if alias.case == "exact":
        return original == original.upper()
    if alias.case == "capitalised":
        return original[:1].isupper()
    return True


def _dotted(acronym: str) -> str | None:
    """'EU' -> 'E.U.'; only for plain letter acronyms of 2-4 letters."""
    if 2 <= len(acronym) <= 4 and acronym.isalpha() and acronym.isupper():
        return ".".join(acronym) + "."
    return None


def _variants(alias: str) -> set[str]:
    """Spelling variants that every alias gets for free."""
    out = {alias}
    if "-" in alias or "\u2013" in alias:
        spaced = re.sub(r"[-\u2013]", " ", alias)
        out |= {spaced, re.sub(r"[-\u2013]", "", alias)}
    if "fiber" in alias.lower() or "fibre" in alias.lower():
        out |= {re.sub("fiber", "fibre", a, flags=re.I) for a in list(out)}
        out |= {re.sub("fibre", "fiber", a, flags=re.I) for a in list(out)}
    dotted = _dotted(alias)
    if dotted:
        out.add(dotted)
    return out


def _script_languages(text: str) -> set[str]:
    """Languages whose token matcher must read ``text`` because their script occurs in it."""
    found = scripts_in(text)
    out = set()
    if "Cyrillic" in found:
        out.add("ru")
    if "Armenian" in found:
        out.add("hy")
    return out


_TURKIC_LETTERS = re.compile("[əƏğĞışŞİ]")


def _alias_languages(alias: str) -> tuple[str, ...]:
    """The token matchers an alias of the sources goes to, told by its script (Turkish and
    Azerbaijani letters send a Latin alias to both of those matchers)."""
    found = scripts_in(alias)
    if "Cyrillic" in found:
        return ("ru",)
    if "Armenian" in found:
        return ("hy",)
    if _TURKIC_LETTERS.search(alias):
        return ("az",) if "ə" in alias.lower() else ("tr", "az")
    return ()


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
        from corpus.linking.names import feature_names

        features = [dict(f) for f in features]
        table: dict[str, list[_Alias]] = {}
        patterns: list[tuple[str, re.Pattern[str]]] = []
        capital_names: set[str] = set()
        place_names: set[str] = set()
        layer_of: dict[str, str] = {}
        by_language: dict[str, list[tuple[str, _Alias, bool]]] = {}

        def add(name: str, entry: _Alias) -> None:
            for variant in _variants(name.strip()):
                key = fold(variant)
                if len(key.strip()) < 2:
                    continue
                entries = table.setdefault(key, [])
                plain = (not entry.capital_of and not entry.metonym and not entry.veto
                         and entry.feature not in _LOOKALIKES)
                same_case = _Alias(entry.feature, entry.kind, entry.actor, _case_mode(variant),
                                   variant, entry.is_actor, entry.capital_of, entry.metonym,
                                   plain, entry.name or name.strip(), entry.veto)
                if same_case not in entries:
                    entries.append(same_case)

        def add_inflected(languages: str | tuple[str, ...], name: str, entry: _Alias,
                          adjective: bool) -> None:
            for language in (languages,) if isinstance(languages, str) else languages:
                by_language.setdefault(language, []).append((name.strip(), entry, adjective))

        for feature in features:
            fid = str(feature["id"])
            layer = str(feature.get("layer") or "")
            layer_of[fid] = layer
            capital_of = _clean(feature.get("capital_of"))
            is_actor = layer == "actors"
            for alias in as_list(feature.get("aliases")):
                if capital_of:
                    capital_names.add(fold(alias))
                if layer == "places" and " " not in alias.strip():
                    place_names.add(fold(alias.strip()))
                entry = _Alias(fid, "feature", None, "any", alias, is_actor, capital_of,
                               name=alias)
                add(alias, entry)
                add_inflected(_alias_languages(alias), alias, entry, False)
            for alias in as_list(feature.get("metonyms")):
                add(alias, _Alias(fid, "feature", None, "any", alias, is_actor, None, True,
                                  name=alias))
            for language, names in feature_names(feature).items():
                for group, words in names.items():
                    for name in words:
                        # «Кремль» always stands for Russia; "the White House" only
                        # when it acts (the capital rule decides).
                        entry = _Alias(fid, "feature", None, "any", name, is_actor,
                                       capital_of, group == "acting_metonyms", name=name)
                        if capital_of:
                            capital_names.add(fold(name))
                        if layer == "places" and " " not in name.strip():
                            place_names.add(fold(name.strip()))
                        add(name, entry)
                        if group != "acronyms":
                            add_inflected(language, name, entry, group == "adjectives")
            lookalikes = feature.get("lookalikes")
            for language, texts in (lookalikes.items() if isinstance(lookalikes, Mapping)
                                    else ()):
                for text in as_list(texts):
                    entry = _Alias(fid, "feature", None, "any", text, False, veto=True,
                                   name=text)
                    add(text, entry)
                    add_inflected(language, text, entry, False)
            for number, source in enumerate(as_list(feature.get("patterns")), start=1):
                try:
                    patterns.append((fid, re.compile(source, re.IGNORECASE)))
                except re.error as exc:
                    raise LinkerError(
                        f"feature {fid!r}: pattern {number} {source!r} is not a valid regular "
                        f"expression ({exc}); fix it in geodata/layers/{layer or '?'}.geojson"
                    ) from exc
            for person in as_list(feature.get("people")):
                if not isinstance(person, Mapping) or not person.get("id"):
                    continue
                names = [person.get("name", "")] + as_list(person.get("aliases"))
                for name in filter(None, names):
                    entry = _Alias(str(person["id"]), "person", fid, "any", name, False,
                                   name=name)
                    add(name, entry)
                    add_inflected(_alias_languages(name), name, entry, False)
                local_names = person.get("names")
                for language, local in (local_names.items() if isinstance(local_names, Mapping)
                                        else ()):
                    for name in as_list(local):
                        entry = _Alias(str(person["id"]), "person", fid, "any", name, False,
                                       name=name)
                        add(name, entry)
                        add_inflected(language, name, entry, False)

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
        linker = cls(automaton, patterns, frozenset(capital_names), layer_of,
                     frozenset(place_names), matchers, None, None, cue_sets)
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

    def _candidates(self, text: str, folded: str, language: str = "en",
                    readers: frozenset[str] = frozenset()) -> list[_Candidate]:
        out: list[_Candidate] = []
        size = len(text)
        out += self._pattern_candidates(text, folded)
        dateline = context.dateline_end(text)
        module = None
        if language != "en":
            try:
                module = language_module(language)
            except LanguageError:
                module = None
        suffix = module.acronym_suffix if module is not None else None
        name_suffix = getattr(module, "name_suffix", None)
        if self.automaton.kind == ahocorasick.AHOCORASICK:
            # The hot loop: the checks of _is_word_char and _inside_web_name are inlined (same
            # conditions) because most hits are rejected here.
            for end_index, (length, entries) in self.automaton.iter(folded):
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
                        out.append(_Candidate(alias.feature, start, span_end, alias.kind,
                                              alias.actor, alias.is_actor, 0, alias.name))
                        continue
                    resolved = self._resolve_alias(alias, text, folded, start, span_end,
                                                   module, dateline)
                    if resolved is not None:
                        out.append(resolved)
        for reader in readers:
            matcher = self.token_matchers[reader]
            for start, end, alias in matcher.find(text):
                resolved = self._resolve_alias(alias, text, folded, start, end, matcher.module,
                                               dateline)
                if resolved is not None:
                    out.append(resolved)
        if self.descriptions is not None:
            out += self.descriptions.candidates(text, folded, language, readers, out)
        if self.fuzzy is not None:
            out += self.fuzzy.candidates(text, language, out)
        return out

    def _pattern_candidates(self, text: str, folded: str) -> list[_Candidate]:
        out = []
        if not self.patterns:
            return out
        # "the connectivity route (AACR) through southern Armenia": a short parenthesis
        # inside a description is blanked (same length, so offsets still hold).
        blanked = (_PARENTHESIS.sub(lambda m: " " * len(m.group()), folded) if "(" in folded
                   else folded)
        # Skip a pattern when a word that every one of its matches contains is absent.
        gates = self._gates()
        runnable = gates.runnable(folded)
        for (fid, _), pattern, run in zip(self.patterns, gates.fast, runnable, strict=True):
            if not run:
                continue
            for found in pattern.finditer(blanked):
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



class _Candidate(NamedTuple):
    # A tuple, not a frozen dataclass: one is built per name found, and tuples are built
    # several times faster.
    feature: str
    start: int
    end: int
    kind: str  # "feature" | "person" | "veto" (a look-alike's span)
    actor: str | None
    nests: bool  # a state/organisation name that counts inside a longer name
    tier: int  # 0 = a name, 1 = a description, 2 = a look-alike veto
    name: str = ""


def _resolve(text: str, candidates: list[_Candidate], language: str = "") -> list[Match]:
    """Names and descriptions are resolved apart, then merged.

    A description ("the corridor connecting Azerbaijan with Nakhchivan") does not hide the
    names inside it, nor descriptions of other features; a description that overlaps a name
    of the same feature adds nothing.
    """
    vetoes = [c for c in candidates if c.tier == 2]
    if vetoes:
        # A look-alike ("коридор Север — Юг", "КТК") removes its feature from its span.
        # A name inside a look-alike is vetoed ("Зангезур" alone is the region, but not in
        # «Зангезурский коридор»); a longer name or description that holds one is not.
        # A span that overlaps a look-alike without holding it, or runs up to it («коридор
        # «Север — Юг»»), is the look-alike's description: vetoed too.
        candidates = [c for c in candidates if c.tier != 2 and not any(
            v.feature == c.feature and _inside_or_before(c, v, text) for v in vetoes)]
    names = _leftmost_longest([c for c in candidates if c.tier == 0])
    by_feature: dict[str, list[_Candidate]] = {}
    for cand in candidates:
        if cand.tier == 1:
            by_feature.setdefault(cand.feature, []).append(cand)
    # Names of one feature do not overlap each other, so the last one starting before a
    # description ends is the only one that can overlap it (bisect: linear in a 5 MB text).
    name_spans: dict[str, tuple[list[int], list[int]]] = {}
    for n in names:
        starts, ends = name_spans.setdefault(n.feature, ([], []))
        starts.append(n.start)
        ends.append(n.end)
    descriptions = []
    for group in by_feature.values():
        for d in _leftmost_longest(group):
            spans = name_spans.get(d.feature)
            if spans is not None:
                at = bisect.bisect_left(spans[0], d.end) - 1
                if at >= 0 and spans[1][at] > d.start:
                    continue
            descriptions.append(d)
    # Names come out of _leftmost_longest already in (start, end) order.
    chosen = sorted(names + descriptions, key=lambda c: (c.start, c.end)) if descriptions \
        else names
    return [Match(c.feature, c.start, c.end, text[c.start:c.end], c.kind, c.actor, language,
                  c.name) for c in chosen]


def _inside_or_before(c: _Candidate, veto: _Candidate, text: str) -> bool:
    """Whether ``c`` lies in the look-alike ``veto``, overlaps it without holding it, or ends
    right before it (only spaces and quotes between)."""
    if veto.start <= c.start and c.end <= veto.end:
        return True
    if c.nests:
        return False  # a state's name before a look-alike: "Azerbaycan'ın AzerTelecom şirketi"
    if c.start < veto.end and veto.start < c.end:
        return not (c.start <= veto.start and veto.end <= c.end)
    return c.end <= veto.start and not text[c.end:veto.start].strip(" \t\"'«»“”„‘’")


def _leftmost_longest(candidates: list[_Candidate]) -> list[_Candidate]:
    """Leftmost-longest selection; actor names nested in a chosen span are kept."""
    candidates.sort(key=lambda c: (c.start, -(c.end - c.start), c.tier))
    chosen: list[_Candidate] = []
    covered_until = -1
    covering: _Candidate | None = None
    nested: list[_Candidate] = []
    for cand in candidates:
        if cand.start >= covered_until:
            chosen.append(cand)
            covered_until, covering = cand.end, cand
        elif (cand.nests and covering is not None and cand.feature != covering.feature
              and cand.end <= covered_until and not covering.nests):
            # "EU" in "EU Mission in Armenia" counts; "Türk" in "Türk Devletleri Teşkilatı"
            # (an organisation: an actor itself) does not.
            nested.append(cand)
    if not nested:
        # Chosen spans do not overlap and are in start order (no candidate is empty), so
        # they are already sorted by (start, end) and hold no duplicate.
        return chosen
    seen: set[tuple[str, int, int]] = set()
    matches = []
    for cand in sorted(chosen + nested, key=lambda c: (c.start, c.end)):
        key = (cand.feature, cand.start, cand.end)
        if key in seen:
            continue
        seen.add(key)
        matches.append(cand)
    return matches



def as_list(value) -> list:
    """A feature property as a list: None -> [], a string -> [it], NaN entries dropped."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    try:
        return [v for v in value if v is not None and v == v]
    except TypeError:
        return []


def _clean(value) -> str | None:
    if value is None or value != value or value == "":  # NaN from pandas
        return None
    return str(value)
