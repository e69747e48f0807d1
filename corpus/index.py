"""The on-disk mention index: link once, query many times.

``build_index`` links a corpus folder into one SQLite file; ``open_index`` brings it up to
date and returns a :class:`MentionIndex` that the dashboard, the exports and the command line
query. An article is re-linked only when its file's content hash changes; everything is
re-linked when the geodata layers or the linker's code change (their hashes are stored in the
index). Deleted files disappear from the index.

This module builds; :mod:`corpus.index_store` holds the file's schema and writes its rows,
:mod:`corpus.index_query` reads (``MentionIndex`` and ``ArticleFilter`` are re-exported here
for the many callers that open an index and query it).

Two engines produce the same index: ``local`` (this process) and ``dask`` (``dask.bag`` over
the changed files, on the default scheduler or a ``dask.distributed`` client), both calling
:func:`link_file`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus.article_model import ArticleFormatError
from corpus.articles import ARTICLES_DIR
from corpus.files import LockBusy, check_output_target, exclusive_lock, open_regular_file

# ``X as X``: re-exported for the many callers that open an index and query it.
from corpus.index_query import NO_FILTER as NO_FILTER
from corpus.index_query import ArticleFilter as ArticleFilter
from corpus.index_query import MentionIndex
from corpus.index_store import (
    SCHEMA_VERSION,
    LinkedFile,
    article_row,
    connect,
    create_empty_index,
    delete_file,
    is_index_file,
    lock_path,
    read_meta,
    recreate_tables,
    store,
)

#: Where indexes live: one SQLite file per corpus folder. Override with CORRIDOR_ATLAS_INDEX_DIR.
INDEX_DIR = Path(os.environ.get("CORRIDOR_ATLAS_INDEX_DIR",
                                Path(__file__).resolve().parent / "index"))

# The code that decides what an index holds, plus corpus.linking.linker_version().
_CODE_FILES = ("article_model.py", "article_format.py", "articles.py", "dates.py", "index.py",
               "index_store.py")

Progress = Callable[[int, int], None]


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
    result.article = article_row(article)
    result.passages = [(p.id, article.id, p.n, p.text) for p in article.passages]
    result.mentions = [
        (m.mention_id, m.article_id, m.passage_id, m.paragraph, m.feature, m.start, m.end,
         m.text, m.kind, m.actor, m.language, m.name)
        for m in link_article(article, _linker(layers_dir, layers_version))
    ]
    return result


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
    leaves that previous index; a new index file appears with its (empty) tables already
    committed, so a killed first build leaves a file the next build recognises and
    completes. An explicit ``index_path`` that is a link, a special file or
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

    # Refused before anything (the lock file) is created beside a file that is not ours,
    # and again under the lock, in case the file changed while this build waited.
    check_target()
    layers_key = str(layers_dir) if layers_dir else None
    try:
        with exclusive_lock(lock_path(index_path), wait=wait, on_wait=on_wait):
            check_target()
            # Hashed under the lock: a caller that does not wait learns at once that it
            # would have to, and the layers hashed are those the build links against.
            wanted_meta = {"schema": SCHEMA_VERSION, "layers": layers_hash(layers_key),
                           "code": code_hash()}
            if not is_index_file(index_path):
                # No file yet (or, checked above, one we may replace): the empty tables
                # appear there at once, so a kill from here on leaves a file the next
                # build recognises as its own.
                create_empty_index(index_path)
            return _build_locked(corpus_dir, index_path, wanted_meta, engine, layers_key,
                                 progress, dask_client)
    except LockBusy as busy:
        raise IndexBusy(index_path, busy.holder) from None


def _build_locked(corpus_dir: Path, index_path: Path, wanted_meta: dict[str, str],
                  engine: str, layers_key: str | None, progress: Progress | None,
                  dask_client) -> IndexReport:
    """The build proper, under the lock: one write transaction from start to commit."""
    connection = connect(index_path)
    try:
        connection.execute("BEGIN IMMEDIATE")
        meta = read_meta(connection)
        full = {key: meta.get(key) for key in wanted_meta} != wanted_meta
        if full:
            recreate_tables(connection)
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
            delete_file(connection, path)
        results = _run_engine(engine, changed, layers_key, wanted_meta["layers"], progress,
                              dask_client)
        for result in results:
            store(connection, result)
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


def open_index(corpus_dir: Path | str | None = None, *, layers_dir: Path | str | None = None,
               index_path: Path | str | None = None, progress: Progress | None = None,
               wait: bool = True, on_wait: Callable[[str], None] | None = None,
               force: bool = False) -> MentionIndex:
    """Update the index of ``corpus_dir`` (linking only changed files) and open it."""
    report = build_index(corpus_dir, layers_dir=layers_dir, index_path=index_path,
                         progress=progress, wait=wait, on_wait=on_wait, force=force)
    return MentionIndex(report.path)
