"""The dated events the articles report, and the passages that report each of them.

``corpus/events.yaml`` lists the events (see ``corpus/README.md``, "Dated events"): an id,
an ISO date (or month) with its precision, an optional end date, a neutral title, the
feature id of the place where it happened, related feature ids, and *rules* that say which
passages report it. Passages are never listed by hand: a passage reports an event when one
of the event's rules matches it, so a new article that reports the same event is found too.

A rule is a mapping with any of:

``date: true``
    the passage must give a date that falls within the event's dates. Dates are read from
    the text in the usual English forms ("August 8, 2025", "8 August", "February 9-10",
    "10-11 February", "November 2025", "in January"); a date without a year matches any
    year (articles say "on August 8 last year").
``all: [regex, ...]``
    every one of these regular expressions (case-insensitive, whole words at both ends) must
    occur in the passage; write alternatives with ``|`` ("Yerevan|Armenia").
``none: [regex, ...]``
    none of these may occur.

``load_events(path=None) -> EventSet`` reads and checks the file (every problem names the
file, the event and the field); ``match_events(events, passages)`` returns the passage ids
of each event.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

#: The committed events file.
EVENTS_PATH = Path(__file__).resolve().parent / "events.yaml"

PRECISIONS = ("day", "month")
EVENT_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELDS = {"id", "date", "precision", "end", "title", "place", "place_stated", "related",
           "people", "note", "match"}
_RULE_KEYS = {"date", "all", "none"}

_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<{}>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?"
_DASH = r"\s*(?:-|–|—|to|and)\s*"
_YEAR = r"(?:,?\s+(?P<{}>(?:19|20)\d\d))?"
# "August 8, 2025", "February 9-10", "Feb. 10"
_MONTH_DAY = re.compile(
    r"\b" + _MONTH.format("m1") + r"\s+" + _DAY.format("d1")
    + r"(?:" + _DASH + _DAY.format("d2") + r")?\b" + _YEAR.format("y1"), re.IGNORECASE)
# "8 August 2025", "10-11 February"
_DAY_MONTH = re.compile(
    r"\b" + _DAY.format("d1") + r"(?:" + _DASH + _DAY.format("d2") + r")?\s+(?:of\s+)?"
    + _MONTH.format("m1") + r"\b" + _YEAR.format("y1"), re.IGNORECASE)
# "November 2025", "January, 2026"
_MONTH_YEAR = re.compile(r"\b" + _MONTH.format("m1") + r",?\s+(?P<y1>(?:19|20)\d\d)\b",
                         re.IGNORECASE)
# "in January", "since March", "early February" (a month name alone is too often a word:
# "May", "March"; so it counts only after one of these, and only capitalised).
_MONTH_ALONE = re.compile(
    r"\b(?:in|since|until|by|during|early|mid|late|end of|beginning of)\s+(?:-\s*)?"
    r"(?P<m1>January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\b(?![\s,]+(?:19|20)\d\d)(?!\s+[0-3]?\d\b)")


class EventsFileError(ValueError):
    """The events file cannot be used; ``problems`` says where and what to do."""

    def __init__(self, problems: Sequence[str]):
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class DateMention:
    """A date written in a passage: ``text[start:end]``; ``year`` None when not given;
    ``days`` None for a whole month, else the (first, last) day."""

    start: int
    end: int
    text: str
    year: int | None
    month: int
    days: tuple[int, int] | None

    def overlaps(self, first: datetime.date, last: datetime.date) -> bool:
        """True if this date can fall within [first, last] (any year when none is given)."""
        years = range(first.year, last.year + 1) if self.year is None else (self.year,)
        for year in years:
            if self.days is None:
                low = datetime.date(year, self.month, 1)
                high = datetime.date(year, self.month,
                                     calendar.monthrange(year, self.month)[1])
            else:
                try:
                    low = datetime.date(year, self.month, self.days[0])
                    high = datetime.date(year, self.month, self.days[1])
                except ValueError:
                    continue
            if low <= last and high >= first:
                return True
        return False


@dataclass(frozen=True)
class Rule:
    """One way a passage can report an event (see the module docstring)."""

    date: bool = False
    all: tuple[re.Pattern, ...] = ()
    none: tuple[re.Pattern, ...] = ()


@dataclass(frozen=True)
class Event:
    """A dated event the articles report."""

    id: str
    date: datetime.date
    precision: str
    end: datetime.date | None
    title: str
    place: str
    place_stated: bool
    related: tuple[str, ...]
    people: tuple[str, ...]
    note: str
    rules: tuple[Rule, ...]

    @property
    def first(self) -> datetime.date:
        """The first day the event may cover."""
        return self.date

    @property
    def last(self) -> datetime.date:
        """The last day the event may cover (the month's end for month precision)."""
        end = self.end or self.date
        if self.precision == "month":
            return end.replace(day=calendar.monthrange(end.year, end.month)[1])
        return end

    @property
    def date_label(self) -> str:
        """'2026-02-09 to 2026-02-10', '2025-11' or '2025-08-08'."""
        def show(day: datetime.date) -> str:
            return day.strftime("%Y-%m") if self.precision == "month" else day.isoformat()
        if self.end and self.end != self.date:
            return f"{show(self.date)} to {show(self.end)}"
        return show(self.date)

    def within(self, start: datetime.date | None, end: datetime.date | None) -> bool:
        """True if the event overlaps [start, end] (None = open)."""
        return (start is None or self.last >= start) and (end is None or self.first <= end)


@dataclass(frozen=True)
class EventSet:
    """The events in file order, and where they were read from."""

    events: tuple[Event, ...]
    path: Path | None = None

    def get(self, event_id: str) -> Event | None:
        """The event with this id, or None."""
        return next((e for e in self.events if e.id == event_id), None)


@dataclass
class EventPassages:
    """The passages that report one event, each with the rule that matched (1-based)."""

    event: Event
    passage_ids: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- dates in text


def find_dates(text: str) -> list[DateMention]:
    """Every date written in ``text``, in order; overlapping readings keep the longest."""
    found: list[DateMention] = []
    for pattern in (_MONTH_DAY, _DAY_MONTH, _MONTH_YEAR, _MONTH_ALONE):
        for match in pattern.finditer(text):
            groups = match.groupdict()
            month = _MONTHS[groups["m1"].lower().rstrip(".")]
            year = int(groups["y1"]) if groups.get("y1") else None
            days = None
            if groups.get("d1"):
                first = int(groups["d1"])
                last = int(groups["d2"]) if groups.get("d2") else first
                # 2024 is a leap year: the longest each month can be when no year is given.
                if not 1 <= first <= last <= calendar.monthrange(year or 2024, month)[1]:
                    continue
                days = (first, last)
            found.append(DateMention(match.start(), match.end(), match.group(0), year, month,
                                     days))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[DateMention] = []
    for date in found:
        if kept and date.start < kept[-1].end:
            continue
        kept.append(date)
    return kept


# --------------------------------------------------------------------------- matching


def rule_matches(rule: Rule, event: Event, text: str,
                 dates: Sequence[DateMention] | None = None) -> bool:
    """True if ``text`` satisfies ``rule`` for ``event``."""
    if any(p.search(text) for p in rule.none):
        return False
    if not all(p.search(text) for p in rule.all):
        return False
    if rule.date:
        dates = find_dates(text) if dates is None else dates
        return any(d.overlaps(event.first, event.last) for d in dates)
    return True


def reports(event: Event, text: str, dates: Sequence[DateMention] | None = None) -> bool:
    """True if the passage ``text`` reports ``event`` (one of its rules matches)."""
    dates = find_dates(text) if dates is None else dates
    return any(rule_matches(rule, event, text, dates) for rule in event.rules)


def match_events(events: EventSet | Iterable[Event], passages: Iterable[Any]
                 ) -> dict[str, EventPassages]:
    """Event id -> the passages (objects with ``id`` and ``text``) that report it, in the
    order given."""
    event_list = list(events.events if isinstance(events, EventSet) else events)
    result = {e.id: EventPassages(e) for e in event_list}
    for passage in passages:
        dates = find_dates(passage.text)
        for event in event_list:
            if reports(event, passage.text, dates):
                result[event.id].passage_ids.append(passage.id)
    return result


def events_in_range(events: EventSet | Iterable[Event], start: datetime.date | None,
                    end: datetime.date | None) -> list[Event]:
    """The events that overlap [start, end], sorted by date."""
    event_list = events.events if isinstance(events, EventSet) else events
    return sorted((e for e in event_list if e.within(start, end)), key=lambda e: e.first)


# --------------------------------------------------------------------------- loading


def _compile(pattern: Any, where: str, problems: list[str]) -> re.Pattern | None:
    if not isinstance(pattern, str) or not pattern.strip():
        problems.append(f"{where}: expected a non-empty regular expression, got {pattern!r}")
        return None
    try:
        # Whole words at both ends, whatever the alternatives inside.
        return re.compile(r"(?<!\w)(?:" + pattern + r")(?!\w)", re.IGNORECASE)
    except re.error as error:
        problems.append(f"{where}: {pattern!r} is not a valid regular expression ({error})")
        return None


def _parse_date(value: Any, precision: str, where: str, problems: list[str]
                ) -> datetime.date | None:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    text = str(value) if value is not None else ""
    try:
        if precision == "month" and re.fullmatch(r"\d{4}-\d{2}", text):
            return datetime.date.fromisoformat(text + "-01")
        return datetime.date.fromisoformat(text)
    except ValueError:
        shape = "YYYY-MM or YYYY-MM-DD" if precision == "month" else "YYYY-MM-DD"
        problems.append(f"{where}: expected an ISO date {shape}, got {value!r}")
        return None


def _id_list(value: Any, where: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(
            isinstance(v, str) and EVENT_ID.match(v) for v in value):
        problems.append(f"{where}: expected a list of feature ids like [usa, tripp], "
                        f"got {value!r}")
        return ()
    return tuple(value)


def _rules(value: Any, where: str, problems: list[str]) -> tuple[Rule, ...]:
    if not isinstance(value, list) or not value:
        problems.append(f"{where}: expected a list of rules (each with date/all/none); an "
                        "event without rules reports no passage")
        return ()
    rules = []
    for n, raw in enumerate(value, start=1):
        here = f"{where}[{n}]"
        if not isinstance(raw, Mapping) or not raw or set(raw) - _RULE_KEYS:
            problems.append(f"{here}: a rule is a mapping with keys among date, all, none; "
                            f"got {raw!r}")
            continue
        if "date" in raw and not isinstance(raw["date"], bool):
            problems.append(f"{here}.date: expected true or false, got {raw['date']!r}")
        compiled = {}
        for key in ("all", "none"):
            patterns = raw.get(key) or []
            if not isinstance(patterns, list):
                problems.append(f"{here}.{key}: expected a list of regular expressions")
                patterns = []
            compiled[key] = tuple(p for p in (_compile(x, f"{here}.{key}", problems)
                                              for x in patterns) if p is not None)
        if not raw.get("date") and not compiled["all"]:
            problems.append(f"{here}: a rule needs date: true or at least one 'all' pattern, "
                            "or it would match every passage")
            continue
        rules.append(Rule(date=bool(raw.get("date")), **compiled))
    return tuple(rules)


def parse_event(raw: Any, where: str, problems: list[str]) -> Event | None:
    """One event from its YAML mapping; problems are appended, None if unusable."""
    if not isinstance(raw, Mapping):
        problems.append(f"{where}: expected a mapping with id, date, title, place, match")
        return None
    before = len(problems)
    event_id = raw.get("id")
    if not isinstance(event_id, str) or not EVENT_ID.match(event_id):
        problems.append(f"{where}: id {event_id!r} must match {EVENT_ID.pattern}")
    else:
        where = f"{where} ({event_id})"
    unknown = set(raw) - _FIELDS
    if unknown:
        problems.append(f"{where}: unknown field(s) {sorted(unknown)}; allowed: "
                        f"{sorted(_FIELDS)}")
    precision = raw.get("precision", "day")
    if precision not in PRECISIONS:
        problems.append(f"{where}.precision: expected one of {PRECISIONS}, got {precision!r}")
        precision = "day"
    date = _parse_date(raw.get("date"), precision, f"{where}.date", problems)
    end = (_parse_date(raw["end"], precision, f"{where}.end", problems)
           if raw.get("end") is not None else None)
    if date and end and end < date:
        problems.append(f"{where}.end: {end} is before the date {date}")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(f"{where}.title: expected a short neutral title")
    place = raw.get("place")
    if not isinstance(place, str) or not EVENT_ID.match(place):
        problems.append(f"{where}.place: expected the feature id of the place (e.g. baku)")
    place_stated = raw.get("place_stated", True)
    if not isinstance(place_stated, bool):
        problems.append(f"{where}.place_stated: expected true or false")
    related = _id_list(raw.get("related"), f"{where}.related", problems)
    people = _id_list(raw.get("people"), f"{where}.people", problems)
    note = raw.get("note") or ""
    if not isinstance(note, str):
        problems.append(f"{where}.note: expected text")
    rules = _rules(raw.get("match"), f"{where}.match", problems)
    if len(problems) > before:
        return None
    return Event(id=event_id, date=date, precision=precision, end=end, title=title.strip(),
                 place=place, place_stated=place_stated, related=related, people=people,
                 note=note.strip(), rules=rules)


class _TextDates(yaml.SafeLoader):
    """YAML loader that leaves dates as text, so '2025-11' and '2025-11-06' read alike."""


_TextDates.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_events(path: Path | str | None = None, *,
                known_features: Iterable[str] | None = None) -> EventSet:
    """Read and check an events file (default ``corpus/events.yaml``).

    ``known_features``, when given, is the set of feature ids on the map: a place or related
    id outside it is a problem. Raises :class:`EventsFileError` listing every problem.
    """
    path = Path(path) if path else EVENTS_PATH
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TextDates)
    except OSError as error:
        raise EventsFileError([f"{path}: cannot read the events file ({error.strerror})"]
                              ) from None
    except yaml.YAMLError as error:
        raise EventsFileError([f"{path}: not valid YAML ({error})"]) from None
    if not isinstance(data, Mapping) or not isinstance(data.get("events"), list):
        raise EventsFileError([f"{path}: expected a mapping with an 'events:' list"])
    problems: list[str] = []
    events: list[Event] = []
    for n, raw in enumerate(data["events"], start=1):
        event = parse_event(raw, f"{path}: event {n}", problems)
        if event is None:
            continue
        if any(e.id == event.id for e in events):
            problems.append(f"{path}: event {n} ({event.id}): id used twice; ids are unique")
        events.append(event)
    if known_features is not None:
        known = set(known_features)
        for event in events:
            for feature in (event.place, *event.related):
                if feature not in known:
                    problems.append(f"{path}: event {event.id}: feature id {feature!r} is "
                                    "not on the map (geodata/layers); fix the id or add the "
                                    "feature")
    if problems:
        raise EventsFileError(problems)
    return EventSet(tuple(events), path)
