"""CPU that one reader's actions cost, per process: what the load test's tail is made of.

    .venv/bin/python -m bench.click_cost                       # this checkout
    .venv/bin/python -m bench.click_cost /tmp/wt-old           # another checkout's app
    .venv/bin/python -m bench.click_cost --selections 12 --repeats 3

One Chromium context alone (the load harness's own steps and helpers, from
``tests/browser/load_harness.py`` of this checkout) against a server of the checkout given:
``--selections`` selections (map clicks and searches, as the harness does them, 2 s apart),
then a third as many ``Zones`` toggles, then as long again idle. For each part it reads
``/proc`` CPU counters of every Chromium process (by type: renderer, GPU process, browser,
network service) and of the server, and prints CPU-seconds per action, the median over
``--repeats`` runs.

Why: on 2 cores the load test's p95 is where two or three sessions act within a second, so
it follows the CPU an action costs, summed over processes, far more than a lone click's
latency does. A lone session's counters move by about ±10 % between runs, while the load
test's p95 moves by more than 1× between runs of the same code (docs/robustness.md): compare
checkouts here, then confirm with the harness.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "browser"))
import load_harness as harness  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float:
    """User + system CPU-seconds of one process (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def chromium_cpu() -> dict[str, float]:
    """CPU-seconds of the running Chromium processes (by their executable), summed by
    process type."""
    by_type: dict[str, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            executable = os.readlink(entry / "exe")
            command = (entry / "cmdline").read_text()
        except OSError:
            continue
        if Path(executable).name not in ("chromium", "chrome", "headless_shell"):
            continue
        kind = re.search(r"--type=([a-z-]+)", command)
        sub = re.search(r"--utility-sub-type=([\w.]+)", command)
        name = (kind.group(1) if kind else "browser") + (
            ":" + sub.group(1).rsplit(".", 1)[-1] if sub else "")
        by_type[name] = by_type.get(name, 0.0) + process_cpu(int(entry.name))
    return by_type


def _delta(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {k: after.get(k, 0.0) - before.get(k, 0.0) for k in after}


async def one_run(selections: int) -> dict[str, dict[str, float]]:
    """CPU per action for one fresh server and context: {part: {process: CPU-s}}."""
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory() as tmp:
        url, server = harness.start_streamlit(Path(tmp) / "streamlit.log")
        try:
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path=str(harness.CHROMIUM),
                                                   args=harness.CHROMIUM_ARGS)
                session = harness.Session(index=-1, think_range=(1.0, 2.0))
                _context, page = await harness._open(browser, url, session,
                                                     harness.STEPS[-1][0])
                await asyncio.sleep(4)
                marks = [(chromium_cpu(), process_cpu(server.pid))]
                for n in range(selections):
                    await harness.select(page, session, harness.STEPS[n % len(harness.STEPS)],
                                         0.0)
                    await asyncio.sleep(2)
                marks.append((chromium_cpu(), process_cpu(server.pid)))
                toggles = max(1, selections // 3)
                for _ in range(toggles):
                    await harness._toggle_zones(page, session)
                    await asyncio.sleep(2)
                marks.append((chromium_cpu(), process_cpu(server.pid)))
                await asyncio.sleep(2 * selections)
                marks.append((chromium_cpu(), process_cpu(server.pid)))
                await browser.close()
        finally:
            harness.stop_streamlit(server)
    out = {}
    for part, count, (a, b) in (("selection", selections, (marks[0], marks[1])),
                                ("toggle", toggles, (marks[1], marks[2])),
                                ("idle 2 s", selections, (marks[2], marks[3]))):
        costs = {k: v / count for k, v in _delta(a[0], b[0]).items()}
        costs["server"] = (b[1] - a[1]) / count
        out[part] = costs
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkout", nargs="?", default=str(REPO),
                        help="the checkout whose app is served (default: this one)")
    parser.add_argument("--selections", type=int, default=12)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    checkout = Path(args.checkout).resolve()
    if not (checkout / "dashboard" / "app.py").exists():
        sys.exit(f"{checkout}: no dashboard/app.py; give the root of a Corridor Atlas checkout")
    if not harness.CHROMIUM.exists():
        sys.exit(f"{harness.CHROMIUM} is missing: `make chromium` installs it")
    harness._fixtures.REPO = checkout  # start_streamlit serves this checkout's app
    runs = [asyncio.run(one_run(args.selections)) for _ in range(args.repeats)]
    print(f"{checkout} ({args.repeats} runs of {args.selections} selections; "
          "CPU-seconds per action, median):")
    for part in runs[0]:
        names = sorted({k for run in runs for k in run[part]})
        medians = {k: statistics.median(run[part].get(k, 0.0) for run in runs) for k in names}
        shown = {k: round(v, 3) for k, v in medians.items() if abs(v) >= 0.005}
        total = sum(v for k, v in medians.items())
        print(f"  {part:10} total {total:.3f}  {shown}")


if __name__ == "__main__":
    main()
