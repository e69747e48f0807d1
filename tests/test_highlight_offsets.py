"""Highlights land on the right characters in Cyrillic and Armenian text, next to emoji,
combining marks and letters whose case mapping changes length; offsets are Python code
points (what the linker reports), cut in Python, never re-counted by the browser."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

from dashboard import offsets, passages
from dashboard.views import render

EMOJI = "👍🏽🇦🇲 "  # four astral code points: eight UTF-16 code units
RUSSIAN = EMOJI + "Премьер заявил, что Зангезурский коридор откроют. Армения против."
ARMENIAN = "😀 Հայաստանը և Ադրբեջանը ստորագրեցին. Զանգեզուրի միջանցքը"


def span_of(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def marked(html_text: str) -> list[str]:
    import re

    return re.findall(r"<mark[^>]*>(.*?)</mark>", html_text)


@pytest.mark.parametrize("text,needle", [
    (RUSSIAN, "Зангезурский коридор"), (RUSSIAN, "Армения"),
    (ARMENIAN, "Ադրբեջանը"), (ARMENIAN, "Զանգեզուրի միջանցքը"),
])
def test_code_point_offsets_highlight_the_mention_after_emoji(text, needle):
    start, end = span_of(text, needle)
    assert marked(passages.highlight_passage(text, [(start, end)])) == [needle]
    pieces = render.mention_pieces(text, [(start, end, "corridors", "tripp")])
    assert [p for p, layer, _ in pieces if layer] == [needle]
    # The browser gets the pieces as strings, so UTF-16 never sees an offset.
    assert "".join(p for p, _, _ in pieces) == text


def test_a_correct_span_is_left_alone():
    start, end = span_of(RUSSIAN, "Армения")
    assert offsets.align_span(RUSSIAN, start, end, "Армения") == (start, end)


def test_offsets_counted_in_utf16_units_are_put_back_on_the_mention():
    # A UTF-16 count puts the span 4 units too far right after the four astral characters.
    start, end = span_of(RUSSIAN, "Зангезурский коридор")
    assert offsets.align_span(RUSSIAN, start + 4, end + 4, "Зангезурский коридор") == (
        start, end)


def test_offsets_of_composed_text_fit_decomposed_text():
    # The source wrote "й" as "и" + U+0306; a linker that composed it first counts fewer.
    written = unicodedata.normalize("NFD", "Ёж и Зангезурский коридор, Армения")
    composed = unicodedata.normalize("NFC", written)
    start, end = span_of(composed, "Армения")
    first, last = offsets.align_span(written, start, end, "Армения")
    assert written[first:last] == "Армения"
    # The mention itself decomposed: found once accents are folded, marks included.
    start, end = span_of(composed, "Зангезурский коридор")
    first, last = offsets.align_span(written, start, end, "Зангезурский коридор")
    assert unicodedata.normalize("NFC", written[first:last]) == "Зангезурский коридор"


def test_offsets_shifted_by_case_mapping_are_put_back():
    # "İ".lower() is two code points: a linker that lower-cased first counts one more each.
    text = "İİİ İSTANBUL: Армения и Россия"
    start, end = span_of(text.lower(), "армения")
    assert (start, end) != span_of(text, "Армения")
    assert offsets.align_span(text, start, end, "Армения") == span_of(text, "Армения")
    # A surface reported in another case still finds its letters.
    first, last = offsets.align_span(text, start, end, "армения")
    assert text[first:last] == "Армения"


def test_a_mention_that_is_not_near_stays_where_reported_clipped():
    assert offsets.align_span("short text", 3, 99, "elsewhere") == (3, 10)
    assert offsets.align_span("short text", 0, 5, "") == (0, 5)


def test_the_article_view_and_the_panel_realign_shifted_mentions():
    start, end = span_of(RUSSIAN, "Зангезурский коридор")
    mentions = pd.DataFrame([{"passage_id": "r:1", "start": start + 4, "end": end + 4,
                              "feature": "tripp", "kind": "feature", "actor": None,
                              "text": "Зангезурский коридор", "paragraph": 1}])
    passages_frame = pd.DataFrame({"passage_id": ["r:1"], "paragraph": [1], "text": [RUSSIAN]})
    payload = render.article_payload(passages_frame, mentions, {"tripp": "corridors"},
                                     {"tripp"}, lambda i: i)
    assert [p[0] for p in payload[0]["pieces"] if len(p) > 1] == ["Зангезурский коридор"]
    html_text = render.paragraph_html("r:1", 1, RUSSIAN, mentions, {"tripp": "corridors"})
    assert marked(html_text) == ["Зангезурский коридор"]


def test_the_passage_panel_realigns_a_shifted_span_from_the_index(data_dirs_on_disk):
    import sqlite3

    from dashboard import data, queries

    corpus_dir, layers = data_dirs_on_disk
    corpus = data.open_corpus(corpus_dir, layers)
    with sqlite3.connect(corpus.index.path) as connection:
        connection.execute("UPDATE mentions SET start = start + 2, \"end\" = \"end\" + 2 "
                           "WHERE feature = 'tripp' AND article_id = 'a1'")
    geo = data.build_geodata(*_tiny_geo(), [])
    atlas = data.Atlas(geo, corpus)
    from corpus.index import ArticleFilter

    groups = queries.passage_page(atlas, "tripp", ArticleFilter())
    first = next(g for g in groups if g.article.id == "a1")
    assert {h.passage.text[s:e] for h in first.hits for s, e in h.spans} == {"TRIPP"}


def _tiny_geo():
    from tests.conftest import tiny_collections

    collections = tiny_collections()
    return collections, {"type": "FeatureCollection", "features": []}
