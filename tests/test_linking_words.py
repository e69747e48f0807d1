"""linking.words gives exactly the words and offsets of WORD_RE.finditer (it splits in C
with an equivalent expression), on real texts and on random mixes of letters, combining
marks, format characters, apostrophes, digits and underscores."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.linking.languages import WORD_RE
from corpus.linking.words import word_spans, word_tokens

REPO = Path(__file__).resolve().parent.parent


def _expected(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]


def test_same_words_as_word_re_on_the_committed_texts():
    paths = sorted((REPO / "tests" / "data").rglob("*.md")) \
        + sorted((REPO / "corpus" / "articles").glob("*.md"))
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert word_tokens(text) == _expected(text), path


ALPHABET = list("aZzяЖԱա1_ '’ʼ-.\u0301\u0483\u200d\u00ad\u202aəİıÇ\n\t")


def test_same_words_as_word_re_on_random_mixes():
    rng = random.Random(0)
    for _ in range(20_000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 24)))
        assert word_tokens(text) == _expected(text), repr(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_same_words_as_word_re_on_any_text(text):
    assert word_tokens(text) == _expected(text)
    starts, ends, words = word_spans(text)
    assert [text[s:e] for s, e in zip(starts, ends, strict=True)] == words


def test_ascii_text_uses_the_same_words():
    text = "Azerbaijan's route_42 via Nakhchivan-Kars, 'quoted' words"
    assert text.isascii()
    assert word_tokens(text) == _expected(text)
    assert [w for _s, _e, w in word_tokens(text)][:3] == ["Azerbaijan's", "route", "via"]
