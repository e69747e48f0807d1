"""Issue 4: hostile text never runs, and the app serves on localhost only.

Article text, titles, outlets and hand-edited geodata names are data. These tests feed
hostile strings (script tags, event handlers, ``javascript:`` links, template strings, Markdown
and Streamlit-Markdown tricks, remote images, iframes, styles) to the HTML the page shows
(``dashboard.passages``) and to the map (``dashboard.embeddedmap``), parse what comes out, and
check that every hostile string is there as text and nowhere as markup. The browser test
(tests/browser/test_hostile_browser.py) checks the same in Chromium.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import embeddedmap, mapshapes, passages

REPO = Path(__file__).resolve().parents[1]


def _load_by_path(path: Path, name: str):
    """Import a file under its own module name: both tests/conftest.py and
    tests/browser/conftest.py are 'conftest' to a plain import, so that is ambiguous."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_fixtures = sys.modules.get("corridor_atlas_test_fixtures") or _load_by_path(
    REPO / "tests" / "conftest.py", "corridor_atlas_test_fixtures")
make_article = _fixtures.make_article
mention_rows = _fixtures.mention_rows
tiny_collections = _fixtures.tiny_collections

#: One hostile paragraph per trick; each also names TRIPP so that it is a passage of tripp.
HOSTILE_PARAGRAPHS = (
    "TRIPP <script>window.__xss = 1; alert(1)</script> after a script tag.",
    'TRIPP <img src=x onerror="window.__xss = 2; alert(2)"> and <svg onload=alert(3)>.',
    "TRIPP [a link](javascript:alert(4)) and javascript:alert(5) and "
    '<a href="javascript:alert(6)">click me</a>.',
    "TRIPP ${alert(7)} and {{7*7}} and #{7*7} and <%= 7*7 %> template strings.",
    "# TRIPP heading? **bold** __strong__ _em_ `code` ~~strike~~ :red[colour] $x^2$ :rocket:",
    "TRIPP ![remote image](http://evil.example/x.png) <iframe src=\"http://evil.example/\">"
    "</iframe> <style>body {display: none}</style> <link rel=stylesheet "
    "href=http://evil.example/x.css> <object data=http://evil.example/o></object>",
    "TRIPP <form action=http://evil.example/><input name=q autofocus onfocus=alert(8)></form> "
    "<details open ontoggle=alert(9)> <body onload=alert(10)> --> ]]> </textarea> </title>",
)
HOSTILE_TITLE = "<b>Bold</b> <script>alert(11)</script> ${alert(12)} **title**"
HOSTILE_OUTLET = "Outlet <img src=x onerror=alert(13)> [x](javascript:alert(14))"
HOSTILE_AUTHOR = "{{7*7}} <svg/onload=alert(15)>"
HOSTILE_URL = "javascript:alert(16)"
HOSTILE_NAME = '</script><script>alert(17)</script><img src=x onerror=alert(18)> ${alert(19)}"'

#: Tags the reading panel may contain: everything else would come from text.
PANEL_TAGS = {"section", "div", "span", "blockquote", "mark", "p", "a", "h3", "table", "tr",
              "th", "td", "ul", "ol", "li", "em", "strong", "details", "summary"}


