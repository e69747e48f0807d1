"""corpus import and watch over http, against a local server on 127.0.0.1 started and
stopped by each test: pages, feeds, redirects, a slow host, a 404, a page over the size
cap, a non-HTML content type, conditional GET, the pause between requests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus.__main__ import main
from corpus.articles import load_corpus
from corpus.ingest.fetching import Fetcher, FetchError
from tests.ingest_fixtures import (
    OTHER_STORY,
    RUSSIAN_STORY,
    STORY,
    LocalServer,
    Route,
    html_paragraphs,
    og_page,
    rss,
)

REPO = Path(__file__).resolve().parent.parent
FAST = ["--pause", "0", "--timeout", "2"]


@pytest.fixture()
def server():
    with LocalServer() as running:
        yield running


def page_route(paragraphs, **meta) -> Route:
    return Route(og_page(paragraphs, **meta).encode())


def run_import(capsys, *args: str) -> tuple[int, list[dict]]:
    code = main(["import", *args, "--json", *FAST])
    return code, [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_a_page_url_is_fetched_with_a_user_agent_naming_corridor_atlas(server, corpus_dir,
                                                                         capsys):
    server.routes["/freight"] = page_route(STORY, title="Freight", site="Caspian Times",
                                           url=server.url("/freight"), published="2026-02-01")
    code, [row] = run_import(capsys, server.url("/freight"), "--directory", str(corpus_dir))
    assert code == 0 and row["status"] == "imported" and row["source"] == server.url("/freight")
    assert row["url"] == server.url("/freight") and row["outlet"] == "Caspian Times"
    [(_, headers, _)] = server.requests
    assert "Corridor Atlas" in headers["User-Agent"]


def test_rss_with_link_only_items_is_imported_by_fetching_the_pages(server, corpus_dir, capsys):
    server.routes["/a"] = page_route(STORY, title="Freight", site="Caspian Times",
                                     url=server.url("/a"), published="2026-02-01")
    server.routes["/b"] = Route(og_page(RUSSIAN_STORY, title="Коридор", site="Вестник",
                                        url=server.url("/b"), published="2026-02-03",
                                        lang="ru").encode())
    server.routes["/feed"] = Route(rss([
        {"title": "Freight", "link": server.url("/a"), "date": "Sun, 01 Feb 2026 08:00:00 GMT"},
        {"title": "Коридор", "link": server.url("/b"), "date": "Tue, 03 Feb 2026 08:00:00 GMT"},
        {"title": "Gone", "link": server.url("/missing")},
    ]).encode(), content_type="application/rss+xml")
    code, rows = run_import(capsys, server.url("/feed"), "--directory", str(corpus_dir))
    assert code == 1
    assert [r["status"] for r in rows] == ["imported", "imported", "error"]
    assert rows[0]["source"] == server.url("/feed") + "#1"
    assert rows[1]["language"] == "ru" and rows[1]["outlet"] == "Вестник"
    assert "HTTP 404" in rows[2]["reason"]
    assert len(load_corpus(corpus_dir).articles) == 2


def test_redirects_are_followed_up_to_the_limit(server, corpus_dir, capsys):
    server.routes["/final"] = page_route(STORY, title="F", site="S", url=server.url("/final"),
                                         published="2026-02-01")
    server.routes["/moved"] = Route(status=301, headers={"Location": "/final"})
    for n in range(8):
        server.routes[f"/loop{n}"] = Route(status=302, headers={"Location": f"/loop{n + 1}"})
    code, rows = run_import(capsys, server.url("/moved"), server.url("/loop0"),
                            "--directory", str(corpus_dir))
    assert code == 1
    assert rows[0]["status"] == "imported" and rows[0]["url"] == server.url("/final")
    assert rows[1]["status"] == "error" and "redirects" in rows[1]["reason"]


def test_a_slow_host_times_out_and_the_others_land(server, corpus_dir, capsys):
    server.routes["/slow"] = Route(page_route(OTHER_STORY, title="S", site="S", url="",
                                              published="2026-02-01").body, delay=4)
    server.routes["/fast"] = page_route(STORY, title="F", site="S", url=server.url("/fast"),
                                        published="2026-02-01")
    started = time.monotonic()
    code = main(["import", server.url("/slow"), server.url("/fast"), "--json", "--pause", "0",
                 "--timeout", "0.5", "--directory", str(corpus_dir)])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert time.monotonic() - started < 4
    assert code == 1
    assert rows[0]["status"] == "error" and "timed out" in rows[0]["reason"]
    assert rows[1]["status"] == "imported"


def test_404_over_the_cap_and_non_html_are_named(server, corpus_dir, capsys):
    server.routes["/huge"] = Route(b"<html><body><p>" + b"x" * (6 * 1024 * 1024) + b"</p>")
    server.routes["/picture"] = Route(b"\x89PNG\r\n\x1a\n" + bytes(200),
                                      content_type="image/png")
    code, rows = run_import(capsys, server.url("/nothing"), server.url("/huge"),
                            server.url("/picture"), "--directory", str(corpus_dir))
    assert code == 1
    assert rows[0]["status"] == "error" and "HTTP 404" in rows[0]["reason"]
    assert rows[1]["status"] == "error" and "limit" in rows[1]["reason"]
    assert rows[2]["status"] == "skipped" and "PNG" in rows[2]["reason"]
    assert list(corpus_dir.glob("*.md")) == []


def test_requests_to_one_host_are_spaced_by_the_pause(server):
    server.routes["/x"] = Route(b"ok", content_type="text/plain")
    fetcher = Fetcher(host_pause=0.3, timeout=2)
    for _ in range(3):
        fetcher.fetch(server.url("/x"))
    times = [t for _, _, t in server.requests]
    assert all(b - a >= 0.28 for a, b in zip(times, times[1:], strict=False))


def test_fetching_refuses_other_schemes():
    for url in ("ftp://127.0.0.1/x", "file:///etc/passwd", "gopher://x"):
        with pytest.raises(FetchError, match="only http"):
            Fetcher().fetch(url)


def test_a_feed_read_again_uses_a_conditional_get(server, corpus_dir, capsys):
    server.routes["/feed"] = Route(rss([
        {"title": "Freight", "link": "https://wire.example/f", "content": html_paragraphs(STORY),
         "date": "Sun, 01 Feb 2026 08:00:00 GMT"}]).encode(),
        content_type="application/rss+xml", etag='"v1"')
    code, [row] = run_import(capsys, server.url("/feed"), "--directory", str(corpus_dir))
    assert code == 0 and row["status"] == "imported" and row["published"] == "2026-02-01"
    state = json.loads((corpus_dir / ".feeds-state.json").read_text())
    assert state[server.url("/feed")]["etag"] == '"v1"'
    code, rows = run_import(capsys, server.url("/feed"), "--directory", str(corpus_dir))
    assert code == 0 and rows == []
    assert server.requests[-1][1].get("If-None-Match") == '"v1"'
    assert len(load_corpus(corpus_dir).articles) == 1


# --------------------------------------------------------------------------- watch


def test_watch_survives_a_feed_that_is_down_and_imports_new_items(server, corpus_dir,
                                                                   tmp_path):
    import io

    from corpus.ingest.watch import Watcher

    server.routes["/good"] = Route(rss([
        {"title": "Freight", "link": "https://wire.example/f", "content": html_paragraphs(STORY)}
    ]).encode(), content_type="application/rss+xml", etag='"a"')
    server.routes["/broken"] = Route(b"<rss><channel><title>x</ti", content_type="text/xml")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# feeds\n{server.url('/down')}\n{server.url('/broken')}\n"
                     f"{server.url('/good')}\n", encoding="utf-8")
    log = io.StringIO()
    watcher = Watcher(feeds, corpus_dir, every=0.01, timeout=2, pause=0, out=log)
    watcher.run(polls=1)
    assert len(load_corpus(corpus_dir).articles) == 1
    # A new item appears; the broken feed is repaired.
    server.routes["/good"] = Route(rss([
        {"title": "Freight", "link": "https://wire.example/f", "content": html_paragraphs(STORY)},
        {"title": "Cable", "link": "https://wire.example/c",
         "content": html_paragraphs(OTHER_STORY)}]).encode(),
        content_type="application/rss+xml", etag='"b"')
    server.routes["/broken"] = Route(rss([]).encode(), content_type="application/rss+xml")
    watcher.run(polls=2)
    lines = log.getvalue().splitlines()
    polls = [line for line in lines if " poll " in line]
    assert len(polls) == 2
    assert "1 imported" in polls[0] and "HTTP 404" in polls[0] and "malformed" in polls[0]
    assert "1 imported, 1 duplicate" in polls[1]
    assert len(load_corpus(corpus_dir).articles) == 2


def test_watch_stops_cleanly_on_sigterm(server, corpus_dir, tmp_path):
    server.routes["/good"] = Route(rss([
        {"title": "Freight", "link": "https://wire.example/f", "content": html_paragraphs(STORY)}
    ]).encode(), content_type="application/rss+xml")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(server.url("/good") + "\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "corpus", "watch", str(feeds), "--every", "30s", "--pause", "0",
         "--directory", str(corpus_dir)], cwd=REPO, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        first = process.stderr.readline()
        assert " poll 1: 1 feed(s)" in first and "1 imported" in first
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
        assert "stopped after 1 poll" in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
    assert [p.name for p in corpus_dir.iterdir() if p.name.endswith(".tmp")] == []
    assert len(load_corpus(corpus_dir).articles) == 1


def test_watch_intervals_and_usage_errors(tmp_path, corpus_dir):
    from corpus.ingest.watch import parse_interval

    assert [parse_interval(t) for t in ("15m", "30s", "2h", "1d", "90")] == [
        900, 30, 7200, 86400, 90]
    for bad in ("", "soon", "-5m", "0"):
        with pytest.raises(ValueError, match="interval"):
            parse_interval(bad)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("https://example.org/feed\n", encoding="utf-8")
    assert main(["watch", str(feeds), "--every", "soon", "--directory", str(corpus_dir)]) == 2
    assert main(["watch", str(tmp_path / "none.txt"), "--directory", str(corpus_dir)]) == 2
