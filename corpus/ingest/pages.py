"""Saved and fetched web pages: the text with trafilatura, the metadata with trafilatura's
metadata extractor (OpenGraph, JSON-LD ``NewsArticle``, ``<meta>``, ``<time>``,
``<link rel=canonical>``), plus the page's declared language.

The author is kept as the page writes it: trafilatura's author normalisation turns every
``.``, ``_`` and ``+`` into a space ("J. R. Smith" becomes "J R Smith"), so the author is
read from the page's own JSON-LD ``author`` or ``<meta name=author>`` (``article:author``,
``dc.creator``) and, for a byline found in the body, trafilatura's names are looked up again
in the page to restore their punctuation (:func:`page_author`).

Bytes are decoded by the charset the page declares (the HTTP header when fetched, a
byte-order mark, ``<meta charset>`` or ``http-equiv``), else as UTF-8; a file that is not
text at all (a PNG saved as .html) is refused by its signature.
"""

from __future__ import annotations

import codecs
import re
from html import unescape

from corpus.adding import MIN_HTML_WORDS, URL_PATTERN, drop_repeated_title
from corpus.ingest.items import SKIPPED, Item, Rejected, SourceError, one_line

SUFFIXES = (".html", ".htm", ".xhtml")
CONTENT_TYPES = ("text/html", "application/xhtml+xml")

