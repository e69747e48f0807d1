"""Many people at once: N Chromium contexts against one Corridor Atlas server on loopback.

    .venv/bin/python tests/browser/load_harness.py [--sessions 20] [--seconds 120] [--ramp 5]
        [--think 20 40] [--json]

Starts the app on 127.0.0.1 (a free port), then

1. **baseline**: one session alone selects features (map clicks on corridors, searches
   for actors and places), pausing a seeded 1-3 s between actions, and times each
   click-to-passages: from the click (or the click on the search option) until the panel
   shows that feature (``[data-feature-panel=<id>]``) with its passages;
2. **warm-up**: ``sessions`` browser contexts, each its own Streamlit session, arrive
   ``RAMP_SECONDS`` apart through a deep link (``?feature=``, a shared view) and wait;
3. **steady phase**: once every session has loaded, for ``seconds``, each selects its own
   sequence of features (session *i* starts at step *i*, so at any moment the sessions want
   different features) and toggles the ``Zones`` layer off and on after its first
   selection and then after every third, pausing a seeded ``THINK_SECONDS`` between
   actions as a reader of the passages does
   (each starts at a random point of a pause, so they do not act in step). After every
   step the session checks that the panel and the URL show *its* feature: a selection
   leaking through shared state would show up here.

Click-to-passages is timed in the page: from the time stamp of the click's input event (in
the frame it lands in) until a MutationObserver sees the panel show the feature. Playwright's
waits poll at growing intervals (up to 500 ms) and would round every time up, and under load
the harness's own delay before a click reaches the page is the load generator's, not the
app's; it is reported apart (``dispatch_*``).

Throughout it records console errors, page errors, HTTP 5xx responses, requests to any host
other than this machine, Streamlit exception elements, and the server's resident memory
(``VmRSS`` in ``/proc/<pid>/status``) every half second. ``run_load`` returns the figures;
``--json`` prints them as one JSON document on stdout, which is how
``tests/browser/test_load.py`` runs it (in a subprocess, so its asyncio loop never meets the
sync Playwright loop of the other browser tests) and asserts on them; ``docs/robustness.md``
reports them.

One Chromium serves every context (async Playwright), so the cost is one renderer process
per context, not one browser per session.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from dashboard_page import (  # noqa: E402
    _BRING_INTO_VIEW_JS,
    _FEATURE_POINT_JS,
    DRAWN_SHAPE,
    LOCAL_PREFIXES,
    MAP_FRAME,
)


def _browser_fixtures():
    """tests/browser/conftest.py under its own name ('conftest' alone is ambiguous)."""
    name = "corridor_atlas_browser_fixtures"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, HERE / "conftest.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


_fixtures = _browser_fixtures()
CHROMIUM, CHROMIUM_ARGS, REPO = _fixtures.CHROMIUM, _fixtures.CHROMIUM_ARGS, _fixtures.REPO
start_streamlit, stop_streamlit = _fixtures.start_streamlit, _fixtures.stop_streamlit

#: Corridors selected by clicking them on the map (they are drawn in the default view).
MAP_CLICKS = ("tripp", "middle_corridor", "caspian_fiber")
#: Actors and places selected with the sidebar search (their label as the list shows it).
SEARCHES = (
    ("usa", "United States (actors)"),
    ("baku", "Baku (places)"),
    ("armenia", "Armenia (actors)"),
    ("yerevan", "Yerevan (places)"),
    ("russia", "Russia (actors)"),
    ("eu", "European Union (actors)"),
    ("iran", "Iran (actors)"),
    ("kazakhstan", "Kazakhstan (actors)"),
    ("munich", "Munich (places)"),
    ("georgia", "Georgia (actors)"),
    ("azerbaijan", "Azerbaijan (actors)"),
)
#: Every step: (feature id, how it is selected, the search label or None). Clicks and
#: searches alternate so consecutive steps always change the selection.
STEPS: tuple[tuple[str, str, str | None], ...] = tuple(
    step
    for n, (feature_id, label) in enumerate(SEARCHES)
    for step in (
        (MAP_CLICKS[n % len(MAP_CLICKS)], "map", None),
        (feature_id, "search", label),
    )
)
TOGGLE_EVERY = 3
# Sessions arrive this far apart (warm-up), and each only once the one before has opened its
# page: opening the page costs about 6-8 CPU-seconds of Chromium and ~0.9 of the server
# (measured), so on 2 cores twenty arriving together test the browsers' start-up, not the
# server.
RAMP_SECONDS = 5.0
# A reader reads the passages before the next action; seeded so runs are comparable.
THINK_SECONDS = (20.0, 40.0)
# The lone session of the baseline pauses this long: a pause does not change a lone
# session's click-to-passages, so it need not last as long as a reader's.
BASELINE_THINK_SECONDS = (1.0, 3.0)
SEED = 4
STEP_TIMEOUT_MS = 30_000
EXCEPTION = '[data-testid="stException"]'


# When did the click reach the page, and when did the panel show the feature? Playwright's
# waits poll at growing intervals (up to half a second), which would round every time up; a
# MutationObserver in the page notes the first moment the panel shows the feature with its
# passages. The start is the time the browser stamped on the click's input event (a
# capture listener in every frame: the map's frame for a map click, the page for a search
# option), not the moment the harness asked Playwright to click: under load the harness, the
# Playwright driver and Playwright's own checks before a click (the element stable over two
# animation frames, the hit target) delay the click itself, and that is the load
# generator's time, not the app's. Both are epoch milliseconds from the page's
# high-resolution clock (``performance.timeOrigin`` plus an offset), comparable across frames.
_PANEL_OBSERVER_JS = """
(() => {
    const top = window.top;
    if (window === top) {
        window.__panelSeen = {};
        window.__inputAt = null;
        new MutationObserver(() => {
            const panel = document.querySelector('[data-feature-panel]');
            if (!panel || !document.querySelector('section.article-group')) return;
            const id = panel.getAttribute('data-feature-panel');
            if (!(id in window.__panelSeen)) {
                window.__panelSeen[id] = performance.timeOrigin + performance.now();
            }
        }).observe(document, {childList: true, subtree: true});
    }
    // On the window, not the document: a frame's window outlives its first (blank) document.
    window.addEventListener("pointerdown", (event) => {
        try {
            if (top.__inputAt == null) top.__inputAt = performance.timeOrigin + event.timeStamp;
        } catch (error) { /* a frame of another origin: not ours */ }
    }, true);
})();
"""
_FORGET_PANELS_JS = "() => { window.__panelSeen = {}; window.__inputAt = null; }"


@dataclass
class Session:
    """What one browser context did and saw."""

    index: int
    # (feature id, how, started: seconds since the run's clock zero, click-to-passages s)
    timings: list[tuple[str, str, float, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    toggles: int = 0
    # (started: seconds since the clock zero, seconds from the harness asking Playwright to
    # click until the click reached the page, or None if the page saw no click)
    dispatch: list[tuple[float, float | None]] = field(default_factory=list)
    load_seconds: float | None = None
    last: str | None = None
    rng: random.Random | None = None

    think_range: tuple[float, float] = THINK_SECONDS

    def think(self) -> float:
        """Seconds to pause before the next action: seeded per session, so reproducible."""
        return self.rng_uniform(*self.think_range)

    def rng_uniform(self, low: float, high: float) -> float:
        """A seeded draw from [low, high]: each session has its own reproducible stream."""
        if self.rng is None:
            self.rng = random.Random(SEED * 1000 + self.index)
        return self.rng.uniform(low, high)

    def to_json(self) -> dict:
        return {"index": self.index, "timings": self.timings, "errors": self.errors,
                "wrong": self.wrong, "outside": self.outside, "toggles": self.toggles,
                "load_seconds": self.load_seconds, "dispatch": self.dispatch}


@dataclass
class LoadResult:
    """The figures of one run. Times are seconds since the run's clock zero (the start of
    the concurrent phase)."""

    sessions: int
    seconds: float
    baseline: list[float]
    per_session: list[Session]
    rss: list[tuple[float, int]]  # (time, bytes)
    steady: tuple[float, float]  # (every session has loaded, + seconds)

    @property
    def concurrent(self) -> list[float]:
        """Click-to-passages of the actions started in the steady phase (all sessions on)."""
        start, end = self.steady
        return [t for s in self.per_session for _f, _h, at, t in s.timings if start <= at <= end]

    @property
    def baseline_median(self) -> float:
        return statistics.median(self.baseline)

    @property
    def p95(self) -> float:
        return percentile(self.concurrent, 95)

    def rss_window(self) -> tuple[int, int]:
        """(RSS at the start, at the end) of the steady phase: the median of the samples in
        its first and in its last 10 %."""
        start, end = self.steady
        inside = [(t, b) for t, b in self.rss if start <= t <= end]
        if len(inside) < 4:
            inside = self.rss[len(self.rss) // 2:]
        span = max(1, len(inside) // 10)
        return (int(statistics.median(b for _t, b in inside[:span])),
                int(statistics.median(b for _t, b in inside[-span:])))

    def problems(self) -> list[str]:
        out = []
        for s in self.per_session:
            out += [f"session {s.index}: {e}" for e in s.errors + s.wrong + s.outside]
        return out

    def summary(self) -> dict:
        rss_start, rss_end = self.rss_window() if self.rss else (0, 0)
        concurrent = self.concurrent
        ms = [round(t * 1000) for t in concurrent]
        start, end = self.steady
        leads = [d for s in self.per_session for at, d in s.dispatch
                 if d is not None and start <= at <= end]
        return {
            "sessions": self.sessions,
            "steady_seconds": self.seconds,
            "selections_steady": len(concurrent),
            "selections_total": sum(len(s.timings) for s in self.per_session),
            "toggles": sum(s.toggles for s in self.per_session),
            "baseline_median_ms": round(self.baseline_median * 1000),
            "baseline_ms": [round(t * 1000) for t in self.baseline],
            "concurrent_median_ms": round(statistics.median(concurrent) * 1000)
            if concurrent else None,
            "concurrent_p95_ms": round(self.p95 * 1000) if concurrent else None,
            "concurrent_max_ms": max(ms) if ms else None,
            "p95_over_baseline": round(self.p95 / self.baseline_median, 2)
            if concurrent else None,
            "clicks_unseen": sum(1 for s in self.per_session for _a, d in s.dispatch
                                 if d is None),
            "dispatch_median_ms": round(statistics.median(leads) * 1000) if leads else None,
            "dispatch_max_ms": round(max(leads) * 1000) if leads else None,
            "first_load_max_s": round(max(s.load_seconds or 0 for s in self.per_session), 1),
            "steady_starts_at_s": round(self.steady[0], 1),
            "rss_peak_mb": round(max(b for _t, b in self.rss) / 2**20, 1) if self.rss else None,
            "rss_steady_mb": [round(rss_start / 2**20, 1), round(rss_end / 2**20, 1)],
            "problems": len(self.problems()),
        }

    def to_json(self) -> dict:
        """Everything test_load.py asserts on, as plain JSON."""
        return {"summary": self.summary(), "baseline": self.baseline,
                "concurrent": self.concurrent, "rss_window": list(self.rss_window()),
                "steady": list(self.steady),
                "per_session": [s.to_json() for s in self.per_session]}


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def rss_bytes(pid: int) -> int:
    """Resident memory of a process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


