"""The index file itself: its schema, creating and opening it, and writing one file's rows.

A new index file is never half-made: :func:`create_empty_index` commits the empty tables in
a hidden file and renames it into place, so whatever moment a build is killed at, the file
at the index path is absent or an index of ours (:func:`is_index_file`).

Everything here runs under the build lock (:func:`lock_path`) that
:func:`corpus.index.build_index` holds; :mod:`corpus.index_query` only reads.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from corpus.article_model import Article
from corpus.files import open_regular_file

#: Bump when the schema changes; an index with another version is rebuilt.
SCHEMA_VERSION = "2"

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (path TEXT PRIMARY KEY, content_hash TEXT NOT NULL, article_id TEXT,
                    problems TEXT NOT NULL DEFAULT '[]');
CREATE TABLE articles (id TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT, outlet TEXT,
                       author TEXT, published TEXT, url TEXT, language TEXT, seed TEXT,
                       n_passages INTEGER NOT NULL, opening TEXT, also_published TEXT);
CREATE TABLE passages (id TEXT PRIMARY KEY, article_id TEXT NOT NULL, n INTEGER NOT NULL,
                       text TEXT NOT NULL);
CREATE INDEX passages_article ON passages(article_id, n);
CREATE TABLE mentions (mention_id TEXT PRIMARY KEY, article_id TEXT NOT NULL,
                       passage_id TEXT NOT NULL, paragraph INTEGER NOT NULL,
                       feature TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
                       text TEXT NOT NULL, kind TEXT NOT NULL, actor TEXT, language TEXT,
                       name TEXT);
CREATE INDEX mentions_feature ON mentions(feature, article_id, paragraph);
CREATE INDEX mentions_passage ON mentions(passage_id);
CREATE INDEX mentions_article ON mentions(article_id);
"""


# --------------------------------------------------------------------------- rows

@dataclass
class LinkedFile:
    """What :func:`corpus.index.link_file` returns for one file: rows for each table, or
    problems."""

    path: str
    content_hash: str
    article: dict | None = None
    passages: list[tuple] = field(default_factory=list)
    mentions: list[tuple] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def article_row(article: Article) -> dict:
    """The row of the ``articles`` table for ``article``."""
    return {
        "id": article.id, "path": str(article.path), "title": article.title,
        "outlet": article.outlet, "author": article.author,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url, "language": article.language, "seed": article.seed,
        "n_passages": len(article.passages),
        "opening": "" if article.title else article.display_title,
        # Who else published it, as JSON [{"outlet", "url"}] ('' when nobody).
        "also_published": json.dumps([{"outlet": o, "url": u} for o, u in
                                      article.also_published], ensure_ascii=False)
        if article.also_published else "",
    }


# --------------------------------------------------------------------------- the file

def lock_path(index_path: Path) -> Path:
    """The lock file that serialises the builds of one index."""
    return index_path.with_name(index_path.name + ".lock")


def is_index_file(path: Path) -> bool:
    """True if ``path`` is an SQLite file with this tool's ``meta`` table (an index of ours,
    of any schema version), so that ``--index`` may replace it."""
    try:
        with open_regular_file(path) as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                return False
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            return connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
            ).fetchone() is not None
    except (OSError, sqlite3.DatabaseError):
        return False


def connect(path: Path) -> sqlite3.Connection:
    """Open the index file (made by :func:`create_empty_index`) in autocommit mode
    (transactions are explicit)."""
    return configure(sqlite3.connect(path, isolation_level=None))


def database_files(path: Path) -> tuple[Path, Path, Path]:
    """The database file and the WAL and shared-memory files SQLite keeps beside it."""
    return path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def create_empty_index(path: Path) -> None:
    """Put an index with empty tables at ``path`` (no ``meta`` rows: no build has finished,
    see :meth:`corpus.index_query.MentionIndex.is_complete`), replacing what is there.

    The tables are committed in a hidden file beside ``path`` (``.<name>.new``, left over
    only by a kill, and removed here) that is then renamed over it: a kill at any moment
    leaves either what was there or an index of ours, never a database without our
    tables that the next build would refuse as someone else's. Call under the build lock.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.new")
    for stale in database_files(partial):
        stale.unlink(missing_ok=True)
    connection = sqlite3.connect(partial, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")  # kept in the file's header
        connection.execute("BEGIN IMMEDIATE")
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                connection.execute(statement)
        connection.execute("COMMIT")
        # Everything into the main file: it is renamed without its -wal.
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    descriptor = os.open(partial, os.O_RDONLY | os.O_CLOEXEC)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    # A -wal left beside what is replaced would be read as part of the new file.
    for stale in database_files(path)[1:] + database_files(partial)[1:]:
        stale.unlink(missing_ok=True)
    os.replace(partial, path)
    folder = os.open(path.parent, os.O_RDONLY | os.O_CLOEXEC)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def configure(connection: sqlite3.Connection) -> sqlite3.Connection:
    """Set the index's pragmas on a new connection (closed if that fails)."""
    try:
        # WAL: readers keep the last committed index while a build's transaction runs.
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA busy_timeout=30000")
    except sqlite3.DatabaseError:
        connection.close()
        raise
    return connection


def read_meta(connection: sqlite3.Connection) -> dict[str, str]:
    """The ``meta`` table as a dict ({} if there is none yet)."""
    try:
        return dict(connection.execute("SELECT key, value FROM meta"))
    except sqlite3.DatabaseError:
        return {}


def recreate_tables(connection: sqlite3.Connection) -> None:
    """Drop and create every table inside the open transaction (``executescript`` would
    commit it first, showing readers an empty index)."""
    for table in ("meta", "files", "articles", "passages", "mentions"):
        connection.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            connection.execute(statement)


def delete_file(connection: sqlite3.Connection, path: str) -> None:
    """Remove one article file and its article, passages and mentions."""
    row = connection.execute("SELECT article_id FROM files WHERE path = ?", (path,)).fetchone()
    if row and row[0]:
        for table, column in (("mentions", "article_id"), ("passages", "article_id"),
                              ("articles", "id")):
            connection.execute(f"DELETE FROM {table} WHERE {column} = ?", (row[0],))
    connection.execute("DELETE FROM files WHERE path = ?", (path,))


def store(connection: sqlite3.Connection, result: LinkedFile) -> None:
    """Write one linked file's rows; a duplicate article id becomes a problem of the file."""
    article_id = None
    problems = list(result.problems)
    if result.article is not None:
        article_id = result.article["id"]
        other = connection.execute("SELECT path FROM articles WHERE id = ?",
                                   (article_id,)).fetchone()
        if other and other[0] == result.path:
            # Left by an older index that stored one file twice: this file replaces itself.
            delete_file(connection, result.path)
            for table, column in (("mentions", "article_id"), ("passages", "article_id"),
                                  ("articles", "id")):
                connection.execute(f"DELETE FROM {table} WHERE {column} = ?", (article_id,))
            other = None
        if other:
            problems.append(f"{result.path}:1: article id {article_id!r} is also used by "
                            f"{other[0]}; ids must be unique: rename or remove one of the two "
                            "files")
            article_id = None
        else:
            row = result.article
            connection.execute(
                "INSERT INTO articles VALUES (:id, :path, :title, :outlet, :author, "
                ":published, :url, :language, :seed, :n_passages, :opening, :also_published)",
                row)
            connection.executemany("INSERT INTO passages VALUES (?, ?, ?, ?)", result.passages)
            connection.executemany(
                "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                result.mentions)
    connection.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
                       (result.path, result.content_hash, article_id, json.dumps(problems)))

