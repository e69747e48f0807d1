"""Read and check the article corpus.

One UTF-8 file per article, ``corpus/articles/<id>.md``: YAML front matter between two
``---`` lines, then the body, whose paragraphs (separated by blank lines) are the passages,
numbered from 1 (passage id ``<article id>:<n>``). A plain ``.txt`` file is read as an
article without front matter. See ``corpus/README.md`` for the full format.

The file format (front matter, paragraphs) is :mod:`corpus.article_format`, publication
dates :mod:`corpus.dates`, the types :mod:`corpus.article_model`; the names callers use
from those are re-exported here.

Nothing here raises on a bad file when reading a whole corpus: ``load_corpus`` and
``read_path`` return every good article plus a list of :class:`Problem` s that say which
file, which line, what was expected and what to do.
"""

from __future__ import annotations

import os
from pathlib import Path

# ``X as X``: re-exported for the many callers that read articles (the types) and for the
# names corpus/README.md documents here; new code may import them from their own modules.
from corpus.article_format import (
    ARTICLE_SUFFIX,
    ID_PATTERN,
    make_passages,
    normalise_newlines,
    parse_article_source,
    slugify,
    split_paragraphs,
)
from corpus.article_format import FIELDS as FIELDS
from corpus.article_format import parse_article_text as parse_article_text
from corpus.article_model import Article, ArticleFormatError, Corpus, Problem
from corpus.article_model import Passage as Passage
from corpus.dates import is_plausible_date as is_plausible_date
from corpus.dates import plausible_date_range as plausible_date_range
from corpus.files import NotARegularFile, open_regular_file

#: Folder of the committed articles.
ARTICLES_DIR = Path(__file__).resolve().parent / "articles"

#: Largest article file read, in bytes. Real news articles are tens of kilobytes; a file
#: past this is almost certainly not an article, and refusing it keeps loading fast.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024

#: Suffix of a plain text file read as an article without front matter.
PLAIN_TEXT_SUFFIX = ".txt"


# --------------------------------------------------------------------------- reading files


def _read_text(path: Path) -> str:
    """Read a file as UTF-8 text with \\n newlines; raise ArticleFormatError if unusable.

    Only a regular file is opened (``corpus.files.open_regular_file``): a FIFO, socket or
    device is a problem that says what it is, and is never opened for a blocking read.
    """
    try:
        handle = open_regular_file(path)
    except NotARegularFile as error:
        problem = Problem(path, 1, f"is {error.kind}, not a regular file; skipped (an article "
                                   "is a .md or .txt file)")
        raise ArticleFormatError([problem]) from None
    except OSError as error:
        problem = Problem(path, 1, f"cannot read the file: {error.strerror}")
        raise ArticleFormatError([problem]) from None
    with handle:
        return _read_open_text(path, handle)