# --------------------------------------------------------------------------- one session


def _watch(page, session: Session) -> None:
    """Record console errors, page errors, 5xx answers and requests leaving the machine."""
    page.on("console", lambda m: m.type == "error" and session.errors.append(
        f"console error: {m.text[:300]}"))
    page.on("pageerror", lambda e: session.errors.append(f"page error: {str(e)[:300]}"))
    page.on("response", lambda r: r.status >= 500 and session.errors.append(
        f"HTTP {r.status} for {r.url}"))
    page.on("request", lambda r: not r.url.startswith(LOCAL_PREFIXES) and session.outside.append(
        f"request leaves the machine: {r.url}"))


async def _map_frame(page):
    await page.frame_locator(MAP_FRAME).locator(DRAWN_SHAPE).first.wait_for(
        timeout=STEP_TIMEOUT_MS)
    handle = await page.locator(MAP_FRAME).element_handle()
    return await handle.content_frame()


async def _click_on_map(page, feature_id: str) -> float:
    """Click the feature's shape; return the time of the click (epoch seconds)."""
    frame = await _map_frame(page)
    # The default framing, or the move that follows the previous selection, may still be
    # under way: take a point only once the view has settled.
    await frame.wait_for_function("() => !!(window.atlas && window.atlas.framed)",
                                  timeout=STEP_TIMEOUT_MS)
    point, previous = None, object()
    for _ in range(20):
        point = await frame.evaluate(_FEATURE_POINT_JS, feature_id)
        if point == previous:
            break
        previous = point
        await page.wait_for_timeout(150)
    if point is None and await frame.evaluate(_BRING_INTO_VIEW_JS, feature_id):
        await page.wait_for_timeout(300)  # the map followed an earlier selection elsewhere
        point = await frame.evaluate(_FEATURE_POINT_JS, feature_id)
    if point is None:
        raise AssertionError(f"{feature_id} is not drawn on the map")
    box = await page.locator(MAP_FRAME).bounding_box()
    await page.evaluate(_FORGET_PANELS_JS)
    started = time.time()
    await page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    return started


