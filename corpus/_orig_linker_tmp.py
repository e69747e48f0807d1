"""Find the mentions of map features (and of the people who speak for actors) in text.

The linker is built once from the features' ``aliases`` and ``patterns`` (see
``geodata/README.md``) and then applied to any number of texts::

    linker = Linker.from_layers(geodata.load_layers())
    for match in linker.link_text("Baku and Washington signed the TRIPP framework."):
        print(match.feature, match.text)

How it works, and why:

* Texts are *folded* character by character (lower case, accents stripped, every dash a
  hyphen, every apostrophe ``'``) into a string of the same length, so offsets found in the
  folded text are offsets in the original, and ``text[start:end] == match.text`` always.
* Literal aliases go into one Aho-Corasick automaton (``pyahocorasick``): the cost of a scan
  does not grow with the number of aliases. Descriptive mentions ("fiber optic cables across
  the Caspian Sea") are regular expressions from the features' ``patterns``.
* Case matters where it disambiguates: acronyms must appear as written ("US", not "us");
  one-word names must be capitalised ("Turkey", not "turkey"); longer names may be in any case.
* Overlaps resolve leftmost-longest ("Baku-Tbilisi-Ceyhan" is the pipeline, not Baku), except
  that a state or organisation named inside a longer name still counts ("EU" in "EU mission").
* Capitals stand for their state only when they act ("Baku and Washington agreed", "pressure
  on Yerevan"); after a locative ("visit to Baku", "in Yerevan") they are the place.
* Acronyms an article introduces in parentheses ("Trans-Caspian Transport Corridor (TCTC)")
  become aliases for the rest of that article (see :meth:`Linker.link_document`).
* Look-alikes are vetoed by context: "Georgia" next to "Atlanta" or "state", "Washington Post",
  names inside web addresses ("Azerbaijan.US").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import ahocorasick

__all__ = ["Linker", "Match", "LinkerError", "fold"]


class LinkerError(ValueError):
    """A feature's aliases or patterns cannot be used; the message names the feature."""


@dataclass(frozen=True, slots=True)
class Match:
    """One mention in a text: ``text[start:end] == self.text``.

    ``kind`` is ``"feature"`` for map features and ``"person"`` for people listed under an
    actor; for a person, ``actor`` is the actor's feature id.
    """

    feature: str
    start: int
    end: int
    text: str
    kind: str = "feature"
    actor: str | None = None


# --------------------------------------------------------------------------- folding

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"
_APOSTROPHES = "\u2018\u2019\u201b\u02bc\u02b9\u2032\u00b4\u0060"
# Letters whose lower-case or accent-stripped forms are not one plain letter.
_SPECIAL = {"ı": "i", "ə": "e", "Ə": "e", "ß": "s", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d",
            "ł": "l", "Ł": "l", "æ": "a", "Æ": "a", "œ": "o", "Œ": "o", "ħ": "h"}


