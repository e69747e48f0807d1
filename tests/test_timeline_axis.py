"""The timeline's date axis: readable, with years, at any width (a phone is 390 px)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest


@pytest.mark.parametrize("first, last, interval, label", [
    ("2023-02-01", "2026-02-28", "month", "%b %Y"),   # the seed corpus: three years
    ("2026-02-09", "2026-02-13", "day", "%d %b %Y"),
    ("2010-01-01", "2026-01-01", "year", "%Y"),
])
def test_every_timeline_date_label_carries_its_year(first, last, interval, label):
    # Vega-Lite's own labels read "February, June, October" and named the year only on a
    # January tick: on a phone (390 px) the axis showed no year at all.
    from dashboard.views.timeline import MAX_DATE_TICKS, date_axis

    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    axis = date_axis(start, end).to_dict()
    assert axis["format"] == label and "%Y" in axis["format"]
    assert axis["tickCount"]["interval"] == interval
    per_tick = {"year": 365.25, "month": 30.44, "day": 1}[interval]
    ticks = (end - start).days / (per_tick * axis["tickCount"]["step"])
    assert ticks <= MAX_DATE_TICKS


def test_the_timeline_chart_uses_the_date_axis():
    from dashboard.views.timeline import timeline_chart

    frame = pd.DataFrame([{"id": "e", "start": pd.Timestamp(2024, 3, 1),
                           "end": pd.Timestamp(2026, 2, 1), "date": "2024", "title": "Event",
                           "place": "Baku", "passages": 1}])
    x = timeline_chart(frame).to_dict()["layer"][0]["encoding"]["x"]
    assert x["axis"]["format"] == "%b %Y"
