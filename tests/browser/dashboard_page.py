"""What the browser tests and the benchmark do on the page: wait for the map, click a
feature at its pixel, wait for the panel."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'

#: A shape Leaflet has drawn on screen. Not just the first path: the map follows the
#: selection, so a deep link to a far feature leaves other shapes (an event marker) clipped
#: off screen, where Leaflet gives them the empty path "M0 0" and they never become visible.
DRAWN_SHAPE = "path.leaflet-interactive >> visible=true"
# Where a request may go: this machine only.
LOCAL_PREFIXES = ("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "ws://localhost",
                  "data:", "blob:", "about:")

# A point on the feature's shape, in the map iframe's pixels: the middle of the longest
# stretch between two vertices of a line (so no place marker sits on it), the "pole" of a
# polygon's bounds centre otherwise. Returns null if the feature is not drawn.
_FEATURE_POINT_JS = """
(featureId) => {
    const map = window.map;
    let best = null;
    map.eachLayer((layer) => {
        const props = layer.feature && layer.feature.properties;
        if (!props || props.id !== featureId || !layer.getLatLngs) return;
        let lines = layer.getLatLngs();
        if (lines.length && lines[0].lat === undefined) lines = lines.flat(2);
        if (layer instanceof L.Polygon) {
            const c = layer.getBounds().getCenter();
            best = best || {length: 0, point: c};
            return;
        }
        for (let i = 0; i + 1 < lines.length; i++) {
            const a = map.latLngToContainerPoint(lines[i]);
            const b = map.latLngToContainerPoint(lines[i + 1]);
            const length = a.distanceTo(b);
            const size = map.getSize();
            const mid = L.point((a.x + b.x) / 2, (a.y + b.y) / 2);
            const inside = mid.x > 60 && mid.y > 60 && mid.x < size.x - 60 && mid.y < size.y - 60;
            if (inside && (!best || length > best.length)) {
                best = {length: length, point: map.containerPointToLatLng(mid)};
            }
        }
    });
    if (!best) return null;
    const p = map.latLngToContainerPoint(best.point);
    return {x: p.x, y: p.y};
}
"""


def map_frame(page):
    """The Playwright Frame of the map (st_folium's iframe), once Leaflet has drawn shapes."""
    page.locator(MAP_FRAME).wait_for(timeout=60_000)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(DRAWN_SHAPE).first.wait_for(timeout=60_000)
    return page.locator(MAP_FRAME).element_handle().content_frame()


def feature_pixel(page, feature_id: str) -> tuple[float, float]:
    """Page coordinates of a point on the feature's shape."""
    frame = map_frame(page)
    point = frame.evaluate(_FEATURE_POINT_JS, feature_id)
    if point is None:
        raise AssertionError(f"feature {feature_id!r} is not drawn on the map")
    box = page.locator(MAP_FRAME).bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"]


def click_feature(page, feature_id: str) -> None:
    """Click the feature on the map as a person would."""
    x, y = feature_pixel(page, feature_id)
    page.mouse.click(x, y)


def load_by_path(path: Path, name: str):
    """Import a test file under its own name ('conftest' is ambiguous between folders)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def browser_fixtures():
    """This folder's conftest as a module (its ``streamlit_server``, Chromium settings)."""
    return load_by_path(Path(__file__).with_name("conftest.py"),
                        "corridor_atlas_browser_fixtures")
