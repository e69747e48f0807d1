"""The page under bad data and change (issue 13, items 2, 7 and 12): any date in a file,
edits in place, command-line builds while it runs, a missing corpus folder, repeated and
bidi-laden ``?feature=`` values."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from corpus.index import build_index
from dashboard import data, queries
from dashboard.queries import parse_feature_param

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def page(feature: str | list[str] | None = "tripp") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if feature is not None:
        at.query_params["feature"] = feature
    return at.run()


def panel(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


@pytest.fixture
def fresh(data_dirs_on_disk):
    st.cache_data.clear()
    st.cache_resource.clear()
    yield data_dirs_on_disk
    st.cache_data.clear()
    st.cache_resource.clear()


# --------------------------------------------------------------------------- item 2


@pytest.mark.app
@pytest.mark.parametrize("date", ["1026-02-13", "9999-12-31", "0001-01-01"])
def test_a_1026_date_neither_blanks_the_page_nor_passes_check(fresh, date):
    corpus_dir, _layers = fresh
    edit(corpus_dir / "a1.md", "published: '2026-02-01'", f"published: '{date}'")
    at = page()
    assert not at.exception, [e.value for e in at.exception]
    assert at.get("component_instance"), "the map is on the page"
    assert "Route news" in panel(at)  # the article still shows, undated
    problems = at.expander[0]
    assert "Data problems" in problems.label
    assert f"published {date} is not a plausible news date" in str(
        problems.dataframe[0].value.to_dict())


# --------------------------------------------------------------------------- item 7


@pytest.mark.app
def test_an_outlet_edited_in_place_is_cited_after_a_reload(fresh):
    corpus_dir, _layers = fresh
    assert "Outlet One" in panel(page())
    # Same length, same folder: only the file's mtime changes.
    edit(corpus_dir / "a1.md", "outlet: Outlet One", "outlet: Outlet 1ne")
    html = panel(page())
    assert "Outlet 1ne" in html and "Outlet One" not in html


@pytest.mark.app
def test_a_command_line_build_is_picked_up_by_the_running_page(fresh):
    corpus_dir, layers = fresh
    page()
    edit(corpus_dir / "a1.md", "title: Route news", "title: Edited route news")
    build_index(corpus_dir, layers_dir=layers)  # as `python -m corpus index` would
    assert "Edited route news" in panel(page())


def test_the_panel_never_shows_new_text_under_an_old_citation(fresh):
    corpus_dir, layers = fresh
    atlas = data.Atlas(data.load_geodata(layers), data.open_corpus(corpus_dir, layers))
    edit(corpus_dir / "a1.md", "title: Route news", "title: Corrected title")
    edit(corpus_dir / "a1.md", "TRIPP crosses Armenia.", "TRIPP now crosses Armenia.")
    build_index(corpus_dir, layers_dir=layers)
    # The page opened before the build still cites from the index, with the passages.
    [group] = [g for g in queries.passage_page(atlas, "tripp", queries.ArticleFilter())
               if g.article.id == "a1"]
    assert group.article.title == "Corrected title"
    assert group.hits[0].passage.text == "TRIPP now crosses Armenia."


def test_a_broken_file_fixed_in_place_and_indexed_does_not_keyerror(fresh):
    corpus_dir, layers = fresh
    broken = corpus_dir / "d4.md"
    broken.write_text("---\nid: d4\npublished: last Tuesday\n---\nTRIPP again.\n",
                      encoding="utf-8")
    atlas = data.Atlas(data.load_geodata(layers), data.open_corpus(corpus_dir, layers))
    assert "d4" not in atlas.articles.index
    edit(broken, "published: last Tuesday", "published: '2026-03-01'")
    build_index(corpus_dir, layers_dir=layers)
    groups = queries.passage_page(atlas, "tripp", queries.ArticleFilter())
    assert "d4" in {g.article.id for g in groups}


@pytest.mark.app
def test_the_shared_panel_follows_a_build_while_the_page_is_open(fresh):
    # The panel's passages are cached per index version and shared by every reader: a
    # build from the command line must reach an open page at its next rerun, not a stale copy.
    corpus_dir, layers = fresh
    at = page("tripp")
    assert "Route news" in panel(at)
    edit(corpus_dir / "a1.md", "Route news", "Route notes")
    build_index(corpus_dir, layers_dir=layers)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Route notes" in panel(at) and "Route news" not in panel(at)


def test_the_page_key_follows_edits_in_place_and_builds(fresh):
    corpus_dir, layers = fresh
    before = data.corpus_signature(corpus_dir)
    edit(corpus_dir / "a1.md", "Outlet One", "Outlet 1ne")  # same size
    assert data.corpus_signature(corpus_dir) != before
    generation = data.index_generation(corpus_dir, layers)
    build_index(corpus_dir, layers_dir=layers)
    assert data.index_generation(corpus_dir, layers) == generation + 1
    build_index(corpus_dir, layers_dir=layers)  # nothing changed: same generation
    assert data.index_generation(corpus_dir, layers) == generation + 1


# --------------------------------------------------------------------------- item 12


@pytest.mark.app
def test_a_missing_corpus_folder_is_said_and_creates_no_index(fresh, tmp_path, monkeypatch):
    missing = tmp_path / "no-such-corpus"
    monkeypatch.setenv("CORRIDOR_ATLAS_CORPUS", str(missing))
    at = page(None)
    assert not at.exception
    errors = [html.unescape(e.value) for e in at.error]  # Markdown shows the entities as text
    assert any("does not exist" in e and "no-such-corpus" in e and "CORRIDOR_ATLAS_CORPUS" in e
               for e in errors), errors
    assert not any(p.name.startswith("no-such-corpus") for p in (tmp_path / "index").glob("*"))


@pytest.mark.app
def test_a_repeated_feature_keeps_one_value_in_the_url(fresh):
    at = page(["tripp", "caspian_fiber"])
    assert not at.exception
    assert at.query_params["feature"] in (["caspian_fiber"], "caspian_fiber")
    assert "fibre-optic" in panel(at)


@pytest.mark.parametrize("override", ["\u202e", "\u202b", "\u2067", "\u200f"])
def test_a_bidi_control_in_the_link_cannot_reverse_the_warning(override):
    _, message = parse_feature_param(f"{override}tripp\u202c x", {"tripp": {}})
    assert not any(c in message for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u200f")
    assert "\u2068tripp x\u2069" in message
    assert message.index("\u2069") < message.index("which is not")


def test_every_view_cites_from_the_index_not_the_table_it_opened_with(fresh):
    # The matrix, timeline, statements and article view cite through queries.article_meta.
    corpus_dir, layers = fresh
    atlas = data.Atlas(data.load_geodata(layers), data.open_corpus(corpus_dir, layers))
    (corpus_dir / "e5.md").write_text("---\nid: e5\noutlet: New outlet\n---\nTRIPP.\n",
                                      encoding="utf-8")
    edit(corpus_dir / "a1.md", "outlet: Outlet One", "outlet: Outlet 1ne")
    build_index(corpus_dir, layers_dir=layers)
    cited = queries.article_meta(atlas, ["e5", "a1", "gone"])
    assert cited["e5"]["outlet"] == "New outlet" and cited["a1"]["outlet"] == "Outlet 1ne"
    assert cited["gone"] == {"id": "gone"}


# --------------------------------------------------------------------------- a corpus that grows


def test_a_filter_with_everything_chosen_takes_new_values_and_a_narrowed_one_does_not():
    assert queries.widened_choice(["A", "B"], ["A", "B"], ["A", "B", "C"]) == ["A", "B", "C"]
    assert queries.widened_choice(["A"], ["A", "B"], ["A", "B", "C"]) == ["A"]
    assert queries.widened_choice(["A", "B"], ["A", "B"], ["B"]) == ["B"]  # A is gone
    assert queries.widened_choice([], None, ["A"]) == []


def test_the_date_filter_widens_only_when_it_held_the_whole_span():
    import datetime as dt

    old = (dt.date(2026, 2, 1), dt.date(2026, 2, 13))
    new = (dt.date(2025, 5, 5), dt.date(2026, 3, 2))
    assert queries.widened_span(old, old, new) == new
    narrowed = (dt.date(2026, 2, 5), dt.date(2026, 2, 10))
    assert queries.widened_span(narrowed, old, new) == narrowed
    assert queries.widened_span(narrowed, old, (dt.date(2026, 2, 7), dt.date(2026, 3, 2))) \
        == (dt.date(2026, 2, 7), dt.date(2026, 2, 10))
    assert queries.widened_span("not a range", old, new) == new


@pytest.mark.app
def test_an_article_from_a_new_outlet_and_language_reaches_an_open_page(fresh):
    # Imported while the page is open: its outlet, language and date were not among the
    # filters' options at the session's first run, which kept it out until a reload.
    corpus_dir, layers = fresh
    at = page("tripp")
    chosen = list(at.multiselect(key="outlets").value)
    at.run()  # a rerun with nothing new keeps every outlet chosen
    assert list(at.multiselect(key="outlets").value) == chosen
    (corpus_dir / "e5.md").write_text(
        "---\nid: e5\ntitle: Новая заметка\noutlet: Outlet Five\npublished: '2026-03-02'\n"
        "---\nМаршрут TRIPP через юг Армении снова обсуждали на этой неделе чиновники в "
        "Ереване и в Вашингтоне, а также эксперты в Москве и в Баку.\n", encoding="utf-8")
    build_index(corpus_dir, layers_dir=layers)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.warning, [w.value for w in at.warning]
    assert "Outlet Five" in at.multiselect(key="outlets").value
    assert "Новая заметка" in panel(at)
