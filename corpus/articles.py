"""Read and check the article corpus.

One UTF-8 file per article, ``corpus/articles/<id>.md``: YAML front matter between two
``---`` lines, then the body, whose paragraphs (separated by blank lines) are the passages,
numbered from 1 (passage id ``<article id>:<n>``). A plain ``.txt`` file is read as an
article without front matter. See ``corpus/README.md`` for the full format.

Nothing here raises on a bad file when reading a whole corpus: ``load_corpus`` and
``read_path`` return every good article plus a list of :class:`Problem` s that say which
file, which line, what was expected and what to do.
"""

from __future__ import annotations

import datetime
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from corpus.files import NotARegularFile, open_regular_file

#: Folder of the committed articles.
ARTICLES_DIR = Path(__file__).resolve().parent / "articles"

#: Largest article file read, in bytes. Real news articles are tens of kilobytes; a file
#: past this is almost certainly not an article, and refusing it keeps loading fast.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024

#: Front matter keys, in the order they are written. Every one is one line of text except
#: ``published`` (an ISO date) and ``also_published`` (a list of {outlet, url}: who else
#: published this article, recorded by ``corpus import`` when it finds a syndicated copy).
FIELDS = ("id", "title", "outlet", "author", "published", "url", "language", "seed",
          "also_published")

#: Keys of one ``also_published`` entry.
ALSO_PUBLISHED_KEYS = ("outlet", "url")

#: Keys that must be present (the others default to '').
REQUIRED_FIELDS = ("id",)

#: Article ids: lower-case letters, digits, '_' and '-', starting with a letter or digit.
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

#: Suffixes read as articles when a folder is read.
ARTICLE_SUFFIX = ".md"
PLAIN_TEXT_SUFFIX = ".txt"

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FRONT_MATTER_FENCE = "---"
_DISPLAY_TITLE_WORDS = 12


@dataclass(frozen=True)
class Passage:
    """One paragraph of an article; ``id`` is ``<article id>:<n>``, ``n`` counts from 1."""

    id: str
    article_id: str
    n: int
    text: str


@dataclass(frozen=True)
class Article:
    """One article: its front matter fields, where it was read from, and its passages."""

    id: str
    title: str
    outlet: str
    author: str
    published: datetime.date | None
    url: str
    language: str
    seed: str
    path: Path | None
    passages: tuple[Passage, ...]
    #: Other outlets that published the same article: (outlet, url) pairs, in file order.
    also_published: tuple[tuple[str, str], ...] = ()

    @property
    def display_title(self) -> str:
        """The title, or when the source gave none, the opening words with an ellipsis."""
        if self.title:
            return self.title
        if not self.passages:
            return self.id
        words = self.passages[0].text.split()
        if len(words) <= _DISPLAY_TITLE_WORDS:
            return " ".join(words)
        return " ".join(words[:_DISPLAY_TITLE_WORDS]) + "…"


@dataclass(frozen=True)
class Problem:
    """Something wrong with one file: where it is and what to do about it."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ArticleFormatError(ValueError):
    """An article file could not be read; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Corpus:
    """The articles that loaded, and the problems found in the files that did not."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...] = ()

    def get(self, article_id: str) -> Article | None:
        """The article with this id, or None."""
        for article in self.articles:
            if article.id == article_id:
                return article
        return None

    def passages(self) -> Iterator[Passage]:
        """Every passage of every article, in article order then passage order."""
        for article in self.articles:
            yield from article.passages


# --------------------------------------------------------------------------- text helpers


def slugify(name: str) -> str:
    """Turn a file stem into an article id: lower case ASCII, runs of other characters -> '-'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9_-]+", "-", ascii_name.lower())
    return re.sub(r"-{2,}", "-", slug).strip("-_")


def split_paragraphs(body: str) -> list[str]:
    """Split text into paragraphs.

    Paragraphs are separated by one or more blank (whitespace-only) lines. A text with no
    blank line at all but several lines has one paragraph per line: that is how text copied
    from a web page usually arrives, and a single giant passage would be useless.
    The characters of each paragraph are kept as they are (lines joined by newlines).
    """
    lines = body.split("\n")
    if len(lines) > 1 and not any(_is_blank(line) for line in lines):
        return list(lines)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if _is_blank(line):
            if current:
                paragraphs.append("\n".join(current))
                current = []
        else:
            current.append(line)
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


def _is_blank(line: str) -> bool:
    return line.strip() == ""


