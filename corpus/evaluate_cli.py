"""``python -m corpus evaluate [GOLD ...] [--corpus DIR] [--errors]``: score the linker.

Each GOLD is a gold CSV (scored against ``--corpus``, default the seed articles) or a gold
folder holding its articles and ``gold.csv`` (``tests/data/gold_ru/``). The report has one
table per feature, then precision, recall and F1 per language (the language each article
was linked in) and per language and layer group (corridors, actors).
"""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "gold_mentions.csv"


def run_evaluate(args: argparse.Namespace) -> int:
    """Print the tables; exit 1 if a gold file or folder is unusable."""
    import geodata
    from corpus.articles import load_corpus
    from corpus.evaluation import (
        GoldFileError,
        errors,
        format_table,
        predicted_pairs,
        read_gold,
        read_gold_folder,
        score,
        score_groups,
    )
    from corpus.linking import linker_for

    layers = geodata.load_layers()
    linker = linker_for(layers)
    layer_of = dict(zip(layers.features.index, layers.features["layer"], strict=True))
    predicted, required, optional = set(), set(), set()
    languages: dict[str, str] = {}
    for gold in args.gold or [str(DEFAULT_GOLD)]:
        try:
            if Path(gold).is_dir():
                corpus, req, opt, features = read_gold_folder(gold)
            else:
                req, opt = read_gold(gold)
                corpus, features = load_corpus(args.corpus), None
        except (OSError, GoldFileError) as error:
            print(f"error: {error}")
            return 1
        found = predicted_pairs(corpus, linker, languages)
        wanted = features
        if args.features:
            listed = Path(args.features).read_text(encoding="utf-8").splitlines()
            wanted = {w for line in listed if not line.startswith("#") for w in line.split()}
        if wanted is not None:
            found = {p for p in found if p[2] in wanted}
            req = {p for p in req if p[2] in wanted}
            opt = {p for p in opt if p[2] in wanted}
        predicted |= found
        required |= req
        optional |= opt
    print(format_table(score(predicted, required, optional)))
    print()
    print(format_table(score_groups(predicted, required, optional,
                                    lambda p: languages.get(p[0], "unknown")), "language"))
    print()

    def group(pair):
        layer = layer_of.get(pair[2])
        kind = "corridors" if layer in {"corridors", "zones"} else \
            "actors" if layer == "actors" else "places" if layer == "places" else None
        return f"{languages.get(pair[0], 'unknown')}/{kind}" if kind else None

    print(format_table(score_groups(predicted, required, optional, group),
                       "language/group"))
    if args.errors:
        false_positives, false_negatives = errors(predicted, required, optional)
        for label, pairs in (("false positive", false_positives),
                             ("false negative", false_negatives)):
            for article_id, paragraph, feature in pairs:
                print(f"{label}: {article_id}:{paragraph} {feature}")
    return 0


def register_evaluate(subparsers: argparse._SubParsersAction) -> None:
    """``evaluate [GOLD ...]``: precision, recall and F1 per feature, language and group."""
    parser = subparsers.add_parser(
        "evaluate", help="score the linker against hand-annotated gold sets, per feature "
                         "and per language")
    parser.add_argument("gold", nargs="*",
                        help="gold CSVs or gold folders (default: tests/data/gold_mentions.csv)")
    parser.add_argument("--corpus", default=None,
                        help="article folder for gold CSVs (default: corpus/articles)")
    parser.add_argument("--features", default=None,
                        help="score only the feature ids listed in this file (whitespace "
                             "separated, '#' comments), e.g. the ids an annotator was given")
    parser.add_argument("--errors", action="store_true",
                        help="also list every false positive and false negative")
    parser.set_defaults(handler=run_evaluate)
