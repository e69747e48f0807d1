"""Browser tests of where the map looks: it follows the selection, stays still for a
feature already in view, resets, offers online tiles only when asked, and fits a phone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dashboard_page import MAP_FRAME, click_feature, map_frame

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]


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


def test_a_clicked_shape_gets_no_focus_rectangle(page, app_url):
    # Chromium drew a black rectangle round the bounding box of the shape a click had
    # focused (Azerbaijan's box covered half the Caucasus) until the next click elsewhere.
    page.goto(app_url)
    frame = framed(page)
    click_feature(page, "azerbaijan")
    page.locator("[data-feature-panel='azerbaijan']").wait_for(timeout=30_000)
    focused = frame.evaluate("""() => { const e = document.activeElement;
        return {cls: e.getAttribute('class') || '',
                outline: getComputedStyle(e).outlineStyle}; }""")
    assert "feature-azerbaijan" in focused["cls"], focused  # the click did focus the shape
    assert focused["outline"] == "none", focused


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


def _layout(page) -> dict:
    return page.evaluate("""() => {
        const box = (e) => e ? e.getBoundingClientRect().toJSON() : null;
        const sidebar = document.querySelector('[data-testid="stSidebar"]');
        const panel = document.querySelector('.st-key-reading_panel');
        return {width: window.innerWidth,
                sidebarBox: box(sidebar),
                map: box(document.querySelector('iframe[title="streamlit_folium.st_folium"]')),
                facts: box(document.querySelector('.facts')),
                panelScrolls: panel ? panel.scrollHeight > panel.clientHeight + 1 : null};
    }""")


def test_on_a_phone_the_sidebar_is_closed_the_map_fills_the_width_and_the_panel_follows(
        browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{app_url}/?feature=tripp")
        map_frame(page)
        page.locator(".facts h3").wait_for(timeout=60_000)
        layout = _layout(page)
        # Collapsed: no width, or pushed off the screen.
        assert layout["sidebarBox"]["right"] <= 1 or layout["sidebarBox"]["width"] <= 1, layout
        assert layout["map"]["width"] >= 0.9 * layout["width"], layout
        assert layout["map"]["left"] >= 0 and layout["map"]["right"] <= layout["width"] + 1
        # The reading panel comes below the map and grows with its text (no box that
        # scrolls inside the page).
        assert layout["facts"]["top"] >= layout["map"]["bottom"], layout
        assert layout["panelScrolls"] is False, layout
    finally:
        context.close()


def test_on_a_wide_screen_the_sidebar_is_open_and_the_panel_is_beside_the_map(page, app_url):
    page.goto(f"{app_url}/?feature=tripp")
    map_frame(page)
    page.locator(".facts h3").wait_for(timeout=60_000)
    layout = _layout(page)
    assert layout["sidebarBox"]["width"] >= 200 and layout["sidebarBox"]["left"] >= 0, layout
    assert layout["facts"]["left"] >= layout["map"]["right"], layout


def test_on_a_laptop_screen_the_map_takes_the_main_width_and_the_panel_follows(
        browser, app_url):
    # At 1024 px with the sidebar open the map's column would be about 340 px wide, and the
    # Middle Corridor would be framed from half the world away.
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    try:
        page = context.new_page()
        page.goto(f"{app_url}/?feature=middle_corridor")
        map_frame(page)
        page.locator(".facts h3").wait_for(timeout=60_000)
        layout = _layout(page)
        assert layout["sidebarBox"]["width"] >= 200, layout
        main_width = layout["width"] - layout["sidebarBox"]["right"]
        assert layout["map"]["width"] >= 0.6 * main_width, layout
        assert layout["facts"]["top"] >= layout["map"]["bottom"], layout
    finally:
        context.close()
