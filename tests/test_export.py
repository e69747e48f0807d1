"""Tests of corpus.export: GeoJSON, CSV and Markdown, read back with geopandas and csv.

Built on tiny layers and articles in tmp_path (the helpers of test_index), plus pure
functions on hand-made frames.
"""

from __future__ import annotations

import csv
import io
import json

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import shape
from test_index import write_article, write_layers

import geodata
from corpus.export import (
    CSV_COLUMNS,
    ExportError,
    defuse_formula,
    escape_markdown,
    excerpt,
    export_text,
    feature_passages,
    features_geojson,
    highlight_markdown,
    rfc7946_geometry,
    safe_url,
)
from corpus.index import ArticleFilter, open_index

LAYERS = ("corridors", "zones", "actors", "places")


@pytest.fixture
def setup(tmp_path):
    """(index, collections) over three small articles, one of them hostile."""
    layers_dir = write_layers(tmp_path / "layers")
    corpus_dir = tmp_path / "articles"
    corpus_dir.mkdir()
    write_article(corpus_dir, "a1", ["TRIPP crosses Armenia.", "Nothing here.",
                                     "Pashinyan spoke in Yerevan about the Trump Route."],
                  outlet="Outlet One", published="2026-02-01")
    write_article(corpus_dir, "b2", ["The Middle Corridor and the TRIPP zone."],
                  outlet="Outlet Two", published="2025-05-05")
    write_article(corpus_dir, "c3", [
        "=HYPERLINK(\"http://evil\") TRIPP *bold* [x](javascript:alert(1)) <b>tag</b> "
        "Armenia\nsecond line"])
    index = open_index(corpus_dir, layers_dir=layers_dir, index_path=tmp_path / "i.sqlite")
    layers = geodata.load_layers(layers_dir)
    return index, {layer: layers.as_geojson(layer) for layer in LAYERS}


def test_geojson_reads_back_with_geopandas_with_counts_and_passage_ids(setup, tmp_path):
    index, collections = setup
    path = tmp_path / "features.geojson"
    path.write_text(export_text("geojson", index, collections), encoding="utf-8")
    frame = gpd.read_file(path).set_index("id")
    assert frame.crs.to_epsg() == 4326
    assert set(frame.index) == {"tripp", "middle_corridor", "armenia", "azerbaijan",
                                "tripp_zone", "yerevan"}
    tripp = frame.loc["tripp"]
    assert tripp["passage_ids_text"] == "a1:1,a1:3,c3:1"
    assert list(tripp["passage_ids"]) == ["a1:1", "a1:3", "c3:1"]
    assert (tripp["passages"], tripp["articles"]) == (3, 2)
    # Pashinyan speaks for Armenia: his passage counts for the actor.
    assert "a1:3" in frame.loc["armenia", "passage_ids_text"].split(",")
    assert frame.loc["azerbaijan", "passages"] == 0
    assert frame.loc["azerbaijan", "passage_ids_text"] == ""


def test_geojson_is_rfc7946(setup):
    index, collections = setup
    data = json.loads(export_text("geojson", index, collections))
    assert data["type"] == "FeatureCollection" and "crs" not in data
    for feature in data["features"]:
        assert feature["type"] == "Feature" and isinstance(feature["properties"], dict)
        geometry = shape(feature["geometry"])
        assert geometry.is_valid
        if geometry.geom_type == "Polygon":
            assert geometry.exterior.is_ccw  # the right-hand rule
        lon, lat = geometry.representative_point().coords[0]
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_clockwise_polygons_are_reoriented():
    clockwise = {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]}
    fixed = rfc7946_geometry(clockwise)
    assert shape(fixed).exterior.is_ccw
    assert shape(fixed).equals(shape(clockwise))


def test_geojson_of_visible_features_only(setup):
    index, collections = setup
    data = json.loads(export_text("geojson", index, collections,
                                  feature_ids=["tripp", "yerevan"]))
    assert [f["id"] for f in data["features"]] == ["tripp", "yerevan"]


def test_filters_narrow_the_counts(setup):
    index, collections = setup
    only_one = ArticleFilter(outlets=("Outlet One",))
    data = json.loads(export_text("geojson", index, collections, filters=only_one))
    tripp = next(f for f in data["features"] if f["id"] == "tripp")
    assert tripp["properties"]["passage_ids"] == ["a1:1", "a1:3"]


def test_csv_reads_back_with_every_mention_and_defused_formulas(setup):
    index, collections = setup
    text = export_text("csv", index, collections)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert not text.startswith("\ufeff")
    assert len(rows) == len(index.mentions())
    tripp = [r for r in rows if r["feature"] == "tripp"]
    assert {r["passage_id"] for r in tripp} == {"a1:1", "a1:3", "c3:1"}
    first = next(r for r in tripp if r["passage_id"] == "a1:1")
    assert (first["outlet"], first["published"], first["quote"]) == (
        "Outlet One", "2026-02-01", "TRIPP")
    assert first["feature_name"] == "TRIPP" and first["passage_excerpt"] == \
        "TRIPP crosses Armenia."
    assert int(first["start"]) == 0 and int(first["end"]) == 5
    hostile = next(r for r in rows if r["article_id"] == "c3")
    assert hostile["outlet"] == "Unknown outlet"
    assert hostile["passage_excerpt"].startswith("'=HYPERLINK")
    assert "\n" not in hostile["passage_excerpt"]
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@"))
    # pandas (as a spreadsheet would) reads the same number of rows and columns.
    frame = pd.read_csv(io.StringIO(text))
    assert frame.shape == (len(rows), len(CSV_COLUMNS))


