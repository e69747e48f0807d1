"""Tests of the committed layer files in geodata/layers (the data, not the loader)."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geodata import LAYER_NAMES, load_basemap, load_basemap_labels, load_layers
from geodata.loading import LAYERS_DIR

REQUIRED_IDS = {
    "corridors": [
        "tripp",
        "middle_corridor",
        "caspian_fiber",
        "btc_pipeline",
        "southern_gas_corridor",
    ],
    "zones": ["tripp_zone", "euma"],
    "actors": [
        "usa",
        "azerbaijan",
        "armenia",
        "russia",
        "iran",
        "turkiye",
        "georgia",
        "kazakhstan",
        "uzbekistan",
        "turkmenistan",
        "china",
        "israel",
        "ukraine",
        "kyrgyzstan",
        "tajikistan",
        "hungary",
        "slovakia",
        "united_kingdom",
        "eu",
        "nato",
        "csto",
        "organization_of_turkic_states",
    ],
    "places": [
        "baku",
        "yerevan",
        "nakhchivan",
        "meghri",
        "agarak",
        "aktau",
        "kuryk",
        "alat",
        "sumgait",
        "siyazan",
        "turkmenbashi",
        "tbilisi",
        "kars",
        "horadiz",
        "aghband",
        "zangilan",
        "ordubad",
        "julfa",
        "sadarak",
        "igdir",
        "akhalkalaki",
        "ganja",
        "khorgos",
        "almaty",
        "poti",
        "batumi",
        "anaklia",
        "sangachal",
        "ceyhan",
        "erzurum",
        "washington",
        "davos",
        "munich",
        "moscow",
        "tehran",
        "ankara",
        "astana",
        "tashkent",
        "ashgabat",
        "beijing",
        "kyiv",
        "brussels",
        "istanbul",
        "bratislava",
        "budapest",
        "yeghegnadzor",
        "kapan",
        "goris",
        "syunik",
    ],
}


@pytest.fixture(scope="module")
def layers():
    return load_layers()


def test_committed_layers_have_no_problems(layers):
    assert layers.problems == []


@pytest.mark.parametrize("layer", LAYER_NAMES)
def test_each_file_loads_with_geopandas(layer):
    frame = gpd.read_file(LAYERS_DIR / f"{layer}.geojson")
    assert len(frame) > 0
    assert frame.geometry.is_valid.all() and not frame.geometry.is_empty.any()


@pytest.mark.parametrize("layer", LAYER_NAMES)
def test_required_ids_present_in_their_layer(layers, layer):
    missing = set(REQUIRED_IDS[layer]) - set(layers.by_layer(layer).index)
    assert not missing


def test_every_feature_has_aliases_and_sources(layers):
    for feature_id, row in layers.features.iterrows():
        assert row.aliases, feature_id
        assert row.sources and all(s["title"] and s["url"] for s in row.sources), feature_id


def test_corridor_segments_align_with_parts(layers):
    for feature_id, row in layers.by_layer("corridors").iterrows():
        assert row.geometry.geom_type == "MultiLineString"
        assert len(row.segments) == len(row.geometry.geoms), feature_id
        statuses = {s["status"] for s in row.segments}
        assert row.status == (statuses.pop() if len(statuses) == 1 else "mixed")


def test_sea_and_cable_segments_are_schematic(layers):
    for feature_id in ("caspian_fiber",):
        row = layers.get(feature_id)
        assert {s["accuracy"] for s in row.segments} == {"schematic"}
    ferries = [s for s in layers.get("middle_corridor").segments if "ferry" in s["name"].lower()]
    assert ferries and all(s["accuracy"] == "schematic" for s in ferries)


def test_armenian_tripp_section_stays_out_of_iran(layers):
    armenian = layers.get("tripp").geometry.geoms[1]
    assert armenian.intersection(layers.get("iran").geometry).length < 0.01
    assert layers.get("tripp_zone").geometry.within(layers.get("armenia").geometry.buffer(0.02))


def test_patterns_compile_and_have_no_lookbehind(layers):
    for feature_id, row in layers.features.iterrows():
        for pattern in row.patterns if isinstance(row.patterns, list) else []:
            assert "(?<=" not in pattern and "(?<!" not in pattern, feature_id
            re.compile(pattern, re.IGNORECASE)


@pytest.mark.parametrize(
    ("feature_id", "text"),
    [
        ("caspian_fiber", "the laying of fiber optic cables across the Caspian Sea"),
        ("middle_corridor", "the land bridge between the Black Sea and the Caspian Sea must"),
        (
            "tripp",
            "a transport and energy corridor connecting the main part of Azerbaijan "
            "with Nakhchivan",
        ),
        ("tripp", "the TRIPP trade corridor through southern Armenia"),
        ("euma", "the possible expansion of the EU intelligence mission, which"),
        ("btc_pipeline", "the Baku–Tbilisi–Ceyhan oil pipeline"),
    ],
)
def test_patterns_find_descriptive_mentions(layers, feature_id, text):
    patterns = layers.get(feature_id).patterns
    assert any(re.search(p, text, re.IGNORECASE) for p in patterns)


@pytest.mark.parametrize(
    ("feature_id", "text"),
    [
        ("tripp", "a road connecting Azerbaijan with Nakhchivan through Iran"),
        ("euma", "the EU Monitoring Mission in Georgia"),
        ("caspian_fiber", "a digital corridor between Europe and Asia"),
    ],
)
def test_patterns_skip_look_alikes(layers, feature_id, text):
    patterns = layers.get(feature_id).patterns
    assert not any(re.search(p, text, re.IGNORECASE) for p in patterns)


def test_route_places_are_not_route_aliases(layers):
    route_aliases = {a.casefold() for a in layers.get("tripp").aliases}
    for place in ("Meghri", "Syunik", "Nakhchivan", "Zangezur"):
        assert place.casefold() not in route_aliases
    assert "europe" not in {a.casefold() for a in layers.get("eu").aliases}
    assert "caspian pipeline consortium" not in {
        a.casefold() for a in layers.get("btc_pipeline").aliases
    }


def test_capitals_point_at_actors(layers):
    actors = set(layers.by_layer("actors").index)
    capitals = layers.by_layer("places")
    capitals = capitals[capitals["kind"] == "capital"]
    assert len(capitals) >= 10
    assert set(capitals["capital_of"]) <= actors


def test_people_ids_unique(layers):
    ids = [p["id"] for people in layers.by_layer("actors")["people"] for p in people]
    assert len(ids) == len(set(ids))
    assert {"jd_vance", "ilham_aliyev", "nikol_pashinyan", "mark_rutte"} <= set(ids)


def test_organisation_members(layers):
    actors = set(layers.by_layer("actors").index)
    for org in ("eu", "nato", "csto", "organization_of_turkic_states"):
        members = layers.get(org).members
        assert members
        for member in members:
            assert member in actors or re.fullmatch(r"[A-Z]{3}", member), (org, member)
    assert "armenia" in layers.get("csto").members
    assert "froze" in layers.get("csto").description or "frozen" in layers.get("csto").description


def test_sizes_within_budget():
    small = sum(
        (LAYERS_DIR / f"{n}.geojson").stat().st_size for n in ("corridors", "zones", "places")
    )
    assert small < 150_000
    assert (LAYERS_DIR / "actors.geojson").stat().st_size < 400_000
    # The whole world, detailed in BASEMAP_REGION (about 295 KB) and coarse beyond it.
    assert (LAYERS_DIR.parent / "basemap" / "countries.geojson").stat().st_size < 600_000


@pytest.mark.parametrize("layer", LAYER_NAMES)
def test_coordinates_rounded_to_five_decimals(layer):
    text = (LAYERS_DIR / f"{layer}.geojson").read_text(encoding="utf-8")
    for feature in json.loads(text)["features"]:
        coords = json.dumps(feature["geometry"]["coordinates"])
        assert not re.search(r"\.\d{6,}", coords), feature["properties"]["id"]


def test_basemap_properties_and_region():
    basemap = load_basemap()
    assert set(basemap.columns) == {"iso_a3", "name", "geometry"}
    # The whole world, so that no framing of the map shows where the base map ends.
    minx, miny, maxx, maxy = basemap.total_bounds
    assert minx <= -179 and maxx >= 179 and miny <= -60 and maxy >= 80
    assert {"USA", "CAN", "BRA", "AUS", "IND", "FRA"} <= set(basemap["iso_a3"])
    assert {"ARM", "AZE", "GEO", "TUR", "KAZ"} <= set(basemap["iso_a3"])
    # The Persian Gulf has its shores: Qatar and the Emirates are on the base map.
    assert {"QAT", "ARE", "SAU"} <= set(basemap["iso_a3"])


# Points in open water of lakes that Natural Earth's admin-0 polygons include in the land.
LAKE_POINTS = {"Lake Sevan": (45.35, 40.31), "Aral Sea": (59.66, 44.81),
               "Lake Van": (43.0, 38.62), "Lake Urmia": (45.52, 37.49)}


@pytest.mark.parametrize("lake", sorted(LAKE_POINTS))
def test_lakes_are_water_on_the_basemap_and_in_the_shaded_states(lake):
    point = Point(*LAKE_POINTS[lake])
    basemap = load_basemap()
    assert not basemap.geometry.contains(point).any(), lake
    actors = load_layers().by_layer("actors")
    states = actors[actors["kind"] == "state"]  # organisations are outlines, not filled
    assert not states.geometry.contains(point).any(), lake
    # The lake is drawn with its shore: land within about 60 km.
    assert min(g.distance(point) for g in basemap.geometry) < 0.6


def test_land_is_drawn_round_the_lakes():
    basemap = load_basemap().set_index("iso_a3")
    assert basemap.geometry["ARM"].contains(Point(44.51, 40.18))  # Yerevan
    assert basemap.geometry["USA"].contains(Point(-77.04, 38.9))  # Washington, beyond the region
    assert not basemap.geometry["USA"].contains(Point(-87.0, 44.0))  # Lake Michigan


def test_labels_name_the_lakes_in_water():
    labels = {f["properties"]["name"]: f["properties"] for f in load_basemap_labels()}
    assert labels["Aral Sea"]["kind"] == "lake" and labels["Aral Sea"]["min_zoom"] <= 6
    assert {"Lake Sevan", "Lake Van", "Lake Urmia"} <= set(labels)


def test_country_names_are_read_as_utf8():
    # Natural Earth's zip has no .cpg, so its UTF-8 names were read as Latin-1 and drawn
    # as "CÃ´te d'Ivoire" once the base map covered the world.
    names = set(load_basemap()["name"]) | {f["properties"]["name"] for f in load_basemap_labels()}
    assert "Côte d'Ivoire" in names and "Åland" in names
    assert not [name for name in names if "Ã" in name or "Â" in name]