class _FoldTable(dict):
    """``str.translate`` table that folds one character to exactly one character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _fold_char(char)
        self[code] = folded
        return folded


def _fold_char(char: str) -> str:
    if char in _DASHES:
        return "-"
    if char in _APOSTROPHES:
        return "'"
    if char in _SPECIAL:
        return _SPECIAL[char]
    if char.isspace():
        return " "
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if len(base) != 1:
        base = char
    lower = base.lower()
    return lower if len(lower) == 1 else base


_FOLD_TABLE = _FoldTable()

# ASCII characters that fold to their plain lower case; every other character (non-ASCII,
# control whitespace, the backtick) goes through the table.
_PLAIN_ASCII = "".join(c for c in map(chr, range(128)) if _fold_char(c) == c.lower())
_NEEDS_TABLE = re.compile("[^" + re.escape(_PLAIN_ASCII) + "]")


def _fold_match(found: re.Match[str]) -> str:
    return _FOLD_TABLE[ord(found.group())]


def fold(text: str) -> str:
    """Fold ``text`` for matching; the result has exactly the same length as ``text``."""
    # Fast path, same result as ``text.translate(_FOLD_TABLE)``: fold the few characters
    # that need the table, then lower-case the rest in C. Every folded character is its own
    # lower case or has a longer one (checked over all of Unicode in the tests), so a
    # length change is the only way this can differ; the table handles those texts.
    out = _NEEDS_TABLE.sub(_fold_match, text).lower()
    return out if len(out) == len(text) else text.translate(_FOLD_TABLE)


# --------------------------------------------------------------------------- context rules

_WORD_RE = re.compile(r"[\w']+|[^\w\s]", re.UNICODE)

# A capital after one of these words is the place, not the state ("visit to Baku").
_LOCATIVE = frozenset(
    "in at to into from near via through outside around across toward towards inside within "
    "visited visiting visit visits trip trips tour tours arrived arriving reached left leave "
    "leaving flew flight flights travelled traveled travel travels based held hosted hosting "
    "gathered returned return returning headed heading connect connects connecting "
    "connected link links linking linked join joins joining joined".split()
)
# ...but "pressure from Moscow", "a concession to Baku", "close to Tehran" are the state.
_STATE_BEFORE_PREPOSITION = frozenset(
    "pressure signal signals message messages response support demand demands concession "
    "concessions threat threats warning warnings criticism objection objections approval "
    "consent reaction opposition guarantee guarantees assurance assurances commitment "
    "commitments offer offers appeal appeals ultimatum aid assistance loan loans gift reply "
    "letter note overture overtures ties loyalty close closer loyal allied hostile friendly "
    "opposed sympathetic proxy proxies envoy envoys ambassador request requests invitation "
    "obligations owed".split()
)
# A capital before one of these nouns names the place ("Baku airport", "the Baku talks").
_PLACE_NOUNS = frozenset(
    "airport port city residents resident mayor street streets hotel hotels summit forum "
    "conference conferences office offices talks meeting meetings visit visits region suburb "
    "suburbs bay metro center centre district districts based declaration process format "
    "court university museum stadium station square boulevard marathon festival agreement "
    "agreements accords accord platform trip tour negotiations round ferry ferries railway "
    "railways railroad road roads highway route routes line lines pipeline pipelines flight "
    "flights train trains bus rail terminal section segment stretch link links connection "
    "connections distance".split()
)
_COORDINATORS = frozenset({"and", "or", ",", "&", "as", "well"})


def _words_before(text: str, start: int, limit: int = 8) -> list[str]:
    words = _WORD_RE.findall(text[max(0, start - 80):start])
    return [w.lower() for w in words[-limit:]]


def _words_after(text: str, end: int, limit: int = 7) -> list[str]:
    words = _WORD_RE.findall(text[end:end + 60])
    return [w.lower() for w in words[:limit]]


def _capital_is_state(folded: str, start: int, end: int, capital_names: frozenset[str],
                      place_names: frozenset[str] = frozenset()) -> bool:
    """Decide whether a capital at ``folded[start:end]`` (folded text) stands for its state."""
    after = _words_after(folded, end)
    if after and after[0] in {"'s", "'"}:
        return True  # "Baku's diplomacy", "within Washington's strategy"
    if after and after[0] == "-" and len(after) > 1 and after[1] == "based":
        return False
    if _compound_head(after) in _PLACE_NOUNS:
        return False  # "Baku airport", "the Aktau-Baku ferry", "Baku-Tbilisi railway"
    before = _words_before(folded, start)
    # Walk back over coordinated names: "in Baku and Yerevan", "between Aktau and Baku".
    while before:
        word = before[-1]
        if word == "," and not (len(before) > 1 and before[-2] in capital_names):
            break  # a comma ends a clause unless it separates a list of capitals
        if word in place_names and word not in capital_names:
            return False  # "between Aktau and Baku": coordinated with a place, so a place
        if word not in _COORDINATORS and word not in capital_names:
            break
        before.pop()
    while before and before[-1] in {"the", "a", "an"}:
        before.pop()
    if not before:
        return True  # sentence-initial subject: "Baku gains leverage"
    previous = before[-1]
    if previous in {"from", "to", "on", "toward", "towards"} and len(before) > 1 \
            and before[-2] in _STATE_BEFORE_PREPOSITION:
        return True
    if previous == "between" and len(before) > 1 and before[-2] in _PLACE_NOUNS:
        return False  # "ferry links between Aktau and Baku"
    if previous in _LOCATIVE:
        return False
    return True


def _compound_head(after: list[str]) -> str | None:
    """The noun a name modifies, skipping hyphenated partners: 'Baku-Tbilisi-Kars railway'."""
    position = 0
    while position + 1 < len(after) and after[position] == "-":
        position += 2
    return after[position] if position < len(after) else None


@dataclass(frozen=True, slots=True)
class _Lookalike:
    """A context in which an alias does not name the feature."""

    before: re.Pattern[str] | None = None
    after: re.Pattern[str] | None = None


def _lookalike(before: str | None = None, after: str | None = None) -> _Lookalike:
    return _Lookalike(
        re.compile(before + r"\s*$", re.IGNORECASE) if before else None,
        re.compile(r"^\s*" + after, re.IGNORECASE) if after else None,
    )


# Keyed by feature id. Contexts that make a name something else (US states, newspapers, ...).
_LOOKALIKES: dict[str, tuple[_Lookalike, ...]] = {
    "georgia": (
        _lookalike(before=r"(?:atlanta|savannah|augusta|macon|athens|columbus),?"),
        _lookalike(before=r"(?:u\.?s\.?|american|southern)\s+states?\s+(?:of\s+)?"),
        _lookalike(before=r"state\s+of"),
        _lookalike(before=r"(?:university|governor)\s+of"),
        _lookalike(after=r"[^.;]{0,80}\bin\s+the\s+(?:united\s+states|u\.?s\.?)\b"),
        _lookalike(after=r"(?:'s\s+)?(?:state\b|tech\b|senate|senator|bulldogs|governor|"
                         r"legislature|general assembly|peach|republicans?\b|democrats?\b|"
                         r"sec(?:retary)? of state|,?\s*u\.?s\.?a?\b|aquarium|power\b)"),
    ),
    "washington": (
        _lookalike(after=r"(?:post|times|examiner|institute|free beacon|consensus|state\b|"
                         r"university|redskins|commanders|nationals|wizards|capitals)"),
        _lookalike(before=r"(?:george|denzel|booker t\.?|martha)"),
    ),
    "usa": (
        _lookalike(before=r"(?:latin|south|north|central|native|african|asian|mexican|"
                          r"pan|meso)[\s-]?"),
        _lookalike(after=r"(?:'s)?\s*(?:cup)\b"),
    ),
    "turkiye": (_lookalike(after=r"(?:sandwich|breast|leg|dinner)"),),
    "iran": (_lookalike(after=r"of\s+(?:pakistan|afghanistan|mauritania)"),),
}

# Descriptions that fit a feature's pattern but describe something else.
_DESCRIPTION_LOOKALIKES: dict[str, tuple[_Lookalike, ...]] = {
    # A link to Nakhchivan through Iran (the "Aras corridor") is not TRIPP.
    "tripp": (_lookalike(after=r"[^.;]{0,60}?\b(?:through|via|across)\s+(?:the\s+)?"
                               r"(?:iran|iranian|islamic republic)"),
              _lookalike(before=r"aras\s+corridor[^.;]{0,40}")),
}

_PARENTHESIS = re.compile(r"\([^()]{1,40}\)")
_PARENTHESISED_ACRONYM = re.compile(r"\(\s*(?:the\s+)?([A-Z][A-Za-z0-9&\-]{1,11})\s*\)")
_ACRONYM_BEFORE = re.compile(r"\b([A-Z][A-Z0-9&\-]{1,11})\s*\(\s*(?:the\s+)?$")


# --------------------------------------------------------------------------- pattern gates

# Descriptive patterns are costly (each scans every passage, case-insensitively), and most
# passages cannot match most patterns. A gate lists words that every match of a pattern
# contains, derived from the pattern itself; when one is absent from the folded text, the
# pattern is skipped. The gate only ever skips patterns that cannot match, so results are
# unchanged.

#: Gate words shorter than this are too common to be worth checking.
_GATE_MIN_LENGTH = 4
#: At most this many gate sets per pattern: the most selective (longest words) first.
_GATE_SETS = 8


def _required_factors(pattern: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Sets of folded words such that every match of ``pattern`` on folded text contains
    at least one word of each set; empty when nothing useful can be derived."""
    try:
        from re import _constants as sre
        from re import _parser as parser

        parsed = parser.parse(pattern.pattern, pattern.flags)
        sets = _sequence_factors(list(parsed), sre)
    except Exception:  # noqa: BLE001 - private parser API: no gate rather than a crash
        return ()
    useful = [s for s in sets if min(map(len, s)) >= _GATE_MIN_LENGTH]
    useful.sort(key=lambda s: -min(map(len, s)))
    return tuple(frozenset(s) for s in useful[:_GATE_SETS])


