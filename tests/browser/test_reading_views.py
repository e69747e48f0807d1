"""Browser tests of the reading views below the map, in Chromium, on the seed corpus."""

from __future__ import annotations

import pytest
from dashboard_page import LOCAL_PREFIXES, MAP_FRAME, map_frame

pytestmark = pytest.mark.browser


def test_article_view_follows_the_map_selection_and_chips_select(page, app_url):
    page.goto(f"{app_url}/?feature=caspian_fiber")
    map_frame(page)
    page.get_by_role("tab", name="Article", exact=True).click()
    focus = page.locator("p.para.focus mark[data-feature='caspian_fiber']")
    focus.first.wait_for(timeout=60_000)
    # The first mention comes first, with a link down to its place in the full text.
    link = page.locator("a[href='#read-aa2d72d812be5744-4']")
    assert link.count() >= 1
    assert page.locator("#read-aa2d72d812be5744-4").count() == 1
    # ... and that paragraph is marked in the text too, and only that one.
    assert page.locator(".reader p.para.focus").evaluate_all(
        "els => els.map(e => e.id)") == ["read-aa2d72d812be5744-4"]
    # Every mention in the article is coloured by its layer.
    assert page.locator(".article-view mark.m-actors").count() >= 1
    # A chip under a paragraph selects its feature on the map and in the panel.
    chips = page.locator(".reader .chips button.chip")
    assert chips.count() >= 3
    chips.filter(has_text="Azerbaijan").first.click()
    page.wait_for_url("**feature=azerbaijan**", timeout=30_000)
    page.locator(".facts h3", has_text="Azerbaijan").wait_for(timeout=30_000)
    # The mark moves to Azerbaijan's first mention (the article mentions it).
    page.wait_for_function("""() => {
        const marked = [...document.querySelectorAll('.reader p.para.focus')];
        return marked.length === 1 && marked[0].id !== 'read-aa2d72d812be5744-4'
            && !!marked[0].querySelector("mark[data-feature='azerbaijan']");
    }""", timeout=30_000)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.feature-azerbaijan.selected").first.wait_for(timeout=30_000)
    # So does a highlighted mention in the text; a person's name selects their actor.
    page.locator(".reader mark[data-select='tripp']").first.click()
    page.wait_for_url("**feature=tripp**", timeout=30_000)
    frame.locator("path.feature-tripp.selected").first.wait_for(timeout=30_000)
    person = page.locator(".reader mark.m-people[data-select]").first
    actor = person.get_attribute("data-select")
    person.click()
    page.wait_for_url(f"**feature={actor}**", timeout=30_000)


def test_timeline_pins_events_on_the_map_and_downloads_stay_local(page, app_url):
    page.goto(app_url)
    frame = page.frame_locator(MAP_FRAME)
    map_frame(page)
    frame.locator("path.event-charter_signed_baku").first.wait_for(timeout=30_000)
    page.get_by_role("tab", name="Timeline").click()
    page.get_by_text("White House summit", exact=False).first.wait_for(timeout=30_000)
    page.get_by_role("tab", name="Downloads").click()
    button = page.get_by_role("button", name="All mentions (CSV)")
    button.wait_for(timeout=30_000)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    path = info.value.path()
    with open(path, encoding="utf-8") as handle:
        header = handle.readline()
    assert header.startswith("mention_id,article_id,outlet,published")
    outside = [url for url in page.requests if not url.startswith(LOCAL_PREFIXES)]
    assert not outside, outside
