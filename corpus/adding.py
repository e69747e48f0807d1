"""Add articles to the corpus: the one writer that ``corpus add``, ``corpus import`` and the
dashboard share.

Text and paths are separate, explicit APIs, never one "path or text" argument:

- :func:`add_text` takes the article's text (plain text or the HTML of a page). It never
  opens a file, whatever the text says: text pasted into the dashboard is only ever text.
- :func:`add_file` takes a path (the command line's argument) and reads that file.
- :func:`write_article` takes front matter fields and paragraphs; both of the above, and
  every source of ``corpus import``, end in it.

Adding never changes an existing file or id: the new article gets its own file
``<id>.md`` where the id is the first 16 hex digits of the SHA-256 of its body with
whitespace normalised, and the file is created atomically AND exclusively: written to a
hidden temporary file in the same folder, fsynced, then hard-linked to its name
(``os.link`` fails if the name exists), so a failure or a kill leaves either no file or the
complete one, and of two simultaneous adds of the same text exactly one wins; the other is
told it is a duplicate.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import hashlib
import os
import re
import secrets
import stat
from pathlib import Path

import yaml

from corpus.article_format import ARTICLE_SUFFIX, FIELDS, split_paragraphs
from corpus.article_model import Article, ArticleFormatError
from corpus.articles import ARTICLES_DIR, MAX_ARTICLE_BYTES, load_corpus, parse_article
from corpus.dates import is_plausible_date, parse_published, plausible_date_range
from corpus.language import article_language

#: Length of an added article's id, in hex digits of the body's SHA-256.
ID_HEX_DIGITS = 16

#: Fewest words accepted from a web page: when the extractor finds no article it falls back
#: to whatever text is there (a menu's "Home"), which is not an article.
MIN_HTML_WORDS = 20

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# A document counts as HTML when it has an opening and a closing block tag; plain text that
# merely mentions "<p>" once is not taken for a web page.
_HTML_OPEN_TAG = re.compile(r"<(!doctype\s+html|html|head|body|article|main|div|p)\b[^>]*>", re.I)
_HTML_CLOSE_TAG = re.compile(r"</(html|body|article|main|div|p)\s*>", re.I)
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.I)


class AddArticleError(ValueError):
    """The article could not be added; the message says why and what to do."""


class ArticleExistsError(AddArticleError):
    """The article (same id, file or URL) is already in the corpus.

    ``existing`` is the id of the article already there (or '' when unknown)."""

    def __init__(self, message: str, existing: str = ""):
        super().__init__(message)
        self.existing = existing


class ExtractionError(AddArticleError):
    """No article text could be found in the source."""


def looks_like_html(text: str, suffix: str = "") -> bool:
    """True if the source is a web page (by file extension, else by its tags)."""
    if suffix.lower() in HTML_SUFFIXES:
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


def normalise_body(body: str) -> str:
    """The body as hashed for its id: every run of whitespace (line breaks, spaces, tabs,
    no-break spaces, blank lines) becomes one space, so a re-wrapped copy of the same text
    gets the same id."""
    return " ".join(body.split())


def article_id_for(body: str) -> str:
    """The id of an added article: the first 16 hex digits of the SHA-256 of its body with
    whitespace normalised (``normalise_body``)."""
    return hashlib.sha256(normalise_body(body).encode("utf-8")).hexdigest()[:ID_HEX_DIGITS]


def _yaml_scalar(value: str) -> str:
    """One front matter value as YAML, quoted only when YAML needs it."""
    if value == "":
        return "''"
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=False, width=10**9)
    return dumped.removesuffix("\n").removesuffix("\n...")


def format_article(fields: dict[str, object], paragraphs: list[str]) -> str:
    """The text of an article file: front matter in ``FIELDS`` order, then the passages.

    ``also_published`` (a list of {outlet, url}) is written as a YAML list only when it is
    not empty."""
    lines = ["---"]
    for key in FIELDS:
        value = fields.get(key, "")
        if key == "also_published":
            if value:
                lines.append(_also_published_yaml(value))  # type: ignore[arg-type]
            continue
        # A date is written bare (YAML readers see a date, ours reads the text).
        lines.append(f"{key}: {value if key == 'published' and value else _yaml_scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n" + "\n\n".join(paragraphs) + "\n"


def _also_published_yaml(entries: list[dict[str, str]]) -> str:
    rows = [{"outlet": e.get("outlet", ""), "url": e.get("url", "")} for e in entries]
    return yaml.safe_dump({"also_published": rows}, allow_unicode=True, sort_keys=False,
                          width=10**9).rstrip("\n")


def _temporary_path(path: Path) -> Path:
    # Hidden ('.'-prefixed, '.tmp'): load_corpus ignores it even if the process dies.
    return path.parent / f".{path.stem}.{secrets.token_hex(6)}.tmp"


def _write_temporary(path: Path, text: str) -> Path:
    """Write ``text`` to a new hidden file next to ``path``, fsynced; return its path.

    Created with mode 0666 filtered by the umask, like any file a program creates, so the
    article is as readable as the folder's other files (tempfile's 0600 made files written
    by one user unreadable to a dashboard run by another)."""
    temporary = _temporary_path(path)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (replacing it) so that a failure never leaves a partial
    file there: temporary file in the same folder, fsync, ``os.replace``. A file replaced
    keeps its permissions."""
    temporary = _write_temporary(path, text)
    try:
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def create_exclusively(path: Path, text: str) -> bool:
    """Create ``path`` with ``text`` atomically and only if it does not exist yet.

    Returns False (writing nothing) when the name is taken, also when another process
    creates it at the same moment. The complete, fsynced temporary file is hard-linked to
    its name: the link either fails because the name exists, or makes the whole file appear
    at once."""
    temporary = _write_temporary(path, text)
    try:
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                                   errno.EMLINK):
                raise
            # A file system without hard links: claim the name with O_EXCL, then move the
            # complete file over the (empty, momentary) claim.
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            except FileExistsError:
                return False
            os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return True


