"""Tests for the map builders (dashboard.mapstyle, dashboard.mapshapes, dashboard.embeddedmap,
dashboard.staticmap): the generated map HTML, no browser."""

from __future__ import annotations

import json
import re

import pytest
from streamlit_folium import _get_feature_group_string, generate_leaflet_string

from dashboard import assets, embeddedmap, mapshapes, mapstyle, staticmap


def html_of(collections, basemap=None, **kwargs) -> str:
    return mapshapes.render_html(embeddedmap.build_map(collections, basemap, **kwargs))


def geojson_payloads(html: str) -> list[dict]:
    """Every FeatureCollection embedded in the page by folium's GeoJson `_add(...)` calls."""
    payloads = []
    for match in re.finditer(r"_add\((\{\"features\": .*?\})\);\n", html):
        payloads.append(json.loads(match.group(1)))
    return payloads


def test_every_shape_carries_its_feature_class(collections):
    html = html_of(collections)
    for layer in collections.values():
        for feature in layer["features"]:
            assert f'"className": "feature-{feature["properties"]["id"]}' in html


def test_corridor_segments_are_styled_by_their_own_status(collections):
    html = html_of(collections)
    assert "feature-tripp status-under-construction accuracy-approximate" in html
    assert "feature-tripp status-planned accuracy-schematic" in html
    assert "feature-btc_pipeline status-built" in html


def test_status_and_accuracy_styles_differ():
    built = mapstyle.corridor_style("oil pipeline", "built", "exact", selected=False)
    building = mapstyle.corridor_style("oil pipeline", "under construction", "exact",
                                       selected=False)
    planned = mapstyle.corridor_style("oil pipeline", "planned", "exact", selected=False)
    schematic = mapstyle.corridor_style("oil pipeline", "planned", "schematic", selected=False)
    assert "dashArray" not in built
    assert building["dashArray"] != planned["dashArray"]
    assert schematic["weight"] < planned["weight"]
    assert schematic["opacity"] < planned["opacity"]


def test_browser_gets_only_id_and_label(collections):
    payloads = geojson_payloads(html_of(collections, counts={"iran": 3}))
    features = [f for p in payloads for f in p["features"] if f["properties"]]
    assert features, "expected embedded GeoJSON"
    for feature in features:
        assert set(feature["properties"]) == {"id", "label"}
    labels = {f["properties"]["label"] for f in features}
    assert "TRIPP: Meghri section (planned)" in labels
    assert "Iran" in labels


def test_no_passage_or_description_text_reaches_the_map(collections):
    collections["corridors"]["features"][0]["properties"]["description"] = "SECRET-DESCRIPTION"
    html = html_of(collections)
    assert "SECRET-DESCRIPTION" not in html
    assert "Trump Route" not in html  # aliases stay in Python too


def test_no_request_leaves_the_machine(collections, basemap):
    m = embeddedmap.build_map(collections, basemap, selected="tripp")
    html = mapshapes.render_html(m)
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", html)
    assert urls, "expected the vendored script and style links"
    for url in urls:
        assert url.startswith("/app/static/"), url
    assert not re.search(r"https?://(?!localhost|127\.0\.0\.1)", html)
    assert assets.LEAFLET_JS_URL in html and assets.LEAFLET_CSS_URL in html


def test_streamlit_folium_links_are_local(collections, basemap):
    # st_folium collects default_js/default_css from every element and loads them itself.
    m = embeddedmap.build_base_map(basemap)
    group = embeddedmap.build_feature_group(collections)
    _get_feature_group_string(group, m)
    links = []

    def walk(element):
        links.extend(src for _, src in getattr(element, "default_js", []))
        links.extend(href for _, href in getattr(element, "default_css", []))
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(m)
    assert links and all(link.startswith("/app/static/vendor/") for link in links), links


def test_legend_explains_every_style(collections):
    legend = mapstyle.legend_html()
    for text in [*mapstyle.KIND_COLOURS, *mapstyle.STATUS_ORDER, "schematic line",
                 "selected feature", "zone (planned)", "capital", "no passage"]:
        assert text in legend
    assert "atlas-legend" in html_of(collections)


def test_legend_is_escaped_static_html():
    legend = mapstyle.legend_html()
    assert "<script" not in legend and "http" not in legend


