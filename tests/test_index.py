"""Tests of corpus.index: the on-disk mention index, built in tmp_path from tiny layers."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

import corpus.index as index_module
import geodata
from corpus.articles import load_corpus
from corpus.index import ArticleFilter, MentionIndex, build_index, open_index
from corpus.linking import link_corpus, linker_for

SOURCES = [{"title": "test", "url": "https://example.org/"}]
SQUARE = {"type": "Polygon", "coordinates": [[[44, 38], [48, 38], [48, 41], [44, 41], [44, 38]]]}


def _feature(props: dict, geometry: dict) -> dict:
    base = {"status": "existing", "accuracy": "exact", "description": "A test feature.",
            "sources": SOURCES}
    return {"type": "Feature", "properties": {**base, **props}, "geometry": geometry}


def write_layers(directory: Path, *, extra_alias: str | None = None) -> Path:
    """Four tiny layer files; ``extra_alias`` adds a name to TRIPP (a geodata change)."""
    directory.mkdir(parents=True, exist_ok=True)
    tripp_aliases = ["TRIPP", "Trump Route", "Zangezur corridor"] + (
        [extra_alias] if extra_alias else [])
    line = {"type": "MultiLineString", "coordinates": [[[46.0, 39.0], [46.5, 38.9]]]}
    layers = {
        "corridors": [
            _feature({"id": "tripp", "name": "TRIPP", "kind": "rail and road corridor",
                      "layer": "corridors", "status": "planned", "accuracy": "schematic",
                      "aliases": tripp_aliases,
                      "patterns": [r"corridor\s+through\s+southern\s+armenia"],
                      "segments": [{"name": "Meghri", "status": "planned",
                                    "accuracy": "schematic", "description": "A segment.",
                                    "sources": SOURCES}]}, line),
            _feature({"id": "middle_corridor", "name": "Middle Corridor",
                      "kind": "transport corridor", "layer": "corridors", "status": "built",
                      "aliases": ["Middle Corridor", "TITR"],
                      "segments": [{"name": "Sea leg", "status": "built",
                                    "accuracy": "approximate", "description": "A segment.",
                                    "sources": SOURCES}]}, line),
        ],
        "actors": [
            _feature({"id": "armenia", "name": "Armenia", "kind": "state", "layer": "actors",
                      "aliases": ["Armenia", "Armenian"],
                      "people": [{"id": "pashinyan", "name": "Nikol Pashinyan",
                                  "role": "Prime Minister", "aliases": ["Pashinyan"]}]},
                     SQUARE),
            _feature({"id": "azerbaijan", "name": "Azerbaijan", "kind": "state",
                      "layer": "actors", "aliases": ["Azerbaijan", "Azerbaijani"], "people": []},
                     SQUARE),
        ],
        "zones": [
            _feature({"id": "tripp_zone", "name": "TRIPP zone", "kind": "zone",
                      "layer": "zones", "status": "planned", "aliases": ["TRIPP zone"]},
                     SQUARE),
        ],
        "places": [
            _feature({"id": "yerevan", "name": "Yerevan", "kind": "capital", "layer": "places",
                      "aliases": ["Yerevan"], "capital_of": "armenia"},
                     {"type": "Point", "coordinates": [44.5, 40.2]}),
        ],
    }
    for name, features in layers.items():
        (directory / f"{name}.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return directory


def write_article(directory: Path, article_id: str, paragraphs: list[str], *,
                  outlet: str = "", published: str = "") -> Path:
    path = directory / f"{article_id}.md"
    path.write_text(
        f"---\nid: {article_id}\ntitle: 'Title {article_id}'\noutlet: '{outlet}'\n"
        f"author: ''\npublished: '{published}'\nurl: ''\nlanguage: en\nseed: ''\n---\n"
        + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def layers_dir(tmp_path) -> Path:
    directory = write_layers(tmp_path / "layers")
    assert geodata.load_layers(directory).problems == []  # the fixture itself is valid
    return directory


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    directory = tmp_path / "articles"
    directory.mkdir()
    write_article(directory, "a1", ["TRIPP crosses Armenia.", "Nothing here.",
                                    "Pashinyan spoke in Yerevan about the Trump Route."],
                  outlet="Outlet One", published="2026-02-01")
    write_article(directory, "b2", ["The Middle Corridor and the TRIPP zone.",
                                    "Azerbaijani officials backed the corridor through "
                                    "southern Armenia."], outlet="Outlet Two",
                  published="2025-05-05")
    write_article(directory, "c3", ["Yerevan said the Zangezur corridor is TRIPP."])
    return directory


def build(corpus_dir, layers_dir, tmp_path, **options):
    return build_index(corpus_dir, layers_dir=layers_dir, index_path=tmp_path / "index.sqlite",
                       **options)


def mention_keys(frame) -> set[tuple]:
    return {(r.passage_id, r.feature, r.start, r.end, r.text, r.kind)
            for r in frame.itertuples()}


def table_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table except meta, sorted: two indexes with equal rows are equal."""
    with sqlite3.connect(path) as connection:
        return {table: sorted(connection.execute(f"SELECT * FROM {table}"))
                for table in ("files", "articles", "passages", "mentions")}