# --------------------------------------------------------------------------- checking fields


def check_text_field(name: str, value: object) -> str:
    """A one-line text field, stripped; AddArticleError if it is not one line of text."""
    if not isinstance(value, str):
        raise AddArticleError(f"{name} must be text, got {type(value).__name__}")
    if "\n" in value or "\r" in value:
        raise AddArticleError(f"{name} must be one line, got {value!r}")
    return value.strip()


def check_published(published: object) -> str:
    """'' or an ISO date within ``plausible_date_range``; AddArticleError otherwise."""
    try:
        date = parse_published(published)
    except ValueError as error:
        raise AddArticleError(str(error)) from None
    if date is None:
        return ""
    if not is_plausible_date(date):
        first, last = plausible_date_range()
        raise AddArticleError(
            f"published {date.isoformat()} is outside the plausible range for a news article "
            f"({first.isoformat()} to {last.isoformat()}); check for a typo, or give '' if "
            "the date is unknown"
        )
    return date.isoformat()


def check_url(url: str) -> str:
    """'' or an http(s) URL; AddArticleError otherwise."""
    if url and not URL_PATTERN.match(url):
        raise AddArticleError(
            f"url {url!r} is not an http:// or https:// address; give the article's "
            "web address or '' if unknown"
        )
    return url


def check_fields(*, title: object = "", outlet: object = "", published: object = "",
                 url: object = "", author: object = "", language: object = "",
                 seed: object = "") -> dict[str, str]:
    """Checked front matter (without the id); AddArticleError on the first bad value."""
    fields = {
        "title": check_text_field("title", title),
        "outlet": check_text_field("outlet", outlet),
        "author": check_text_field("author", author),
        "url": check_text_field("url", url),
        "language": check_text_field("language", language),
        "seed": check_text_field("seed", seed),
        "published": check_published(published),
    }
    check_url(fields["url"])
    return fields


def drop_repeated_title(paragraphs: list[str], title: str) -> list[str]:
    """Web pages repeat the headline as the first block; it is already in the front matter."""
    if (
        paragraphs
        and title
        and " ".join(paragraphs[0].split()).casefold() == " ".join(title.split()).casefold()
    ):
        return paragraphs[1:]
    return paragraphs


def text_paragraphs(text: str, *, suffix: str = "", where: str = "the given text") -> list[str]:
    """The passages of a source's text: HTML (by ``suffix`` or tags) reduced to its main
    text, else plain paragraphs. ExtractionError when no article text is there."""
    if len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        raise AddArticleError(f"{where}: the text is larger than the {MAX_ARTICLE_BYTES:,}-byte "
                              "limit for one article")
    kind = "HTML" if looks_like_html(text, suffix) else "text"
    paragraphs = extract_html_paragraphs(text) if kind == "HTML" else extract_plain_paragraphs(text)
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
    return paragraphs


# --------------------------------------------------------------------------- the writer


def corpus_folder(directory: Path | str | None) -> Path:
    """The corpus folder (default ``corpus/articles/``); AddArticleError if missing."""
    folder = ARTICLES_DIR if directory is None else Path(directory)
    if not folder.is_dir():
        raise AddArticleError(f"{folder}: no such folder; create it or give the corpus folder")
    return folder


