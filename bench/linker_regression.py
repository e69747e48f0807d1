"""English throughput of the linker package against an older single-file linker, in one
process, on the same synthetic passages, in CPU time (the machine is shared and noisy).

The older linker is given as a file, for instance the one before issue 10::

    git show 43a90c6:corpus/linker.py > /tmp/old_linker.py
    .venv/bin/python -m bench.linker_regression /tmp/old_linker.py

Passages are made as in ``python -m bench`` (templates cut from ``corpus/articles`` at the
names the linker finds, filled with random names, seed 0); each linker first links 500 of
them untimed, then the passes alternate between the two and the best pass of each counts.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections.abc import Sequence
from pathlib import Path


def load_linker_module(path: Path):
    """The module defined by the file ``path`` (it must define ``Linker.from_features``)."""
    spec = importlib.util.spec_from_file_location("old_linker", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"{path}: not a Python file that can be imported")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    if not hasattr(module, "Linker"):
        raise SystemExit(f"{path}: defines no Linker class; give the old corpus/linker.py")
    return module


def best_rates(linkers: dict[str, object], passages: Sequence[str], passes: int
               ) -> dict[str, float]:
    """Passages per CPU second of each linker: the best of ``passes`` alternating passes."""
    for linker in linkers.values():
        for text in passages[:500]:
            linker.link_text(text)
    best = {name: float("inf") for name in linkers}
    for _ in range(passes):
        for name, linker in linkers.items():
            started = time.process_time()
            for text in passages:
                linker.link_text(text)
            best[name] = min(best[name], time.process_time() - started)
    return {name: len(passages) / seconds for name, seconds in best.items()}


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.linker_regression",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("old_linker", type=Path, help="the older linker's .py file")
    parser.add_argument("--passages", type=int, default=1500)
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args(argv)

    import geodata
    from bench.synthetic import alias_pools, build_templates, feature_records, synthetic_passages
    from corpus.articles import load_corpus
    from corpus.linking import Linker, linker_for

    old = load_linker_module(args.old_linker)
    layers = geodata.load_layers()
    records = feature_records(layers)
    pools = alias_pools(records)
    templates = build_templates([p.text for p in load_corpus().passages()],
                                linker_for(layers), pools)
    passages = synthetic_passages(templates, pools, args.passages, seed=0)
    rates = best_rates({"old": old.Linker.from_features(records),
                        "new": Linker.from_features(records)}, passages, args.passes)
    print(f"old {rates['old']:,.0f} passages/s, new {rates['new']:,.0f} passages/s "
          f"({rates['new'] / rates['old']:.2f}x), best of {args.passes} passes over "
          f"{len(passages):,} synthetic English passages, CPU time")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
