"""Plain text (``.txt``: paragraphs separated by blank lines) and article files (``.md``
in the corpus format, whose front matter is kept)."""

from __future__ import annotations

from corpus.adding import extract_plain_paragraphs
from corpus.articles import ArticleFormatError, parse_article_text
from corpus.ingest.items import SKIPPED, Item, Rejected, SourceError
from corpus.ingest.pages import decode_text

SUFFIXES = (".txt", ".text", ".md", ".markdown")
CONTENT_TYPES = ("text/plain", "text/markdown")


def read(data: bytes, source: str, *, seed: str = "", url: str = "", charset: str = ""):
    """Yield the one item of a text or article file (or Rejected)."""
    try:
        text = decode_text(data, charset, what="text file")
    except SourceError as error:
        yield Rejected(source, error.status, error.reason)
        return
    if not text.strip():
        yield Rejected(source, SKIPPED, "the file is empty")
        return
    if text.lstrip("\ufeff").startswith("---\n") or text.startswith("---\r\n"):
        yield _article_file(text, source, seed)
        return
    paragraphs = extract_plain_paragraphs(text)
    title = headline(text, paragraphs)
    yield Item(source=source, paragraphs=paragraphs[1:] if title else paragraphs, title=title,
               url=url, seed=seed, title_from_text=bool(title))


#: Most words a headline line has.
HEADLINE_WORDS = 20


def headline(text: str, paragraphs: list[str]) -> str:
    """The plain text's headline: a first line that is short (under ``HEADLINE_WORDS``
    words), does not end a sentence (no final period) and is followed by a blank line,
    with text after it; '' otherwise (a first line that is a paragraph stays the body)."""
    if len(paragraphs) < 2:
        return ""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").strip().split("\n")
    first = lines[0].strip()
    if first != paragraphs[0] or len(lines) < 2 or lines[1].strip():
        return ""
    if len(first.split()) >= HEADLINE_WORDS or first.endswith((".", "…", ";", ",", ":")):
        return ""
    return first


def _article_file(text: str, source: str, seed: str) -> Item | Rejected:
    try:
        article = parse_article_text(text, source)
    except ArticleFormatError as error:
        problems = "; ".join(f"line {p.line}: {p.message}" for p in error.problems)
        return Rejected(source, SKIPPED, f"not a valid article file: {problems}")
    return Item(
        source=source, paragraphs=[p.text for p in article.passages], title=article.title,
        outlet=article.outlet, author=article.author,
        published=article.published.isoformat() if article.published else "",
        url=article.url, language=article.language, seed=article.seed or seed,
        id=article.id)
