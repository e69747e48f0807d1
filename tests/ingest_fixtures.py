"""Fixtures for the ingestion tests: pages, feeds and exports built in tmp_path, and a
local HTTP server on 127.0.0.1 that the test starts and stops (never the internet)."""

from __future__ import annotations

import html
import http.server
import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

STORY = [
    "The Middle Corridor carried a record volume of containers across the Caspian Sea this "
    "year, as freight trains from Kazakhstan met ferries at the port of Aktau bound for Baku.",
    "Officials in Tbilisi said the rail link to the Black Sea ports would be upgraded by 2027, "
    "and that customs procedures at the border with Azerbaijan had been simplified.",
    "Analysts cautioned that the route still depends on ferry capacity, which remains the "
    "main bottleneck between the two shores of the Caspian, according to the ministry report.",
]

OTHER_STORY = [
    "Engineers began laying the fibre optic cable on the bed of the Caspian Sea on Monday, "
    "linking Azerbaijan and Kazakhstan with a new data route to Europe.",
    "The operators said the cable would carry traffic from Central Asia to Georgia and on to "
    "the Black Sea, cutting delays for data centres in the region.",
    "Regulators in both countries approved the project last year after a long review of its "
    "environmental impact on the sturgeon habitats along the route.",
]

RUSSIAN_STORY = [
    "Средний коридор в этом году перевёз рекордный объём контейнеров через Каспийское море, "
    "сообщили в министерстве транспорта Казахстана в понедельник.",
    "Грузовые поезда из Казахстана встречают паромы в порту Актау, откуда грузы идут в Баку "
    "и дальше в Тбилиси и к портам Чёрного моря.",
    "Эксперты предупреждают, что пропускная способность паромов остаётся главным узким "
    "местом маршрута между двумя берегами Каспия.",
]


def _body(paragraphs: list[str], headline: str) -> str:
    items = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    return (
        "<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>\n"
        f"<article><h1>{html.escape(headline)}</h1>\n{items}</article>\n"
        "<footer><p>© 2026 All rights reserved.</p></footer></body>"
    )


def og_page(paragraphs: list[str], *, title: str, site: str, url: str, published: str,
            lang: str = "en", charset: str = "utf-8") -> str:
    """A page with OpenGraph metadata and a canonical link."""
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='{charset}'>"
        f"<title>{html.escape(title)} | {html.escape(site)}</title>"
        f"<meta property='og:title' content='{html.escape(title)}'>"
        f"<meta property='og:site_name' content='{html.escape(site)}'>"
        f"<meta property='og:url' content='{url}'><link rel='canonical' href='{url}'>"
        f"<meta property='article:published_time' content='{published}T09:30:00+04:00'>"
        "</head>" + _body(paragraphs, title) + "</html>"
    )


def jsonld_page(paragraphs: list[str], *, headline: str, publisher: str, url: str,
                published: str, author: str, lang: str = "") -> str:
    """A page whose metadata is JSON-LD NewsArticle only."""
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline,
            "datePublished": published, "author": {"@type": "Person", "name": author},
            "publisher": {"@type": "Organization", "name": publisher}, "url": url,
            "mainEntityOfPage": url}
    if lang:
        data["inLanguage"] = lang
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(headline)}</title>"
        f"<script type='application/ld+json'>{json.dumps(data, ensure_ascii=False)}</script>"
        "</head>" + _body(paragraphs, headline) + "</html>"
    )


def plain_page(paragraphs: list[str], *, title: str = "") -> str:
    """A page without any metadata but (optionally) a <title>."""
    head = f"<title>{html.escape(title)}</title>" if title else ""
    return f"<html><head>{head}</head>" + _body(paragraphs, title or "Story") + "</html>"


def rss(items: list[dict], *, title: str = "Example Wire", language: str = "en") -> str:
    """An RSS 2.0 feed; each item may have title, link, date (RFC 2822), content, author."""
    parts = []
    for item in items:
        fields = [f"<title>{html.escape(item.get('title', ''))}</title>"]
        if item.get("link"):
            fields.append(f"<link>{item['link']}</link><guid>{item['link']}</guid>")
        if item.get("date"):
            fields.append(f"<pubDate>{item['date']}</pubDate>")
        if item.get("author"):
            fields.append(f"<dc:creator>{html.escape(item['author'])}</dc:creator>")
        if item.get("content"):
            fields.append(f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>")
        parts.append("<item>" + "".join(fields) + "</item>")
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        "<rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/' "
        "xmlns:dc='http://purl.org/dc/elements/1.1/'><channel>"
        f"<title>{html.escape(title)}</title><link>https://wire.example/</link>"
        f"<language>{language}</language><description>News</description>"
        + "".join(parts) + "</channel></rss>"
    )


def html_paragraphs(paragraphs: list[str]) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    etag: str = ""


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 serving ``routes`` (path -> Route); it records
    every request (path, headers, time)."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict, float]] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the http.server API)
                server.requests.append((self.path, dict(self.headers), time.monotonic()))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "9")
                    self.end_headers()
                    self.wfile.write(b"not found")
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                if route.etag:
                    self.send_header("ETag", route.etag)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                try:
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


# --------------------------------------------------------------------------- running import


def run_import(capsys, *args: str) -> tuple[int, list[dict], str]:
    from corpus.__main__ import main

    code = main(["import", *args, "--json"])
    captured = capsys.readouterr()
    return code, [json.loads(line) for line in captured.out.splitlines()], captured.err


def by_source(rows: list[dict]) -> dict[str, dict]:
    return {Path(r["source"]).name if "#" not in r["source"] else
            Path(r["source"].split("#")[0]).name + "#" + r["source"].split("#")[1]: r
            for r in rows}


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


