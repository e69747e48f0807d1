"""Issue 10 in Chromium: a Russian article added with `python -m corpus add` into a tmp
corpus shows its TRIPP and Middle Corridor passages, highlighted at the right characters,
with their Russian names under "Names by source"."""

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
    cells = page.locator("[data-testid='stDataFrame'] td[role='gridcell']")
    cells.first.wait_for(state="attached", timeout=30_000)
    # The grid draws on a canvas; its accessible table holds the cell texts.
    shown = " ".join(cells.evaluate_all("nodes => nodes.map(n => n.textContent)"))
    # On this branch the table shows each name as written in the passage; once names are
    # grouped by the mention's canonical `name` (branch map-view), it shows «Зангезурский
    # коридор». Both begin with the Russian stem and are in Cyrillic.
    assert written.split()[0][:8] in shown, shown[:500]
