"""Near-duplicate articles: the same story republished by another site, with other
furniture, a dateline credit added or a sentence trimmed.

Each article is reduced to its set of word 5-grams (case-folded words); the Jaccard
similarity of two sets is estimated with MinHash (datasketch, 128 permutations) and
candidates are found with LSH. Two articles whose estimated similarity reaches
``THRESHOLD`` are copies. The threshold was measured on pairs built from the project's own
articles on the same topics (tests/test_syndication.py; figures in docs/architecture.md):
copies scored 0.71 or more (162 pairs), different stories on the same topic at most 0.06
(377 pairs).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable

#: Words per shingle.
SHINGLE_WORDS = 5
#: MinHash permutations (estimation error about 1/sqrt(128) = 0.09 in the worst case).
NUM_PERM = 128
#: Estimated Jaccard similarity from which two articles are copies of one story.
THRESHOLD = 0.4
#: Fewest shingles an article needs to be compared (shorter texts give noisy estimates).
MIN_SHINGLES = 8

_WORD = re.compile(r"\w+", re.UNICODE)
_permutations = None


def words(paragraphs: Iterable[str]) -> list[str]:
    """The article's words, case-folded, punctuation dropped."""
    return _WORD.findall("\n".join(paragraphs).casefold())


def shingles(paragraphs: Iterable[str]) -> set[bytes]:
    """The article's word 5-grams, as UTF-8 bytes."""
    tokens = words(paragraphs)
    grams = zip(*(tokens[i:] for i in range(SHINGLE_WORDS)), strict=False)
    return {" ".join(gram).encode("utf-8") for gram in grams}


def signature(paragraphs: Iterable[str]):
    """The MinHash of the article's shingles, or None when it is too short to compare."""
    from datasketch import MinHash

    global _permutations
    grams = shingles(paragraphs)
    if len(grams) < MIN_SHINGLES:
        return None
    if _permutations is None:
        first = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32)
        _permutations = (first.permutations, first.scheme)
    # CRC-32 (in C) hashes the shingles: deterministic across runs and processes, and ten
    # times faster than datasketch's default SHA-1 for the thousands of shingles of a page.
    minhash = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32,
                      permutations=_permutations[0], scheme=_permutations[1])
    minhash.update_batch(list(grams))
    return minhash


def similarity(a: Iterable[str], b: Iterable[str]) -> float:
    """Estimated Jaccard similarity of two articles' shingles (0 if one is too short)."""
    first, second = signature(a), signature(b)
    if first is None or second is None:
        return 0.0
    return float(first.jaccard(second))


class NearDuplicates:
    """The articles seen so far, to find the copy of a new one in about constant time."""

    def __init__(self, threshold: float = THRESHOLD):
        from datasketch import MinHashLSH

        self.threshold = threshold
        # LSH finds candidates a little below the threshold; each is then checked.
        self._lsh = MinHashLSH(threshold=max(threshold - 0.1, 0.05), num_perm=NUM_PERM)
        self._signatures: dict[str, object] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, article_id: str, minhash) -> None:
        if minhash is None or article_id in self._signatures:
            return
        self._lsh.insert(article_id, minhash)
        self._signatures[article_id] = minhash

    def replace(self, article_id: str, minhash) -> None:
        """The article ``article_id`` now holds another text: its signature is ``minhash``."""
        if article_id in self._signatures:
            self._lsh.remove(article_id)
            del self._signatures[article_id]
        self.add(article_id, minhash)

    def find(self, minhash) -> tuple[str, float] | None:
        """The most similar article at or above the threshold, with its similarity."""
        if minhash is None:
            return None
        best: tuple[str, float] | None = None
        for candidate in self._lsh.query(minhash):
            score = float(minhash.jaccard(self._signatures[candidate]))
            if score >= self.threshold and (best is None or score > best[1]
                                            or (score == best[1] and candidate < best[0])):
                best = (candidate, score)
        return best
