"""Screenshots of the dashboard's default view for docs/ (run by hand, not by pytest).

``python tests/browser/screenshots.py PREFIX`` starts the app on a free localhost port,
opens it in Debian's headless Chromium at 1440x900 and 1024x768, waits for the map's shapes
and writes ``docs/PREFIX-1440.png`` and ``docs/PREFIX-1024.png``. Nothing leaves localhost.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from conftest import CHROMIUM, CHROMIUM_ARGS, REPO, streamlit_server  # noqa: E402
from dashboard_page import map_frame  # noqa: E402

SIZES = ((1440, 900), (1024, 768))


def take(prefix: str, query: str = "") -> list[Path]:
    """Write one screenshot per size in SIZES; return their paths."""
    from playwright.sync_api import sync_playwright

    written = []
    with tempfile.TemporaryDirectory() as tmp, \
            streamlit_server(Path(tmp) / "streamlit.log") as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for width, height in SIZES:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto(url + query)
            map_frame(page)
            page.wait_for_timeout(5000)  # the fit (or the move to a feature) and label placement
            target = REPO / "docs" / f"{prefix}-{width}.png"
            page.screenshot(path=str(target))
            written.append(target)
            context.close()
        browser.close()
    return written


if __name__ == "__main__":
    for path in take(sys.argv[1] if len(sys.argv) > 1 else "map",
                     sys.argv[2] if len(sys.argv) > 2 else ""):
        print(path)
