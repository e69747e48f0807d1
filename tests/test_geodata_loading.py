"""Tests of geodata.loading: every bad input is reported (file and feature) and skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import LineString

from geodata import LAYER_NAMES, feature_length_km, load_basemap, load_layers

SOURCE = [{"title": "Test source", "url": "https://example.org/"}]


def make_feature(layer: str, feature_id: str, /, **overrides) -> dict:
    """A valid feature of ``layer``; ``overrides`` replace properties (``geometry`` too)."""
    props = {
        "id": feature_id,
        "name": feature_id.title(),
        "layer": layer,
        "aliases": [f"{feature_id} alias"],
        "patterns": [],
        "accuracy": "approximate",
        "description": "A test feature.",
        "sources": SOURCE,
    }
    if layer == "corridors":
        props |= {"kind": "transport corridor", "status": "built"}
        props["segments"] = [
            {
                "name": "s",
                "status": "built",
                "accuracy": "schematic",
                "description": "",
                "sources": SOURCE,
            }
        ]
        geometry = {"type": "MultiLineString", "coordinates": [[[44.0, 40.0], [45.0, 41.0]]]}
    elif layer == "zones":
        props |= {"kind": "zone", "status": "active"}
        geometry = {"type": "Polygon", "coordinates": [[[44, 40], [45, 40], [45, 41], [44, 40]]]}
    elif layer == "actors":
        props |= {"kind": "state", "status": "existing", "people": []}
        geometry = {"type": "Polygon", "coordinates": [[[40, 40], [41, 40], [41, 41], [40, 40]]]}
    else:
        props |= {"kind": "city", "status": "existing"}
        geometry = {"type": "Point", "coordinates": [44.5, 40.2]}
    geometry = overrides.pop("geometry", geometry)
    props |= {key.rstrip("_"): value for key, value in overrides.items()}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def write_layer(directory: Path, layer: str, features: list[dict]) -> Path:
    path = directory / f"{layer}.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


@pytest.fixture
def layer_dir(tmp_path: Path) -> Path:
    """Four valid layer files with one good feature each."""
    for layer in LAYER_NAMES:
        write_layer(tmp_path, layer, [make_feature(layer, f"good_{layer}")])
    return tmp_path


def problem_for(layers, path: Path, feature_id: str):
    found = [p for p in layers.problems if p.path == str(path) and p.feature_id == feature_id]
    assert found, f"no problem for {path.name}/{feature_id}; got {layers.problems}"
    return found[0]


def test_valid_layers_load_without_problems(layer_dir):
    layers = load_layers(layer_dir)
    assert layers.problems == []
    assert sorted(layers.features.index) == sorted(f"good_{n}" for n in LAYER_NAMES)
    assert layers.features.crs.to_epsg() == 4326


def test_file_that_is_not_json_reports_line_and_column(layer_dir):
    path = layer_dir / "zones.geojson"
    path.write_text('{"type": "FeatureCollection",\n "features": [,]}')
    layers = load_layers(layer_dir)
    problem = problem_for(layers, path, "")
    assert "line 2" in problem.message and "column" in problem.message
    assert "good_corridors" in layers.features.index


def test_not_a_feature_collection(layer_dir):
    path = layer_dir / "places.geojson"
    path.write_text(json.dumps({"type": "Feature", "properties": {}}))
    layers = load_layers(layer_dir)
    assert "FeatureCollection" in problem_for(layers, path, "").message
    assert "good_actors" in layers.features.index


def test_invalid_geometry_explained_and_skipped(layer_dir):
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]}
    path = write_layer(
        layer_dir,
        "zones",
        [make_feature("zones", "bowtie", geometry=bowtie), make_feature("zones", "fine_zone")],
    )
    layers = load_layers(layer_dir)
    assert "Self-intersection" in problem_for(layers, path, "bowtie").message
    assert "bowtie" not in layers.features.index
    assert "fine_zone" in layers.features.index


def test_empty_geometry_reported(layer_dir):
    empty = {"type": "MultiLineString", "coordinates": []}
    path = write_layer(
        layer_dir, "corridors", [make_feature("corridors", "hollow", geometry=empty)]
    )
    layers = load_layers(layer_dir)
    assert "empty geometry" in problem_for(layers, path, "hollow").message


def test_missing_geometry_and_wrong_geometry_type(layer_dir):
    path = write_layer(
        layer_dir,
        "places",
        [
            make_feature("places", "nowhere", geometry=None),
            make_feature(
                "places",
                "area",
                geometry={"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]},
            ),
        ],
    )
    layers = load_layers(layer_dir)
    assert "missing geometry" in problem_for(layers, path, "nowhere").message
    assert "'Polygon' not allowed" in problem_for(layers, path, "area").message


def test_coordinates_out_of_range(layer_dir):
    swapped = {"type": "Point", "coordinates": [44.5, 140.2]}
    path = write_layer(
        layer_dir,
        "places",
        [make_feature("places", "far", geometry=swapped), make_feature("places", "near")],
    )
    layers = load_layers(layer_dir)
    assert "outside lon -180..180 / lat -90..90" in problem_for(layers, path, "far").message
    assert "near" in layers.features.index


def test_duplicate_id_names_both_files(layer_dir):
    path = write_layer(layer_dir, "places", [make_feature("places", "good_zones")])
    layers = load_layers(layer_dir)
    problem = problem_for(layers, path, "good_zones")
    assert "duplicate id" in problem.message
    assert str(layer_dir / "zones.geojson") in problem.message
    assert layers.get("good_zones").layer == "zones"


def test_alias_claimed_by_two_features_names_both(layer_dir):
    path = write_layer(
        layer_dir,
        "places",
        [
            make_feature("places", "first", aliases=["Shared Name", "First"]),
            make_feature("places", "second", aliases=["shared name", "Second"]),
        ],
    )
    layers = load_layers(layer_dir)
    problem = problem_for(layers, path, "second")
    assert "'first'" in problem.message and "'second'" in problem.message
    assert layers.get("second").aliases == ["Second"]
    assert layers.get("first").aliases == ["Shared Name", "First"]


def test_person_alias_clashing_with_feature_alias(layer_dir):
    person = {"id": "someone", "name": "Someone", "role": "Envoy", "aliases": ["good_places alias"]}
    write_layer(layer_dir, "actors", [make_feature("actors", "state_a", people=[person])])
    layers = load_layers(layer_dir)
    # actors load before places, so the place loses the alias and the message names both
    problem = problem_for(layers, layer_dir / "places.geojson", "good_places")
    assert "'state_a/someone'" in problem.message and "'good_places'" in problem.message


def test_unknown_layer_property_and_unknown_file(layer_dir):
    path = write_layer(layer_dir, "zones", [make_feature("zones", "misfiled", layer_="roads")])
    stray = layer_dir / "roads.geojson"
    stray.write_text('{"type": "FeatureCollection", "features": []}')
    layers = load_layers(layer_dir)
    assert "unknown layer 'roads'" in problem_for(layers, path, "misfiled").message
    assert "unknown layer file" in problem_for(layers, stray, "").message


def test_layer_property_must_match_file(layer_dir):
    path = write_layer(layer_dir, "zones", [make_feature("zones", "wrong_file", layer_="places")])
    layers = load_layers(layer_dir)
    assert "zones.geojson" in problem_for(layers, path, "wrong_file").message


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"name": None}, "'name' must be a non-empty string"),
        ({"aliases": "Just a string"}, "'aliases' must be a list"),
        ({"sources": []}, "'sources' must be a non-empty list"),
        ({"status": "finished"}, "unknown status 'finished'"),
        ({"accuracy": "precise"}, "unknown accuracy 'precise'"),
        ({"kind": "river"}, "unknown kind 'river'"),
        ({"patterns": ["(unclosed"]}, "not a valid regular expression"),
    ],
)
def test_bad_fields_reported_good_features_load(layer_dir, override, expected):
    path = write_layer(
        layer_dir,
        "zones",
        [make_feature("zones", "bad_zone", **override), make_feature("zones", "ok_zone")],
    )
    layers = load_layers(layer_dir)
    assert expected in problem_for(layers, path, "bad_zone").message
    assert "ok_zone" in layers.features.index and "bad_zone" not in layers.features.index


def test_missing_id_reported_with_placeholder(layer_dir):
    feature = make_feature("places", "x")
    del feature["properties"]["id"]
    path = write_layer(layer_dir, "places", [feature])
    layers = load_layers(layer_dir)
    assert "'id' must be a string" in problem_for(layers, path, "(feature without id)").message


def test_segments_must_align_with_parts(layer_dir):
    two_parts = {
        "type": "MultiLineString",
        "coordinates": [[[44, 40], [45, 41]], [[45, 41], [46, 41]]],
    }
    path = write_layer(
        layer_dir, "corridors", [make_feature("corridors", "misaligned", geometry=two_parts)]
    )
    layers = load_layers(layer_dir)
    assert (
        "1 entries but the MultiLineString has 2 parts"
        in problem_for(layers, path, "misaligned").message
    )


def test_bad_segment_status_reported(layer_dir):
    feature = make_feature("corridors", "odd_segment")
    feature["properties"]["segments"][0]["status"] = "mixed"
    path = write_layer(layer_dir, "corridors", [feature])
    layers = load_layers(layer_dir)
    assert "segment 1: unknown status 'mixed'" in problem_for(layers, path, "odd_segment").message


def test_missing_layer_file_reported(layer_dir):
    (layer_dir / "places.geojson").unlink()
    layers = load_layers(layer_dir)
    assert "layer file missing" in problem_for(layers, layer_dir / "places.geojson", "").message
    assert len(layers.features) == 3


def test_empty_directory_gives_empty_frame(tmp_path):
    layers = load_layers(tmp_path)
    assert len(layers.problems) == len(LAYER_NAMES)
    assert layers.by_layer("places").empty
    assert layers.get("anything") is None


def test_helpers_by_layer_get_and_as_geojson(layer_dir):
    layers = load_layers(layer_dir)
    assert list(layers.by_layer("corridors").index) == ["good_corridors"]
    assert layers.get("good_places").kind == "city"
    collection = layers.as_geojson("places", properties=["id", "name"])
    assert collection["type"] == "FeatureCollection"
    (only,) = collection["features"]
    assert only["properties"] == {"id": "good_places", "name": "Good_Places"}
    assert only["geometry"] == {"type": "Point", "coordinates": (44.5, 40.2)}
    json.dumps(layers.as_geojson("corridors"))  # plain, serialisable


def test_feature_length_km_is_geodesic():
    # One degree of latitude at the equator is 110.57 km on WGS84; one of longitude 111.32 km.
    assert feature_length_km(LineString([(0, 0), (0, 1)])) == pytest.approx(110.57, abs=0.01)
    assert feature_length_km(LineString([(0, 0), (1, 0)])) == pytest.approx(111.32, abs=0.01)


def test_load_basemap_reads_a_given_file(tmp_path):
    path = tmp_path / "countries.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"iso_a3": "ARM", "name": "Armenia"},
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [[[44, 39], [46, 39], [46, 41], [44, 39]]],
                        },
                    }
                ],
            }
        )
    )
    basemap = load_basemap(path)
    assert list(basemap["iso_a3"]) == ["ARM"]
