"""Acronyms an article introduces ("Trans-Caspian Transport Corridor (TCTC)")."""

from __future__ import annotations

import re

_PARENTHESIS = re.compile(r"\([^()]{1,40}\)")
_PARENTHESISED_ACRONYM = re.compile(r"\(\s*(?:the\s+)?([A-Z][A-Za-z0-9&\-]{1,11})\s*\)")
_ACRONYM_BEFORE = re.compile(r"\b([A-Z][A-Z0-9&\-]{1,11})\s*\(\s*(?:the\s+)?$")


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
