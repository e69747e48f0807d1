"""Try a new article: paste or upload text or a saved web page, see which features it
mentions (highlighted, and on a small map) before anything is saved. Saving calls
``corpus.adding.add_text``, the writer of ``python -m corpus add``, and is allowed only
when the app was started with ``-- --allow-add`` or CORRIDOR_ATLAS_ALLOW_ADD=1.

What the visitor pastes or uploads is only ever text: ``add_text`` never opens a file, so
a pasted line such as ``/etc/passwd`` is an article of one line, not the server's file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from corpus.articles import MAX_ARTICLE_BYTES
from dashboard.views import render

TEXT_KEY = "trial_text"
UPLOAD_KEY = "trial_upload"


@st.cache_resource(show_spinner=False, max_entries=2)
def cached_linker(layers_dir: str, signature: tuple):
    """The linker for the current layers (the one the index uses)."""
    import geodata
    from corpus.linking import linker_for

    del signature  # only the cache key
    return linker_for(geodata.load_layers(Path(layers_dir)))


def trial_paragraphs(text: str, name: str = "") -> list[str]:
    """The passages the text would become: HTML reduced to its main text, else paragraphs
    split at blank lines (as ``corpus add`` does)."""
    from corpus.adding import extract_html_paragraphs, extract_plain_paragraphs, looks_like_html

    if looks_like_html(text, Path(name).suffix):
        return extract_html_paragraphs(text)
    return extract_plain_paragraphs(text)


def trial_mentions(paragraphs: list[str], linker) -> pd.DataFrame:
    """Mentions in the pasted text, with the columns the article view reads."""
    rows = []
    for n, matches in enumerate(linker.link_document(paragraphs), start=1):
        for match in matches:
            rows.append({"passage_id": f"new:{n}", "paragraph": n, "feature": match.feature,
                         "start": match.start, "end": match.end, "text": match.text,
                         "kind": match.kind, "actor": match.actor})
    return pd.DataFrame(rows, columns=["passage_id", "paragraph", "feature", "start", "end",
                                       "text", "kind", "actor"])


def _source_text() -> tuple[str, str]:
    upload = st.session_state.get(UPLOAD_KEY)
    if upload is not None:
        data = upload.getvalue()
        if len(data) > MAX_ARTICLE_BYTES:
            st.error(f"{upload.name} is larger than the {MAX_ARTICLE_BYTES:,}-byte limit for "
                     "one article.")
            return "", ""
        try:
            return data.decode("utf-8").removeprefix("\ufeff"), upload.name
        except UnicodeDecodeError:
            st.error(f"{upload.name} is not UTF-8 text; save it as UTF-8 and upload again.")
            return "", ""
    return st.session_state.get(TEXT_KEY) or "", ""


def trial_section(atlas, layers_dir: str, signature: tuple, allowed: bool, corpus_dir: str,
                  preview_map: Callable[[set[str]], None] | None = None) -> None:
    """Paste or upload, preview, and (when allowed) save; with adding allowed, also add
    several files at once."""
    if allowed:
        from dashboard.views.add_files import add_files_section

        add_files_section(corpus_dir)
        st.subheader("Try a new article")
    st.text_area("Paste an article (plain text, paragraphs separated by blank lines, or "
                 "the HTML of a saved page)", key=TEXT_KEY, height=160)
    st.file_uploader("…or upload a .txt or .html file", type=["txt", "html", "htm"],
                     key=UPLOAD_KEY)
    text, name = _source_text()
    if not text.strip():
        st.caption("Nothing is saved while you try: the text stays in this page.")
        return
    paragraphs = trial_paragraphs(text, name)
    if not paragraphs:
        st.warning("No article text was found in what you gave.")
        return
    mentions = trial_mentions(paragraphs, cached_linker(layers_dir, signature))
    features = set(render.chip_features(mentions, atlas.properties))
    st.markdown(f"**{len(paragraphs)} passage(s); {len(features)} map feature(s) "
                "mentioned:** " + ", ".join(render.escape_text(atlas.name(f))
                                             for f in sorted(features, key=atlas.name)))
    st.html(render.mention_legend_html())
    body = "".join(
        render.paragraph_html(f"new:{n}", n, paragraph,
                              mentions[mentions["paragraph"] == n], atlas.layer_of,
                              anchor=False)
        for n, paragraph in enumerate(paragraphs, start=1))
    st.html(f'<div class="trial">{body}</div>')
    if preview_map is not None and features:
        preview_map(features)
    save_form(text, name, allowed, corpus_dir)


def save_form(text: str, name: str, allowed: bool, corpus_dir: str) -> None:
    """Front matter fields and the save button (disabled unless adding is allowed)."""
    if not allowed:
        st.info("Saving is off. Start the app with `streamlit run dashboard/app.py -- "
                "--allow-add` (or CORRIDOR_ATLAS_ALLOW_ADD=1) to add articles from here; "
                "or save the text to a file and run `python -m corpus add`.")
    with st.form("trial_save"):
        st.caption("Give '' (leave empty) for anything the source does not show; never "
                   "guess.")
        title = st.text_input("Title", key="trial_title")
        outlet = st.text_input("Outlet", key="trial_outlet")
        published = st.text_input("Published (YYYY-MM-DD)", key="trial_published")
        url = st.text_input("URL", key="trial_url")
        author = st.text_input("Author", key="trial_author")
        submitted = st.form_submit_button("Save to the corpus", disabled=not allowed)
    if submitted and allowed:
        from corpus.adding import AddArticleError, add_text

        try:
            article = add_text(text, name=name, title=title, outlet=outlet,
                               published=published, url=url, author=author,
                               directory=corpus_dir)
        except AddArticleError as error:
            st.error(render.escape_text(str(error)))
            return
        st.success(f"Saved as {article.id} ({len(article.passages)} passages). The map "
                   "counts it after the next reload.")
