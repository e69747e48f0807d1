"""Dashboard timings in Chromium: first render and click-to-passages, against a bare app.

Each app runs in its own ``streamlit run`` process on a free localhost port, one at a time
(so they do not share the two cores), driven by Playwright with Debian's Chromium
(``/usr/bin/chromium``; never a downloaded browser):

* first render: from ``page.goto`` in a fresh browser context (empty cache) until the map's
  shapes are drawn (the bare app: until its text shows);
* click-to-passages: from a mouse click on a corridor until the panel shows that feature's
  passages (the bare app: from a button click until the new count shows);
* bytes: what the browser received over HTTP (cold cache) and over Streamlit's websocket
  during a first render, and the websocket messages that carry the map component.

The dashboard reads the corpus folder from ``CORRIDOR_ATLAS_CORPUS`` and keeps its index under
``CORRIDOR_ATLAS_INDEX_DIR``; the bench builds the 10k-article index before starting it, so
the timings are of an app that opens an index, not of linking.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
#: Clicks alternate between these corridors so that every click changes the selection.
CLICK_TARGETS = ("tripp", "caspian_fiber")
#: Generous: a cold server loads the layers and opens the index on its first page.
FIRST_LOAD_TIMEOUT_MS = 600_000
TIMEOUT_MS = 60_000
#: Repetitions stop early (the table says how many ran) once one measure of one app has
#: taken this long, so that a slow page cannot hold `make bench` for an hour.
MEASURE_BUDGET_S = 150


class DashboardBenchError(RuntimeError):
    """An app did not start or did not show what was waited for; the message says which."""


@dataclass
class PageTimings:
    """What one app measured: seconds per repetition and bytes of one first render."""

    app: str
    first_render: list[float] = field(default_factory=list)
    click: list[float] = field(default_factory=list)
    http_bytes: int = 0
    websocket_bytes: int = 0
    map_bytes: int = 0
    cold_start: float | None = None
    note: str = ""

    def median(self, name: str) -> float | None:
        values = getattr(self, name)
        return statistics.median(values) if values else None


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def streamlit_app(script: Path, env: dict[str, str] | None = None, *, log: Path
                  ) -> Iterator[str]:
    """Run ``streamlit run script`` on a free localhost port; yield its URL."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script),
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=REPO, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_for_health(url: str, process: subprocess.Popen, log: Path, timeout: float = 120
                     ) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DashboardBenchError(f"streamlit exited with {process.returncode} before it "
                                      f"answered; see {log}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise DashboardBenchError(f"streamlit did not answer at {url} in {timeout} s; see {log}")


class ByteCounter:
    """Counts what a page receives: HTTP response bodies and websocket frames."""

    def __init__(self, page):
        self.http = 0
        self.websocket = 0
        self.map = 0
        page.on("requestfinished", self._finished)
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _finished(self, request) -> None:
        try:
            self.http += max(0, request.sizes()["responseBodySize"])
        except Exception:  # noqa: BLE001 - a request torn down with its page has no sizes
            pass

    def _frame(self, payload) -> None:
        data = payload if isinstance(payload, bytes) else payload.encode("utf-8")
        self.websocket += len(data)
        if b"streamlit_folium" in data:
            self.map += len(data)


def _feature_pixel(page, feature_id: str) -> tuple[float, float]:
    """Page coordinates of a point on the feature's shape (shared with the browser tests)."""
    sys.path.insert(0, str(REPO / "tests" / "browser"))
    try:
        from dashboard_page import feature_pixel
    finally:
        sys.path.remove(str(REPO / "tests" / "browser"))
    return feature_pixel(page, feature_id)


def _wait_for_map(page, timeout: int = TIMEOUT_MS) -> None:
    page.locator(MAP_FRAME).wait_for(timeout=timeout)
    # A shape on screen: shapes clipped off screen (a far selection) are never visible.
    drawn = "path.leaflet-interactive >> visible=true"
    page.frame_locator(MAP_FRAME).locator(drawn).first.wait_for(
        timeout=timeout)


def measure_dashboard(browser, url: str, repeats: int, *, label: str,
                      expect_text: str | None = None) -> PageTimings:
    """First render and click-to-passages of the dashboard at ``url``.

    ``expect_text``: a text the panel must show after a click (proves which corpus the app
    serves); when absent the timings are still taken and a note says so.
    """
    timings = PageTimings(label)
    started = time.perf_counter()
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(url)
    _wait_for_map(page, FIRST_LOAD_TIMEOUT_MS)
    timings.cold_start = time.perf_counter() - started
    context.close()
    budget = time.perf_counter() + MEASURE_BUDGET_S
    for repeat in range(repeats):
        if repeat >= 3 and time.perf_counter() > budget:
            break
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        counter = ByteCounter(page) if repeat == 0 else None
        started = time.perf_counter()
        page.goto(url)
        _wait_for_map(page)
        timings.first_render.append(time.perf_counter() - started)
        if counter:
            page.wait_for_timeout(1000)  # let late frames and requests finish
            timings.http_bytes, timings.websocket_bytes = counter.http, counter.websocket
            timings.map_bytes = counter.map
        context.close()
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(url)
    _wait_for_map(page)
    page.wait_for_timeout(1500)
    budget = time.perf_counter() + MEASURE_BUDGET_S
    for repeat in range(repeats + 1):  # the first click warms the panel's caches: not timed
        if repeat > 3 and time.perf_counter() > budget:
            break
        feature_id = CLICK_TARGETS[repeat % len(CLICK_TARGETS)]
        x, y = _feature_pixel(page, feature_id)
        started = time.perf_counter()
        page.mouse.click(x, y)
        page.locator(f"[data-feature-panel='{feature_id}']").wait_for(timeout=TIMEOUT_MS)
        page.locator("section.article-group").first.wait_for(timeout=TIMEOUT_MS)
        if repeat:
            timings.click.append(time.perf_counter() - started)
        page.wait_for_timeout(600)  # past the component's 250 ms debounce
    if expect_text and page.get_by_text(expect_text).count() == 0:
        timings.note = (f"the panel did not show {expect_text!r}: the app may not be serving "
                        "the corpus asked for (CORRIDOR_ATLAS_CORPUS)")
    context.close()
    return timings


def measure_bare(browser, url: str, repeats: int) -> PageTimings:
    """First render and button-click rerun of :mod:`bench.bare_app`."""
    timings = PageTimings("bare Streamlit app (floor)")
    started = time.perf_counter()
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.get_by_text("clicks: 0").wait_for(timeout=FIRST_LOAD_TIMEOUT_MS)
    timings.cold_start = time.perf_counter() - started
    context.close()
    for repeat in range(repeats):
        context = browser.new_context()
        page = context.new_page()
        counter = ByteCounter(page) if repeat == 0 else None
        started = time.perf_counter()
        page.goto(url)
        page.get_by_text("clicks: 0").wait_for(timeout=TIMEOUT_MS)
        timings.first_render.append(time.perf_counter() - started)
        if counter:
            page.wait_for_timeout(1000)
            timings.http_bytes, timings.websocket_bytes = counter.http, counter.websocket
        context.close()
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.get_by_text("clicks: 0").wait_for(timeout=TIMEOUT_MS)
    button = page.get_by_role("button", name="Rerun")
    for repeat in range(1, repeats + 2):
        started = time.perf_counter()
        button.click()
        page.get_by_text(f"clicks: {repeat}", exact=True).wait_for(timeout=TIMEOUT_MS)
        if repeat > 1:  # the first click warms up, as for the dashboard
            timings.click.append(time.perf_counter() - started)
        page.wait_for_timeout(300)
    context.close()
    return timings


def run_dashboard_bench(corpora: list[tuple[str, Path | None, str | None]], repeats: int,
                        workdir: Path) -> list[PageTimings]:
    """Measure the bare app, then the dashboard on each ``(label, corpus dir, expected panel
    text)``; ``corpus dir`` None is the committed corpus."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise DashboardBenchError(f"{CHROMIUM} is absent: `make chromium` installs Debian's "
                                  "chromium (as root); never `playwright install`")
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            with streamlit_app(Path(__file__).with_name("bare_app.py"),
                               log=workdir / "bare.log") as url:
                results.append(measure_bare(browser, url, repeats))
            for label, corpus_dir, expect in corpora:
                env = {"CORRIDOR_ATLAS_INDEX_DIR": str(workdir / "index")}
                if corpus_dir is not None:
                    env["CORRIDOR_ATLAS_CORPUS"] = str(corpus_dir)
                log = workdir / f"dashboard-{len(results)}.log"
                try:
                    with streamlit_app(REPO / "dashboard" / "app.py", env, log=log) as url:
                        results.append(measure_dashboard(browser, url, repeats, label=label,
                                                         expect_text=expect))
                except Exception as error:  # noqa: BLE001 - report it, measure the others
                    failed = PageTimings(label)
                    failed.note = f"not measured: {type(error).__name__}: " \
                                  f"{str(error).splitlines()[0][:200]}"
                    results.append(failed)
        finally:
            browser.close()
    return results
