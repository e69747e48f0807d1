"""From items to article files: fill what the source does not say, refuse duplicates and
syndicated copies, and write with the one writer (``corpus.adding.write_article``).

The :class:`Register` is the corpus as the importer knows it, read once per run: ids
(also the whitespace-normalised body hash of older articles), URLs and MinHash
signatures. Each new article is added to it, so a batch never imports the same story
twice; and since every file is created exclusively, a second process importing at the
same moment is told "duplicate" instead of overwriting.
"""

from __future__ import annotations

import contextlib
import fcntl
from dataclasses import dataclass, field
from pathlib import Path

from corpus.adding import (
    AddArticleError,
    ArticleExistsError,
    article_id_for,
    check_fields,
    drop_repeated_title,
    format_article,
    write_article,
    write_atomically,
)
from corpus.article_format import ID_PATTERN
from corpus.articles import Article, ArticleFormatError, load_corpus, parse_article
from corpus.ingest import syndication
from corpus.ingest.fetching import Fetcher, FetchError
from corpus.ingest.items import (
    DUPLICATE,
    IMPORTED,
    SKIPPED,
    Item,
    Outcome,
    Rejected,
    SourceError,
    published_date,
    published_moment,
)
from corpus.language import article_language, normalise_language

LOCK_NAME = ".import.lock"


@dataclass
class Defaults:
    """What the flags say: ``fill`` values are used where the source says nothing;
    ``force`` values (``corpus add``'s flags) win over the source."""

    fill: dict[str, str] = field(default_factory=dict)
    force: dict[str, str] = field(default_factory=dict)


class Register:
    """Ids, URLs and signatures of the articles in the corpus folder."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.by_body: dict[str, str] = {}
        self.by_url: dict[str, str] = {}
        self.near = syndication.NearDuplicates()
        #: What decides which of two copies is the original: (date, UTC moment or None,
        #: words) by id; the moment is known only for articles imported in this run.
        self.rank: dict[str, tuple[str, object, int]] = {}
        corpus = load_corpus(directory)
        self.problems = list(corpus.problems)
        for article in corpus.articles:
            self.add(article)

    def add(self, article: Article, paragraphs: list[str] | None = None,
            signature: object = None, moment: object = None) -> None:
        texts = paragraphs if paragraphs is not None else [p.text for p in article.passages]
        self.rank[article.id] = (article.published.isoformat() if article.published else "",
                                 moment, len(syndication.words(texts)))
        self.by_body.setdefault(article.id, article.id)
        self.by_body.setdefault(article_id_for("\n\n".join(texts)), article.id)
        for url in (article.url, *(u for _, u in article.also_published)):
            if url:
                self.by_url.setdefault(url, article.id)
        self.near.add(article.id, signature if signature is not None
                      else syndication.signature(texts))

    def taken(self, article_id: str) -> bool:
        return article_id in self.rank or self.path_of(article_id).exists()

    def path_of(self, article_id: str) -> Path:
        return self.directory / f"{article_id}.md"


@contextlib.contextmanager
def corpus_lock(directory: Path):
    """One writer at a time for read-modify-write of an existing article file."""
    with open(directory / LOCK_NAME, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def comes_first(new: tuple[str, object, int], new_id: str,
                old: tuple[str, object, int], old_id: str) -> bool:
    """True when the ``new`` copy of a story is its original rather than ``old``: the
    earlier publication date, then (same day, both known) the earlier time, then the longer
    text, then the smaller id, so the answer does not depend on the order files are read."""
    (new_date, new_moment, new_words), (old_date, old_moment, old_words) = new, old
    if new_date and old_date and new_date != old_date:
        return new_date < old_date
    if new_moment is not None and old_moment is not None and new_moment != old_moment:
        return new_moment < old_moment  # type: ignore[operator]
    if new_words != old_words:
        return new_words > old_words
    return new_id < old_id


def record_copy(path: Path, outlet: str, url: str) -> bool:
    """Add {outlet, url} to the kept article's ``also_published`` (atomically); False when
    there is nothing new to record."""
    if not outlet and not url:
        return False
    with corpus_lock(path.parent):
        try:
            article = parse_article(path)
        except ArticleFormatError:
            return False
        if url and (url == article.url or any(u == url for _, u in article.also_published)):
            return False
        if not url and (outlet == article.outlet
                        or any(o == outlet for o, _ in article.also_published)):
            return False
        entries = [{"outlet": o, "url": u} for o, u in article.also_published]
        entries.append({"outlet": outlet, "url": url})
        fields = {"id": article.id, "title": article.title, "outlet": article.outlet,
                  "author": article.author,
                  "published": article.published.isoformat() if article.published else "",
                  "url": article.url, "language": article.language, "seed": article.seed,
                  "also_published": entries}
        write_atomically(path, format_article(fields, [p.text for p in article.passages]))
    return True


def make_original(path: Path, fields: dict[str, str], paragraphs: list[str]) -> Article:
    """Rewrite the stored article at ``path`` (a copy) with its original's ``fields`` and
    text, under the same id; the copy's outlet and URL go first in ``also_published``."""
    with corpus_lock(path.parent):
        stored = parse_article(path)
        entries = [{"outlet": stored.outlet, "url": stored.url}]
        entries += [{"outlet": o, "url": u} for o, u in stored.also_published]
        seen: set[tuple[str, str]] = set()
        kept = []
        for entry in entries:
            key = (entry["outlet"], entry["url"])
            same_as_new = ((entry["url"] and entry["url"] == fields["url"])
                           or (not entry["url"] and entry["outlet"] == fields["outlet"]))
            if (entry["outlet"] or entry["url"]) and key not in seen and not same_as_new:
                seen.add(key)
                kept.append(entry)
        body = "\n\n".join(paragraphs)
        new_fields = {**fields, "id": stored.id,
                      "language": article_language(fields["language"], body),
                      "also_published": kept}
        write_atomically(path, format_article(new_fields, paragraphs))
    return parse_article(path)


