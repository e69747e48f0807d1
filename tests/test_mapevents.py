"""Tests of dashboard.mapevents: the pins file, the pins' state and the static element.
No Streamlit, no browser (the browser test in tests/browser/test_reading_views.py waits for a
pin on the live map)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import folium
import pytest

from corpus.events import Event, Rule
from dashboard import mapevents, staticmap

BAKU = {"type": "Point", "coordinates": [49.89, 40.38]}
EVENT = Event(id="charter", date=dt.date(2026, 2, 10), precision="day", end=None,
              title="Charter <signed>", place="baku", place_stated=True, related=(),
              people=(), note="", rules=(Rule(date=True),))


def event(**changes) -> Event:
    return dataclasses.replace(EVENT, **changes)


def points(place):
    return {"baku": (40.38, 49.89), "yerevan": (40.18, 44.51)}.get(place)


def test_one_pin_per_place_with_its_events_in_date_order_and_none_off_the_map():
    events = [event(id="late", date=dt.date(2026, 3, 1)), EVENT,
              event(id="lost", place="atlantis"), event(id="visit", place="yerevan",
                                                         place_stated=False)]
    payload = mapevents.events_payload(events, points)
    pins = {pin["place"]: pin for pin in payload["pins"]}
    assert set(pins) == {"baku", "yerevan"}
    assert pins["baku"]["at"] == [40.38, 49.89]
    assert [e[0] for e in pins["baku"]["events"]] == ["charter", "late"]
    assert pins["yerevan"]["events"] == [["visit", "2026-02-10: Charter <signed> "
                                          "(place assumed)"]]


def test_labels_are_plain_text_for_the_browser_to_set_as_text():
    # The label keeps the title as written: the script sets it with createTextNode, so
    # "<signed>" is shown, never parsed.
    payload = mapevents.events_payload([EVENT], points)
    assert payload["pins"][0]["events"][0][1] == "2026-02-10: Charter <signed>"
    element = mapevents.EventPins("/app/static/generated/events.0123456789ab.json")
    m = folium.Map(tiles=None)
    element.add_to(m)
    script = m.get_root().render()
    assert "createTextNode" in script and "innerHTML" not in script


def test_the_pins_file_is_json_and_its_key_follows_the_events():
    payload = mapevents.events_payload([EVENT], points)
    assert json.loads(json.dumps(payload)) == payload
    assert mapevents.pins_key([EVENT]) == mapevents.pins_key([event()])
    assert mapevents.pins_key([EVENT]) != mapevents.pins_key([event(title="Charter")])
    assert mapevents.pins_key([EVENT]) != mapevents.pins_key([event(place="yerevan")])


def test_the_state_lists_the_events_in_range_sorted_and_only_with_the_timeline_on():
    collections = {"places": {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "baku"}, "geometry": BAKU}]}}
    shown = mapevents.shown_events([event(id="b"), event(id="a"), event(id="a")])
    assert shown == ["a", "b"]
    state = staticmap.map_state(collections, events=shown)
    assert state["events"] == ["a", "b"]
    assert "events" not in staticmap.map_state(collections)
    # An empty range is a state too: every pin hides.
    assert staticmap.map_state(collections, events=[])["events"] == []


def test_the_static_map_fetches_only_a_local_pins_file():
    m = folium.Map(tiles=None)
    assert mapevents.add_pins(m, None) is m
    assert "atlasEvents" not in m.get_root().render()
    with pytest.raises(ValueError):
        mapevents.EventPins("https://example.org/events.json")
    mapevents.add_pins(m, "/app/static/generated/events.0123456789ab.json")
    assert "window.atlasEvents" in m.get_root().render()
