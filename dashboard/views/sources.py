"""Reading across sources in the feature panel and below the map: the names each source
uses for the selected feature, the people who speak for an actor with their quoted
statements, and the actor x corridor matrix whose cells list their passages."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import streamlit as st

from corpus.analysis import (
    actor_corridor_matrix,
    cell_passages,
    display_titles,
    matrix_long,
    names_by_source,
    quoted_statements,
    statements_by_person,
)
from dashboard import names_list, queries
from dashboard.views import render
from dashboard.views.timeline import index_key

MATRIX_KEY = "actor_corridor_matrix"


def _passage_texts(atlas, passage_ids) -> dict[str, str]:
    texts: dict[str, str] = {}
    for article_id in dict.fromkeys(p.rsplit(":", 1)[0] for p in passage_ids):
        frame = atlas.index.article_passages(article_id)
        for n, text in zip(frame["paragraph"], frame["text"], strict=True):
            texts[f"{article_id}:{int(n)}"] = text
    return texts


def names_by_source_section(atlas, feature_id: str, filters) -> None:
    """The names the sources use for the feature, grouped by name: spellings with their
    language, the sources with counts; the full table as a CSV download."""
    # Only this feature's own mentions, narrowed in SQL: the whole corpus's mentions would
    # cost seconds per click at 10k articles.
    mentions = atlas.index.mentions(filters, features=[feature_id], kind="feature")
    holders = atlas.articles.loc[atlas.articles.index.intersection(
        list(dict.fromkeys(mentions["article_id"])))]
    long = names_by_source(mentions, feature_id, display_titles(holders))
    st.markdown("**Names by source**")
    if long.empty:
        st.caption("No source names this feature in the selected articles.")
        return
    # A list, not a wide table: the panel is ~300 px wide (a phone's width when stacked).
    st.html(names_list.names_html(names_list.name_groups(long, mentions, feature_id)))
    # The same counts as one table (a name per row, a column per source), for a spreadsheet.
    st.download_button("Names by source as a table (CSV)",
                       names_list.names_csv(long),
                       file_name=f"names-by-source-{feature_id}.csv", mime="text/csv",
                       key=f"names_csv_{feature_id}", on_click="ignore")


def people_section(atlas, feature_id: str, filters) -> None:
    """For an actor: the people who speak for it and the statements quoted from them."""
    people = [p for p in atlas.properties.get(feature_id, {}).get("people") or []
              if isinstance(p, dict) and p.get("id")]
    if not people:
        return
    mine = atlas.index.mentions(filters, kind="person", actor=feature_id)
    passage_ids = list(dict.fromkeys(mine["passage_id"]))
    texts = _passage_texts(atlas, passage_ids)
    # Every mention in those passages (the quote attribution looks at all of them); the
    # passages already passed the source filters.
    in_passages = atlas.index.mentions_in(passage_ids)
    statements = statements_by_person(
        quoted_statements(((p, texts[p]) for p in passage_ids if p in texts), in_passages),
        feature_id)
    st.markdown("**People and their quoted statements**")
    counts = mine.groupby("feature")["passage_id"].nunique().to_dict()
    parts = []
    for person in people:
        name = person.get("name") or person["id"]
        role = person.get("role") or ""
        said = statements.get(person["id"], [])
        parts.append(f'<div class="person" data-person="{render.html.escape(person["id"])}">'
                     f"<strong>{render.escape_text(name)}</strong>"
                     + (f" \u2014 {render.escape_text(role)}" if role else "")
                     + f" \u00b7 {counts.get(person['id'], 0)} passage(s), "
                     f"{len(said)} quoted statement(s)</div>")
        cited = queries.article_meta(atlas, (item.passage_id.rsplit(":", 1)[0] for item in said))
        for statement in said:
            meta = cited[statement.passage_id.rsplit(":", 1)[0]]
            parts.append(render.statement_html(name, statement.quote,
                                               render.citation_line(meta),
                                               statement.passage_id))
    # One element for the whole list: many small elements cost more than their content.
    st.html("".join(parts))


@st.cache_resource(show_spinner=False, max_entries=8)
def cached_matrix(_atlas, index_key: tuple, filters):
    """(mentions, matrix, long form) of the actor x corridor view for one choice of source
    filters; shared read-only by every session, recomputed when the index changes."""
    del index_key  # only the cache key
    mentions = _atlas.index.mentions(filters)
    actors = _atlas.ids_in("actors")
    corridors = _atlas.ids_in("corridors")
    matrix = actor_corridor_matrix(mentions, actors, corridors)
    matrix = matrix[matrix.sum(axis=1) > 0]
    long = matrix_long(matrix) if not matrix.empty else None
    if long is not None:
        long["actor_name"] = long["actor"].map(_atlas.name)
        long["corridor_name"] = long["corridor"].map(_atlas.name)
    return mentions, matrix, long


def matrix_section(atlas, filters, select: Callable[[str | None], None]) -> None:
    """The actor x corridor heatmap; clicking a cell lists exactly its passages."""
    key = index_key(atlas)
    mentions, matrix, _long = cached_matrix(atlas, key, filters)
    if matrix.empty:
        st.caption("No passage mentions both an actor and a corridor in the selected "
                   "articles.")
        return
    event = st.vega_lite_chart(cached_matrix_spec(atlas, key, filters), on_select="rerun",
                               key=MATRIX_KEY, selection_mode="cell", width="stretch")
    chosen = selected_cell(event)
    if chosen is None:
        st.caption("Click a cell to list the passages that mention both.")
        return
    actor, corridor = chosen
    ids = cell_passages(mentions, actor, corridor)
    st.markdown(f"**{render.escape_text(atlas.name(actor))} × "
                f"{render.escape_text(atlas.name(corridor))}: {len(ids)} passage(s)**")
    columns = st.columns(2)
    if columns[0].button(f"Select {atlas.name(actor)} on the map", key="matrix_actor"):
        select(actor)
    if columns[1].button(f"Select {atlas.name(corridor)} on the map", key="matrix_corridor"):
        select(corridor)
    texts = _passage_texts(atlas, ids)
    spans = mentions[mentions["passage_id"].isin(set(ids))
                     & (mentions["feature"].isin({corridor, actor})
                        | (mentions["actor"] == actor))]
    cited = queries.article_meta(atlas, (p.rsplit(":", 1)[0] for p in ids))
    for passage_id in ids:
        meta = cited[passage_id.rsplit(":", 1)[0]]
        st.html('<div class="cell-passage">' + render.citation_line(meta)
                + render.paragraph_html(passage_id, int(passage_id.rsplit(":", 1)[1]),
                                        texts.get(passage_id, ""),
                                        spans[spans["passage_id"] == passage_id],
                                        atlas.layer_of, anchor=False) + "</div>")


@st.cache_data(show_spinner=False, max_entries=8)
def cached_matrix_spec(_atlas, index_key: tuple, filters) -> dict:
    """The Vega-Lite spec of ``matrix_chart`` for one choice of source filters.

    Built and validated once: building the Altair chart and turning it into a spec took
    about 110 ms of every rerun (a layer toggle reruns the whole page), for the same spec."""
    _mentions, matrix, long = cached_matrix(_atlas, index_key, filters)
    return matrix_chart(long, [_atlas.name(c) for c in _atlas.ids_in("corridors")],
                        [_atlas.name(a) for a in matrix.index]).to_dict()


ROW_HEIGHT = 24
# Sized for a phone: labels, five corridor columns and Vega's padding fit in the 370 px
# that a 390 px wide screen leaves (the chart has a fixed width and was cut off on the
# right, legend and TRIPP column included, below about 1100 px). The legend goes below.
LABEL_WIDTH = 110
COLUMN_WIDTH = 46


def matrix_chart(long, corridor_order: list[str], actor_order: list[str]) -> alt.HConcatChart:
    """The heatmap of ``long`` (``matrix_long`` plus ``actor_name``/``corridor_name``), one
    row per actor in ``actor_order``, one column per corridor in ``corridor_order``.

    Every row and column is labelled (no label is dropped to avoid overlaps): long names
    are shortened (``render.short_names``) and the full names show on hover, over a row's
    label as over any cell. The row labels are their own small chart beside the heatmap,
    since Vega-Lite gives no tooltip to axis labels.
    """
    actors = render.short_names(actor_order)
    corridors = render.short_names(corridor_order)
    long = long.assign(actor_label=long["actor_name"].map(actors),
                       corridor_label=long["corridor_name"].map(corridors))
    rows = [actors[a] for a in actor_order]
    columns = [corridors[c] for c in corridor_order]
    height = ROW_HEIGHT * max(len(rows), 1)
    y = alt.Y("actor_label:N", sort=rows, axis=None, scale=alt.Scale(domain=rows))
    labels = (
        alt.Chart(long.drop_duplicates("actor"))
        .mark_text(align="right", baseline="middle", fontSize=12, limit=LABEL_WIDTH - 8)
        .encode(y=y, x=alt.value(LABEL_WIDTH - 6), text="actor_label:N",
                tooltip=[alt.Tooltip("actor_name:N", title="Actor (with its people)")])
        .properties(width=LABEL_WIDTH, height=height,
                    title=alt.TitleParams("Actor (with its people)", fontSize=11,
                                          anchor="end", fontWeight="normal"))
    )
    cell = alt.selection_point(name="cell", fields=["actor", "corridor"], on="click")
    x = alt.X("corridor_label:N", title="Corridor", sort=columns,
              scale=alt.Scale(domain=columns),
              axis=alt.Axis(labelAngle=-40, labelLimit=160, labelOverlap=False))
    heat = (
        alt.Chart(long)
        .mark_rect(stroke="#ffffff")
        .encode(
            x=x, y=y,
            color=alt.Color("passages:Q", title="Passages", scale=alt.Scale(scheme="blues"),
                            legend=alt.Legend(orient="bottom", direction="horizontal")),
            opacity=alt.condition(cell, alt.value(1.0), alt.value(0.55)),
            tooltip=[alt.Tooltip("actor_name:N", title="Actor"),
                     alt.Tooltip("corridor_name:N", title="Corridor"),
                     alt.Tooltip("passages:Q", title="Passages")],
        )
        .add_params(cell)
    )
    counts = alt.Chart(long[long["passages"] > 0]).mark_text(fontSize=11).encode(
        x=x, y=y, text="passages:Q",
        tooltip=[alt.Tooltip("actor_name:N", title="Actor"),
                 alt.Tooltip("corridor_name:N", title="Corridor"),
                 alt.Tooltip("passages:Q", title="Passages")])
    grid = alt.layer(heat, counts).properties(height=height, width=alt.Step(COLUMN_WIDTH))
    return alt.hconcat(labels, grid, spacing=4).resolve_scale(y="shared")


def selected_cell(event) -> tuple[str, str] | None:
    """(actor, corridor) of the clicked cell in the chart's selection event."""
    try:
        points = event["selection"]["cell"]
    except (KeyError, TypeError):
        return None
    if not points:
        return None
    point = points[0]
    if "actor" in point and "corridor" in point:
        return str(point["actor"]), str(point["corridor"])
    return None
