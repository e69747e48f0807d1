"""Tests for geodata.labels (names as data) and dashboard.maplabels (names on the live map)."""

from __future__ import annotations

import json
import re

import pytest
from shapely.geometry import LineString, Point

from dashboard import maplabels, mapshapes, staticmap
from geodata import labels, style

BASEMAP_POINTS = [
    {"type": "Feature", "properties": {"name": "Armenia", "kind": "country", "min_zoom": 5.0,
                                       "rank": 6}, "geometry": {"type": "Point",
                                                                "coordinates": [44.8, 40.46]}},
    {"type": "Feature", "properties": {"name": "Iran", "kind": "country", "min_zoom": 2.5,
                                       "rank": 2}, "geometry": {"type": "Point",
                                                                "coordinates": [54.9, 32.2]}},
    {"type": "Feature", "properties": {"name": "Caspian Sea", "kind": "sea", "min_zoom": 3.0,
                                       "rank": 0}, "geometry": {"type": "Point",
                                                                "coordinates": [50.9, 41.9]}},
]


@pytest.mark.parametrize(("name", "short"), [
    ("Alat (Port of Baku)", "Alat"),
    ("TRIPP (Trump Route for International Peace and Prosperity) / Zangezur corridor",
     "TRIPP / Zangezur corridor"),
    ("Baku", "Baku"),
    ("(only brackets)", "(only brackets)"),
])
def test_short_name_drops_parenthesised_parts(name, short):
    assert labels.short_name(name) == short


def test_map_labels_put_seas_then_countries_then_capitals_then_corridors_then_places(
        collections):
    found = labels.map_labels(collections, BASEMAP_POINTS)
    kinds = [label.kind for label in found]
    assert kinds[0] == "sea" and kinds[1:3] == ["country", "country"]
    # A capital keeps its name over a corridor's: at the default view the Middle Corridor's
    # name hid Baku's, the one city every route there runs through.
    assert kinds.index("capital") < kinds.index("corridor") < kinds.index("port")
    # Within a class, Natural Earth's rank decides: Iran (2) before Armenia (6).
    assert [label.text for label in found if label.kind == "country"] == ["Iran", "Armenia"]


def test_feature_labels_name_places_and_corridors_by_their_feature(collections):
    found = {label.feature_id: label for label in labels.feature_labels(collections)}
    assert found["baku"].kind == "capital" and found["baku"].text == "Baku"
    assert found["aktau"].min_zoom == style.LABEL_RULES["port"].min_zoom
    assert found["tripp"].kind == "corridor"
    assert found["tripp"].colour == style.KIND_COLOURS["rail and road corridor"]


def test_zoom_rules_show_countries_and_seas_before_cities(collections):
    found = labels.map_labels(collections, BASEMAP_POINTS)
    at_five = {label.text for label in labels.shown_at(found, 5)}
    assert {"Armenia", "Iran", "Caspian Sea"} <= at_five
    assert "Baku" not in at_five and "Aktau" not in at_five
    at_eight = {label.text for label in labels.shown_at(found, 8)}
    assert {"Baku", "Aktau"} <= at_eight


def test_hidden_features_lose_their_labels(collections):
    found = labels.map_labels(collections, BASEMAP_POINTS)
    shown = {label.text for label in labels.shown_at(found, 9, visible={"aktau"})}
    assert "Aktau" in shown and "Baku" not in shown
    assert "Armenia" in shown  # base map names belong to no feature


def test_corridor_anchor_moves_away_from_a_shared_route_and_taken_points():
    line = LineString([(44, 40), (50, 40)])
    other = LineString([(44, 40), (47, 40)])  # shares the western half
    point = labels.corridor_anchor(line, [other], taken=[])
    assert point.x > 47.5
    taken = labels.corridor_anchor(line, [], taken=[Point(47, 40)])
    assert abs(taken.x - 47) > 1.5


