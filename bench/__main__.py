"""``python -m bench``: linker throughput, index build and dashboard timings; prints the
tables and writes them, with the machine they ran on, to ``docs/benchmarks.md``.

    .venv/bin/python -m bench                      # everything (what `make bench` runs)
    .venv/bin/python -m bench --skip-dashboard     # linker and index only
    .venv/bin/python -m bench --sizes 1000,10000 --no-write
    .venv/bin/python -m bench --skip-linker --skip-index --skip-dashboard --import-sizes 500,2000
    .venv/bin/python -m bench ... --engine dask    # corpus import on a local Dask cluster
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.machine import machine_info
from bench.report import (
    dashboard_table,
    growth_lines,
    index_table,
    linker_table,
    render_markdown,
)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO / "docs" / "benchmarks.md"


def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def run_linker_bench(sizes: Sequence[int], engines: Sequence[str], seed: int,
                     workdir: Path, spacy_cap: int | None) -> list[dict]:
    """Every engine on every corpus size, each in its own process."""
    import geodata
    from bench.linking import RUSSIAN_ENGINES, run_in_process, write_payload
    from bench.synthetic import (
        alias_pools,
        build_templates,
        feature_records,
        russian_pools,
        russian_texts,
        synthetic_passages,
    )
    from corpus.articles import load_corpus
    from corpus.linking import linker_for

    layers = geodata.load_layers()
    records = feature_records(layers)
    pools = alias_pools(records)
    templates = build_templates([p.text for p in load_corpus().passages()],
                                linker_for(layers), pools)
    passages = synthetic_passages(templates, pools, max(sizes), seed=seed)
    russian = None
    if any(engine in RUSSIAN_ENGINES for engine in engines):
        ru_pools = russian_pools(records)
        ru_templates = build_templates(russian_texts(), linker_for(layers), ru_pools,
                                       language="ru")
        russian = (synthetic_passages(ru_templates, ru_pools, max(sizes), seed=seed), ru_pools)
    results = []
    for size in sorted(sizes):
        payload = workdir / f"passages-{size}.pickle"
        write_payload(payload, records, passages[:size], pools)
        ru_payload = workdir / f"passages-ru-{size}.pickle"
        if russian is not None:
            write_payload(ru_payload, records, russian[0][:size], russian[1])
        for engine in engines:
            if engine == "spacy" and spacy_cap is not None and size > spacy_cap:
                _log(f"spacy skipped at {size:,} passages (--spacy-cap {spacy_cap:,})")
                continue
            _log(f"linking {size:,} passages with {engine}")
            results.append(run_in_process(ru_payload if engine in RUSSIAN_ENGINES else payload,
                                          engine))
        payload.unlink()
        ru_payload.unlink(missing_ok=True)
    return results


def run_index_bench(articles: int, seed: int, workdir: Path, dask_workers: int
                    ) -> tuple[Path, list[dict], str]:
    """Write a synthetic corpus of ``articles`` files, index it (local, then unchanged, then
    dask); return the folder, the rows and a panel text that proves which corpus is served."""
    from bench.synthetic import write_seed_corpus
    from corpus.index import build_index, default_index_path

    corpus_dir = workdir / f"corpus-{articles}"
    _log(f"writing {articles:,} synthetic articles to {corpus_dir}")
    write_seed_corpus(corpus_dir, articles, seed)
    size_mb = sum(p.stat().st_size for p in corpus_dir.iterdir()) / 1e6
    # The same file name the dashboard derives, in a folder the dashboard is pointed at.
    index_path = workdir / "index" / default_index_path(corpus_dir).name
    rows = []
    for label, engine in (("first build", "local"), ("reopen, nothing changed", "local")):
        _log(f"index {label} ({engine})")
        started = time.perf_counter()
        report = build_index(corpus_dir, index_path=index_path, engine=engine)
        rows.append({"step": label, "engine": engine, "articles": articles,
                     "megabytes": size_mb, "seconds": time.perf_counter() - started,
                     "linked": report.linked})
    if dask_workers:
        from distributed import Client, LocalCluster

        _log(f"index first build (dask, {dask_workers} local workers)")
        with LocalCluster(n_workers=dask_workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            started = time.perf_counter()
            report = build_index(corpus_dir, index_path=workdir / "dask-index.sqlite",
                                 engine="dask", dask_client=client)
            rows.append({"step": f"first build, {dask_workers} workers", "engine": "dask",
                         "articles": articles, "megabytes": size_mb,
                         "seconds": time.perf_counter() - started, "linked": report.linked})
    return corpus_dir, rows, "Synthetic article"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="passages per synthetic corpus, comma-separated")
    parser.add_argument("--engines", default=",".join(_engines()),
                        help="linker engines to compare, comma-separated")
    parser.add_argument("--spacy-cap", type=int, default=None, metavar="N",
                        help="skip spaCy above N passages (it is the slowest peer)")
    parser.add_argument("--articles", type=int, default=10_000,
                        help="articles in the synthetic corpus for the index and dashboard")
    parser.add_argument("--dask-workers", type=int, default=2,
                        help="workers of the local Dask cluster for the index (0: skip)")
    parser.add_argument("--repeats", type=int, default=10,
                        help="dashboard repetitions per measure (the median is reported)")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the synthetic corpora")
    parser.add_argument("--skip-linker", action="store_true")
    parser.add_argument("--skip-index", action="store_true",
                        help="skip the index and the 10k-article dashboard run")
    parser.add_argument("--skip-dashboard", action="store_true")
    parser.add_argument("--import-sizes", default="2000,10000",
                        help="saved pages per folder for the import benchmark, comma-separated")
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="engine of corpus import in the import benchmark (dask: a local "
                             "cluster of --dask-workers workers, as the index)")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--output", default=str(DEFAULT_OUTPUT),
                        help="Markdown file to write (default docs/benchmarks.md)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    return parser.parse_args(argv)


def _engines() -> tuple[str, ...]:
    from bench.linking import ENGINES

    return ENGINES


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; print the tables; write the Markdown report."""
    args = parse_args(argv)
    command = "python -m bench" + ("" if not argv and len(sys.argv) <= 1
                                   else " " + shlex.join(argv if argv is not None
                                                         else sys.argv[1:]))
    started = time.perf_counter()
    sections: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="corridor-atlas-bench-") as tmp:
        workdir = Path(tmp)
        if not args.skip_linker:
            sizes = [int(s) for s in args.sizes.split(",") if s]
            rows = run_linker_bench(sizes, args.engines.split(","), args.seed, workdir,
                                    args.spacy_cap)
            sections.append(("Linker throughput", linker_table(rows)
                             + "\n\n" + "\n".join(growth_lines(rows))))
        if not args.skip_import:
            from bench.importing import import_table, run_import_bench

            sizes = [int(s) for s in args.import_sizes.split(",") if s]
            rows = run_import_bench(sizes, args.engine, workdir, max(args.dask_workers, 1),
                                    log=_log)
            sections.append(("Import of saved pages", import_table(rows)))
        corpora: list[tuple[str, Path | None, str | None]] = [
            ("dashboard, 5 seed articles", None, None)]
        if not args.skip_index:
            corpus_dir, rows, expect = run_index_bench(args.articles, args.seed, workdir,
                                                       args.dask_workers)
            sections.append((f"Index of {args.articles:,} synthetic articles", index_table(rows)))
            corpora.append((f"dashboard, {args.articles:,} synthetic articles", corpus_dir,
                            expect))
        if not args.skip_dashboard:
            from bench.dashboard import run_dashboard_bench

            _log(f"dashboard: {args.repeats} repetitions per measure")
            timings = run_dashboard_bench(corpora, args.repeats, workdir)
            sections.append(("Dashboard in Chromium", dashboard_table(timings)))
    total = time.perf_counter() - started
    for title, body in sections:
        print(f"\n## {title}\n\n{body}")
    print(f"\n(total {total / 60:.1f} min)")
    if not args.no_write:
        output = Path(args.output)
        output.write_text(render_markdown(sections, machine_info(), command, total),
                          encoding="utf-8")
        print(f"written: {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
