"""Files given to the dashboard ("Add articles"): each is bytes and a name, read by the
reader of its kind, never a path on the server and never a URL to fetch (a link-only feed
item is skipped: fetching is a command-line feature)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from corpus.ingest import kinds
from corpus.ingest.importer import Importer
from corpus.ingest.items import SKIPPED, Outcome, Rejected
from corpus.ingest.sources import size_problem


def upload_name(name: str) -> str:
    """The last part of an uploaded file's name (a browser may send any string)."""
    base = PurePosixPath(str(name).replace("\\", "/")).name
    return base or "upload"


def import_uploads(files: Iterable[tuple[str, bytes]], directory: Path) -> Iterator[Outcome]:
    """Import every (name, bytes); one Outcome per item, as ``corpus import`` reports."""
    importer = Importer(Path(directory), fetcher=None)
    for name, data in files:
        label = upload_name(name)
        too_big = size_problem(label, len(data))
        if too_big:
            yield importer.import_item(Rejected(label, SKIPPED, too_big))
            continue
        for item in kinds.read_bytes(bytes(data), label, name=label, seed=label):
            yield importer.import_item(item)
