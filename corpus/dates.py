"""Publication dates: how a ``published`` value is read, and which dates are plausible.

A typo such as 1026-02-13 is a real calendar date but not a news article's; reading reports
it (:func:`implausible_date_problem`) and treats the article as undated, adding and
importing refuse it.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from corpus.article_model import Problem

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: Earliest publication date accepted for a news article.
EARLIEST_PUBLISHED = datetime.date(1900, 1, 1)

#: How far past today a publication date may lie (embargoed or time-zone-ahead items).
PUBLISHED_LEEWAY = datetime.timedelta(days=366)


def plausible_date_range(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The (first, last) publication dates accepted: 1900-01-01 to one year after today."""
    today = datetime.date.today() if today is None else today
    return EARLIEST_PUBLISHED, today + PUBLISHED_LEEWAY


def is_plausible_date(date: datetime.date, today: datetime.date | None = None) -> bool:
    """True if ``date`` can be a news article's publication date (see ``plausible_date_range``).

    A typo such as 1026-02-13 or 9999-12-31 is a real calendar date but not a plausible one,
    and downstream code (the timeline's range control) cannot even represent some of them.
    """
    first, last = plausible_date_range(today)
    return first <= date <= last


def parse_published(value: object) -> datetime.date | None:
    """Read a ``published`` value: '' -> None, 'YYYY-MM-DD' -> date; raise ValueError else."""
    if isinstance(value, datetime.datetime):
        raise ValueError(f"published must be a date without a time, got {value!r}")
    if isinstance(value, datetime.date):
        return value
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError(
            f"published must be an ISO date YYYY-MM-DD (e.g. 2026-02-13) or '', got {value!r}"
        )
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"published {value!r} is not a real date ({error})") from None


def implausible_date_problem(path: Path, line: int, published: datetime.date) -> Problem:
    """The problem reported for a real but implausible publication date (see
    :func:`is_plausible_date`): the article is read as undated until the date is fixed."""
    first, last = plausible_date_range()
    return Problem(path, line, f"published {published.isoformat()} is not a plausible news "
                               f"date (expected {first.isoformat()} to {last.isoformat()}); "
                               "the article is read as undated: fix the date, or write "
                               "published: '' if it is unknown")

