"""Fixtures for the browser tests: the app on a free localhost port and Debian's Chromium.

Never downloads a browser: the tests use /usr/bin/chromium (installed by `make test`) and
skip, saying why, only when it is absent.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    """Poll Streamlit's health endpoint until it answers, the process dies, or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"streamlit did not answer at {url}/_stcore/health in {timeout} s")


def start_streamlit(log: Path, env: dict[str, str] | None = None,
                    timeout: float = 90) -> tuple[str, subprocess.Popen]:
    """`streamlit run dashboard/app.py` on 127.0.0.1 and a free port, its output in ``log``,
    with ``env`` added to the environment; returns its URL and process once healthy."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(REPO / "dashboard" / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=REPO, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url, process, timeout=timeout)
    except Exception:
        stop_streamlit(process)
        raise
    return url, process


def stop_streamlit(process: subprocess.Popen) -> None:
    """Stop a server started by ``start_streamlit``."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@contextlib.contextmanager
def streamlit_server(log: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """``start_streamlit`` for a ``with`` block: yields the URL, stops the server after."""
    url, process = start_streamlit(log, env)
    try:
        yield url
    finally:
        stop_streamlit(process)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """Run `streamlit run dashboard/app.py` on 127.0.0.1 and a free port for the session."""
    with streamlit_server(tmp_path_factory.mktemp("streamlit") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skips when it is not installed."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent; `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh 1400x900 page that records every request it makes (``page.requests``)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()