def test_index_holds_exactly_the_mentions_of_a_direct_link(corpus_dir, layers_dir, tmp_path):
    report = build(corpus_dir, layers_dir, tmp_path)
    direct = list(link_corpus(load_corpus(corpus_dir).articles,
                              linker_for(geodata.load_layers(layers_dir))))
    assert report.linked == 3 and report.full_rebuild
    indexed = MentionIndex(report.path).mentions()
    assert mention_keys(indexed) == {(m.passage_id, m.feature, m.start, m.end, m.text, m.kind)
                                     for m in direct}
    assert len(indexed) == len(direct) > 8
    texts = MentionIndex(report.path).article_passages("a1")
    assert list(texts["paragraph"]) == [1, 2, 3]
    for row in indexed.itertuples():
        passage = texts.loc[texts["paragraph"] == row.paragraph, "text"]
        if row.article_id == "a1":
            assert passage.iloc[0][row.start:row.end] == row.text


class CountingLinkFile:
    """Wraps corpus.index.link_file and records the paths it was called with."""

    def __init__(self):
        self.paths: list[str] = []
        self.real = index_module.link_file

    def __call__(self, path, content_hash, *args, **kwargs):
        self.paths.append(Path(path).name)
        return self.real(path, content_hash, *args, **kwargs)


def test_second_build_links_nothing(corpus_dir, layers_dir, tmp_path, monkeypatch):
    build(corpus_dir, layers_dir, tmp_path)
    counter = CountingLinkFile()
    monkeypatch.setattr(index_module, "link_file", counter)
    report = build(corpus_dir, layers_dir, tmp_path)
    assert (report.linked, report.unchanged, report.removed, report.full_rebuild) == (
        0, 3, 0, False)
    assert counter.paths == []


def test_added_modified_and_deleted_files_are_the_only_ones_relinked(
        corpus_dir, layers_dir, tmp_path, monkeypatch):
    first = build(corpus_dir, layers_dir, tmp_path)
    counter = CountingLinkFile()
    monkeypatch.setattr(index_module, "link_file", counter)
    index = MentionIndex(first.path)

    write_article(corpus_dir, "d4", ["Armenia and Azerbaijan discussed TRIPP."])
    report = build(corpus_dir, layers_dir, tmp_path)
    assert (report.linked, report.unchanged, report.removed) == (1, 3, 0)
    assert counter.paths == ["d4.md"]
    assert index.feature_summary("tripp") == (5, 4)

    write_article(corpus_dir, "c3", ["Nothing about corridors any more."])
    report = build(corpus_dir, layers_dir, tmp_path)
    assert (report.linked, report.unchanged, report.removed) == (1, 3, 0)
    assert counter.paths == ["d4.md", "c3.md"]
    assert "c3" not in set(index.mentions()["article_id"])
    assert list(index.article_passages("c3")["text"]) == ["Nothing about corridors any more."]

    (corpus_dir / "b2.md").unlink()
    report = build(corpus_dir, layers_dir, tmp_path)
    assert (report.linked, report.unchanged, report.removed) == (0, 3, 1)
    assert counter.paths == ["d4.md", "c3.md"]
    assert "b2" not in set(index.articles()["id"])
    assert index.feature_counts().get("middle_corridor", 0) == 0


