"""The article view: one article in full, every mention coloured by layer, the map features
of each paragraph as chips under it. Choosing a chip selects that feature on the map and in
the panel; a selected feature brings its first mention in the article to the top, with a
link down to its place in the text (no script needed)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard import data
from dashboard.views import render
from dashboard.views.timeline import index_key

ARTICLE_KEY = "article_view_id"


def _label_of(outlet, title, opening, published, article_id: str) -> str:
    outlet = (outlet or "").strip() or "Unknown outlet"
    title = (title or "").strip() or (opening or article_id)
    date = published if isinstance(published, str) else "undated"
    return f"{title} — {outlet}, {date}"


@st.cache_resource(show_spinner=False, max_entries=4)
def article_labels(_articles, key: tuple) -> dict[str, str]:
    """Article id -> label of the select box, built once per index (one ``.loc`` per
    article on every rerun grew with the corpus)."""
    del key  # only the cache key
    return {row.id: _label_of(row.outlet, row.title, row.opening, row.published, row.id)
            for row in _articles.itertuples(index=False)}


def _on_chip(key: str, select: Callable[[str | None], None]) -> None:
    chosen = st.session_state.get(key)
    if chosen:
        select(chosen)
    # The chip is an action, not a state: clear it so it can be chosen again.
    st.session_state[key] = None


def article_mentioning(atlas, current: str | None, linked: list[str]) -> str | None:
    """The article to show for a new selection: ``current`` if it mentions any of
    ``linked``, else the first article (by id) that does; None if none does.

    Two small SQL queries: reading every mention of the corpus here made each click on the
    map cost hundreds of milliseconds at 10k articles."""
    if current is not None and data.article_mentions_any(atlas, current, linked):
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
    labels = article_labels(atlas.articles, index_key(atlas))
    article_id = st.selectbox("Article", list(labels), key=ARTICLE_KEY,
                              format_func=lambda i: labels.get(i, i))
    meta = atlas.articles.loc[article_id].to_dict()
    passages = atlas.index.article_passages(article_id)
    mentions = atlas.index.mentions_in(list(passages["passage_id"]))
    by_passage = dict(tuple(mentions.groupby("passage_id", sort=False)))
    empty = mentions.iloc[0:0]
    first = render.first_mention(mentions, linked) if linked else None
    head = render.VIEW_CSS + render.citation_line(meta) + render.mention_legend_html()
    if selected and first:
        row = passages[passages["passage_id"] == first].iloc[0]
        st.html(head)
        head = ""
        st.markdown(f"**First mention of {render.escape_text(atlas.name(selected))}** "
                    f"([go to ¶ {int(row['paragraph'])} in the text]"
                    f"(#{render.passage_anchor(first)})):")
        head += render.paragraph_html(first, int(row["paragraph"]), row["text"],
                                      by_passage.get(first, empty), atlas.layer_of,
                                      focus=True, anchor=False)
    elif selected:
        st.html(head)
        head = ""
        st.caption(f"This article does not mention {atlas.name(selected)}.")
    known = set(atlas.properties)
    # Paragraphs are gathered into one HTML element until one has chips (a widget must sit
    # under its paragraph): fewer elements make the rerun after a click cheaper.
    pending = [head] if head else []
    for passage_id, n, text in zip(passages["passage_id"], passages["paragraph"],
                                   passages["text"], strict=True):
        here = by_passage.get(passage_id, empty)
        pending.append(render.paragraph_html(passage_id, int(n), text, here, atlas.layer_of,
                                             focus=passage_id == first))
        chips = render.chip_features(here, known) if not here.empty else []
        if chips:
            st.html("".join(pending))
            pending = []
            key = f"chips_{passage_id}"
            st.pills(f"Features in ¶ {int(n)}", chips, key=key,
                     format_func=atlas.name, label_visibility="collapsed",
                     on_change=_on_chip, args=(key, select))
    if pending:
        st.html("".join(pending))
