"""The linker against the hand-annotated gold sets: the acceptance bar for issue #2.

Scored per (passage, feature), as ``tests/data/README.md`` describes. The seed set must reach
0.95 precision and recall overall; the held-out set (synthetic articles in other outlets'
styles, written without seeing the aliases) guards against tuning to the seeds.
"""

from pathlib import Path

import pytest

import geodata
from corpus.articles import load_corpus, read_path
from corpus.evaluation import errors, format_table, predicted_pairs, read_gold, score
from corpus.linking import linker_for

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def linker():
    return linker_for(geodata.load_layers())


def _evaluate(corpus, linker, gold, features=None):
    required, optional = read_gold(gold)
    predicted = predicted_pairs(corpus, linker)
    if features is not None:
        predicted = {p for p in predicted if p[2] in features}
    scores = score(predicted, required, optional)
    false_positives, false_negatives = errors(predicted, required, optional)
    report = (format_table(scores) + f"\nfalse positives: {false_positives}"
              f"\nfalse negatives: {false_negatives}")
    return scores[-1], report


def test_seed_corpus_precision_and_recall_at_least_095(linker):
    total, report = _evaluate(load_corpus(), linker, DATA / "gold_mentions.csv")
    assert total.precision >= 0.95 and total.recall >= 0.95, report


@pytest.mark.parametrize("folder", ["heldout", "heldout2"])
def test_heldout_precision_and_recall(linker, folder):
    """Synthetic articles in other outlets' voices, annotated blind to the aliases.

    ``heldout`` has been looked at while improving the linker; ``heldout2`` has not (keep
    it that way: report its score, do not tune on it)."""
    directory = DATA / folder
    listed = (directory / "feature_ids.txt").read_text(encoding="utf-8")
    features = {w for line in listed.splitlines() if not line.startswith("#")
                for w in line.split()}
    total, report = _evaluate(read_path(directory), linker, directory / "gold.csv", features)
    assert total.precision >= 0.90 and total.recall >= 0.90, report


def test_seed_corpus_precision_and_recall_at_least_099(linker):
    """Issue 10: the multilingual linker keeps the seeds at 0.99."""
    total, report = _evaluate(load_corpus(), linker, DATA / "gold_mentions.csv")
    assert total.precision >= 0.99 and total.recall >= 0.99, report


# Issue 10: blind gold sets per language (tests/data/gold_<lang>/), scored once when the
# linker was finished (tests/data/README.md has the figures). Bars are a little below what
# was measured, and at least the targets: English corridor F1 0.95 and actor F1
# 0.98, Russian 0.90 and 0.93.
GOLD_BARS = {
    # language: (corridor F1, actor F1, overall F1)
    "en": (0.95, 0.98, 0.98),
    "ru": (0.94, 0.97, 0.96),
    "az": (0.93, 0.98, 0.96),
    "tr": (0.91, 0.96, 0.94),
    "hy": (0.88, 0.98, 0.97),
}


def _group_scores(folder: Path, linker):
    from corpus.evaluation import read_gold_folder, score_groups

    corpus, required, optional, features = read_gold_folder(folder)
    predicted = predicted_pairs(corpus, linker)
    if features is not None:
        predicted = {p for p in predicted if p[2] in features}
        required = {p for p in required if p[2] in features}
    layers = geodata.load_layers()
    layer_of = dict(zip(layers.features.index, layers.features["layer"], strict=True))

    def group(pair):
        layer = layer_of.get(pair[2])
        return "corridors" if layer in {"corridors", "zones"} else \
            "actors" if layer == "actors" else "places"

    groups = {s.feature: s for s in score_groups(predicted, required, optional, group)}
    total = score(predicted, required, optional)[-1]
    false_positives, false_negatives = errors(predicted, required, optional)
    return groups, total, f"fp {false_positives}\nfn {false_negatives}"


@pytest.mark.parametrize("language", sorted(GOLD_BARS))
def test_blind_gold_per_language(linker, language):
    corridor_bar, actor_bar, overall_bar = GOLD_BARS[language]
    groups, total, report = _group_scores(DATA / f"gold_{language}", linker)
    assert groups["corridors"].f1 >= corridor_bar, report
    assert groups["actors"].f1 >= actor_bar, report
    assert total.f1 >= overall_bar, report


@pytest.mark.parametrize("language", ["en", "ru", "az", "tr", "hy", "fa", "ka"])
def test_development_texts_per_language(linker, language):
    """The texts the linker was tuned on (tests/data/dev_<lang>/): they must stay right."""
    _, total, report = _group_scores(DATA / f"dev_{language}", linker)
    assert total.precision >= 0.99 and total.recall >= 0.99, report
