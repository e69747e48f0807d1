"""``python -m corpus index [DIR] [--engine local|dask] [--workers N]``: build the index.

Links every article of ``DIR`` whose file changed since the last run (all of them the first
time, or after the geodata or the linker changed) into the on-disk index that the dashboard
opens, with a progress bar on standard error. See :mod:`corpus.index`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from corpus.articles import ARTICLES_DIR

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_ERROR = 2


class TqdmProgress:
    """A ``progress(done, total)`` callback that drives a tqdm bar on standard error."""

    def __init__(self, description: str = "linking"):
        self.description = description
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=self.description, unit="file", file=sys.stderr,
                            mininterval=0.2, dynamic_ncols=True)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@contextlib.contextmanager
def dask_client(workers: int | None, scheduler: str | None) -> Iterator[object]:
    """A ``dask.distributed`` client: on ``scheduler`` if given (an existing cluster), else
    on a local cluster of ``workers`` single-threaded processes (default: one per CPU)."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                      processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        yield client


def run_index(args: argparse.Namespace) -> int:
    """Bring the index up to date; print what was done and any problems found."""
    from corpus.index import MentionIndex, build_index

    corpus_dir = Path(args.path) if args.path else ARTICLES_DIR
    if not corpus_dir.is_dir():
        print(f"error: {corpus_dir}: no such folder; give the folder that holds the article "
              ".md files", file=sys.stderr)
        return EXIT_ERROR
    if args.engine != "dask" and (args.workers or args.scheduler):
        print("error: --workers and --scheduler need --engine dask", file=sys.stderr)
        return EXIT_ERROR
    from corpus.files import OutputRefused

    progress = TqdmProgress()
    started = time.perf_counter()

    def waiting(holder: str) -> None:
        print(f"another build of this index is running ({holder or 'another process'}); "
              "waiting for it to finish…", file=sys.stderr, flush=True)

    options = {"layers_dir": args.layers, "index_path": args.index, "progress": progress,
               "on_wait": waiting, "force": args.force}
    try:
        if args.engine == "dask":
            with dask_client(args.workers, args.scheduler) as client:
                report = build_index(corpus_dir, engine="dask", dask_client=client, **options)
        else:
            report = build_index(corpus_dir, **options)
    except OutputRefused as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        progress.close()
    seconds = time.perf_counter() - started
    problems = MentionIndex(report.path).problems()
    for problem in problems:
        print(problem, file=sys.stderr)
    rebuilt = " (full rebuild: new index, geodata or linker)" if report.full_rebuild else ""
    print(f"indexed {corpus_dir}: {report.linked} linked, {report.unchanged} unchanged, "
          f"{report.removed} removed{rebuilt} in {seconds:.1f} s -> {report.path}")
    if problems:
        print(f"{len(problems)} problem(s) in the files; the rest is indexed", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def register_index(subparsers: argparse._SubParsersAction) -> None:
    """``index [DIR] [--engine local|dask] [--workers N] [--scheduler ADDRESS]``."""
    parser = subparsers.add_parser(
        "index", help="link the corpus into the on-disk index (only what changed)")
    parser.add_argument("path", nargs="?", metavar="DIR",
                        help=f"corpus folder; default {ARTICLES_DIR}")
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="local: this process (default); dask: a Dask cluster")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="dask: worker processes of the local cluster (default: CPUs)")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="dask: address of an existing cluster's scheduler, e.g. "
                             "tcp://10.0.0.5:8786, instead of a local cluster")
    parser.add_argument("--layers", default=None, metavar="DIR",
                        help="geodata layers folder; default geodata/layers")
    parser.add_argument("--index", default=None, metavar="FILE",
                        help="index file; default one per corpus folder under corpus/index/. "
                             "An existing file that is not an index is not replaced")
    parser.add_argument("--force", action="store_true",
                        help="replace an --index file that is not an index (never a link or "
                             "special file)")
    parser.set_defaults(handler=run_index)