def test_label_rows_are_compact_and_plain(collections):
    rows = maplabels.label_rows(collections, BASEMAP_POINTS)
    assert rows[0][:4] == ["Caspian Sea", 41.9, 50.9, "sea"]
    assert all(len(row) == 7 for row in rows)
    kinds = {f["properties"]["id"]: f["properties"]["kind"]
             for f in collections["corridors"]["features"]}
    for row in rows:
        assert row[6] == (style.KIND_COLOURS[kinds[row[5]]] if row[3] == "corridor" else "")


def test_label_rows_default_to_the_committed_basemap_names(collections):
    rows = maplabels.label_rows(collections)
    texts = {row[0] for row in rows if not row[5]}
    assert {"Armenia", "Azerbaijan", "Georgia", "Iran", "Caspian Sea"} <= texts


def test_shapes_payload_carries_the_labels(collections):
    payload = staticmap.shapes_payload(collections, BASEMAP_POINTS)
    assert [row[0] for row in payload["labels"]][:3] == ["Caspian Sea", "Iran", "Armenia"]


def test_hostile_name_stays_data_and_is_set_as_text(collections):
    collections["places"]["features"][0]["properties"]["name"] = "<img src=x onerror=alert(1)>"
    rows = maplabels.label_rows(collections, BASEMAP_POINTS)
    assert any(row[0].startswith("<img src=x") for row in rows)
    html = mapshapes.render_html(staticmap.build_static_map("/app/static/b.json",
                                                            "/app/static/s.json"))
    assert "span.textContent = row[0]" in html
    assert "innerHTML" not in html.split("window.atlasLabels")[1].split("};")[0]
    # The rows travel as JSON in the shapes file, never in the page.
    assert "onerror" not in html
    json.dumps(rows)  # plain JSON


def test_static_map_has_label_pane_css_and_water_beyond_the_land():
    html = mapshapes.render_html(staticmap.build_static_map("/app/static/b.json",
                                                            "/app/static/s.json"))
    assert 'map.createPane("labels")' in html and 'on("moveend"' in html
    for kind in style.LABEL_RULES:
        assert f".atlas-label-{kind} span" in html
    assert f"background: {style.WATER}" in html
    # The base map covers the world: no grey mask marks where it ends, and the view is
    # held on that one world.
    assert 'createPane("outside")' not in html
    compact = re.sub(r"\s+", "", html)
    assert '"maxBounds":[[-85.0,-180.0,],[85.0,180.0,],]' in compact


def test_label_css_follows_the_rules():
    css = maplabels.label_css()
    rule = style.LABEL_RULES["sea"]
    assert f"font-size: {rule.size:g}px" in css and "font-style: italic" in css
    assert rule.colour in css


def test_static_map_with_labels_is_the_same_on_every_rerun():
    # streamlit-folium remounts the iframe when the map's script changes: labels and styles
    # are part of the static map, never of the per-rerun state.
    import re

    from streamlit_folium import generate_leaflet_string

    def script() -> str:
        m = staticmap.build_static_map("/app/static/b.json", "/app/static/s.json")
        return re.sub(r"_[a-f0-9]{32}", "", generate_leaflet_string(m))

    assert script() == script()


def test_state_carries_counts_for_the_hover_text_only_when_mentioned(collections):
    state = staticmap.map_state(collections, counts={"baku": 2, "aktau": 0})
    assert state["counts"] == {"baku": 2}
    assert "labels" not in state


def test_corridor_names_avoid_only_the_names_shown_with_them(collections):
    def tripp_anchor(points):
        found = labels.map_labels(collections, points)
        return next((label.lon, label.lat) for label in found if label.feature_id == "tripp")

    plain = tripp_anchor([])
    close_zoom = [{"type": "Feature",
                   "properties": {"name": "Iran", "kind": "country", "min_zoom": 9.0},
                   "geometry": {"type": "Point", "coordinates": list(plain)}}]
    assert tripp_anchor(close_zoom) == plain
    shown = [{**close_zoom[0], "properties": {**close_zoom[0]["properties"], "min_zoom": 3.0}}]
    assert tripp_anchor(shown) != plain


def test_labels_keep_clear_of_the_map_controls():
    html = mapshapes.render_html(staticmap.build_static_map("/app/static/b.json",
                                                            "/app/static/s.json"))
    assert 'querySelectorAll(".leaflet-control")' in html