def _read_open_text(path: Path, handle) -> str:
    size = os.fstat(handle.fileno()).st_size
    if size > MAX_ARTICLE_BYTES:
        raise ArticleFormatError(
            [
                Problem(
                    path,
                    1,
                    f"file is {size:,} bytes, larger than the {MAX_ARTICLE_BYTES:,}-byte limit "
                    "for one article (corpus.articles.MAX_ARTICLE_BYTES); "
                    "is it really one article? Split it or remove it.",
                )
            ]
        )
    try:
        # At most one byte past the limit: a file that grew after the size check is refused.
        data = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError as error:
        problem = Problem(path, 1, f"cannot read the file: {error.strerror}")
        raise ArticleFormatError([problem]) from None
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleFormatError([Problem(
            path, 1, f"file is larger than the {MAX_ARTICLE_BYTES:,}-byte limit for one article "
                     "(corpus.articles.MAX_ARTICLE_BYTES); split it or remove it")])
    if not data.strip():
        raise ArticleFormatError(
            [Problem(path, 1, "file is empty; write the article text in it or remove it")]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ArticleFormatError(
            [
                Problem(
                    path,
                    line,
                    f"not UTF-8: byte 0x{data[error.start]:02x} at offset {error.start} "
                    "cannot be decoded; re-save the file with UTF-8 encoding",
                )
            ]
        ) from None
    return normalise_newlines(text.removeprefix("\ufeff"))


def formatted_size_problem(text: str) -> str | None:
    """None if ``text``, an article file as it would be written, fits the size limit that
    reading applies (:data:`MAX_ARTICLE_BYTES`); else a message for the person adding it.

    For ``corpus add``: check the formatted file, not the source, because formatting can
    make it larger (a 4 MB text of short lines gains a blank line between paragraphs), and
    a file past the limit would be written and then refused when read back.
    """
    size = len(text.encode("utf-8"))
    if size <= MAX_ARTICLE_BYTES:
        return None
    return (f"the article would be {size:,} bytes once formatted (front matter and a blank "
            f"line between paragraphs), more than the {MAX_ARTICLE_BYTES:,}-byte limit for one "
            "article; nothing was written. Is it really one article? Split it into several.")


def parse_article(path: Path | str) -> Article:
    """Read one article file (front matter + body).

    Raises
    ------
    ArticleFormatError
        with every problem found (file, line, what was expected, what to do).
    """
    return parse_article_checked(path)[0]


def parse_article_checked(path: Path | str) -> tuple[Article, tuple[Problem, ...]]:
    """Like :func:`parse_article`, also returning the problems that do not stop the article
    from loading: an implausible publication date (e.g. 1026-02-13) is reported and the
    article is read as undated, so one typo never hides the article nor breaks a page."""
    path = Path(path)
    return parse_article_source(path, _read_text(path), check_name=True)


def read_plain_text(path: Path | str) -> Article:
    """Read a plain ``.txt`` file as an article without metadata.

    Paragraphs are separated by blank lines (see :func:`split_paragraphs`), numbered from 1;
    the article id is the file stem slugified (``My Article.txt`` -> ``my-article``).

    Raises
    ------
    ArticleFormatError
        if the file is too large, not UTF-8, empty, or its name gives no usable id.
    """
    path = Path(path)
    text = _read_text(path)
    article_id = slugify(path.stem)
    if not ID_PATTERN.match(article_id):
        raise ArticleFormatError(
            [
                Problem(
                    path,
                    1,
                    f"cannot make an article id from the file name {path.name!r}; "
                    "rename it with letters or digits",
                )
            ]
        )
    paragraphs = split_paragraphs(text.strip("\n"))
    return Article(
        id=article_id,
        title="",
        outlet="",
        author="",
        published=None,
        url="",
        language="",
        seed="",
        path=path,
        passages=make_passages(article_id, paragraphs),
    )


def read_article_file(path: Path) -> Article:
    """Read one file: a plain ``.txt`` file or an article with front matter; raises
    :class:`ArticleFormatError` when it cannot be read."""
    return read_article_file_checked(path)[0]


def read_article_file_checked(path: Path) -> tuple[Article, tuple[Problem, ...]]:
    """:func:`read_article_file` plus the problems that do not stop the article from
    loading (see :func:`parse_article_checked`)."""
    if path.suffix.lower() == PLAIN_TEXT_SUFFIX:
        return read_plain_text(path), ()
    return parse_article_checked(path)


def article_files(directory: Path) -> list[Path]:
    """The article files of a folder (``.md`` and ``.txt``, not hidden), sorted by name.

    Every entry with such a name that is not a folder is listed, also a FIFO, a socket, a
    device or a broken link: reading it then gives a problem that says what it is, rather
    than the file silently missing. Nothing is opened here.
    """
    # Names starting with '.' are skipped: that is where adding writes its temporary file.
    found = []
    for entry in os.scandir(directory):
        if entry.name.startswith(".") or Path(entry.name).suffix.lower() not in (
                ARTICLE_SUFFIX, PLAIN_TEXT_SUFFIX):
            continue
        try:
            if entry.is_dir():
                continue
        except OSError:
            pass
        found.append(Path(directory) / entry.name)
    return sorted(found)


def _collect(paths: list[Path], problems: list[Problem]) -> Corpus:
    """Read each path, keep the good articles, report the rest and duplicate ids."""
    articles: list[Article] = []
    seen: dict[str, Path] = {}
    for path in paths:
        try:
            article, warnings = read_article_file_checked(path)
        except ArticleFormatError as error:
            problems.extend(error.problems)
            continue
        problems.extend(warnings)
        if article.id in seen:
            problems.append(
                Problem(
                    path,
                    1,
                    f"article id {article.id!r} is also used by {seen[article.id]}; "
                    "ids must be unique: rename or remove one of the two files",
                )
            )
            continue
        seen[article.id] = path
        articles.append(article)
    return Corpus(articles=tuple(articles), problems=tuple(problems))


def load_corpus(directory: Path | str | None = None) -> Corpus:
    """Load every article in ``directory`` (default: ``corpus/articles/``), sorted by name.

    Never raises on bad files: each bad file gives one or more :class:`Problem` s and is
    skipped; every good file loads.
    """
    directory = ARTICLES_DIR if directory is None else Path(directory)
    if not directory.is_dir():
        return Corpus(
            (),
            (
                Problem(
                    directory, 1, "no such folder; give the folder that holds the article .md files"
                ),
            ),
        )
    return _collect(article_files(directory), [])


def read_path(path: Path | str) -> Corpus:
    """Read an article ``.md`` file, a plain ``.txt`` file, or a folder of them.

    A folder is read like :func:`load_corpus` (its .md and .txt files, sorted by name, not
    recursing). Never raises on bad input: problems are returned in the Corpus.
    """
    path = Path(path)
    if path.is_dir():
        return load_corpus(path)
    if not path.exists():
        return Corpus((), (Problem(path, 1, "no such file or folder"),))
    return _collect([path], [])
