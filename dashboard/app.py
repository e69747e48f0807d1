"""Corridor Atlas: click a corridor or an actor on the map and read what the sources say.

Run with ``make run`` (or ``streamlit run dashboard/app.py``). This file only lays out
widgets; the work is in dashboard.data, dashboard.staticmap and dashboard.passages. The
folders it reads are set by CORRIDOR_ATLAS_CORPUS and CORRIDOR_ATLAS_LAYERS (see
dashboard.data).
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# "auto": open on a wide screen, collapsed on a phone, where it would cover the map.
st.set_page_config(page_title="Corridor Atlas", layout="wide", initial_sidebar_state="auto")

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the repo root.
REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import pandas as pd  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from corpus.index import ArticleFilter  # noqa: E402
from dashboard import (  # noqa: E402
    assets,
    data,
    embeddedmap,
    focus,
    languages,
    mapevents,
    mapshapes,
    mapview,
    passages,
    queries,
    staticmap,
    viewport,
)
from dashboard.data import Atlas, CorpusData, GeoData  # noqa: E402
from dashboard.profiling import timed  # noqa: E402
from dashboard.views import article, downloads, render, sources, timeline, trial  # noqa: E402

MAP_HEIGHT = 640
# The search box above the reading panel (label and input), so the two columns end level.
SEARCH_HEIGHT = 72
MAP_KEY = "atlas_map"
SELECTED = "selected_feature"
SHOWN = "passages_shown"
NAMES_KEY = "names_open"
SELECTION_VIEW = "selection_view"
CORPUS_VIEW = "corpus_view"
FILES_CHECKED = "_corpus_files_checked"
ONLINE_KEY = "online_basemap"


@st.cache_resource(show_spinner=False)
def vendor_assets_ready() -> bool:
    """Copy Leaflet and jQuery into the static folder once per server process."""
    assets.ensure_vendor_assets()
    return True


# cache_resource, not cache_data: every session shares one read-only copy, where cache_data
# would unpickle a fresh copy of the layers and the article table on every rerun.
@st.cache_resource(show_spinner="Loading the map layers…", max_entries=2)
def cached_geodata(layers_dir: str, signature: tuple) -> GeoData:
    """The layers; ``signature`` changes when a layer file changes."""
    del signature  # only the cache key
    return data.load_geodata(Path(layers_dir))


@st.cache_resource(show_spinner=False)
def opened_corpus() -> data.OpenedCorpus:
    """The one OpenedCorpus of this server process."""
    return data.OpenedCorpus()


@st.cache_resource(show_spinner=False, max_entries=64)
def cached_counts(signature: tuple, filters: ArticleFilter, _atlas: Atlas) -> dict[str, int]:
    """Passages mentioning each feature under one choice of source filters."""
    del signature  # only the cache key
    return queries.mention_counts(_atlas, filters)


@st.cache_resource(show_spinner=False, max_entries=256)
def cached_panel(signature: tuple, feature_id: str, filters: ArticleFilter, shown: int,
                 _atlas: Atlas) -> tuple[queries.Summary, list[tuple[passages.ArticleGroup, str]]]:
    """The panel's counts and its first ``shown`` passages, grouped by article with each
    group's HTML, for one feature under one choice of filters, once per index version
    (``signature``): readers who open the same feature share them, where each click ran
    two queries and escaped every passage again. Read-only, like every cached resource."""
    del signature  # only the cache key
    summary = queries.feature_summary(_atlas, feature_id, filters)
    groups = queries.passage_page(_atlas, feature_id, filters, limit=shown)
    return summary, [(group, passages.group_html(group)) for group in groups]


@st.cache_data(show_spinner=False, max_entries=256)
def cached_view_request(signature: tuple, feature_id: str, _atlas: Atlas) -> dict:
    """The bounds and padded target of one feature (``dashboard.viewport``), once per layers
    version: a country's outline has thousands of vertices."""
    del signature  # only the cache key
    geometry = render.feature_geometries(_atlas.collections).get(feature_id)
    return viewport.view_request(geometry, 0)


@st.cache_data(show_spinner=False)
def pins_url(signature: tuple, events_key: tuple, _events: timeline.EventSet,
             _geo: GeoData) -> str:
    """Publish every event's pin (``dashboard.mapevents``) as a static file, fetched by the
    browser once; the state of each rerun says which are in range."""
    del signature, events_key  # only the cache key
    geometries = render.feature_geometries(_geo.collections)
    return assets.publish_json(
        mapevents.events_payload(_events.events, mapevents.place_points(geometries)),
        "events")


