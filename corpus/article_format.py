"""The article file format: YAML front matter between two ``---`` lines, then the body.

The body's paragraphs (separated by blank lines) are the passages, numbered from 1 (passage
id ``<article id>:<n>``). :func:`parse_article_source` checks every field and returns the
:class:`~corpus.article_model.Article` or raises :class:`~corpus.article_model.ArticleFormatError`
with every problem (line, what was expected, what to do). Reading the file itself (size,
encoding, special files) is :mod:`corpus.articles`. See ``corpus/README.md`` for the format.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from pathlib import Path

import yaml

from corpus.article_model import Article, ArticleFormatError, Passage, Problem
from corpus.dates import implausible_date_problem, is_plausible_date, parse_published

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

#: Suffix of an article file with front matter.
ARTICLE_SUFFIX = ".md"

_FRONT_MATTER_FENCE = "---"


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


def normalise_newlines(text: str) -> str:
    # Files edited on Windows (or pasted from one) carry \r\n; passages must not.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def make_passages(article_id: str, paragraphs: list[str]) -> tuple[Passage, ...]:
    """Number paragraphs from 1 as passages of ``article_id``."""
    return tuple(
        Passage(id=f"{article_id}:{n}", article_id=article_id, n=n, text=text)
        for n, text in enumerate(paragraphs, start=1)
    )


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


def parse_article_text(text: str, name: str = "article.md") -> Article:
    """Read an article in the corpus format from its text (an article file being
    imported): the same checks as :func:`corpus.articles.parse_article` except that the id
    need not match a file name; ``name`` is used in problems only. ``path`` of the result
    is None."""
    text = normalise_newlines(text.removeprefix("\ufeff"))
    article, _ = parse_article_source(Path(name), text, check_name=False)
    return Article(**{**article.__dict__, "path": None})


def parse_article_source(path: Path, text: str, *,
                         check_name: bool) -> tuple[Article, tuple[Problem, ...]]:
    """Check and read the text of an article file (``path`` is where it came from, for
    problems and ``Article.path``); with ``check_name``, the id must be the file's stem.

    Returns the article and the problems that do not stop it (an implausible date, read as
    undated); raises :class:`ArticleFormatError` with every other problem.
    """
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