async def _search(page, label: str) -> float:
    """Type the feature's label in the search box and click its option; return when."""
    box = page.get_by_label("Find a feature")
    await box.fill(label)  # focuses the box and types: the list shows only what matches
    option = page.get_by_role("option", name=label, exact=True)
    await option.wait_for(timeout=STEP_TIMEOUT_MS)
    await page.evaluate(_FORGET_PANELS_JS)
    started = time.time()
    await option.click()
    return started


async def _shows(page, feature_id: str) -> tuple[float, float | None]:
    """Wait until the panel shows the feature and its passages; return when it first did
    and when the click reached the page, if one did since the last ``_FORGET_PANELS_JS``
    (epoch seconds, as the page saw them)."""
    await page.locator(f"[data-feature-panel='{feature_id}']").wait_for(timeout=STEP_TIMEOUT_MS)
    await page.locator("section.article-group").first.wait_for(timeout=STEP_TIMEOUT_MS)
    seen, clicked = await page.evaluate(
        "(id) => [window.__panelSeen && window.__panelSeen[id], window.__inputAt]", feature_id)
    return (seen / 1000 if seen else time.time()), (clicked / 1000 if clicked else None)


async def _check_own_selection(page, session: Session, when: str) -> None:
    """The panel and the URL must show this session's last selection, nothing else, and no
    Streamlit exception may be on the page."""
    shown = await page.locator("[data-feature-panel]").evaluate_all(
        "els => els.map(e => e.getAttribute('data-feature-panel'))")
    linked = parse_qs(urlsplit(page.url).query).get("feature", [None])[0]
    if shown != [session.last] or linked != session.last:
        session.wrong.append(f"{when}: selected {session.last!r} but the panel shows {shown} "
                             f"and the URL says {linked!r}")
    exception = page.locator(EXCEPTION)
    if await exception.count():
        session.errors.append(f"{when}: an exception is shown on the page: "
                              + (await exception.first.inner_text())[:300])


