"""Add a new article to the corpus from plain text or a saved HTML page.

Adding never changes an existing file or id: the new article gets its own file
``<id>.md`` where the id is the first 16 hex digits of the SHA-256 of its body, and the file
is written atomically (temporary file in the same folder, fsync, ``os.replace``), so a
failure leaves either no file or the complete one.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import tempfile
from pathlib import Path

import yaml

from corpus.articles import (
    ARTICLE_SUFFIX,
    ARTICLES_DIR,
    FIELDS,
    MAX_ARTICLE_BYTES,
    Article,
    ArticleFormatError,
    load_corpus,
    parse_article,
    parse_published,
    split_paragraphs,
)

#: Length of an added article's id, in hex digits of the body's SHA-256.
ID_HEX_DIGITS = 16

#: Fewest words accepted from a web page: when the extractor finds no article it falls back
#: to whatever text is there (a menu's "Home"), which is not an article.
MIN_HTML_WORDS = 20

_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# A document counts as HTML when it has an opening and a closing block tag; plain text that
# merely mentions "<p>" once is not taken for a web page.
_HTML_OPEN_TAG = re.compile(r"<(!doctype\s+html|html|head|body|article|main|div|p)\b[^>]*>", re.I)
_HTML_CLOSE_TAG = re.compile(r"</(html|body|article|main|div|p)\s*>", re.I)
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.I)


class AddArticleError(ValueError):
    """The article could not be added; the message says why and what to do."""


class ArticleExistsError(AddArticleError):
    """The article (same id, file or URL) is already in the corpus."""


class ExtractionError(AddArticleError):
    """No article text could be found in the source."""


def looks_like_html(text: str, suffix: str = "") -> bool:
    """True if the source is a web page (by file extension, else by its tags)."""
    if suffix.lower() in _HTML_SUFFIXES:
        return True
    head = text[:20000]
    return bool(_HTML_OPEN_TAG.search(head) and _HTML_CLOSE_TAG.search(text))


def extract_html_paragraphs(html: str) -> list[str]:
    """The main text of a web page, one entry per paragraph or heading.

    trafilatura drops navigation, footers, sidebars and comments; it writes one block per
    line, so each non-empty line is a paragraph.
    """
    import trafilatura  # imported here: it is slow to import and only adding needs it

    text = trafilatura.extract(
        html,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    if not text:
        return []
    return [line.strip() for line in text.split("\n") if line.strip()]


def extract_plain_paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text: separated by blank lines (see ``split_paragraphs``)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    return [p.strip() for p in split_paragraphs(text.strip()) if p.strip()]


def article_id_for(body: str) -> str:
    """The id of an added article: the first 16 hex digits of the SHA-256 of its body."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:ID_HEX_DIGITS]


def _yaml_scalar(value: str) -> str:
    """One front matter value as YAML, quoted only when YAML needs it."""
    if value == "":
        return "''"
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=False, width=10**9)
    return dumped.removesuffix("\n").removesuffix("\n...")


