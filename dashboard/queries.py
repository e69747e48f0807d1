"""The queries behind the panels, on the opened ``dashboard.data.Atlas`` (no Streamlit here).

Each click costs a few SQL queries by feature id: ``feature_summary`` (exact counts) and
``passage_page`` (the first N passages, grouped by article). An actor's passages include
those that mention the people who speak for it, as its shading counts do (``mention_counts``).
The sidebar's choices become an ``ArticleFilter`` (``article_filter``); a ``?feature=`` link
is checked by ``parse_feature_param``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from corpus.articles import Passage
from corpus.citations import count_sources, sources_phrase
from corpus.index_query import ArticleFilter
from dashboard.data import Atlas
from dashboard.languages import chosen_languages
from dashboard.offsets import align_span
from dashboard.passages import UNKNOWN_OUTLET, ArticleGroup, PassageHit

FEATURE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# Bidirectional formatting characters: embeddings, overrides, isolates and marks.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# Passages shown per feature before the reader asks for more.
PAGE_SIZE = 20


# --------------------------------------------------------------------------- source filters


def outlet_labels(articles: pd.DataFrame) -> list[str]:
    """Every outlet in the corpus, ``Unknown outlet`` for articles without one, sorted."""
    if articles.empty:
        return []
    labels = articles["outlet"].fillna("").astype(str).str.strip().replace("", UNKNOWN_OUTLET)
    return sorted(set(labels))


def plausible_dates(values: Iterable[Any]) -> list[dt.date]:
    """The values that are ISO dates within ``corpus.articles.plausible_date_range``.

    Reading already turns an implausible date into a problem and an undated article; this
    keeps any other value that reaches the page (an index written by older code, a hand
    edit of the database) from the date controls, which cannot represent years such as
    1026 or 9999 (``StreamlitJSNumberBoundsError``): one bad value never blanks the page.
    """
    from corpus.articles import is_plausible_date

    dates = []
    for value in values:
        day = _date(value)
        if day is not None and is_plausible_date(day):
            dates.append(day)
    return dates


def date_range(articles: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    """The first and last plausible publication date in the corpus, None if no article is
    dated."""
    if articles.empty:
        return None
    dates = plausible_dates(articles["published"])
    if not dates:
        return None
    return min(dates), max(dates)


def widened_choice(chosen: Sequence, offered: Sequence | None, options: Sequence) -> list:
    """What a filter that offered ``offered`` and has ``chosen`` should hold now that it
    offers ``options``: every option when the reader had chosen all that was offered (the
    corpus grew while the page was open: new outlets and languages are shown like the
    rest), else the reader's choice less what is gone."""
    if offered is not None and set(offered) <= set(chosen):
        return list(options)
    still = set(options)
    return [value for value in chosen if value in still]


def widened_span(picked: Any, offered: tuple | None, span: tuple[dt.date, dt.date]
                 ) -> tuple[dt.date, dt.date]:
    """The same for the date filter: the whole new span when the reader had the whole
    offered span, else their range held inside the new span."""
    if not (isinstance(picked, tuple) and len(picked) == 2) or offered is None \
            or tuple(picked) == tuple(offered):
        return span
    start, end = (min(max(day, span[0]), span[1]) for day in picked)
    return (start, end) if start <= end else span


