"""Querying the on-disk mention index: which articles count, and the read-only queries.

:class:`MentionIndex` opens an index file that :func:`corpus.index.build_index` wrote and
answers the dashboard's, the exports' and the command line's questions; each query runs on
its own read-only connection inside one read transaction (WAL snapshot), so it never sees a
build half-done. :class:`ArticleFilter` turns the sidebar's filters into SQL.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles count: by outlet ('' = no outlet given), by language (ISO 639 codes,
    '' = not known) and publication date.

    ``None`` means no restriction. Undated articles are kept unless ``include_undated`` is
    False.
    """

    outlets: tuple[str, ...] | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    include_undated: bool = True
    languages: tuple[str, ...] | None = None

    def sql(self, alias: str = "a") -> tuple[str, list]:
        clauses, params = [], []
        if self.outlets is not None:
            clauses.append(f"COALESCE({alias}.outlet, '') IN ({','.join('?' * len(self.outlets))})"
                           if self.outlets else "0")
            params += list(self.outlets)
        if self.languages is not None:
            clauses.append(f"COALESCE({alias}.language, '') IN "
                           f"({','.join('?' * len(self.languages))})" if self.languages else "0")
            params += list(self.languages)
        date_clauses = []
        if self.start is not None:
            date_clauses.append(f"{alias}.published >= ?")
            params.append(self.start.isoformat())
        if self.end is not None:
            date_clauses.append(f"{alias}.published <= ?")
            params.append(self.end.isoformat())
        dated = " AND ".join(date_clauses) or f"{alias}.published IS NOT NULL"
        if self.include_undated:
            clauses.append(f"(({dated}) OR {alias}.published IS NULL)")
        else:
            clauses.append(f"({dated})")
        return " AND ".join(clauses) or "1", params


NO_FILTER = ArticleFilter()


