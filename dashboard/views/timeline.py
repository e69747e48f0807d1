"""The timeline: the dated events the articles report (``corpus/events.yaml``), a date range
that filters them (and, where articles have dates, the passages listed), a chart, and each
event with the passages that report it. The events in range are also pinned on the map
(``dashboard.mapevents``)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from corpus.articles import Passage
from corpus.events import EVENTS_PATH, EventSet, EventsFileError, events_in_range, load_events
from corpus.events import match_events as match_event_passages
from dashboard.queries import article_meta, plausible_dates
from dashboard.views import render

RANGE_KEY = "timeline_range"


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_events(path: str, mtime_ns: int, known: frozenset[str]) -> EventSet | str:
    """The events whose place is on the map (a map built from other layers simply shows
    fewer), or the text of the file's problems."""
    del mtime_ns  # only the cache key
    try:
        loaded = load_events(Path(path))
    except EventsFileError as error:
        return str(error)
    return EventSet(tuple(e for e in loaded.events if e.place in known), loaded.path)


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_matches(_atlas, index_key: tuple, _events: EventSet) -> dict[str, list[str]]:
    """Event id -> passage ids that report it, over every indexed passage."""
    del index_key  # only the cache key
    passages = []
    for article_id in _atlas.articles["id"]:
        frame = _atlas.index.article_passages(article_id)
        passages += [Passage(f"{article_id}:{int(n)}", article_id, int(n), text)
                     for n, text in zip(frame["paragraph"], frame["text"], strict=True)]
    return {k: v.passage_ids for k, v in match_event_passages(_events, passages).items()}


def index_key(atlas) -> tuple:
    """Changes when the index file changes (a new article, a relink)."""
    path = Path(atlas.index.path)
    stat = path.stat() if path.exists() else None
    wal = path.with_name(path.name + "-wal")
    return (str(path), stat.st_mtime_ns if stat else 0,
            wal.stat().st_mtime_ns if wal.exists() else 0, len(atlas.articles))


def events_for(atlas) -> EventSet | None:
    """The events, or None (with an error shown) when the file has problems."""
    mtime = EVENTS_PATH.stat().st_mtime_ns if EVENTS_PATH.exists() else 0
    loaded = cached_events(str(EVENTS_PATH), mtime, frozenset(atlas.properties))
    if isinstance(loaded, str):
        st.error("The events file could not be read; the timeline is off.\n\n"
                 + render.escape_text(loaded))
        return None
    return loaded


def date_bounds(events: EventSet, articles: pd.DataFrame) -> tuple[dt.date, dt.date]:
    """First and last day over the events and the articles' dates."""
    days = [e.first for e in events.events] + [e.last for e in events.events]
    days = days or [dt.date.today()]
    # Only plausible dates: a year such as 1026 breaks the slider and blanked the page.
    days += plausible_dates(articles["published"])
    return min(days), max(days)


