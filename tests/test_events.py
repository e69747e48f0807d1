"""Tests of corpus.events: date reading, rule matching, the events file and the seeds."""

from __future__ import annotations

import datetime as dt

import pytest

import corpus
import geodata
from corpus.articles import Passage
from corpus.events import (
    EventsFileError,
    events_in_range,
    find_dates,
    load_events,
    match_events,
    reports,
)

D = dt.date


def dates(text):
    return [(d.text, d.year, d.month, d.days) for d in find_dates(text)]


@pytest.mark.parametrize("text, expected", [
    ("in Washington on August 8, 2025.", [("August 8, 2025", 2025, 8, (8, 8))]),
    ("on 8 August 2025", [("8 August 2025", 2025, 8, (8, 8))]),
    ("visit on February 9-10 is", [("February 9-10", None, 2, (9, 10))]),
    ("Baku (10–11 February)", [("10–11 February", None, 2, (10, 11))]),
    ("In November 2025, the U.S.", [("November 2025", 2025, 11, None)]),
    ("held in Davos in January further", [("in January", None, 1, None)]),
    ("on Feb. 10th the", [("Feb. 10th", None, 2, (10, 10))]),
    ("They may march in May.", [("in May", None, 5, None)]),
    ("February 30 is no day", []),
])
def test_find_dates(text, expected):
    assert dates(text) == expected


def write_events(tmp_path, body: str):
    path = tmp_path / "events.yaml"
    path.write_text("events:\n" + body, encoding="utf-8")
    return path


SUMMIT = """
  - id: summit
    date: 2025-08-08
    title: A summit
    place: washington
    related: [usa]
    match:
      - date: true
        all: ["summit|White House"]
      - all: ["Charter", "sign\\\\w*"]
        none: ["draft\\\\w*"]
"""


def test_rules_need_the_date_and_the_keywords(tmp_path):
    event = load_events(write_events(tmp_path, SUMMIT)).events[0]
    assert reports(event, "The White House summit of 8 August 2025 ended.")
    assert reports(event, "On August 8 last year, at the White House, they met.")
    assert not reports(event, "The White House summit of 8 August 2024 ended.")
    assert not reports(event, "On August 8, 2025 nothing else happened.")
    assert not reports(event, "The White House summit was long.")
    assert reports(event, "The Charter was signed.")
    assert not reports(event, "They signed a memo drafting a Charter.")
    assert not reports(event, "The Charters were signed")  # whole words only


def test_month_precision_and_ranges(tmp_path):
    path = write_events(tmp_path, """
  - id: visit
    date: 2026-02-09
    end: 2026-02-10
    title: A visit
    place: yerevan
    match: [{date: true, all: ["Vance"]}]
  - id: davos
    date: 2026-01
    precision: month
    title: A meeting
    place: davos
    match: [{date: true, all: ["Davos"]}]
""")
    visit, davos = load_events(path).events
    assert reports(visit, "Vance came on February 10.")
    assert reports(visit, "Vance's visit (February 10-11)")
    assert not reports(visit, "Vance came on February 11.")
    assert reports(davos, "They met in Davos on January 22.")
    assert reports(davos, "The meeting held in Davos in January.")
    assert not reports(davos, "The meeting held in Davos in February 2026.")
    assert davos.last == D(2026, 1, 31) and davos.date_label == "2026-01"
    assert visit.date_label == "2026-02-09 to 2026-02-10"
    assert [e.id for e in events_in_range([visit, davos], D(2026, 2, 1), None)] == ["visit"]
    assert [e.id for e in events_in_range([visit, davos], None, D(2026, 1, 5))] == ["davos"]


