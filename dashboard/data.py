"""Load what the page shows, once, as plain picklable data (no Streamlit here).

``load_atlas`` reads the geodata layers, the base map and the corpus, links the corpus to the
features and returns an ``Atlas``: simplified GeoJSON for drawing, full properties for the
facts panel, lengths, the mentions frame and every problem found on the way. The app caches
the result with ``st.cache_data`` keyed on ``data_signature()``, so editing an article or a
layer file is picked up on the next rerun.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from shapely.geometry import shape

from dashboard import mapbuilder

REPO = Path(__file__).resolve().parents[1]
DATA_DIRS = (
    REPO / "geodata" / "layers",
    REPO / "geodata" / "basemap",
    REPO / "corpus" / "articles",
)
FEATURE_ID = re.compile(r"^[a-z][a-z0-9_]*$")

# How much detail each layer keeps for drawing (degrees; 0.01 is about 1 km). Polygons
# dominate what travels to the browser on each rerun; lines and points are cheap and need
# the detail near borders.
DRAWING = {
    "corridors": {"tolerance": 0.005, "decimals": 3},
    "zones": {"tolerance": 0.002, "decimals": 3},
    "actors": {"tolerance": 0.02, "decimals": 2, "min_area": 0.05,
               "tolerance_by_kind": {"organisation": 0.08}},
    "places": {"tolerance": 0.0, "decimals": 3},
}
BASEMAP_DRAWING = {"tolerance": 0.02, "decimals": 2, "min_area": 0.02}


@dataclass(frozen=True)
class DataProblem:
    """A problem found while loading: which part, which file, where in it, what is wrong."""

    part: str
    path: str
    where: str
    message: str


@dataclass
class Atlas:
    """Everything the page needs, as plain data."""

    collections: dict[str, dict]
    basemap: dict
    properties: dict[str, dict]
    layer_of: dict[str, str]
    lengths_km: dict[str, float]
    articles: dict[str, Any]
    mentions: pd.DataFrame
    problems: list[DataProblem] = field(default_factory=list)

    def name(self, feature_id: str) -> str:
        """The display name of a feature (its id if it has none)."""
        return str(self.properties.get(feature_id, {}).get("name") or feature_id)

    def ids_in(self, layer: str) -> list[str]:
        """The feature ids of one layer, sorted by name."""
        ids = [i for i, layer_name in self.layer_of.items() if layer_name == layer]
        return sorted(ids, key=lambda i: self.name(i).casefold())


def data_signature() -> tuple:
    """(path, size, mtime) of every data file: a cheap cache key that changes on edits."""
    entries = []
    for directory in DATA_DIRS:
        if directory.is_dir():
            for path in sorted(directory.iterdir()):
                if path.is_file():
                    stat = path.stat()
                    entries.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


def _plain(value: Any) -> Any:
    """A JSON round trip: numpy arrays, tuples and the like become lists and plain scalars."""
    return json.loads(json.dumps(value, default=_json_default))


def as_feature_collection(data: Any) -> dict:
    """A GeoJSON FeatureCollection dict from a dict or a GeoDataFrame (``load_basemap``)."""
    if hasattr(data, "to_json"):
        return json.loads(data.to_json(drop_id=True))
    return _plain(data)


def _json_default(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _geodata_problem(problem: Any) -> DataProblem:
    return DataProblem(
        part="geodata",
        path=str(getattr(problem, "path", "") or ""),
        where=str(getattr(problem, "feature_id", "") or ""),
        message=str(getattr(problem, "message", problem)),
    )


def _corpus_problem(problem: Any) -> DataProblem:
    line = getattr(problem, "line", None)
    return DataProblem(
        part="corpus",
        path=str(getattr(problem, "path", "") or ""),
        where=f"line {line}" if line else "",
        message=str(getattr(problem, "message", problem)),
    )


def length_km(geometry: Mapping) -> float | None:
    """Length of a line geometry in km (geodata's geodesic measure), None if not a line."""
    import geodata

    geom = shape(geometry)
    if "LineString" not in geom.geom_type:
        return None
    return float(geodata.feature_length_km(geom))


def build_atlas(
    collections: Mapping[str, dict],
    basemap: Any,
    articles: Iterable[Any],
    mentions: pd.DataFrame,
    problems: Iterable[DataProblem] = (),
    *,
    measure: Callable[[Mapping], float | None] = length_km,
) -> Atlas:
    """Assemble an Atlas from full-detail layer collections, a base map, articles and
    mentions: keeps every feature's properties for the facts panel, measures corridors on
    the full geometry, and simplifies what will be drawn."""
    drawn, properties, layer_of, lengths = {}, {}, {}, {}
    for layer in mapbuilder.LAYERS:
        collection = _plain(collections.get(layer) or {"features": []})
        for feature in collection.get("features", []):
            props = feature.get("properties") or {}
            feature_id = props.get("id")
            if not feature_id or not feature.get("geometry"):
                continue
            properties[feature_id] = props
            layer_of[feature_id] = layer
            if layer == "corridors":
                km = measure(feature["geometry"])
                if km is not None:
                    lengths[feature_id] = km
        drawn[layer] = mapbuilder.simplify_collection(collection, **DRAWING[layer])
    return Atlas(
        collections=drawn,
        basemap=mapbuilder.simplify_collection(as_feature_collection(basemap), **BASEMAP_DRAWING),
        properties=properties,
        layer_of=layer_of,
        lengths_km=lengths,
        articles={a.id: a for a in articles},
        mentions=mentions,
        problems=list(problems),
    )


def load_atlas() -> Atlas:
    """Read geodata and corpus, link them, and collect every problem (never raises on data)."""
    import corpus
    import geodata
    from corpus.linking import mentions_frame

    layers = geodata.load_layers()
    problems = [_geodata_problem(p) for p in getattr(layers, "problems", [])]
    loaded = corpus.load_corpus()
    problems += [_corpus_problem(p) for p in loaded.problems]
    return build_atlas(
        {layer: layers.as_geojson(layer) for layer in mapbuilder.LAYERS},
        geodata.load_basemap(),
        loaded.articles,
        mentions_frame(loaded, layers),
        problems,
    )


def parse_feature_param(value: Any, known: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """Check a ``?feature=`` value: (feature id, None) or (None, a message for the reader).

    Never echoes more than 60 characters of what the link said; the caller shows the message
    as plain text.
    """
    if value is None:
        return None, None
    if isinstance(value, list):
        value = value[0] if value else ""
    text = str(value).strip()
    if not text:
        return None, "The link asks for a feature but gives no id; nothing is selected."
    shown = text if len(text) <= 60 else text[:57] + "..."
    if not FEATURE_ID.match(text):
        return None, (
            f"The link asks for feature '{shown}', which is not a valid feature id "
            "(lower-case letters, digits and underscores). Choose a feature on the map or in "
            "the sidebar."
        )
    if text not in known:
        return None, (
            f"The link asks for feature '{shown}', which is not on this map. Choose a feature "
            "on the map or in the sidebar."
        )
    return text, None
