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
    // A point where a click lands on the feature's own shape: on its longest segments in
    // view first, at a few places along each, keeping only a point whose topmost element
    // is this feature's path (another corridor or a marker may lie on top at low zoom).
    const map = window.map;
    const size = map.getSize();
    const box = map.getContainer().getBoundingClientRect();
    const inside = (p) => p.x > 60 && p.y > 60 && p.x < size.x - 60 && p.y < size.y - 60;
    const ours = (p) => {
        const el = document.elementFromPoint(box.left + p.x, box.top + p.y);
        return !!(el && el.classList && el.classList.contains("feature-" + featureId));
    };
    const candidates = [];
    map.eachLayer((layer) => {
        const props = layer.feature && layer.feature.properties;
        if (!props || props.id !== featureId || !layer.getLatLngs) return;
        if (layer instanceof L.Polygon) {
            const c = map.latLngToContainerPoint(layer.getBounds().getCenter());
            candidates.push({length: 0, points: [c]});
            return;
        }
        let lines = layer.getLatLngs();
        if (lines.length && lines[0].lat === undefined) lines = lines.flat(2);
        for (let i = 0; i + 1 < lines.length; i++) {
            const a = map.latLngToContainerPoint(lines[i]);
            const b = map.latLngToContainerPoint(lines[i + 1]);
            const at = (t) => L.point(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
            candidates.push({length: a.distanceTo(b),
                             points: [0.5, 0.35, 0.65, 0.2, 0.8].map(at)});
        }
    });
    candidates.sort((x, y) => y.length - x.length);
    for (const c of candidates) {
        for (const p of c.points) {
            if (inside(p) && ours(p)) return {x: p.x, y: p.y};
        }
    }
    return null;  // not in view, or covered everywhere at this zoom: bring it into view
}
"""


def map_frame(page):
    """The Playwright Frame of the map (st_folium's iframe), once Leaflet has drawn shapes."""
    page.locator(MAP_FRAME).wait_for(timeout=60_000)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(DRAWN_SHAPE).first.wait_for(timeout=60_000)
    return page.locator(MAP_FRAME).element_handle().content_frame()


#: Pan and zoom the map (in the browser only, no rerun) so that the feature is in view, as a
#: person would before clicking it: the map follows each selection, so the next feature to
#: click may be off screen. Returns false if the feature is not drawn at all.
_BRING_INTO_VIEW_JS = """
(featureId) => {
    const map = window.map;
    let bounds = null;
    map.eachLayer((layer) => {
        const props = layer.feature && layer.feature.properties;
        if (!props || props.id !== featureId || !layer.getBounds) return;
        bounds = bounds ? bounds.extend(layer.getBounds()) : L.latLngBounds(
            layer.getBounds().getSouthWest(), layer.getBounds().getNorthEast());
    });
    if (!bounds) return false;
    map.fitBounds(bounds, {padding: [80, 80], animate: false});
    return true;
}
"""


def feature_pixel(page, feature_id: str) -> tuple[float, float]:
    """Page coordinates of a point on the feature's shape."""
    frame = map_frame(page)
    point = frame.evaluate(_FEATURE_POINT_JS, feature_id)
    if point is None and frame.evaluate(_BRING_INTO_VIEW_JS, feature_id):
        page.wait_for_timeout(300)
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
