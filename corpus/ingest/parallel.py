"""``corpus import --engine dask``: files are read and extracted (the slow part:
trafilatura) on a local Dask cluster, as ``corpus index --engine dask`` links; the items
come back in order and are imported by the one writer in this process."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from corpus.ingest.items import Item, Rejected
from corpus.ingest.sources import UrlReader, file_items, folder_files, is_url, source_items

#: Files per Dask task (enough to amortise the task overhead, few enough to stream).
CHUNK = 64


def read_chunk(paths: list[str]) -> list[Item | Rejected]:
    """The items of a chunk of files (runs on a worker)."""
    return [item for path in paths for item in file_items(Path(path))]


def _plan(sources: Sequence[str], corpus_dir: Path) -> Iterator[tuple[str, object]]:
    for source in sources:
        path = Path(source)
        if not is_url(source) and path.is_dir():
            for file in folder_files(path, skip=corpus_dir.resolve()):
                yield "file", str(file)
        elif not is_url(source) and path.is_file():
            yield "file", source
        else:
            yield "other", source


def dask_items(sources: Sequence[str], *, urls: UrlReader | None, corpus_dir: Path,
               workers: int | None = None) -> Iterator[Item | Rejected]:
    """The items of every source, files extracted on a local Dask cluster, in order."""
    from corpus.index_cli import dask_client

    with dask_client(workers, None) as client:
        chunk: list[str] = []
        futures = []

        def flush():
            if chunk:
                futures.append(client.submit(read_chunk, list(chunk), pure=False))
                chunk.clear()

        pending_others: list[tuple[int, str]] = []
        for kind, value in _plan(sources, corpus_dir):
            if kind == "file":
                chunk.append(str(value))
                if len(chunk) >= CHUNK:
                    flush()
            else:
                flush()
                pending_others.append((len(futures), str(value)))
        flush()
        others = iter(pending_others)
        following = next(others, None)
        for position, future in enumerate(futures):
            while following is not None and following[0] == position:
                yield from source_items(following[1], urls=urls, corpus_dir=corpus_dir)
                following = next(others, None)
            yield from future.result()
            futures[position] = None  # let the results go once imported
        while following is not None:
            yield from source_items(following[1], urls=urls, corpus_dir=corpus_dir)
            following = next(others, None)