def _normalise_newlines(text: str) -> str:
    # Files edited on Windows (or pasted from one) carry \r\n; passages must not.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def make_passages(article_id: str, paragraphs: list[str]) -> tuple[Passage, ...]:
    """Number paragraphs from 1 as passages of ``article_id``."""
    return tuple(
        Passage(id=f"{article_id}:{n}", article_id=article_id, n=n, text=text)
        for n, text in enumerate(paragraphs, start=1)
    )


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


def parse_also_published(value: object) -> tuple[tuple[tuple[str, str], ...], str]:
    """Read ``also_published``: absent/'' -> (); a list of {outlet, url} mappings of text ->
    (outlet, url) pairs. Returns (pairs, '') or ((), what is wrong)."""
    if value is None or value == "" or value == []:
        return (), ""
    expected = ("also_published must be a list of entries with 'outlet' and 'url', e.g. "
                "also_published: [{outlet: Example News, url: 'https://example.org/a'}]")
    if not isinstance(value, list):
        return (), f"{expected}; got {type(value).__name__}"
    pairs = []
    for entry in value:
        if (not isinstance(entry, dict) or set(entry) - set(ALSO_PUBLISHED_KEYS)
                or not all(isinstance(entry.get(k, ""), str) for k in ALSO_PUBLISHED_KEYS)):
            return (), f"{expected}; got the entry {entry!r}"
        pairs.append((entry.get("outlet", ""), entry.get("url", "")))
    return tuple(pairs), ""


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
    return _normalise_newlines(text.removeprefix("\ufeff"))


class _TextOnlyLoader(yaml.SafeLoader):
    """A YAML loader that keeps every scalar as text.

    Every front matter field is text; letting YAML guess would turn ``id: 0123`` into the
    number 83 and ``title: yes`` into True, and would reject 2026-02-30 with a bare
    ValueError. ``published`` is checked as an ISO date by ``parse_published`` instead.
    """

    yaml_implicit_resolvers: dict = {}


