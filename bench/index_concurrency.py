"""What readers see while the index is rebuilt: ``python -m bench.index_concurrency``.

Writes a synthetic corpus (``bench.synthetic``), builds its index, then runs a full rebuild
(a copy of the layers with one more alias) in a thread while a reader queries the index as
the dashboard does (``feature_summary``, ``articles``). Prints the rebuild time, the
reader's latency (median, max), whether every read returned the previous complete index
until the commit and the new one after, and the largest WAL file seen.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.index_concurrency")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    import geodata
    from bench.synthetic import (
        alias_pools,
        build_templates,
        feature_records,
        write_synthetic_corpus,
    )
    from corpus.articles import load_corpus
    from corpus.index import MentionIndex, build_index
    from corpus.linking import linker_for
    from geodata.loading import LAYERS_DIR

    work = Path(tempfile.mkdtemp(prefix="index-concurrency-"))
    try:
        layers = geodata.load_layers()
        pools = alias_pools(feature_records(layers))
        templates = build_templates([p.text for p in load_corpus().passages()],
                                    linker_for(layers), pools)
        corpus_dir = work / "corpus"
        write_synthetic_corpus(corpus_dir, templates, pools, args.articles, seed=args.seed)
        layers_dir = work / "layers"
        shutil.copytree(LAYERS_DIR, layers_dir)
        index_path = work / "index.sqlite"
        build_index(corpus_dir, layers_dir=layers_dir, index_path=index_path)
        reader = MentionIndex(index_path)
        before = reader.feature_summary("azerbaijan")

        # An extra alias for TRIPP: a geodata change, so a full rebuild.
        corridors = layers_dir / "corridors.geojson"
        collection = json.loads(corridors.read_text(encoding="utf-8"))
        for feature in collection["features"]:
            if feature["properties"]["id"] == "tripp":
                feature["properties"]["aliases"].append("Crossroads of Peace corridor")
        corridors.write_text(json.dumps(collection), encoding="utf-8")

        timings: dict[str, float] = {}

        def rebuild() -> None:
            started = time.perf_counter()
            build_index(corpus_dir, layers_dir=layers_dir, index_path=index_path)
            timings["rebuild"] = time.perf_counter() - started

        builder = threading.Thread(target=rebuild)
        latencies, wrong, reads, wal_peak = [], 0, 0, 0
        wal = index_path.with_name(index_path.name + "-wal")
        builder.start()
        while builder.is_alive():
            started = time.perf_counter()
            summary = reader.feature_summary("azerbaijan")
            articles = len(reader.articles())
            latencies.append(time.perf_counter() - started)
            reads += 1
            if builder.is_alive() and (summary != before or articles != args.articles):
                wrong += 1
            if wal.exists():
                wal_peak = max(wal_peak, wal.stat().st_size)
            time.sleep(0.05)
        builder.join()
        after = reader.feature_summary("azerbaijan")
        size = index_path.stat().st_size
        print(f"{args.articles:,} articles; index {size / 1e6:.1f} MB; full rebuild "
              f"{timings['rebuild']:.1f} s")
        print(f"reader during the rebuild: {reads} reads, median "
              f"{statistics.median(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms;"
              f" {wrong} reads saw anything but the previous complete index")
        print(f"Azerbaijan before {before}, after {after}; largest WAL {wal_peak / 1e6:.1f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