def range_control(events: EventSet, articles: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    """The sidebar's date range for the timeline (events on the map and in the list); None
    when there is nothing dated to show."""
    if not events.events:
        return None
    low, high = date_bounds(events, articles)
    if low == high:
        return low, high  # a slider needs two different ends
    picked = st.sidebar.slider("Timeline: events between", min_value=low, max_value=high,
                               value=(low, high), format="YYYY-MM-DD", key=RANGE_KEY)
    return picked if isinstance(picked, tuple) and len(picked) == 2 else (low, high)


def passages_in_range(passage_ids: list[str], articles: pd.DataFrame, start: dt.date,
                      end: dt.date) -> list[str]:
    """Keep passages of undated articles, and of dated ones published within the range."""
    kept = []
    for passage_id in passage_ids:
        published = articles["published"].get(passage_id.rsplit(":", 1)[0])
        if not isinstance(published, str) or start <= dt.date.fromisoformat(published) <= end:
            kept.append(passage_id)
    return kept


# A row a place: 26 px each. The page fits the chart's whole height (axes included) to the
# height given, so the date axis and its title get their own room on top; every place is
# labelled (Vega-Lite otherwise drops every other name once the rows are tight).
ROW_HEIGHT = 26
AXIS_ROOM = 60


# At most this many date ticks: a phone (390 px) fits about three of them, and Vega-Lite
# drops every other label that would overlap; each label carries its year. Steps of months
# and days that fall on the same dates every year (January and July, every 7th day).
MAX_DATE_TICKS = 7
MONTH_STEPS = (1, 2, 3, 6, 12)
DAY_STEPS = (1, 2, 7, 14)


def date_axis(first: dt.date, last: dt.date) -> alt.Axis:
    """The date axis for events from ``first`` to ``last``: ticks at whole years, months or
    days (whichever gives at most ``MAX_DATE_TICKS``), each label with its year ("2024",
    "Oct 2025", "10 Feb 2026"). Vega-Lite's own labels named only the months ("February",
    "June") and the year only on a January tick, so a narrow chart showed no year at all."""
    days = max((last - first).days, 1)
    if days > 6 * 365:
        interval, count, label, steps = "year", days / 365.25, "%Y", ()
    elif days > 60:
        interval, count, label, steps = "month", days / 30.44, "%b %Y", MONTH_STEPS
    else:
        interval, count, label, steps = "day", days, "%d %b %Y", DAY_STEPS
    wanted = max(1, math.ceil(count / MAX_DATE_TICKS))
    step = next((s for s in steps if s >= wanted), wanted)
    return alt.Axis(format=label, tickCount={"interval": interval, "step": step},
                    labelOverlap=True, labelFlush=True)


def timeline_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Events as circles (and bars for spans) on a date axis, one labelled row a place."""
    rows = frame["place"].nunique()
    y = alt.Y("place:N", title="Place", axis=alt.Axis(labelOverlap=False))
    axis = date_axis(frame["start"].min().date(), frame["end"].max().date())
    chart = alt.Chart(frame).mark_circle(size=120, color=render.EVENT_COLOUR).encode(
        x=alt.X("start:T", title="Date", axis=axis), y=y,
        tooltip=["date", "title", "place", "passages"],
    )
    bars = alt.Chart(frame).mark_rule(color=render.EVENT_COLOUR, strokeWidth=3).encode(
        x="start:T", x2="end:T", y=y)
    return (chart + bars).properties(height=max(140, ROW_HEIGHT * rows) + AXIS_ROOM)


def timeline_section(atlas, events: EventSet, start: dt.date, end: dt.date) -> None:
    """The chart of the events in range and, for each, the passages that report it."""
    shown = events_in_range(events, start, end)
    matches = cached_matches(atlas, index_key(atlas), events)
    st.caption(f"{len(shown)} of {len(events.events)} events between {start} and {end}; "
               "dates from the articles (see each event's note). Circles on the map mark "
               "where they happened.")
    if not shown:
        return
    frame = pd.DataFrame([{
        "id": e.id, "start": pd.Timestamp(e.first), "end": pd.Timestamp(e.last),
        "date": e.date_label, "title": e.title, "place": atlas.name(e.place),
        "passages": len(matches.get(e.id, [])),
    } for e in shown])
    st.altair_chart(timeline_chart(frame), width="stretch", key="timeline_chart")
    in_range = {event.id: passages_in_range(matches.get(event.id, []), atlas.articles, start,
                                            end) for event in shown}
    # Every passage text and mention in two batches of queries, not two queries a passage.
    wanted = list(dict.fromkeys(p for ids in in_range.values() for p in ids))
    texts = passage_texts(atlas, wanted)
    mentions = atlas.index.mentions_in(wanted)
    by_passage = dict(tuple(mentions.groupby("passage_id", sort=False)))
    for event in shown:
        ids = in_range[event.id]
        where = atlas.name(event.place) + ("" if event.place_stated else
                                           " (place not given by the articles)")
        with st.expander(f"{event.date_label} · {event.title} · {where} · "
                         f"{len(ids)} passage(s)"):
            if event.note:
                st.caption(event.note)
            related = [atlas.name(f) for f in event.related if f in atlas.properties]
            if related:
                st.caption("Related: " + ", ".join(related))
            parts = []
            cited = article_meta(atlas, (p.rpartition(":")[0] for p in ids))
            for passage_id in ids:
                article_id, _, n = passage_id.rpartition(":")
                meta = cited[article_id]
                parts.append(f'<div class="event-passage" data-event='
                             f'"{render.html.escape(event.id)}">' + render.citation_line(meta)
                             + render.paragraph_html(passage_id, int(n),
                                                     texts.get(passage_id, ""),
                                                     by_passage.get(passage_id,
                                                                    mentions.iloc[0:0]),
                                                     atlas.layer_of, anchor=False) + "</div>")
            if parts:
                st.html("".join(parts))


def passage_texts(atlas, passage_ids: list[str]) -> dict[str, str]:
    """Passage id -> text, one query per article concerned."""
    texts: dict[str, str] = {}
    for article_id in dict.fromkeys(p.rsplit(":", 1)[0] for p in passage_ids):
        frame = atlas.index.article_passages(article_id)
        texts.update(zip(frame["passage_id"], frame["text"], strict=True))
    return texts
