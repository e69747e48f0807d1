"""Browser tests: what a person does on the page, in Chromium, against the real data."""

from __future__ import annotations

import re

import pytest
from dashboard_page import LOCAL_PREFIXES, MAP_FRAME, click_feature, map_frame

pytestmark = pytest.mark.browser

SEED_ARTICLES = 5


def panel_groups(page):
    return page.locator("section.article-group")


def test_click_on_tripp_shows_passages_from_all_five_seed_articles(page, app_url):
    page.goto(app_url)
    click_feature(page, "tripp")
    heading = page.locator(".facts h3")
    heading.wait_for(timeout=30_000)
    assert "TRIPP" in heading.inner_text()
    groups = panel_groups(page)
    groups.nth(SEED_ARTICLES - 1).wait_for(timeout=30_000)
    assert groups.count() == SEED_ARTICLES
    for i in range(SEED_ARTICLES):
        assert groups.nth(i).locator("blockquote.passage mark").count() >= 1
    assert re.search(r"[?&]feature=tripp\b", page.url)
    frame = page.frame_locator(MAP_FRAME)
    assert frame.locator("path.feature-tripp.selected").count() >= 1


def test_corridors_toggle_hides_and_shows_the_shapes(page, app_url):
    page.goto(app_url)
    frame = page.frame_locator(MAP_FRAME)
    map_frame(page)
    assert frame.locator("path.feature-tripp").count() >= 1
    toggle = page.get_by_text("Corridors", exact=True)
    toggle.click()
    frame.locator("path.feature-tripp").first.wait_for(state="detached", timeout=30_000)
    assert frame.locator("path.feature-iran").count() >= 1  # actors stay
    toggle.click()
    frame.locator("path.feature-tripp").first.wait_for(timeout=30_000)


def test_deep_link_to_the_caspian_fibre_shows_its_passage(page, app_url):
    page.goto(f"{app_url}/?feature=caspian_fiber")
    page.locator(".facts h3").wait_for(timeout=60_000)
    marks = page.locator("blockquote.passage mark")
    marks.first.wait_for(timeout=30_000)
    texts = [m.inner_text().lower() for m in marks.all()]
    assert any("fiber optic" in t or "fibre-optic" in t for t in texts), texts


def test_unknown_deep_link_is_a_friendly_warning(page, app_url):
    page.goto(f"{app_url}/?feature=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    warning = page.get_by_text("not a valid feature id")
    warning.wait_for(timeout=60_000)
    assert page.locator("img[src=x]").count() == 0
    assert page.get_by_text("Traceback").count() == 0


def test_no_request_leaves_localhost(page, app_url):
    page.goto(f"{app_url}/?feature=tripp")
    map_frame(page)
    page.locator("section.article-group").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    outside = [url for url in page.requests if not url.startswith(LOCAL_PREFIXES)]
    assert page.requests and not outside, outside


ACTIVE = """() => { const e = document.activeElement;
    return {tag: e.tagName, label: e.getAttribute('aria-label') || '',
            panel: !!e.closest('.st-key-reading_panel')}; }"""


@pytest.mark.parametrize("how", ["keyboard", "mouse"])
def test_after_a_search_the_focus_is_on_the_panel_not_in_the_search_box(page, app_url, how):
    # A focused search box keeps a blinking caret, which costs the browser CPU for as long
    # as the tab is open; and a keyboard user wants to land on the passages asked for.
    page.goto(app_url)
    map_frame(page)
    box = page.get_by_label("Find a feature")
    box.click()
    page.keyboard.type("Baku (places)")  # one option matches: Enter takes it
    option = page.get_by_role("option", name="Baku (places)", exact=True)
    option.wait_for(timeout=30_000)
    if how == "keyboard":
        page.keyboard.press("Enter")
    else:
        option.click()
    page.locator("[data-feature-panel='baku']").wait_for(timeout=30_000)
    page.wait_for_timeout(1500)  # past the rerun that redraws the box
    assert page.evaluate(ACTIVE) == {"tag": "DIV", "label": "Reading panel", "panel": True}
    # The reader's own click in the box still puts the caret there, and keeps it.
    box.click()
    page.wait_for_timeout(1000)
    assert page.evaluate(ACTIVE)["label"] == "Find a feature"
