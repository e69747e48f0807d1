"""Tables for the benchmark results, as Markdown (readable in a terminal too)."""

from __future__ import annotations

from collections.abc import Sequence

#: A linker's throughput at the largest corpus may fall at most this much below the smallest.
LINEAR_TOLERANCE = 1.3
#: Click-to-passages at 10k articles may be at most this much slower than at 5 (issue 5).
CLICK_GROWTH_LIMIT = 1.5


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table; numbers right-aligned by the renderer's default."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _n(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def linker_table(rows: Sequence[dict]) -> str:
    """One row per (engine, corpus size); time relative to the floor at the same size."""
    floor = {r["passages"]: r["seconds"] for r in rows if r["engine"] == "floor"}
    body = []
    for r in rows:
        ratio = r["seconds"] / floor[r["passages"]] if r["passages"] in floor else None
        memory = r.get("memory_mb")
        body.append([
            r["engine"], _n(r["passages"]), _n(r["megabytes"], 1), _n(r["seconds"], 3),
            _n(r["passages_per_s"]), _n(r["mb_per_s"], 2),
            "-" if ratio is None else f"{ratio:,.1f}x",
            "-" if memory is None else _n(memory, 1), _n(r["matches"]),
        ])
    return table(["engine", "passages", "MB", "seconds", "passages/s", "MB/s",
                  "time vs floor", "peak memory +MB", "matches"], body)


def growth_lines(rows: Sequence[dict]) -> list[str]:
    """Is each engine's cost linear? Throughput at the largest size vs the smallest."""
    lines = []
    for engine in dict.fromkeys(r["engine"] for r in rows):
        mine = sorted((r for r in rows if r["engine"] == engine), key=lambda r: r["passages"])
        if len(mine) < 2:
            continue
        small, large = mine[0], mine[-1]
        slowdown = small["passages_per_s"] / large["passages_per_s"]
        verdict = "linear" if slowdown <= LINEAR_TOLERANCE else "NOT linear"
        lines.append(f"- {engine}: throughput at {large['passages']:,} passages is "
                     f"{1 / slowdown:.2f}x that at {small['passages']:,} ({verdict}; "
                     f"limit {LINEAR_TOLERANCE}x slower)")
    return lines


def index_table(rows: Sequence[dict]) -> str:
    """Index builds: first build, reopen with nothing changed, the Dask engine."""
    body = [[r["step"], r["engine"], _n(r["articles"]), _n(r["megabytes"], 1),
             _n(r["seconds"], 2), _n(r["linked"]),
             _n(r["linked"] / r["seconds"]) if r["linked"] else "-"] for r in rows]
    return table(["step", "engine", "articles", "MB", "seconds", "files linked",
                  "files/s"], body)


def dashboard_table(timings: Sequence) -> str:
    """Medians in ms, each with its ratio to the bare app's (the floor)."""
    floor = timings[0]
    body = []
    for t in timings:
        render, click = t.median("first_render"), t.median("click")
        body.append([
            t.app, _ms(render), _ratio(render, floor.median("first_render")),
            _ms(click), _ratio(click, floor.median("click")),
            "-" if t.cold_start is None else _n(t.cold_start, 1),
            _n(t.http_bytes), _n(t.websocket_bytes), _n(t.map_bytes),
            f"{len(t.first_render)}/{len(t.click)}",
        ])
    text = table(["app", "first render ms", "vs floor", "click-to-passages ms", "vs floor",
                  "cold first load s", "HTTP bytes", "websocket bytes", "map bytes",
                  "repetitions"], body)
    dashboards = [t for t in timings[1:] if t.click]
    notes = [f"- {t.app}: {t.note}" for t in timings if t.note]
    if len(dashboards) >= 2:
        small, large = dashboards[0].median("click"), dashboards[-1].median("click")
        growth = large / small
        verdict = "within" if growth <= CLICK_GROWTH_LIMIT else "NOT within"
        notes.append(f"- click-to-passages, {dashboards[-1].app} vs {dashboards[0].app}: "
                     f"{growth:.2f}x ({verdict} the {CLICK_GROWTH_LIMIT}x limit)")
    return text + ("\n\n" + "\n".join(notes) if notes else "")


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else _n(seconds * 1000)


def _ratio(value: float | None, floor: float | None) -> str:
    return "-" if value is None or not floor else f"{value / floor:.1f}x"


_DEFINITIONS = """\
What is measured:

- **Linker throughput.** Synthetic passages made from the seed paragraphs
  (`bench/synthetic.py`: random paragraphs, every name replaced by a random alias or spelling
  of the same feature, seeded), linked by each engine in its own process: an untimed warm-up
  over 1,000 passages, then passes until they add up to a second (the median pass counts;
  one pass at 100k). *floor* is `text.lower()` plus one substring test per passage: the
  least any matcher that reads every character does from Python. *corridor_atlas* is the
  linker the index uses (aliases, descriptive patterns, case and context rules);
  *corridor_atlas_aliases* the same linker without the descriptive patterns, the same job
  as the peers. *flashtext* (`KeywordProcessor`, case-insensitive) and *spacy*
  (`PhraseMatcher(attr="LOWER")` over `spacy.blank("en")`) get the same alias list. Match
  counts differ because the rules differ (case, context, word boundaries). *peak memory
  +MB* is the process's peak resident memory while building the matcher and linking, minus
  what it held before (the passages).
- **Index.** `corpus.index.build_index` on a folder of synthetic article files: the first
  build links every file; a reopen with nothing changed only hashes the files.
- **Dashboard.** Chromium (Debian's, headless) driven by Playwright against `streamlit run`
  on localhost, one app at a time. *first render*: from navigation in a fresh browser
  context (empty cache) until the map's shapes are drawn; the floor (bare app,
  `bench/bare_app.py`) until its text shows. *click-to-passages*: from a mouse click on a
  corridor until the panel shows that feature's passages (clicks alternate between two
  corridors); the floor, from a button click until the rerun's new text shows. Medians;
  *cold first load* is the first page after the server started (layers and index opened).
  *HTTP bytes*: response bodies of a first render with an empty cache; *websocket bytes*:
  Streamlit's messages in that render; *map bytes*: the messages that carry the map.
"""


def render_markdown(sections: Sequence[tuple[str, str]], machine: dict[str, str],
                    command: str, total_seconds: float) -> str:
    """The whole report: how to rerun it, the machine, the tables, the definitions."""
    facts = "\n".join(f"- {key}: {value}" for key, value in machine.items())
    parts = [
        "# Benchmarks\n",
        "Rerun with `make bench` (installs `requirements-bench.txt`, then runs "
        "`.venv/bin/python -m bench`). This file is written by that command; do not edit it "
        "by hand.\n",
        f"Command: `{command}` (took {total_seconds / 60:.1f} min)\n",
        f"Machine:\n\n{facts}\n",
    ]
    parts += [f"## {title}\n\n{body}\n" for title, body in sections]
    parts.append("## Definitions\n\n" + _DEFINITIONS)
    return "\n".join(parts)