def test_geodata_change_relinks_everything(corpus_dir, layers_dir, tmp_path):
    build(corpus_dir, layers_dir, tmp_path)
    write_layers(layers_dir, extra_alias="Nothing here")
    report = build(corpus_dir, layers_dir, tmp_path)
    assert report.full_rebuild and (report.linked, report.unchanged) == (3, 0)
    found = MentionIndex(report.path).passages_for("tripp")
    assert "a1:2" in set(found["passage_id"])  # "Nothing here." is now a TRIPP alias


def test_linker_code_change_relinks_everything(corpus_dir, layers_dir, tmp_path, monkeypatch):
    build(corpus_dir, layers_dir, tmp_path)
    monkeypatch.setattr(index_module, "code_hash", lambda: "a different linker")
    report = build(corpus_dir, layers_dir, tmp_path)
    assert report.full_rebuild and report.linked == 3
    assert build(corpus_dir, layers_dir, tmp_path).linked == 0


def test_duplicate_ids_and_bad_files_are_problems_not_crashes(corpus_dir, layers_dir, tmp_path):
    (corpus_dir / "a1.txt").write_text("TRIPP again, as plain text.\n", encoding="utf-8")
    (corpus_dir / "broken.md").write_text("no front matter here\n", encoding="utf-8")
    (corpus_dir / "latin1.md").write_bytes(b"---\nid: latin1\n---\ncaf\xe9\n")
    report = build(corpus_dir, layers_dir, tmp_path)
    index = MentionIndex(report.path)
    problems = index.problems()
    assert any("a1.txt" in p and "also used by" in p for p in problems), problems
    assert any("broken.md" in p and "front matter" in p for p in problems), problems
    assert any("latin1.md" in p and "UTF-8" in p for p in problems), problems
    assert sorted(index.articles()["id"]) == ["a1", "b2", "c3"]
    assert index.feature_summary("tripp") == (4, 3)


def test_filters_by_outlet_date_and_undated(corpus_dir, layers_dir, tmp_path):
    index = MentionIndex(build(corpus_dir, layers_dir, tmp_path).path)
    assert index.feature_summary("tripp") == (4, 3)
    one = ArticleFilter(outlets=("Outlet One",))
    assert index.feature_summary("tripp", one) == (2, 1)
    no_outlet = ArticleFilter(outlets=("",))
    assert set(index.passages_for("tripp", no_outlet)["article_id"]) == {"c3"}
    assert index.feature_counts(ArticleFilter(outlets=())) == {}
    since_2026 = ArticleFilter(start=dt.date(2026, 1, 1))
    assert set(index.passages_for("tripp", since_2026)["article_id"]) == {"a1", "c3"}
    dated_2025 = ArticleFilter(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31),
                               include_undated=False)
    assert set(index.passages_for("tripp", dated_2025)["article_id"]) == {"b2"}
    assert index.feature_counts(dated_2025) == {"tripp": 1, "middle_corridor": 1,
                                                "tripp_zone": 1, "azerbaijan": 1,
                                                "armenia": 1}
    assert index.feature_counts(kind="person") == {"pashinyan": 1}


def test_paging_returns_every_passage_once_and_counts_stay_exact(tmp_path, layers_dir):
    corpus_dir = tmp_path / "many"
    corpus_dir.mkdir()
    for number in range(12):
        write_article(corpus_dir, f"art{number:02d}",
                      [f"TRIPP paragraph {n} of article {number}." for n in range(3)],
                      published=f"2025-01-{number + 1:02d}" if number % 4 else "")
    index = MentionIndex(build(corpus_dir, layers_dir, tmp_path).path)
    everything = index.passages_for("tripp")
    assert len(everything) == 36 and index.feature_summary("tripp") == (36, 12)
    pages = [index.passages_for("tripp", limit=10, offset=offset) for offset in (0, 10, 20, 30)]
    assert [len(p) for p in pages] == [10, 10, 10, 6]
    paged = [pid for page in pages for pid in page["passage_id"]]
    assert paged == list(everything["passage_id"])
    undated = everything["published"].isna()
    dates = list(everything.loc[~undated, "published"])
    assert dates == sorted(dates) and len(dates) == 27 and undated.iloc[-9:].all()
    assert index.passages_for("tripp", limit=10, offset=40).empty


