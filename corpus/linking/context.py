"""Context rules: when a name found in a text is not (or is) the feature.

* Capitals stand for their state only when they act ("Baku and Washington agreed", "pressure
  on Yerevan"); after a locative ("visit to Baku", "in Yerevan") they are the place. English
  is decided here from the words around the capital; other languages by their module's
  ``capital_is_state`` (case endings and prepositions).
* Look-alikes are vetoed by context: "Georgia" next to "Atlanta" or "state", "Washington
  Post", names inside web addresses ("Azerbaijan.US") or handles ("@USEmbassyBaku").
* Document context: an article about the US state of Georgia means the state every time it
  says "Georgia" (:func:`us_state_document`); a dateline ("ALMATY, Reuters —") names the
  place a story was filed from (:func:`dateline_end`); an outlet's own name ("The Astana
  Times") is a publisher (:func:`is_outlet_name`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from corpus.linking.languages import en

_WORD_RE = re.compile(r"[\w']+|[^\w\s]", re.UNICODE)

def _words_before(text: str, start: int, limit: int = 8) -> list[str]:
    words = _WORD_RE.findall(text[max(0, start - 80):start])
    return [w.lower() for w in words[-limit:]]


def _words_after(text: str, end: int, limit: int = 7) -> list[str]:
    words = _WORD_RE.findall(text[end:end + 60])
    return [w.lower() for w in words[:limit]]


def english_capital_is_state(folded: str, start: int, end: int,
                             capital_names: frozenset[str] = frozenset(),
                             place_names: frozenset[str] = frozenset()) -> bool:
    """Decide whether a capital at ``folded[start:end]`` (folded text) stands for its state."""
    after = _words_after(folded, end)
    if after and after[0] in {"'s", "'"}:
        return True  # "Baku's diplomacy", "within Washington's strategy"
    if after and after[0] == "-" and len(after) > 1 and after[1] == "based":
        return False
    if _compound_head(after) in en.PLACE_NOUNS:
        return False  # "Baku airport", "the Aktau-Baku ferry", "Baku-Tbilisi railway"
    before = _words_before(folded, start)
    # Walk back over coordinated names: "in Baku and Yerevan", "between Aktau and Baku".
    while before:
        word = before[-1]
        if word == "," and not (len(before) > 1 and before[-2] in capital_names):
            break  # a comma ends a clause unless it separates a list of capitals
        if word in place_names and word not in capital_names:
            return False  # "between Aktau and Baku": coordinated with a place, so a place
        if word not in en.COORDINATORS and word not in capital_names:
            break
        before.pop()
    while before and before[-1] in {"the", "a", "an"}:
        before.pop()
    if not before:
        return True  # sentence-initial subject: "Baku gains leverage"
    previous = before[-1]
    if previous in {"from", "to", "on", "toward", "towards"} and len(before) > 1 \
            and before[-2] in en.STATE_BEFORE_PREPOSITION:
        return True
    if previous == "between" and len(before) > 1 and before[-2] in en.PLACE_NOUNS:
        return False  # "ferry links between Aktau and Baku"
    if previous in en.LOCATIVE:
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
        # The word for a US state next to the name, in every language: "Georgia eyaleti",
        # "Georgia ştatında", «штат Джорджия», «в штате Georgia», «Ջորջիա նահանգում».
        _lookalike(after=r"(?:\(\s*)?(?:eyalet|ştat|штат|նահանգ|ايالت)"),
        _lookalike(before=r"(?:штат[аеуо]?м?|ştatı|eyaleti|նահանգ\w{0,3}|ایالت)"),
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


def _vetoed(feature: str, text: str, start: int, end: int,
            table: Mapping[str, tuple[_Lookalike, ...]] | None = None) -> bool:
    if table is None:
        table = _LOOKALIKES
    # Keyed by the table's identity and the feature: hashing the rule tuple (dataclasses of
    # compiled patterns) on every call cost more than most searches.
    key = (id(table), feature)
    combined = _BY_FEATURE.get(key)
    if combined is None:
        rules = table.get(feature)
        if rules:
            before_re, after_re = _combined_rules(rules)
            combined = (before_re, _lower_case_form(before_re),
                        after_re, _lower_case_form(after_re))
        else:
            combined = (None, None, None, None)
        _BY_FEATURE[key] = combined
    before_re, before_lower, after_re, after_lower = combined
    return bool((before_re is not None
                 and _found(before_re, before_lower, text[max(0, start - 120):start]))
                or (after_re is not None
                    and _found(after_re, after_lower, text[end:end + 120])))


#: (id of a rule table, feature) -> its combined expressions and their lower-case forms;
#: the tables are module constants.
_BY_FEATURE: dict[tuple[int, str], tuple] = {}


def _lower_case_form(pattern) -> re.Pattern[str] | None:
    """The case-sensitive form of an IGNORECASE ``pattern`` for lower-cased ASCII text
    (:func:`corpus.linking.gates._case_free`), or None when there is none."""
    from corpus.linking.gates import _case_free

    if not isinstance(pattern, re.Pattern):
        return None
    lower = _case_free(pattern)
    return None if lower is pattern else lower


def _found(pattern, lower: re.Pattern[str] | None, text: str) -> bool:
    """``pattern.search(text)``; on ASCII text, its lower-case form on the lower-cased text
    (the same answer: IGNORECASE rules out Python's fast literal search, 2-6x slower)."""
    if lower is not None and text.isascii():
        return lower.search(text.lower()) is not None
    return bool(pattern.search(text))


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



# --------------------------------------------------------------------------- document context

#: Words after a place name that make it an outlet's name: "The Astana Times", "Baku Post".
OUTLET_WORDS = frozenset("times post herald tribune today daily gazette journal telegraph "
                         "observer review insider chronicle monitor news star sun mirror "
                         "express courier weekly dispatch standard voice network media "
                         "таймс пост ньюс".split())


def is_outlet_name(text: str, end: int) -> bool:
    """A capitalised outlet word right after the name: "Astana Times", "Caspian News"."""
    # String operations, not an expression: this runs for most actor names found.
    if text[end:end + 1] != " ":
        return False
    following = text[end + 1:end + 16]
    if not following[:1].isupper():
        return False
    word = following.split(None, 1)[0].rstrip(".,;:!?'’\"»)").lower()
    return word in OUTLET_WORDS


# "ALMATY, Reuters —", "BAKU, Aug 8 (Reuters) -", "МОСКВА, 8 августа. /ТАСС/.",
# "Bakı, 8 avqust, AZƏRTAC": a passage that opens with a place, a comma or full stop, and
# within a few words an agency, a date or a dash.
_DATELINE = re.compile(
    r"\s*(?:\(?[^\W\d_][\w'’.-]*\)?[ \t]?){1,3}[,.][ \t]*"
    r"(?=[^\n]{0,60}?(?:\s[—–-]{1,2}\s|/[^/\n]{2,20}/|\((?:[^()\n]{2,30})\)|\d))")


def dateline_end(text: str) -> int:
    """The offset where a leading dateline ends (0 if the passage has none)."""
    if not text[:1].isspace() and not text[:1].isalpha() and text[:1] != "(":
        return 0
    dated = _dated_dateline_end(text)
    if dated:
        return dated
    head = text[:40]
    if "," not in head and "." not in head:
        return 0  # the common case, decided without the expression
    if not (text[:3].isupper() or " — " in head or " – " in head or " - " in head
            or "/" in head or "(" in head):
        return 0  # neither a shouted place nor an agency mark near the start
    found = _DATELINE.match(text, 0, min(len(text), 120))
    if not found:
        return 0
    head = text[:found.end()].strip().rstrip(",.")
    # Only short all-place heads: a sentence such as "Baku, however, said" is no dateline.
    letters = [c for c in head if c.isalpha()]
    if not letters or len(head.split()) > 3:
        return 0
    shouted = all(c.isupper() for c in letters)
    return found.end() if shouted or re.search(r"\s[—–-]{1,2}\s|/\w", text[:found.end() + 60]) \
        else 0


# In every language: "Bakı, 3 mart, Report.", "Երևան, 3 մարտի, Արմենպրես", "Bakü, 3 Mart
# (AA) -", "Баку, 03.03.2026": one to three capitalised words, a comma, then a date (a day
# and a month name of any language module, either order, or a numeric date); or the place, a
# dash and an agency's name ended by a full stop or comma ("Bakı — APA.").
_DATED_HEAD = re.compile(r"[ \t]*((?:[^\W\d_][\w'’.-]*[ \t]?){1,3}?)[ \t]*[,،][ \t]*")
_NUMERIC_DATE = re.compile(r"\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?\b")
_DAY_MONTH = re.compile(r"(\d{1,2})[ \t]+([^\W\d_][\w]*)|([^\W\d_][\w]*)\.?[ \t]+\d{1,2}\b")
_AGENCY_HEAD = re.compile(r"[ \t]*((?:[^\W\d_][\w'’.-]*[ \t]?){1,2}?)[ \t]+[—–][ \t]+"
                          r"(?:[^\W\d_][\w'’-]*[ \t]?){1,3}[.,](?=\s)")


def _month_key(word: str) -> str:
    import unicodedata

    word = unicodedata.normalize("NFD", word.replace("I", "ı").replace("İ", "i").lower())
    return "".join(c for c in word if not unicodedata.combining(c)).replace("ı", "i")


_MONTHS: frozenset[str] = frozenset()


def _months() -> frozenset[str]:
    """The month names of every language module (folded by :func:`_month_key`)."""
    global _MONTHS
    if not _MONTHS:
        from corpus.linking.languages import known_languages, language_module

        _MONTHS = frozenset(_month_key(m) for code in known_languages()
                            for m in getattr(language_module(code), "MONTHS", ()))
    return _MONTHS


def _capitalised(head: str) -> bool:
    """Each word starts with a capital (or a letter of a script without case)."""
    return all(not word[:1].islower() for word in head.split())


def _dated_dateline_end(text: str) -> int:
    """The end of a leading "<Place>, <date>" or "<Place> — <Agency>." dateline, else 0."""
    head = _DATED_HEAD.match(text, 0, min(len(text), 80))
    if head and _capitalised(head.group(1)):
        rest = text[head.end():head.end() + 30]
        if _NUMERIC_DATE.match(rest):
            return head.end()
        date = _DAY_MONTH.match(rest)
        if date and _month_key(date.group(2) or date.group(3)) in _months():
            return head.end()
    agency = _AGENCY_HEAD.match(text, 0, min(len(text), 80))
    if agency and _capitalised(agency.group(1)):
        return agency.end(1)
    return 0


# A name joined to others by hyphens or dashes: "Bakü-Tiflis-Kars", «Баку — Тбилиси — Джейхан».
_CHAIN_LINK = re.compile(r"[ \t]?[-–—][ \t]?")
_CHAIN_WORD = re.compile(r"[^\W\d_][\w'’\u200c]*")


def _chain_words(text: str, position: int, step: int) -> tuple[int, int]:
    """From a name's edge at ``position``, the names joined by dashes in direction ``step``
    (+1 after, -1 before): (how many, the offset where the chain ends)."""
    count = 0
    while True:
        if step > 0:
            link = _CHAIN_LINK.match(text, position)
            word = _CHAIN_WORD.match(text, link.end()) if link else None
            if not word or word.group()[:1].islower():
                return count, position
            count, position = count + 1, word.end()
        else:
            head = text[max(0, position - 40):position]
            found = re.search(r"([^\W\d_][\w'’\u200c]*)[ \t]?[-–—][ \t]?$", head)
            if not found or found.group(1)[:1].islower():
                return count, position
            count, position = count + 1, position - len(head) + found.start()


def in_route_chain(text: str, start: int, end: int, route_stems: Sequence[str]) -> bool:
    """Whether the name at ``text[start:end]`` is one end of a route named by its points: a
    chain of three or more capitalised names joined by hyphens or dashes ("Bakü-Tiflis-Kars",
    «Баку — Тбилиси — Джейхан»), or of two with a route noun (``route_stems``, the starts of
    a language's route nouns) right after or right before ("Kars–Tbilisi railway",
    «нефтепровод Баку — Супса»). Such a name is a place, not a state acting."""
    after, chain_end = _chain_words(text, end, 1)
    before, chain_start = _chain_words(text, start, -1)
    names = 1 + after + before
    if names >= 3:
        return True
    if names < 2:
        return False
    following = _CHAIN_WORD.search(text, chain_end, min(len(text), chain_end + 40))
    preceding = _CHAIN_WORD.findall(text[max(0, chain_start - 40):chain_start])
    words = [w.lower() for w in ([following.group()] if following else []) + preceding[-1:]]
    return any(w.startswith(stem) for w in words for stem in route_stems)


def us_state_document(texts: Sequence[str], cue_sets: Sequence[tuple[Sequence[str],
                                                                     Sequence[str]]]) -> bool:
    """Whether an article is about the US state of Georgia: US-state cues (Atlanta,
    Savannah, its governor, "state of Georgia"...), at least two and at least three times as
    many as South Caucasus cues (Tbilisi, Batumi, the Caucasus...). ``cue_sets`` are the
    (US state, Caucasus) cue lists of the languages the article is read in."""
    from corpus.linking.folding import fold

    joined = fold(" ".join(texts))
    if "georg" not in joined and "грузи" not in joined and "gurc" not in joined \
            and "ջորջ" not in joined and "джордж" not in joined and "corc" not in joined:
        return False
    us = sum(joined.count(fold(cue)) for cues, _ in cue_sets for cue in cues)
    caucasus = sum(joined.count(fold(cue)) for _, cues in cue_sets for cue in cues)
    # A story about Atlanta's logistics firms courting Tbilisi mentions both Georgias: then
    # each mention is left to the local rules. A US-state story may still name the Caucasus
    # once (a shipment routed "via the Black Sea and the Caucasus"): US cues must outnumber
    # Caucasus ones three to one.
    return us >= 2 and us >= 3 * caucasus


def inside_handle(text: str, start: int) -> bool:
    """'@USEmbassyBaku', '@AzerbaijanMFA': a social-media handle names an account."""
    position = start - 1
    while position >= 0 and (text[position].isalnum() or text[position] == "_"):
        position -= 1
    return position >= 0 and text[position] == "@"