@st.cache_data(show_spinner=False)
def map_urls(signature: tuple, _geo: GeoData) -> tuple[str, str]:
    """Publish the country outlines and every shape as static files, fetched by the browser
    once; return their URL paths (content-hashed, so a data change gets new URLs)."""
    del signature  # only the cache key
    return (assets.publish_json(_geo.basemap, "basemap"),
            assets.publish_json(staticmap.shapes_payload(_geo.collections), "shapes"))


def load() -> tuple[Atlas, tuple]:
    """The atlas and the signature that identifies its data."""
    dirs = data.data_dirs()
    layers_signature = data.layers_signature(dirs.layers)
    geo = cached_geodata(str(dirs.layers), layers_signature)
    slot = st.empty()

    def open_corpus() -> CorpusData:
        progress = data.ProgressReporter(
            lambda fraction, text: slot.progress(fraction, text=text))
        with st.spinner("Opening the article index…"):
            return data.open_corpus(dirs.corpus, dirs.layers, progress=progress)

    # The article files are checked (a stat of each) on a session's first run, so a reload
    # picks up an edit in place; every run checks the index's build counter (one query),
    # which picks up `python -m corpus index` at once.
    folder = (str(dirs.corpus), str(dirs.layers), data.folder_signature(dirs.corpus))
    files = None if st.session_state.get(FILES_CHECKED) else data.corpus_signature(dirs.corpus)
    try:
        corpus, generation = opened_corpus().get(
            folder, files, lambda: data.index_generation(dirs.corpus, dirs.layers),
            open_corpus)
    except data.CorpusFolderMissing as missing:
        slot.empty()
        st.error(passages.escape_text(str(missing)))
        st.stop()
    st.session_state[FILES_CHECKED] = True
    slot.empty()
    return Atlas(geo, corpus), ((str(dirs.corpus), str(dirs.layers), generation),
                                layers_signature)


def select_feature(feature_id: str | None) -> None:
    """Make ``feature_id`` the selection and put it in the URL so the view can be shared."""
    st.session_state[SELECTED] = feature_id
    st.session_state.pop(SHOWN, None)
    viewport.ask(st.session_state)
    if feature_id:
        st.query_params["feature"] = feature_id
    elif "feature" in st.query_params:
        del st.query_params["feature"]


def reset_view() -> None:
    """The "Reset view" button."""
    viewport.ask(st.session_state, reset=True)


def on_search(atlas: Atlas) -> None:
    """The sidebar search picked a feature: select it, then clear the box for the next one."""
    choice = st.session_state.get("feature_search")
    if choice in atlas.properties:
        select_feature(choice)
    st.session_state["feature_search"] = None


def consume_click(value: object, atlas: Atlas) -> bool:
    """Select the feature of a new map click; True if the selection changed.

    A click is new when the component's click counter moved; clicking the selected feature
    again keeps it (and the panel) as it is.
    """
    if not isinstance(value, dict):
        return False
    count = value.get("last_object_clicked_count")
    drawing = value.get("last_active_drawing") or {}
    if count is not None and count == st.session_state.get("_click_count"):
        return False
    st.session_state["_click_count"] = count
    feature_id = ((drawing.get("properties") or {}) if isinstance(drawing, dict) else {}).get("id")
    if feature_id in atlas.properties and feature_id != st.session_state.get(SELECTED):
        select_feature(feature_id)
        return True
    return False


def init_selection(atlas: Atlas) -> None:
    """On a session's first run, take the selection from ``?feature=``."""
    if SELECTED in st.session_state:
        return
    feature_id, problem = queries.parse_feature_param(st.query_params.get("feature"),
                                                      atlas.properties)
    st.session_state[SELECTED] = feature_id
    st.session_state["link_problem"] = problem
    if feature_id:
        viewport.ask(st.session_state)
    if problem and "feature" in st.query_params:
        del st.query_params["feature"]
    elif feature_id and st.query_params.get_all("feature") != [feature_id]:
        # ?feature=tripp&feature=usa: the URL keeps only the value that was selected.
        st.query_params["feature"] = feature_id


def feature_search(atlas: Atlas) -> None:
    """Find any feature by name. It sits above the reading panel, inside the map's
    fragment, so choosing a feature reruns only the map and the panel (from the sidebar it
    redrew the whole page)."""
    st.selectbox(
        "Find a feature",
        options=sorted(atlas.properties, key=lambda i: atlas.name(i).casefold()),
        format_func=lambda i: f"{atlas.name(i)} ({atlas.layer_of[i]})",
        index=None,
        placeholder="Type a name…",
        key="feature_search",
        on_change=on_search,
        args=(atlas,),
    )


