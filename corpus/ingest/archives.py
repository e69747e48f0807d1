"""Zip archives of pages (or of any other kind of source), read in memory, never extracted.

Before any member is read, the whole directory of the archive is checked: a member whose
name leaves the archive (``../``, an absolute path, a drive letter) refuses the archive;
so do too many members, a total uncompressed size past ``MAX_TOTAL_BYTES`` and a member
compressed more than ``MAX_RATIO`` times (a zip bomb). A member larger than one article is
skipped. Members are then read one at a time with a byte limit, since a zip's declared
sizes can lie.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

from corpus.articles import MAX_ARTICLE_BYTES
from corpus.ingest.items import ERROR, SKIPPED, Rejected

SUFFIXES = (".zip",)
CONTENT_TYPES = ("application/zip",)

MAX_MEMBERS = 20_000
MAX_TOTAL_BYTES = 512 * 1024 * 1024
#: Largest uncompressed / compressed ratio of a member bigger than ``RATIO_FLOOR`` bytes.
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024


class ArchiveRefused(Exception):
    """The archive as a whole is refused; the message says why."""


def unsafe_name(name: str) -> bool:
    """True if a member's name would leave the folder it is extracted to."""
    normalised = name.replace("\\", "/")
    path = PurePosixPath(normalised)
    return (normalised.startswith("/") or ".." in path.parts
            or (len(normalised) > 1 and normalised[1] == ":"))


def check_archive(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The members to read (files, in order); ArchiveRefused for a hostile archive."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ArchiveRefused(f"the zip has {len(members):,} members, more than {MAX_MEMBERS:,}")
    total = 0
    for member in members:
        if unsafe_name(member.filename):
            raise ArchiveRefused(f"member {member.filename!r} has a path outside the archive "
                                 "(path traversal); nothing in the zip was imported")
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise ArchiveRefused(
                f"member {member.filename!r} expands {ratio:,.0f} "
                f"times (more than {MAX_RATIO}): a zip bomb; nothing in the zip was imported")
    if total > MAX_TOTAL_BYTES:
        raise ArchiveRefused(f"the zip would expand to {total:,} bytes, more than "
                             f"{MAX_TOTAL_BYTES:,}; nothing in it was imported")
    return [m for m in members if not m.is_dir()]


def read(data: bytes, source: str, *, seed: str = "", **_ignored):
    """Yield the items of every member, each read by the reader of its kind."""
    from corpus.ingest.kinds import read_bytes

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as error:
        yield Rejected(source, ERROR, f"not a readable zip archive ({error})")
        return
    with archive:
        try:
            members = check_archive(archive)
        except ArchiveRefused as refused:
            yield Rejected(source, ERROR, str(refused))
            return
        for member in members:
            where = f"{source}/{member.filename}"
            name = PurePosixPath(member.filename).name
            if name.startswith(".") or "__MACOSX" in member.filename:
                continue
            if member.flag_bits & 0x1:
                yield Rejected(where, SKIPPED, "the member is encrypted")
                continue
            if member.file_size > MAX_ARTICLE_BYTES:
                yield Rejected(where, SKIPPED, f"{member.file_size:,} bytes, larger than the "
                                               f"{MAX_ARTICLE_BYTES:,}-byte limit for one article")
                continue
            if PurePosixPath(name).suffix.lower() in SUFFIXES:
                yield Rejected(where, SKIPPED, "a zip inside a zip is not opened")
                continue
            try:
                with archive.open(member) as handle:
                    content = handle.read(MAX_ARTICLE_BYTES + 1)
            except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as error:
                yield Rejected(where, ERROR, f"cannot read the member ({error})")
                continue
            if len(content) > MAX_ARTICLE_BYTES:
                yield Rejected(where, SKIPPED, "larger than the size it declares and than the "
                                               f"{MAX_ARTICLE_BYTES:,}-byte limit")
                continue
            yield from read_bytes(content, where, name=name, seed=name)
