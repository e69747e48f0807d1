"""Join the corpus to the map: every mention of every feature in every passage.

``link_corpus`` is the one function that turns articles into mentions; the command line,
the on-disk index and the dashboard all call it, so a mention means the same everywhere.
An article is linked in its language: the one its front matter states, else the one
:func:`corpus.language.detect_language` finds, else none (English rules plus the matchers of
whatever scripts its passages contain; see :func:`article_linking_language`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from corpus.articles import Article
from corpus.linking.matcher import Linker, Match

__all__ = ["Mention", "MENTION_COLUMNS", "link_article", "link_corpus", "link_passages",
           "mentions_frame", "linker_for", "linker_version", "article_linking_language"]


@dataclass(frozen=True, slots=True)
class Mention:
    """A mention of ``feature`` in paragraph ``paragraph`` of ``article_id``.

    ``start``/``end`` are character offsets in the passage text:
    ``passage.text[start:end] == text``. ``source`` is where the article was read from
    (its file path). ``kind`` is ``feature`` or ``person``; a person's ``actor`` is the
    actor it speaks for. ``language`` is the language the passage was linked in (ISO code,
    '' when unknown); ``name`` is the canonical name matched ('' for a description).
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
    language: str = ""
    name: str = ""


MENTION_COLUMNS = [f for f in Mention.__dataclass_fields__]


def linker_for(layers) -> Linker:
    """The linker for a set of loaded geodata layers."""
    return Linker.from_layers(layers)


def article_linking_language(article: Article) -> str:
    """The article's language code: stated in its front matter, else detected from its
    passages, else '' (undetectable: short, mixed or in a language the detector does not
    know)."""
    from corpus.language import article_language

    stated = getattr(article, "language", "") or ""
    if stated:
        return article_language(stated, "")
    sample = "\n\n".join(p.text for p in article.passages[:6])
    return article_language("", sample)


def link_passages(texts: Sequence[str], linker: Linker, *, language: str | None = None
                  ) -> list[list[Match]]:
    """Matches per passage of one article (acronyms it introduces count in all of them)."""
    return linker.link_document(list(texts), language=language or None)


def link_article(article: Article, linker: Linker) -> Iterator[Mention]:
    """Mentions in one article, passage by passage, in reading order."""
    passages = article.passages
    language = article_linking_language(article)
    per_passage = link_passages([p.text for p in passages], linker, language=language)
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
                language=language,
                name=match.name,
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


def linker_version(names_dir: Path | str | None = None) -> str:
    """Hash of the linking code and of the names files (default
    ``geodata/sources/names``): when either changes, an index built with the old linker is
    re-linked (``corpus.index.code_hash`` includes it)."""
    package = Path(__file__).resolve().parent
    default = package.parent.parent / "geodata" / "sources" / "names"
    names = Path(names_dir) if names_dir else default
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")) + sorted(names.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