def base_map_choice() -> None:
    """The online base map: off by default; when on, say plainly what the browser does."""
    st.sidebar.subheader("Base map")
    if st.sidebar.toggle(mapview.ONLINE_LABEL, value=False, key=ONLINE_KEY,
                         help=mapview.ONLINE_HELP):
        st.sidebar.warning(mapview.ONLINE_NOTICE)
    else:
        st.sidebar.caption(mapview.OFFLINE_NOTE)


def sidebar(atlas: Atlas) -> tuple[set[str], ArticleFilter]:
    """Layer toggles with their features, source filters. Returns (visible feature ids, the
    source filter)."""
    st.sidebar.subheader("Layers")
    visible: set[str] = set()
    for layer in ("corridors", "actors", "places", "zones"):
        title = mapshapes.LAYER_TITLES[layer]
        shown = st.sidebar.toggle(title, value=True, key=f"layer_{layer}")
        ids = atlas.ids_in(layer)
        # Which to hide, not which to show: every feature shown by default means an empty
        # box, where a box of all 63 places as chips cost every rerun its redraw.
        with st.sidebar.expander(f"{title}: hide some", expanded=False):
            hidden = st.multiselect(
                f"{title} hidden",
                options=ids,
                default=[],
                format_func=atlas.name,
                key=f"hidden_{layer}",
                disabled=not shown,
                placeholder="None hidden: choose any to hide",
                label_visibility="collapsed",
            )
        if shown:
            visible.update(set(ids) - set(hidden))
    filters = source_filters(atlas)
    base_map_choice()
    return visible, filters


def follow_options(key: str, options, widen) -> object:
    """Before a source filter is drawn: when the corpus offers other values than at the last
    run (an import or a build while the page is open), update the widget's value with
    ``widen(value, offered, options)``. Returns the default to give the widget: ``options``
    on a session's first run, else None (the value is in session state; passing a default
    as well would make Streamlit warn)."""
    offered_key = f"_{key}_offered"
    offered = st.session_state.get(offered_key)
    st.session_state[offered_key] = options
    if key not in st.session_state:
        return options
    if offered is not None and offered != options:
        st.session_state[key] = widen(st.session_state[key], offered, options)
    return None


def source_filters(atlas: Atlas) -> ArticleFilter:
    """Outlet, language and publication-date filters, as a filter for the index queries."""
    st.sidebar.subheader("Sources")
    outlets = queries.outlet_labels(atlas.articles)
    chosen = st.sidebar.multiselect(
        "Outlets", options=outlets, key="outlets",
        default=follow_options("outlets", outlets, queries.widened_choice))
    codes = languages.language_codes(atlas.articles)
    chosen_languages = st.sidebar.multiselect(
        "Languages", options=codes, format_func=languages.language_label, key="languages",
        default=follow_options("languages", codes, queries.widened_choice))
    span = queries.date_range(atlas.articles)
    start = end = None
    if span:
        picked = st.sidebar.date_input(
            "Published between",
            value=follow_options("published", span, queries.widened_span),
            min_value=span[0],
            max_value=span[1],
            key="published",
        )
        if isinstance(picked, tuple) and len(picked) == 2:
            start, end = picked
    else:
        st.sidebar.caption("No article has a publication date, so there is no date filter.")
    undated = st.sidebar.checkbox("Include undated articles", value=True, key="undated")
    return queries.article_filter(atlas.articles, outlets=chosen, start=start, end=end,
                                  include_undated=undated, languages=chosen_languages)


def problems_notice(atlas: Atlas) -> None:
    """Say what could not be loaded, by file, as plain text in a table."""
    problems = atlas.problems
    if not problems:
        return
    with st.expander(f"Data problems ({len(problems)}): the rest of the data loaded"):
        frame = pd.DataFrame(
            [(p.part, p.path, p.where, p.message) for p in problems],
            columns=["part", "file", "where", "problem"],
        )
        st.dataframe(frame, hide_index=True, width="stretch")


def show_more(feature_id: str, shown: int) -> None:
    """The reader asked for the next page of passages."""
    st.session_state[SHOWN] = {"feature": feature_id, "count": shown + queries.PAGE_SIZE}


