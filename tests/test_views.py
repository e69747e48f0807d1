"""AppTest tests of the reading views (dashboard/views/*) on the seed corpus.

Each view runs in a small page of its own (AppTest.from_function) over the committed layers
and articles, indexed into tmp_path; dashboard/app.py calls the same functions.
"""

from __future__ import annotations

import csv
import io
import json

import geopandas as gpd
import pytest
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.app


def page(view: str, index_path: str, corpus_dir: str = "") -> None:
    """The page under test: load the atlas once, then show one view."""
    from pathlib import Path

    import streamlit as st

    from dashboard import data
    from dashboard.views import article, downloads, render, sources, timeline, trial

    @st.cache_resource
    def atlas_for(path: str):
        return data.Atlas(data.load_geodata(data.DEFAULT_LAYERS),
                          data.open_corpus(data.DEFAULT_CORPUS, data.DEFAULT_LAYERS,
                                           index_path=Path(path)))

    atlas = atlas_for(index_path)

    def select(feature_id):
        st.session_state["selected_feature"] = feature_id

    selected = st.session_state.get("selected_feature")
    st.text(f"selected={selected}")
    from corpus.index import NO_FILTER as filters
    if view == "article":
        article.article_view(atlas, selected, select)
    elif view == "names":
        sources.names_by_source_section(atlas, selected, filters)
        sources.people_section(atlas, selected, filters)
    elif view == "matrix":
        sources.matrix_section(atlas, filters, select)
    elif view == "timeline":
        events = timeline.events_for(atlas)
        start, end = timeline.range_control(events, atlas.articles)
        timeline.timeline_section(atlas, events, start, end)
    elif view == "downloads":
        downloads.downloads_section(atlas, filters, set(atlas.properties), selected,
                                    str(data.DEFAULT_LAYERS), ())
    elif view == "trial":
        trial.trial_section(atlas, str(data.DEFAULT_LAYERS), (),
                            render.adding_allowed(), corpus_dir)


@pytest.fixture(scope="module")
def index_path(tmp_path_factory):
    return str(tmp_path_factory.mktemp("index") / "seeds.sqlite")


def run(view: str, index_path: str, selected: str | None = None, **kwargs) -> AppTest:
    at = AppTest.from_function(page, args=(view, index_path), kwargs=kwargs,
                               default_timeout=120)
    if selected:
        at.session_state["selected_feature"] = selected
    at.run()
    assert not at.exception, at.exception
    return at


def save_button(at: AppTest):
    """The trial form's "Save to the corpus" button."""
    [button] = [b for b in at.button if b.label == "Save to the corpus"]
    return button


def html_of(at: AppTest) -> str:
    return "\n".join(str(e.proto.body) for e in at.get("html"))


def reader_body(at: AppTest) -> dict:
    """What the article reader component was given (see dashboard/views/reader.js)."""
    [reader] = at.get("bidi_component")
    assert reader.proto.component_name == "corridor_atlas_article_reader"
    return json.loads(reader.proto.json)


def test_article_view_colours_mentions_and_chips_select_features(index_path):
    at = run("article", index_path, selected="caspian_fiber")
    assert at.selectbox(key="article_view_id").value == "aa2d72d812be5744"
    head = html_of(at)
    # The first mention comes first, marked, with a link down to its place in the text.
    assert 'class="para focus"' in head
    assert 'class="m-corridors" data-feature="caspian_fiber"' in head
    assert "First mention of" in head and 'href="#read-aa2d72d812be5744-4"' in head
    assert "<style" not in head  # the page's stylesheet has the styles, once
    body = reader_body(at)
    assert body["focus"] == "read-aa2d72d812be5744-4"  # the reader marks it in the text
    paragraphs = {p["anchor"]: p for p in body["paragraphs"]}
    fourth = paragraphs["read-aa2d72d812be5744-4"]
    mentions = [piece for piece in fourth["pieces"] if len(piece) == 4]
    assert ["corridors", "caspian_fiber", "caspian_fiber"] in [m[1:] for m in mentions]
    # Every passage is there, in order, and its pieces put its text back together exactly.
    from corpus.index import open_index

    passages = open_index(index_path=index_path).article_passages("aa2d72d812be5744")
    assert [p["passage"] for p in body["paragraphs"]] == list(passages["passage_id"])
    for paragraph, text in zip(body["paragraphs"], passages["text"], strict=True):
        assert "".join(piece[0] for piece in paragraph["pieces"]) == text
    # The chips under the fourth paragraph are the map features it names, by name.
    from geodata.loading import load_layers

    names = load_layers().features["name"]
    assert "caspian_fiber" in [feature for feature, _name in fourth["chips"]]
    assert all(name == names[feature] for feature, name in fourth["chips"])


def test_a_click_in_the_reader_selects_only_map_features():
    from dashboard.views.article import chosen_feature

    known = {"tripp", "armenia"}
    assert chosen_feature({"select": "tripp"}, known) == "tripp"
    assert chosen_feature({"select": "<script>"}, known) is None
    assert chosen_feature({"select": ["tripp"]}, known) is None
    assert chosen_feature({}, known) is None
    assert chosen_feature(None, known) is None