def _sequence_factors(items: list, sre) -> list[set[str]]:
    """Factor sets of a parsed sequence (AND of ORs of literal strings)."""
    out: list[set[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append({"".join(run)})
            run.clear()

    for op, av in items:
        # An ASCII literal can only match its lower case in folded text (folding leaves no
        # upper case and none of the non-ASCII letters that IGNORECASE equates with ASCII).
        if op is sre.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        flush()
        if op is sre.SUBPATTERN:
            out += _sequence_factors(list(av[3]), sre)
        elif op is sre.ATOMIC_GROUP:
            out += _sequence_factors(list(av), sre)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, _high, item = av
            if low >= 1:
                out += _sequence_factors(list(item), sre)
        elif op is sre.BRANCH:
            choices: set[str] = set()
            for alternative in av[1]:
                sets = _sequence_factors(list(alternative), sre)
                if not sets:
                    break  # an alternative with no literal: the branch gives no gate
                choices |= max(sets, key=lambda s: min(map(len, s)))
            else:
                out.append(choices)
        # Anything else (classes, anchors, lookarounds, wildcards) ends the literal run.
    flush()
    return out


_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_CLASS_ESCAPES = frozenset("sSwWdDbBAZ")


def _case_free(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A case-sensitive equivalent of an IGNORECASE ``pattern`` for folded text, or
    ``pattern`` itself when that cannot be shown safe.

    Python's ``re`` cannot use its fast literal-prefix search under IGNORECASE. On folded
    text (no ASCII capitals, and none of the four non-ASCII letters that IGNORECASE equates
    with ASCII ones) a pattern whose letters are ASCII matches exactly what its lower-cased
    form matches case-sensitively. Escapes keep their letter (``\\S`` is not ``\\s``);
    patterns with other letters, named groups or character escapes are left as they are.
    """
    source = pattern.pattern
    if not pattern.flags & re.IGNORECASE or "(?P" in source:
        return pattern
    # Escapes that stand for a character (\\x41, \\u0041, \\N{...}, octal, back-references)
    # could be letters: only class escapes and escaped punctuation are allowed through.
    if any(not (e in _CLASS_ESCAPES or not e.isalnum()) for e in _ESCAPE.findall(source)):
        return pattern
    if any(ord(c) > 127 and not _caseless(c) for c in source):
        return pattern
    out, escaped = [], False
    for char in source:
        out.append(char if escaped else char.lower())
        escaped = not escaped and char == "\\"
    try:
        return re.compile("".join(out), pattern.flags & ~re.IGNORECASE)
    except re.error:
        return pattern


def _caseless(char: str) -> bool:
    """True for a character that IGNORECASE matches only to itself (dashes, quotes)."""
    from re import _casefix

    return (char.lower() == char == char.upper() and char.casefold() == char
            and ord(char) not in _casefix._EXTRA_CASES)


@dataclass(frozen=True)
class _PatternGates:
    """Which patterns can match a text (one automaton finds every gate word at once), and
    the fastest equivalent form of each.

    ``needed[i]`` is the number of gate sets of pattern ``i`` (0: no gate, always run); the
    automaton maps each gate word to the (pattern, set) pairs it satisfies.
    """

    needed: tuple[int, ...]
    automaton: ahocorasick.Automaton | None
    pairs: tuple[tuple[tuple[int, int], ...], ...]  # by word number
    fast: tuple[re.Pattern[str], ...]  # each pattern's case-free equivalent (see _case_free)

    @classmethod
    def build(cls, patterns: Sequence[re.Pattern[str]]) -> _PatternGates:
        required = [_required_factors(p) for p in patterns]
        satisfies: dict[str, list[tuple[int, int]]] = {}
        for index, gate in enumerate(required):
            for number, words in enumerate(gate):
                for word in words:
                    satisfies.setdefault(word, []).append((index, number))
        automaton = None
        if satisfies:
            automaton = ahocorasick.Automaton()
            for number, word in enumerate(satisfies):
                automaton.add_word(word, number)
            automaton.make_automaton()
        return cls(tuple(len(gate) for gate in required), automaton,
                   tuple(tuple(pairs) for pairs in satisfies.values()),
                   tuple(_case_free(p) for p in patterns))

    def runnable(self, folded: str) -> list[bool]:
        """For each pattern, whether ``folded`` holds a word of each of its gate sets."""
        if self.automaton is None:
            return [True] * len(self.needed)
        satisfied: set[tuple[int, int]] = set()
        for number in {number for _, number in self.automaton.iter(folded)}:
            satisfied.update(self.pairs[number])
        counts = [0] * len(self.needed)
        for index, _ in satisfied:
            counts[index] += 1
        return [count >= need for count, need in zip(counts, self.needed, strict=True)]


# --------------------------------------------------------------------------- the linker

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


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


@dataclass
class Linker:
    """A matcher for every feature's names; build with :meth:`from_layers` or
    :meth:`from_features`, then call :meth:`link_text` or :meth:`link_document`."""

    automaton: ahocorasick.Automaton
    patterns: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    capital_names: frozenset[str] = frozenset()
    layer_of: dict[str, str] = field(default_factory=dict)
    place_names: frozenset[str] = frozenset()  # one-word place names, folded

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
        optional ``patterns``, ``people`` and ``capital_of``)."""
        table: dict[str, list[_Alias]] = {}
        patterns: list[tuple[str, re.Pattern[str]]] = []
        capital_names: set[str] = set()
        place_names: set[str] = set()
        layer_of: dict[str, str] = {}

        def add(name: str, entry: _Alias) -> None:
            for variant in _variants(name.strip()):
                key = fold(variant)
                if len(key.strip()) < 2:
                    continue
                entries = table.setdefault(key, [])
                plain = (not entry.capital_of and not entry.metonym
                         and entry.feature not in _LOOKALIKES)
                same_case = _Alias(entry.feature, entry.kind, entry.actor, _case_mode(variant),
                                   variant, entry.is_actor, entry.capital_of, entry.metonym,
                                   plain)
                if same_case not in entries:
                    entries.append(same_case)

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
                add(alias, _Alias(fid, "feature", None, "any", alias, is_actor, capital_of))
            for alias in as_list(feature.get("metonyms")):
                add(alias, _Alias(fid, "feature", None, "any", alias, is_actor, None, True))
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
                    add(name, _Alias(str(person["id"]), "person", fid, "any", name, False))

        automaton = ahocorasick.Automaton()
        for key, entries in table.items():
            automaton.add_word(key, (len(key), tuple(entries)))
        if table:
            automaton.make_automaton()
        return cls(automaton, patterns, frozenset(capital_names), layer_of,
                   frozenset(place_names))

    def _gates(self) -> _PatternGates:
        """The words each pattern needs (built on first use, kept with the linker)."""
        gates = self.__dict__.get("_pattern_gates")
        if gates is None or len(gates.needed) != len(self.patterns):
            gates = _PatternGates.build([pattern for _, pattern in self.patterns])
            self.__dict__["_pattern_gates"] = gates
        return gates

    # ------------------------------------------------------------------ linking

    def link_text(self, text: str, *, extra_acronyms: Mapping[str, str] | None = None
                  ) -> list[Match]:
        """Every mention in ``text``, sorted by position."""
        if not text:
            return []
        folded = fold(text)
        candidates = self._candidates(text, folded)
        if extra_acronyms:
            candidates += self._acronym_candidates(text, extra_acronyms)
        return _resolve(text, candidates)

    def link_document(self, texts: Sequence[str]) -> list[list[Match]]:
        """Link the passages of one article: an acronym that the article introduces in
        parentheses after a known name counts in every passage of that article."""
        # The second pass only adds the acronyms' candidates: the rest is computed once.
        candidates = [self._candidates(text, fold(text)) if text else [] for text in texts]
        first = [_resolve(text, found) for text, found in zip(texts, candidates, strict=True)]
        acronyms: dict[str, str] = {}
        for text, matches in zip(texts, first, strict=True):
            acronyms.update(self._introduced_acronyms(text, matches))
        if not acronyms:
            return first
        return [_resolve(text, found + self._acronym_candidates(text, acronyms)) if text else []
                for text, found in zip(texts, candidates, strict=True)]

    def _candidates(self, text: str, folded: str) -> list[_Candidate]:
        out: list[_Candidate] = []
        size = len(text)
        out += self._pattern_candidates(text, folded)
        if self.automaton.kind != ahocorasick.AHOCORASICK:
            return out  # no aliases at all
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
            if start >= 2 and text[start - 1] in "./@" and _inside_web_name(text, start, end):
                continue
            original = text[start:end]
            for alias in entries:
                case = alias.case  # _case_ok, inlined
                if case == "exact":
                    if original != original.upper() or _in_shouted_text(text, start, end):
                        continue
                elif case == "capitalised" and not original[:1].isupper():
                    continue
                if alias.plain:  # what _resolve_alias returns when no rule applies
                    out.append(_Candidate(alias.feature, start, end, alias.kind, alias.actor,
                                          alias.is_actor, 0))
                    continue
                resolved = self._resolve_alias(alias, text, folded, start, end)
                if resolved is not None:
                    out.append(resolved)
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
                    out.append(_Candidate(fid, start, end, "feature", None, False, 1))
        return out

    def _resolve_alias(self, alias: _Alias, text: str, folded: str, start: int, end: int
                       ) -> _Candidate | None:
        if alias.capital_of:
            if _vetoed(alias.feature, text, start, end):
                return None  # "Washington Post" is neither the city nor the state
            if _capital_is_state(folded, start, end, self.capital_names, self.place_names):
                if _vetoed(alias.capital_of, text, start, end):
                    return None
                # A capital inside a longer name ("Baku-Tbilisi-Ceyhan") is part of that name.
                return _Candidate(alias.capital_of, start, end, "feature", None, False, 0)
        elif alias.metonym:
            if not _capital_is_state(folded, start, end, self.capital_names, self.place_names):
                return None
        if _vetoed(alias.feature, text, start, end):
            return None
        return _Candidate(alias.feature, start, end, alias.kind, alias.actor,
                          alias.is_actor and not alias.capital_of, 0)

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
                                      self.layer_of.get(fid) == "actors", 0))
        return out


class _Candidate(NamedTuple):
    # A tuple, not a frozen dataclass: one is built per name found, and tuples are built
    # several times faster.
    feature: str
    start: int
    end: int
    kind: str
    actor: str | None
    nests: bool  # a state/organisation name that counts inside a longer name
    tier: int  # 0 = a name, 1 = a descriptive pattern (a name wins a tie)


def _resolve(text: str, candidates: list[_Candidate]) -> list[Match]:
    """Names and descriptions are resolved apart, then merged.

    A description ("the corridor connecting Azerbaijan with Nakhchivan") does not hide the
    names inside it, nor descriptions of other features; a description that overlaps a name
    of the same feature adds nothing.
    """
    names = _leftmost_longest([c for c in candidates if c.tier == 0])
    by_feature: dict[str, list[_Candidate]] = {}
    for cand in candidates:
        if cand.tier == 1:
            by_feature.setdefault(cand.feature, []).append(cand)
    descriptions = [
        d for group in by_feature.values() for d in _leftmost_longest(group)
        if not any(n.feature == d.feature and n.start < d.end and d.start < n.end for n in names)
    ]
    # Names come out of _leftmost_longest already in (start, end) order.
    chosen = sorted(names + descriptions, key=lambda c: (c.start, c.end)) if descriptions \
        else names
    return [Match(c.feature, c.start, c.end, text[c.start:c.end], c.kind, c.actor)
            for c in chosen]


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
              and cand.end <= covered_until):
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


