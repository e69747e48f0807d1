"""``python -m corpus import SOURCE...`` and ``python -m corpus add FILE ...`` (one file,
its flags winning over what the file says): one line per item on standard error, or one
JSON object per item on standard output with ``--json``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

from corpus.articles import ARTICLES_DIR
from corpus.ingest.items import DUPLICATE, ERROR, IMPORTED, SKIPPED, STATUSES, Outcome

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
#: The exit codes of ``import``, as --help and the README state them.
EXIT_CODES_HELP = (
    "exit status: 0 every item was imported or was a duplicate; 1 some items were skipped or "
    "failed (an unreadable file, a file of unknown kind, a bad row, a failed fetch; the rest "
    "still landed); 2 usage error, nothing imported: a SOURCE that does not exist, a URL "
    "whose scheme is not http or https, or a bad option")
#: Where the ETag / Last-Modified of the feeds read are kept, in the corpus folder.
VALIDATORS_NAME = ".feeds-state.json"


class Reporter:
    """Prints each outcome (a line on stderr, or JSON on stdout) and counts them; a tqdm
    progress bar on a terminal only (not under --json or CI)."""

    def __init__(self, *, as_json: bool, out=None, err=None, progress: bool | None = None):
        self.as_json = as_json
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.counts: Counter[str] = Counter()
        if progress is None:
            progress = (not as_json and os.environ.get("CI", "").lower() not in ("1", "true")
                        and hasattr(self.err, "isatty") and self.err.isatty())
        self.bar = None
        if progress:
            from tqdm import tqdm

            self.bar = tqdm(unit=" items", file=self.err, leave=False, dynamic_ncols=True)

    def note(self, text: str) -> None:
        self._line(text)

    def _line(self, text: str) -> None:
        if self.bar is not None:
            self.bar.write(text, file=self.err)
        else:
            print(text, file=self.err, flush=True)

    def report(self, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1
        if self.as_json:
            print(json.dumps(outcome.as_json(), ensure_ascii=False), file=self.out, flush=True)
        else:
            self._line(outcome.line())
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> str:
        if self.bar is not None:
            self.bar.close()
        summary = ", ".join(f"{self.counts[s]} {s}" for s in STATUSES)
        print(f"{sum(self.counts.values())} item(s): {summary}", file=self.err, flush=True)
        return summary

    @property
    def exit_code(self) -> int:
        return EXIT_SOME_FAILED if self.counts[SKIPPED] or self.counts[ERROR] else EXIT_OK


def _folder(directory: str | None) -> Path | None:
    folder = Path(directory) if directory else ARTICLES_DIR
    return folder if folder.is_dir() else None


def make_importer(folder: Path, *, fill: dict | None = None, force: dict | None = None,
                  fetch: bool = True, timeout: float | None = None, pause: float | None = None,
                  record_copies: bool = True):
    """The Importer and URL reader that the import and watch commands share."""
    from corpus.ingest.fetching import Fetcher, Validators
    from corpus.ingest.importer import Defaults, Importer
    from corpus.ingest.sources import UrlReader

    options: dict[str, float] = {"timeout": timeout} if timeout else {}
    if pause is not None:
        options["host_pause"] = pause
    fetcher = Fetcher(**options) if fetch else None
    importer = Importer(folder, defaults=Defaults(fill or {}, force or {}), fetcher=fetcher,
                        record_copies=record_copies)
    urls = UrlReader(fetcher, Validators(folder / VALIDATORS_NAME)) if fetcher else None
    return importer, urls


def run_import(args: argparse.Namespace) -> int:
    """Import every SOURCE; exit 0 if every item landed or was a duplicate, 1 if some were
    skipped or failed (the rest still landed), 2 on a usage error."""
    from corpus.ingest.sources import source_items, usage_problem
    from corpus.language import normalise_language

    problems = [p for p in map(usage_problem, args.sources) if p]
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print(f"nothing imported: {len(problems)} SOURCE argument(s) cannot be read; correct "
              "them and run the command again", file=sys.stderr)
        return EXIT_USAGE
    folder = _folder(args.directory)
    if folder is None:
        print(f"error: {args.directory or ARTICLES_DIR}: no such corpus folder; create it or "
              "give --directory", file=sys.stderr)
        return EXIT_USAGE
    language = ""
    if args.language:
        language = normalise_language(args.language)
        if not language:
            print(f"error: --language {args.language!r} is not a language code or name "
                  "(e.g. en, ru, az, tr, hy)", file=sys.stderr)
            return EXIT_USAGE
    importer, urls = make_importer(folder, fill={"outlet": args.outlet or "",
                                                 "language": language},
                                   timeout=args.timeout, pause=args.pause)
    if args.engine != "dask" and args.workers:
        print("error: --workers needs --engine dask", file=sys.stderr)
        return EXIT_USAGE
    reporter = Reporter(as_json=args.json)
    try:
        if args.engine == "dask":
            from corpus.ingest.parallel import dask_items

            items = dask_items(args.sources, urls=urls, corpus_dir=folder, workers=args.workers)
        else:
            items = (item for source in args.sources
                     for item in source_items(source, urls=urls, corpus_dir=folder))
        for item in items:
            reporter.report(importer.import_item(item))
    except KeyboardInterrupt:
        reporter.note("interrupted: every article written so far is complete")
        reporter.close()
        return 130
    for url in (urls.not_modified if urls else []):
        reporter.note(f"{url}: not modified since the last read; nothing new")
    reporter.close()
    return reporter.exit_code


def register_import(subparsers: argparse._SubParsersAction) -> None:
    """``import SOURCE... [--directory DIR] [--json] [--language L] [--outlet O]``."""
    parser = subparsers.add_parser(
        "import", help="import articles from saved pages, text files, exports (JSONL, JSON, "
                       "CSV), feeds (RSS, Atom), zips of them, folders and http(s) URLs",
        epilog=EXIT_CODES_HELP)
    parser.add_argument("sources", nargs="+", metavar="SOURCE",
                        help="a file, a folder (read recursively) or an http(s) URL")
    parser.add_argument("--directory", default=None, help=f"corpus folder; default {ARTICLES_DIR}")
    parser.add_argument("--json", action="store_true",
                        help="one JSON object per item on standard output")
    parser.add_argument("--language", default="",
                        help="language of articles whose source does not state one "
                             "(default: detected from the text)")
    parser.add_argument("--outlet", default="",
                        help="outlet of articles whose source does not name one")
    add_fetch_options(parser)
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="local: read and extract in this process (default); dask: read "
                             "and extract files on a local Dask cluster (writing stays in "
                             "this process, one writer)")
    parser.add_argument("--workers", type=int, default=None,
                        help="dask: worker processes (default: CPUs)")
    parser.set_defaults(handler=run_import)


def add_fetch_options(parser: argparse.ArgumentParser) -> None:
    """--timeout and --pause, shared by import and watch."""
    from corpus.ingest.fetching import HOST_PAUSE_SECONDS, TIMEOUT_SECONDS

    parser.add_argument("--timeout", type=float, default=None,
                        help=f"seconds to wait for a web server (default {TIMEOUT_SECONDS:g})")
    parser.add_argument("--pause", type=float, default=None,
                        help="seconds between two requests to the same host (default "
                             f"{HOST_PAUSE_SECONDS:g})")


_PREVIEW_CHARS = 160


def run_add(args: argparse.Namespace) -> int:
    """Add one article file; its flags win over what the file says ('' leaves the file's
    value). The same reader, duplicate rules and writer as ``import``."""
    from corpus.articles import parse_article
    from corpus.ingest.sources import file_items

    folder = _folder(args.directory)
    if folder is None:
        print(f"error: {args.directory or ARTICLES_DIR}: no such folder; create it or give the "
              "corpus folder", file=sys.stderr)
        return EXIT_USAGE
    items = list(file_items(Path(args.file)))
    if len(items) != 1:
        print(f"error: {args.file}: holds {len(items)} articles; add takes one, use "
              "`python -m corpus import` for exports and feeds", file=sys.stderr)
        return EXIT_USAGE
    force = {"title": args.title, "outlet": args.outlet, "published": args.published,
             "url": args.url, "author": args.author, "language": args.language}
    importer, _ = make_importer(folder, force=force, fetch=False, record_copies=False)
    outcome = importer.import_item(items[0])
    if outcome.status != IMPORTED:
        detail = (f"already in the corpus as {outcome.duplicate_of} ({outcome.reason}); "
                  "nothing was written" if outcome.status == DUPLICATE else outcome.reason)
        print(f"error: {args.file}: {detail}", file=sys.stderr)
        return EXIT_USAGE
    article = parse_article(folder / f"{outcome.id}.md")
    first = article.passages[0].text
    preview = first if len(first) <= _PREVIEW_CHARS else first[:_PREVIEW_CHARS].rstrip() + "…"
    print(f"id:       {article.id}")
    print(f"title:    {article.display_title}")
    print(f"passages: {len(article.passages)}")
    print(f"first:    {preview}")
    print(f"written:  {article.path}")
    return EXIT_OK


def register_add(subparsers: argparse._SubParsersAction) -> None:
    """``add FILE --title --outlet --published --url [--author] [--language]``."""
    parser = subparsers.add_parser(
        "add", help="add one article from a plain text file or a saved HTML page")
    parser.add_argument("file", metavar="FILE", help="a .txt file or a saved .html page")
    parser.add_argument("--title", required=True,
                        help="headline ('' to take the page's, if it has one)")
    parser.add_argument("--outlet", required=True, help="publication ('' if unknown)")
    parser.add_argument("--published", required=True,
                        help="publication date YYYY-MM-DD ('' if unknown)")
    parser.add_argument("--url", required=True, help="article web address ('' if unknown)")
    parser.add_argument("--author", default="", help="author ('' if unknown)")
    parser.add_argument("--language", default="",
                        help="language code (default: stated by the page, else detected)")
    parser.add_argument("--directory", default=None, help=f"corpus folder; default {ARTICLES_DIR}")
    parser.set_defaults(handler=run_add)