async def _toggle_zones(page, session: Session) -> None:
    """Turn the Zones layer off and on; the selection must survive."""
    frame = page.frame_locator(MAP_FRAME)
    toggle = page.get_by_text("Zones", exact=True)
    await toggle.click()
    await frame.locator("path.layer-zones").first.wait_for(state="detached",
                                                          timeout=STEP_TIMEOUT_MS)
    await asyncio.sleep(session.think() / 2)
    await toggle.click()
    # Attached, not visible: the map may be framing a far selection, with the zones clipped
    # off screen.
    await frame.locator("path.layer-zones").first.wait_for(state="attached",
                                                          timeout=STEP_TIMEOUT_MS)
    session.toggles += 1
    await _check_own_selection(page, session, "after toggling Zones")


async def select(page, session: Session, step: tuple[str, str, str | None],
                 zero: float) -> float:
    """Do one step; return its click-to-passages time in seconds."""
    feature_id, how, label = step
    at = time.perf_counter()
    started = await (_click_on_map(page, feature_id) if how == "map" else _search(page, label))
    session.last = feature_id
    seen, clicked = await _shows(page, feature_id)
    # From the click as the page received it; the harness's own delay before it is kept
    # apart (``dispatch``). Without a recorded click, from the harness's request.
    elapsed = seen - (clicked if clicked is not None else started)
    session.timings.append((feature_id, how, at - zero, elapsed))
    session.dispatch.append((at - zero, (clicked - started) if clicked is not None else None))
    await _check_own_selection(page, session, f"after selecting {feature_id} ({how})")
    return elapsed