class Markup(HTMLParser):
    """Collects the tags, attributes and text (entities decoded) of an HTML fragment."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.chunks: list[str] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return "".join(self.chunks)


def one_line(text: str) -> str:
    """How the panel shows a text: runs of whitespace as one space."""
    return re.sub(r"\s+", " ", text)


def assert_inert(fragment: str) -> Markup:
    """The fragment has only panel tags, no event handler, no script URL, no Markdown."""
    markup = Markup(fragment)
    for tag, attrs in markup.tags:
        assert tag in PANEL_TAGS, f"<{tag}> came from text: {fragment[:300]}"
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name in ("class", "id", "href", "target", "rel", "data-paragraph",
                            "data-feature-panel"), (tag, name)
            if name == "href":
                assert re.match(r"https?://", value or ""), value
    # Markdown/template syntax survives only as numeric entities, so st.markdown, st.html or
    # a template engine reading this sees no syntax.
    outside_tags = re.sub(r"<[^>]*>|&(?:#[0-9]+|[a-z]+);", "", fragment)
    assert not re.search(r"[*_`\[\]$~#{}|\\]", outside_tags), outside_tags[:300]
    return markup


def hostile_article():
    return make_article(
        "hostile", list(HOSTILE_PARAGRAPHS), title=HOSTILE_TITLE, outlet=HOSTILE_OUTLET,
        author=HOSTILE_AUTHOR, url=HOSTILE_URL, published=dt.date(2026, 1, 2),
    )


# --------------------------------------------------------------------------- the panel


def test_passage_panel_shows_every_hostile_string_as_text():
    article = hostile_article()
    spans: dict[str, list[tuple[int, int]]] = {}
    for row in mention_rows(article, "tripp", "TRIPP"):
        spans.setdefault(row["passage_id"], []).append((row["start"], row["end"]))
    group = passages.ArticleGroup(article, [passages.PassageHit(p, spans[p.id])
                                            for p in article.passages if p.id in spans])
    fragment = passages.group_html(group)
    markup = assert_inert(fragment)
    for paragraph in HOSTILE_PARAGRAPHS:
        assert one_line(paragraph) in markup.text
    assert one_line(HOSTILE_TITLE) in markup.text and one_line(HOSTILE_OUTLET) in markup.text
    assert [t for t, _a in markup.tags].count("mark") == len(HOSTILE_PARAGRAPHS)
    assert not any(t == "a" for t, _a in markup.tags), "a javascript: URL became a link"


def test_article_view_shows_every_hostile_string_as_text():
    article = hostile_article()
    spans = {p.id: [(0, 5)] for p in article.passages}
    markup = assert_inert(passages.article_html(article, spans))
    for paragraph in HOSTILE_PARAGRAPHS:
        assert one_line(paragraph) in markup.text
    assert one_line(HOSTILE_AUTHOR) in markup.text


def test_facts_panel_of_a_hand_edited_feature_is_text():
    props = {
        "id": "tripp", "name": HOSTILE_NAME, "kind": HOSTILE_PARAGRAPHS[0],
        "status": HOSTILE_PARAGRAPHS[3], "accuracy": "exact", "description": HOSTILE_PARAGRAPHS[4],
        "aliases": [HOSTILE_PARAGRAPHS[1]],
        "sources": [{"title": HOSTILE_TITLE, "url": HOSTILE_URL},
                    {"title": "fine", "url": "https://example.org/\"onmouseover=alert(1)"}],
        "segments": [{"name": HOSTILE_PARAGRAPHS[5], "status": "built"}],
        "people": [{"name": HOSTILE_AUTHOR, "role": HOSTILE_OUTLET}],
        "members": [HOSTILE_PARAGRAPHS[2]],
    }
    markup = assert_inert(passages.facts_html(props, length_km=1.0, summary=HOSTILE_TITLE))
    for text in (HOSTILE_NAME, HOSTILE_TITLE, HOSTILE_AUTHOR, *HOSTILE_PARAGRAPHS[:6]):
        assert one_line(text) in markup.text
    assert not any(t == "a" for t, _a in markup.tags), "an unsafe source URL became a link"


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",))),
       st.lists(st.tuples(st.integers(-5, 80), st.integers(-5, 80)), max_size=6))
def test_any_text_with_any_spans_highlights_to_marks_and_text_only(text, spans):
    fragment = passages.highlight_passage(text, spans)
    markup = assert_inert(fragment)
    assert {t for t, _a in markup.tags} <= {"mark"}
    assert markup.text == one_line(text).replace("\r", " ") or markup.text == one_line(text)


def test_only_plain_http_links_are_made():
    for url in (HOSTILE_URL, "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,x",
                "vbscript:msgbox(1)", "//evil.example/x", "http://x\"onclick=alert(1)",
                "https://a.example/<script>", "file:///etc/passwd", "http:///nohost"):
        assert passages.safe_url(url) is None, url
        assert "<a" not in passages.link_html(url, "original")
    assert passages.safe_url("https://example.org/a?b=c") == "https://example.org/a?b=c"


# --------------------------------------------------------------------------- the map


def hostile_collections() -> dict[str, dict]:
    collections = tiny_collections()
    for layer in collections.values():
        for feature in layer["features"]:
            feature["properties"]["name"] = HOSTILE_NAME
            feature["properties"]["status"] = HOSTILE_PARAGRAPHS[3]
            for segment in feature["properties"].get("segments") or []:
                segment["name"] = HOSTILE_PARAGRAPHS[0]
    return collections


def test_map_labels_travel_only_as_json_strings_and_show_as_text():
    m = embeddedmap.build_map(hostile_collections(), None, selected="tripp")
    page = mapshapes.render_html(m)
    strings = re.findall(r'"label": ("(?:[^"\\]|\\.)*")', page)
    labels = [json.loads(s) for s in strings]
    assert labels and all(HOSTILE_NAME in label for label in labels)
    # Take the JSON-encoded labels out: nothing hostile is left anywhere in the page.
    rest = re.sub(r'"label": "(?:[^"\\]|\\.)*"', '"label": ""', page)
    for needle in ("alert(", "onerror", "<script>alert", "evil.example", "${"):
        assert needle not in rest, needle
    # Inside the JSON the markup characters are escaped, so no </script> can close the block.
    assert all("<" not in s and ">" not in s for s in strings)
    # The tooltip is set as a text node, never as HTML, and nothing opens a popup.
    assert re.search(r"span\.textContent = (feature\.properties\.)?label;", page)
    assert not re.search(r"innerHTML\s*=\s*(feature|label|props)", page)
    for risky in ("bindPopup", "GeoJsonTooltip", "GeoJsonPopup"):
        assert risky not in page, risky


def test_no_article_text_reaches_the_map():
    # The map gets ids and labels only: a passage cannot reach it even by accident.
    m = embeddedmap.build_map(tiny_collections(), None)
    for paragraph in HOSTILE_PARAGRAPHS:
        assert paragraph not in mapshapes.render_html(m)
    shape = mapshapes.layer_shapes("places", tiny_collections()["places"])[0]
    assert set(shape.as_geojson()["properties"]) == {"id", "label"}


def test_the_map_page_loads_nothing_from_another_host():
    page = mapshapes.render_html(embeddedmap.build_map(tiny_collections(), None))
    remote = re.findall(r"""(?:src|href)\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""", page)
    assert remote == [], remote
    assert "cdn" not in page.lower()


# --------------------------------------------------------------------------- localhost only


def test_streamlit_config_binds_to_localhost():
    config = tomllib.loads((REPO / "dashboard" / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False


def test_make_run_binds_to_localhost_by_default():
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"^ADDRESS \?= 127\.0\.0\.1$", makefile, re.M)
    run = re.search(r"^run:.*\n((?:\t.*\n|\s*\n)+)", makefile, re.M).group(1)
    assert "--server.address $(ADDRESS)" in run
    assert "0.0.0.0" not in run


def test_readme_documents_serving_to_a_network_behind_authentication():
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Serving to a network", 1)[1].split("\n## ", 1)[0]
    assert "127.0.0.1" in section and "ADDRESS=" in section
    assert re.search(r"authenticat", section) and "reverse proxy" in section


# --------------------------------------------------------------------------- the page
# The page itself (AppTest) on folders given by CORRIDOR_ATLAS_CORPUS and
# CORRIDOR_ATLAS_LAYERS: a copy of the corpus with every kind of bad file plus a hostile
# article added through `corpus add`, and a copy of the layers with bad features.

APP = str(REPO / "dashboard" / "app.py")


def write_hostile_source(folder: Path) -> Path:
    """The hostile article as a plain-text file, ready for `corpus add`."""
    source = folder / "hostile.txt"
    source.write_text("\n\n".join(HOSTILE_PARAGRAPHS) + "\n", encoding="utf-8")
    return source


def hostile_add_args(source: Path, directory: Path) -> list[str]:
    """`corpus add` arguments with a hostile title, outlet and author."""
    return ["add", str(source), "--directory", str(directory), "--title", HOSTILE_TITLE,
            "--outlet", HOSTILE_OUTLET, "--author", HOSTILE_AUTHOR, "--published", "2026-01-02",
            "--url", "https://example.org/hostile"]


def write_javascript_url_article(directory: Path) -> str:
    """A hand-edited article whose url is javascript: (`corpus add` refuses such a URL)."""
    (directory / "js-url.md").write_text(
        "---\nid: js-url\ntitle: 'Script link'\noutlet: 'Hand edited'\nurl: 'javascript:alert(16)'"
        "\n---\nTRIPP and a link that must not be one.\n", encoding="utf-8")
    return "js-url"


@pytest.fixture
def page_data(tmp_path, monkeypatch):
    """Bad and hostile corpus and layers folders, set as the page's data folders."""
    from test_robust_corpus import BAD_FILES, write_bad_corpus
    from test_robust_geodata import EXPECTED, write_bad_layers

    import corpus.index
    from corpus.__main__ import main as corpus_main

    articles = write_bad_corpus(tmp_path / "articles")
    assert corpus_main(hostile_add_args(write_hostile_source(tmp_path), articles)) == 0
    write_javascript_url_article(articles)
    layers, _duplicate = write_bad_layers(tmp_path / "layers")
    monkeypatch.setenv("CORRIDOR_ATLAS_CORPUS", str(articles))
    monkeypatch.setenv("CORRIDOR_ATLAS_LAYERS", str(layers))
    monkeypatch.setattr(corpus.index, "INDEX_DIR", tmp_path / "index")
    bad_articles = {*BAD_FILES, "huge.md"}
    bad_layers = {name for name, ids in EXPECTED.items() if ids}
    return articles, layers, bad_articles, bad_layers


