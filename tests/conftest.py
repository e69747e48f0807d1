"""Shared fixtures: a tiny map (four layers, a handful of features) and a tiny corpus.

Built in memory or in tmp_path; nothing here reads the committed data, so the dashboard's
unit tests do not depend on the geodata or the corpus being finished.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from corpus.articles import Article, Passage


def _feature(props: dict, geometry: dict) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def tiny_collections() -> dict[str, dict]:
    """One FeatureCollection per layer, with every status and accuracy the map draws."""
    corridors = [
        _feature(
            {
                "id": "tripp",
                "name": "TRIPP",
                "kind": "rail and road corridor",
                "layer": "corridors",
                "status": "mixed",
                "accuracy": "approximate",
                "description": "A route through southern Armenia.",
                "aliases": ["TRIPP", "Trump Route"],
                "sources": [{"title": "A source", "url": "https://example.org/tripp"}],
                "segments": [
                    {"name": "Horadiz-Aghband", "status": "under construction",
                     "accuracy": "approximate"},
                    {"name": "Meghri section", "status": "planned", "accuracy": "schematic"},
                ],
            },
            {
                "type": "MultiLineString",
                "coordinates": [
                    [[47.3364, 39.4478], [46.5667, 38.9]],
                    [[46.5667, 38.9], [46.2458, 38.9033], [46.1964, 38.865]],
                ],
            },
        ),
        _feature(
            {
                "id": "caspian_fiber",
                "name": "Trans-Caspian fibre-optic cable",
                "kind": "submarine cable",
                "layer": "corridors",
                "status": "planned",
                "accuracy": "schematic",
                "segments": [{"name": "Sumgait-Aktau", "status": "planned",
                              "accuracy": "schematic"}],
            },
            {"type": "MultiLineString", "coordinates": [[[49.6686, 40.5897], [51.1722, 43.6481]]]},
        ),
        _feature(
            {
                "id": "btc_pipeline",
                "name": "BTC pipeline",
                "kind": "oil pipeline",
                "layer": "corridors",
                "status": "built",
                "accuracy": "approximate",
                "segments": [{"name": "Sangachal-Tbilisi", "status": "built",
                              "accuracy": "approximate"}],
            },
            {"type": "MultiLineString", "coordinates": [[[49.4813, 40.2013], [44.8337, 41.6941]]]},
        ),
    ]
    square = {"type": "Polygon",
              "coordinates": [[[44, 38], [48, 38], [48, 36], [44, 36], [44, 38]]]}
    north = {"type": "Polygon", "coordinates": [[[45, 39], [50, 39], [50, 42], [45, 42], [45, 39]]]}
    actors = [
        _feature({"id": "iran", "name": "Iran", "kind": "state", "layer": "actors",
                  "status": "existing", "accuracy": "exact",
                  "people": [{"id": "pezeshkian", "name": "Masoud Pezeshkian",
                              "role": "President"}]}, square),
        _feature({"id": "azerbaijan", "name": "Azerbaijan", "kind": "state", "layer": "actors",
                  "status": "existing", "accuracy": "exact"}, north),
    ]
    zones = [
        _feature({"id": "tripp_zone", "name": "TRIPP zone", "kind": "zone", "layer": "zones",
                  "status": "planned", "accuracy": "schematic"},
                 {"type": "Polygon", "coordinates": [[[46.1, 38.8], [46.3, 38.8], [46.3, 39.0],
                                                      [46.1, 39.0], [46.1, 38.8]]]}),
    ]
    places = [
        _feature({"id": "baku", "name": "Baku", "kind": "capital", "layer": "places",
                  "status": "existing", "accuracy": "exact"},
                 {"type": "Point", "coordinates": [49.892, 40.3777]}),
        _feature({"id": "aktau", "name": "Aktau", "kind": "port", "layer": "places",
                  "status": "existing", "accuracy": "exact"},
                 {"type": "Point", "coordinates": [51.1722, 43.6481]}),
    ]
    return {
        "corridors": {"type": "FeatureCollection", "features": corridors},
        "actors": {"type": "FeatureCollection", "features": actors},
        "zones": {"type": "FeatureCollection", "features": zones},
        "places": {"type": "FeatureCollection", "features": places},
    }


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    """An empty corpus folder to import or add into (modules that need articles in it
    define their own ``corpus_dir``, which pytest uses instead)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


@pytest.fixture
def collections() -> dict[str, dict]:
    """The tiny map layers."""
    return tiny_collections()


@pytest.fixture
def basemap() -> dict:
    """Two country outlines."""
    return {
        "type": "FeatureCollection",
        "features": [
            _feature({"name": "Country A"}, {"type": "Polygon", "coordinates": [
                [[40, 35], [55, 35], [55, 45], [40, 45], [40, 35]]]}),
        ],
    }


