"""Group an in-memory mentions DataFrame into the reading panel's passages (no Streamlit here).

The mentions come as a pandas DataFrame with the columns of
``corpus.linking.mentions_frame``: mention_id, article_id, passage_id, paragraph, feature,
start, end, text, kind ('feature' or 'person'); ``start``/``end`` are offsets in the passage
text. The page itself reads the same groups from the on-disk index
(``dashboard.queries.passage_page``); the HTML is made by ``dashboard.passages``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard.passages import ArticleGroup, PassageHit, article_title, outlet_label

MENTION_COLUMNS = (
    "mention_id", "article_id", "passage_id", "paragraph", "feature", "start", "end", "text",
    "kind",
)


class MentionsFrameError(ValueError):
    """The mentions DataFrame lacks a column this module reads."""


def select_articles(
    articles: Iterable[Any],
    *,
    outlets: Iterable[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    include_undated: bool = True,
) -> set[str]:
    """Ids of the articles that pass the sidebar filters.

    ``outlets`` holds outlet labels (``Unknown outlet`` for articles without one); None means
    every outlet. Dated articles must fall within [start, end] when those are given; undated
    articles are kept unless ``include_undated`` is False.
    """
    wanted = None if outlets is None else set(outlets)
    keep = set()
    for article in articles:
        if wanted is not None and outlet_label(article) not in wanted:
            continue
        published = getattr(article, "published", None)
        if published is None:
            if not include_undated:
                continue
        elif (start and published < start) or (end and published > end):
            continue
        keep.add(article.id)
    return keep


def check_mentions(mentions: pd.DataFrame) -> None:
    """Raise MentionsFrameError if ``mentions`` lacks a column this module reads."""
    missing = [c for c in MENTION_COLUMNS if c not in mentions.columns]
    if missing:
        raise MentionsFrameError(
            f"The mentions frame lacks columns {missing}; expected the columns of "
            f"corpus.linking.mentions_frame: {list(MENTION_COLUMNS)}."
        )


def _by_feature(mentions: pd.DataFrame) -> pd.DataFrame:
    """Rows of (feature, passage_id, ...) where a person's mention also counts for its actor."""
    if "actor" not in mentions.columns:
        return mentions
    people = mentions[mentions["actor"].notna() & (mentions["actor"] != mentions["feature"])]
    if people.empty:
        return mentions
    as_actor = people.assign(feature=people["actor"])
    return pd.concat([mentions, as_actor], ignore_index=True)


def mention_counts(mentions: pd.DataFrame, article_ids: Iterable[str] | None = None) -> dict:
    """Number of distinct passages mentioning each feature, within ``article_ids`` if given.

    A person's mentions count for the actor they speak for.
    """
    check_mentions(mentions)
    frame = mentions
    if article_ids is not None:
        frame = frame[frame["article_id"].isin(set(article_ids))]
    if frame.empty:
        return {}
    frame = _by_feature(frame)
    return {str(k): int(v) for k, v in frame.groupby("feature")["passage_id"].nunique().items()}


def _sort_key(article: Any) -> tuple:
    """Newest first; undated last; then by title so the order is stable."""
    published = getattr(article, "published", None)
    return (published is None, -(published.toordinal()) if published else 0, article_title(article))


def group_mentions(
    mentions: pd.DataFrame,
    feature_id: str,
    articles: Mapping[str, Any],
    article_ids: Iterable[str] | None = None,
) -> list[ArticleGroup]:
    """The passages mentioning ``feature_id``, grouped by article, with their spans.

    ``articles`` maps article id to Article. Mentions whose article or passage is unknown
    are skipped (the corpus reports such problems itself). For an actor, the mentions of
    the people who speak for it are included.
    """
    check_mentions(mentions)
    frame = mentions
    if "actor" in frame.columns:
        frame = frame[(frame["feature"] == feature_id) | (frame["actor"] == feature_id)]
    else:
        frame = frame[frame["feature"] == feature_id]
    if article_ids is not None:
        frame = frame[frame["article_id"].isin(set(article_ids))]
    groups: dict[str, ArticleGroup] = {}
    for article_id, rows in frame.groupby("article_id", sort=False):
        article = articles.get(article_id)
        if article is None:
            continue
        by_id = {p.id: p for p in article.passages}
        hits: dict[str, PassageHit] = {}
        for row in rows.itertuples(index=False):
            passage = by_id.get(row.passage_id)
            if passage is None:
                continue
            hit = hits.setdefault(passage.id, PassageHit(passage))
            hit.spans.append((int(row.start), int(row.end)))
        if hits:
            ordered = sorted(hits.values(), key=lambda h: h.passage.n)
            groups[article_id] = ArticleGroup(article, ordered)
    return sorted(groups.values(), key=lambda g: _sort_key(g.article))


def summary_text(groups: Sequence[ArticleGroup]) -> str:
    """``7 passages in 5 articles from 2 outlets`` (plain text)."""
    passages = sum(len(g.hits) for g in groups)
    outlets = len({outlet_label(g.article) for g in groups})

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (
        f"{plural(passages, 'passage')} in {plural(len(groups), 'article')} "
        f"from {plural(outlets, 'outlet')}"
    )
