"""The near-duplicate threshold, measured: copies of the project's own articles (dateline
credit, trimmed sentences, other furniture, re-wrapping) against different stories on the
same topics (the hard negatives: every pair of the 27 articles, all about the same
corridors, plus pairs that quote the same statement). Run with -s to print the figures
recorded in docs/architecture.md."""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

import pytest

from corpus.articles import load_corpus, read_plain_text
from corpus.ingest import syndication

DATA = Path(__file__).resolve().parent / "data"
FURNITURE_TOP = ["Share this article", "Advertisement", "Listen to this story"]
FURNITURE_END = ["Read more: Markets today", "© 2026 Other Site. All rights reserved.",
                 "Follow us on Telegram", "Subscribe to our newsletter"]
QUOTE = ("“The corridor will open for freight next year, and we expect the first trains to "
         "cross the border within months of the agreement,” the deputy minister told "
         "reporters at the signing ceremony on Tuesday.")


def articles() -> list[tuple[str, list[str]]]:
    found = [(a.id, [p.text for p in a.passages]) for a in load_corpus().articles]
    for path in sorted(DATA.glob("heldout*/*.txt")):
        if path.name != "feature_ids.txt":
            found.append((path.stem, [p.text for p in read_plain_text(path).passages]))
    return found


def _trim_sentences(paragraphs: list[str], rng: random.Random, count: int) -> list[str]:
    paragraphs = list(paragraphs)
    for _ in range(count):
        index = rng.randrange(len(paragraphs))
        sentences = re.split(r"(?<=[.!?])\s+", paragraphs[index])
        if len(sentences) > 1:
            sentences.pop(rng.randrange(len(sentences)))
            paragraphs[index] = " ".join(sentences)
        elif len(paragraphs) > 2:
            paragraphs.pop(index)
    return paragraphs


def copies(paragraphs: list[str], rng: random.Random) -> dict[str, list[str]]:
    """The ways a syndicated copy differs from the original."""
    dateline = ["BAKU, Feb 13 (Wire Agency) — " + paragraphs[0], *paragraphs[1:]]
    return {
        "dateline": dateline,
        "one sentence trimmed": _trim_sentences(paragraphs, rng, 1),
        "furniture": FURNITURE_TOP + paragraphs + FURNITURE_END,
        "re-wrapped": [" ".join(paragraphs)],
        "dateline + 2 sentences trimmed + furniture":
            FURNITURE_TOP + _trim_sentences(dateline, rng, 2) + FURNITURE_END,
        "last paragraph dropped": paragraphs[:-1] if len(paragraphs) > 2 else paragraphs,
    }


def measure() -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    rng = random.Random(7)
    found = articles()
    positives = [(f"{name}: {kind}", syndication.similarity(paragraphs, copy))
                 for name, paragraphs in found
                 for kind, copy in copies(paragraphs, rng).items()]
    negatives = [(f"{a} / {b}", syndication.similarity(pa, pb))
                 for (a, pa), (b, pb) in itertools.combinations(found, 2)]
    # Different stories quoting the same statement.
    negatives += [(f"{a} / {b} (same quote)", syndication.similarity(pa + [QUOTE], pb + [QUOTE]))
                  for (a, pa), (b, pb) in zip(found, found[1:], strict=False)]
    return positives, negatives


@pytest.fixture(scope="module")
def measured():
    return measure()


def test_the_threshold_separates_copies_from_other_stories_on_the_same_topic(measured):
    positives, negatives = measured
    lowest_copy = min(positives, key=lambda p: p[1])
    highest_other = max(negatives, key=lambda p: p[1])
    print(f"\n{len(positives)} copies: lowest {lowest_copy[1]:.3f} ({lowest_copy[0]})")
    print(f"{len(negatives)} other-story pairs: highest {highest_other[1]:.3f} "
          f"({highest_other[0]})")
    print(f"threshold {syndication.THRESHOLD}")
    assert len(positives) >= 150 and len(negatives) >= 350
    assert lowest_copy[1] >= syndication.THRESHOLD > highest_other[1]
    # The threshold sits well inside the gap, not at its edge.
    assert lowest_copy[1] - syndication.THRESHOLD >= 0.15
    assert syndication.THRESHOLD - highest_other[1] >= 0.15


def test_lsh_finds_the_copy_among_many_articles():
    found = articles()
    index = syndication.NearDuplicates()
    for name, paragraphs in found:
        index.add(name, syndication.signature(paragraphs))
    rng = random.Random(3)
    for name, paragraphs in found:
        copy = copies(paragraphs, rng)["dateline + 2 sentences trimmed + furniture"]
        hit = index.find(syndication.signature(copy))
        assert hit is not None and hit[0] == name


def test_short_texts_are_not_compared():
    assert syndication.signature(["Too short to compare."]) is None
    assert syndication.similarity(["a b c"], ["a b c"]) == 0.0
