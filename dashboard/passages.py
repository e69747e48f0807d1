"""Turn mentions into the escaped HTML of the reading panel.

Article text is data, never markup. Every piece of text that comes from an article or from
the geodata goes through ``escape_text`` before it is put between tags built here, so the
result can be handed to ``st.html``: nothing an article says can become a tag, an attribute,
a script, a link or Markdown. URLs are linked only when they are plain http(s).

The passages come as ``ArticleGroup``s of ``PassageHit``s from the index
(``dashboard.queries.passage_page``).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# One URL check and one source label for the page and the exports.
from corpus.citations import also_published_names, safe_url, source_label
from dashboard.languages import language_label

UNKNOWN_OUTLET = "Unknown outlet"
#: What a language code in the index may look like (``corpus.language``: ISO 639).
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
OPENING_WORDS = 12

# Characters that Markdown, Streamlit's Markdown extensions (:colour[...], $math$, emoji
# shortcodes) or a template engine could read as syntax. Written as numeric entities they
# display the same and mean nothing.
_INERT = {
    ch: f"&#{ord(ch)};"
    for ch in "*_`[]$:~#|\\{}"
}
# HTML's own special characters and the inert ones, replaced in one pass: a second pass over
# html.escape's output would turn the '#' of "&#x27;" into "&#35;" and show "&#x27;" for
# every apostrophe.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", **_INERT}
_ENTITY_PATTERN = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")
_WHITESPACE = re.compile(r"\s+")


def escape_text(text: Any) -> str:
    """Escape text for HTML and make Markdown/template syntax inert; newlines become spaces.

    Keeping everything on one line keeps the HTML one block, so no renderer can split it
    and read part of it as Markdown.
    """
    one_line = _WHITESPACE.sub(" ", "" if text is None else str(text))
    return _ENTITY_PATTERN.sub(lambda m: _ENTITIES[m.group()], one_line)


def link_html(url: Any, text: str) -> str:
    """An <a> to ``url`` (when it is safe) around the escaped ``text``; else the text."""
    href = safe_url(url)
    if href is None:
        return escape_text(text)
    return (
        f'<a href="{html.escape(href, quote=True)}" target="_blank" '
        f'rel="noopener noreferrer nofollow">{escape_text(text)}</a>'
    )


# --------------------------------------------------------------------------- highlighting


def merge_spans(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Clip spans to ``[0, length]``, drop empty ones and merge overlapping or touching ones."""
    clipped = sorted(
        (max(0, int(start)), min(length, int(end)))
        for start, end in spans
        if int(end) > int(start)
    )
    merged: list[tuple[int, int]] = []
    for start, end in clipped:
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight_passage(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Escaped passage text with each span wrapped in ``<mark>``."""
    pieces = []
    cursor = 0
    for start, end in merge_spans(spans, len(text)):
        pieces.append(escape_text(text[cursor:start]))
        pieces.append(f"<mark>{escape_text(text[start:end])}</mark>")
        cursor = end
    pieces.append(escape_text(text[cursor:]))
    return "".join(pieces)


# --------------------------------------------------------------------------- articles


def outlet_label(article: Any) -> str:
    """The article's outlet, or ``Unknown outlet``."""
    outlet = (getattr(article, "outlet", "") or "").strip()
    return outlet or UNKNOWN_OUTLET


def also_published_html(value: Any) -> str:
    """``also published by A, B`` (escaped), or '' when nobody else published it."""
    names = also_published_names(value)
    if not names:
        return ""
    return ('<span class="also">also published by '
            + escape_text(", ".join(dict.fromkeys(names))) + "</span>")


def opening_words(article: Any, count: int = OPENING_WORDS) -> str:
    """The first ``count`` words of the article's first passage, with an ellipsis if cut."""
    passages = getattr(article, "passages", None) or []
    if not passages:
        return str(getattr(article, "id", ""))
    words = passages[0].text.split()
    text = " ".join(words[:count])
    return text + ("\u2026" if len(words) > count else "")


def article_title(article: Any) -> str:
    """The article's title, or its opening words in quotes when it has none."""
    title = (getattr(article, "title", "") or "").strip()
    if title:
        return title
    return f"\u201c{opening_words(article)}\u201d"


def format_date(published: dt.date | None) -> str:
    """ISO date, or ``undated``."""
    return published.isoformat() if isinstance(published, dt.date) else "undated"


def language_span(code: Any) -> str:
    """``<span class="language">Russian (ru)</span>`` for a citation, '' when the language
    is not known. Only a well-formed ISO 639 code is shown (the index could hold anything a
    hand-edited file said)."""
    code = code.strip() if isinstance(code, str) else ""
    if not LANGUAGE_CODE.match(code):
        return ""
    return f'<span class="language">{escape_text(language_label(code))}</span>'


def citation_html(article: Any) -> str:
    """Outlet, title (or opening words), date, and a link to the original when known."""
    source = source_label(getattr(article, "outlet", ""), getattr(article, "url", ""))
    parts = [
        f'<span class="outlet">{escape_text(source)}</span>',
        f'<span class="title">{escape_text(article_title(article))}</span>',
        f'<span class="date">{escape_text(format_date(getattr(article, "published", None)))}'
        "</span>",
    ]
    author = (getattr(article, "author", "") or "").strip()
    if author:
        parts.insert(1, f'<span class="author">{escape_text(author)}</span>')
    language = language_span(getattr(article, "language", ""))
    if language:
        parts.append(language)
    if safe_url(getattr(article, "url", None)):
        parts.append(link_html(article.url, "original"))
    also = also_published_html(getattr(article, "also_published", ""))
    if also:
        parts.append(also)
    return '<div class="citation">' + " \u00b7 ".join(parts) + "</div>"


# --------------------------------------------------------------------------- the panel's model


@dataclass
class PassageHit:
    """One passage that mentions the feature, with the spans to highlight."""

    passage: Any
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class ArticleGroup:
    """The passages of one article that mention the feature."""

    article: Any
    hits: list[PassageHit] = field(default_factory=list)


def passage_anchor(passage: Any) -> str:
    """An HTML id for a passage (``passage-<article id>-<n>``); ids are [a-z0-9_-] only."""
    raw = f"passage-{passage.article_id}-{passage.n}"
    return re.sub(r"[^A-Za-z0-9_-]", "-", raw)


def hit_html(hit: PassageHit) -> str:
    """One passage: its number and its escaped text with mentions marked."""
    return (
        f'<blockquote class="passage" data-paragraph="{int(hit.passage.n)}">'
        f'<span class="pnum">\u00b6 {int(hit.passage.n)}</span> '
        f"{highlight_passage(hit.passage.text, hit.spans)}</blockquote>"
    )


def group_html(group: ArticleGroup) -> str:
    """An article's citation followed by its passages."""
    return (
        '<section class="article-group">'
        + citation_html(group.article)
        + "".join(hit_html(h) for h in group.hits)
        + "</section>"
    )


def article_html(article: Any, spans_by_passage: Mapping[str, list[tuple[int, int]]]) -> str:
    """The whole article, every passage in place; passages that mention the feature are
    marked (class ``hit``, mentions in ``<mark>``) and carry an anchor id."""
    parts = ['<div class="full-article">', citation_html(article)]
    for passage in article.passages:
        spans = spans_by_passage.get(passage.id)
        css = "para hit" if spans else "para"
        parts.append(
            f'<p class="{css}" id="{passage_anchor(passage)}">'
            f'<span class="pnum">\u00b6 {int(passage.n)}</span> '
            f"{highlight_passage(passage.text, spans or [])}</p>"
        )
    parts.append("</div>")
    return "".join(parts)


# --------------------------------------------------------------------------- facts


def _fact_row(name: str, value_html: str) -> str:
    return f"<tr><th>{escape_text(name)}</th><td>{value_html}</td></tr>"


def sources_html(sources: Any) -> str:
    """A list of the feature's sources: title, linked when the URL is http(s)."""
    items = []
    for source in sources or []:
        if not isinstance(source, Mapping):
            continue
        title = str(source.get("title") or source.get("url") or "source")
        items.append(f"<li>{link_html(source.get('url'), title)}</li>")
    return f'<ul class="sources">{"".join(items)}</ul>' if items else ""


def facts_html(
    properties: Mapping, *, length_km: float | None = None, summary: str | None = None
) -> str:
    """The facts block of a feature: name, the passage count (``summary``), kind, status,
    accuracy, length and description; segments, people, members, other names and sources
    in a section the reader opens."""
    name = properties.get("name") or properties.get("id") or ""
    rows = [
        _fact_row("Kind", escape_text(properties.get("kind", ""))),
        _fact_row("Status", escape_text(properties.get("status", ""))),
        _fact_row("Accuracy", escape_text(properties.get("accuracy", ""))),
    ]
    if length_km is not None:
        length = f"{length_km:,.0f} km as drawn on the map"
        rows.append(_fact_row("Length", escape_text(length)))
    feature_id = html.escape(str(properties.get("id") or ""), quote=True)
    parts = [
        f'<div class="facts" data-feature-panel="{feature_id}">',
        f"<h3>{escape_text(name)}</h3>",
    ]
    if summary:
        parts.append(f'<p class="summary">{escape_text(summary)}</p>')
    parts.append(f'<table class="facts-table">{"".join(rows)}</table>')
    description = properties.get("description")
    if description:
        parts.append(f'<p class="description">{escape_text(description)}</p>')
    more = _more_facts(properties)
    if more:
        parts.append(
            "<details><summary>Segments, people, sources, other names</summary>"
            f"{more}</details>"
        )
    parts.append("</div>")
    return "".join(parts)


def _more_facts(properties: Mapping) -> str:
    """Segments with their status, people, members, aliases and sources (escaped HTML)."""
    parts = []
    segments = [s for s in properties.get("segments") or [] if isinstance(s, Mapping)]
    if segments:
        items = "".join(
            f"<li>{escape_text(s.get('name', ''))} \u2014 "
            f"<em>{escape_text(s.get('status', ''))}</em>"
            + (f", {escape_text(s['accuracy'])}" if s.get("accuracy") else "")
            + "</li>"
            for s in segments
        )
        parts.append(f'<div class="segments"><strong>Segments</strong><ol>{items}</ol></div>')
    people = [p for p in properties.get("people") or [] if isinstance(p, Mapping)]
    if people:
        items = "".join(
            f"<li>{escape_text(p.get('name', ''))}"
            + (f" \u2014 {escape_text(p['role'])}" if p.get("role") else "")
            + "</li>"
            for p in people
        )
        parts.append(f'<div class="people"><strong>People</strong><ul>{items}</ul></div>')
    members = [m for m in properties.get("members") or [] if m]
    if members:
        parts.append(
            f'<p class="members"><strong>Members</strong>: '
            f"{escape_text(', '.join(map(str, members)))}</p>"
        )
    aliases = [a for a in properties.get("aliases") or [] if a]
    if aliases:
        parts.append(
            f'<p class="aliases"><strong>Also called</strong>: '
            f"{escape_text(', '.join(map(str, aliases)))}</p>"
        )
    source_list = sources_html(properties.get("sources"))
    if source_list:
        parts.append(f'<div class="feature-sources"><strong>Sources</strong>{source_list}</div>')
    return "".join(parts)


PANEL_CSS = """<style>
.block-container {padding-top: 2.2rem;}
.facts h3 {margin: 0 0 .2rem 0; padding: 0;}
.facts .summary {font-weight: 600; margin: 0 0 .3rem 0;}
.facts details {font-size: .9rem; margin-bottom: .5rem;}
.facts details summary {cursor: pointer; color: #444;}
.facts-table {border-collapse: collapse; font-size: .9rem; margin-bottom: .4rem;}
.facts-table th {text-align: left; padding: 1px 10px 1px 0; color: #555; font-weight: 600;
  vertical-align: top;}
.facts-table td {padding: 1px 0;}
.facts .description {font-size: .92rem;}
.facts ol, .facts ul {margin: .1rem 0 .4rem 1.1rem; padding: 0; font-size: .9rem;}
.article-group {margin: .2rem 0 .6rem 0;}
.citation {font-size: .85rem; color: #444; margin-bottom: .25rem;}
.citation .outlet {font-weight: 600;}
.citation .title {font-style: italic;}
blockquote.passage {margin: .2rem 0 .5rem 0; padding: .3rem .7rem; border-left: 3px solid #9aa7b4;
  background: #f7f8fa; font-size: .93rem; line-height: 1.45;}
.pnum {color: #888; font-size: .75rem; margin-right: .2rem;}
mark {background: #ffe066; padding: 0 .1em; border-radius: 2px; color: inherit;}
.full-article p.para {font-size: .92rem; line-height: 1.45; margin: .35rem 0;}
.full-article p.hit {background: #fff8d6; border-left: 3px solid #e0b400; padding: .2rem .5rem;}
</style>"""


#: While a rerun is under way Streamlit fades everything it will redraw (an opacity
#: transition of 1 s after 0.5 s, and border and opacity transitions on expanders and tabs).
#: A rerun here takes about a tenth of a second, so the fade is seldom seen; but when the
#: machine is busy every fading frame of the map's frame and the panel is composited in
#: software, which made a 1.2 s rerun cost about 1 CPU-second more in the browser and slowed
#: every other session (measured; docs/robustness.md). Content stays as it is until the new
#: one arrives; the "Running" indicator still shows that the page is working.
NO_STALE_FADE_CSS = """<style>
[data-stale="true"], [data-stale="true"] *, [data-testid="stExpander"] details,
[data-testid="stExpander"] summary, [data-testid="stTabs"] * {transition: none !important;}
[data-stale="true"], [data-testid="stExpander"] summary,
[data-testid="stTabs"] > div > div {opacity: 1 !important;}
</style>"""

#: On a phone-sized screen Streamlit stacks the columns (map, then reading panel): the
#: panel's box of fixed height would then scroll inside the page, so it takes its natural
#: height there. Streamlit stacks columns below 640 px.
NARROW_SCREEN_CSS = """<style>
@media (max-width: 640px) {
  .st-key-reading_panel, div:has(> .st-key-reading_panel) {height: auto !important;
    max-height: none !important; flex: 0 0 auto !important; overflow: visible !important;}
  .block-container {padding-left: .6rem; padding-right: .6rem;}
}
</style>"""

#: Between a phone and a wide screen (a 1024 px laptop with the sidebar open) the map's column
#: would be about 340 px wide: a corridor across the Caspian would be framed from half the
#: world away. There the map takes the full width and the reading panel follows below it.
MEDIUM_SCREEN_CSS = """<style>
@media (max-width: 1180px) {
  [data-testid="stHorizontalBlock"]:has(.st-key-reading_panel) {flex-direction: column;}
  [data-testid="stHorizontalBlock"]:has(.st-key-reading_panel) > [data-testid="stColumn"] {
    width: 100% !important; flex: 1 1 auto !important; min-width: 100% !important;}
}
</style>"""
