"""Tests for dashboard.data: assembling the Atlas and checking ?feature= values."""

from __future__ import annotations

import pytest

from dashboard.data import DataProblem, build_atlas, parse_feature_param


@pytest.fixture
def atlas(collections, basemap, articles, mentions):
    return build_atlas(collections, basemap, articles.values(), mentions,
                       [DataProblem("geodata", "geodata/layers/x.geojson", "bad", "no geometry")],
                       measure=lambda geometry: float(len(geometry["coordinates"])))


def test_atlas_indexes_every_feature(atlas, collections):
    expected = {f["properties"]["id"] for c in collections.values() for f in c["features"]}
    assert set(atlas.properties) == expected
    assert atlas.layer_of["tripp"] == "corridors" and atlas.layer_of["baku"] == "places"
    assert atlas.ids_in("corridors") == ["btc_pipeline", "caspian_fiber", "tripp"]


def test_atlas_keeps_full_properties_and_measures_corridors(atlas):
    assert atlas.properties["tripp"]["segments"][1]["name"] == "Meghri section"
    assert atlas.lengths_km == {"tripp": 2.0, "caspian_fiber": 1.0, "btc_pipeline": 1.0}


def test_atlas_draws_simplified_geometry(atlas):
    baku = atlas.collections["places"]["features"][0]
    assert list(baku["geometry"]["coordinates"]) == [49.892, 40.378]


def test_feature_without_id_or_geometry_is_left_out(collections, basemap, articles, mentions):
    collections["places"]["features"].append(
        {"type": "Feature", "properties": {"name": "no id"}, "geometry": None})
    atlas = build_atlas(collections, basemap, articles.values(), mentions,
                        measure=lambda g: None)
    assert "no id" not in {p.get("name") for p in atlas.properties.values()}
    assert atlas.lengths_km == {}


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
