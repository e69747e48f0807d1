"""Who republished what, and the domain when no outlet is named: in the page's citations
and in every export (CSV, GeoJSON, Markdown), read from the index built on an imported
corpus."""

from __future__ import annotations

import csv
import io
import json

import pytest

import geodata
from corpus.__main__ import main
from corpus.export import export_text, source_label
from corpus.index import open_index
from dashboard import passages
from dashboard.views import render
from tests.ingest_fixtures import STORY, og_page, plain_page


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("display")
    folder, corpus_dir = root / "in", root / "corpus"
    folder.mkdir()
    corpus_dir.mkdir()
    (folder / "1.html").write_text(og_page(
        STORY, title="Freight", site="Caspian Times", url="https://caspian.example/f",
        published="2026-02-01"), encoding="utf-8")
    copy = ["BAKU (Wire) — " + STORY[0], *STORY[1:]]
    (folder / "2.html").write_text(og_page(
        copy, title="Freight copy", site="Steppe Herald", url="https://www.steppe.example/c",
        published="2026-02-02"), encoding="utf-8")
    no_outlet = plain_page(["The Middle Corridor ferry from Aktau to Baku now sails daily, "
                            "port officials said, as freight volumes keep growing this year."],
                           title="Daily ferries")
    (folder / "3.html").write_text(no_outlet.replace(
        "<head>", "<head><link rel='canonical' href='https://www.ferry-news.example/daily'>"),
        encoding="utf-8")
    assert main(["import", str(folder), "--directory", str(corpus_dir)]) == 0
    index = open_index(corpus_dir, index_path=root / "index.sqlite")
    layers = geodata.load_layers()
    return index, {layer: layers.as_geojson(layer)
                   for layer in ("corridors", "zones", "actors", "places")}


def test_source_label_prefers_the_outlet_then_the_domain():
    assert source_label("Caspian Times", "https://x.example/a") == "Caspian Times"
    assert source_label("", "https://www.ferry-news.example/daily") == "ferry-news.example"
    assert source_label("", "javascript:alert(1)") == "Unknown outlet"
    assert source_label(None, None) == "Unknown outlet"


def test_citations_show_who_else_published_and_the_domain(imported):
    index, _ = imported
    articles = index.articles().set_index("id")
    kept = articles[articles["outlet"] == "Caspian Times"].iloc[0].to_dict()
    line = render.citation_line(kept)
    assert "also published by Steppe Herald" in line
    unnamed = articles[articles["outlet"].fillna("") == ""].iloc[0].to_dict()
    assert ">ferry-news.example<" in render.citation_line(unnamed)
    assert "Unknown outlet" not in render.citation_line(unnamed)
    view = passages.citation_html(type("A", (), {
        "outlet": "", "title": "T", "author": "", "published": None,
        "url": "https://www.ferry-news.example/daily",
        "also_published": kept["also_published"]})())
    assert ">ferry-news.example<" in view and "also published by Steppe Herald" in view


def test_hostile_copy_outlet_is_escaped():
    value = json.dumps([{"outlet": "<img src=x onerror=alert(1)>", "url": ""}])
    html = passages.also_published_html(value)
    assert "<img" not in html and "&lt;img" in html


def test_exports_carry_the_copies(imported):
    index, collections = imported
    rows = list(csv.DictReader(io.StringIO(export_text("csv", index, collections))))
    kept_rows = [r for r in rows if r["outlet"] == "Caspian Times"]
    assert kept_rows and all(r["also_published"] ==
                             "Steppe Herald <https://www.steppe.example/c>" for r in kept_rows)
    geo = json.loads(export_text("geojson", index, collections,
                                 feature_ids=["middle_corridor"]))
    [feature] = geo["features"]
    assert {"outlet": "Steppe Herald", "url": "https://www.steppe.example/c"}.items() <= \
        feature["properties"]["also_published"][0].items()
    markdown = export_text("md", index, collections, feature_ids=["middle_corridor"])
    assert "also published by Steppe Herald <https://www.steppe.example/c>" in markdown
    assert "**ferry\\-news.example**" in markdown or "**ferry-news.example**" in markdown