def format_article(fields: dict[str, str], paragraphs: list[str]) -> str:
    """The text of an article file: front matter in ``FIELDS`` order, then the passages."""
    lines = ["---"]
    for key in FIELDS:
        value = fields.get(key, "")
        # A date is written bare (YAML readers see a date, ours reads the text).
        lines.append(f"{key}: {value if key == 'published' and value else _yaml_scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n" + "\n\n".join(paragraphs) + "\n"


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a failure never leaves a partial file there.

    The temporary file's name starts with '.', so ``load_corpus`` ignores it even if the
    process dies before it is cleaned up.
    """
    handle = tempfile.NamedTemporaryFile(
        "w",
        encoding="utf-8",
        newline="\n",
        dir=path.parent,
        prefix=f".{path.stem}.",
        suffix=".tmp",
        delete=False,
    )
    temporary = Path(handle.name)
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _read_source(source: str | os.PathLike) -> tuple[str, str, str]:
    """Return (text, file suffix, file name) of a source that is a path or the text itself."""
    if isinstance(source, os.PathLike) or (
        isinstance(source, str)
        and "\n" not in source
        and len(source) < 4096
        and Path(source).is_file()
    ):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > MAX_ARTICLE_BYTES:
                raise AddArticleError(
                    f"{path}: file is {size:,} bytes, larger than the {MAX_ARTICLE_BYTES:,}-byte "
                    "limit for one article; is it really one article?"
                )
            data = path.read_bytes()
        except OSError as error:
            raise AddArticleError(f"{path}: cannot read the file: {error.strerror}") from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise AddArticleError(
                f"{path}:{line}: not UTF-8 (byte offset {error.start}); "
                "re-save the file with UTF-8 encoding"
            ) from None
        return text, path.suffix, path.name
    if "\n" not in source and Path(source).suffix.lower() in (*_HTML_SUFFIXES, ".txt", ".md"):
        # A one-line "text" ending in .txt is a mistyped path, not an article.
        raise AddArticleError(f"{source}: no such file")
    if len(source.encode("utf-8")) > MAX_ARTICLE_BYTES:
        raise AddArticleError(f"the text is larger than the {MAX_ARTICLE_BYTES:,}-byte limit")
    return source, "", ""


def _check_text_field(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise AddArticleError(f"{name} must be text, got {type(value).__name__}")
    if "\n" in value or "\r" in value:
        raise AddArticleError(f"{name} must be one line, got {value!r}")
    return value.strip()


def _check_published(published: object) -> str:
    try:
        date = parse_published(published)
    except ValueError as error:
        raise AddArticleError(str(error)) from None
    return date.isoformat() if isinstance(date, datetime.date) else ""


def _drop_repeated_title(paragraphs: list[str], title: str) -> list[str]:
    # Web pages repeat the headline as the first block; it is already in the front matter.
    if (
        paragraphs
        and title
        and " ".join(paragraphs[0].split()).casefold() == " ".join(title.split()).casefold()
    ):
        return paragraphs[1:]
    return paragraphs


def add_article(
    source_path_or_text: str | os.PathLike,
    *,
    title: str,
    outlet: str,
    published: str | datetime.date,
    url: str,
    author: str = "",
    language: str = "en",
    directory: Path | str | None = None,
) -> Article:
    """Add one article to the corpus and return it.

    Parameters
    ----------
    source_path_or_text
        A path to a ``.txt`` or ``.html`` file, or the text itself (a ``str`` that is not
        the name of an existing file). HTML is recognised by extension or by its tags and
        reduced to its main text; plain text is split into paragraphs at blank lines.
    title, outlet, published, url, author, language
        Front matter; ``published`` is an ISO date (YYYY-MM-DD) or '' when unknown, ``url``
        an http(s) URL or '' when unknown.
    directory
        The corpus folder (default ``corpus/articles/``).

    Raises
    ------
    ArticleExistsError
        if an article with the same id, file name or URL is already there.
    ExtractionError
        if no article text is found.
    AddArticleError
        for any other invalid input; nothing is written then.
    """
    directory = ARTICLES_DIR if directory is None else Path(directory)
    if not directory.is_dir():
        raise AddArticleError(f"{directory}: no such folder; create it or give the corpus folder")
    fields = {
        "title": _check_text_field("title", title),
        "outlet": _check_text_field("outlet", outlet),
        "author": _check_text_field("author", author),
        "url": _check_text_field("url", url),
        "language": _check_text_field("language", language),
        "published": _check_published(published),
    }
    if fields["url"] and not _URL.match(fields["url"]):
        raise AddArticleError(
            f"url {fields['url']!r} is not an http:// or https:// address; give the article's "
            "web address or '' if unknown"
        )

    text, suffix, source_name = _read_source(source_path_or_text)
    kind = "HTML" if looks_like_html(text, suffix) else "text"
    paragraphs = extract_html_paragraphs(text) if kind == "HTML" else extract_plain_paragraphs(text)
    paragraphs = _drop_repeated_title(paragraphs, fields["title"])
    where = source_name or "the given text"
    words = sum(len(p.split()) for p in paragraphs)
    if kind == "HTML" and 0 < words < MIN_HTML_WORDS:
        raise ExtractionError(
            f"{where}: found only {words} words of article text in this HTML "
            f"(at least {MIN_HTML_WORDS} expected); is it the page of the article itself? "
            "If it is, save the article text as a .txt file and add that."
        )
    if not paragraphs:
        raise ExtractionError(
            f"{where}: found no article text in this {kind}; is it the page of the article itself?"
        )

    body = "\n\n".join(paragraphs)
    article_id = article_id_for(body)
    fields["id"] = article_id
    fields["seed"] = source_name
    target = directory / f"{article_id}{ARTICLE_SUFFIX}"
    _refuse_duplicates(directory, target, article_id, fields["url"])

    write_atomically(target, format_article(fields, paragraphs))
    try:
        return parse_article(target)
    except ArticleFormatError as error:
        # Cannot happen for text we just wrote; if it does, do not leave a bad file behind.
        target.unlink(missing_ok=True)
        raise AddArticleError(f"the written article did not read back: {error}") from None


def _refuse_duplicates(directory: Path, target: Path, article_id: str, url: str) -> None:
    if target.exists():
        raise ArticleExistsError(
            f"{target}: an article with id {article_id} (the same text) is already in the "
            "corpus; nothing was written"
        )
    existing = load_corpus(directory)
    for article in existing.articles:
        if article.id == article_id:
            raise ArticleExistsError(
                f"{article.path}: already has id {article_id}; nothing was written"
            )
        if url and article.url == url:
            raise ArticleExistsError(
                f"{article.path}: article {article.id} already has url {url}; nothing was written"
            )
