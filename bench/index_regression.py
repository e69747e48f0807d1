"""First build of the corpus index with this checkout against another checkout of the
project (for instance the commit before issue 10), on the same synthetic corpus, in CPU
time and wall time, builds alternating (the machine is shared and noisy)::

    git worktree add /tmp/wt-old 3adbd36 && ln -s "$PWD/.venv" /tmp/wt-old/.venv
    .venv/bin/python -m bench.index_regression /tmp/wt-old --articles 1000 --repeats 5
    git worktree remove /tmp/wt-old

The corpus is written once by this checkout (``bench.synthetic``, as ``python -m bench``
does for its index rows, seed 2026); each build runs ``corpus.index.build_index`` on it in
a fresh interpreter of its checkout (its own code and geodata), into a new index file, and
reports the time of that call (reading, linking and writing; not the interpreter's start).
The median of each side is printed, and their ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: Run in the checkout being measured: one first build, timed.
_BUILD = """
import json, sys, time
from corpus.index import build_index
corpus_dir, index_path = sys.argv[1], sys.argv[2]
wall, cpu = time.perf_counter(), time.process_time()
report = build_index(corpus_dir, index_path=index_path, engine="local")
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                  "linked": report.linked}))
"""


def write_corpus(directory: Path, articles: int, seed: int) -> None:
    """The synthetic corpus ``python -m bench`` indexes, of ``articles`` articles."""
    from bench.synthetic import write_seed_corpus

    write_seed_corpus(directory, articles, seed)


def build_once(checkout: Path, corpus_dir: Path, index_path: Path) -> dict:
    """Time one first build of ``corpus_dir`` with the code of ``checkout``."""
    python = checkout / ".venv" / "bin" / "python"
    if not python.exists():
        python = Path(sys.executable)
    result = subprocess.run([str(python), "-c", _BUILD, str(corpus_dir), str(index_path)],
                            cwd=checkout, capture_output=True, text=True, check=False,
                            env={"PYTHONPATH": str(checkout), "PATH": "/usr/bin:/bin",
                                 "PYTHONHASHSEED": "0"})
    if result.returncode != 0:
        raise SystemExit(f"{checkout}: the index build failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.index_regression",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("other", type=Path, help="the other checkout (a git worktree)")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    other = args.other.resolve()
    if not (other / "corpus" / "index.py").exists():
        raise SystemExit(f"{other}: not a checkout of this project (no corpus/index.py)")

    with tempfile.TemporaryDirectory(prefix="index-regression-") as tmp:
        workdir = Path(tmp)
        corpus_dir = workdir / "corpus"
        write_corpus(corpus_dir, args.articles, args.seed)
        times: dict[str, list[dict]] = {"other": [], "this": []}
        for number in range(args.repeats):
            for side, checkout in (("other", other), ("this", REPO)):
                index_path = workdir / f"{side}-{number}.sqlite"
                times[side].append(build_once(checkout, corpus_dir, index_path))
                index_path.unlink(missing_ok=True)
        medians = {side: {key: statistics.median(run[key] for run in runs)
                          for key in ("wall", "cpu")} for side, runs in times.items()}
        linked = {side: runs[0]["linked"] for side, runs in times.items()}
    for side, label in (("other", str(other)), ("this", str(REPO))):
        print(f"{label}: median of {args.repeats} first builds of {args.articles:,} "
              f"articles: {medians[side]['cpu']:.2f} s CPU, {medians[side]['wall']:.2f} s "
              f"wall ({linked[side]} articles linked)")
    print(f"this / other: {medians['this']['cpu'] / medians['other']['cpu']:.2f}x CPU time, "
          f"{medians['this']['wall'] / medians['other']['wall']:.2f}x wall time")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