def reading_panel(atlas: Atlas, filters: ArticleFilter, signature: tuple) -> None:
    """Facts and passages of the selected feature: the first page, then more on request."""
    feature_id = st.session_state.get(SELECTED)
    if not feature_id:
        st.info(
            "Click a corridor, actor or place on the map, or find one in the sidebar, to read "
            "the passages that mention it."
        )
        return
    state = st.session_state.get(SHOWN) or {}
    shown = state["count"] if state.get("feature") == feature_id else queries.PAGE_SIZE
    with timed('panel.queries'):
        summary, groups = cached_panel(signature, feature_id, filters, shown, atlas)
    st.html(
        passages.facts_html(
            atlas.properties[feature_id],
            length_km=atlas.lengths_km.get(feature_id),
            summary=summary.text(),
        )
    )
    people = bool(atlas.properties[feature_id].get("people"))
    # Lazy: the names (and quoted statements) are read only while the expander is open, so
    # a click on the map does not pay for a table nobody looks at.
    names = st.expander("Names by source" + (", people and their statements" if people else ""),
                        key=NAMES_KEY, on_change="rerun")
    if names.open:
        with names, timed("panel.names"):
            sources.names_by_source_section(atlas, feature_id, filters)
            sources.people_section(atlas, feature_id, filters)
    if not groups:
        st.caption("No passage mentions this feature in the selected sources.")
    for group, group_html in groups:
        st.html(group_html)
        # Lazy like the names: the full text is sent only once the reader opens it, not with
        # every click (it was the largest part of each rerun's message).
        full = st.expander("Open article in full", key=f"full_{feature_id}_{group.article.id}",
                           on_change="rerun")
        if full.open:
            spans: dict[str, list[tuple[int, int]]] = {h.passage.id: h.spans
                                                       for h in group.hits}
            with full:
                st.html(passages.article_html(group.article, spans))
    if summary.passages > shown:
        st.button(
            f"Show more ({min(queries.PAGE_SIZE, summary.passages - shown)} of the "
            f"{summary.passages - shown:,} not shown)",
            key="show_more",
            on_click=show_more,
            args=(feature_id, shown),
        )


def preview_map(atlas: Atlas, basemap: str, features: set[str]) -> None:
    """A small map of the features a tried article mentions (nothing saved)."""
    group = embeddedmap.build_feature_group(atlas.collections, visible=features, counts={},
                                            selected=None)
    st_folium(embeddedmap.build_base_map(basemap), key="trial_map", height=360,
              use_container_width=True, feature_group_to_add=[group], returned_objects=[])


def selection_tabs(atlas: Atlas, visible: set[str], filters: ArticleFilter) -> None:
    """Below the map, the views that follow the selection: the article view and downloads
    (inside the map's fragment, so a click on the map moves them too)."""
    selected = st.session_state.get(SELECTED)
    dirs = data.data_dirs()
    # Tabs that track which one is open run only that one (st.tabs otherwise runs all).
    tabs = st.tabs(["Article", "Downloads"], key=SELECTION_VIEW, on_change="rerun")
    if tabs[0].open:
        with tabs[0], timed("tab.article"):
            article.article_view(atlas, selected, select_feature)
    if tabs[1].open:
        with tabs[1], timed("tab.downloads"):
            downloads.downloads_section(atlas, filters, visible, selected, str(dirs.layers),
                                        data.layers_signature(dirs.layers))


def corpus_tabs(atlas: Atlas, basemap: str, filters: ArticleFilter,
                events: timeline.EventSet | None, span: tuple | None) -> None:
    """The views of the whole corpus: actors x corridors, timeline, trying a new article
    (the views live in dashboard/views/). Outside the map's fragment: they do not depend on
    the selection, and redrawing them on every click would make each click seconds slower."""
    dirs = data.data_dirs()
    tabs = st.tabs(["Actors × corridors", "Timeline", "Try a new article"], key=CORPUS_VIEW,
                   on_change="rerun")
    if tabs[0].open:
        with tabs[0], timed("tab.matrix"):
            sources.matrix_section(atlas, filters, select_feature)
    if tabs[1].open and events is not None and span is not None:
        with tabs[1], timed("tab.timeline"):
            timeline.timeline_section(atlas, events, *span)
    if tabs[2].open:
        with tabs[2], timed("tab.trial"):
            trial.trial_section(atlas, str(dirs.layers), data.layers_signature(dirs.layers),
                                render.adding_allowed(), str(dirs.corpus),
                                preview_map=lambda f: preview_map(atlas, basemap, f))


@st.fragment
def map_and_panel(
    atlas: Atlas, basemap: str, visible: set[str], filters: ArticleFilter, signature: tuple,
    events: timeline.EventSet | None = None, span: tuple | None = None, shapes: str = "",
    pins: str = "",
) -> None:
    """The map and the reading panel: a click reruns only this part of the page.

    ``basemap`` and ``shapes`` are the URLs of the outlines and of every shape, which the
    browser fetches once (see ``map_urls``)."""
    with timed("fragment"):
        _map_and_panel(atlas, basemap, visible, filters, signature, events, span, shapes,
                       pins)


