"""What every reader of ``corpus.ingest`` yields, and how a result is reported.

A reader turns one source (a file's bytes, a fetched page, a feed) into :class:`Item` s,
each one article as the source describes it, or :class:`Rejected` for a part of the source
that is not an article (with the reason). Readers never write: every item goes through
``corpus.ingest.importer``, which fills the flags, checks for duplicates and calls the one
writer (``corpus.adding.write_article``).
"""

from __future__ import annotations

import datetime
import email.utils
import re
import time
from dataclasses import dataclass, field

#: Statuses of one item, in the order of the summary.
IMPORTED, DUPLICATE, SKIPPED, ERROR = "imported", "duplicate", "skipped", "error"
STATUSES = (IMPORTED, DUPLICATE, SKIPPED, ERROR)

_ISO_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:$|[T ])")


@dataclass
class Item:
    """One article as its source gives it; '' for what the source does not say.

    ``paragraphs`` is the article's text, already extracted (HTML reduced to its main
    text). ``published`` is an ISO date, an ISO date-time, an RFC 2822 date or ''.
    ``link`` is where a link-only feed item's page is (fetched by the importer when
    fetching is allowed); ``note`` is added to the report (e.g. an ignored column)."""

    source: str
    paragraphs: list[str] = field(default_factory=list)
    title: str = ""
    outlet: str = ""
    author: str = ""
    published: object = ""
    url: str = ""
    language: str = ""
    seed: str = ""
    link: str = ""
    note: str = ""
    #: The id an article file (``.md`` in the corpus format) already carries; kept when it
    #: is a valid id not taken by another article.
    id: str = ""
    #: True when ``title`` is the plain text's headline line (taken off the paragraphs).
    title_from_text: bool = False


@dataclass
class Rejected:
    """A part of a source that gives no article: ``status`` is skipped or error."""

    source: str
    status: str
    reason: str


@dataclass
class Outcome:
    """The report of one item (one line on stderr, one object under ``--json``)."""

    source: str
    status: str
    id: str = ""
    title: str = ""
    published: str = ""
    outlet: str = ""
    language: str = ""
    url: str = ""
    duplicate_of: str = ""
    reason: str = ""

    def as_json(self) -> dict[str, str]:
        """The keys of ``corpus import --json``, in their documented order."""
        return {key: getattr(self, key) for key in (
            "source", "status", "id", "title", "published", "outlet", "language", "url",
            "duplicate_of", "reason")}

    def line(self) -> str:
        """One human line: what happened to the item and why."""
        if self.status == IMPORTED:
            what = f"imported {self.id}"
            if self.title:
                what += f" “{self.title}”"
        elif self.status == DUPLICATE:
            what = f"duplicate of {self.duplicate_of}"
        else:
            what = self.status
        if self.reason:
            what += f" ({self.reason})"
        return f"{self.source}: {what}"


class SourceError(Exception):
    """A whole source could not be read; ``status`` is skipped or error."""

    def __init__(self, reason: str, status: str = ERROR):
        super().__init__(reason)
        self.reason = reason
        self.status = status


def published_date(value: object) -> str:
    """A source's publication date as ``YYYY-MM-DD``; '' when it gives none.

    Accepts a date, a date-time, a ``time.struct_time`` (feedparser), an ISO 8601 date or
    date-time (the calendar date as written, not shifted to UTC) or an RFC 2822 date (RSS).
    ValueError for anything else: a date the importer cannot read is reported, not guessed.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, time.struct_time):
        return datetime.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
    if not isinstance(value, str):
        raise ValueError(f"published {value!r} is not a date")
    text = value.strip()
    if not text:
        return ""
    match = _ISO_DATE_PREFIX.match(text)
    if match:
        try:
            return datetime.date.fromisoformat(match.group(1)).isoformat()
        except ValueError:
            raise ValueError(f"published {text!r} is not a real date") from None
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is None:
        raise ValueError(f"published {text!r} is not a date (expected ISO 8601 such as "
                         "2026-02-13, or an RFC 2822 date as in RSS)")
    return parsed.date().isoformat()


def published_moment(value: object) -> datetime.datetime | None:
    """A source's publication date-time in UTC, when it gives a time (a naive time is
    taken as UTC); None for a date alone, nothing, or what cannot be read."""
    if isinstance(value, time.struct_time):
        return datetime.datetime(*value[:6], tzinfo=datetime.UTC)
    moment = value if isinstance(value, datetime.datetime) else None
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            try:
                moment = email.utils.parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                return None
        if moment is not None and not re.search(r"\d:\d\d", text):
            return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC)


def one_line(value: object) -> str:
    """A metadata value from a source as one line of text ('' for None or non-text)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return ""
    return " ".join(value.split())
