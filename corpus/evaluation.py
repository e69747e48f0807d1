"""Score the linker against a hand-annotated gold set, per passage and per feature.

The unit of scoring is the pair (passage, feature): does this paragraph mention this
feature? (see ``tests/data/README.md``). Gold rows marked ``optional`` (definite
back-references such as "the corridor") are neither required nor penalised.

``python -m corpus evaluate [GOLD_CSV | GOLD_FOLDER ...]`` prints the tables: per feature,
then per language (the language each article was linked in) and per layer group
(corridors, actors). A gold folder (``tests/data/gold_ru/``) holds its articles and a
``gold.csv``; an optional ``feature_ids.txt`` limits scoring to the ids its annotator had.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

GOLD_COLUMNS = ("article_id", "paragraph", "feature", "text", "optional", "note")


class GoldFileError(ValueError):
    """The gold CSV is malformed; the message names the file and the line."""


@dataclass(frozen=True)
class Score:
    """Counts and ratios for one feature (or for all, ``feature == "ALL"``)."""

    feature: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


Pair = tuple[str, int, str]  # (article id, paragraph, feature)


def read_gold(path: Path | str) -> tuple[set[Pair], set[Pair]]:
    """Required and optional (article, paragraph, feature) pairs from a gold CSV."""
    path = Path(path)
    required: set[Pair] = set()
    optional: set[Pair] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"article_id", "paragraph", "feature"} - set(reader.fieldnames or ())
        if missing:
            raise GoldFileError(f"{path}:1: missing column(s) {sorted(missing)}; "
                                f"expected header {','.join(GOLD_COLUMNS)}")
        for line, row in enumerate(reader, start=2):
            try:
                pair = (row["article_id"].strip(), int(row["paragraph"]), row["feature"].strip())
            except (TypeError, ValueError) as exc:
                raise GoldFileError(f"{path}:{line}: paragraph must be a whole number "
                                    f"({exc})") from exc
            is_optional = (row.get("optional") or "").strip().lower() in {"yes", "true", "1"}
            (optional if is_optional else required).add(pair)
    return required, optional - required


def score(predicted: set[Pair], required: set[Pair], optional: set[Pair],
          features: set[str] | None = None) -> list[Score]:
    """Per-feature scores, then the micro-averaged total as feature ``ALL``.

    ``features`` limits scoring to those ids (default: every id in gold or predictions).
    """
    predicted = {p for p in predicted if p not in optional}
    if features is not None:
        predicted = {p for p in predicted if p[2] in features}
        required = {p for p in required if p[2] in features}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for pair in predicted & required:
        counts[pair[2]][0] += 1
    for pair in predicted - required:
        counts[pair[2]][1] += 1
    for pair in required - predicted:
        counts[pair[2]][2] += 1
    rows = [Score(f, *c) for f, c in sorted(counts.items())]
    total = Score("ALL", *(sum(r[i] for r in counts.values()) for i in range(3)))
    return rows + [total]


def errors(predicted: set[Pair], required: set[Pair], optional: set[Pair]
           ) -> tuple[list[Pair], list[Pair]]:
    """(false positives, false negatives), sorted, for inspection."""
    predicted = {p for p in predicted if p not in optional}
    return sorted(predicted - required), sorted(required - predicted)


def format_table(scores: list[Score], label: str = "feature") -> str:
    """A plain-text table of scores."""
    lines = [f"{label:32} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7} "
             f"{'F1':>6}"]
    for s in scores:
        lines.append(f"{s.feature:32} {s.true_positives:4d} {s.false_positives:4d} "
                     f"{s.false_negatives:4d} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f}")
    return "\n".join(lines)


def score_groups(predicted: set[Pair], required: set[Pair], optional: set[Pair],
                 group_of) -> list[Score]:
    """Micro-averaged scores per group: ``group_of(pair)`` names a pair's group (a language,
    'corridors', 'ru/actors'...), or None to leave it out."""
    groups: dict[str, tuple[set, set, set]] = defaultdict(lambda: (set(), set(), set()))
    for target, pairs in ((0, predicted), (1, required), (2, optional)):
        for pair in pairs:
            group = group_of(pair)
            if group is not None:
                groups[group][target].add(pair)
    out = []
    for group, (p, r, o) in sorted(groups.items()):
        total = score(p, r, o)[-1]
        out.append(Score(group, total.true_positives, total.false_positives,
                         total.false_negatives))
    return out


def read_gold_folder(folder: Path | str):
    """(corpus, required, optional, features or None) of a gold folder."""
    from corpus.articles import read_path

    folder = Path(folder)
    gold = folder / "gold.csv"
    if not gold.exists():
        raise GoldFileError(f"{folder}: no gold.csv in this folder; a gold folder holds its "
                            "articles and a gold.csv (see tests/data/README.md)")
    required, optional = read_gold(gold)
    listed = folder / "feature_ids.txt"
    features = None
    if listed.exists():
        features = {w for line in listed.read_text(encoding="utf-8").splitlines()
                    if not line.startswith("#") for w in line.split()}
    from dataclasses import replace

    corpus = read_path(folder)
    # The folder's own documentation is not an article.
    kept = tuple(a for a in corpus.articles
                 if Path(str(a.path or "")).name not in {"feature_ids.txt", "README.md"})
    return replace(corpus, articles=kept), required, optional, features


def predicted_pairs(corpus, linker, languages: dict[str, str] | None = None) -> set[Pair]:
    """The (article, paragraph, feature) pairs the linker finds in ``corpus``.

    ``languages``, if given, is filled with each article's linking language."""
    from corpus.linking import link_corpus
    from corpus.linking.passages import article_linking_language

    if languages is not None:
        for article in corpus.articles:
            languages[article.id] = article_linking_language(article) or "unknown"
    return {(m.article_id, m.paragraph, m.feature)
            for m in link_corpus(corpus.articles, linker) if m.kind == "feature"}
