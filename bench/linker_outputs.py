"""Every match the linker finds, dumped one per line, to check that a change to the linker
leaves its outputs identical (a speed-up must not change what is found).

    PYTHONHASHSEED=0 .venv/bin/python -m bench.linker_outputs > /tmp/before.txt
    # ... change the linker ...
    PYTHONHASHSEED=0 .venv/bin/python -m bench.linker_outputs > /tmp/after.txt
    diff /tmp/before.txt /tmp/after.txt && echo identical

What is linked: every article of the seed corpus (``corpus/articles``) and of every folder
under ``tests/data`` (gold, development and held-out sets of every language), each as the
index links it (:func:`corpus.linking.link_article`: the article's language, acronyms shared
by its passages); then ``--synthetic`` English passages (``link_text`` without a language)
and as many Russian ones (``language="ru"``), made as in ``python -m bench`` (seed 0).
Each line holds the source, the passage, and every field of the match.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _article_lines(linker) -> Iterator[str]:
    from corpus.articles import load_corpus, read_path
    from corpus.linking import link_article

    corpora = [("seeds", load_corpus())]
    data = REPO / "tests" / "data"
    for folder in sorted(p for p in data.iterdir() if p.is_dir()):
        corpora.append((folder.name, read_path(folder)))
    for label, corpus in corpora:
        for article in sorted(corpus.articles, key=lambda a: (a.id, str(a.path))):
            for m in link_article(article, linker):
                yield "\t".join([label, m.passage_id, m.feature, str(m.start), str(m.end),
                                 repr(m.text), m.kind, str(m.actor), m.language, repr(m.name)])


def _synthetic_lines(linker, count: int) -> Iterator[str]:
    import geodata
    from bench.synthetic import (
        alias_pools,
        build_templates,
        feature_records,
        russian_pools,
        russian_texts,
        synthetic_passages,
    )
    from corpus.articles import load_corpus

    records = feature_records(geodata.load_layers())
    pools = alias_pools(records)
    templates = build_templates([p.text for p in load_corpus().passages()], linker, pools)
    ru_pools = russian_pools(records)
    ru_templates = build_templates(russian_texts(), linker, ru_pools, language="ru")
    sets = (("en", None, synthetic_passages(templates, pools, count, seed=0)),
            ("ru", "ru", synthetic_passages(ru_templates, ru_pools, count, seed=0)))
    for label, language, passages in sets:
        for number, text in enumerate(passages):
            for m in linker.link_text(text, language=language):
                yield "\t".join([f"synthetic-{label}", str(number), m.feature, str(m.start),
                                 str(m.end), repr(m.text), m.kind, str(m.actor), m.language,
                                 repr(m.name)])


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.linker_outputs",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--synthetic", type=int, default=3000,
                        help="synthetic passages per language (default 3000)")
    args = parser.parse_args(argv)

    import geodata
    from corpus.linking import linker_for

    linker = linker_for(geodata.load_layers())
    out = sys.stdout
    for line in _article_lines(linker):
        out.write(line + "\n")
    for line in _synthetic_lines(linker, args.synthetic):
        out.write(line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