class MentionIndex:
    """Read-only queries on an index file; safe to share between threads and sessions
    (each query opens its own read-only connection)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)

    def read_sql(self, sql: str, params: Sequence = ()) -> pd.DataFrame:
        """Run one read-only query on its own snapshot (see :meth:`snapshot`)."""
        with self.snapshot() as connection:
            return pd.read_sql_query(sql, connection, params=list(params))

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read-only connection inside one read transaction: every query on it sees the
        same committed index, even if a build commits meanwhile (WAL snapshot isolation),
        so a passage's text and its article's citation always come from one state."""
        connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                     isolation_level=None)
        try:
            connection.execute("PRAGMA busy_timeout=30000")
            connection.execute("BEGIN")
            yield connection
        finally:
            if connection.in_transaction:
                connection.execute("COMMIT")
            connection.close()

    def query(self, connection: sqlite3.Connection, sql: str, params: Sequence = ()
              ) -> pd.DataFrame:
        """Run ``sql`` on a connection from :meth:`snapshot`."""
        return pd.read_sql_query(sql, connection, params=list(params))

    def generation(self) -> int:
        """A number that changes whenever a build changes the index (0 if none yet)."""
        try:
            with self.snapshot() as connection:
                row = connection.execute(
                    "SELECT value FROM meta WHERE key = 'generation'").fetchone()
        except sqlite3.DatabaseError:
            return 0
        return int(row[0]) if row else 0

    def is_complete(self) -> bool:
        """True if the file holds a committed index (a build has finished at least once)."""
        if not self.path.is_file():
            return False
        try:
            with self.snapshot() as connection:
                return connection.execute(
                    "SELECT 1 FROM meta WHERE key = 'schema'").fetchone() is not None
        except sqlite3.DatabaseError:
            return False

    def articles(self) -> pd.DataFrame:
        """Every indexed article (one row each), sorted by id."""
        return self.read_sql("SELECT * FROM articles ORDER BY id")

    def problems(self) -> list[str]:
        """Every problem found in the files, as 'path:line: message'."""
        frame = self.read_sql("SELECT problems FROM files WHERE problems != '[]' ORDER BY path")
        return [p for cell in frame["problems"] for p in json.loads(cell)]

    def feature_counts(self, filters: ArticleFilter = NO_FILTER, *, kind: str = "feature"
                       ) -> dict[str, int]:
        """Number of passages that mention each feature (or person, with kind='person')."""
        where, params = filters.sql()
        frame = self.read_sql(
            "SELECT m.feature, COUNT(DISTINCT m.passage_id) AS n FROM mentions m "
            f"JOIN articles a ON a.id = m.article_id WHERE m.kind = ? AND {where} "
            "GROUP BY m.feature", [kind, *params])
        return dict(zip(frame["feature"], frame["n"].astype(int), strict=True))

    def map_counts(self, filters: ArticleFilter = NO_FILTER) -> dict[str, int]:
        """Passages mentioning each map feature within the filters, as the map shades them:
        a person's passages count for the actor they speak for (the live map and the
        exported picture both read this)."""
        where, params = filters.sql()
        frame = self.read_sql(
            "SELECT CASE WHEN m.kind = 'person' AND m.actor IS NOT NULL THEN m.actor "
            "ELSE m.feature END AS f, COUNT(DISTINCT m.passage_id) AS n FROM mentions m "
            f"JOIN articles a ON a.id = m.article_id WHERE {where} GROUP BY f", params)
        return {str(f): int(n) for f, n in zip(frame["f"], frame["n"], strict=True)}

    def feature_summary(self, feature: str, filters: ArticleFilter = NO_FILTER
                        ) -> tuple[int, int]:
        """(passages, articles) that mention ``feature``."""
        where, params = filters.sql()
        frame = self.read_sql(
            "SELECT COUNT(DISTINCT m.passage_id) AS p, COUNT(DISTINCT m.article_id) AS a "
            f"FROM mentions m JOIN articles a ON a.id = m.article_id "
            f"WHERE m.feature = ? AND {where}", [feature, *params])
        return int(frame["p"].iloc[0]), int(frame["a"].iloc[0])

    def passages_for(self, feature: str, filters: ArticleFilter = NO_FILTER, *,
                     limit: int | None = None, offset: int = 0) -> pd.DataFrame:
        """The passages that mention ``feature``, in article then paragraph order, with
        article columns (title, outlet, published, url, opening); ``limit``/``offset`` page."""
        where, params = filters.sql()
        page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return self.read_sql(
            "SELECT p.id AS passage_id, p.article_id, p.n AS paragraph, p.text, a.title, "
            "a.outlet, a.author, a.published, a.url, a.opening, a.also_published FROM passages p "
            "JOIN articles a ON a.id = p.article_id WHERE p.id IN ("
            "  SELECT DISTINCT m.passage_id FROM mentions m WHERE m.feature = ?) "
            f"AND {where} ORDER BY a.published IS NULL, a.published, p.article_id, p.n{page}",
            [feature, *params])

    def mentions_in(self, passage_ids: Sequence[str]) -> pd.DataFrame:
        """Every mention (of any feature or person) in these passages."""
        if not passage_ids:
            return self.read_sql("SELECT * FROM mentions WHERE 0")
        marks = ",".join("?" * len(passage_ids))
        return self.read_sql(f"SELECT * FROM mentions WHERE passage_id IN ({marks}) "
                           "ORDER BY passage_id, start", list(passage_ids))

    def article_passages(self, article_id: str) -> pd.DataFrame:
        """All passages of one article, in order."""
        return self.read_sql("SELECT id AS passage_id, n AS paragraph, text FROM passages "
                           "WHERE article_id = ? ORDER BY n", [article_id])

    def mentions(self, filters: ArticleFilter = NO_FILTER, *,
                 features: Sequence[str] | None = None, kind: str | None = None,
                 actor: str | None = None) -> pd.DataFrame:
        """Every mention, with its article's outlet, date and URL (for exports).

        ``features``, ``kind`` and ``actor`` narrow the rows in SQL: a page that needs one
        feature's mentions should not read the whole corpus's (hundreds of thousands of rows
        at 10k articles).
        """
        where, params = filters.sql()
        clauses = [where]
        if features is not None:
            clauses.append(f"m.feature IN ({','.join('?' * len(features))})"
                           if features else "0")
            params += list(features)
        if kind is not None:
            clauses.append("m.kind = ?")
            params.append(kind)
        if actor is not None:
            clauses.append("m.actor = ?")
            params.append(actor)
        return self.read_sql(
            "SELECT m.*, a.outlet, a.published, a.url, a.title, a.also_published FROM mentions m "
            f"JOIN articles a ON a.id = m.article_id WHERE {' AND '.join(clauses)} "
            "ORDER BY m.article_id, m.paragraph, m.start", params)

    def first_article_mentioning(self, features: Sequence[str],
                                 filters: ArticleFilter = NO_FILTER) -> str | None:
        """The id of the first article (by id) that mentions any of ``features``, or None."""
        if not features:
            return None
        where, params = filters.sql()
        frame = self.read_sql(
            "SELECT MIN(m.article_id) AS id FROM mentions m JOIN articles a "
            f"ON a.id = m.article_id WHERE m.feature IN ({','.join('?' * len(features))}) "
            f"AND {where}", [*features, *params])
        value = frame["id"].iloc[0]
        return None if value is None or value != value else str(value)

