"""dashboard.mapview: the map's script follows the selection and offers online tiles only
on request; checked on the generated JavaScript (no browser)."""

from __future__ import annotations

import json
import re

import folium

from dashboard import mapshapes, mapview, staticmap


def _static_html() -> str:
    m = mapview.add_follow(staticmap.build_static_map("/app/static/b.json",
                                                      "/app/static/s.json"),
                           staticmap.VIEW_BOUNDS)
    return mapshapes.render_html(m)


def test_the_static_map_defines_atlas_view_with_the_default_framing():
    page = _static_html()
    assert "window.atlasView = function (view, on)" in page
    assert json.dumps(staticmap.VIEW_BOUNDS) in page
    # The default view is set before a waiting request is applied.
    assert 'map.fire("atlas:framed")' in page and 'map.on("atlas:framed"' in page


def test_the_static_map_adds_tiles_only_when_asked():
    page = _static_html()
    # One tile layer, made inside online(), which runs only for ``on === true``.
    assert page.count("L.tileLayer(") == 1 and page.count(mapview.OSM_TILES) == 1
    online = page[page.index("function online(on)"):page.index('map.on("atlas:framed"')]
    assert "L.tileLayer(" in online and "if (on && !follow.tiles)" in online
    assert "online(on === true);" in page
    assert "openstreetmap.org/copyright" in page and "OpenStreetMap contributors" in page


def _state_script(view, online) -> str:
    group = folium.FeatureGroup(name="state", control=False)
    mapview.add_view_state(group, view, online=online)
    m = folium.Map(tiles=None)
    group.add_to(m)
    return mapshapes.render_html(m)


def test_the_state_calls_atlas_view_with_the_request_and_the_base_choice():
    view = {"seq": 3, "bounds": [[40, 43], [44, 80]], "target": [[39, 42], [45, 81]]}
    script = _state_script(view, True)
    match = re.search(r"window\.atlasView\((\{.*?\}), (true|false)\);", script)
    assert match and json.loads(match.group(1)) == view and match.group(2) == "true"
    assert "window.atlasView(" in _state_script({"seq": 0}, False)
    assert re.search(r"window\.atlasView\(\{\"seq\": 0\}, false\)", _state_script({"seq": 0},
                                                                                  False))
