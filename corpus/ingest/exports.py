"""Exports of a news database, one article per row: ``.jsonl`` (one JSON object per line),
``.json`` (a list of objects) and ``.csv`` (a header row).

The usual column names are recognised (``COLUMNS``); a column that is not one of them is
reported, never guessed at. A bad row (not JSON, not an object, no text) is reported with
its row number and the other rows still land; a CSV whose quoting breaks stops at the row
where it breaks (the rows before it land), since nothing after it can be trusted.
"""

from __future__ import annotations

import csv
import io
import json

from corpus.adding import extract_html_paragraphs, extract_plain_paragraphs, looks_like_html
from corpus.articles import MAX_ARTICLE_BYTES
from corpus.ingest.items import ERROR, SKIPPED, Item, Rejected, SourceError, one_line
from corpus.ingest.pages import decode_text

SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv")
CONTENT_TYPES = ("application/json", "application/x-ndjson", "text/csv")

#: Item field -> the column names that mean it (compared case-insensitively).
COLUMNS = {
    "title": ("title", "headline"),
    "text": ("text", "body", "content"),
    "url": ("url", "link"),
    "published": ("published", "date", "publish_date"),
    "outlet": ("outlet", "source", "site", "media"),
    "author": ("author",),
    "language": ("language", "lang"),
}
_FIELD_OF = {name: key for key, names in COLUMNS.items() for name in names}
#: Columns that are known and deliberately not imported (the export's own id).
IGNORED = ("id",)


def _known() -> str:
    return ", ".join(name for names in COLUMNS.values() for name in names)


def columns_note(columns) -> str:
    """A note naming the columns that are not recognised ('' when all are)."""
    unknown = [c for c in columns if str(c).strip().lower() not in _FIELD_OF
               and str(c).strip().lower() not in IGNORED]
    if not unknown:
        return ""
    names = ", ".join(repr(c) for c in unknown)
    return f"unknown column(s) {names} not imported (known: {_known()})"


def row_item(row: dict, source: str, seed: str, note: str) -> Item | Rejected:
    """One row as an Item, or Rejected when it has no text."""
    values: dict[str, object] = {}
    for column, value in row.items():
        key = _FIELD_OF.get(str(column).strip().lower())
        if key and key not in values and value not in (None, ""):
            values[key] = value
    text = values.pop("text", "")
    if not isinstance(text, str) or not text.strip():
        return Rejected(source, SKIPPED, "the row has no text (a text, body or content column)")
    if len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        return Rejected(source, SKIPPED, f"the text is larger than the {MAX_ARTICLE_BYTES:,}-"
                                         "byte limit for one article")
    paragraphs = (extract_html_paragraphs(text) if looks_like_html(text)
                  else extract_plain_paragraphs(text))
    if not paragraphs:
        return Rejected(source, SKIPPED, "no article text in the row's text")
    published = values.get("published", "")
    return Item(source=source, paragraphs=paragraphs, title=one_line(values.get("title")),
                outlet=one_line(values.get("outlet")), author=one_line(values.get("author")),
                published=published if isinstance(published, str) else one_line(published),
                url=one_line(values.get("url")), language=one_line(values.get("language")),
                seed=seed, note=note)


def read(data: bytes, source: str, *, seed: str = "", url: str = "", charset: str = "",
         suffix: str = ""):
    """Yield one Item (or Rejected) per row of a JSONL, JSON or CSV export."""
    try:
        text = decode_text(data, charset, what="export")
    except SourceError as error:
        yield Rejected(source, error.status, error.reason)
        return
    suffix = suffix or _sniff_suffix(text)
    if suffix == ".csv":
        yield from _csv_rows(text, source, seed)
    elif suffix == ".json":
        yield from _json_rows(text, source, seed)
    else:
        yield from _jsonl_rows(text, source, seed)


def _sniff_suffix(text: str) -> str:
    start = text.lstrip()[:1]
    if start == "[":
        return ".json"
    if start == "{":
        first = text.lstrip().split("\n", 1)[0]
        try:
            json.loads(first)
            return ".jsonl"
        except ValueError:
            return ".json"
    return ".csv"


def _jsonl_rows(text: str, source: str, seed: str):
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}#{number}"
        try:
            row = json.loads(line)
        except ValueError as error:
            yield Rejected(where, ERROR, f"line {number} is not JSON ({error.msg} at column "
                                         f"{error.colno})")
            continue
        if not isinstance(row, dict):
            yield Rejected(where, ERROR, f"line {number} is a JSON {type(row).__name__}, not "
                                         "an object with the article's fields")
            continue
        yield row_item(row, where, f"{seed}#{number}", columns_note(row))


def _json_rows(text: str, source: str, seed: str):
    try:
        rows = json.loads(text)
    except ValueError as error:
        yield Rejected(source, ERROR, f"not JSON: {error.msg} at line {error.lineno} column "
                                      f"{error.colno}")
        return
    if isinstance(rows, dict):
        rows = rows.get("articles", rows.get("items", [rows]))
    if not isinstance(rows, list):
        yield Rejected(source, ERROR, "a .json export must be a list of article objects")
        return
    for number, row in enumerate(rows, start=1):
        where = f"{source}#{number}"
        if not isinstance(row, dict):
            yield Rejected(where, ERROR, f"entry {number} is a JSON {type(row).__name__}, not "
                                         "an object with the article's fields")
            continue
        yield row_item(row, where, f"{seed}#{number}", columns_note(row))


def _csv_rows(text: str, source: str, seed: str):
    csv.field_size_limit(MAX_ARTICLE_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        yield Rejected(source, SKIPPED, "the CSV file is empty")
        return
    except csv.Error as error:
        yield Rejected(source, ERROR, f"the CSV header cannot be read: {error}")
        return
    header = [h.strip().lstrip("\ufeff") for h in header]
    if not any(_FIELD_OF.get(h.lower()) == "text" for h in header):
        yield Rejected(source, ERROR, "the CSV has no text column (text, body or content); its "
                                      f"columns are {', '.join(map(repr, header))}")
        return
    note = columns_note(header)
    number = 0  # data rows count from 1, as in the other exports
    while True:
        number += 1
        where = f"{source}#{number}"
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Rejected(where, ERROR, f"CSV quoting breaks near line {reader.line_num} "
                                         f"({error}); this row and the rest of the file were "
                                         "not imported: fix the quotes and import it again")
            return
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            yield Rejected(where, ERROR, f"row {number} (line {reader.line_num}) has "
                                         f"{len(values)} fields, the header {len(header)}")
            continue
        yield row_item(dict(zip(header, values, strict=True)), where, f"{seed}#{number}", note)
