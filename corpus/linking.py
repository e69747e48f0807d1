"""Join the corpus to the map: every mention of every feature in every passage.

``link_corpus`` is the one function that turns articles into mentions; the command line,
the on-disk index and the dashboard all call it, so a mention means the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

import pandas as pd

from corpus.articles import Article
from corpus.linker import Linker

__all__ = ["Mention", "MENTION_COLUMNS", "link_article", "link_corpus", "mentions_frame",
           "linker_for"]


@dataclass(frozen=True, slots=True)
class Mention:
    """A mention of ``feature`` in paragraph ``paragraph`` of ``article_id``.

    ``start``/``end`` are character offsets in the passage text:
    ``passage.text[start:end] == text``. ``source`` is where the article was read from
    (its file path). ``kind`` is ``feature`` or ``person``; a person's ``actor`` is the
    actor it speaks for.
    """

    mention_id: str
    source: str
    article_id: str
    passage_id: str
    paragraph: int
    feature: str
    start: int
    end: int
    text: str
    kind: str
    actor: str | None


MENTION_COLUMNS = [f for f in Mention.__dataclass_fields__]


def linker_for(layers) -> Linker:
    """The linker for a set of loaded geodata layers."""
    return Linker.from_layers(layers)


def link_article(article: Article, linker: Linker) -> Iterator[Mention]:
    """Mentions in one article, passage by passage, in reading order."""
    passages = article.passages
    per_passage = linker.link_document([p.text for p in passages])
    source = str(article.path) if getattr(article, "path", None) else article.id
    for passage, matches in zip(passages, per_passage, strict=True):
        for match in matches:
            yield Mention(
                mention_id=f"{passage.id}:{match.start}-{match.end}:{match.feature}",
                source=source,
                article_id=article.id,
                passage_id=passage.id,
                paragraph=passage.n,
                feature=match.feature,
                start=match.start,
                end=match.end,
                text=match.text,
                kind=match.kind,
                actor=match.actor,
            )


def link_corpus(articles: Iterable[Article], linker: Linker) -> Iterator[Mention]:
    """Mentions in every article."""
    for article in articles:
        yield from link_article(article, linker)


def mentions_frame(corpus, layers=None, *, linker: Linker | None = None) -> pd.DataFrame:
    """All mentions of a corpus as a DataFrame with :data:`MENTION_COLUMNS`."""
    if linker is None:
        if layers is None:
            raise ValueError("mentions_frame needs the geodata layers or a linker")
        linker = linker_for(layers)
    rows = [asdict(m) for m in link_corpus(corpus.articles, linker)]
    frame = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    return frame.astype({"paragraph": "int64", "start": "int64", "end": "int64"})