def test_every_article_opens_in_the_view(index_path):
    at = run("article", index_path)
    for article_id in at.selectbox(key="article_view_id").options:
        at.selectbox(key="article_view_id").set_value(article_id).run()
        assert not at.exception
        assert any(len(piece) == 4 for p in reader_body(at)["paragraphs"]
                   for piece in p["pieces"]), f"{article_id}: no mention highlighted"


def test_names_by_source_and_people(index_path):
    at = run("names", index_path, selected="armenia")
    # A list grouped by name, not a wide table (it did not fit the ~300 px panel).
    assert not at.dataframe
    body = html_of(at)
    assert 'class="names-list"' in body and '<span class="name"' in body
    assert ">Armenia</span>" in body
    assert "Nikol Pashinyan" in body and "at least 99 years" in body
    assert "Ararat Mirzoyan" in body and "We also understand" in body


def test_matrix_cell_lists_exactly_its_passages(index_path, monkeypatch):
    from corpus.analysis import cell_passages
    from corpus.index import open_index

    at = run("matrix", index_path)
    assert at.get("vega_lite_chart")
    # Simulate the click on the (Armenia, TRIPP) cell as the chart reports it.
    at.session_state["actor_corridor_matrix"] = {
        "selection": {"cell": [{"actor": "armenia", "corridor": "tripp"}]}}
    at.run()
    expected = cell_passages(open_index(index_path=index_path).mentions(), "armenia", "tripp")
    body = html_of(at)
    shown = [pid for pid in expected if f'data-passage="{pid}"' in body]
    assert shown == expected
    assert body.count('class="cell-passage"') == len(expected)


def test_timeline_filters_events_by_date(index_path):
    import datetime as dt

    at = run("timeline", index_path)
    titles = [e.label for e in at.expander]
    assert any("White House summit" in t for t in titles)
    assert any("Charter on Strategic Partnership" in t for t in titles)
    at.slider(key="timeline_range").set_value((dt.date(2026, 2, 1), dt.date(2026, 2, 28)))
    at.run()
    titles = [e.label for e in at.expander]
    assert titles and not any("White House summit" in t for t in titles)
    assert any("Vance visits Armenia" in t for t in titles)


def test_download_payloads_read_back(index_path, tmp_path):
    from corpus.index import open_index
    from dashboard import data
    from dashboard.views.downloads import full_collections

    at = run("downloads", index_path, selected="tripp")
    assert len(at.get("download_button")) == 5
    atlas = data.Atlas(data.load_geodata(data.DEFAULT_LAYERS),
                       data.read_corpus(open_index(index_path=index_path)))
    from corpus.index import NO_FILTER
    from dashboard.views.downloads import export_payload

    collections = full_collections.__wrapped__(str(data.DEFAULT_LAYERS), ())
    path = tmp_path / "f.geojson"
    path.write_text(export_payload("geojson", atlas, collections, NO_FILTER,
                                   feature_ids=["tripp", "usa"]), encoding="utf-8")
    frame = gpd.read_file(path).set_index("id")
    assert sorted(frame.index) == ["tripp", "usa"]
    assert len(frame.loc["tripp", "passage_ids_text"].split(",")) == \
        frame.loc["tripp", "passages"] >= 5
    rows = list(csv.DictReader(io.StringIO(export_payload("csv", atlas, collections,
                                                          NO_FILTER))))
    assert {r["article_id"] for r in rows} == set(atlas.articles["id"])
    md = export_payload("md", atlas, collections, NO_FILTER, feature_ids=["tripp"])
    assert md.startswith("# TRIPP") and "Caliber.az" in md
    assert json.loads(path.read_text())["type"] == "FeatureCollection"


