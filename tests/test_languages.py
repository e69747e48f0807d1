"""dashboard.languages and the language filter: names, labels, the index's WHERE clause and
the citation's language."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from corpus.index import ArticleFilter
from dashboard import data, languages, passages, queries
from dashboard.data import build_geodata
from dashboard.views import render
from tests.conftest import make_article, write_article_files


@pytest.fixture
def geo(collections, basemap):
    return build_geodata(collections, basemap, [])


def test_labels_name_the_language_with_its_code():
    assert languages.language_label("ru") == "Russian (ru)"
    assert languages.language_label("hy") == "Armenian (hy)"
    assert languages.language_label("az") == "Azerbaijani (az)"
    assert languages.language_label("") == languages.UNKNOWN_LANGUAGE
    # A code CLDR does not know is shown as it is, never dropped.
    assert languages.language_label("qqx") == "qqx"


def test_codes_of_a_corpus_sorted_by_name_unknown_last():
    articles = pd.DataFrame({"language": ["ru", "en", None, "hy", "ru", ""]})
    assert languages.language_codes(articles) == ["hy", "en", "ru", ""]
    assert languages.language_codes(pd.DataFrame()) == []


def test_choosing_every_language_is_no_restriction():
    articles = pd.DataFrame({"language": ["ru", "en", ""]})
    assert languages.chosen_languages(articles, ["en", "ru", ""]) is None
    assert languages.chosen_languages(articles, None) is None
    assert languages.chosen_languages(articles, ["ru", ""]) == ("", "ru")
    assert languages.chosen_languages(articles, []) == ()


def test_the_filter_sql_restricts_languages():
    where, params = ArticleFilter(languages=("ru", "")).sql()
    assert "COALESCE(a.language, '') IN (?,?)" in where and params == ["ru", ""]
    assert ArticleFilter(languages=()).sql()[0].startswith("0")
    assert "language" not in ArticleFilter().sql()[0]


def test_language_filter_narrows_counts_and_passages(data_dirs_on_disk, geo):
    corpus_dir, layers = data_dirs_on_disk
    write_article_files(corpus_dir, {"r1": make_article(
        "r1", ["Маршрут TRIPP пройдёт через Армению."], language="ru", outlet="Outlet One",
        published=dt.date(2026, 1, 5))})
    atlas = data.Atlas(geo, data.open_corpus(corpus_dir, layers))
    russian = queries.article_filter(atlas.articles, languages=["ru"])
    assert russian == ArticleFilter(languages=("ru",))
    assert queries.feature_summary(atlas, "tripp", russian).text() == (
        "1 passage in 1 article from 1 outlet")
    groups = queries.passage_page(atlas, "tripp", russian)
    assert [g.article.id for g in groups] == ["r1"] and groups[0].article.language == "ru"
    assert queries.mention_counts(atlas, queries.article_filter(atlas.articles, languages=["en"])
                                  )["tripp"] == 4


def test_citations_give_the_article_language():
    article = queries.ArticleView(id="r1", title="Заголовок", outlet="Outlet", author="",
                                  published=None, url="", passages=(), language="ru")
    assert '<span class="language">Russian (ru)</span>' in (
        passages.citation_html(article))
    assert "Armenian (hy)" in render.citation_line({"title": "T", "language": "hy"})
    # Unknown: nothing said; anything that is not a code never reaches the page.
    assert 'class="language"' not in render.citation_line({"title": "T", "language": ""})
    assert 'class="language"' not in render.citation_line(
        {"title": "T", "language": '"><img src=x>'})
