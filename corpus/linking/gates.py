"""Pattern gates: skip a descriptive pattern when a word all its matches contain is absent.

Descriptive patterns are costly (each scans every passage, case-insensitively), and most
passages cannot match most patterns. A gate lists words that every match of a pattern
contains, derived from the pattern itself; when one is absent from the folded text, the
pattern is skipped. The gate only ever skips patterns that cannot match, so results are
unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from operator import itemgetter, or_

import ahocorasick

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

    Every (pattern, gate set) pair is one bit. The automaton maps each gate word to the
    bits of the sets it satisfies, so the bits a text satisfies are the OR of the values of
    the words found, computed in C (``functools.reduce`` over the automaton's iterator: no
    Python code runs per word found). Pattern ``i`` can match when its ``required[i]`` bits
    are all satisfied (0: no gate, always run).
    """

    needed: tuple[int, ...]  # number of gate sets of each pattern
    automaton: ahocorasick.Automaton | None
    required: tuple[int, ...]  # by pattern: the bits of its gate sets
    fast: tuple[re.Pattern[str], ...]  # each pattern's case-free equivalent (see _case_free)

    @classmethod
    def build(cls, patterns: Sequence[re.Pattern[str]]) -> _PatternGates:
        gates = [_required_factors(p) for p in patterns]
        bits: dict[str, int] = {}
        required = []
        bit = 0
        for gate in gates:
            mask = 0
            for words in gate:
                mask |= 1 << bit
                for word in words:
                    bits[word] = bits.get(word, 0) | 1 << bit
                bit += 1
            required.append(mask)
        automaton = None
        if bits:
            automaton = ahocorasick.Automaton()
            for word, mask in bits.items():
                automaton.add_word(word, mask)
            automaton.make_automaton()
        return cls(tuple(len(gate) for gate in gates), automaton, tuple(required),
                   tuple(_case_free(p) for p in patterns))

    def satisfied(self, folded: str) -> int:
        """The bits of the gate sets that ``folded`` holds a word of."""
        if self.automaton is None:
            return 0
        return reduce(or_, map(_VALUE, self.automaton.iter(folded)), 0)

    def runnable(self, folded: str) -> list[bool]:
        """For each pattern, whether ``folded`` holds a word of each of its gate sets."""
        found = self.satisfied(folded)
        return [found & mask == mask for mask in self.required]

    def runnable_numbers(self, found: int) -> tuple[int, ...]:
        """The numbers of the patterns whose gate sets are all in ``found`` (the bits of
        :meth:`satisfied`), in pattern order. Decided once per set of bits (passages share
        them) and kept."""
        cache = self.__dict__.setdefault("_runnable", {})
        numbers = cache.get(found)
        if numbers is None:
            numbers = tuple(number for number, mask in enumerate(self.required)
                            if found & mask == mask)
            if len(cache) > 50_000:
                cache.clear()
            cache[found] = numbers
        return numbers


_VALUE = itemgetter(1)