def article_filter(
    articles: pd.DataFrame,
    *,
    outlets: Iterable[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    include_undated: bool = True,
    languages: Iterable[str] | None = None,
) -> ArticleFilter:
    """The index filter for the sidebar's choices (outlet labels as shown in the sidebar,
    language codes as in ``dashboard.languages``).

    Choosing everything is no restriction, which keeps the queries simple.
    """
    chosen = None
    if outlets is not None:
        chosen_labels = set(outlets)
        if chosen_labels != set(outlet_labels(articles)):
            chosen = tuple(sorted("" if o == UNKNOWN_OUTLET else o for o in chosen_labels))
    span = date_range(articles)
    if span is not None:
        start = None if start is not None and start <= span[0] else start
        end = None if end is not None and end >= span[1] else end
    return ArticleFilter(outlets=chosen, start=start, end=end, include_undated=include_undated,
                         languages=chosen_languages(articles, languages))


# --------------------------------------------------------------------------- queries


def mention_counts(atlas: Atlas, filters: ArticleFilter) -> dict[str, int]:
    """Passages mentioning each feature within the filters (a person counts for its actor):
    :meth:`corpus.index_query.MentionIndex.map_counts`, which the exported picture uses too."""
    return atlas.index.map_counts(filters)


def article_mentions_any(atlas: Atlas, article_id: str, feature_ids: Sequence[str]) -> bool:
    """True if the article mentions any of ``feature_ids`` (stops at the first mention)."""
    if not feature_ids:
        return False
    frame = atlas.index.read_sql("SELECT 1 AS hit FROM mentions WHERE article_id = ? "
                                 f"AND feature IN ({_marks(feature_ids)}) LIMIT 1",
                                 [article_id, *feature_ids])
    return not frame.empty


@dataclass(frozen=True)
class Summary:
    """Exact counts of what mentions a feature within the filters."""

    passages: int
    articles: int
    #: Sources named (the outlet, else the URL's domain), as citations name them.
    outlets: int
    #: Articles that name no outlet and have no URL.
    unnamed: int = 0

    def text(self) -> str:
        """``7 passages in 5 articles from 2 outlets (1 article names none)`` (plain text)."""

        def plural(n: int, word: str) -> str:
            return f"{n:,} {word}{'' if n == 1 else 's'}"

        return (f"{plural(self.passages, 'passage')} in {plural(self.articles, 'article')} "
                f"{sources_phrase(self.outlets, self.unnamed)}")


def _marks(values: Sequence) -> str:
    return ",".join("?" * len(values))


def feature_summary(atlas: Atlas, feature_id: str, filters: ArticleFilter) -> Summary:
    """Passages, articles and outlets that mention the feature (exact, whatever the page)."""
    ids = atlas.linked_ids(feature_id)
    where, params = filters.sql()
    with atlas.index.snapshot() as connection:
        passages = atlas.index.query(
            connection,
            "SELECT COUNT(DISTINCT m.passage_id) AS p FROM mentions m "
            f"JOIN articles a ON a.id = m.article_id WHERE m.feature IN ({_marks(ids)}) "
            f"AND {where}", [*ids, *params])
        articles = atlas.index.query(
            connection,
            "SELECT a.outlet, a.url FROM articles a WHERE a.id IN (SELECT m.article_id FROM "
            f"mentions m WHERE m.feature IN ({_marks(ids)})) AND {where}", [*ids, *params])
    named, unnamed = count_sources(zip(articles["outlet"], articles["url"], strict=True))
    return Summary(int(passages.iloc[0]["p"]), len(articles), named, unnamed)


@dataclass(frozen=True)
class ArticleView:
    """An article as the panel shows it: metadata from the index and its passages."""

    id: str
    title: str
    outlet: str
    author: str
    published: dt.date | None
    url: str
    passages: tuple[Passage, ...]
    #: Who else published it: the index's ``also_published`` JSON ('' when nobody).
    also_published: str = ""
    language: str = ""


def _date(value: Any) -> dt.date | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def passage_page(atlas: Atlas, feature_id: str, filters: ArticleFilter, *,
                 limit: int = PAGE_SIZE, offset: int = 0) -> list[ArticleGroup]:
    """The passages that mention the feature, newest article first, paged with
    ``limit``/``offset``, grouped by article, each with the spans to highlight."""
    ids = atlas.linked_ids(feature_id)
    where, params = filters.sql()
    index = atlas.index
    # One snapshot for the page, its texts, citations and spans: a build committing
    # meanwhile cannot pair new text with an old citation (or an id this run never saw).
    with index.snapshot() as connection:
        page = index.query(
            connection,
            "SELECT p.id AS passage_id, p.article_id FROM passages p "
            "JOIN articles a ON a.id = p.article_id WHERE p.id IN ("
            f"  SELECT DISTINCT m.passage_id FROM mentions m WHERE m.feature IN ({_marks(ids)})) "
            f"AND {where} ORDER BY a.published IS NULL, a.published DESC, p.article_id, p.n "
            f"LIMIT {int(limit)} OFFSET {int(offset)}",
            [*ids, *params],
        )
        if page.empty:
            return []
        article_ids = list(dict.fromkeys(page["article_id"]))
        metadata = index.query(
            connection, "SELECT id, title, outlet, author, published, url, language, "
                        f"also_published FROM articles WHERE id IN ({_marks(article_ids)})",
            article_ids).set_index("id")
        texts = index.query(connection,
                            "SELECT id, article_id, n, text FROM passages "
                            f"WHERE article_id IN ({_marks(article_ids)}) ORDER BY article_id, n",
                            article_ids)
        spans = index.query(connection,
                            "SELECT passage_id, start, \"end\", text FROM mentions "
                            f"WHERE passage_id IN ({_marks(list(page['passage_id']))}) "
                            f"AND feature IN ({_marks(ids)}) ORDER BY passage_id, start",
                            [*page["passage_id"], *ids])
    by_article: dict[str, list[Passage]] = {}
    for row in texts.itertuples(index=False):
        by_article.setdefault(row.article_id, []).append(
            Passage(row.id, row.article_id, int(row.n), row.text))
    spans_of: dict[str, list[tuple[int, int, str]]] = {}
    for row in spans.itertuples(index=False):
        spans_of.setdefault(row.passage_id, []).append((int(row.start), int(row.end), row.text))
    groups: list[ArticleGroup] = []
    for article_id in article_ids:
        meta = metadata.loc[article_id]
        article = ArticleView(
            id=article_id, title=_text(meta["title"]), outlet=_text(meta["outlet"]),
            author=_text(meta["author"]), published=_date(meta["published"]),
            url=_text(meta["url"]), passages=tuple(by_article.get(article_id, ())),
            also_published=_text(meta.get("also_published", "")),
            language=_text(meta.get("language")),
        )
        by_id = {p.id: p for p in article.passages}
        hits = [PassageHit(by_id[pid], [align_span(by_id[pid].text, *span)
                                        for span in spans_of.get(pid, [])])
                for pid in page.loc[page["article_id"] == article_id, "passage_id"]
                if pid in by_id]
        groups.append(ArticleGroup(article, hits))
    return groups


def article_meta(atlas: Atlas, article_ids: Iterable[str]) -> dict[str, dict]:
    """Article id -> its citation fields (the index's ``articles`` row), read from the
    index now rather than from the table the page opened with: a build that committed since
    cannot leave a citation behind its text, nor a new article without one. An id no longer
    in the index gets ``{"id": id}`` (cited as unknown outlet, undated)."""
    wanted = list(dict.fromkeys(article_ids))
    if not wanted:
        return {}
    frame = atlas.index.read_sql(f"SELECT * FROM articles WHERE id IN ({_marks(wanted)})",
                                 wanted)
    rows = {row["id"]: {k: (None if _text(v) == "" else v) for k, v in row.items()}
            for row in frame.to_dict("records")}
    return {article_id: rows.get(article_id, {"id": article_id}) for article_id in wanted}


def parse_feature_param(value: Any, known: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """Check a ``?feature=`` value: (feature id, None) or (None, a message for the reader).

    Never echoes more than 60 characters of what the link said; the caller shows the message
    as plain text.
    """
    if value is None:
        return None, None
    if isinstance(value, list):
        value = value[0] if value else ""
    text = str(value).strip()
    if not text:
        return None, "The link asks for a feature but gives no id; nothing is selected."
    shown = _BIDI_CONTROLS.sub("", text)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    # Isolated (U+2068 ... U+2069) with its direction controls removed: an override in the
    # link cannot reverse the rest of the message.
    shown = f"\u2068{shown}\u2069"
    if not FEATURE_ID.match(text):
        return None, (
            f"The link asks for feature '{shown}', which is not a valid feature id "
            "(lower-case letters, digits and underscores). Choose a feature on the map or in "
            "the sidebar."
        )
    if text not in known:
        return None, (
            f"The link asks for feature '{shown}', which is not on this map. Choose a feature "
            "on the map or in the sidebar."
        )
    return text, None
