"""Which reader reads a source: by file extension, else by the HTTP content type, else by
content. Each kind of source is one module with ``SUFFIXES``, ``CONTENT_TYPES`` and
``read(data, source, ...)``; a new kind is one new module listed in ``READERS``."""

from __future__ import annotations

from pathlib import PurePath
from types import ModuleType

from corpus.ingest import archives, exports, feeds, pages, texts
from corpus.ingest.items import SKIPPED, Rejected

#: Every reader, in the order they are asked.
READERS: tuple[ModuleType, ...] = (pages, texts, exports, feeds, archives)


def reader_for(name: str, data: bytes, content_type: str = "") -> ModuleType | None:
    """The reader of a source called ``name`` (a file name or URL path) with these bytes."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".xml":
        return feeds if feeds.sniff(data) else pages if pages.sniff(data) else None
    for reader in READERS:
        if suffix in reader.SUFFIXES:
            return reader
    if content_type:
        for reader in READERS:
            if content_type in reader.CONTENT_TYPES:
                if reader is feeds and not feeds.sniff(data) and pages.sniff(data):
                    return pages
                return reader
    if pages.binary_kind(data):
        return archives if data.startswith(b"PK\x03\x04") else None
    if feeds.sniff(data):
        return feeds
    if pages.sniff(data):
        return pages
    if data.lstrip()[:1] in (b"[", b"{"):
        return exports
    return texts


def read_bytes(data: bytes, source: str, *, name: str, content_type: str = "",
               charset: str = "", url: str = "", seed: str = ""):
    """Yield the Items (and Rejected parts) of one source's bytes."""
    reader = reader_for(name, data, content_type)
    if reader is None:
        kind = pages.binary_kind(data)
        shown = content_type or PurePath(name).suffix or "no extension"
        what = f"the file is {kind}" if kind else f"no reader for this kind of file ({shown})"
        yield Rejected(source, SKIPPED, f"not an article source: {what}")
        return
    options = {"seed": seed, "url": url, "charset": charset}
    if reader is exports:
        suffix = PurePath(name).suffix.lower()
        options["suffix"] = suffix if suffix in exports.SUFFIXES else ""
        if options["suffix"] == ".ndjson":
            options["suffix"] = ".jsonl"
    if reader is feeds:
        options["content_type"] = content_type
    yield from reader.read(data, source, **options)