def test_csv_for_one_actor_includes_its_people(setup):
    index, collections = setup
    rows = list(csv.DictReader(io.StringIO(
        export_text("csv", index, collections, feature_ids=["armenia"]))))
    assert {r["feature"] for r in rows} == {"armenia", "pashinyan"}
    assert {r["actor"] for r in rows if r["feature"] == "pashinyan"} == {"armenia"}


def test_markdown_cites_each_article_and_escapes_the_text(setup):
    index, collections = setup
    text = export_text("md", index, collections, feature_ids=["tripp"])
    assert text.startswith("# TRIPP\n")
    assert "3 passages in 2 articles" in text
    assert "## **Outlet One** · *Title a1* · 2026-02-01" in text
    assert "## **Unknown outlet** · *Title c3* · undated" in text
    assert "> ¶ 1 (a1:1): **TRIPP** crosses Armenia." in text
    hostile = next(line for line in text.splitlines() if "(c3:1)" in line)
    assert "\\[x\\]\\(javascript:alert\\(1\\)\\)" in hostile
    assert "\\<b\\>tag\\</b\\>" in hostile and "\\*bold\\*" in hostile
    assert "<b>" not in text.replace("\\<b\\>", "")


def test_markdown_of_an_actor_includes_its_peoples_passages(setup):
    index, _ = setup
    passages, mentions = feature_passages(index, "armenia")
    assert list(passages["passage_id"]) == ["a1:1", "a1:3", "c3:1"]
    assert set(mentions["passage_id"]) == {"a1:1", "a1:3", "c3:1"}
    assert "pashinyan" in set(mentions["feature"])


def test_markdown_needs_exactly_one_feature(setup):
    index, collections = setup
    with pytest.raises(ExportError, match="exactly one feature"):
        export_text("md", index, collections)
    with pytest.raises(ExportError, match="unknown feature id"):
        export_text("csv", index, collections, feature_ids=["atlantis"])
    with pytest.raises(ExportError, match="unknown export format"):
        export_text("xlsx", index, collections)


def test_features_geojson_on_an_empty_mentions_frame():
    collection = {"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"id": "baku", "name": "Baku"},
        "geometry": {"type": "Point", "coordinates": [49.8923456789, 40.3777]}}]}
    empty = pd.DataFrame(columns=["feature", "passage_id", "article_id", "paragraph",
                                  "start", "actor"])
    data = features_geojson({"places": collection}, empty)
    props = data["features"][0]["properties"]
    assert (props["passages"], props["passage_ids"], props["passage_ids_text"]) == (0, [], "")
    assert data["features"][0]["geometry"]["coordinates"] == [49.89235, 40.3777]


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+44", "'+44"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("plain", "plain"), (5, 5), ("", ""),
])
def test_defuse_formula(value, expected):
    assert defuse_formula(value) == expected


def test_escape_markdown_and_highlight():
    assert escape_markdown("a *b* [c](d) <e> `f` #g\nh") == \
        "a \\*b\\* \\[c\\]\\(d\\) \\<e\\> \\`f\\` \\#g h"
    assert highlight_markdown("The TRIPP and *x*", [(4, 9)]) == "The **TRIPP** and \\*x\\*"
    assert highlight_markdown("ab cd", [(0, 2), (1, 5)]) == "**ab cd**"


def test_excerpt_cuts_at_words_with_ellipses():
    text = "one two three four five six seven eight nine ten"
    assert excerpt(text, 14, 18, context=6) == "…three four five…"
    assert excerpt(text, 0, 3, context=100) == text


def test_safe_url():
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", "example.org", "https://x.org/a b", "", None,
                "https://x.org/<script>"):
        assert safe_url(bad) is None


def test_sources_are_counted_as_citations_name_them():
    """The panel said '3 outlets' where the picture said '2' for the same articles: an
    article without an outlet is named by its URL's domain, or counted apart."""
    from corpus.citations import count_sources, sources_phrase

    rows = [("Caliber.az", ""), ("", "https://www.example.org/a"), ("", ""), ("", None),
            (" Caliber.az ", "https://caliber.az/x")]
    assert count_sources(rows) == (2, 2)
    assert sources_phrase(2, 2) == "from 2 outlets (2 articles name none)"
    assert sources_phrase(1, 1) == "from 1 outlet (1 article names none)"
    assert sources_phrase(3, 0) == "from 3 outlets"


def test_picture_credit_counts_outlets_as_the_panel_does(tmp_path):
    from corpus.index import open_index
    from corpus.map_picture import corpus_credit

    corpus = tmp_path / "articles"
    corpus.mkdir()
    for n, (outlet, url) in enumerate([("One", ""), ("", "https://two.example/a"), ("", "")]):
        (corpus / f"a{n}.md").write_text(
            f"---\nid: a{n}\noutlet: '{outlet}'\nurl: '{url}'\npublished: 2026-02-1{n}\n---\n"
            "Armenia and Azerbaijan.\n", encoding="utf-8")
    index = open_index(corpus, index_path=tmp_path / "index.sqlite")
    assert corpus_credit(index) == ("Natural Earth; Corridor Atlas; 3 articles from 2 outlets "
                                    "(1 article names none), 2026-02-10 to 2026-02-12")
