"""Tests for geodata.render: the map picture, read back from the bytes (PNG with Pillow, SVG
with xml.etree)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from geodata import render, style

SVG = "{http://www.w3.org/2000/svg}"
POINTS = [
    {"type": "Feature", "properties": {"name": "Armenia", "kind": "country", "min_zoom": 5.0,
                                       "rank": 6},
     "geometry": {"type": "Point", "coordinates": [44.8, 40.46]}},
    {"type": "Feature", "properties": {"name": "Caspian Sea", "kind": "sea", "min_zoom": 3.0,
                                       "rank": 0},
     "geometry": {"type": "Point", "coordinates": [50.9, 41.9]}},
]


@pytest.fixture
def picture(collections, basemap):
    return render.MapPicture(collections, basemap, POINTS, counts={"iran": 25},
                             credit=render.credit_line(5, 3, "2026-02-09", "2026-02-13"))


def svg_texts(data: bytes) -> list[str]:
    root = ET.fromstring(data)
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_png_is_300_dpi_and_sized_from_the_figure(picture):
    data = render.render_map(picture, "png", width_in=6, height_in=4, dpi=300)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == (1800, 1200)
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)


def test_svg_parses_and_keeps_labels_legend_scale_and_credit_as_text(picture):
    texts = svg_texts(render.render_map(picture, "svg", width_in=8, height_in=5.5))
    joined = "\n".join(texts)
    for expected in ("Armenia", "Caspian Sea", "Legend", "no passage", "20 or more",
                     "Natural Earth; Corridor Atlas; 5 articles from 3 outlets, 2026-02-09 "
                     "to 2026-02-13"):
        assert expected in joined, expected
    assert any(text.endswith(" km") for text in texts), texts


def test_svg_draws_water_land_and_the_actor_shading_from_the_style_table(picture):
    data = render.render_map(picture, "svg", width_in=8, height_in=5.5).decode()
    for colour in (style.WATER, style.LAND_FILL, style.COUNT_COLOURS[-1]):
        assert colour in data, colour


def test_selection_is_framed_highlighted_and_named(picture):
    picture.selected = "tripp"
    texts = svg_texts(render.render_map(picture, "svg", width_in=8, height_in=5.5))
    assert any("TRIPP (selected)" in text for text in texts)
    west, south, east, north = render.picture_bounds(picture.collections, "tripp")
    assert west < 46.2 < 47.4 < east and south < 38.9 < 39.5 < north


def test_hidden_features_are_not_drawn(picture):
    picture.visible = {"iran"}
    texts = svg_texts(render.render_map(picture, "svg", width_in=8, height_in=5.5))
    assert not any("Baku" == text for text in texts)


def test_unknown_format_and_selection_are_errors_for_people(picture):
    with pytest.raises(render.RenderError, match="png, svg"):
        render.render_map(picture, "gif")
    picture.selected = "atlantis"
    with pytest.raises(render.RenderError, match="unknown feature id 'atlantis'"):
        render.render_map(picture, "png")


@pytest.mark.parametrize(("args", "text"), [
    ((1, 1, "2026-02-01", "2026-02-01"), "1 article from 1 outlet, 2026-02-01"),
    ((0, 0, None, None), "0 articles from 0 outlets"),
])
def test_credit_line(args, text):
    assert render.credit_line(*args) == f"Natural Earth; Corridor Atlas; {text}"


def test_equivalent_zoom_matches_leaflet():
    # At zoom 0 the world (40,075 km) is 256 px wide.
    assert render.equivalent_zoom(render.WORLD_M, 256) == pytest.approx(0)
    assert render.equivalent_zoom(render.WORLD_M / 64, 256) == pytest.approx(6)


def test_a_country_filling_the_picture_is_named_even_if_its_label_point_is_outside(
        collections):
    basemap = {"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"iso_a3": "IRN", "name": "Iran (NE name)"},
        "geometry": {"type": "Polygon", "coordinates": [
            [[40, 30], [55, 30], [55, 38.95], [40, 38.95], [40, 30]]]}}]}
    far = [{"type": "Feature", "properties": {"name": "Iran", "kind": "country",
                                              "iso_a3": "IRN", "min_zoom": 2.5, "rank": 2},
            "geometry": {"type": "Point", "coordinates": [54.9, 32.2]}}]
    picture = render.MapPicture(collections, basemap, far, selected="tripp")
    texts = svg_texts(render.render_map(picture, "svg", width_in=8, height_in=5.5))
    assert "Iran" in texts and "Iran (NE name)" not in texts


def test_a_far_north_feature_is_framed_within_mercator(picture):
    # A state reaching from the Aleutians to 80 N (the USA, Canada): padded, its box once
    # passed the pole and the picture could not be made ("Points of LinearRing do not form
    # a closed linestring").
    far = {"type": "Feature", "properties": {"id": "farland", "name": "Farland",
                                             "kind": "state", "layer": "actors"},
           "geometry": {"type": "MultiPolygon", "coordinates": [
               [[[-179, 51], [-170, 51], [-170, 55], [-179, 55], [-179, 51]]],
               [[[-125, 18], [-67, 18], [-67, 80], [-125, 80], [-125, 18]]]]}}
    picture.collections["actors"]["features"].append(far)
    west, south, east, north = render.picture_bounds(picture.collections, "farland")
    assert -180 <= west < east <= 180 and -render.MAX_LATITUDE <= south < north
    assert north <= render.MAX_LATITUDE
    picture.selected = "farland"
    data = render.render_map(picture, "png", width_in=4, height_in=3, dpi=50)
    assert Image.open(io.BytesIO(data)).size == (200, 150)
