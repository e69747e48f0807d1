"""``python -m corpus export --format geojson|csv|md [-o FILE] ...``: take the data away.

Brings the mention index of the corpus folder up to date (see :mod:`corpus.index`), then
writes one export of :mod:`corpus.export` to standard output or to ``-o FILE``:

- ``geojson``: the map features (all, or those given with ``--feature``) with counts and
  passage ids, RFC 7946;
- ``csv``: every mention (of the ``--feature`` features and their people, if given);
- ``md``: the passages of the one ``--feature`` with citations.

``--outlet`` (repeatable; ``''`` for articles without one), ``--since``/``--until`` and
``--exclude-undated`` choose the articles, as the dashboard's source filters do.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from corpus.articles import ARTICLES_DIR
from corpus.files import OutputRefused, check_output_target, write_text_atomically

EXIT_OK = 0
EXIT_ERROR = 2


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO date; write it as YYYY-MM-DD, e.g. 2026-02-13") from None


def article_filter(args: argparse.Namespace):
    """The ArticleFilter the options describe. ``--outlet 'Unknown outlet'`` (the label the
    page and the CSV use) means the articles without an outlet, as ``--outlet ''`` does."""
    from corpus.export import UNKNOWN_OUTLET
    from corpus.index import ArticleFilter

    outlets = None
    if args.outlet is not None:
        chosen: list[str] = []
        for outlet in args.outlet:
            chosen.append(outlet)
            if outlet.strip() == UNKNOWN_OUTLET:
                chosen.append("")
        outlets = tuple(dict.fromkeys(chosen))
    return ArticleFilter(outlets=outlets, start=args.since, end=args.until,
                         include_undated=not args.exclude_undated)


def write_output(text: str, output: str | None) -> None:
    """Write ``text`` to standard output, or atomically to the file ``output`` (UTF-8); the
    target must have passed :func:`check_output` first."""
    if not output or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_text_atomically(Path(output), text)


def check_output(output: str | None, fmt: str, force: bool) -> None:
    """Refuse an ``-o`` target that is a folder, a link or a special file, or an existing
    file that is not an export of ours (unless ``force``); raises OutputRefused."""
    from corpus.export import is_export

    if output and output != "-":
        check_output_target(output, is_ours=lambda path: is_export(path, fmt), what="an export",
                            force=force)


def run_export(args: argparse.Namespace) -> int:
    """Open the index, make the export, write it."""
    import geodata
    from corpus.export import ExportError, export_text
    from corpus.index import CorpusFolderMissing, open_index

    if args.since and args.until and args.since > args.until:
        print(f"error: --since {args.since} is after --until {args.until}", file=sys.stderr)
        return EXIT_ERROR
    try:
        check_output(args.output, args.format, args.force)
    except OutputRefused as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    layers = geodata.load_layers(args.layers)
    for problem in layers.problems:
        print(f"warning: {problem}", file=sys.stderr)
    collections = {layer: layers.as_geojson(layer)
                   for layer in ("corridors", "zones", "actors", "places")}
    try:
        index = open_index(args.corpus, layers_dir=args.layers, index_path=args.index,
                           force=args.force)
    except CorpusFolderMissing as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except OutputRefused as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    for problem in index.problems():
        print(f"warning: {problem} (not in the export)", file=sys.stderr)
    try:
        text = export_text(args.format, index, collections, feature_ids=args.feature,
                           filters=article_filter(args))
    except ExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    try:
        write_output(text, args.output)
    except OSError as error:
        print(f"error: {args.output}: cannot write the export ({error.strerror})",
              file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def register_export(subparsers: argparse._SubParsersAction) -> None:
    """``export --format geojson|csv|md [-o FILE] [--feature ID] [--outlet O] [--since D]
    [--until D] [--exclude-undated] [--corpus DIR] [--layers DIR] [--index FILE]``."""
    parser = subparsers.add_parser(
        "export", help="write the features (GeoJSON), the mentions (CSV) or one feature's "
        "passages (Markdown) to standard output or a file")
    parser.add_argument("--format", required=True, choices=("geojson", "csv", "md"),
                        help="geojson: features with counts; csv: every mention; md: one "
                        "feature's passages with citations")
    parser.add_argument("-o", "--output", metavar="FILE", default=None,
                        help="file to write (default: standard output); an existing file "
                             "that is not an export is not replaced")
    parser.add_argument("--force", action="store_true",
                        help="replace an -o or --index file that is not ours (never a link, "
                             "folder or special file)")
    parser.add_argument("--feature", action="append", metavar="ID", default=None,
                        help="feature id (repeatable); required, once, for md")
    parser.add_argument("--outlet", action="append", metavar="OUTLET", default=None,
                        help="keep only articles from this outlet (repeatable; '' or "
                             "'Unknown outlet' = none given)")
    parser.add_argument("--since", type=_date, metavar="YYYY-MM-DD", default=None,
                        help="keep dated articles published on or after this day")
    parser.add_argument("--until", type=_date, metavar="YYYY-MM-DD", default=None,
                        help="keep dated articles published on or before this day")
    parser.add_argument("--exclude-undated", action="store_true",
                        help="drop articles without a publication date (kept by default)")
    parser.add_argument("--corpus", metavar="DIR", default=None,
                        help=f"corpus folder (default {ARTICLES_DIR})")
    parser.add_argument("--layers", metavar="DIR", default=None,
                        help="geodata layers folder (default geodata/layers)")
    parser.add_argument("--index", metavar="FILE", default=None,
                        help="index file (default: one per corpus folder in corpus/index/)")
    parser.set_defaults(handler=run_export)
