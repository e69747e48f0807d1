"""The on-disk mention index: link once, query many times.

``build_index`` links a corpus folder into one SQLite file; ``open_index`` brings it up to
date and returns a :class:`MentionIndex` that the dashboard, the exports and the command line
query. An article is re-linked only when its file's content hash changes; everything is
re-linked when the geodata layers or the linker's code change (their hashes are stored in the
index). Deleted files disappear from the index.

Two engines produce the same index: ``local`` (this process) and ``dask`` (``dask.bag`` over
the changed files, on the default scheduler or a ``dask.distributed`` client), both calling
:func:`link_file`.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from corpus.articles import ARTICLES_DIR, Article, ArticleFormatError
from corpus.files import LockBusy, check_output_target, exclusive_lock, open_regular_file

#: Where indexes live: one SQLite file per corpus folder. Override with CORRIDOR_ATLAS_INDEX_DIR.
INDEX_DIR = Path(os.environ.get("CORRIDOR_ATLAS_INDEX_DIR",
                                Path(__file__).resolve().parent / "index"))

#: Bump when the schema changes; an index with another version is rebuilt.
SCHEMA_VERSION = "2"

_CODE_FILES = ("articles.py", "index.py")  # plus corpus.linking.linker_version()

Progress = Callable[[int, int], None]

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


# --------------------------------------------------------------------------- hashing

def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes (articles are small; huge files are rejected by parsing).

    Only regular files are read: a FIFO, socket or device raises
    :class:`corpus.files.NotARegularFile` (an ``OSError``) without being opened for a
    blocking read, so a named pipe in the corpus folder never hangs a build.
    """
    digest = hashlib.sha256()
    with open_regular_file(path) as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def layers_hash(layers_dir: Path | None = None) -> str:
    """Hash of the geodata layer files: a change re-links the whole corpus."""
    from geodata.loading import LAYERS_DIR

    directory = Path(layers_dir) if layers_dir else LAYERS_DIR
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.geojson")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def code_hash() -> str:
    """Hash of the linking code: a new linker re-links the whole corpus."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for name in _CODE_FILES:
        digest.update((here / name).read_bytes())
    from corpus.linking import linker_version

    digest.update(linker_version().encode())
    return digest.hexdigest()


def default_index_path(corpus_dir: Path, layers_dir: Path | str | None = None) -> Path:
    """The index file for a corpus folder (one per folder, named by its resolved path, so
    ``some/dir``, ``/abs/some/dir`` and a symlink to it share one index).

    A layers folder other than the default gets its own index: linking the same corpus
    against an edited copy of the layers must not rebuild the index the dashboard reads.
    """
    corpus = Path(corpus_dir).resolve()
    key_text = str(corpus)
    if layers_dir is not None:
        from geodata.loading import LAYERS_DIR

        layers = Path(layers_dir).resolve()
        if layers != Path(LAYERS_DIR).resolve():
            key_text += "\0" + str(layers)
    key = hashlib.sha256(key_text.encode()).hexdigest()[:16]
    return INDEX_DIR / f"{corpus.name}-{key}.sqlite"


# --------------------------------------------------------------------------- linking one file

_LINKERS: dict[str, tuple[str | None, object]] = {}


def _linker(layers_dir: str | None, layers_version: str | None = None):
    """One linker per process and layers folder, built once and reused for every file.

    ``layers_version`` (the layers' hash) is part of the key: a long-lived process (a Dask
    worker, the dashboard) that links again after the geodata changed must not reuse the
    linker built from the old layers.
    """
    key = layers_dir or ""
    cached = _LINKERS.get(key)
    if cached is None or cached[0] != layers_version:
        import geodata
        from corpus.linking import linker_for

        cached = (layers_version, linker_for(geodata.load_layers(layers_dir)))
        _LINKERS[key] = cached
    return cached[1]


@dataclass
class LinkedFile:
    """What :func:`link_file` returns for one file: rows for each table, or problems."""

    path: str
    content_hash: str
    article: dict | None = None
    passages: list[tuple] = field(default_factory=list)
    mentions: list[tuple] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def link_file(path: str, content_hash: str, layers_dir: str | None = None,
              layers_version: str | None = None) -> LinkedFile:
    """Read and link one article file. The same function runs on every engine.

    ``layers_version`` is the layers' hash (see :func:`layers_hash`); it tells a process that
    has linked before whether its cached linker is still current.
    """
    from corpus.articles import read_article_file_checked
    from corpus.linking import link_article

    result = LinkedFile(path=path, content_hash=content_hash)
    try:
        article, warnings = read_article_file_checked(Path(path))
    except ArticleFormatError as error:
        result.problems = [str(p) for p in error.problems]
        return result
    except OSError as error:
        result.problems = [f"{path}:1: cannot read the file ({error.strerror})"]
        return result
    # Problems that do not stop the article (an implausible date, read as undated).
    result.problems = [str(p) for p in warnings]
    result.article = _article_row(article)
    result.passages = [(p.id, article.id, p.n, p.text) for p in article.passages]
    result.mentions = [
        (m.mention_id, m.article_id, m.passage_id, m.paragraph, m.feature, m.start, m.end,
         m.text, m.kind, m.actor, m.language, m.name)
        for m in link_article(article, _linker(layers_dir, layers_version))
    ]
    return result


def _article_row(article: Article) -> dict:
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


# --------------------------------------------------------------------------- building

@dataclass
class IndexReport:
    """What a build did."""

    path: Path
    linked: int = 0
    removed: int = 0
    unchanged: int = 0
    full_rebuild: bool = False


class CorpusFolderMissing(FileNotFoundError):
    """The corpus folder to index does not exist (no index is created for it)."""

    def __init__(self, corpus_dir: Path):
        self.corpus_dir = corpus_dir
        super().__init__(f"{corpus_dir}: no such folder; give the folder that holds the "
                         "article .md files")


class IndexBusy(RuntimeError):
    """Another process is building this index (raised only when not waiting for it)."""

    def __init__(self, index_path: Path, holder: str):
        self.index_path = index_path
        super().__init__(f"another build of {index_path} is running ({holder or 'unknown'})")


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


def _connect(path: Path, *, replaceable: bool) -> sqlite3.Connection:
    """Open (or create) the index file in autocommit mode (transactions are explicit).

    A default index file (``replaceable``) that is not an SQLite database is replaced, since
    it is ours and can always be rebuilt from the articles."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _configure(sqlite3.connect(path, isolation_level=None))
    except sqlite3.DatabaseError:
        if not replaceable:
            raise
        for stale in (path, path.with_name(path.name + "-wal"),
                      path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
        return _configure(sqlite3.connect(path, isolation_level=None))


def _configure(connection: sqlite3.Connection) -> sqlite3.Connection:
    try:
        # WAL: readers keep the last committed index while a build's transaction runs.
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA busy_timeout=30000")
    except sqlite3.DatabaseError:
        connection.close()
        raise
    return connection


def _meta(connection: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(connection.execute("SELECT key, value FROM meta"))
    except sqlite3.DatabaseError:
        return {}


def _article_paths(corpus_dir: Path) -> list[Path]:
    from corpus.articles import article_files

    return article_files(corpus_dir)


def _current_hashes(corpus_dir: Path) -> dict[str, str]:
    """Path -> content hash of every article file; '' for a file that cannot be read (it
    is then linked, which turns the reason into a named problem)."""
    current = {}
    for path in _article_paths(corpus_dir):
        try:
            current[str(path)] = file_hash(path)
        except OSError:
            current[str(path)] = ""
    return current


def build_index(corpus_dir: Path | str | None = None, *, layers_dir: Path | str | None = None,
                index_path: Path | str | None = None, engine: str = "local",
                progress: Progress | None = None, dask_client=None, wait: bool = True,
                on_wait: Callable[[str], None] | None = None, force: bool = False
                ) -> IndexReport:
    """Bring the index of ``corpus_dir`` up to date, linking only what changed.

    One build at a time: builds of one index take an exclusive lock (``<index>.lock``); a
    second build waits for the first (``on_wait`` is told once), or with ``wait`` False
    raises :class:`IndexBusy`. The whole update is one SQLite transaction in WAL mode, so a
    reader sees the previous complete index until it commits, and a kill at any moment
    leaves that previous index. An explicit ``index_path`` that is a link, a special file or
    a file that is not an index of ours is refused (:class:`corpus.files.OutputRefused`)
    unless ``force`` (links and special files always). A missing ``corpus_dir`` raises
    :class:`CorpusFolderMissing` and creates nothing.
    """
    corpus_dir = (Path(corpus_dir) if corpus_dir else ARTICLES_DIR).resolve()
    if not corpus_dir.is_dir():
        raise CorpusFolderMissing(corpus_dir)
    replaceable = not index_path
    index_path = Path(index_path) if index_path else default_index_path(corpus_dir, layers_dir)
    def check_target() -> None:
        if not replaceable:
            check_output_target(index_path, is_ours=is_index_file, what="an index",
                                force=force, option="--index", parent_may_be_missing=True)

    # Refused before anything is created beside a file that is not ours. Once a build has
    # taken the lock (made before the index file), the check waits for the lock: a build
    # running into a new --index file holds a file whose tables are not committed yet,
    # which is not "a file that is not an index".
    if not lock_path(index_path).exists():
        check_target()
    layers_key = str(layers_dir) if layers_dir else None
    try:
        with exclusive_lock(lock_path(index_path), wait=wait, on_wait=on_wait):
            check_target()
            # Hashed under the lock: a caller that does not wait learns at once that it
            # would have to, and the layers hashed are those the build links against.
            wanted_meta = {"schema": SCHEMA_VERSION, "layers": layers_hash(layers_key),
                           "code": code_hash()}
            if force and not is_index_file(index_path):
                for stale in (index_path, index_path.with_name(index_path.name + "-wal"),
                              index_path.with_name(index_path.name + "-shm")):
                    stale.unlink(missing_ok=True)
            return _build_locked(corpus_dir, index_path, replaceable, wanted_meta, engine,
                                 layers_key, progress, dask_client)
    except LockBusy as busy:
        raise IndexBusy(index_path, busy.holder) from None


def _build_locked(corpus_dir: Path, index_path: Path, replaceable: bool,
                  wanted_meta: dict[str, str], engine: str, layers_key: str | None,
                  progress: Progress | None, dask_client) -> IndexReport:
    """The build proper, under the lock: one write transaction from start to commit."""
    connection = _connect(index_path, replaceable=replaceable)
    try:
        connection.execute("BEGIN IMMEDIATE")
        meta = _meta(connection)
        full = {key: meta.get(key) for key in wanted_meta} != wanted_meta
        if full:
            _recreate_tables(connection)
        known, unresolved = {}, set()
        for path, digest, article_id in connection.execute(
                "SELECT path, content_hash, article_id FROM files"):
            known[path] = digest
            if article_id is None:
                unresolved.add(path)
        current = _current_hashes(corpus_dir)
        # A file that had problems is read again even if unchanged: it is cheap (it failed
        # early), and a duplicate id may have been resolved by renaming the other file.
        changed = [(p, h) for p, h in current.items() if known.get(p) != h or p in unresolved]
        gone = [p for p in known if p not in current]
        report = IndexReport(index_path, removed=len(gone), full_rebuild=full,
                             unchanged=len(current) - len(changed))
        for path in gone + [p for p, _ in changed if p in known]:
            _delete_file(connection, path)
        results = _run_engine(engine, changed, layers_key, wanted_meta["layers"], progress,
                              dask_client)
        for result in results:
            _store(connection, result)
            report.linked += 1
        generation = int(meta.get("generation", "0") or 0)
        if full or report.linked or report.removed:
            generation += 1
        connection.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                               [*wanted_meta.items(), ("generation", str(generation))])
        connection.execute("COMMIT")
        return report
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    finally:
        connection.close()


def _recreate_tables(connection: sqlite3.Connection) -> None:
    """Drop and create every table inside the open transaction (``executescript`` would
    commit it first, showing readers an empty index)."""
    for table in ("meta", "files", "articles", "passages", "mentions"):
        connection.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            connection.execute(statement)


def _run_engine(engine: str, changed: Sequence[tuple[str, str]], layers_dir: str | None,
                layers_version: str, progress: Progress | None, dask_client
                ) -> Iterable[LinkedFile]:
    total = len(changed)
    if engine == "local":
        def generate():
            for done, (path, digest) in enumerate(changed, start=1):
                yield link_file(path, digest, layers_dir, layers_version)
                if progress:
                    progress(done, total)
        return generate()
    if engine == "dask":
        return _run_dask(changed, layers_dir, layers_version, progress, dask_client)
    raise ValueError(f"unknown engine {engine!r}: use 'local' or 'dask'")


def _link_item(item: tuple[str, str], layers_dir: str | None, layers_version: str
               ) -> LinkedFile:
    """``link_file`` on a (path, hash) pair: what each Dask task runs."""
    return link_file(item[0], item[1], layers_dir, layers_version)


def _run_dask(changed, layers_dir, layers_version, progress, dask_client) -> list[LinkedFile]:
    """Link on Dask: a bag of (path, hash) pairs mapped with :func:`link_file`.

    With a ``dask.distributed`` client, partitions are gathered as they finish so that
    ``progress`` moves; without one, dask's default scheduler runs the bag and progress is
    reported once at the end.
    """
    try:
        import dask.bag as db
    except ImportError as error:  # pragma: no cover - dask is in requirements
        raise RuntimeError("the dask engine needs dask: pip install -r requirements.txt") \
            from error
    if not changed:
        return []
    total = len(changed)
    threads = (sum(dask_client.nthreads().values()) if dask_client is not None
               else os.cpu_count() or 1)
    # A few partitions per thread balance the load without drowning the scheduler in tasks.
    bag = db.from_sequence(list(changed), npartitions=max(1, min(total, 4 * threads)))
    linked = bag.map(_link_item, layers_dir=layers_dir, layers_version=layers_version)
    results: list[LinkedFile] = []
    if dask_client is None:
        results = linked.compute()
        if progress:
            progress(total, total)
    else:
        from distributed import as_completed

        for future in as_completed(dask_client.compute(linked.to_delayed())):
            results.extend(future.result())
            future.release()
            if progress:
                progress(len(results), total)
    return sorted(results, key=lambda r: r.path)


def _delete_file(connection: sqlite3.Connection, path: str) -> None:
    row = connection.execute("SELECT article_id FROM files WHERE path = ?", (path,)).fetchone()
    if row and row[0]:
        for table, column in (("mentions", "article_id"), ("passages", "article_id"),
                              ("articles", "id")):
            connection.execute(f"DELETE FROM {table} WHERE {column} = ?", (row[0],))
    connection.execute("DELETE FROM files WHERE path = ?", (path,))


def _store(connection: sqlite3.Connection, result: LinkedFile) -> None:
    article_id = None
    problems = list(result.problems)
    if result.article is not None:
        article_id = result.article["id"]
        other = connection.execute("SELECT path FROM articles WHERE id = ?",
                                   (article_id,)).fetchone()
        if other and other[0] == result.path:
            # Left by an older index that stored one file twice: this file replaces itself.
            _delete_file(connection, result.path)
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


# --------------------------------------------------------------------------- querying

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

    def _query(self, sql: str, params: Sequence = ()) -> pd.DataFrame:
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
        return self._query("SELECT * FROM articles ORDER BY id")

    def problems(self) -> list[str]:
        """Every problem found in the files, as 'path:line: message'."""
        frame = self._query("SELECT problems FROM files WHERE problems != '[]' ORDER BY path")
        return [p for cell in frame["problems"] for p in json.loads(cell)]

    def feature_counts(self, filters: ArticleFilter = NO_FILTER, *, kind: str = "feature"
                       ) -> dict[str, int]:
        """Number of passages that mention each feature (or person, with kind='person')."""
        where, params = filters.sql()
        frame = self._query(
            "SELECT m.feature, COUNT(DISTINCT m.passage_id) AS n FROM mentions m "
            f"JOIN articles a ON a.id = m.article_id WHERE m.kind = ? AND {where} "
            "GROUP BY m.feature", [kind, *params])
        return dict(zip(frame["feature"], frame["n"].astype(int), strict=True))

    def feature_summary(self, feature: str, filters: ArticleFilter = NO_FILTER
                        ) -> tuple[int, int]:
        """(passages, articles) that mention ``feature``."""
        where, params = filters.sql()
        frame = self._query(
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
        return self._query(
            "SELECT p.id AS passage_id, p.article_id, p.n AS paragraph, p.text, a.title, "
            "a.outlet, a.author, a.published, a.url, a.opening, a.also_published FROM passages p "
            "JOIN articles a ON a.id = p.article_id WHERE p.id IN ("
            "  SELECT DISTINCT m.passage_id FROM mentions m WHERE m.feature = ?) "
            f"AND {where} ORDER BY a.published IS NULL, a.published, p.article_id, p.n{page}",
            [feature, *params])

    def mentions_in(self, passage_ids: Sequence[str]) -> pd.DataFrame:
        """Every mention (of any feature or person) in these passages."""
        if not passage_ids:
            return self._query("SELECT * FROM mentions WHERE 0")
        marks = ",".join("?" * len(passage_ids))
        return self._query(f"SELECT * FROM mentions WHERE passage_id IN ({marks}) "
                           "ORDER BY passage_id, start", list(passage_ids))

    def article_passages(self, article_id: str) -> pd.DataFrame:
        """All passages of one article, in order."""
        return self._query("SELECT id AS passage_id, n AS paragraph, text FROM passages "
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
        return self._query(
            "SELECT m.*, a.outlet, a.published, a.url, a.title, a.also_published FROM mentions m "
            f"JOIN articles a ON a.id = m.article_id WHERE {' AND '.join(clauses)} "
            "ORDER BY m.article_id, m.paragraph, m.start", params)

    def first_article_mentioning(self, features: Sequence[str],
                                 filters: ArticleFilter = NO_FILTER) -> str | None:
        """The id of the first article (by id) that mentions any of ``features``, or None."""
        if not features:
            return None
        where, params = filters.sql()
        frame = self._query(
            "SELECT MIN(m.article_id) AS id FROM mentions m JOIN articles a "
            f"ON a.id = m.article_id WHERE m.feature IN ({','.join('?' * len(features))}) "
            f"AND {where}", [*features, *params])
        value = frame["id"].iloc[0]
        return None if value is None or value != value else str(value)


def open_index(corpus_dir: Path | str | None = None, *, layers_dir: Path | str | None = None,
               index_path: Path | str | None = None, progress: Progress | None = None,
               wait: bool = True, on_wait: Callable[[str], None] | None = None,
               force: bool = False) -> MentionIndex:
    """Update the index of ``corpus_dir`` (linking only changed files) and open it."""
    report = build_index(corpus_dir, layers_dir=layers_dir, index_path=index_path,
                         progress=progress, wait=wait, on_wait=on_wait, force=force)
    return MentionIndex(report.path)