def _map_and_panel(atlas: Atlas, basemap: str, visible: set[str], filters: ArticleFilter,
                   signature: tuple, events: timeline.EventSet | None, span: tuple | None,
                   shapes: str, pins: str) -> None:
    """The body of ``map_and_panel``."""
    # The component stores its latest value under MAP_KEY before this rerun starts, so a
    # click is applied before the map is built and the highlight follows at once.
    consume_click(st.session_state.get(MAP_KEY), atlas)
    counts = cached_counts(signature, filters, atlas)
    map_column, panel_column = st.columns([5, 3], gap="medium")
    # The panel is written first (it still shows on the right): what the reader waits for
    # leaves the server before the map's state and the article view, which matters when
    # several readers click at once and their reruns share the server.
    with panel_column:
        feature_search(atlas)
        with st.container(height=MAP_HEIGHT - SEARCH_HEIGHT, border=False,
                          key="reading_panel"), timed("panel"):
            reading_panel(atlas, filters, signature)
    with map_column:
        # The base map never changes (no remount); each rerun sends only the small state.
        # The timeline's pins, when it is on: ``pins`` is "" without an events file.
        shown = (mapevents.shown_events(timeline.events_in_range(events, *span))
                 if pins and span is not None else None)
        base = mapevents.add_pins(
            mapview.add_follow(staticmap.build_static_map(basemap, shapes),
                               staticmap.VIEW_BOUNDS),
            pins if shown is not None else None)
        group = staticmap.build_state_group(staticmap.map_state(
            atlas.collections,
            visible=visible,
            counts=counts,
            selected=st.session_state.get(SELECTED),
            events=shown,
        ))
        view = viewport.latest(st.session_state, st.session_state.get(SELECTED),
                               lambda i: cached_view_request(signature[1], i, atlas))
        mapview.add_view_state(group, view, online=bool(st.session_state.get(ONLINE_KEY)))
        layers = [group]
        with timed("st_folium"):
            # render=False: st_folium then renders the map element alone, which is all it
            # sends, instead of the whole HTML page around it as well (8 of its 20 ms).
            value = st_folium(base, key=MAP_KEY, height=MAP_HEIGHT, use_container_width=True,
                              feature_group_to_add=layers, render=False,
                              returned_objects=["last_active_drawing",
                                                "last_object_clicked_count"])
        if consume_click(value, atlas):
            # Only reached when the value did not come through session state first.
            st.rerun()
        st.button("Reset view", key="reset_view", on_click=reset_view,
                  help="Back to the default framing of the map (the selection stays).")
    # Inside the fragment, so a click on the map also moves the article view.
    selection_tabs(atlas, visible, filters)


def main() -> None:
    """Lay out the page."""
    vendor_assets_ready()
    atlas, signature = load()
    init_selection(atlas)
    # The page's one stylesheet, outside the map's fragment: a <style> inside it would be
    # inserted again on every click, and each insertion restyles the whole page.
    st.html(passages.PANEL_CSS + passages.NO_STALE_FADE_CSS + passages.NARROW_SCREEN_CSS
            + passages.MEDIUM_SCREEN_CSS + render.VIEW_CSS + focus.CSS)
    focus.install()
    visible, filters = sidebar(atlas)
    st.title("Corridor Atlas")
    st.caption(
        "Corridors and actors that the articles discuss. Click a shape to read every passage "
        "that mentions it, with its source."
    )
    if st.session_state.get("link_problem"):
        # Markdown decodes the entities, so what the link said shows as plain text.
        st.warning(passages.escape_text(st.session_state.pop("link_problem")))
    problems_notice(atlas)
    if not atlas.properties:
        st.error(
            "No map features could be loaded from the layers folder "
            f"({passages.escape_text(data.data_dirs().layers)}). See the data problems above, "
            "or run `python -m geodata` to rebuild the layers."
        )
        return
    events = timeline.events_for(atlas)
    span = timeline.range_control(events, atlas.articles) if events is not None else None
    basemap, shapes = map_urls(signature[1], atlas.geo)
    pins = (pins_url(signature[1], mapevents.pins_key(events.events), events, atlas.geo)
            if events is not None else "")
    map_and_panel(atlas, basemap, visible, filters, signature, events, span, shapes, pins)
    corpus_tabs(atlas, basemap, filters, events, span)


with timed("full run"):
    main()
