"""The token matcher: names of an inflected language found word by word.

A passage is split into words (:data:`corpus.linking.languages.WORD_RE`, which keeps a
word's combining marks, invisible format characters and apostrophe suffix with it, so the
mention is the word as written with its ending). Each word is reduced to its match keys by
the language module (lemmas, stems or suffix readings, cached per word form); a name matches
where each of its words, in order, shares a key with consecutive words of the text separated
only by spaces or hyphens. «Зангезурский коридор» thus matches «Зангезурского коридора»,
«Zəngəzur dəhlizi» matches «Zəngəzur dəhlizinin», and «Türkiye» matches «Türkiye'nin».
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType

from corpus.linking.languages import WORD_RE
from corpus.linking.words import word_tokens

#: What may separate the words of a multiword name in a text: spaces, hyphens, dashes.
_GAP = re.compile(r"[\s\-\u2010-\u2015\u00a0]{1,3}")


@dataclass(frozen=True, slots=True)
class _Name:
    words: tuple[frozenset[str], ...]  # each word's keys
    alias: object  # aliases._Alias
    capitalised: bool  # a one-word proper name: the text's word must start upper case


def _longest_first(key: str) -> tuple[int, str]:
    return -len(key), key


class TokenMatcher:
    """Every name of one language, indexed by the keys of its first word."""

    def __init__(self, module: ModuleType, entries: Sequence[tuple[str, object, bool]]):
        self.module = module
        self._entries = list(entries)
        self._first: dict[str, list[_Name]] | None = None

    @property
    def first(self) -> dict[str, list[_Name]]:
        """The index, built on first use: an English-only process never loads a
        lemmatiser's dictionaries."""
        if self._first is None:
            self._first = self._build(self._entries)
        return self._first

    def _build(self, entries) -> dict[str, list[_Name]]:
        module = self.module
        first: dict[str, list[_Name]] = {}
        seen: set[tuple] = set()
        for name, alias, adjective in entries:
            words = WORD_RE.findall(name)
            if not words:
                continue
            keys = tuple(module.name_keys(w, adjective=adjective) for w in words)
            capitalised = (len(words) == 1 and not adjective and words[0][:1].isupper()
                           and not words[0].isupper())
            acronym = len(words) == 1 and words[0].isupper() and len(words[0]) > 1
            if acronym:
                continue  # acronyms are matched as written by the automaton
            signature = (keys, getattr(alias, "feature", None), getattr(alias, "veto", False))
            if signature in seen:
                continue
            seen.add(signature)
            entry = _Name(keys, alias, capitalised)
            for key in keys[0]:
                first.setdefault(key, []).append(entry)
        return first

    def find(self, text: str) -> Iterator[tuple[int, int, object]]:
        """(start, end, alias) for every name found; overlaps are left to the resolver."""
        first = self.first
        if not first:
            return
        word_keys = self.module.word_keys
        tokens = word_tokens(text)
        keys: list[frozenset[str] | None] = [None] * len(tokens)
        for index, (start, _end, word) in enumerate(tokens):
            if keys[index] is None:
                keys[index] = word_keys(word)
            candidates = None
            hit_keys = None
            for key in keys[index]:
                found = first.get(key)
                if found:
                    if candidates is None:
                        candidates, hit_keys = found, key
                    else:
                        hit_keys = (hit_keys, key) if isinstance(hit_keys, str) \
                            else (*hit_keys, key)
            if candidates is None:
                continue
            if not isinstance(hit_keys, str):
                # Several readings of the word name something ("Türkiyəyə" is «Türkiye» +
                # "yə" and «Türk» + "iyəyə"): the longest reading first, so that what is
                # reported does not follow the order a set of keys is iterated in (it
                # changes with PYTHONHASHSEED); one reading's names in the files' order.
                candidates = [name for key in sorted(hit_keys, key=_longest_first)
                              for name in first[key]]
            for name in candidates:
                if name.capitalised and not word[:1].isupper():
                    continue
                last = self._extend(text, tokens, keys, index, name.words)
                if last is not None:
                    yield start, tokens[last][1], name.alias

    def _extend(self, text: str, tokens, keys, index: int,
                words: tuple[frozenset[str], ...]) -> int | None:
        """Index of the last token when ``words[1:]`` follow token ``index``, else None."""
        position = index
        for word in words[1:]:
            nxt = position + 1
            if nxt >= len(tokens):
                return None
            gap = text[tokens[position][1]:tokens[nxt][0]]
            if not _GAP.fullmatch(gap):
                return None
            if keys[nxt] is None:
                keys[nxt] = self.module.word_keys(tokens[nxt][2])
            if not keys[nxt] & word:
                return None
            position = nxt
        return position
