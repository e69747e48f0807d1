"""Smoke tests of the benchmark package: the synthetic corpus generator and the report
tables (nothing here is timed)."""

from __future__ import annotations

import pytest

from bench.linking import alias_list, make_matcher
from bench.report import growth_lines, linker_table
from bench.synthetic import (
    SyntheticCorpusError,
    Template,
    alias_pools,
    build_templates,
    synthetic_passages,
    write_synthetic_corpus,
)
from corpus.articles import load_corpus
from corpus.linking import Linker

FEATURES = [
    {"id": "tripp", "layer": "corridors", "aliases": ["TRIPP", "Trump Route", "Zangezur corridor"],
     "patterns": [r"corridor\s+through\s+southern\s+armenia"]},
    {"id": "armenia", "layer": "actors", "aliases": ["Armenia", "Армения"],
     "people": [{"id": "pashinyan", "name": "Nikol Pashinyan", "aliases": ["Pashinyan"]}]},
    {"id": "btc_pipeline", "layer": "corridors", "aliases": ["Baku-Tbilisi-Ceyhan"]},
]
SEEDS = [
    "TRIPP runs through Armenia, said Pashinyan.",
    "A corridor through southern Armenia is planned.",
    "Nothing to see here.",
]


@pytest.fixture
def material():
    pools = alias_pools(FEATURES)
    return build_templates(SEEDS, Linker.from_features(FEATURES), pools), pools


def test_alias_pools_hold_variants_and_prefer_latin_script():
    pools = alias_pools(FEATURES)
    assert pools[("feature", "armenia")] == ["Armenia"]  # the Cyrillic name is left out
    assert {"Baku-Tbilisi-Ceyhan", "Baku Tbilisi Ceyhan", "BakuTbilisiCeyhan"} <= set(
        pools[("feature", "btc_pipeline")])
    assert pools[("person", "pashinyan")] == ["Nikol Pashinyan", "Pashinyan"]


def test_templates_cut_names_into_slots_and_keep_descriptions(material):
    templates, _ = material
    assert templates[0] == Template((("feature", "tripp"), " runs through ",
                                     ("feature", "armenia"), ", said ",
                                     ("person", "pashinyan"), "."))
    # The description found by a pattern stays as written; only "Armenia" inside it varies.
    assert templates[1].parts[0] == "A corridor through southern "
    assert templates[2] == Template(("Nothing to see here.",))


def test_passages_are_deterministic_sized_and_varied(material):
    templates, pools = material
    first = synthetic_passages(templates, pools, 200, seed=7)
    assert first == synthetic_passages(templates, pools, 200, seed=7)
    assert first != synthetic_passages(templates, pools, 200, seed=8)
    assert len(first) == 200
    openings = {p.split(" runs")[0] for p in first if " runs through " in p}
    assert openings == {"TRIPP", "Trump Route", "Zangezur corridor"}
    linker = Linker.from_features(FEATURES)
    named = [p for p in first if "runs through" in p]
    assert all({m.feature for m in linker.link_text(p)} >= {"tripp", "armenia"} for p in named)


def test_no_seed_text_is_an_error():
    with pytest.raises(SyntheticCorpusError, match="no seed paragraphs"):
        build_templates([], Linker.from_features(FEATURES), alias_pools(FEATURES))


def test_written_corpus_loads_with_the_asked_number_of_articles(material, tmp_path):
    templates, pools = material
    paths = write_synthetic_corpus(tmp_path, templates, pools, 16, seed=3,
                                   passages_per_article=(2, 4))
    assert [p.name for p in paths[:2]] == ["syn-000001.md", "syn-000002.md"]
    corpus = load_corpus(tmp_path)
    assert corpus.problems == () and len(corpus.articles) == 16
    assert all(2 <= len(a.passages) <= 4 for a in corpus.articles)
    assert sum(a.published is None for a in corpus.articles) == 2  # every eighth
    again = tmp_path / "again"
    write_synthetic_corpus(again, templates, pools, 16, seed=3, passages_per_article=(2, 4))
    assert [p.read_bytes() for p in sorted(again.iterdir())] == [p.read_bytes() for p in paths]


@pytest.mark.parametrize("engine", ["floor", "corridor_atlas", "corridor_atlas_aliases",
                                    "flashtext", "spacy"])
def test_every_engine_finds_names_in_a_passage(engine):
    pytest.importorskip({"flashtext": "flashtext", "spacy": "spacy"}.get(engine, "json"))
    matcher = make_matcher(engine, FEATURES, alias_list(alias_pools(FEATURES)))
    found = matcher("The Trump Route and the corridor through southern Armenia.")
    assert found == 1 if engine == "floor" else found >= 2


def test_tables_compare_to_the_floor_and_judge_growth():
    rows = [
        {"engine": e, "passages": n, "megabytes": n / 1000, "seconds": s,
         "passages_per_s": n / s, "mb_per_s": n / 1000 / s, "matches": 1, "memory_mb": 1.0}
        for e, n, s in [("floor", 1000, 0.01), ("floor", 100_000, 1.0),
                        ("x", 1000, 0.1), ("x", 100_000, 20.0)]
    ]
    assert "| x | 1,000 | 1.0 | 0.100 | 10,000 | 10.00 | 10.0x |" in linker_table(rows)
    lines = growth_lines(rows)
    assert "floor" in lines[0] and "(linear" in lines[0]
    assert "x: throughput at 100,000 passages is 0.50x" in lines[1] and "NOT linear" in lines[1]


def test_import_bench_pages_are_distinct_articles(tmp_path):
    from bench.importing import import_table, measure, write_pages

    write_pages(tmp_path / "pages", 12)
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    result = measure(tmp_path / "pages", corpus_dir, "local", 1)
    assert result["exit"] == 0 and result["articles"] == 12  # none taken for a copy
    assert result["seconds"] > 0 and result["peak_mb"] > 0
    row = {"pages": 12, "engine": "local", **result, "pages_per_s": 12 / result["seconds"],
           "add_pages_per_s": 1.0}
    assert "| 12 | local |" in import_table([row])
