"""Cyrillic and Armenian passages in Chromium: the passage panel and the article view mark
exactly the mentions, after emoji (astral characters, two UTF-16 units each), combining
marks and letters whose case mapping changes length; the citation gives the language."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from dashboard_page import browser_fixtures, map_frame

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]


_browser = browser_fixtures()

#: Emoji, a decomposed accent ("е" + U+0301) and "İ" (two code points once lower-cased)
#: before each mention.
PARAGRAPHS = [
    "👍🏽🇦🇲 İİ Премье\u0301р заявил, что Зангезурский коридор откроют, а Армения против.",
    "😀🇦🇿 Ё\u0308лки: Հայաստան և Россия 🚆 спорят о маршруте.",
]
ARTICLE = ("---\nid: scripts-ru\ntitle: Коридор 🚆 и соседи\noutlet: Тестовое издание\n"
           "published: 2026-02-10\nlanguage: ru\n---\n" + "\n\n".join(PARAGRAPHS) + "\n")


@pytest.fixture(scope="module")
def scripts_app(tmp_path_factory):
    root = tmp_path_factory.mktemp("scripts")
    articles = root / "articles"
    articles.mkdir()
    (articles / "scripts-ru.md").write_text(ARTICLE, encoding="utf-8")
    env = {"CORRIDOR_ATLAS_CORPUS": str(articles),
           "CORRIDOR_ATLAS_INDEX_DIR": str(root / "index")}
    with _browser.streamlit_server(root / "streamlit.log", env) as url:
        yield url


def marks(locator) -> list[str]:
    return [unicodedata.normalize("NFC", m) for m in locator.all_inner_texts()]


def test_the_panel_marks_the_mentions_after_emoji_and_accents(page, scripts_app):
    page.goto(f"{scripts_app}/?feature=armenia")
    map_frame(page)
    page.locator("[data-feature-panel='armenia']").wait_for(timeout=60_000)
    page.locator("blockquote.passage mark").first.wait_for(timeout=30_000)
    assert sorted(marks(page.locator("blockquote.passage mark"))) == ["Армения", "Հայաստան"]
    assert page.locator(".citation .language", has_text="Russian (ru)").count() >= 1


def test_the_article_view_marks_every_mention_at_its_characters(page, scripts_app):
    page.goto(f"{scripts_app}/?feature=tripp")
    map_frame(page)
    page.get_by_role("tab", name="Article", exact=True).click()
    reader = page.locator(".reader mark")
    reader.first.wait_for(timeout=60_000)
    assert marks(reader) == ["Зангезурский коридор", "Армения", "Հայաստան", "Россия"]
    # Nothing around the marks was lost or moved: the text reads as written.
    body = unicodedata.normalize("NFC", page.locator(".reader").inner_text())
    for paragraph in PARAGRAPHS:
        assert unicodedata.normalize("NFC", paragraph) in body
    assert page.locator(".citation .language", has_text="Russian (ru)").count() >= 1
