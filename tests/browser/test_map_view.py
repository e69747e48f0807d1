"""Browser tests of where the map looks: it follows the selection, stays still for a
feature already in view, resets, offers online tiles only when asked, and fits a phone."""

from __future__ import annotations

import json

import pytest
from dashboard_page import MAP_FRAME, click_feature, map_frame

from conftest import REPO

pytestmark = pytest.mark.browser


def place(feature_id: str) -> tuple[float, float]:
    """(lat, lng) of a place in the committed layers."""
    places = json.loads((REPO / "geodata" / "layers" / "places.geojson").read_text("utf-8"))
    for feature in places["features"]:
        if feature["properties"]["id"] == feature_id:
            lng, lat = feature["geometry"]["coordinates"][:2]
            return lat, lng
    raise AssertionError(f"no place {feature_id!r} in geodata/layers/places.geojson")


def framed(page):
    """The map's frame once its default view is set (shapes drawn, ``atlas.framed``)."""
    frame = map_frame(page)
    frame.wait_for_function("window.atlas && window.atlas.framed === true", timeout=60_000)
    return frame


def settled_view(frame) -> dict:
    """Centre, zoom and bounds once the map has stopped moving (no animation running)."""
    frame.wait_for_function("!window.map._animatingZoom && !window.map._panAnim"
                            " || (window.map._panAnim && !window.map._panAnim._inProgress)",
                            timeout=10_000)
    frame.wait_for_timeout(600)
    return frame.evaluate("""() => {
        const c = map.getCenter(), b = map.getBounds();
        return {lat: c.lat, lng: c.lng, zoom: map.getZoom(),
                south: b.getSouth(), west: b.getWest(), north: b.getNorth(),
                east: b.getEast()};
    }""")


def inside(view: dict, point: tuple[float, float]) -> bool:
    lat, lng = point
    return view["south"] <= lat <= view["north"] and view["west"] <= lng <= view["east"]


def test_deep_link_to_the_middle_corridor_shows_it_from_khorgos_to_kars(page, app_url):
    page.goto(f"{app_url}/?feature=middle_corridor")
    frame = framed(page)
    page.locator("[data-feature-panel='middle_corridor']").wait_for(timeout=60_000)
    frame.wait_for_function("window.atlasFollow && window.atlasFollow.seq !== null",
                            timeout=30_000)
    view = settled_view(frame)
    for name in ("khorgos", "kars", "aktau", "baku"):
        assert inside(view, place(name)), (name, view)


def test_a_click_on_a_feature_in_view_does_not_move_the_map(page, app_url):
    page.goto(app_url)
    frame = framed(page)
    before = settled_view(frame)
    click_feature(page, "tripp")
    page.locator("[data-feature-panel='tripp']").wait_for(timeout=30_000)
    page.wait_for_url("**feature=tripp**", timeout=30_000)
    after = settled_view(frame)
    assert (after["lat"], after["lng"], after["zoom"]) == pytest.approx(
        (before["lat"], before["lng"], before["zoom"]), abs=1e-6)
    # A feature out of view (Ankara, west of the default view) is brought into it, and
    # Reset view goes back to the default framing.
    page.locator("input[aria-label^='Find a feature'], [data-testid='stSelectbox'] input"
                 ).first.click()
    page.keyboard.type("Ankara")
    page.keyboard.press("Enter")
    page.locator("[data-feature-panel='ankara']").wait_for(timeout=30_000)
    frame.wait_for_function(
        "(p) => map.getBounds().contains(L.latLng(p[0], p[1]))", arg=list(place("ankara")),
        timeout=10_000)
    assert not inside(before, place("ankara"))
    page.get_by_role("button", name="Reset view").click()
    frame.wait_for_function(
        "(p) => !map.getBounds().contains(L.latLng(p[0], p[1]))", arg=list(place("ankara")),
        timeout=10_000)
    reset = settled_view(frame)
    assert reset["zoom"] == pytest.approx(before["zoom"])
    assert (reset["lat"], reset["lng"]) == pytest.approx((before["lat"], before["lng"]),
                                                         abs=0.05)


def test_online_base_map_requests_tiles_only_when_turned_on(page, app_url):
    tiles = []

    def refuse(route):
        # Never fetched for real: the test only proves the browser asks once it is on.
        tiles.append(route.request.url)
        route.abort()

    page.route("https://tile.openstreetmap.org/**", refuse)
    page.goto(app_url)
    frame = framed(page)
    page.wait_for_timeout(1000)
    assert not tiles
    page.get_by_text("Online base map (OpenStreetMap)").click()
    page.get_by_text("requests map tiles from tile.openstreetmap.org").wait_for(timeout=30_000)
    frame.wait_for_function("document.querySelectorAll('img.leaflet-tile').length > 0",
                            timeout=30_000)
    assert tiles and all(u.startswith("https://tile.openstreetmap.org/") for u in tiles)
    attribution = page.frame_locator(MAP_FRAME).locator(".leaflet-control-attribution a",
                                                         has_text="OpenStreetMap contributors")
    assert attribution.get_attribute("href") == "https://www.openstreetmap.org/copyright"
