"""Issue 10 in Chromium: a Russian article added with `python -m corpus add` into a tmp
corpus shows its TRIPP and Middle Corridor passages, highlighted at the right characters,
with their Russian names under "Names by source", in a list that fits the side panel."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from dashboard_page import browser_fixtures, map_frame

REPO = Path(__file__).resolve().parents[2]


_browser = browser_fixtures()

pytestmark = pytest.mark.browser

PARAGRAPHS = [
    "Баку и Вашингтон договорились ускорить строительство Зангезурского коридора, "
    "который должен соединить Азербайджан с Нахичеванью через Сюник.",
    "Параллельно растут перевозки по Срединному коридору: контейнерные поезда из Китая "
    "идут через Казахстан и Каспий в Грузию.",
]


@pytest.fixture(scope="module")
def russian_app(tmp_path_factory):
    root = tmp_path_factory.mktemp("russian")
    articles = root / "articles"
    articles.mkdir()
    source = root / "statya.txt"
    source.write_text("\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    added = subprocess.run(
        [sys.executable, "-m", "corpus", "add", str(source), "--title", "Коридоры Кавказа",
         "--outlet", "Тестовая газета", "--published", "2026-02-01", "--url", "",
         "--language", "ru", "--directory", str(articles)],
        cwd=REPO, capture_output=True, text=True, timeout=120)
    assert added.returncode == 0, added.stderr
    env = {"CORRIDOR_ATLAS_CORPUS": str(articles),
           "CORRIDOR_ATLAS_LAYERS": str(REPO / "geodata" / "layers"),
           "CORRIDOR_ATLAS_INDEX_DIR": str(root / "index")}
    with _browser.streamlit_server(root / "streamlit.log", env) as url:
        yield url


@pytest.mark.parametrize("feature, written", [
    ("tripp", "Зангезурского коридора"),
    ("middle_corridor", "Срединному коридору"),
])
def test_russian_passages_are_highlighted_with_their_russian_names(page, russian_app,
                                                                   feature, written):
    page.goto(f"{russian_app}/?feature={feature}")
    map_frame(page)
    marks = page.locator("blockquote.passage mark")
    marks.first.wait_for(timeout=60_000)
    assert written in [m.inner_text() for m in marks.all()]
    # The mark sits at the right characters: the passage text around it is intact.
    passage = page.locator("blockquote.passage").first.inner_text()
    assert written in passage and passage.count("коридор") >= 1
    page.get_by_text("Names by source").first.click()
    names = page.locator(".names-list")
    names.wait_for(timeout=30_000)
    shown = names.inner_text()
    # Grouped under the canonical name the mention matched, with the text as written.
    assert written in shown and "Тестовая газета" in shown, shown[:500]


@pytest.mark.parametrize("width, height", [(1440, 900), (1024, 768), (390, 844)])
def test_names_by_source_fits_the_panel_without_sideways_scrolling(page, russian_app,
                                                                   width, height):
    # The blind test: in the ~320 px panel the table showed only its name column, the rest
    # off to the right, and could not be scrolled sideways with the wheel.
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{russian_app}/?feature=tripp")
    map_frame(page)
    page.locator("blockquote.passage").first.wait_for(timeout=60_000)
    page.get_by_text("Names by source").first.click()
    names = page.locator(".names-list")
    names.wait_for(timeout=30_000)
    assert "Зангезурский коридор" in names.inner_text()
    fits = names.evaluate("""(list) => {
        const boxes = [list, ...list.querySelectorAll('*')];
        const wide = boxes.filter(e => e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0);
        const right = list.getBoundingClientRect().right;
        const out = boxes.filter(e => e.getBoundingClientRect().right > right + 1);
        let box = list.parentElement, clipped = [];
        for (; box && box !== document.body; box = box.parentElement) {
            if (box.scrollWidth > box.clientWidth + 1) clipped.push(box.className);
        }
        return {wide: wide.length, out: out.length, clipped,
                width: list.clientWidth, scroll: list.scrollWidth};
    }""")
    assert fits["wide"] == 0 and fits["out"] == 0, fits
    assert fits["scroll"] <= fits["width"], fits
    assert not fits["clipped"], fits
