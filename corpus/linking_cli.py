"""``python -m corpus link PATH... [--format jsonl|csv]``: print every mention."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import TextIO

from corpus.articles import read_path
from corpus.export import defuse_formula
from corpus.linking import link_corpus, linker_for
from corpus.linking.passages import article_linking_language

OUTPUT_FIELDS = ["source", "paragraph", "feature", "start", "end", "text", "language", "name"]


def main(paths: list[str], fmt: str = "jsonl", out: TextIO | None = None, *,
         people: bool = False, layers_dir: str | None = None) -> int:
    """Link the articles under ``paths`` and write one record per mention to ``out``.

    Returns the exit status: 0, or 2 when a path does not exist or nothing could be read
    (problems are reported on standard error; readable files are still linked).
    """
    import geodata

    out = out or sys.stdout
    layers = geodata.load_layers(layers_dir)
    for problem in layers.problems:
        print(f"warning: {problem}", file=sys.stderr)
    linker = linker_for(layers)

    status = 0
    writer = csv.DictWriter(out, OUTPUT_FIELDS, extrasaction="ignore") if fmt == "csv" else None
    if writer:
        writer.writeheader()
    for path in paths:
        if not Path(path).exists():
            print(f"error: {path}: no such file or folder", file=sys.stderr)
            status = 2
            continue
        corpus = read_path(path)
        for problem in corpus.problems:
            print(f"error: {problem}", file=sys.stderr)
            status = 2
        for article in corpus.articles:
            if not article_linking_language(article):
                print(f"warning: {article.path or article.id}: no language stated and none "
                      "could be detected; linked with the English rules and the matchers of "
                      "the scripts it contains (add 'language: xx' to its front matter)",
                      file=sys.stderr)
        for mention in link_corpus(corpus.articles, linker):
            if mention.kind != "feature" and not people:
                continue
            record = {
                "source": mention.source,
                "paragraph": mention.paragraph,
                "feature": mention.feature,
                "start": mention.start,
                "end": mention.end,
                "text": mention.text,
                "language": mention.language,
                "name": mention.name,
            }
            if writer:
                # A file name or quote starting with '=' would run as a spreadsheet formula.
                writer.writerow({key: defuse_formula(value) for key, value in record.items()})
            else:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return status
