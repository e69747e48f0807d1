"""Benchmark (not a test): first render and click-to-passages in headless Chromium.

    .venv/bin/python tests/browser/benchmark.py [--clicks 12] [--url http://127.0.0.1:8599]

Without --url it starts the app itself on a free port. First render: from navigation to the
map's shapes being drawn. Click-to-passages: from a mouse click on a feature until the panel
shows that feature's passages; clicks alternate between TRIPP and the Caspian fibre cable so
every click changes the selection. Prints the median and the spread.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from conftest import CHROMIUM, CHROMIUM_ARGS, REPO, free_port, wait_for_health  # noqa: E402
from dashboard_page import DRAWN_SHAPE, MAP_FRAME, feature_pixel  # noqa: E402

TARGETS = [("tripp", "TRIPP"), ("caspian_fiber", "fibre")]


def start_app() -> tuple[str, subprocess.Popen]:
    """Start the app on a free port; return its URL and process."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "dashboard" / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_for_health(url, process)
    return url, process


def measure(url: str, clicks: int) -> None:
    """Run the measurements and print them."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        renders = []
        for _ in range(3):
            start = time.perf_counter()
            page.goto(url)
            page.frame_locator(MAP_FRAME).locator(DRAWN_SHAPE).first.wait_for(
                timeout=60_000)
            renders.append(time.perf_counter() - start)
        page.wait_for_timeout(1500)
        timings = []
        for i in range(clicks):
            feature_id, _ = TARGETS[i % len(TARGETS)]
            x, y = feature_pixel(page, feature_id)
            marker = f"[data-feature-panel='{feature_id}']"
            start = time.perf_counter()
            page.mouse.click(x, y)
            page.locator(marker).wait_for(timeout=30_000)
            page.locator("section.article-group").first.wait_for(timeout=30_000)
            timings.append(time.perf_counter() - start)
            page.wait_for_timeout(600)
        browser.close()
    ms = [round(t * 1000) for t in timings]
    print(f"first render (navigation to shapes drawn), 3 loads: "
          f"{[round(r * 1000) for r in renders]} ms")
    print(f"click-to-passages over {clicks} clicks: median {statistics.median(ms)} ms, "
          f"min {min(ms)} ms, max {max(ms)} ms; all: {ms}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=12)
    parser.add_argument("--url", help="an app already running (default: start one)")
    args = parser.parse_args()
    if args.url:
        measure(args.url, args.clicks)
        return
    url, process = start_app()
    try:
        measure(url, args.clicks)
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