def make_article(article_id: str, paragraphs: list[str], **fields) -> Article:
    """An Article with passages numbered from 1."""
    passages = tuple(
        Passage(f"{article_id}:{n}", article_id, n, text)
        for n, text in enumerate(paragraphs, start=1)
    )
    defaults = {
        "title": "", "outlet": "", "author": "", "published": None, "url": "",
        "language": "en", "seed": "", "path": None,
    }
    defaults.update(fields)
    return Article(id=article_id, passages=passages, **defaults)


def mention_rows(article: Article, feature: str, needle: str, kind: str = "feature",
                 actor: str | None = None) -> list[dict]:
    """A mentions-frame row for every occurrence of ``needle`` in the article's passages."""
    rows = []
    for passage in article.passages:
        start = passage.text.find(needle)
        while start != -1:
            end = start + len(needle)
            rows.append({
                "mention_id": f"{passage.id}:{start}-{end}:{feature}",
                "source": article.id,
                "article_id": article.id,
                "passage_id": passage.id,
                "paragraph": passage.n,
                "feature": feature,
                "start": start,
                "end": end,
                "text": needle,
                "kind": kind,
                "actor": actor,
            })
            start = passage.text.find(needle, end)
    return rows


@pytest.fixture
def articles() -> dict[str, Article]:
    """Three articles: dated with an outlet, undated without one, and a hostile one."""
    a = make_article(
        "a1",
        ["TRIPP crosses Armenia.", "Nothing here.", "Iran objects to TRIPP, says Pezeshkian."],
        title="Route news", outlet="Outlet One", published=dt.date(2026, 2, 1),
        url="https://example.org/a1",
    )
    b = make_article("b2", ["The fibre-optic cable across the Caspian Sea and TRIPP."])
    c = make_article(
        "c3",
        ["<script>alert(1)</script> TRIPP <img src=x onerror=alert(2)> ${7*7} **bold** "
         "[link](javascript:alert(3)) :red[colour] $x^2$"],
        title="<b>Hostile</b> title", outlet="Outlet <Two>", published=dt.date(2025, 5, 5),
        url="javascript:alert(4)",
    )
    return {x.id: x for x in (a, b, c)}


# --------------------------------------------------------------------------- the same data on disk

_DEFAULT_SOURCES = [{"title": "A test source", "url": "https://example.org/"}]
# Names the linker looks for in the tiny articles, beyond each feature's own name.
_EXTRA_ALIASES = {"caspian_fiber": ["fibre-optic cable across the Caspian"]}


def write_layer_files(directory, collections: dict[str, dict]):
    """The tiny layers as geodata layer files, completed with what the loader requires
    (description, aliases, sources; segment and people details) so that they load clean."""
    import json

    directory.mkdir(parents=True, exist_ok=True)
    for layer, collection in collections.items():
        features = []
        for feature in collection["features"]:
            props = dict(feature["properties"])
            props.setdefault("description", f"{props['name']}, a test feature.")
            props.setdefault("sources", _DEFAULT_SOURCES)
            aliases = list(props.get("aliases") or [props["name"]])
            props["aliases"] = aliases + _EXTRA_ALIASES.get(props["id"], [])
            if "segments" in props:
                props["segments"] = [{"description": "A segment.", "sources": _DEFAULT_SOURCES,
                                      **segment} for segment in props["segments"]]
            if layer == "actors":
                props["people"] = [{"aliases": [person["name"].split()[-1]], **person}
                                   for person in props.get("people") or []]
            features.append({**feature, "properties": props})
        (directory / f"{layer}.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return directory


def write_article_files(directory, articles: dict[str, Article]):
    """The tiny articles as article files (YAML front matter, paragraphs)."""
    import yaml

    directory.mkdir(parents=True, exist_ok=True)
    for article in articles.values():
        front = {"id": article.id, "title": article.title, "outlet": article.outlet,
                 "author": article.author,
                 "published": article.published.isoformat() if article.published else "",
                 "url": article.url, "language": article.language, "seed": article.seed}
        body = "\n\n".join(p.text for p in article.passages)
        (directory / f"{article.id}.md").write_text(
            "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n"
            + body + "\n", encoding="utf-8")
    return directory


@pytest.fixture
def data_dirs_on_disk(tmp_path, collections, articles, monkeypatch):
    """The tiny layers and articles written to tmp_path and named by the dashboard's
    environment variables; the index goes to tmp_path too."""
    import corpus.index

    layers = write_layer_files(tmp_path / "layers", collections)
    corpus_dir = write_article_files(tmp_path / "articles", articles)
    monkeypatch.setenv("CORRIDOR_ATLAS_LAYERS", str(layers))
    monkeypatch.setenv("CORRIDOR_ATLAS_CORPUS", str(corpus_dir))
    monkeypatch.setattr(corpus.index, "INDEX_DIR", tmp_path / "index")
    return corpus_dir, layers
