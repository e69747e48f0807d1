"""Choosing among the candidates of a passage: look-alike vetoes, leftmost-longest
overlap resolution (names and descriptions apart), actor names kept inside longer names;
the chosen ones become :class:`Match` objects."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

__all__ = ["Match"]


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


#: ``_new_candidate(_Candidate, fields)`` builds a candidate without the Python-level
#: ``__new__`` of a NamedTuple (the hot loop builds one per name found).
_new_candidate = tuple.__new__


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
        vetoed = {v.feature for v in vetoes}
        candidates = [c for c in candidates if c.tier != 2 and (c.feature not in vetoed or not any(
            v.feature == c.feature and _inside_or_before(c, v, text) for v in vetoes))]
    names = _leftmost_longest([c for c in candidates if c.tier == 0])
    by_feature: dict[str, list[_Candidate]] = {}
    for cand in candidates:
        if cand.tier == 1:
            by_feature.setdefault(cand.feature, []).append(cand)
    chosen = names
    if by_feature:
        # Names of one feature do not overlap each other, so the last one starting before a
        # description ends is the only one that can overlap it (bisect: linear in a 5 MB
        # text).
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
        if descriptions:
            chosen = sorted(names + descriptions, key=lambda c: (c.start, c.end))
    # Match(...) without its generated __init__ (one call per field through
    # object.__setattr__): the same object, in half the time.
    out = []
    for feature, start, end, kind, actor, _nests, _tier, name in chosen:
        match = _new_object(Match)
        _set_feature(match, feature)
        _set_start(match, start)
        _set_end(match, end)
        _set_text(match, text[start:end])
        _set_kind(match, kind)
        _set_actor(match, actor)
        _set_language(match, language)
        _set_name(match, name)
        out.append(match)
    return out


_new_object = object.__new__
(_set_feature, _set_start, _set_end, _set_text, _set_kind, _set_actor, _set_language,
 _set_name) = (getattr(Match, field).__set__ for field in
               ("feature", "start", "end", "text", "kind", "actor", "language", "name"))
if tuple(Match.__dataclass_fields__) != ("feature", "start", "end", "text", "kind", "actor",
                                         "language", "name"):
    raise ImportError("corpus.linking.selection: Match's fields changed; update the setters "
                      "of _resolve to match them")


_START, _END, _TIER = (itemgetter(_Candidate._fields.index(name))
                       for name in ("start", "end", "tier"))



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
    # By (start, longest first, tier), ties in their order: three stable sorts with keys
    # read in C, from the last key to the first (a Python key function per candidate cost
    # more than the selection itself).
    candidates.sort(key=_TIER)
    candidates.sort(key=_END, reverse=True)
    candidates.sort(key=_START)
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