def write_article(fields: dict[str, object], paragraphs: list[str], directory: Path,
                  *, check_existing: bool = True, article_id: str = "") -> Article:
    """Write one new article (checked ``fields`` without id, and its passages); return it.

    The id is computed from the paragraphs (``article_id`` gives it instead: an imported
    article file's own id). With ``check_existing`` the folder is read to
    refuse an article with the same id or URL (``corpus import`` passes False and keeps its
    own register of the folder instead of re-reading it per item). In every case the file
    is created exclusively: if the name is taken, even by another process a moment ago,
    ArticleExistsError says so and nothing is written.
    """
    paragraphs = [p for p in paragraphs if p.strip()]
    if not paragraphs:
        raise ExtractionError("found no article text")
    body = "\n\n".join(paragraphs)
    article_id = article_id or article_id_for(body)
    fields = {**fields, "id": article_id,
              "language": article_language(fields.get("language", ""), body)}
    target = directory / f"{article_id}{ARTICLE_SUFFIX}"
    if check_existing:
        refuse_duplicates(directory, target, article_id, str(fields.get("url", "")))
    text = format_article(fields, paragraphs)
    size = len(text.encode("utf-8"))
    if size > MAX_ARTICLE_BYTES:
        raise AddArticleError(
            f"the article file would be {size:,} bytes, larger than the {MAX_ARTICLE_BYTES:,}-"
            f"byte limit for one article ({len(paragraphs):,} passages: each line without a "
            "blank line between becomes a passage); is it really one article? Split it, or "
            "separate its paragraphs with blank lines"
        )
    if not create_exclusively(target, text):
        raise ArticleExistsError(
            f"{target}: an article with id {article_id} (the same text) is already in the "
            "corpus; nothing was written", existing=article_id)
    try:
        return parse_article(target)
    except ArticleFormatError as error:
        # Cannot happen for text we just wrote; if it does, do not leave a bad file behind.
        target.unlink(missing_ok=True)
        raise AddArticleError(f"the written article did not read back: {error}") from None


def refuse_duplicates(directory: Path, target: Path, article_id: str, url: str) -> None:
    """ArticleExistsError if the folder already has this id (file or front matter, also an
    older article whose re-wrapped body has this id) or this URL."""
    if target.exists():
        raise ArticleExistsError(
            f"{target}: an article with id {article_id} (the same text) is already in the "
            "corpus; nothing was written", existing=article_id)
    existing = load_corpus(directory)
    for article in existing.articles:
        if article.id == article_id or article_id_for(
                "\n\n".join(p.text for p in article.passages)) == article_id:
            raise ArticleExistsError(
                f"{article.path}: already has the same text (id {article.id}); nothing was "
                "written", existing=article.id)
        if url and article.url == url:
            raise ArticleExistsError(
                f"{article.path}: article {article.id} already has url {url}; nothing was "
                "written", existing=article.id)


# --------------------------------------------------------------------------- text and files


def add_text(
    text: str,
    *,
    title: str,
    outlet: str,
    published: str | datetime.date,
    url: str,
    author: str = "",
    language: str = "",
    name: str = "",
    directory: Path | str | None = None,
) -> Article:
    """Add one article from its text and return it. Never opens a file.

    Parameters
    ----------
    text
        The article: plain text (paragraphs separated by blank lines) or the HTML of a
        saved page (recognised by ``name``'s extension or by its tags). It is only ever
        text: a text that happens to be the name of a file is an article of one line.
    title, outlet, published, url, author, language
        Front matter; ``published`` is an ISO date (YYYY-MM-DD) or '' when unknown, ``url``
        an http(s) URL or '' when unknown, ``language`` a language name or code ('' to
        detect it from the text).
    name
        The name the text came under (an uploaded file's name), recorded as ``seed`` and
        used only for its extension; never opened.
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
    if not isinstance(text, str):
        raise TypeError(f"add_text takes the article's text (str), got {type(text).__name__}; "
                        "use add_file for a path")
    folder = corpus_folder(directory)
    fields = check_fields(title=title, outlet=outlet, published=published, url=url,
                          author=author, language=language, seed=Path(name).name)
    paragraphs = text_paragraphs(text, suffix=Path(name).suffix, where=name or "the given text")
    paragraphs = drop_repeated_title(paragraphs, fields["title"])
    return write_article(fields, paragraphs, folder)


def read_source_file(path: Path) -> str:
    """The UTF-8 text of a regular file no larger than one article; AddArticleError else."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise AddArticleError(f"{path}: no such file") from None
    except OSError as error:
        raise AddArticleError(f"{path}: cannot read the file: {error.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise AddArticleError(f"{path}: not a regular file; give an article file")
    if info.st_size > MAX_ARTICLE_BYTES:
        raise AddArticleError(
            f"{path}: file is {info.st_size:,} bytes, larger than the {MAX_ARTICLE_BYTES:,}-byte "
            "limit for one article; is it really one article?"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise AddArticleError(f"{path}: cannot read the file: {error.strerror}") from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise AddArticleError(
            f"{path}:{line}: not UTF-8 (byte offset {error.start}); "
            "re-save the file with UTF-8 encoding"
        ) from None


def add_file(
    path: os.PathLike | str,
    *,
    title: str,
    outlet: str,
    published: str | datetime.date,
    url: str,
    author: str = "",
    language: str = "",
    directory: Path | str | None = None,
) -> Article:
    """Add the article in the file at ``path`` (a ``.txt`` or saved ``.html`` page): the
    command line's API. The same checks and writer as :func:`add_text`; the file name is
    recorded as ``seed``."""
    path = Path(path)
    folder = corpus_folder(directory)
    fields = check_fields(title=title, outlet=outlet, published=published, url=url,
                          author=author, language=language, seed=path.name)
    text = read_source_file(path)
    paragraphs = text_paragraphs(text, suffix=path.suffix, where=path.name)
    paragraphs = drop_repeated_title(paragraphs, fields["title"])
    return write_article(fields, paragraphs, folder)
