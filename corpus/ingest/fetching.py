"""Fetching pages and feeds over http(s): a command-line feature only (the dashboard never
fetches a URL a visitor typed).

Every request has a timeout, a size cap (``MAX_ARTICLE_BYTES``), a redirect limit, a
User-Agent naming Corridor Atlas and a pause between requests to the same host. Feeds are
read again with a conditional GET (``If-None-Match`` / ``If-Modified-Since``) from the
validators of the last read, kept in a small JSON file written atomically.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from corpus.adding import write_atomically
from corpus.articles import MAX_ARTICLE_BYTES

USER_AGENT = "CorridorAtlas/1.0 (Corridor Atlas corpus import; news research)"
TIMEOUT_SECONDS = 20.0
MAX_REDIRECTS = 5
#: Seconds between two requests to the same host.
HOST_PAUSE_SECONDS = 1.0
SCHEMES = ("http", "https")


class FetchError(Exception):
    """A URL could not be fetched; the message says why (for the item's reason)."""


@dataclass
class Response:
    """A fetched document: final URL, body (at most ``max_bytes``), type and charset."""

    url: str
    status: int
    body: bytes
    content_type: str
    charset: str
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def check_url(url: str) -> str:
    """The URL if it is http(s) with a host; FetchError naming the scheme otherwise."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        what = f"{parts.scheme}:" if parts.scheme else "a bare path"
        raise FetchError(f"only http:// and https:// URLs are fetched, not {what}")
    if not parts.hostname:
        raise FetchError(f"{url!r} has no host name")
    return url


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in SCHEMES:
            raise FetchError(f"redirected to a {scheme}: URL, which is not fetched")
        return super().redirect_request(req, fp, code, msg, headers, newurl)

    def http_error_302(self, req, fp, code, msg, headers):
        visited = getattr(req, "redirect_dict", {})
        if sum(visited.values()) >= self.max_redirections:
            raise FetchError(f"more than {self.max_redirections} redirects")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class Fetcher:
    """Fetches URLs politely; one instance per run (it remembers when each host was last
    asked, so it pauses ``host_pause`` seconds between two requests to the same host)."""

    def __init__(self, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_ARTICLE_BYTES,
                 host_pause: float = HOST_PAUSE_SECONDS, user_agent: str = USER_AGENT):
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.host_pause = host_pause
        self.user_agent = user_agent
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self._opener = urllib.request.build_opener(_LimitedRedirects())

    def _wait_for(self, host: str) -> None:
        with self._lock:
            last = self._last.get(host)
            now = time.monotonic()
            if last is not None and now - last < self.host_pause:
                time.sleep(self.host_pause - (now - last))
            self._last[host] = time.monotonic()

    def fetch(self, url: str, *, etag: str = "", last_modified: str = "") -> Response:
        """GET ``url``; FetchError with the reason for anything but a usable response."""
        check_url(url)
        self._wait_for(urllib.parse.urlsplit(url).hostname or "")
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "identity",
                   "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
                             "application/atom+xml,application/xml;q=0.9,*/*;q=0.5"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        request = urllib.request.Request(url, headers=headers)
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                return self._read(answer)
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return Response(url, 304, b"", "", "", etag, last_modified)
            raise FetchError(f"HTTP {error.code} {error.reason}") from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, TimeoutError):
                raise FetchError(f"timed out after {self.timeout:g} s") from None
            if isinstance(reason, FetchError):
                raise reason from None
            raise FetchError(f"cannot connect: {reason}") from None
        except TimeoutError:
            raise FetchError(f"timed out after {self.timeout:g} s") from None
        except OSError as error:
            raise FetchError(f"cannot read: {error}") from None

    def _read(self, answer) -> Response:
        message: Message = answer.headers
        length = message.get("Content-Length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            raise FetchError(f"the document is {int(length):,} bytes, larger than the "
                             f"{self.max_bytes:,}-byte limit for one article")
        body = answer.read(self.max_bytes + 1)
        if len(body) > self.max_bytes:
            raise FetchError(f"the document is larger than the {self.max_bytes:,}-byte limit "
                             "for one article")
        return Response(url=answer.geturl(), status=answer.status, body=body,
                        content_type=message.get_content_type(),
                        charset=message.get_content_charset() or "",
                        etag=message.get("ETag", ""),
                        last_modified=message.get("Last-Modified", ""))


class Validators:
    """ETag / Last-Modified of each feed URL read, kept in a JSON file (written atomically:
    a kill leaves the previous complete file)."""

    def __init__(self, path: Path | None):
        self.path = path
        self._data: dict[str, dict[str, str]] = {}
        if path is not None and path.is_file():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                loaded = {}
            if isinstance(loaded, dict):
                self._data = {k: v for k, v in loaded.items() if isinstance(v, dict)}

    def get(self, url: str) -> tuple[str, str]:
        entry = self._data.get(url, {})
        return str(entry.get("etag", "")), str(entry.get("last_modified", ""))

    def remember(self, url: str, response: Response) -> None:
        """Keep the response's validators and write the file."""
        if not (response.etag or response.last_modified):
            return
        self._data[url] = {"etag": response.etag, "last_modified": response.last_modified}
        if self.path is not None:
            write_atomically(self.path, json.dumps(self._data, indent=1, sort_keys=True) + "\n")
