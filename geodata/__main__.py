"""Command line: ``python -m geodata check [DIR]`` and ``python -m geodata build ...``."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from geodata.loading import LAYER_NAMES, LAYERS_DIR, load_layers


def check(directory: str | None) -> int:
    """Print every problem (``path: feature id: message``) and return 1, else a summary and 0."""
    layers = load_layers(directory)
    if layers.problems:
        for problem in layers.problems:
            print(problem)
        print(f"{len(layers.problems)} problem(s) in {directory or LAYERS_DIR}", file=sys.stderr)
        return 1
    counts = Counter(layers.features["layer"])
    summary = ", ".join(f"{counts.get(name, 0)} {name}" for name in LAYER_NAMES)
    print(f"ok: {len(layers.features)} features ({summary}) in {directory or LAYERS_DIR}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geodata")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="check the layer files; exit 1 on problems")
    check_parser.add_argument("directory", nargs="?", help="layer folder (default geodata/layers)")
    commands.add_parser(
        "build",
        help="rebuild the layers from geodata/sources and Natural Earth (see geodata/build.py)",
        add_help=False,
    )
    args, rest = parser.parse_known_args(argv)
    if args.command == "build":
        from geodata.build import main as build_main  # heavy imports only when building

        return build_main(rest)
    if rest:
        parser.error(f"unrecognised arguments: {' '.join(rest)}")
    return check(args.directory)


if __name__ == "__main__":
    sys.exit(main())
