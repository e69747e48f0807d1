"""The article view: one article in full, every mention coloured by layer, the map features
of each paragraph as chips under it. Choosing a chip selects that feature on the map and in
the panel; a selected feature brings its first mention in the article to the top, with a
link down to its place in the text (no script needed)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard.views import render

ARTICLE_KEY = "article_view_id"


def _label(atlas, article_id: str) -> str:
    row = atlas.articles.loc[article_id]
    outlet = (row["outlet"] or "").strip() or "Unknown outlet"
    title = (row["title"] or "").strip() or (row["opening"] or article_id)
    date = row["published"] if isinstance(row["published"], str) else "undated"
    return f"{title} — {outlet}, {date}"


def _on_chip(key: str, select: Callable[[str | None], None]) -> None:
    chosen = st.session_state.get(key)
    if chosen:
        select(chosen)
    # The chip is an action, not a state: clear it so it can be chosen again.
    st.session_state[key] = None


def article_view(atlas, selected: str | None, select: Callable[[str | None], None]) -> None:
    """Show one article (chosen in a select box, default: the first that mentions the
    selected feature) with coloured mentions and feature chips."""
    ids = list(atlas.articles["id"])
    if not ids:
        st.caption("The corpus has no article.")
        return
    linked = atlas.linked_ids(selected) if selected else []
    if selected and st.session_state.get("_article_for") != selected:
        # A new selection opens an article that mentions it, if the current one does not.
        st.session_state["_article_for"] = selected
        current = st.session_state.get(ARTICLE_KEY)
        mentions_here = atlas.index.mentions_in(
            list(atlas.index.article_passages(current)["passage_id"])) if current else None
        if current is None or mentions_here is None or not mentions_here["feature"].isin(
                linked).any():
            counts = atlas.index.mentions()
            holders = counts.loc[counts["feature"].isin(linked), "article_id"]
            if not holders.empty:
                st.session_state[ARTICLE_KEY] = holders.iloc[0]
    if st.session_state.get(ARTICLE_KEY) not in ids:
        st.session_state[ARTICLE_KEY] = ids[0]
    article_id = st.selectbox("Article", ids, key=ARTICLE_KEY,
                              format_func=lambda i: _label(atlas, i))
    meta = atlas.articles.loc[article_id].to_dict()
    passages = atlas.index.article_passages(article_id)
    passage_ids = [f"{article_id}:{int(n)}" for n in passages["paragraph"]]
    mentions = atlas.index.mentions_in(passage_ids)
    st.html(render.VIEW_CSS)
    st.html(render.citation_line(meta) + render.mention_legend_html())
    first = render.first_mention(mentions, linked) if linked else None
    if selected and first:
        row = passages[passages["paragraph"] == int(first.rsplit(":", 1)[1])].iloc[0]
        st.markdown(f"**First mention of {render.escape_text(atlas.name(selected))}** "
                    f"([go to ¶ {int(row['paragraph'])} in the text]"
                    f"(#{render.passage_anchor(first)})):")
        st.html(render.paragraph_html(first, int(row["paragraph"]), row["text"],
                                      mentions[mentions["passage_id"] == first],
                                      atlas.layer_of, focus=True, anchor=False))
    elif selected:
        st.caption(f"This article does not mention {atlas.name(selected)}.")
    known = set(atlas.properties)
    for row in passages.itertuples(index=False):
        passage_id = f"{article_id}:{int(row.paragraph)}"
        here = mentions[mentions["passage_id"] == passage_id]
        st.html(render.paragraph_html(passage_id, int(row.paragraph), row.text, here,
                                      atlas.layer_of, focus=passage_id == first))
        chips = render.chip_features(here, known)
        if chips:
            key = f"chips_{passage_id}"
            st.pills(f"Features in ¶ {int(row.paragraph)}", chips, key=key,
                     format_func=atlas.name, label_visibility="collapsed",
                     on_change=_on_chip, args=(key, select))
