"""Browser test of the map's look at the default view: names a newcomer needs, and water
drawn as water (issue 12)."""

from __future__ import annotations

import io

import pytest
from dashboard_page import MAP_FRAME, map_frame
from PIL import Image

from geodata import load_basemap, style

pytestmark = pytest.mark.browser

NAMES = ("Armenia", "Azerbaijan", "Georgia", "Iran", "Caspian Sea")
# Open water in the middle Caspian, away from every drawn line and name; and a point inside
# Iran's land, south of Lake Urmia.
CASPIAN = (42.6, 49.2)
LAND = (36.8, 46.5)

_VISIBLE_LABELS_JS = """
() => Array.from(document.querySelectorAll(".atlas-label")).filter((element) => {
    if (element.style.display === "none" || element.style.visibility === "hidden") return false;
    const box = element.firstChild.getBoundingClientRect();
    return box.width > 0 && box.left >= 0 && box.right <= window.innerWidth
        && box.top >= 0 && box.bottom <= window.innerHeight;
}).map((element) => element.textContent)
"""


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def test_default_view_names_countries_and_seas_and_draws_water_blue(page, app_url):
    page.goto(app_url)
    frame = map_frame(page)
    frame.locator(".atlas-label").first.wait_for(state="attached", timeout=30_000)
    page.wait_for_timeout(1500)  # the fit to the default view, then label placement
    shown = frame.evaluate(_VISIBLE_LABELS_JS)
    for name in NAMES:
        assert name in shown, (name, shown)
    # Names are text nodes, never markup.
    assert frame.locator(".atlas-label span *").count() == 0

    points = frame.evaluate(
        "(points) => points.map((p) => { const c = window.map.latLngToContainerPoint(p);"
        " return [c.x, c.y]; })", [list(CASPIAN), list(LAND)])
    picture = Image.open(io.BytesIO(page.locator(MAP_FRAME).screenshot())).convert("RGB")
    water = picture.getpixel((round(points[0][0]), round(points[0][1])))
    land = picture.getpixel((round(points[1][0]), round(points[1][1])))
    expected = _rgb(style.WATER)
    assert all(abs(a - b) <= 6 for a, b in zip(water, expected, strict=True)), water
    assert water[2] > water[0] + 40, f"the Caspian is not blue: {water}"
    assert not land[2] > land[0] + 20, f"land reads as water: {land}"
    assert sum(abs(a - b) for a, b in zip(water, land, strict=True)) > 90, (water, land)


def test_hover_shows_name_and_passage_count_as_text(page, app_url):
    page.goto(app_url)
    frame = map_frame(page)
    frame.locator(".atlas-label").first.wait_for(state="attached", timeout=30_000)
    box = page.locator(MAP_FRAME).bounding_box()
    point = frame.evaluate("() => { const c = window.map.latLngToContainerPoint([37.3, 48.0]);"
                           " return [c.x, c.y]; }")
    page.mouse.move(box["x"] + point[0] - 5, box["y"] + point[1])
    page.mouse.move(box["x"] + point[0], box["y"] + point[1], steps=3)
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.first.wait_for(timeout=10_000)
    text = tooltip.first.inner_text()
    assert text.startswith("Iran \u2014 ") and "passage" in text, text


# A point of open water in Lake Urmia, which Natural Earth's admin-0 polygon of Iran covers:
# the build cuts the lakes out of the land and out of the shaded states.
URMIA = (37.49, 45.52)


def test_a_lake_is_drawn_as_water_at_the_default_view(page, app_url):
    page.goto(app_url)
    frame = map_frame(page)
    frame.locator(".atlas-label").first.wait_for(state="attached", timeout=30_000)
    page.wait_for_timeout(1500)  # the fit to the default view
    x, y = frame.evaluate("(p) => { const c = window.map.latLngToContainerPoint(p);"
                          " return [c.x, c.y]; }", list(URMIA))
    picture = Image.open(io.BytesIO(page.locator(MAP_FRAME).screenshot())).convert("RGB")
    lake = picture.getpixel((round(x), round(y)))
    assert all(abs(a - b) <= 6 for a, b in zip(lake, _rgb(style.WATER), strict=True)), lake


def test_framing_the_middle_corridor_on_a_small_screen_shows_no_end_of_the_base_map(browser,
                                                                                   app_url):
    # At 1024x768 the corridor (Khorgos to Türkiye) is framed at zoom 3: the base map used to
    # stop at lon 8..90, lat 22..58, and a grey rectangle showed round it.
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?feature=middle_corridor")
        frame = map_frame(page)
        page.locator("[data-feature-panel='middle_corridor']").wait_for(timeout=60_000)
        frame.wait_for_function("window.atlasFollow && window.atlasFollow.seq !== null",
                                timeout=30_000)
        frame.wait_for_timeout(2000)
        view = frame.evaluate("""() => { const b = map.getBounds();
            return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }""")
        basemap = load_basemap()
        west, south, east, north = basemap.total_bounds
        assert west <= view[0] and south <= view[1] and view[2] <= east and view[3] <= north, (
            view, basemap.total_bounds)
        # Nothing grey is laid over the world beyond a region.
        assert frame.locator(".leaflet-outside-pane").count() == 0
    finally:
        context.close()