async def _open(browser, url: str, session: Session, feature_id: str):
    """A new context on a shared link to ``feature_id``; waits for the map and the panel."""
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    await page.add_init_script(_PANEL_OBSERVER_JS)
    _watch(page, session)
    started = time.perf_counter()
    await page.goto(f"{url}/?feature={feature_id}", timeout=STEP_TIMEOUT_MS * 2)
    await _map_frame(page)
    session.last = feature_id
    await _shows(page, feature_id)
    session.load_seconds = time.perf_counter() - started
    await _check_own_selection(page, session, f"after opening the link to {feature_id}")
    return context, page


async def run_session(browser, url: str, session: Session, clock: dict,
                      loaded: asyncio.Event, everyone: asyncio.Event,
                      ramp: float = RAMP_SECONDS,
                      previous: asyncio.Event | None = None) -> None:
    """One person: open a shared link, then select and toggle, thinking between actions,
    until ``clock['end']`` (set once every session has loaded, so every session gets the
    same steady phase).

    Arrivals are ``ramp`` seconds apart, and none before the previous session has opened
    its page (``previous``): on a loaded machine a page takes longer than ``ramp`` to open,
    and arrivals that keep coming would stack page loads, each slowing the others, until
    one times out: that tests how many browsers 2 cores can start at once, not the server.
    The steady phase, where everyone is on the page, is the same either way."""
    context = None
    n = session.index
    try:
        await asyncio.sleep(session.index * ramp)
        if previous is not None:
            await previous.wait()
        # The link is to the step before this session's first, so every step changes it.
        context, page = await _open(browser, url, session, STEPS[(n - 1) % len(STEPS)][0])
        loaded.set()
        # Warm-up ends when the last session has loaded; then everyone reads and clicks,
        # each starting at a random point of a reading pause so they do not act in step.
        await everyone.wait()
        await asyncio.sleep(session.rng_uniform(0, session.think_range[1]))
        selections = 0
        while time.perf_counter() < clock["end"]:
            await select(page, session, STEPS[n % len(STEPS)], clock["zero"])
            n += 1
            selections += 1
            # Every session toggles after its first selection, then after every third.
            if selections % TOGGLE_EVERY == 1:
                await asyncio.sleep(session.think())
                if time.perf_counter() >= clock["end"]:
                    break
                await _toggle_zones(page, session)
            await asyncio.sleep(session.think())
        # Others were still clicking while this one waited: its panel must not have moved.
        await asyncio.sleep(1.0)
        await _check_own_selection(page, session, "at the end")
    except Exception as error:  # a timeout or a missing element is a failure to report
        lines = str(error).splitlines()
        waiting = next((line.strip() for line in lines if "waiting for" in line), "")
        doing = (f"step {len(session.timings) + 1} ({STEPS[n % len(STEPS)][0]})"
                 if session.load_seconds else "opening the page")
        session.errors.append(f"{type(error).__name__} {doing} at "
                              f"{time.perf_counter() - clock['zero']:.0f} s: "
                              f"{lines[0][:200]} {waiting[:200]}")
    finally:
        loaded.set()
        if context is not None:
            await context.close()


# --------------------------------------------------------------------------- the run


