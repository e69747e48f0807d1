"""Issue 4 in Chromium: a hostile article added with `python -m corpus add`, a hand-edited
article whose url is ``javascript:``, and a map feature whose name is markup, served by the
real app from folders given by CORRIDOR_ATLAS_CORPUS / CORRIDOR_ATLAS_LAYERS.

Before any page script runs, every frame (the page and the map's iframe) gets hooks:
``alert``/``confirm``/``prompt`` count into ``window.__xss``, and the hostile strings set
``window.__xss`` themselves. The tests open the passages, the full article and a map tooltip,
then check that no dialog opened, ``window.__xss`` is 0 in every frame, no element carries an
event handler or a ``javascript:`` link, every request stayed on this machine, and the hostile
strings are on the page as text.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from dashboard_page import (
    LOCAL_PREFIXES,
    MAP_FRAME,
    browser_fixtures,
    feature_pixel,
    load_by_path,
    map_frame,
)

REPO = Path(__file__).resolve().parents[2]


_browser = browser_fixtures()
_hostile = load_by_path(REPO / "tests" / "test_hostile.py", "corridor_atlas_hostile")
HOSTILE_AUTHOR, HOSTILE_NAME = _hostile.HOSTILE_AUTHOR, _hostile.HOSTILE_NAME
HOSTILE_OUTLET, HOSTILE_TITLE = _hostile.HOSTILE_OUTLET, _hostile.HOSTILE_TITLE
HOSTILE_PARAGRAPHS, one_line = _hostile.HOSTILE_PARAGRAPHS, _hostile.one_line
hostile_add_args = _hostile.hostile_add_args
write_hostile_source = _hostile.write_hostile_source
write_javascript_url_article = _hostile.write_javascript_url_article

pytestmark = pytest.mark.browser

HOOKS = """
window.__xss = 0;
for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = function () { window.__xss += 100; return null; };
}
"""
EVENT_ATTRIBUTES = "[onerror],[onload],[onclick],[onfocus],[ontoggle],[onmouseover]"


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    """The app on a copy of the data with the hostile article, js-url article and a feature
    whose name is markup; yields its URL."""
    root = tmp_path_factory.mktemp("hostile")
    articles = root / "articles"
    shutil.copytree(REPO / "corpus" / "articles", articles)
    added = subprocess.run(
        [sys.executable, "-m", "corpus", *hostile_add_args(write_hostile_source(root), articles)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert added.returncode == 0, added.stderr
    assert "passages: 7" in added.stdout  # it reports what it extracted
    write_javascript_url_article(articles)
    layers = root / "layers"
    shutil.copytree(REPO / "geodata" / "layers", layers)
    corridors = json.loads((layers / "corridors.geojson").read_text(encoding="utf-8"))
    for feature in corridors["features"]:
        if feature["properties"]["id"] == "tripp":
            feature["properties"]["name"] = HOSTILE_NAME
    (layers / "corridors.geojson").write_text(json.dumps(corridors), encoding="utf-8")

    env = {"CORRIDOR_ATLAS_CORPUS": str(articles), "CORRIDOR_ATLAS_LAYERS": str(layers),
           "CORRIDOR_ATLAS_INDEX_DIR": str(root / "index")}
    with _browser.streamlit_server(root / "streamlit.log", env) as url:
        yield url


@pytest.fixture
def watched(browser):
    """A page whose every frame is hooked, recording dialogs, requests and console errors."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(HOOKS)
    page = context.new_page()
    page.dialogs, page.requests, page.errors = [], [], []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    context.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def assert_nothing_ran(page) -> None:
    page.wait_for_timeout(1500)  # time for an onerror or a late script to fire
    assert page.dialogs == [], page.dialogs
    assert len(page.frames) >= 2, "the map frame is missing"
    for frame in page.frames:
        if frame.url.startswith("about:") and frame != page.main_frame:
            continue
        assert frame.evaluate("window.__xss") == 0, frame.url
        handlers = frame.evaluate(f"document.querySelectorAll('{EVENT_ATTRIBUTES}').length")
        assert handlers == 0, frame.url
        scripts = frame.evaluate(
            "[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"
            ".filter(h => /^\\s*(javascript|data|vbscript):/i.test(h))")
        assert scripts == [], scripts
        assert frame.evaluate("document.querySelectorAll('img[src=\"x\"], iframe[src*=evil]')"
                              ".length") == 0
    assert page.evaluate("getComputedStyle(document.body).display") != "none"
    outside = [url for url in page.requests if not url.startswith(LOCAL_PREFIXES)]
    assert page.requests and not outside, outside


