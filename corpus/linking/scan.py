"""One pass over a passage finds the literal names and what the other stages start from.

Each Aho-Corasick pass over a passage costs about as much as the Python work on what it
finds, so the linker does one: the automaton built here holds, besides every literal name
(the keys of :attr:`Linker.automaton`, same values), the gate words of the descriptive
patterns (:mod:`corpus.linking.gates`), the head nouns that start an English description
(:mod:`corpus.linking.descriptions`) and the words of the long English names that fuzzy
matching tries (:mod:`corpus.linking.fuzzy`). A key's value is a :class:`Key`; the stages
are handed the hits of their own words, in the order their own automaton would have given
them (Aho-Corasick reports by end position, longest first, whatever the other keys).

Two automata are built from the same keys: one with every key, one with only the keys
written in ASCII. A folded passage that holds none of the characters of the other keys
(every English passage, most others) is read by the smaller one, which is faster per
character and finds exactly the same hits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick


class Key(NamedTuple):
    """What a key of the scan stands for (``None``/0 where it is not that)."""

    length: int
    entries: tuple | None  # the names' ``_Alias`` entries, as in Linker.automaton
    gate_bits: int  # the pattern gate sets it satisfies (gates._PatternGates bits)
    noun: int  # an English description noun stem: its length, else 0
    words: tuple | None  # fuzzy: (long name number, word position) pairs of English names


@dataclass(frozen=True)
class Scan:
    """The two automata (see the module docstring) and what tells which one to use."""

    every: ahocorasick.Automaton | None
    ascii: ahocorasick.Automaton | None
    other_chars: re.Pattern[str] | None  # the non-ASCII characters of the keys

    @classmethod
    def build(cls, names: Mapping[str, tuple], gate_bits: Mapping[str, int],
              nouns: Mapping[str, int], words: Mapping[str, tuple]) -> Scan:
        """``names``: key -> entries; ``gate_bits``: gate word -> bits; ``nouns``: noun stem
        -> its length; ``words``: folded word -> (name number, position) pairs."""
        keys = set(names) | set(gate_bits) | set(nouns) | set(words)
        if not keys:
            return cls(None, None, None)
        every, ascii_only = ahocorasick.Automaton(), ahocorasick.Automaton()
        other: set[str] = set()
        # Sorted: the automaton does not depend on the order keys were added in, but a
        # fixed order keeps the build reproducible.
        for key in sorted(keys):
            value = Key(len(key), names.get(key), gate_bits.get(key, 0), nouns.get(key, 0),
                        words.get(key))
            every.add_word(key, value)
            if key.isascii():
                ascii_only.add_word(key, value)
            else:
                other |= {c for c in key if not c.isascii()}
        every.make_automaton()
        if len(ascii_only):
            ascii_only.make_automaton()
        chars = (re.compile("[" + "".join(re.escape(c) for c in sorted(other)) + "]")
                 if other else None)
        return cls(every, ascii_only if len(ascii_only) else None, chars)

    def automaton_for(self, folded: str) -> ahocorasick.Automaton | None:
        """The automaton that finds every hit in ``folded``: the ASCII one unless a
        character of another key occurs in it."""
        if self.other_chars is None or folded.isascii() \
                or not self.other_chars.search(folded):
            return self.ascii
        return self.every