def _vetoed(feature: str, text: str, start: int, end: int,
            table: Mapping[str, tuple[_Lookalike, ...]] | None = None) -> bool:
    rules = (_LOOKALIKES if table is None else table).get(feature)
    if not rules:
        return False
    before_re, after_re = _combined_rules(rules)
    return bool((before_re is not None and before_re.search(text[max(0, start - 120):start]))
                or (after_re is not None and after_re.search(text[end:end + 120])))


_COMBINED: dict[tuple[_Lookalike, ...], tuple[re.Pattern[str] | None, re.Pattern[str] | None]] \
    = {}


def _combined_rules(rules: tuple[_Lookalike, ...]
                    ) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """One 'before' and one 'after' expression per rule set: one search instead of one per
    rule (any rule matching is the same as the alternation of all of them matching)."""
    combined = _COMBINED.get(rules)
    if combined is None:
        combined = (_alternation([r.before for r in rules if r.before is not None]),
                    _alternation([r.after for r in rules if r.after is not None]))
        _COMBINED[rules] = combined
    return combined


def _alternation(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    if len(patterns) == 1 or any(p.groups for p in patterns):
        # Capturing groups could be back-referenced: joined, their numbers would shift.
        return patterns[0] if len(patterns) == 1 else _AnyOf(patterns)
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)


