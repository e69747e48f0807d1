"""``python -m corpus export --format geojson|csv|md|png|svg [-o FILE] ...``: take the data away.

Brings the mention index of the corpus folder up to date (see :mod:`corpus.index`), then
writes one export of :mod:`corpus.export` to standard output or to ``-o FILE``:

- ``geojson``: the map features (all, or those given with ``--feature``) with counts and
  passage ids, RFC 7946;
- ``csv``: every mention (of the ``--feature`` features and their people, if given);
- ``md``: the passages of the one ``--feature`` with citations;
- ``png`` (300 dpi) / ``svg``: the map as a picture (:mod:`geodata.render`), every feature
  drawn, the ``--feature`` (at most one) selected and framed, actors shaded by passages.

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

#: The map picture formats (:mod:`corpus.map_picture`); kept here so ``--help`` needs no
#: drawing library.
PICTURE_FORMATS = ("png", "svg")

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
    from corpus.citations import UNKNOWN_OUTLET
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


def write_output(text: str | bytes, output: str | None) -> None:
    """Write ``text`` to standard output, or atomically to the file ``output`` (UTF-8;
    bytes, e.g. a picture, as they are); the target must have passed :func:`check_output`
    first."""
    binary = isinstance(text, bytes)
    if not output or output == "-":
        if binary:
            sys.stdout.buffer.write(text)
        else:
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
        if args.format in PICTURE_FORMATS:
            text = export_picture(args, index, collections)
        else:
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


def export_picture(args: argparse.Namespace, index, collections: dict) -> bytes:
    """The map picture the options ask for (raises ExportError on a bad ``--feature``)."""
    from corpus.export import ExportError, feature_names
    from corpus.map_picture import picture_bytes

    features = args.feature or []
    if len(features) > 1:
        raise ExportError(f"a {args.format} map highlights at most one feature; give one "
                          "--feature (e.g. --feature tripp) or none")
    if features and features[0] not in feature_names(collections):
        raise ExportError(f"unknown feature id {features[0]!r}; use an id from "
                          "geodata/layers/ (e.g. tripp, middle_corridor, usa)")
    if (not args.output or args.output == "-") and sys.stdout.isatty():
        raise ExportError(f"a {args.format} picture is not for the terminal; write it to a "
                          f"file with -o map.{args.format}")
    return picture_bytes(args.format, index, collections,
                         selected=features[0] if features else None,
                         filters=article_filter(args))


def register_export(subparsers: argparse._SubParsersAction) -> None:
    """``export --format geojson|csv|md|png|svg [-o FILE] [--feature ID] [--outlet O] [--since D]
    [--until D] [--exclude-undated] [--corpus DIR] [--layers DIR] [--index FILE]``."""
    parser = subparsers.add_parser(
        "export", help="write the features (GeoJSON), the mentions (CSV), one feature's "
        "passages (Markdown) or the map (PNG, SVG) to standard output or a file")
    parser.add_argument("--format", required=True,
                        choices=("geojson", "csv", "md", *PICTURE_FORMATS),
                        help="geojson: features with counts; csv: every mention; md: one "
                        "feature's passages with citations; png (300 dpi) or svg: the map, "
                        "with the --feature selected")
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
