"""Command line: ``python -m corpus check|add|import|watch|link|evaluate|index|export ...``.

Each subcommand is one ``register_<name>(subparsers)`` function that adds its parser and
sets ``handler``; to add a subcommand, write such a function and list it in
``SUBCOMMANDS``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from corpus.articles import ARTICLES_DIR, load_corpus, read_path
from corpus.evaluate_cli import register_evaluate
from corpus.export_cli import register_export
from corpus.index_cli import register_index
from corpus.ingest.cli import register_add, register_import
from corpus.ingest.watch import register_watch

#: Exit codes: 0 fine, 1 the corpus has problems, 2 the command could not do its job.
EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_ERROR = 2



def run_check(args: argparse.Namespace) -> int:
    """Print every problem as ``path:line: message``; exit 1 if there is any."""
    target = Path(args.path) if args.path else ARTICLES_DIR
    corpus = read_path(target) if args.path else load_corpus()
    for problem in corpus.problems:
        print(problem)
    passages = sum(len(article.passages) for article in corpus.articles)
    summary = f"{len(corpus.articles)} articles, {passages} passages in {target}"
    if corpus.problems:
        print(f"{len(corpus.problems)} problem(s); {summary} loaded", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"ok: {summary}, no problems")
    return EXIT_OK


def register_check(subparsers: argparse._SubParsersAction) -> None:
    """``check [PATH]``: check the corpus folder (or an article file / folder)."""
    parser = subparsers.add_parser(
        "check", help="check the article files and report every problem with file and line"
    )
    parser.add_argument(
        "path",
        nargs="?",
        metavar="DIR",
        help=f"folder (or single file) to check; default {ARTICLES_DIR}",
    )
    parser.set_defaults(handler=run_check)


def run_link(args: argparse.Namespace) -> int:
    """Hand the paths to the linker's command line (``corpus.linking_cli``)."""
    from corpus.linking_cli import main as link_main

    result = link_main(args.paths, args.format, out=sys.stdout)
    return EXIT_OK if result is None else int(result)


def register_link(subparsers: argparse._SubParsersAction) -> None:
    """``link PATH... [--format jsonl|csv]``: list the map features each passage mentions."""
    parser = subparsers.add_parser(
        "link", help="find the map features mentioned in articles (.md, .txt or folders)"
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", help="output format")
    parser.set_defaults(handler=run_link)


#: Every subcommand's registration function, in the order shown by --help.
SUBCOMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    register_check,
    register_add,
    register_import,
    register_watch,
    register_link,
    register_evaluate,
    register_index,
    register_export,
]


def build_parser() -> argparse.ArgumentParser:
    """The ``python -m corpus`` argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="python -m corpus", description="Read, check, add and link the article corpus."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in SUBCOMMANDS:
        register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; return its exit code."""
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
