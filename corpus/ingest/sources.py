"""The SOURCE arguments of ``corpus import``: files, folders (read recursively) and
http(s) URLs, each turned into the items of its kind (``corpus.ingest.kinds``)."""

from __future__ import annotations

import os
import re
import stat
import urllib.parse
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from corpus.articles import MAX_ARTICLE_BYTES
from corpus.files import NotARegularFile, file_kind, open_regular_file
from corpus.ingest import exports, feeds, kinds
from corpus.ingest.fetching import SCHEMES, Fetcher, FetchError, Validators, check_url
from corpus.ingest.items import ERROR, SKIPPED, Item, Rejected

#: Largest export file (many articles in one file) read.
MAX_EXPORT_BYTES = 512 * 1024 * 1024
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(source: str) -> bool:
    """True if the argument is written as a URL (any scheme), not a path."""
    return bool(_SCHEME.match(source))


def usage_problem(source: str) -> str:
    """Why the SOURCE argument cannot be read at all, naming it ('' when it can): a URL of a
    scheme other than http(s) or without a host, or a path that does not exist. Such a
    SOURCE is a usage error (exit 2, nothing imported); what goes wrong inside a source that
    exists (unreadable, unknown kind, a bad row, a failed fetch) is an item's error (exit 1)."""
    accepted = " or ".join(f"{scheme}://" for scheme in SCHEMES)
    if is_url(source):
        scheme = source.split(":", 1)[0]
        if scheme.lower() not in SCHEMES:
            return (f"{source}: the URL scheme {scheme}: is not accepted; a URL SOURCE is "
                    f"{accepted} only")
        if not urllib.parse.urlsplit(source).hostname:
            return f"{source}: the URL has no host name (expected {accepted}HOST/...)"
        return ""
    if not os.path.lexists(source):
        return (f"{source}: no such file or folder (a SOURCE is a file, a folder, or an "
                f"{accepted} URL)")
    return ""


def folder_files(folder: Path, skip: Path | None = None) -> Iterator[Path]:
    """Every file under ``folder`` in name order, not following links to folders, skipping
    hidden names and the ``skip`` folder (the corpus being imported into)."""
    for root, dirs, files in os.walk(folder, followlinks=False):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and (skip is None or (here / d).resolve() != skip))
        for name in sorted(files):
            if not name.startswith("."):
                yield here / name


def size_problem(name: str, size: int) -> str:
    """Why a file of ``size`` bytes called ``name`` is too large to read ('' if it is not):
    one article at most MAX_ARTICLE_BYTES; an export, feed or zip of many at most
    MAX_EXPORT_BYTES."""
    suffix = PurePosixPath(name).suffix.lower()
    many = suffix in exports.SUFFIXES or suffix in (".zip",) or suffix in feeds.SUFFIXES
    limit = MAX_EXPORT_BYTES if many else MAX_ARTICLE_BYTES
    if size <= limit:
        return ""
    return (f"the file is {size:,} bytes, larger than the {limit:,}-byte limit for "
            f"{'an export' if many else 'one article'}")


def file_items(path: Path, source: str | None = None) -> Iterator[Item | Rejected]:
    """The items of one file (a regular file; anything else is skipped with what it is)."""
    source = source or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        yield Rejected(source, ERROR, "no such file or folder")
        return
    except OSError as error:
        yield Rejected(source, ERROR, f"cannot read it: {error.strerror}")
        return
    if not stat.S_ISREG(info.st_mode):
        yield Rejected(source, SKIPPED, f"is {file_kind(info.st_mode)}, not a regular file")
        return
    too_big = size_problem(path.name, info.st_size)
    if too_big:
        yield Rejected(source, SKIPPED, too_big)
        return
    try:
        # stat, then open with O_NONBLOCK and fstat: a file swapped for a FIFO in between
        # is refused, never read with a blocking open.
        with open_regular_file(path) as handle:
            data = handle.read(info.st_size + 1)
    except NotARegularFile as error:
        yield Rejected(source, SKIPPED, f"is {error.kind}, not a regular file")
        return
    except OSError as error:
        yield Rejected(source, ERROR, f"cannot read it: {error.strerror}")
        return
    too_big = size_problem(path.name, len(data))
    if too_big:  # it grew after the stat
        yield Rejected(source, SKIPPED, too_big)
        return
    yield from kinds.read_bytes(data, source, name=path.name, seed=path.name)


class UrlReader:
    """Reads URL sources with one Fetcher; feeds are read with a conditional GET from the
    validators of their last read (remembered once their items have been imported)."""

    def __init__(self, fetcher: Fetcher, validators: Validators):
        self.fetcher = fetcher
        self.validators = validators
        #: Feeds that had not changed since their last read (304 Not Modified).
        self.not_modified: list[str] = []

    def items(self, url: str) -> Iterator[Item | Rejected]:
        try:
            check_url(url)
            etag, modified = self.validators.get(url)
            response = self.fetcher.fetch(url, etag=etag, last_modified=modified)
        except FetchError as error:
            yield Rejected(url, ERROR, str(error))
            return
        if response.not_modified:
            self.not_modified.append(url)
            return
        name = PurePosixPath(urllib.parse.urlsplit(response.url).path).name
        reader = kinds.reader_for(name if "." in name else "", response.body,
                                  response.content_type)
        yield from kinds.read_bytes(response.body, url, name=name if "." in name else "",
                                    content_type=response.content_type,
                                    charset=response.charset, url=response.url)
        if reader is feeds:
            self.validators.remember(url, response)


def source_items(source: str, *, urls: UrlReader | None, corpus_dir: Path
                 ) -> Iterator[Item | Rejected]:
    """The items of one SOURCE argument."""
    if is_url(source):
        scheme = source.split(":", 1)[0].lower()
        if scheme not in ("http", "https"):
            yield Rejected(source, ERROR, f"only http:// and https:// URLs are fetched, not "
                                          f"{scheme}:")
        elif urls is None:
            yield Rejected(source, ERROR, "fetching is not allowed here")
        else:
            yield from urls.items(source)
        return
    path = Path(source)
    if path.is_dir():
        for file in folder_files(path, skip=corpus_dir.resolve()):
            yield from file_items(file)
        return
    yield from file_items(path, source)