class _AnyOf:
    """Several expressions searched one after the other (when they cannot be joined)."""

    def __init__(self, patterns: list[re.Pattern[str]]):
        self.patterns = patterns

    def search(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)


def _inside_web_name(text: str, start: int, end: int) -> bool:
    """'Azerbaijan.US', 'Caliber.Az', '@Azerbaijan', 'news.az/Baku' are names of sites."""
    if (end + 1 < len(text) and text[end] == "." and text[end - 1] != "."
            and _is_domain_tail(text, end + 1)):
        return True
    if start >= 2 and text[start - 1] in "./@" and text[start - 2].isalnum():
        return True
    return False


def _is_domain_tail(text: str, position: int) -> bool:
    tail = re.match(r"[A-Za-z]{2,6}\b", text[position:position + 8])
    return bool(tail) and (position + tail.end() >= len(text)
                           or not text[position + tail.end()].isalpha())


def _in_shouted_text(text: str, start: int, end: int) -> bool:
    """'US' inside an all-capitals headline ('LET US KNOW') is not an acronym."""
    # The word after is checked first: it is rarely shouted, and then the one before is moot.
    after = _ASCII_WORD.search(text, end, end + 30)  # no anchors: same as on the slice
    if after is None or len(after.group()) < 3 or not after.group().isupper():
        return False
    before = _ASCII_WORD.findall(text[max(0, start - 30):start])[-1:]
    return bool(before) and len(before[0]) >= 3 and before[0].isupper()


