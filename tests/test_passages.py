"""Tests for dashboard.passages: escaping, highlighting, citations, panels, facts.

Grouping passages and counting them within the source filters is the index's job
(``dashboard.queries``), tested in tests/test_data.py."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from dashboard import passages
from tests.conftest import mention_rows

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "${7*7}",
    "**bold** _it_ `code`",
    "[link](javascript:alert(3))",
    ":red[colour] $x^2$",
    "# heading",
    "&lt;already escaped&gt;",
]


def visible_text(markup: str) -> str:
    """What a browser shows: tags dropped, entities decoded."""
    return html_lib.unescape(re.sub(r"<[^>]+>", "", markup))


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_text_shows_hostile_text_literally(text):
    escaped = passages.escape_text(text)
    outside_entities = re.sub(r"&(#[0-9]+|[a-z]+|#x[0-9a-f]+);", "", escaped)
    for char in "<>*_`[]$:#{}":
        assert char not in outside_entities
    assert visible_text(escaped) == text


def test_escape_text_keeps_one_line():
    assert passages.escape_text("a\n\nb\tc") == "a b c"


def test_highlight_wraps_mentions_in_mark():
    text = "Iran and TRIPP; TRIPP again"
    out = passages.highlight_passage(text, [(9, 14), (16, 21)])
    assert out == "Iran and <mark>TRIPP</mark>; <mark>TRIPP</mark> again"


def test_highlight_merges_overlaps_and_clips():
    out = passages.highlight_passage("abcdefgh", [(1, 4), (3, 6), (6, 7), (50, 60), (-3, 1)])
    assert out == "<mark>abcdefg</mark>h"


@pytest.mark.parametrize("text", HOSTILE)
def test_highlight_escapes_inside_and_outside_marks(text):
    out = passages.highlight_passage(f"x {text} y", [(2, 2 + len(text))])
    assert "<script" not in out and "<img" not in out
    assert out.count("<mark>") == 1
    assert visible_text(out) == f"x {text} y"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//example.org", False),
        ("https://example.org/\"onmouseover=alert(1)", False),
        ("", False),
        (None, False),
    ],
)
def test_safe_url(url, ok):
    assert (passages.safe_url(url) is not None) is ok


def test_citation_with_everything(articles):
    out = passages.citation_html(articles["a1"])
    assert "Outlet One" in out and "Route news" in out and "2026-02-01" in out
    assert 'href="https://example.org/a1"' in out


def test_citation_without_metadata_uses_opening_words(articles):
    out = visible_text(passages.citation_html(articles["b2"]))
    assert "Unknown outlet" in out and "undated" in out
    assert "\u201cThe fibre-optic cable across the Caspian Sea and TRIPP.\u201d" in out


def test_citation_of_hostile_article_is_inert(articles):
    out = passages.citation_html(articles["c3"])
    assert "<b>" not in out and "javascript" not in out and "href" not in out
    assert "<b>Hostile</b> title" in visible_text(out)
    assert "Outlet <Two>" in visible_text(out)


def test_group_html_of_hostile_passage(articles):
    article = articles["c3"]
    [row] = mention_rows(article, "tripp", "TRIPP")
    hit = passages.PassageHit(article.passages[0], [(row["start"], row["end"])])
    out = passages.group_html(passages.ArticleGroup(article, [hit]))
    assert "<script" not in out and "<img" not in out and "${" not in out
    assert "<mark>TRIPP</mark>" in out
    assert "<script>alert(1)</script>" in visible_text(out)


def test_article_html_puts_the_passage_in_place(articles):
    article = articles["a1"]
    out = passages.article_html(article, {"a1:3": [(16, 21)]})
    assert out.index("TRIPP crosses") < out.index("Nothing here") < out.index("Iran objects")
    assert 'class="para hit" id="passage-a1-3"' in out
    assert out.count("<mark>") == 1


def test_facts_html(collections):
    props = collections["corridors"]["features"][0]["properties"]
    out = passages.facts_html(props, length_km=123.4, summary="4 passages in 3 articles")
    text = visible_text(out)
    assert text.index("TRIPP") < text.index("4 passages in 3 articles") < text.index("Kind")
    for expected in ("rail and road corridor", "mixed", "approximate", "123 km",
                     "Horadiz-Aghband", "under construction", "Meghri section", "A source"):
        assert expected in text
    assert 'href="https://example.org/tripp"' in out


def test_facts_html_escapes_geodata_text():
    props = {"id": "x", "name": "<script>x</script>", "description": "**b** [l](javascript:1)",
             "sources": [{"title": "<i>t</i>", "url": "javascript:alert(1)"}],
             "people": [{"name": "<b>P</b>", "role": "${r}"}]}
    out = passages.facts_html(props)
    assert "<script" not in out and "<i>" not in out and "<b>" not in out
    assert "href" not in out and "javascript:" not in out and "${" not in out
    assert "<script>x</script>" in visible_text(out)