def test_selected_feature_is_highlighted(collections):
    html = html_of(collections, selected="tripp")
    assert "feature-tripp status-planned accuracy-schematic selected" in html
    assert "selection-halo" in html
    plain = html_of(collections)
    assert "selected" not in re.findall(r'"className": "feature-tripp[^"]*"', plain)[0]
    assert "selection-halo" not in plain


def test_visible_limits_the_features_drawn(collections):
    html = html_of(collections, visible={"tripp", "iran"})
    assert "feature-tripp" in html and "feature-iran" in html
    assert "feature-baku" not in html and "feature-azerbaijan" not in html


def test_actor_shading_follows_mention_count(collections):
    html = html_of(collections, counts={"iran": 25, "azerbaijan": 0})
    assert mapstyle.count_colour(25) == mapstyle.COUNT_COLOURS[-1]
    assert mapstyle.count_colour(0) == mapstyle.COUNT_COLOURS[0]
    assert mapstyle.COUNT_COLOURS[-1] in html
    assert mapstyle.count_colour(1) != mapstyle.count_colour(5)


def test_corridors_pane_is_above_polygons():
    assert mapshapes.PANES["corridors"] > mapshapes.PANES["actors"]
    assert mapshapes.PANES["corridors"] > mapshapes.PANES["zones"]
    assert mapshapes.PANES["places"] > mapshapes.PANES["corridors"]


def test_shapes_are_put_in_their_layer_pane(collections):
    html = html_of(collections)
    for layer in ("corridors", "actors", "zones", "places"):
        assert f'"pane": "{layer}"' in html


def test_tooltip_uses_text_not_html(collections):
    collections["places"]["features"][0]["properties"]["name"] = "<img src=x onerror=alert(1)>"
    html = html_of(collections)
    assert "textContent = feature.properties.label" in html
    # The name only travels JSON-encoded inside the GeoJSON, never as markup.
    assert "<img src=x" not in html
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html


def test_base_map_is_stable_across_selection_and_toggles(collections, basemap):
    # streamlit-folium remounts the iframe when the base map's script changes.
    first = generate_leaflet_string(embeddedmap.build_base_map(basemap))
    second = generate_leaflet_string(embeddedmap.build_base_map(basemap))
    strip = re.compile(r"_[a-f0-9]{32}")
    assert strip.sub("", first) == strip.sub("", second)


def test_simplify_collection_rounds_and_drops_empty_geometry(collections):
    collections["places"]["features"].append(
        {"type": "Feature", "properties": {"id": "nowhere"}, "geometry": None}
    )
    simplified = mapshapes.simplify_collection(collections["places"], decimals=2)
    assert [f["properties"]["id"] for f in simplified["features"]] == ["baku", "aktau"]
    assert simplified["features"][0]["geometry"]["coordinates"] == pytest.approx([49.89, 40.38])


def test_segment_mismatch_still_draws_every_part(collections):
    tripp = collections["corridors"]["features"][0]
    tripp["properties"]["segments"] = tripp["properties"]["segments"][:1]
    shapes = mapshapes.corridor_shapes(tripp, selected=False)
    assert len(shapes) == 2
    assert all(s.feature_id == "tripp" for s in shapes)


@pytest.mark.parametrize(
    ("props", "label"),
    [
        ({"id": "x", "name": "X", "layer": "zones", "status": "planned"}, "X (planned)"),
        ({"id": "x", "name": "X", "layer": "actors", "status": "existing"}, "X"),
        ({"id": "x", "layer": "places"}, "x"),
    ],
)
def test_feature_label(props, label):
    assert mapshapes.feature_label(props) == label


def test_html_size_stays_small(collections, basemap):
    # A budget for the tiny fixture: catches accidental bloat (e.g. full properties).
    assert len(html_of(collections, basemap)) < 40_000


# --------------------------------------------------------------------------- static shapes