def test_map_picture_download_reads_back(index_path):
    import xml.etree.ElementTree as ET

    from PIL import Image

    from corpus.index import NO_FILTER, open_index
    from dashboard import data
    from dashboard.views.downloads import full_collections, map_picture

    atlas = data.Atlas(data.load_geodata(data.DEFAULT_LAYERS),
                       data.read_corpus(open_index(index_path=index_path)))
    collections = full_collections.__wrapped__(str(data.DEFAULT_LAYERS), ())
    visible = set(atlas.ids_in("corridors")) | {"armenia", "azerbaijan"}
    png = map_picture("png", atlas, collections, NO_FILTER, visible, "tripp")
    image = Image.open(io.BytesIO(png))
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    svg = map_picture("svg", atlas, collections, NO_FILTER, visible, None)
    texts = ["".join(t.itertext())
             for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert "Caspian Sea" in texts and "Armenia" in texts
    assert "Baku" not in texts and "Yerevan" not in texts  # places are hidden


def test_trying_an_article_previews_without_saving(index_path, tmp_path, monkeypatch):
    monkeypatch.delenv("CORRIDOR_ATLAS_ALLOW_ADD", raising=False)
    corpus_dir = tmp_path / "articles"
    corpus_dir.mkdir()
    at = run("trial", index_path, corpus_dir=str(corpus_dir))
    at.text_area(key="trial_text").set_value(
        "The Middle Corridor crosses the Caspian Sea.\n\n<script>alert(1)</script> Iran "
        "watches TRIPP.").run()
    assert not at.exception
    body = html_of(at)
    assert 'data-feature="middle_corridor"' in body and 'data-feature="tripp"' in body
    assert "<script>" not in body
    save = at.button[0] if at.button else None
    assert save is not None and save.disabled
    assert any("Saving is off" in i.value for i in at.info)
    assert list(corpus_dir.iterdir()) == []


def test_saving_is_allowed_with_the_environment_flag(index_path, tmp_path, monkeypatch):
    monkeypatch.setenv("CORRIDOR_ATLAS_ALLOW_ADD", "1")
    corpus_dir = tmp_path / "articles"
    corpus_dir.mkdir()
    at = run("trial", index_path, corpus_dir=str(corpus_dir))
    at.text_area(key="trial_text").set_value(
        "The Middle Corridor crosses the Caspian Sea and links Central Asia with Europe, "
        "according to the officials who spoke at the port.").run()
    at.text_input(key="trial_published").set_value("2026-02-20")
    save_button(at).click().run()
    assert not at.exception
    assert any("Saved as" in s.value for s in at.success)
    assert len(list(corpus_dir.glob("*.md"))) == 1


def test_a_pasted_server_path_saves_only_that_line(index_path, tmp_path, monkeypatch):
    """Issue 13 item 1: pasting the name of a file on the server saves the line, never the
    file (before the fix, add_article opened any string that named an existing file)."""
    monkeypatch.setenv("CORRIDOR_ATLAS_ALLOW_ADD", "1")
    secret = tmp_path / "server-secret.txt"
    secret.write_text("SECRET ONE\n\nSECRET TWO\n\nSECRET THREE\n", encoding="utf-8")
    corpus_dir = tmp_path / "articles"
    corpus_dir.mkdir()
    at = run("trial", index_path, corpus_dir=str(corpus_dir))
    at.text_area(key="trial_text").set_value(str(secret)).run()
    save_button(at).click().run()
    assert not at.exception
    assert any("Saved as" in s.value and "(1 passages)" in s.value for s in at.success)
    [saved] = corpus_dir.glob("*.md")
    text = saved.read_text(encoding="utf-8")
    assert "SECRET" not in text
    assert text.rstrip("\n").endswith(str(secret))


def test_adding_several_files_and_a_zip_reports_each_item(index_path, tmp_path, monkeypatch):
    import io
    import zipfile

    from tests.ingest_fixtures import OTHER_STORY, STORY, og_page

    monkeypatch.setenv("CORRIDOR_ATLAS_ALLOW_ADD", "1")
    corpus_dir = tmp_path / "articles"
    corpus_dir.mkdir()
    pages = io.BytesIO()
    with zipfile.ZipFile(pages, "w") as archive:
        archive.writestr("saved/freight.html", og_page(
            STORY, title="Freight", site="Caspian Times", url="https://caspian.example/f",
            published="2026-02-01"))
        archive.writestr("saved/empty.html", "")
    hostile = io.BytesIO()
    with zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr("../../etc/cron.d/evil.txt", "text")
    at = run("trial", index_path, corpus_dir=str(corpus_dir))
    at.file_uploader(key="add_files_upload").set_value([
        ("pages.zip", pages.getvalue(), "application/zip"),
        ("cable.txt", "\n\n".join(OTHER_STORY).encode(), "text/plain"),
        ("../../etc/passwd.txt", b"root:x:0:0", "text/plain"),
        ("hostile.zip", hostile.getvalue(), "application/zip"),
    ]).run()
    at.button(key="add_files_go").click().run()
    assert not at.exception
    [report] = at.dataframe
    rows = {r["source"]: r for r in report.value.to_dict("records")}
    assert rows["pages.zip/saved/freight.html"]["status"] == "imported"
    assert rows["pages.zip/saved/empty.html"]["status"] == "skipped"
    assert rows["cable.txt"]["status"] == "imported"
    assert rows["passwd.txt"]["status"] == "imported"  # its bytes, not the server's file
    assert rows["hostile.zip"]["status"] == "error"
    assert "path traversal" in rows["hostile.zip"]["reason"]
    texts = [p.read_text(encoding="utf-8") for p in corpus_dir.glob("*.md")]
    assert len(texts) == 3 and not any("root:x:0:0:" in t and "/bin" in t for t in texts)


def test_without_the_flag_there_is_no_add_section(index_path, tmp_path, monkeypatch):
    monkeypatch.delenv("CORRIDOR_ATLAS_ALLOW_ADD", raising=False)
    at = run("trial", index_path, corpus_dir=str(tmp_path))
    assert not [u for u in at.get("file_uploader") if u.key == "add_files_upload"]
    assert not any(b.key == "add_files_go" for b in at.button)