async def _baseline(browser, url: str, steps: int,
                    think: tuple[float, float] = BASELINE_THINK_SECONDS) -> list[float]:
    """One session alone, the same actions as under load."""
    session = Session(index=-1, think_range=think)
    context, page = await _open(browser, url, session, STEPS[-1][0])
    zero = time.perf_counter()
    try:
        for n in range(steps):
            await asyncio.sleep(session.think())
            await select(page, session, STEPS[n % len(STEPS)], zero)
    finally:
        await context.close()
    if session.errors or session.wrong or session.outside:
        raise AssertionError(f"the single session failed: {session}")
    return [t for _f, _h, _at, t in session.timings]


async def _sample_rss(pid: int, zero: float, samples: list, stop: asyncio.Event) -> None:
    while not stop.is_set():
        samples.append((time.perf_counter() - zero, rss_bytes(pid)))
        try:
            await asyncio.wait_for(stop.wait(), timeout=0.5)
        except TimeoutError:
            pass


async def run_load_async(url: str, pid: int, *, sessions: int, seconds: float,
                         baseline_steps: int, ramp: float = RAMP_SECONDS,
                         think: tuple[float, float] = THINK_SECONDS,
                         baseline_think: tuple[float, float] = BASELINE_THINK_SECONDS
                         ) -> LoadResult:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                   args=CHROMIUM_ARGS)
        try:
            baseline = await _baseline(browser, url, baseline_steps, baseline_think)
            people = [Session(index=i, think_range=think) for i in range(sessions)]
            loaded = [asyncio.Event() for _ in people]
            samples: list[tuple[float, int]] = []
            stop = asyncio.Event()
            clock = {"zero": time.perf_counter(), "end": float("inf")}
            sampler = asyncio.create_task(_sample_rss(pid, clock["zero"], samples, stop))
            everyone = asyncio.Event()
            tasks = [asyncio.create_task(run_session(browser, url, s, clock, e, everyone,
                                                     ramp, loaded[i - 1] if i else None))
                     for i, (s, e) in enumerate(zip(people, loaded, strict=True))]
            await asyncio.gather(*(e.wait() for e in loaded))
            steady_start = time.perf_counter()
            clock["end"] = steady_start + seconds
            everyone.set()
            await asyncio.gather(*tasks)
            stop.set()
            await sampler
        finally:
            await browser.close()
    steady = (steady_start - clock["zero"], clock["end"] - clock["zero"])
    return LoadResult(sessions, seconds, baseline, people, samples, steady)


def run_load(*, sessions: int = 20, seconds: float = 120, baseline_steps: int = 8,
             ramp: float = RAMP_SECONDS, think: tuple[float, float] = THINK_SECONDS,
             baseline_think: tuple[float, float] = BASELINE_THINK_SECONDS,
             log: Path | None = None) -> LoadResult:
    """Start a server, run the baseline and the concurrent phase, stop the server.

    Uses ``asyncio.run``, so call it from a thread with no running event loop (a fresh
    process: ``python tests/browser/load_harness.py --json``)."""
    log = log or Path("/tmp") / f"corridor-atlas-load-{time.time_ns()}.log"
    url, process = start_streamlit(log)
    try:
        return asyncio.run(run_load_async(url, process.pid, sessions=sessions, seconds=seconds,
                                          baseline_steps=baseline_steps, ramp=ramp,
                                          think=think, baseline_think=baseline_think))
    finally:
        stop_streamlit(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--baseline-steps", type=int, default=8)
    parser.add_argument("--ramp", type=float, default=RAMP_SECONDS,
                        help="seconds between two sessions' arrivals")
    parser.add_argument("--think", type=float, nargs=2, default=THINK_SECONDS,
                        metavar=("MIN", "MAX"),
                        help="seconds a reader pauses between actions (uniform, seeded)")
    parser.add_argument("--log", type=Path, help="where the server's output goes")
    parser.add_argument("--json", action="store_true",
                        help="print every figure as one JSON document (for test_load.py)")
    args = parser.parse_args()
    started = time.perf_counter()
    result = run_load(sessions=args.sessions, seconds=args.seconds,
                      baseline_steps=args.baseline_steps, ramp=args.ramp,
                      think=tuple(args.think), log=args.log)
    if args.json:
        print(json.dumps(result.to_json()))
        return
    print(json.dumps(result.summary(), indent=2))
    for problem in result.problems()[:40]:
        print(problem)
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
