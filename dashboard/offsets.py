"""Mention offsets as the page uses them: Python code points, end exclusive, as the linker
reports them.

Every highlight is cut in Python (``passages.highlight_passage``,
``views.render.mention_pieces``), and the browser only receives the pieces as text
(``reader.js`` appends strings, never slices them), so JavaScript's UTF-16 indexing never
meets an offset. What can still shift a span is a linker that measured it on a folded copy
of the text (composed accents, case mapping such as "İ" -> "i̇"): ``align_span`` puts such
a span back on the characters of the text as written.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

#: How far (in characters) from its reported start a shifted mention is looked for.
ALIGN_WINDOW = 64


def _fold(text: str) -> tuple[str, list[int]]:
    """``text`` without combining marks, compatibility-decomposed and case-folded, with the
    index in ``text`` of each folded character (marks belong to the letter before them)."""
    folded: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                continue
            for piece in part.casefold():
                if unicodedata.combining(piece):
                    continue
                folded.append(piece)
                origin.append(i)
    return "".join(folded), origin


def _end_of(text: str, index: int) -> int:
    """The end (exclusive) of the character at ``index`` with its combining marks."""
    end = index + 1
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    return end


def align_span(text: str, start: int, end: int, surface: object) -> tuple[int, int]:
    """The span of the mention ``surface`` in ``text`` that the linker reported at
    ``start:end``: unchanged when it slices to ``surface``; else the nearest occurrence
    of ``surface`` within ``ALIGN_WINDOW`` characters, as written or once accents, case
    and compatibility forms are folded; else the reported span, clipped to the text."""
    start, end = max(0, int(start)), min(len(text), int(end))
    if not isinstance(surface, str) or not surface or text[start:end] == surface:
        return start, end
    low, high = max(0, start - ALIGN_WINDOW), min(len(text), end + ALIGN_WINDOW)
    found = list(_occurrences(text, surface, low, high))
    if found:
        best = min(found, key=lambda i: abs(i - start))
        return best, best + len(surface)
    folded, origin = _fold(text[low:high])
    needle = _fold(surface)[0]
    if needle:
        hits = list(_occurrences(folded, needle, 0, len(folded)))
        if hits:
            best = min(hits, key=lambda i: abs(low + origin[i] - start))
            first = low + origin[best]
            last = low + origin[best + len(needle) - 1]
            return first, _end_of(text, last)
    return start, end


def _occurrences(text: str, needle: str, low: int, high: int) -> Iterator[int]:
    """Start of every occurrence of ``needle`` in ``text[low:high]`` (as indexes of ``text``)."""
    at = text.find(needle, low, high)
    while at != -1:
        yield at
        at = text.find(needle, at + 1, high)
