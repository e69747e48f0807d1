"""Import benchmark: ``corpus import`` of a folder of N saved pages, in one process (or on
Dask with ``--engine dask``), against one ``corpus add`` process per file in the same run;
pages per second and peak memory, at several folder sizes (both should stay flat).

    .venv/bin/python -m bench.importing --sizes 500,2000            # prints the table
    .venv/bin/python -m bench.importing --sizes 500 --engine dask

Each measure runs in a fresh process (``measure`` below), so peak memory (ru_maxrss of that
process; with Dask, of the process that writes, plus the workers' peak) is its own.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.report import table

REPO = Path(__file__).resolve().parent.parent
#: Files added one `corpus add` process each, to time the per-file baseline.
ADD_SAMPLE = 20
_PLACES = ["Baku", "Tbilisi", "Aktau", "Kars", "Yerevan", "Ankara", "Astana", "Ceyhan",
           "Poti", "Alat", "Turkmenbashi", "Nakhchivan"]
_ROUTES = ["the Middle Corridor", "the Zangezur corridor", "the Caspian cable",
           "the BTC pipeline", "the Southern Gas Corridor", "TRIPP"]


def _vocabulary() -> list[str]:
    from corpus.articles import load_corpus

    words = {w.strip(".,;:“”\"'()").lower() for p in load_corpus().passages()
             for w in p.text.split()}
    return sorted(w for w in words if w.isalpha() and len(w) > 2)


def write_pages(folder: Path, count: int, seed: int = 2026) -> None:
    """``count`` distinct saved pages with OpenGraph metadata: random sentences from the
    seed corpus's vocabulary, naming places and routes (no two are near-duplicates)."""
    rng = random.Random(seed)
    vocabulary = _vocabulary()
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        paragraphs = []
        for _ in range(rng.randint(6, 10)):
            words = rng.choices(vocabulary, k=rng.randint(35, 60))
            words.insert(rng.randrange(len(words)), rng.choice(_PLACES))
            words.insert(rng.randrange(len(words)), rng.choice(_ROUTES))
            paragraphs.append(" ".join(words).capitalize() + ".")
        title = f"Report {n}: {rng.choice(_ROUTES)} and {rng.choice(_PLACES)}"
        day = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        (folder / f"page-{n:06d}.html").write_text(
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title>"
            f"<meta property='og:title' content='{html.escape(title)}'>"
            f"<meta property='og:site_name' content='Outlet {n % 40}'>"
            f"<meta property='og:url' content='https://outlet{n % 40}.example/a/{n}'>"
            f"<meta property='article:published_time' content='{day}T08:00:00Z'></head>"
            "<body><nav><a href='/'>Home</a></nav><article>"
            f"<h1>{html.escape(title)}</h1>{body}</article><footer>© 2026</footer></body></html>",
            encoding="utf-8")


def measure(folder: Path, corpus_dir: Path, engine: str, workers: int) -> dict:
    """Import ``folder`` into ``corpus_dir`` in this process; seconds and peak memory."""
    from corpus.__main__ import main

    args = ["import", str(folder), "--directory", str(corpus_dir), "--json"]
    if engine == "dask":
        args += ["--engine", "dask", "--workers", str(workers)]
    started = time.perf_counter()
    with open("/dev/null", "w") as sink:
        saved_out, saved_err = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = sink
        try:
            code = main(args)
        finally:
            sys.stdout, sys.stderr = saved_out, saved_err
    seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"exit": code, "seconds": seconds, "peak_mb": own,
            "workers_peak_mb": workers_peak if engine == "dask" else 0.0,
            "articles": len(list(corpus_dir.glob("*.md")))}


def _measure_in_process(folder: Path, corpus_dir: Path, engine: str, workers: int) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.importing", "measure", str(folder), str(corpus_dir),
         engine, str(workers)], cwd=REPO, capture_output=True, text=True, check=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "CI": "true"})
    return json.loads(result.stdout.strip().splitlines()[-1])


def add_per_file(folder: Path, corpus_dir: Path, sample: int) -> float:
    """Seconds per page with one ``corpus add`` process per file (``sample`` files)."""
    files = sorted(folder.glob("*.html"))[:sample]
    started = time.perf_counter()
    for path in files:
        subprocess.run([sys.executable, "-m", "corpus", "add", str(path), "--title", "",
                        "--outlet", "", "--published", "", "--url", "", "--directory",
                        str(corpus_dir)], cwd=REPO, capture_output=True, check=True,
                       env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)})
    return (time.perf_counter() - started) / max(len(files), 1)


def run_import_bench(sizes: Sequence[int], engine: str, workdir: Path, workers: int = 2,
                     log=print) -> list[dict]:
    rows = []
    for size in sorted(sizes):
        pages = workdir / f"pages-{size}"
        log(f"writing {size:,} saved pages")
        write_pages(pages, size)
        corpus_dir = workdir / f"imported-{size}-{engine}"
        corpus_dir.mkdir()
        log(f"corpus import of {size:,} pages ({engine})")
        result = _measure_in_process(pages, corpus_dir, engine, workers)
        baseline = workdir / f"added-{size}"
        baseline.mkdir()
        log(f"corpus add, one process per file, {ADD_SAMPLE} files")
        per_file = add_per_file(pages, baseline, ADD_SAMPLE)
        rows.append({"pages": size, "engine": engine, **result,
                     "pages_per_s": size / result["seconds"],
                     "add_pages_per_s": 1 / per_file})
    return rows


def import_table(rows: Sequence[dict]) -> str:
    return table(
        ["pages", "engine", "seconds", "pages/s", "peak memory MB (writer)",
         "Dask workers' peak MB", "articles written", "`corpus add` per file: pages/s",
         "speed-up"],
        [[f"{r['pages']:,}", r["engine"], f"{r['seconds']:.1f}", f"{r['pages_per_s']:.1f}",
          f"{r['peak_mb']:.0f}", f"{r['workers_peak_mb']:.0f}" if r["workers_peak_mb"] else "-",
          f"{r['articles']:,}", f"{r['add_pages_per_s']:.2f}",
          f"{r['pages_per_s'] / r['add_pages_per_s']:.0f}x"] for r in rows])


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "measure":
        folder, corpus_dir, engine, workers = argv[1:5]
        print(json.dumps(measure(Path(folder), Path(corpus_dir), engine, int(workers))))
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.importing")
    parser.add_argument("--sizes", default="500,2000")
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="corridor-atlas-import-bench-") as tmp:
        rows = run_import_bench([int(s) for s in args.sizes.split(",") if s], args.engine,
                                Path(tmp), args.workers,
                                log=lambda m: print(f"[bench] {m}", file=sys.stderr))
    print(import_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