def test_progress_is_reported_up_to_the_total(corpus_dir, layers_dir, tmp_path):
    calls = []
    open_index(corpus_dir, layers_dir=layers_dir, index_path=tmp_path / "index.sqlite",
               progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_unknown_engine_is_refused(corpus_dir, layers_dir, tmp_path):
    with pytest.raises(ValueError, match="unknown engine 'spark'"):
        build(corpus_dir, layers_dir, tmp_path, engine="spark")


def test_dask_engine_builds_the_same_index_as_local(corpus_dir, layers_dir, tmp_path):
    distributed = pytest.importorskip("distributed")
    write_article(corpus_dir, "d4", ["Armenia and Azerbaijan discussed TRIPP."])
    (corpus_dir / "broken.md").write_text("no front matter here\n", encoding="utf-8")
    local = build_index(corpus_dir, layers_dir=layers_dir,
                        index_path=tmp_path / "local.sqlite")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        progress = []
        remote = build_index(corpus_dir, layers_dir=layers_dir,
                             index_path=tmp_path / "dask.sqlite", engine="dask",
                             dask_client=client,
                             progress=lambda done, total: progress.append((done, total)))
    assert (remote.linked, local.linked) == (5, 5)
    assert progress[-1] == (5, 5)
    assert table_rows(remote.path) == table_rows(local.path)
    assert len(table_rows(local.path)["mentions"]) > 8


def test_duplicate_that_loses_becomes_the_article_when_the_other_file_goes(
        corpus_dir, layers_dir, tmp_path):
    (corpus_dir / "a1.txt").write_text("Azerbaijan, as plain text.\n", encoding="utf-8")
    build(corpus_dir, layers_dir, tmp_path)
    (corpus_dir / "a1.md").unlink()
    index = MentionIndex(build(corpus_dir, layers_dir, tmp_path).path)
    assert index.problems() == []
    assert list(index.article_passages("a1")["text"]) == ["Azerbaijan, as plain text."]
    assert index.feature_summary("azerbaijan") == (2, 2)


def test_a_corrupt_index_file_is_rebuilt(corpus_dir, layers_dir, tmp_path, monkeypatch):
    # The default index file is ours (under INDEX_DIR): a corrupt one is rebuilt. An explicit
    # --index file that is not an index is refused instead (tests/test_robust_index.py).
    monkeypatch.setattr(index_module, "INDEX_DIR", tmp_path / "indexes")
    default = index_module.default_index_path(corpus_dir, layers_dir)
    default.parent.mkdir()
    default.write_bytes(b"this is not a database" * 100)
    report = build_index(corpus_dir, layers_dir=layers_dir)
    assert report.path == default
    assert report.full_rebuild and report.linked == 3
    assert MentionIndex(report.path).feature_summary("tripp") == (4, 3)


def test_mentions_narrowed_in_sql_equal_the_filtered_frame(corpus_dir, layers_dir, tmp_path):
    index = MentionIndex(build(corpus_dir, layers_dir, tmp_path).path)
    everything = index.mentions()
    for options, keep in [
        ({"features": ["tripp", "armenia"]}, everything["feature"].isin(["tripp", "armenia"])),
        ({"features": []}, everything["feature"].isin([])),
        ({"kind": "person"}, everything["kind"] == "person"),
        ({"actor": "armenia", "kind": "person"},
         (everything["actor"] == "armenia") & (everything["kind"] == "person")),
    ]:
        narrowed = index.mentions(**options)
        assert list(narrowed["mention_id"]) == list(everything.loc[keep, "mention_id"]), options
    assert len(index.mentions(kind="person")) == 1


def test_first_article_mentioning(corpus_dir, layers_dir, tmp_path):
    index = MentionIndex(build(corpus_dir, layers_dir, tmp_path).path)
    assert index.first_article_mentioning(["middle_corridor"]) == "b2"
    assert index.first_article_mentioning(["tripp", "middle_corridor"]) == "a1"
    assert index.first_article_mentioning(["tripp"], ArticleFilter(outlets=("",))) == "c3"
    assert index.first_article_mentioning(["nowhere"]) is None
    assert index.first_article_mentioning([]) is None