def run_page(query: dict[str, str] | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def panel_html(at) -> str:
    """The HTML the page shows, without the page's own style sheet."""
    return "\n".join(h.value for h in at.html if not h.value.lstrip().startswith("<style>"))


@pytest.mark.app
def test_page_lists_every_bad_file_and_still_shows_the_good_data(page_data):
    articles, layers, bad_articles, bad_layers = page_data
    at = run_page({"feature": "tripp"})
    assert not at.exception, [e.value for e in at.exception]
    notice = [e for e in at.expander if e.label.startswith("Data problems")]
    assert notice, [e.label for e in at.expander]
    frame = at.dataframe[0].value
    files = {Path(f).name for f in frame["file"]}
    assert bad_articles <= files, bad_articles - files
    assert bad_layers <= files, bad_layers - files
    for name, (_data, line, words) in __import__("test_robust_corpus").BAD_FILES.items():
        rows = frame[frame["file"].map(lambda f, n=name: Path(f).name == n)]
        assert any(words in m for m in rows["problem"]), (name, list(rows["problem"]))
        assert f"line {line}" in set(rows["where"]), (name, list(rows["where"]))
    html = panel_html(at)
    # Every seed article and the added hostile one still show their TRIPP passages.
    sections = html.count('<section class="article-group">')
    assert sections == len(__import__("test_robust_corpus").SEED_IDS) + 2, sections


@pytest.mark.app
def test_hostile_article_added_through_corpus_add_shows_as_text_on_the_page(page_data):
    at = run_page({"feature": "tripp"})
    assert not at.exception
    html = panel_html(at)
    markup = Markup(html)
    for paragraph in HOSTILE_PARAGRAPHS:
        assert one_line(paragraph) in markup.text, paragraph
    for text in (HOSTILE_TITLE, HOSTILE_OUTLET, HOSTILE_AUTHOR):
        assert one_line(text) in markup.text, text
    for tag, attrs in markup.tags:
        assert tag not in ("script", "img", "iframe", "svg", "style", "link", "object", "form",
                           "input", "body", "textarea", "title"), tag
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not (attrs.get("href") or "https:").lower().lstrip().startswith("javascript")
    # The outlet filter lists the hostile outlet as a plain option, not markup.
    outlets = at.sidebar.multiselect(key="outlets")
    assert HOSTILE_OUTLET in outlets.options


LONG_HOSTILE = ("<script>alert(1)</script>" + "x" * 5000)[:5000]


@pytest.mark.app
@pytest.mark.parametrize("value, words", [
    ("atlantis", "not on this map"),
    ("", "gives no id"),
    ("   ", "gives no id"),
    (LONG_HOSTILE, "not a valid feature id"),
    ("tripp'\"><img src=x onerror=alert(1)>", "not a valid feature id"),
    ("${alert(1)}{{7*7}}", "not a valid feature id"),
    ("TRIPP", "not a valid feature id"),
    ("\u202etripp", "not a valid feature id"),
])
def test_bad_feature_link_is_a_friendly_message(value, words):
    at = run_page({"feature": value})
    assert not at.exception, [e.value for e in at.exception]
    warnings = [w.value for w in at.warning]
    assert any(words in w for w in warnings), warnings
    assert all(len(w) < 400 for w in warnings), "the message echoes the whole link"
    assert all("<script" not in w and "<img" not in w for w in warnings)
    # The page is usable: the map and the invitation to pick a feature are there.
    assert any("Click a corridor" in i.value for i in at.info)