#: File signatures of formats that are not text (what a mis-named file really is).
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (or an office document)"), (b"\x1f\x8b", "a gzip file"),
    (b"RIFF", "a RIFF file (WebP image, WAV audio)"), (b"\x00\x00\x01\x00", "an icon"),
    (b"BM", "a BMP image"), (b"OggS", "an Ogg file"), (b"ID3", "an MP3 file"),
    (b"\x7fELF", "a program (ELF)"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)""",
                        re.I)
_META_LANG = re.compile(
    r"""<meta\b(?=[^>]*(?:property|name|http-equiv)\s*=\s*["']?(?:og:locale|content-language|"""
    r"""language|dc\.language)["'\s>])[^>]*\bcontent\s*=\s*["']([^"']+)""", re.I)
_JSONLD_LANG = re.compile(r""""inLanguage"\s*:\s*"([^"]+)\"""")
_JSONLD = re.compile(
    r"""<script\b[^>]*type\s*=\s*["']application/ld\+json["'][^>]*>(.*?)</script>""", re.I | re.S)
_META_AUTHOR = re.compile(
    r"""<meta\b(?=[^>]*\b(?:name|property)\s*=\s*["']?(?:author|article:author|dc\.creator|"""
    r"""dcterms\.creator)["'\s/>])[^>]*\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_BY = re.compile(r"^(?:written\s+by|by)\s+", re.I)
_META_TIME = re.compile(
    r"""<meta\b(?=[^>]*\b(?:name|property)\s*=\s*["']?(?:article:published_time|"""
    r"""og:published_time|pubdate|date)["'\s/>])[^>]*\bcontent\s*=\s*["']([^"']+)""", re.I)
#: A date or a time written with digits: 12.02.2026, 2026-02-12, 12/02/26, 16:30, 9.3.2026.
_NUMERIC_DATE = re.compile(r"^(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}(?::\d{2})?|"
                           r"\d{4}|\d{1,2})[,.]?$")
#: Words a byline or a date line puts around the name or the date (by, от, tarafından...).
_FURNITURE_WORDS = {"by", "written", "published", "updated", "at", "on", "от", "автор",
                    "опубликовано", "обновлено", "tarafından", "yazar", "müəllif", "tarix",
                    "saat", "gmt", "utc", "am", "pm", "|", "·", "-", "–", "—", "/", ","}
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_ARTICLE_TYPES = ("NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
                  "OpinionNewsArticle", "BlogPosting", "WebPage")


def binary_kind(data: bytes) -> str:
    """What the bytes are when they are not text ('a PNG image', 'a binary file'), else ''."""
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            return kind
    head = data[:4096]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "a binary file"
    return ""


def declared_charset(data: bytes, header_charset: str = "") -> str:
    """The charset the page declares: byte-order mark, then HTTP header, then markup."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    if header_charset:
        return header_charset
    head = data[:4096]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(head)
        if match:
            return match.group(1).decode("ascii")
    return ""


def decode_text(data: bytes, header_charset: str = "", *, what: str = "page") -> str:
    """The text of a page or text file; SourceError naming the problem when it has none."""
    kind = binary_kind(data)
    if kind:
        raise SourceError(f"not a {what}: the file is {kind}", SKIPPED)
    charset = declared_charset(data, header_charset)
    if charset:
        try:
            codecs.lookup(charset)
        except LookupError:
            raise SourceError(f"the {what} declares the unknown charset {charset!r}") from None
        try:
            return data.decode(charset).removeprefix("\ufeff")
        except UnicodeDecodeError as error:
            raise SourceError(f"the {what} declares charset {charset} but byte offset "
                              f"{error.start} is not {charset}; re-save it") from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(f"line {line}: not UTF-8 (byte offset {error.start}) and no charset "
                          "declared; re-save it as UTF-8") from None


def page_language(html: str) -> str:
    """The language the page states (``<html lang>``, ``og:locale``, ``Content-Language``,
    JSON-LD ``inLanguage``), as written; '' when it states none."""
    head = html[:200_000]
    for pattern in (_JSONLD_LANG, _HTML_LANG, _META_LANG):
        match = pattern.search(head)
        if match:
            return match.group(1).strip()
    return ""


def _objects(value):
    if isinstance(value, list):
        for entry in value:
            yield from _objects(entry)
    elif isinstance(value, dict):
        yield value
        yield from _objects(value.get("@graph", []))


def _name(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name", "")
    return one_line(value)


def _names(value) -> str:
    """Every name of a JSON-LD ``author`` (a string, a Person, or a list of them), '; '-joined."""
    entries = value if isinstance(value, list) else [value]
    names = (_name(entry) for entry in entries)
    return "; ".join(dict.fromkeys(name for name in names if name))


def jsonld_article(html: str) -> dict[str, str]:
    """What the page's JSON-LD article object says (url, language, and the fields
    trafilatura reads too, as fallbacks); {} when it has none."""
    import json

    for block in _JSONLD.findall(html[:500_000]):
        try:
            data = json.loads(block)
        except ValueError:
            continue
        for entry in _objects(data):
            kinds = entry.get("@type", "")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if not any(k in _ARTICLE_TYPES for k in kinds):
                continue
            page = entry.get("mainEntityOfPage")
            page = page.get("@id", "") if isinstance(page, dict) else page
            return {"url": one_line(entry.get("url")) or one_line(page),
                    "language": _name(entry.get("inLanguage")),
                    "title": one_line(entry.get("headline")),
                    "published": one_line(entry.get("datePublished")),
                    "outlet": _name(entry.get("publisher")),
                    "author": _names(entry.get("author"))}
    return {}


def _written(value: str) -> str:
    """An author value as written, on one line, without a leading 'By'; '' for a link or an
    e-mail address (not a name)."""
    value = _BY.sub("", one_line(unescape(value)))
    return "" if value.lower().startswith(("http:", "https:", "www.")) or _EMAIL.fullmatch(
        value) else value


def meta_author(html: str) -> str:
    """The authors of the page's ``<meta name=author>`` (``article:author``, ``dc.creator``)
    tags as written, '; '-joined; '' when it has none."""
    head = html[:200_000]
    names = (_written(a or b) for a, b in _META_AUTHOR.findall(head))
    return "; ".join(dict.fromkeys(name for name in names if name))


def _as_written(name: str, html: str) -> str:
    """``name`` (as trafilatura normalised it) as the page writes it: the same words with the
    page's own ``.``, ``_`` or ``+`` between them; ``name`` itself when it is not found."""
    words = name.split()
    if not words:
        return name
    pattern = r"(?:[._+]|\s|&nbsp;)+".join(re.escape(word) for word in words)
    if len(words[-1]) <= 2:  # an initial or 'Jr' keeps its period
        pattern += r"\.?"
    pattern = r"(?<![\w.@/])" + pattern + r"(?![\w@])"
    for flags in (0, re.I):
        match = re.search(pattern, html, flags)
        if match:
            return one_line(unescape(match.group(0).replace("&nbsp;", " ")))
    return name


def page_author(html: str, extracted: str, linked: dict[str, str]) -> str:
    """The page's author as the page writes it: JSON-LD ``author``, else the ``<meta>``
    author tags, else trafilatura's author (a byline in the body) with its punctuation
    restored from the page; '' when the page names none."""
    written = _written(linked.get("author", "")) or meta_author(html)
    if written:
        return written
    names = [n for n in one_line(extracted).split("; ") if n]
    return "; ".join(_as_written(n, html) for n in names)


def _extract(html: str, url: str):
    import trafilatura  # slow to import; only importing needs it

    return trafilatura.bare_extraction(
        html, url=url or None, with_metadata=True, include_comments=False,
        include_tables=False, favor_precision=True,
        # The page's own date metadata only: no guess from the text or today's date.
        date_extraction_params={"extensive_search": False, "original_date": True,
                                "outputformat": "%Y-%m-%d"},
    )


def _moment(html: str, linked: dict[str, str], date: str) -> str:
    """The page's publication date-time (ISO) when its metadata gives one for ``date``
    (``article:published_time``, JSON-LD ``datePublished``); else ``date``. The time
    orders two copies of a story published the same day (syndication)."""
    found = _META_TIME.search(html[:200_000])
    for value in (found.group(1) if found else "", linked.get("published", "")):
        value = one_line(value)
        if "T" in value and (not date or value.startswith(date)):
            return value
    return date


def _is_date_or_byline(paragraph: str, author: str) -> bool:
    """True for a paragraph that only says who wrote it or when (page furniture such as
    ``<span class="date">12.02.2026 16:30</span>``): once the author's names are removed,
    only digits-written dates and times, month or weekday words and byline words remain."""
    text = paragraph.casefold()
    for name in (n for n in author.casefold().split("; ") if n):
        text = text.replace(name, " ")
    tokens = text.replace(",", " , ").split()
    if not tokens or len(tokens) > 8:
        return False
    dated = [t for t in tokens if _NUMERIC_DATE.match(t)]
    words = [t for t in tokens if not _NUMERIC_DATE.match(t) and t not in _FURNITURE_WORDS]
    if len(text.split()) < len(paragraph.split()) and not words:
        return True  # the byline: the author's name and byline words only
    has_date = any(re.search(r"\d{4}|\d:\d\d|\d[./-]\d", t) for t in dated)
    # month or weekday words ("12 fevral 2026", "March 9, 2026, 10:30"), at most two
    return has_date and len(words) <= 2 and all(w.isalpha() for w in words)


_DMY = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_YMD = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _repeats_date(paragraph: str, published: str) -> bool:
    """True when the page's date is known and the paragraph's date is not another one
    (a numeric date is compared with it, day first as written outside the US; a date
    in words is taken to be it)."""
    if not published:
        return False
    day = published[:10]
    for pattern, order in ((_YMD, (0, 1, 2)), (_DMY, (2, 1, 0))):
        for found in pattern.finditer(paragraph):
            parts = [found.group(i + 1) for i in order]
            written = f"{int(parts[0]):04d}-{int(parts[1]):02d}-{int(parts[2]):02d}"
            if written != day:
                return False
    return True


def drop_furniture(paragraphs: list[str], *, author: str, published: str) -> list[str]:
    """Drop the opening paragraphs that only repeat the date (when ``published`` is known)
    or the byline (when ``author`` is known)."""
    start = 0
    while start < min(len(paragraphs) - 1, 3):
        paragraph = paragraphs[start]
        if not _is_date_or_byline(paragraph, author):
            break
        has_author = bool(author) and any(n and n.casefold() in paragraph.casefold()
                                          for n in author.split("; "))
        if not has_author and not _repeats_date(paragraph, published):
            break
        start += 1
    return paragraphs[start:]


def _site_name(document, url: str) -> str:
    """The page's site name; '' when trafilatura only fell back to the host name (the
    domain stays in ``url``: an outlet is never invented from it)."""
    import urllib.parse

    name = one_line(document.sitename)
    hosts = {one_line(document.hostname).lower(),
             (urllib.parse.urlsplit(url).hostname or "").lower()}
    hosts |= {h.removeprefix("www.") for h in hosts}
    return "" if name.lower() in hosts else name


def page_item(html: str, source: str, *, url: str = "", seed: str = "") -> Item:
    """One page as an :class:`Item`: main text as paragraphs, metadata from the page.

    ``url`` is where the page was fetched from (the page's canonical URL wins over it).
    SourceError (skipped) when the page has no article text."""
    document = _extract(html, url)
    text = (document.text or "") if document is not None else ""
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    words = sum(len(p.split()) for p in paragraphs)
    if not paragraphs:
        raise SourceError("no article text in the page (empty, or only menus and links)",
                          SKIPPED)
    if words < MIN_HTML_WORDS:
        raise SourceError(f"only {words} words of article text in the page (at least "
                          f"{MIN_HTML_WORDS} expected): not the page of an article", SKIPPED)
    linked = jsonld_article(html)
    title = one_line(document.title) or linked.get("title", "")
    canonical = next((u for u in (one_line(document.url), linked.get("url", ""))
                      if URL_PATTERN.match(u)), "")
    author = page_author(html, document.author, linked)
    published = _moment(html, linked, one_line(document.date)) or linked.get("published", "")
    paragraphs = drop_furniture(drop_repeated_title(paragraphs, title), author=author,
                                published=published)
    return Item(
        source=source,
        paragraphs=paragraphs,
        title=title,
        outlet=_site_name(document, canonical or url) or linked.get("outlet", ""),
        author=author,
        published=published,
        url=canonical or url,
        language=page_language(html),
        seed=seed,
    )


def read(data: bytes, source: str, *, seed: str = "", url: str = "", charset: str = ""):
    """Yield the one item of a saved page (or Rejected)."""
    try:
        html = decode_text(data, charset)
        if not html.strip():
            raise SourceError("the page is empty", SKIPPED)
        yield page_item(html, source, url=url, seed=seed)
    except SourceError as error:
        yield Rejected(source, error.status, error.reason)


def sniff(head: bytes) -> bool:
    """True if the bytes look like a web page."""
    text = head[:4096].lstrip().lower()
    return text.startswith((b"<!doctype html", b"<html")) or b"<html" in text[:1024]

