"""Tests for dashboard.data and dashboard.queries: geodata for drawing, the corpus index
queries the page makes, source filters, progress, problems and ``?feature=`` values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import corpus.index as index_module
from corpus.index import ArticleFilter
from dashboard import data, queries
from dashboard.data import (
    Atlas,
    DataProblem,
    ProgressReporter,
    build_geodata,
)
from dashboard.queries import parse_feature_param
from tests.conftest import make_article, write_article_files


@pytest.fixture
def geo(collections, basemap):
    return build_geodata(collections, basemap,
                         [DataProblem("geodata", "geodata/layers/x.geojson", "bad", "no geometry")],
                         measure=lambda geometry: float(len(geometry["coordinates"])))


@pytest.fixture
def atlas(data_dirs_on_disk, geo, tmp_path) -> Atlas:
    corpus_dir, layers = data_dirs_on_disk
    return Atlas(geo, data.open_corpus(corpus_dir, layers))


def test_geodata_indexes_every_feature(geo, collections):
    expected = {f["properties"]["id"] for c in collections.values() for f in c["features"]}
    assert set(geo.properties) == expected
    assert geo.layer_of["tripp"] == "corridors" and geo.layer_of["baku"] == "places"


def test_geodata_keeps_full_properties_and_measures_corridors(geo):
    assert geo.properties["tripp"]["segments"][1]["name"] == "Meghri section"
    assert geo.lengths_km == {"tripp": 2.0, "caspian_fiber": 1.0, "btc_pipeline": 1.0}


def test_geodata_draws_simplified_geometry(geo):
    baku = geo.collections["places"]["features"][0]
    assert list(baku["geometry"]["coordinates"]) == [49.892, 40.378]


def test_feature_without_id_or_geometry_is_left_out(collections, basemap):
    collections["places"]["features"].append(
        {"type": "Feature", "properties": {"name": "no id"}, "geometry": None})
    geo = build_geodata(collections, basemap, measure=lambda g: None)
    assert "no id" not in {p.get("name") for p in geo.properties.values()}
    assert geo.lengths_km == {}


def test_data_dirs_come_from_the_environment_or_the_defaults(tmp_path):
    dirs = data.data_dirs({"CORRIDOR_ATLAS_CORPUS": str(tmp_path / "c"),
                           "CORRIDOR_ATLAS_LAYERS": str(tmp_path / "l")})
    assert (dirs.corpus, dirs.layers) == (tmp_path / "c", tmp_path / "l")
    defaults = data.data_dirs({})
    assert defaults.corpus == data.REPO / "corpus" / "articles"
    assert defaults.layers == data.REPO / "geodata" / "layers"


def test_signatures_change_when_files_come_and_go(tmp_path, collections):
    from tests.conftest import write_layer_files

    corpus_dir = tmp_path / "articles"
    corpus_dir.mkdir()
    before = data.corpus_signature(corpus_dir)
    (corpus_dir / "new.md").write_text("x", encoding="utf-8")
    assert data.corpus_signature(corpus_dir) != before
    layers = write_layer_files(tmp_path / "layers", collections)
    first = data.layers_signature(layers)
    (layers / "places.geojson").write_text("{}", encoding="utf-8")
    assert data.layers_signature(layers) != first


def test_the_atlas_lists_features_and_problems(atlas):
    assert atlas.ids_in("corridors") == ["btc_pipeline", "caspian_fiber", "tripp"]
    assert atlas.linked_ids("iran") == ["iran", "pezeshkian"]
    assert [p.part for p in atlas.problems] == ["geodata"]
    assert sorted(atlas.articles.index) == ["a1", "b2", "c3"]


def test_a_second_open_links_nothing(atlas, data_dirs_on_disk, monkeypatch):
    calls = []
    monkeypatch.setattr(index_module, "link_file",
                        lambda *args, **kwargs: calls.append(args) or None)
    corpus_dir, layers = data_dirs_on_disk
    again = data.open_corpus(corpus_dir, layers)
    assert calls == [] and again.index.path == atlas.index.path


def test_index_problems_become_data_problems(data_dirs_on_disk):
    corpus_dir, layers = data_dirs_on_disk
    (corpus_dir / "bad.md").write_text("---\nid: bad\npublished: soon\n---\nText.\n",
                                       encoding="utf-8")
    problems = data.open_corpus(corpus_dir, layers).problems
    assert len(problems) == 1
    assert problems[0].path.endswith("bad.md") and problems[0].where.startswith("line ")
    assert problems[0].part == "corpus" and "published" in problems[0].message
    assert data.corpus_problem("no line number here") == DataProblem(
        "corpus", "", "", "no line number here")


def test_counts_include_the_people_who_speak_for_an_actor(atlas):
    counts = queries.mention_counts(atlas, ArticleFilter())
    assert counts["tripp"] == 4 and counts["caspian_fiber"] == 1 and counts["iran"] == 1
    assert "pezeshkian" not in counts
    one = queries.mention_counts(atlas, ArticleFilter(outlets=("Outlet One",)))
    assert one == {"tripp": 2, "iran": 1}


def test_summary_is_exact_and_filtered(atlas):
    summary = queries.feature_summary(atlas, "tripp", ArticleFilter())
    assert summary.text() == "4 passages in 3 articles from 2 outlets (1 article names none)"
    dated = queries.feature_summary(atlas, "caspian_fiber", ArticleFilter(include_undated=False))
    assert dated.text() == "0 passages in 0 articles from 0 outlets"


def test_passage_page_groups_newest_first_with_spans(atlas):
    groups = queries.passage_page(atlas, "tripp", ArticleFilter())
    assert [g.article.id for g in groups] == ["a1", "c3", "b2"]
    first = groups[0]
    assert first.article.outlet == "Outlet One" and first.article.published == dt.date(2026, 2, 1)
    assert [h.passage.n for h in first.hits] == [1, 3]
    assert all(h.passage.text[s:e] == "TRIPP" for h in first.hits for s, e in h.spans)
    assert len(first.article.passages) == 3  # the whole article, for "open in full"
    iran = queries.passage_page(atlas, "iran", ArticleFilter())
    marked = {iran[0].hits[0].passage.text[s:e] for s, e in iran[0].hits[0].spans}
    assert marked == {"Iran", "Pezeshkian"}


def test_passage_pages_cover_every_passage_once(data_dirs_on_disk, geo, tmp_path):
    corpus_dir, layers = data_dirs_on_disk
    many = {f"m{n:02d}": make_article(f"m{n:02d}", [f"TRIPP, part {k}." for k in range(3)],
                                      published=dt.date(2024, 1, n + 1))
            for n in range(9)}
    write_article_files(corpus_dir, many)
    atlas = Atlas(geo, data.open_corpus(corpus_dir, layers))
    total = queries.feature_summary(atlas, "tripp", ArticleFilter()).passages
    assert total == 4 + 27
    seen = []
    for offset in range(0, total + 10, 10):
        page = queries.passage_page(atlas, "tripp", ArticleFilter(), limit=10, offset=offset)
        seen += [h.passage.id for g in page for h in g.hits]
    assert len(seen) == len(set(seen)) == total


def test_article_filter_from_the_sidebar_choices(atlas):
    articles = atlas.articles
    assert queries.outlet_labels(articles) == ["Outlet <Two>", "Outlet One", "Unknown outlet"]
    span = queries.date_range(articles)
    assert span == (dt.date(2025, 5, 5), dt.date(2026, 2, 1))
    everything = queries.article_filter(articles, outlets=queries.outlet_labels(articles),
                                        start=span[0], end=span[1])
    assert everything == ArticleFilter()
    some = queries.article_filter(articles, outlets=["Unknown outlet", "Outlet One"],
                                  start=dt.date(2026, 1, 1), end=span[1], include_undated=False)
    assert some == ArticleFilter(outlets=("", "Outlet One"), start=dt.date(2026, 1, 1),
                                 include_undated=False)


@pytest.mark.parametrize(("choice", "kept"), [
    ({}, {"a1", "b2", "c3"}),
    ({"outlets": ["Unknown outlet"]}, {"b2"}),
    ({"start": dt.date(2026, 1, 1)}, {"a1", "b2"}),
    ({"include_undated": False}, {"a1", "c3"}),
])
def test_the_sidebar_choices_keep_the_articles_they_name(atlas, choice, kept):
    # Every fixture article mentions TRIPP: the panel's groups name the articles kept.
    filters = queries.article_filter(atlas.articles, **choice)
    groups = queries.passage_page(atlas, "tripp", filters)
    assert {g.article.id for g in groups} == kept
    assert queries.feature_summary(atlas, "tripp", filters).articles == len(kept)


def test_no_source_chosen_counts_and_shows_nothing(atlas):
    nothing = queries.article_filter(atlas.articles, outlets=[])
    assert queries.mention_counts(atlas, nothing) == {}
    assert queries.passage_page(atlas, "tripp", nothing) == []
    assert queries.feature_summary(atlas, "tripp", nothing).text() == (
        "0 passages in 0 articles from 0 outlets")


def test_progress_shows_only_when_linking_takes_a_while():
    shown, now = [], [0.0]
    reporter = ProgressReporter(lambda f, t: shown.append((f, t)), after=0.5, many=50,
                                clock=lambda: now[0])
    reporter(1, 3)
    assert shown == []
    now[0] = 1.0
    reporter(2, 3)
    reporter(3, 3)
    assert [round(f, 2) for f, _ in shown] == [0.67, 1.0]
    assert shown[-1][1] == "Linking articles to the map: 3 of 3"
    big = []
    ProgressReporter(lambda f, t: big.append(f), clock=lambda: 0.0)(1, 10_000)
    assert big == [0.0001]


@pytest.mark.parametrize(
    ("value", "selected", "problem"),
    [
        (None, None, None),
        ("tripp", "tripp", None),
        (["tripp"], "tripp", None),
        ("", None, "gives no id"),
        ("nowhere", None, "not on this map"),
        ("TRIPP", None, "not a valid feature id"),
        ("<script>", None, "not a valid feature id"),
    ],
)
def test_parse_feature_param(value, selected, problem):
    feature_id, message = parse_feature_param(value, {"tripp": {}})
    assert feature_id == selected
    if problem:
        assert problem in message
    else:
        assert message is None


def test_parse_feature_param_never_echoes_a_long_value():
    _, message = parse_feature_param("a" * 1000, {})
    assert len(message) < 300


def test_module_does_not_need_streamlit():
    source = Path(data.__file__).read_text(encoding="utf-8")
    assert "import streamlit" not in source


def test_article_mentions_any_agrees_with_the_passages(atlas):
    holders = {g.article.id for g in queries.passage_page(atlas, "tripp", ArticleFilter())}
    assert holders  # the fixture corpus mentions TRIPP
    for article_id in atlas.articles["id"]:
        assert queries.article_mentions_any(atlas, article_id, ["tripp"]) == (
            article_id in holders), article_id
    # A person counts when asked for: the actor's linked ids include its people.
    iran = {g.article.id for g in queries.passage_page(atlas, "iran", ArticleFilter())}
    for article_id in atlas.articles["id"]:
        assert queries.article_mentions_any(atlas, article_id, atlas.linked_ids("iran")) == (
            article_id in iran), article_id
    assert not queries.article_mentions_any(atlas, "a1", [])
