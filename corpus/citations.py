"""How an article's source is named and counted: in citations, summaries and exports.

One way everywhere (the reading panel, the panel's summaries, the picture's credit line and
the exports): the outlet, else the domain of the article's URL, else ``Unknown outlet``;
URLs are linked only when :func:`safe_url` accepts them. Text only, no markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

UNKNOWN_OUTLET = "Unknown outlet"

_WHITESPACE = re.compile(r"\s+")


def one_line(text: Any) -> str:
    """Collapse runs of whitespace (newlines included) into one space."""
    return _WHITESPACE.sub(" ", "" if text is None else str(text)).strip()


def safe_url(url: Any) -> str | None:
    """``url`` if it is an absolute http(s) address with a host and no space, quote or angle
    bracket (so it is safe in an HTML attribute and in a Markdown ``<autolink>``), else None.
    The one check for article URLs: the dashboard uses it too."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ch.isspace() or ch in "\"'<>`" for ch in url):
        return None
    return url


def outlet_label(outlet: Any) -> str:
    """The outlet, or ``Unknown outlet`` when the article does not say."""
    text = one_line(outlet) if isinstance(outlet, str) else ""
    return text or UNKNOWN_OUTLET


def url_domain(url: Any) -> str:
    """The host of a safe http(s) URL without ``www.`` ('' for anything else)."""
    safe = safe_url(url)
    host = (urlsplit(safe).hostname or "") if safe else ""
    return host.removeprefix("www.")


def source_label(outlet: Any, url: Any) -> str:
    """Who published it, for a citation: the outlet; where the article does not name one,
    the domain of its URL; else ``Unknown outlet``."""
    text = one_line(outlet) if isinstance(outlet, str) else ""
    return text or url_domain(url) or UNKNOWN_OUTLET


def count_sources(articles: Iterable[tuple[Any, Any]]) -> tuple[int, int]:
    """(named sources, articles naming none) for (outlet, url) pairs, one per article.

    A source is the outlet, or where an article names none the domain of its URL, as in a
    citation (:func:`source_label`); an article with neither is counted apart rather than
    as an outlet called "Unknown outlet". The page's summaries and the picture's credit line
    both count this way."""
    named: set[str] = set()
    unnamed = 0
    for outlet, url in articles:
        label = (one_line(outlet) if isinstance(outlet, str) else "") or url_domain(url)
        if label:
            named.add(label)
        else:
            unnamed += 1
    return len(named), unnamed


def sources_phrase(named: int, unnamed: int) -> str:
    """``from 2 outlets``, or ``from 2 outlets (3 articles name none)``."""
    text = f"from {named:,} outlet{'' if named == 1 else 's'}"
    if unnamed:
        text += f" ({unnamed:,} article{' names' if unnamed == 1 else 's name'} none)"
    return text


def also_published(value: Any) -> list[tuple[str, str]]:
    """The (outlet, url) pairs of an index row's ``also_published`` (JSON text, '' or None)."""
    if not isinstance(value, str) or not value.strip():
        return []
    try:
        entries = json.loads(value)
    except ValueError:
        return []
    if not isinstance(entries, list):
        return []
    return [(str(e.get("outlet") or ""), str(e.get("url") or "")) for e in entries
            if isinstance(e, dict)]


def also_published_names(value: Any) -> list[str]:
    """Who else published the article, one label per copy (outlet, else URL domain)."""
    return [source_label(outlet, url) for outlet, url in also_published(value)]


def also_published_text(value: Any) -> str:
    """``Outlet <url>; Other <url>`` for CSV cells ('' when nobody else published it)."""
    return "; ".join(f"{source_label(o, u)} <{safe_url(u)}>" if safe_url(u)
                     else source_label(o, u) for o, u in also_published(value))