def _split_front_matter(path: Path, text: str) -> tuple[str, str, int]:
    """Return (front matter YAML, body, line number of the body's first line)."""
    lines = text.split("\n")
    if lines[0].rstrip() != _FRONT_MATTER_FENCE:
        raise ArticleFormatError(
            [
                Problem(
                    path,
                    1,
                    "missing front matter: the file must start with a '---' line, the fields "
                    f"({', '.join(FIELDS)}), and a closing '---' line; "
                    "for text without front matter use a .txt file",
                )
            ]
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() == _FRONT_MATTER_FENCE:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise ArticleFormatError(
        [
            Problem(
                path,
                1,
                "unterminated front matter: the '---' on line 1 has no closing '---' line; "
                "add one after the last field",
            )
        ]
    )


def _parse_front_matter(path: Path, source: str) -> tuple[dict[str, object], dict[str, int]]:
    """Parse the front matter; return the fields and the line of each key."""
    try:
        # The loader checks the characters as it is built: a control character raises here.
        loader = _TextOnlyLoader(source)
    except yaml.YAMLError as error:
        line, reason = _yaml_error_location(source, error)
        raise ArticleFormatError(
            [Problem(path, line, f"front matter has a character YAML cannot read ({reason}); "
                                 "remove control characters from the front matter")]
        ) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            raise ArticleFormatError(
                [
                    Problem(
                        path,
                        node.start_mark.line + 2,
                        "front matter must be 'key: value' lines, one per field",
                    )
                ]
            )
        lines: dict[str, int] = {}
        problems: list[Problem] = []
        for key_node, _value in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 2
            if key in lines:
                problems.append(
                    Problem(
                        path,
                        line,
                        f"field {key!r} appears twice (also on line {lines[key]}); keep one",
                    )
                )
            lines[key] = line
        if problems:
            raise ArticleFormatError(problems)
        fields = loader.construct_document(node)
    except yaml.YAMLError as error:
        line, reason = _yaml_error_location(source, error)
        raise ArticleFormatError(
            [
                Problem(
                    path,
                    line,
                    f"front matter is not valid YAML ({reason}); quote values that "
                    "contain ': ' or start with a quote, e.g. title: 'A: B'",
                )
            ]
        ) from None
    finally:
        loader.dispose()
    return fields, lines


def _yaml_error_location(source: str, error: yaml.YAMLError) -> tuple[int, str]:
    """File line (front matter starts on line 2) and short reason of a YAML error."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark is not None else 2
        return line, str(error.problem or error.context)
    if isinstance(error, yaml.reader.ReaderError):
        # Raised for characters YAML does not allow, e.g. control characters.
        return source[: error.position].count(
            "\n"
        ) + 2, f"character {error.character!r} is not allowed"
    return 2, str(error)


def _check_fields(
    path: Path, fields: dict[str, object], lines: dict[str, int], first_line: int,
    *, check_name: bool = True,
) -> tuple[dict[str, str], datetime.date | None, list[Problem]]:
    problems: list[Problem] = []
    for key in fields:
        if key not in FIELDS:
            problems.append(
                Problem(
                    path,
                    lines.get(key, 2),
                    f"unknown field {key!r}; allowed fields are {', '.join(FIELDS)}",
                )
            )
    for key in REQUIRED_FIELDS:
        if key not in fields or fields[key] in ("", None):
            problems.append(
                Problem(
                    path,
                    first_line,
                    f"missing required field {key!r}; add '{key}: {path.stem}' to the front matter",
                )
            )
    texts: dict[str, str] = {}
    for key in FIELDS:
        value = fields.get(key, "")
        if key in ("published", "also_published"):
            continue
        if not isinstance(value, str):
            problems.append(
                Problem(
                    path,
                    lines.get(key, 2),
                    f"field {key!r} must be text, got "
                    f"{type(value).__name__}; write it as one quoted line",
                )
            )
            value = ""
        texts[key] = value
    published = None
    try:
        published = parse_published(fields.get("published", ""))
    except ValueError as error:
        problems.append(Problem(path, lines.get("published", 2), str(error)))
    also, message = parse_also_published(fields.get("also_published"))
    if message:
        problems.append(Problem(path, lines.get("also_published", 2), message))
    texts["also_published"] = also  # type: ignore[assignment]
    article_id = texts.get("id", "")
    if article_id:
        if not ID_PATTERN.match(article_id):
            problems.append(
                Problem(
                    path,
                    lines["id"],
                    f"id {article_id!r} is not a valid article id (lower-case letters, digits, "
                    "'_' and '-', starting with a letter or digit); rename it",
                )
            )
        elif check_name and article_id != path.stem:
            problems.append(
                Problem(
                    path,
                    lines["id"],
                    f"id {article_id!r} does not match the file name {path.name!r}; "
                    f"rename the file to {article_id}{ARTICLE_SUFFIX} or fix the id",
                )
            )
    return texts, published, problems


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


def implausible_date_problem(path: Path, line: int, published: datetime.date) -> Problem:
    """The problem reported for a real but implausible publication date (see
    :func:`is_plausible_date`): the article is read as undated until the date is fixed."""
    first, last = plausible_date_range()
    return Problem(path, line, f"published {published.isoformat()} is not a plausible news "
                               f"date (expected {first.isoformat()} to {last.isoformat()}); "
                               "the article is read as undated: fix the date, or write "
                               "published: '' if it is unknown")


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
    return _parse_text(path, _read_text(path), check_name=True)


def parse_article_text(text: str, name: str = "article.md") -> Article:
    """Read an article in the corpus format from its text (an article file being
    imported): the same checks as :func:`parse_article` except that the id need not match a
    file name; ``name`` is used in problems only. ``path`` of the result is None."""
    text = _normalise_newlines(text.removeprefix("\ufeff"))
    article, _ = _parse_text(Path(name), text, check_name=False)
    return Article(**{**article.__dict__, "path": None})


def _parse_text(path: Path, text: str, *,
                check_name: bool) -> tuple[Article, tuple[Problem, ...]]:
    front_matter, body, body_line = _split_front_matter(path, text)
    fields, lines = _parse_front_matter(path, front_matter)
    texts, published, problems = _check_fields(path, fields, lines, body_line - 1,
                                               check_name=check_name)
    warnings: tuple[Problem, ...] = ()
    if published is not None and not is_plausible_date(published):
        warnings = (implausible_date_problem(path, lines.get("published", 2), published),)
        published = None
    paragraphs = split_paragraphs(body)
    if not paragraphs:
        problems.append(
            Problem(
                path,
                body_line,
                "the article has no text after the front matter; "
                "add its paragraphs, separated by blank lines",
            )
        )
    if problems:
        raise ArticleFormatError(problems)
    article_id = texts["id"]
    return (Article(
        id=article_id,
        title=texts["title"],
        outlet=texts["outlet"],
        author=texts["author"],
        published=published,
        url=texts["url"],
        language=texts["language"],
        seed=texts["seed"],
        path=path,
        passages=make_passages(article_id, paragraphs),
        also_published=texts["also_published"],  # type: ignore[arg-type]
    ), warnings)


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