_ASCII_WORD = re.compile(r"[A-Za-z]+")


def _spelled_by_words_before(text: str, position: int, acronym: str
                             ) -> tuple[int, int, int] | None:
    """(start, end, start of the last word) of the words just before ``position`` whose
    initials spell ``acronym`` (small words such as 'of' and 'and' may be skipped), or None."""
    letters = [c.lower() for c in acronym if c.isalpha()]
    words = list(re.finditer(r"[A-Za-z\u00C0-\u024F]+", text[max(0, position - 160):position]))
    offset = max(0, position - 160)
    for count in range(len(letters), min(len(words), len(letters) + 3) + 1):
        chosen = words[-count:]
        if chosen[0].group()[0].lower() != letters[0]:
            continue
        if _looks_like_acronym_of(acronym, " ".join(w.group() for w in chosen)):
            return offset + chosen[0].start(), position, offset + chosen[-1].start()
    return None


def _looks_like_acronym_of(acronym: str, name: str) -> bool:
    """'TCTC' for 'Trans-Caspian Transport Corridor': the acronym's letters start words of
    the name, in order."""
    letters = [c.lower() for c in acronym if c.isalpha()]
    initials = [w[0].lower() for w in re.findall(r"[A-Za-z]+", name)]
    if len(letters) < 2:
        return False
    position = 0
    for letter in letters:
        while position < len(initials) and initials[position] != letter:
            position += 1
        if position == len(initials):
            return False
        position += 1
    return True


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