class Importer:
    """Imports items into one corpus folder; ``fetcher`` None means nothing is fetched
    (the dashboard): a link-only feed item is then skipped with the reason."""

    def __init__(self, directory: Path, *, defaults: Defaults | None = None,
                 fetcher: Fetcher | None = None, record_copies: bool = True):
        self.directory = directory
        #: Whether a copy's outlet and URL are added to the kept article's also_published
        #: (``corpus add`` refuses a duplicate and leaves every file as it was).
        self.record_copies = record_copies
        self.defaults = defaults or Defaults()
        self.fetcher = fetcher
        self.register = Register(directory)

    # ----------------------------------------------------------------------------- one item

    def import_item(self, item: Item | Rejected) -> Outcome:
        """Import one item; never raises for a bad item (the Outcome says what happened)."""
        if isinstance(item, Rejected):
            return Outcome(item.source, item.status, reason=item.reason)
        try:
            return self._import(item)
        except SourceError as error:
            return Outcome(item.source, error.status, reason=error.reason)
        except AddArticleError as error:
            return Outcome(item.source, SKIPPED, reason=str(error))

    def _import(self, item: Item) -> Outcome:
        if item.link and not item.paragraphs:
            known = self.register.by_url.get(item.link)
            if known:
                return Outcome(item.source, DUPLICATE, id=known, url=item.link,
                               duplicate_of=known, reason="same URL")
            item = self._fetch_linked(item)
        fields = self._fields(item)
        texts = item.paragraphs
        if item.title_from_text and fields["title"] != item.title:
            texts = [item.title, *texts]  # --title given: the headline line stays the text
        paragraphs = drop_repeated_title(texts, fields["title"])
        body = "\n\n".join(paragraphs)
        fields["language"] = article_language(fields["language"], body)
        result = Outcome(item.source, "", title=fields["title"], published=fields["published"],
                         outlet=fields["outlet"], language=fields["language"],
                         url=fields["url"], reason=item.note)
        signature = syndication.signature(paragraphs)
        moment = (published_moment(item.published)
                  if fields["published"] and not self.defaults.force.get("published") else None)
        kept = self._duplicate_of(paragraphs, fields, signature)
        if kept:
            kept_id, why = kept
            if why.startswith("syndicated") and self.record_copies:
                rank = (fields["published"], moment, len(syndication.words(paragraphs)))
                if comes_first(rank, article_id_for(body), self.register.rank[kept_id],
                               kept_id) and self.register.path_of(kept_id).is_file():
                    return self._make_original(result, kept_id, why, fields, paragraphs,
                                               signature, moment)
            return self._duplicate(result, kept_id, why, fields)
        own_id = self._own_id(item, result)
        try:
            article = write_article(fields, paragraphs, self.directory, check_existing=False,
                                    article_id=own_id)
        except ArticleExistsError as error:  # another process wrote it a moment ago
            return self._duplicate(result, error.existing, "written meanwhile", fields)
        self.register.add(article, paragraphs, signature, moment)
        result.status, result.id = IMPORTED, article.id
        return result

    def _own_id(self, item: Item, result: Outcome) -> str:
        """An article file's own id when it is valid and free, else '' (a content hash)."""
        if not item.id:
            return ""
        if not ID_PATTERN.match(item.id):
            reason = f"its id {item.id!r} is not a valid id; given a new one"
        elif self.register.taken(item.id):
            reason = f"its id {item.id!r} is taken by another article; given a new one"
        else:
            return item.id
        result.reason = "; ".join(r for r in (result.reason, reason) if r)
        return ""

    def _make_original(self, result: Outcome, kept_id: str, why: str, fields: dict[str, str],
                       paragraphs: list[str], signature, moment) -> Outcome:
        """The new item is the original of the stored copy ``kept_id``: the file keeps its id
        and takes the original's text and metadata; the copy is listed in also_published."""
        path = self.register.path_of(kept_id)
        try:
            article = make_original(path, fields, paragraphs)
        except ArticleFormatError:
            return self._duplicate(result, kept_id, why, fields)
        self.register.near.replace(kept_id, signature)
        self.register.add(article, paragraphs, signature, moment)
        result.status, result.id = IMPORTED, kept_id
        result.language = article.language
        note = (f"original of {kept_id} ({why.removeprefix('syndicated ')}, published "
                "earlier or more complete): the article now holds this text, and the copy "
                "is recorded in its also_published")
        result.reason = "; ".join(r for r in (note, result.reason) if r)
        return result

    def _fields(self, item: Item) -> dict[str, str]:
        try:
            published = published_date(item.published)
        except ValueError as error:
            raise SourceError(str(error), SKIPPED) from None
        given = {"title": item.title, "outlet": item.outlet, "author": item.author,
                 "published": published, "url": item.url,
                 "language": normalise_language(item.language), "seed": item.seed}
        for key, value in self.defaults.fill.items():
            if value and not given.get(key):
                given[key] = value
        for key, value in self.defaults.force.items():
            if value:
                given[key] = value
        given["language"] = normalise_language(given["language"])
        return check_fields(**given)

    def _duplicate_of(self, paragraphs: list[str], fields: dict[str, str], signature
                      ) -> tuple[str, str] | None:
        register = self.register
        body_id = article_id_for("\n\n".join(paragraphs))
        if body_id in register.by_body:
            return register.by_body[body_id], "same text"
        if fields["url"] and fields["url"] in register.by_url:
            return register.by_url[fields["url"]], "same URL"
        near = register.near.find(signature)
        if near:
            return near[0], f"syndicated copy, similarity {near[1]:.2f}"
        return None

    def _duplicate(self, result: Outcome, kept_id: str, why: str,
                   fields: dict[str, str]) -> Outcome:
        result.status, result.id, result.duplicate_of = DUPLICATE, kept_id, kept_id
        path = self.register.path_of(kept_id)
        if (self.record_copies and why != "same URL" and path.is_file()
                and record_copy(path, fields["outlet"], fields["url"])):
            why += "; recorded in its also_published"
            if fields["url"]:
                self.register.by_url.setdefault(fields["url"], kept_id)
        result.reason = "; ".join(r for r in (why, result.reason) if r)
        return result

    def _fetch_linked(self, item: Item) -> Item:
        from corpus.ingest import pages

        if self.fetcher is None:
            raise SourceError("the item has only a link; fetching pages is a command-line "
                              "feature (python -m corpus import FEED-URL)", SKIPPED)
        try:
            response = self.fetcher.fetch(item.link)
        except FetchError as error:
            raise SourceError(f"{item.link}: {error}") from None
        if response.content_type not in pages.CONTENT_TYPES and not pages.sniff(response.body):
            raise SourceError(f"{item.link}: not a web page (content type "
                              f"{response.content_type or 'none'})", SKIPPED)
        html = pages.decode_text(response.body, response.charset)
        page = pages.page_item(html, item.source, url=response.url, seed=item.seed)
        return Item(
            source=item.source, paragraphs=page.paragraphs, title=page.title or item.title,
            outlet=page.outlet or item.outlet, author=page.author or item.author,
            published=page.published or item.published, url=page.url or item.link,
            language=page.language or item.language, seed=item.seed, note=item.note)

