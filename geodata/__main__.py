"""Command line: ``python -m geodata check [DIR]`` and ``python -m geodata build ...``."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from geodata.loading import LAYER_NAMES, LAYERS_DIR, load_layers


def names_problems() -> list[str]:
    """Problems of the names tables in geodata/sources/names/ (see geodata.names), and a
    stale-layer warning when a table is newer than the layers built from it."""
    from geodata.names import NAMES_DIR, check_names, load_known, load_names_file

    known = load_known()
    problems = []
    layer_time = min((p.stat().st_mtime for p in LAYERS_DIR.glob("*.geojson")), default=0)
    for path in sorted(NAMES_DIR.glob("*.yaml")):
        try:
            data = load_names_file(path)
        except ValueError as error:
            problems.append(str(error))
            continue
        for problem in check_names(data, path.stem, known, complete=path.stem != "en"):
            problems.append(f"{path}: {problem}")
        if path.stat().st_mtime > layer_time + 1 and _names_missing_from_layers(path.stem):
            problems.append(f"{path}: the layers do not carry these names yet; rebuild them "
                            "with python -m geodata.build (see geodata/build.py)")
    return problems


def _names_missing_from_layers(language: str) -> bool:
    import json

    for path in LAYERS_DIR.glob("*.geojson"):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            if language in (feature["properties"].get("names") or {}):
                return False
    return True


def check(directory: str | None) -> int:
    """Print every problem (``path: feature id: message``) and return 1, else a summary and 0.

    The names tables are checked too when the default layers are checked."""
    layers = load_layers(directory)
    problems = [str(p) for p in layers.problems]
    if directory is None:
        problems += names_problems()
    if problems:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s) in {directory or LAYERS_DIR}", file=sys.stderr)
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
