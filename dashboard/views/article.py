"""The article view: one article in full, every mention coloured by layer, the map features
of each paragraph as chips under it. Choosing a chip, or clicking a highlighted mention,
selects that feature on the map and in the panel; a selected feature brings its first
mention in the article to the top, with a link down to its place in the text."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.views import render
from dashboard.views.timeline import index_key

ARTICLE_KEY = "article_view_id"


def _label_of(outlet, title, opening, published, article_id: str, url: str = "") -> str:
    outlet = render.source_label(outlet, url)
    title = (title or "").strip() or (opening or article_id)
    date = published if isinstance(published, str) else "undated"
    return f"{title} — {outlet}, {date}"


@st.cache_resource(show_spinner=False, max_entries=4)
def article_labels(_articles, key: tuple) -> dict[str, str]:
    """Article id -> label of the select box, built once per index (one ``.loc`` per
    article on every rerun grew with the corpus)."""
    del key  # only the cache key
    return {row.id: _label_of(row.outlet, row.title, row.opening, row.published, row.id,
                              row.url)
            for row in _articles.itertuples(index=False)}


HERE = Path(__file__).resolve().parent
READER_KEY = "article_reader"
#: The article body: one element (built in the browser from data, see reader.js) instead of
#: an HTML element and a chip widget per paragraph, which made every click redraw dozens of
#: elements. Not style-isolated, so the page's VIEW_CSS and in-page anchors apply.
reader = st.components.v2.component(
    "corridor_atlas_article_reader",
    js=(HERE / "reader.js").read_text(encoding="utf-8"),
    css=(HERE / "reader.css").read_text(encoding="utf-8"),
    isolate_styles=False,
)


@dataclass(frozen=True)
class ArticleText:
    """One article as the view shows it, whatever is selected: its citation fields, its
    passages and mentions, and the body as data for the reader (``render.article_payload``).
    """

    meta: dict
    passages: pd.DataFrame
    mentions: pd.DataFrame
    body: dict


@st.cache_resource(show_spinner=False, max_entries=64)
def article_text(_atlas, article_id: str, key: tuple) -> ArticleText:
    """The article built once per index (``key``) and shared by every session: escaping
    and highlighting every paragraph on each click cost more than the rest of the rerun."""
    passages = _atlas.index.article_passages(article_id)
    mentions = _atlas.index.mentions_in(list(passages["passage_id"]))
    paragraphs = render.article_payload(passages, mentions, _atlas.layer_of,
                                        _atlas.properties, _atlas.name)
    version = hashlib.sha256(repr((article_id, key)).encode()).hexdigest()[:16]
    return ArticleText(queries.article_meta(_atlas, [article_id])[article_id], passages, mentions,
                       {"version": version, "paragraphs": paragraphs})


def chosen_feature(state: object, known) -> str | None:
    """The feature the reader's last click asks for (its "select" trigger), if it is a map
    feature; the value comes from the browser, so anything else is ignored."""
    chosen = state.get("select") if isinstance(state, Mapping) else None
    return chosen if isinstance(chosen, str) and chosen in known else None


def _on_select(select: Callable[[str | None], None], known) -> None:
    """A chip or a highlighted mention was clicked in the reader: select its feature."""
    chosen = chosen_feature(st.session_state.get(READER_KEY), known)
    if chosen is not None:
        select(chosen)


def article_mentioning(atlas, current: str | None, linked: list[str]) -> str | None:
    """The article to show for a new selection: ``current`` if it mentions any of
    ``linked``, else the first article (by id) that does; None if none does.

    Two small SQL queries: reading every mention of the corpus here made each click on the
    map cost hundreds of milliseconds at 10k articles."""
    if current is not None and queries.article_mentions_any(atlas, current, linked):
        return current
    return atlas.index.first_article_mentioning(linked)


def article_view(atlas, selected: str | None, select: Callable[[str | None], None]) -> None:
    """Show one article (chosen in a select box, default: the first that mentions the
    selected feature) with coloured mentions and feature chips."""
    ids = atlas.articles["id"]
    if ids.empty:
        st.caption("The corpus has no article.")
        return
    linked = atlas.linked_ids(selected) if selected else []
    if selected and st.session_state.get("_article_for") != selected:
        # A new selection opens an article that mentions it, if the current one does not.
        st.session_state["_article_for"] = selected
        chosen = article_mentioning(atlas, st.session_state.get(ARTICLE_KEY), linked)
        if chosen is not None:
            st.session_state[ARTICLE_KEY] = chosen
    if st.session_state.get(ARTICLE_KEY) not in atlas.articles.index:
        st.session_state[ARTICLE_KEY] = ids.iloc[0]
    key = index_key(atlas)
    labels = article_labels(atlas.articles, key)
    article_id = st.selectbox("Article", list(labels), key=ARTICLE_KEY,
                              format_func=lambda i: labels.get(i, i))
    text = article_text(atlas, article_id, key)
    first = render.first_mention(text.mentions, linked) if linked else None
    head = render.citation_line(text.meta) + render.mention_legend_html()
    if selected and first:
        # One element for the citation, the line and the paragraph: each element is
        # redrawn on every click.
        row = text.passages[text.passages["passage_id"] == first].iloc[0]
        here = text.mentions[text.mentions["passage_id"] == first]
        head += (render.first_mention_line(atlas.name(selected), first, int(row["paragraph"]))
                 + render.paragraph_html(first, int(row["paragraph"]), row["text"], here,
                                         atlas.layer_of, focus=True, anchor=False))
    elif selected:
        st.html(head)
        head = ""
        st.caption(f"This article does not mention {atlas.name(selected)}.")
    if head:
        st.html(head)
    # The body is the same whatever is selected; only the paragraph marked as the first
    # mention changes, which the reader does in place.
    body = {**text.body, "focus": render.passage_anchor(first) if first else None}
    reader(data=body, key=READER_KEY,
           on_select_change=partial(_on_select, select, atlas.properties))
