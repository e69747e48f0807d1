"""``python -m corpus evaluate [GOLD] [--corpus DIR] [--errors]``: score the linker."""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "gold_mentions.csv"


def run_evaluate(args: argparse.Namespace) -> int:
    """Print per-feature precision and recall; exit 1 if the gold file is unusable."""
    import geodata
    from corpus.articles import load_corpus
    from corpus.evaluation import (
        GoldFileError,
        errors,
        format_table,
        predicted_pairs,
        read_gold,
        score,
    )
    from corpus.linking import linker_for

    try:
        required, optional = read_gold(args.gold)
    except (OSError, GoldFileError) as error:
        print(f"error: {error}")
        return 1
    corpus = load_corpus(args.corpus)
    predicted = predicted_pairs(corpus, linker_for(geodata.load_layers()))
    if args.features:
        listed = Path(args.features).read_text(encoding="utf-8").splitlines()
        wanted = {w for line in listed if not line.startswith("#") for w in line.split()}
        predicted = {p for p in predicted if p[2] in wanted}
    print(format_table(score(predicted, required, optional)))
    if args.errors:
        false_positives, false_negatives = errors(predicted, required, optional)
        for label, pairs in (("false positive", false_positives),
                             ("false negative", false_negatives)):
            for article_id, paragraph, feature in pairs:
                print(f"{label}: {article_id}:{paragraph} {feature}")
    return 0


def register_evaluate(subparsers: argparse._SubParsersAction) -> None:
    """``evaluate [GOLD]``: precision and recall per feature against a gold CSV."""
    parser = subparsers.add_parser(
        "evaluate", help="score the linker against a hand-annotated gold set, per feature")
    parser.add_argument("gold", nargs="?", default=str(DEFAULT_GOLD),
                        help="gold CSV (default: tests/data/gold_mentions.csv)")
    parser.add_argument("--corpus", default=None, help="article folder (default: corpus/articles)")
    parser.add_argument("--features", default=None,
                        help="score only the feature ids listed in this file (whitespace "
                             "separated, '#' comments), e.g. the ids an annotator was given")
    parser.add_argument("--errors", action="store_true",
                        help="also list every false positive and false negative")
    parser.set_defaults(handler=run_evaluate)