def test_hostile_passages_and_full_article_show_as_text(watched, hostile_app):
    page = watched
    page.goto(f"{hostile_app}/?feature=tripp")
    map_frame(page)
    group = page.locator("section.article-group", has_text="window.__xss = 1")
    group.wait_for(timeout=60_000)
    shown = one_line(group.inner_text())
    for paragraph in HOSTILE_PARAGRAPHS:
        assert one_line(paragraph) in shown, paragraph
    for text in (HOSTILE_TITLE, HOSTILE_OUTLET, HOSTILE_AUTHOR):
        assert one_line(text) in shown, text
    # Open every article in full: the hostile one is there as text too.
    for expander in page.get_by_text("Open article in full").all():
        expander.click()
    full = page.locator(".full-article", has_text="window.__xss = 2")
    full.wait_for(timeout=30_000)
    assert one_line(HOSTILE_PARAGRAPHS[5]) in one_line(full.inner_text())
    # The hand-edited article with a javascript: url is cited without a link.
    cited = page.locator("section.article-group", has_text="Script link")
    cited.wait_for(timeout=30_000)
    assert cited.locator("a").count() == 0
    heading = page.locator(".facts h3").inner_text()
    assert one_line(HOSTILE_NAME) in one_line(heading)
    assert_nothing_ran(page)


def test_hostile_article_in_the_article_view_is_text(watched, hostile_app):
    page = watched
    page.goto(f"{hostile_app}/?feature=tripp")
    map_frame(page)
    page.get_by_role("tab", name="Article", exact=True).click()
    picker = page.get_by_role("combobox", name="Article", exact=True)
    picker.click()
    picker.fill("alert(11)")
    page.get_by_role("option", name=re.compile(re.escape("alert(11)"))).first.click()
    reader = page.locator(".reader", has_text="window.__xss = 1")
    reader.wait_for(timeout=60_000)
    shown = one_line(reader.inner_text())
    for paragraph in HOSTILE_PARAGRAPHS:
        assert one_line(paragraph) in shown, paragraph
    assert reader.locator("script, img, iframe, a, form, svg").count() == 0
    # Clicking its highlighted mentions selects features and runs nothing.
    reader.locator("mark[data-select]").first.click()
    page.wait_for_timeout(1000)
    assert_nothing_ran(page)


def test_hostile_feature_name_in_the_map_tooltip_is_text(watched, hostile_app):
    page = watched
    page.goto(hostile_app)
    frame = map_frame(page)
    x, y = feature_pixel(page, "tripp")
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y, steps=5)
    tooltip = page.frame_locator(MAP_FRAME).locator(".leaflet-tooltip", has_text="alert(17)")
    tooltip.wait_for(timeout=30_000)
    assert one_line(HOSTILE_NAME) in one_line(tooltip.inner_text())
    assert tooltip.locator("img, script, svg").count() == 0
    assert frame.evaluate("window.__xss") == 0
    # The search list shows the name as an option's text.
    search = page.get_by_label("Find a feature")
    search.click()
    search.fill("onerror")
    option = page.get_by_role("option").first
    option.wait_for(timeout=30_000)
    assert re.search(re.escape("<img src=x onerror=alert(18)>"), option.inner_text())
    page.keyboard.press("Escape")
    assert_nothing_ran(page)


@pytest.mark.parametrize("link", [
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E%24%7Balert(2)%7Djavascript:alert(3)",
    "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E" + "x" * 5000,
    "",
], ids=["script-template-javascript", "img-5000-chars", "empty"])
def test_hostile_deep_links_are_a_friendly_message(watched, hostile_app, link):
    page = watched
    page.goto(f"{hostile_app}/?feature={link}")
    page.locator('[data-testid="stAlert"]').first.wait_for(timeout=60_000)
    alert = page.locator('[data-testid="stAlert"]').first.inner_text()
    assert "feature" in alert and len(alert) < 400
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Traceback").count() == 0
    map_frame(page)
    assert_nothing_ran(page)
