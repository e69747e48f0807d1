"""Feeds (RSS 0.9x, 1.0, 2.0 and Atom), read with feedparser.

An item that carries its full text (``content:encoded``, Atom ``content``) is imported
from it; an item that carries only a link is imported by fetching that page (the
importer does it, on the command line only). Item dates fill ``published``; the feed's
title is the outlet. The language is the item's own (``dc:language``, ``xml:lang``), else
the one detected in its text when the channel's ``<language>`` disagrees with a confident
detection, else the channel's (:func:`item_language`).

feedparser.parse also takes a URL or a file name, and tries any bytes it is given as a file
name first (``open(data)``): a feed file whose content is ``/etc/passwd`` would read the
server's file. It is only ever given a stream (``io.BytesIO``) here, which it reads as is.
"""

from __future__ import annotations

import io
import re

from corpus.ingest.items import ERROR, SKIPPED, Item, Rejected, one_line
from corpus.language import detect_language, normalise_language

SUFFIXES = (".rss", ".atom", ".rdf", ".xml")
CONTENT_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
                 "application/xml", "text/xml")

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)\b", re.I)
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
#: Fewest words for an item's content to count as the full text (else it is a teaser).
MIN_FULL_TEXT_WORDS = 40


def sniff(head: bytes) -> bool:
    """True if the bytes look like an RSS, RDF or Atom document."""
    return bool(_FEED_ROOT.search(head[:4096]))


def fragment_paragraphs(html: str) -> list[str]:
    """The paragraphs of an HTML fragment (a feed item's content): one per block element,
    else the text's lines."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml raises several types for unparseable markup
        return [line.strip() for line in re.sub(r"<[^>]+>", " ", html).split("\n")
                if line.strip()]
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    blocks = [" ".join(e.text_content().split()) for e in root.iter(*_BLOCKS)
              if not any(child.tag in _BLOCKS for child in e.iterdescendants())]
    blocks = [b for b in blocks if b]
    if blocks:
        return blocks
    return [" ".join(line.split()) for line in root.text_content().split("\n") if line.strip()]


def _content_paragraphs(entry) -> list[str]:
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        kind = (content.get("type") or "").lower()
        paragraphs = (fragment_paragraphs(value) if "html" in kind or "<" in value
                      else [p.strip() for p in value.split("\n\n") if p.strip()])
        if sum(len(p.split()) for p in paragraphs) >= MIN_FULL_TEXT_WORDS:
            return paragraphs
    return []


def _own_language(entry, channel: str) -> str:
    """The language the item states: ``dc:language``, else an ``xml:lang`` on the item or
    its title or content that differs from the channel's (feedparser passes the channel's
    ``xml:lang`` down to every item, so an equal one is the channel's)."""
    stated = normalise_language(one_line(entry.get("language")))
    if stated:
        return stated
    details = [entry.get("title_detail") or {}, *(entry.get("content") or []),
               entry.get("summary_detail") or {}]
    for detail in details:
        code = normalise_language(one_line(detail.get("language")))
        if code and code != channel:
            return code
    return ""


def item_language(entry, channel_language: str, paragraphs: list[str]) -> str:
    """An item's language: its own (``dc:language``, ``xml:lang``); else the language
    detected with confidence in its text when the channel's says otherwise (a Turkish
    item in a feed whose channel says ``en``); else the channel's."""
    own = _own_language(entry, normalise_language(channel_language))
    if own:
        return own
    channel = normalise_language(channel_language)
    detected = detect_language("\n\n".join(paragraphs)) if paragraphs else None
    if detected and detected != channel:
        return detected
    return channel


def read(data: bytes, source: str, *, seed: str = "", url: str = "", charset: str = "",
         content_type: str = ""):
    """Yield one Item per feed entry (link-only entries carry ``link`` and no text)."""
    import feedparser

    headers = {"content-type": f"{content_type or 'application/xml'}"
                               f"{'; charset=' + charset if charset else ''}"}
    parsed = feedparser.parse(io.BytesIO(bytes(data)), response_headers=headers)
    feed = parsed.get("feed", {})
    if parsed.get("bozo") and not parsed.get("entries"):
        problem = parsed.get("bozo_exception")
        yield Rejected(source, ERROR, f"malformed feed: {problem or 'not RSS or Atom'}")
        return
    if not parsed.get("version") and not parsed.get("entries"):
        yield Rejected(source, ERROR, "malformed feed: not RSS or Atom")
        return
    if not parsed.get("entries"):
        yield Rejected(source, SKIPPED, "the feed has no items")
        return
    outlet = one_line(feed.get("title"))
    language = one_line(feed.get("language"))
    for number, entry in enumerate(parsed["entries"], start=1):
        where = f"{source}#{number}"
        link = one_line(entry.get("link"))
        published = entry.get("published_parsed") or entry.get("updated_parsed") or ""
        author = one_line(entry.get("author"))
        paragraphs = _content_paragraphs(entry)
        if not paragraphs and not link:
            yield Rejected(where, SKIPPED, "the item has neither its full text nor a link")
            continue
        yield Item(source=where, paragraphs=paragraphs, title=one_line(entry.get("title")),
                   outlet=outlet, author=author, published=published,
                   url=link if link.startswith(("http://", "https://")) else "",
                   language=item_language(entry, language, paragraphs),
                   seed=f"{seed}#{number}" if seed else "",
                   link="" if paragraphs else link)
