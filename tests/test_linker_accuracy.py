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