@pytest.mark.parametrize("body, message", [
    ("  - {id: Bad, date: 2025-01-01, title: t, place: baku, match: [{all: [x]}]}\n",
     "must match"),
    ("  - {id: a, date: 1 Jan 2025, title: t, place: baku, match: [{all: [x]}]}\n",
     "expected an ISO date"),
    ("  - {id: a, date: 2025-01-01, title: t, place: baku, match: [{all: ['(']}]}\n",
     "not a valid regular expression"),
    ("  - {id: a, date: 2025-01-01, title: t, place: baku, match: [{none: [x]}]}\n",
     "would match every passage"),
    ("  - {id: a, date: 2025-01-01, title: t, place: baku}\n", "expected a list of rules"),
    ("  - {id: a, date: 2025-01-01, title: t, place: baku, colour: red, "
     "match: [{all: [x]}]}\n", "unknown field"),
    ("  - {id: a, date: 2025-01-02, end: 2025-01-01, title: t, place: baku, "
     "match: [{all: [x]}]}\n", "is before the date"),
])
def test_bad_events_files_name_the_event_and_field(tmp_path, body, message):
    with pytest.raises(EventsFileError, match=message) as error:
        load_events(write_events(tmp_path, body))
    assert "events.yaml: event 1" in str(error.value)


def test_unknown_place_is_reported_when_features_are_given(tmp_path):
    path = write_events(tmp_path, SUMMIT)
    with pytest.raises(EventsFileError, match="'washington' is not on the map"):
        load_events(path, known_features={"usa"})


# --------------------------------------------------------------------------- the committed file


@pytest.fixture(scope="module")
def seed_matches():
    layers = geodata.load_layers()
    events = load_events(known_features=layers.features.index)
    return events, match_events(events, corpus.load_corpus().passages())


def test_the_committed_events_load_and_every_event_has_passages(seed_matches):
    events, matches = seed_matches
    assert len(events.events) >= 12
    for event in events.events:
        assert matches[event.id].passage_ids, f"{event.id} reports no passage"


@pytest.mark.parametrize("event_id, passage_ids", [
    ("white_house_summit_2025", {"6b6f8fa6948069a6:7", "86ee1b2db61805c9:24",
                                 "d3de398344552fac:9", "b905d5eae436789a:1"}),
    ("us_central_asia_minerals_memoranda", {"d3de398344552fac:10"}),
    ("davos_trump_aliyev", {"6b6f8fa6948069a6:4", "6b6f8fa6948069a6:8"}),
    ("framework_agreement_published", {"86ee1b2db61805c9:25"}),
    ("vance_trip_announced", {"86ee1b2db61805c9:7"}),
    ("mirzoyan_eu_mission", {"86ee1b2db61805c9:26"}),
    ("vance_in_yerevan", {"6b6f8fa6948069a6:2", "86ee1b2db61805c9:21"}),
    ("vance_in_baku", {"aa2d72d812be5744:1", "86ee1b2db61805c9:15"}),
    ("charter_signed_baku", {"86ee1b2db61805c9:15", "aa2d72d812be5744:1",
                             "d3de398344552fac:1"}),
    ("digital_architecture_meeting", {"aa2d72d812be5744:4"}),
    ("munich_security_conference_2026", {"86ee1b2db61805c9:7"}),
])
def test_seed_passages_are_found(seed_matches, event_id, passage_ids):
    _, matches = seed_matches
    assert passage_ids <= set(matches[event_id].passage_ids)


def test_the_drafting_memorandum_is_not_the_charter_signing(seed_matches):
    _, matches = seed_matches
    assert "b905d5eae436789a:1" not in matches["charter_signed_baku"].passage_ids


def test_a_new_article_reporting_a_known_event_is_found(seed_matches):
    events, _ = seed_matches
    new = [Passage("new:1", "new", 1, "On 14 January 2026 Armenia's foreign ministry "
                   "published the framework agreement with Washington."),
           Passage("new:2", "new", 2, "Vance landed in Yerevan on 9 February.")]
    matches = match_events(events, new)
    assert matches["framework_agreement_published"].passage_ids == ["new:1"]
    assert matches["vance_in_yerevan"].passage_ids == ["new:2"]
    assert matches["davos_trump_aliyev"].passage_ids == []
