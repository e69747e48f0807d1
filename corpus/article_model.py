"""What an article is once read: its passages, and the problems found in files.

Shared by every layer (reading, linking, the index, the dashboard); nothing here reads a
file. The file format is :mod:`corpus.article_format`, reading files and folders
:mod:`corpus.articles`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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

