"""``python -m corpus watch FEEDS.txt [--every 15m]``: re-read a list of feeds on a
schedule and import what is new, with conditional GET and the duplicate rules of
``import``. One log line per poll. A feed that is down, slow or malformed is reported and
retried at the next poll; the others go on. Ctrl+C or SIGTERM stops it between two items,
so no file is ever left half-written (and every write is atomic anyway)."""

from __future__ import annotations

import argparse
import datetime
import re
import signal
import sys
import threading
from collections import Counter
from pathlib import Path

from corpus.articles import ARTICLES_DIR
from corpus.ingest.items import ERROR, SKIPPED, STATUSES

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.I)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """'15m' -> 900.0; '30s', '2h', '1d', or bare seconds. ValueError otherwise."""
    match = _INTERVAL.match(text or "")
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"--every {text!r} is not an interval such as 15m, 30s or 1h")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]


def read_feed_list(path: Path) -> list[str]:
    """The feed URLs of FEEDS.txt: one per line; blank lines and '#' comments ignored."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


class Watcher:
    """Polls the feeds; ``stop`` (an Event) ends it between two items or during a wait."""

    def __init__(self, feeds_file: Path, folder: Path, *, every: float,
                 timeout: float | None = None, pause: float | None = None, out=None):
        from corpus.ingest.cli import make_importer

        self.feeds_file = feeds_file
        self.folder = folder
        self.every = every
        self.out = out or sys.stderr
        self.stop = threading.Event()
        self.importer, self.urls = make_importer(folder, timeout=timeout, pause=pause)
        self.polls = 0

    def poll(self) -> Counter:
        """Read every feed once; return the counts and log one line."""
        from corpus.ingest.sources import source_items

        self.polls += 1
        counts: Counter[str] = Counter()
        failed: list[str] = []
        try:
            feeds = read_feed_list(self.feeds_file)
        except (OSError, UnicodeDecodeError) as error:
            self._log(f"poll {self.polls}: cannot read {self.feeds_file}: {error}; "
                      "retrying at the next poll")
            return counts
        self.urls.not_modified.clear()
        for url in feeds:
            if self.stop.is_set():
                break
            feed_counts: Counter[str] = Counter()
            reasons = []
            try:
                for item in source_items(url, urls=self.urls, corpus_dir=self.folder):
                    outcome = self.importer.import_item(item)
                    feed_counts[outcome.status] += 1
                    if outcome.status in (ERROR, SKIPPED) and outcome.source == url:
                        reasons.append(outcome.reason)
                    if self.stop.is_set():
                        break
            except Exception as error:  # one broken feed never stops the others
                reasons.append(f"{type(error).__name__}: {error}")
                feed_counts[ERROR] += 1
            if reasons:
                failed.append(f"{url} ({'; '.join(reasons)})")
            counts.update(feed_counts)
        summary = ", ".join(f"{counts[s]} {s}" for s in STATUSES)
        unchanged = len(self.urls.not_modified)
        line = (f"poll {self.polls}: {len(feeds)} feed(s), {unchanged} not modified; {summary}")
        if failed:
            line += f"; failed, retried at the next poll: {', '.join(failed)}"
        self._log(line)
        return counts

    def run(self, polls: int | None = None) -> int:
        """Poll until stopped (or ``polls`` times); 0 when stopped cleanly."""
        while not self.stop.is_set():
            self.poll()
            if polls is not None and self.polls >= polls:
                break
            self.stop.wait(self.every)
        self._log(f"stopped after {self.polls} poll(s); every article written is complete")
        return 0

    def _log(self, text: str) -> None:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        print(f"{stamp} {text}", file=self.out, flush=True)


def run_watch(args: argparse.Namespace) -> int:
    """Watch the feeds until stopped; 2 on a usage error (a bad option, an unreadable feed
    list, a line that is not an http(s) URL nor an existing file)."""
    from corpus.ingest.sources import usage_problem

    folder = Path(args.directory) if args.directory else ARTICLES_DIR
    if not folder.is_dir():
        print(f"error: {folder}: no such corpus folder", file=sys.stderr)
        return 2
    try:
        every = parse_interval(args.every)
        feeds_file = Path(args.feeds)
        feeds = read_feed_list(feeds_file)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError) as error:
        print(f"error: {args.feeds}: cannot read the feed list ({error})", file=sys.stderr)
        return 2
    problems = [p for p in map(usage_problem, feeds) if p]
    for problem in problems:
        print(f"error: {args.feeds}: {problem}", file=sys.stderr)
    if problems:
        return 2
    watcher = Watcher(feeds_file, folder, every=every, timeout=args.timeout, pause=args.pause)

    def stop(signum, frame):
        watcher.stop.set()

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        return watcher.run(polls=args.polls)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def register_watch(subparsers: argparse._SubParsersAction) -> None:
    """``watch FEEDS.txt [--every 15m] [--directory DIR]``."""
    from corpus.ingest.cli import add_fetch_options

    parser = subparsers.add_parser(
        "watch", help="re-read a list of feed URLs on a schedule and import what is new")
    parser.add_argument("feeds", metavar="FEEDS.txt", help="feed URLs, one per line")
    parser.add_argument("--every", default="15m", help="time between polls (default 15m)")
    parser.add_argument("--directory", default=None, help=f"corpus folder; default {ARTICLES_DIR}")
    add_fetch_options(parser)
    parser.add_argument("--polls", type=int, default=None,
                        help="stop after this many polls (default: run until stopped)")
    parser.set_defaults(handler=run_watch)

