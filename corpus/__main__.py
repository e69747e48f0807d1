"""Command line: ``python -m corpus check|add|link ...``.

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
from corpus.files import describe
from corpus.index_cli import register_index

#: Exit codes: 0 fine, 1 the corpus has problems, 2 the command could not do its job.
EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_ERROR = 2

_PREVIEW_CHARS = 160


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


def run_add(args: argparse.Namespace) -> int:
    """Add one article; print what was extracted and where it was written."""
    from corpus.adding import AddArticleError, add_file

    source = Path(args.file)
    if not source.is_file():
        kind = describe(source)
        reason = "no such file" if kind is None else f"is {kind}, not a regular file"
        print(f"error: {source}: {reason}", file=sys.stderr)
        return EXIT_ERROR
    try:
        article = add_file(
            source,
            title=args.title,
            outlet=args.outlet,
            published=args.published,
            url=args.url,
            author=args.author,
            language=args.language,
            directory=args.directory,
        )
    except AddArticleError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    first = article.passages[0].text
    preview = first if len(first) <= _PREVIEW_CHARS else first[:_PREVIEW_CHARS].rstrip() + "…"
    print(f"id:       {article.id}")
    print(f"title:    {article.display_title}")
    print(f"passages: {len(article.passages)}")
    print(f"first:    {preview}")
    print(f"written:  {article.path}")
    return EXIT_OK


def register_add(subparsers: argparse._SubParsersAction) -> None:
    """``add FILE --title --outlet --published --url [--author] [--language]``."""
    parser = subparsers.add_parser(
        "add", help="add an article from a plain text or saved HTML file"
    )
    parser.add_argument("file", metavar="FILE", help="a .txt file or a saved .html page")
    parser.add_argument("--title", required=True, help="headline ('' if the source has none)")
    parser.add_argument("--outlet", required=True, help="publication ('' if unknown)")
    parser.add_argument(
        "--published", required=True, help="publication date YYYY-MM-DD ('' if unknown)"
    )
    parser.add_argument("--url", required=True, help="article web address ('' if unknown)")
    parser.add_argument("--author", default="", help="author ('' if unknown)")
    parser.add_argument("--language", default="en", help="language code (default en)")
    parser.add_argument("--directory", default=None, help=f"corpus folder; default {ARTICLES_DIR}")
    parser.set_defaults(handler=run_add)


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