def test_shapes_payload_carries_every_shape_with_its_class_and_no_more(collections):
    payload = staticmap.shapes_payload(collections)
    assert [layer["layer"] for layer in payload["layers"]] == list(staticmap.DRAW_ORDER)
    shapes = [s for layer in payload["layers"] for s in layer["shapes"]]
    ids = {f["properties"]["id"] for c in collections.values() for f in c["features"]}
    assert {s["id"] for s in shapes} == ids
    for shape in shapes:
        assert shape["s"]["className"].startswith(f"feature-{shape['id']}")
        assert set(shape) == {"k", "id", "label", "g", "s", "ss"}
        assert "selected" not in shape["s"]["className"] and "className" not in shape["ss"]
    tripp = [s for s in shapes if s["id"] == "tripp"]
    assert [s["s"]["className"] for s in tripp] == [
        "feature-tripp status-under-construction accuracy-approximate",
        "feature-tripp status-planned accuracy-schematic",
    ]
    assert tripp[1]["ss"]["weight"] > tripp[1]["s"]["weight"]
    assert "Legend" in payload["legend"] and payload["halo"]["className"] == "selection-halo"


def test_shapes_payload_has_no_description_or_source_text(collections):
    collections["corridors"]["features"][0]["properties"]["description"] = "SECRET TEXT"
    text = json.dumps(staticmap.shapes_payload(collections))
    assert "SECRET TEXT" not in text and "example.org" not in text


def test_map_state_lists_visible_ids_selection_and_fills(collections):
    state = staticmap.map_state(collections, visible={"tripp", "iran", "nowhere"},
                                counts={"iran": 12, "azerbaijan": 0, "tripp": 30},
                                selected="tripp")
    assert state == {"visible": ["iran", "tripp"], "selected": "tripp",
                     "fill": {"iran": mapstyle.count_colour(12)},
                     "counts": {"iran": 12, "tripp": 30}}
    everything = staticmap.map_state(collections)
    assert len(everything["visible"]) == 8 and everything["selected"] is None


def test_state_group_is_a_small_script_without_geometry(collections):
    m = staticmap.build_static_map("/app/static/b.json", "/app/static/s.json")
    state = staticmap.map_state(collections, selected="iran")
    js = _get_feature_group_string(staticmap.build_state_group(state), m)
    assert "window.atlasApply(" in js and "coordinates" not in js and len(js) < 2000
    assert json.dumps(state["visible"]) in js.replace("\n", "")


def test_static_map_fetches_its_data_from_the_app_and_sets_the_view():
    m = staticmap.build_static_map("/app/static/generated/b.json",
                                   "/app/static/generated/s.json")
    html = mapshapes.render_html(m)
    assert 'json("/app/static/generated/b.json")' in html
    assert 'json("/app/static/generated/s.json")' in html
    assert "createPane" in html and "window.atlasApply = function" in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert f"[{staticmap.VIEW_CENTER[0]}, {staticmap.VIEW_CENTER[1]}]" in html
    assert f"fitBounds({json.dumps(staticmap.VIEW_BOUNDS)}" in html


@pytest.mark.parametrize("url", ["https://example.org/s.json", "//example.org/s.json"])
def test_static_map_refuses_data_from_elsewhere(url):
    with pytest.raises(ValueError, match="own server"):
        staticmap.build_static_map("/app/static/b.json", url)


def test_water_background_and_corridor_casing_come_from_the_style_table():
    from geodata import style

    html = mapshapes.render_html(staticmap.build_static_map("/app/static/b.json",
                                                            "/app/static/s.json"))
    assert f".leaflet-container {{background: {style.WATER};}}" in html
    # On the group inside the SVG, not on the SVG: Chromium paints it with the shapes
    # instead of compositing the filter again on every frame of the page.
    assert ".leaflet-corridors-pane svg > g {filter: drop-shadow" in html
    assert style.CASING_COLOUR in html
    assert mapstyle.BASEMAP_STYLE["fillColor"] == style.LAND_FILL


def test_attribution_prefix_is_leaflet_without_a_flag():
    """Leaflet 1.9's default prefix carries a national flag; the neutral map shows none."""
    from dashboard.mapshapes import LEAFLET_PREFIX, offline_map, render_html

    html = render_html(offline_map([40.0, 47.0]))
    assert "attributionControl.setPrefix(" in html
    assert json.dumps(LEAFLET_PREFIX) in html
    assert "<svg" not in LEAFLET_PREFIX and "flag" not in LEAFLET_PREFIX.lower()
