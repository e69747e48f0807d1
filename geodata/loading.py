"""Load and check the map layers in ``geodata/layers/``.

``load_layers`` never raises on bad data: every file or feature that does not follow the schema
in ``geodata/README.md`` is reported as a :class:`Problem` and skipped, and the rest loads.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Geod
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

PACKAGE_DIR = Path(__file__).resolve().parent
LAYERS_DIR = PACKAGE_DIR / "layers"
BASEMAP_PATH = PACKAGE_DIR / "basemap" / "countries.geojson"
LABELS_PATH = PACKAGE_DIR / "basemap" / "labels.geojson"
#: Region of the base map (lon min, lat min, lon max, lat max): frames the Europe-to-China
#: corridors and the Persian Gulf. Outside it nothing is drawn (not even water).
BASEMAP_REGION = (8.0, 22.0, 90.0, 58.0)

#: Layer names, in drawing order (bottom to top). Each is a file ``<name>.geojson``.
LAYER_NAMES: tuple[str, ...] = ("actors", "zones", "corridors", "places")

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
ACCURACY_VALUES = ("exact", "approximate", "schematic")
SEGMENT_STATUS_VALUES = ("built", "under construction", "planned")

KIND_VALUES: dict[str, tuple[str, ...]] = {
    "corridors": (
        "rail and road corridor",
        "transport corridor",
        "submarine cable",
        "oil pipeline",
        "gas pipeline system",
    ),
    "zones": ("zone",),
    "actors": ("state", "organisation"),
    "places": ("city", "capital", "port", "site", "region"),
}
STATUS_VALUES: dict[str, tuple[str, ...]] = {
    "corridors": (*SEGMENT_STATUS_VALUES, "mixed"),
    "zones": ("active", "planned"),
    "actors": ("existing",),
    "places": ("existing",),
}
GEOMETRY_TYPES: dict[str, tuple[str, ...]] = {
    "corridors": ("MultiLineString",),
    "zones": ("Polygon", "MultiPolygon"),
    "actors": ("Polygon", "MultiPolygon"),
    "places": ("Point",),
}

_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a layer file, for people to read and fix.

    ``feature_id`` is empty when the problem concerns the whole file.
    """

    path: str
    feature_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.feature_id or '(file)'}: {self.message}"


@dataclass
class Layers:
    """The loaded layers: one GeoDataFrame of every good feature, and what was wrong."""

    features: gpd.GeoDataFrame
    problems: list[Problem] = field(default_factory=list)
    raw_properties: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    def by_layer(self, name: str) -> gpd.GeoDataFrame:
        """Return the features of one layer (``corridors``, ``zones``, ``actors``, ``places``)."""
        return self.features[self.features["layer"] == name]

    def get(self, feature_id: str) -> pd.Series | None:
        """Return one feature's row by id, or ``None`` if no such feature loaded."""
        if feature_id in self.features.index:
            return self.features.loc[feature_id]
        return None

    def as_geojson(self, layer: str, *, properties: list[str] | None = None) -> dict[str, Any]:
        """Return one layer as a plain GeoJSON FeatureCollection dict (for the map).

        ``properties`` limits which properties each feature carries (default: all).
        """
        out = []
        for feature_id, row in self.by_layer(layer).iterrows():
            props = self.raw_properties.get(feature_id, {"id": feature_id})
            if properties is not None:
                props = {key: props[key] for key in properties if key in props}
            out.append(
                {
                    "type": "Feature",
                    "id": feature_id,
                    "properties": dict(props),
                    "geometry": shapely.geometry.mapping(row.geometry),
                }
            )
        return {"type": "FeatureCollection", "features": out}


def feature_length_km(geometry: BaseGeometry) -> float:
    """Geodesic length of a (Multi)LineString on the WGS84 ellipsoid, in kilometres."""
    return _GEOD.geometry_length(geometry) / 1000.0


def load_basemap(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """Load the country outlines (``iso_a3``, ``name``, geometry) used as the base map."""
    return gpd.read_file(Path(path) if path else BASEMAP_PATH)


def load_basemap_labels(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The base map's name points (countries and seas) as GeoJSON Feature dicts; properties
    ``name``, ``kind`` (``country``/``sea``), ``min_zoom``, ``rank`` (see geodata/README.md)."""
    target = Path(path) if path else LABELS_PATH
    return json.loads(target.read_text(encoding="utf-8"))["features"]


def load_layers(directory: str | Path | None = None) -> Layers:
    """Load every layer file in ``directory`` (default ``geodata/layers``).

    Bad files and features are reported in ``Layers.problems`` and skipped; this never raises
    on bad data.
    """
    directory = Path(directory) if directory else LAYERS_DIR
    problems: list[Problem] = []
    records: list[dict[str, Any]] = []
    seen_ids: dict[str, str] = {}
    alias_owner: dict[str, tuple[str, str]] = {}

    for path in sorted(directory.glob("*.geojson")):
        if path.stem not in LAYER_NAMES:
            problems.append(
                Problem(
                    str(path),
                    "",
                    f"unknown layer file {path.name!r}: expected one of "
                    f"{', '.join(n + '.geojson' for n in LAYER_NAMES)}; rename or remove it.",
                )
            )
    for layer in LAYER_NAMES:
        path = directory / f"{layer}.geojson"
        if not path.exists():
            problems.append(
                Problem(str(path), "", f"layer file missing: expected {path.name} in {directory}.")
            )
            continue
        for feature in _read_collection(path, problems):
            record = _check_feature(feature, layer, str(path), problems)
            if record is None:
                continue
            feature_id = record["id"]
            if feature_id in seen_ids:
                problems.append(
                    Problem(
                        str(path),
                        feature_id,
                        f"duplicate id: already used by a feature in {seen_ids[feature_id]}; "
                        "ids must be unique across all layers. Rename one. This one was skipped.",
                    )
                )
                continue
            seen_ids[feature_id] = str(path)
            _claim_aliases(record, str(path), alias_owner, problems)
            records.append(record)

    return _to_layers(records, problems)


def _read_collection(path: Path, problems: list[Problem]) -> list[Any]:
    """Parse one file and return its features list (empty after reporting a problem)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        problems.append(
            Problem(str(path), "", f"not UTF-8 text ({error}); save the file as UTF-8 GeoJSON.")
        )
        return []
    except json.JSONDecodeError as error:
        problems.append(
            Problem(
                str(path),
                "",
                f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}; "
                "fix the syntax there (or rebuild with `python -m geodata build`).",
            )
        )
        return []
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        found = data.get("type") if isinstance(data, dict) else type(data).__name__
        problems.append(
            Problem(
                str(path),
                "",
                f"expected a GeoJSON FeatureCollection, found {found!r}; the file must be "
                '{"type": "FeatureCollection", "features": [...]}.',
            )
        )
        return []
    features = data.get("features")
    if not isinstance(features, list):
        problems.append(
            Problem(str(path), "", "FeatureCollection has no 'features' list; add one.")
        )
        return []
    return features


def _feature_label(feature: Any, index_hint: str = "") -> str:
    """Best available name for a feature in messages: its id, else a placeholder."""
    if isinstance(feature, dict):
        props = feature.get("properties")
        if isinstance(props, dict) and isinstance(props.get("id"), str) and props["id"]:
            return props["id"]
    return index_hint or "(feature without id)"


def _check_feature(
    feature: Any, layer: str, path: str, problems: list[Problem]
) -> dict[str, Any] | None:
    """Validate one feature; return a record (properties + geometry) or None if skipped."""
    errors: list[str] = []
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        problems.append(
            Problem(path, _feature_label(feature), "expected a GeoJSON Feature object; skipped.")
        )
        return None
    props = feature.get("properties")
    if not isinstance(props, dict):
        problems.append(
            Problem(path, _feature_label(feature), "feature has no 'properties' object; skipped.")
        )
        return None
    feature_id = _feature_label(feature)
    errors.extend(_check_properties(props, layer))
    geometry, geometry_error = _check_geometry(feature.get("geometry"), layer)
    if geometry_error:
        errors.append(geometry_error)
    if geometry is not None and layer == "corridors" and isinstance(props.get("segments"), list):
        parts = len(geometry.geoms)
        if parts != len(props["segments"]):
            errors.append(
                f"'segments' has {len(props['segments'])} entries but the MultiLineString has "
                f"{parts} parts; give one segment entry per part, in order."
            )
    if errors:
        for message in errors:
            problems.append(Problem(path, feature_id, message + " Feature skipped."))
        return None
    record = dict(props)
    record["geometry"] = geometry
    record["_properties"] = props
    return record


def _check_properties(props: dict[str, Any], layer: str) -> list[str]:
    """Return messages for every schema violation in a feature's properties."""
    errors: list[str] = []
    feature_id = props.get("id")
    if not isinstance(feature_id, str) or not ID_PATTERN.match(feature_id):
        errors.append(
            f"'id' must be a string matching {ID_PATTERN.pattern} (lower-case letters, digits, "
            f"underscores), found {feature_id!r}."
        )
    declared = props.get("layer")
    if declared not in LAYER_NAMES:
        errors.append(
            f"unknown layer {declared!r}: 'layer' must be one of {', '.join(LAYER_NAMES)}."
        )
    elif declared != layer:
        errors.append(
            f"'layer' is {declared!r} but the feature is in {layer}.geojson; move the feature "
            "or correct 'layer'."
        )
    for key in ("name", "description"):
        if not isinstance(props.get(key), str) or (key == "name" and not props[key].strip()):
            errors.append(f"'{key}' must be a non-empty string, found {props.get(key)!r}.")
    errors.extend(_check_choice(props, "kind", KIND_VALUES[layer]))
    errors.extend(_check_choice(props, "status", STATUS_VALUES[layer]))
    errors.extend(_check_choice(props, "accuracy", ACCURACY_VALUES))
    errors.extend(_check_string_list(props, "aliases", required=True))
    errors.extend(_check_string_list(props, "patterns", required=False))
    for pattern in props.get("patterns") or []:
        if isinstance(pattern, str):
            try:
                re.compile(pattern, re.IGNORECASE)
            except re.error as error:
                errors.append(f"pattern {pattern!r} is not a valid regular expression: {error}.")
    errors.extend(_check_sources(props.get("sources"), "'sources'"))
    if layer == "corridors":
        errors.extend(_check_segments(props.get("segments")))
    if layer == "actors":
        errors.extend(_check_people(props.get("people")))
        if props.get("kind") == "organisation":
            errors.extend(_check_string_list(props, "members", required=True))
    return errors


def _check_choice(props: dict[str, Any], key: str, allowed: tuple[str, ...]) -> list[str]:
    value = props.get(key)
    if value not in allowed:
        return [f"unknown {key} {value!r}: expected one of {', '.join(map(repr, allowed))}."]
    return []


def _check_string_list(props: dict[str, Any], key: str, *, required: bool) -> list[str]:
    value = props.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return [f"'{key}' must be a list of non-empty strings, found {value!r}."]
    return []


def _check_sources(value: Any, where: str) -> list[str]:
    if (
        not isinstance(value, list)
        or not value
        or not all(
            isinstance(s, dict)
            and isinstance(s.get("title"), str)
            and isinstance(s.get("url"), str)
            for s in value
        )
    ):
        return [f"{where} must be a non-empty list of {{title, url}} objects, found {value!r}."]
    return []


def _check_segments(value: Any) -> list[str]:
    if not isinstance(value, list) or not value:
        return [f"'segments' must be a non-empty list (one object per part), found {value!r}."]
    errors = []
    for n, segment in enumerate(value, start=1):
        where = f"segment {n}"
        if not isinstance(segment, dict):
            errors.append(f"{where} must be an object, found {segment!r}.")
            continue
        if not isinstance(segment.get("name"), str) or not isinstance(
            segment.get("description"), str
        ):
            errors.append(f"{where} needs string 'name' and 'description'.")
        errors.extend(
            f"{where}: {e}" for e in _check_choice(segment, "status", SEGMENT_STATUS_VALUES)
        )
        errors.extend(f"{where}: {e}" for e in _check_choice(segment, "accuracy", ACCURACY_VALUES))
        errors.extend(_check_sources(segment.get("sources"), f"{where} 'sources'"))
    return errors


def _check_people(value: Any) -> list[str]:
    if not isinstance(value, list):
        return [f"'people' must be a list (possibly empty), found {value!r}."]
    errors = []
    for n, person in enumerate(value, start=1):
        if not isinstance(person, dict):
            errors.append(f"person {n} must be an object, found {person!r}.")
            continue
        for key in ("id", "name", "role"):
            if not isinstance(person.get(key), str) or not person[key].strip():
                errors.append(f"person {n} needs a non-empty string '{key}'.")
        errors.extend(
            f"person {n}: {e}" for e in _check_string_list(person, "aliases", required=True)
        )
    return errors


def _check_geometry(geometry: Any, layer: str) -> tuple[BaseGeometry | None, str | None]:
    """Parse and check a GeoJSON geometry; return (geometry, None) or (None, message)."""
    allowed = GEOMETRY_TYPES[layer]
    if not isinstance(geometry, dict):
        return None, f"missing geometry: expected a {' or '.join(allowed)}."
    if geometry.get("type") not in allowed:
        return None, (
            f"geometry type {geometry.get('type')!r} not allowed in {layer}: expected "
            f"{' or '.join(allowed)}."
        )
    try:
        geom = shape(geometry)
    except Exception as error:  # shapely raises several types on malformed coordinates
        return None, f"malformed geometry coordinates ({error}); check the coordinate arrays."
    if geom.is_empty:
        return None, "empty geometry: it has no coordinates; draw it or remove the feature."
    minx, miny, maxx, maxy = geom.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        return None, (
            f"coordinates outside lon -180..180 / lat -90..90 (bounds {geom.bounds}); "
            "GeoJSON order is [longitude, latitude]: check for swapped or projected values."
        )
    if not geom.is_valid:
        return None, (
            f"invalid geometry: {explain_validity(geom)}; repair it (e.g. shapely.make_valid) "
            "and rebuild."
        )
    return geom, None


def _claim_aliases(
    record: dict[str, Any],
    path: str,
    alias_owner: dict[str, tuple[str, str]],
    problems: list[Problem],
) -> None:
    """Register a feature's aliases (and its people's); drop and report ones already taken.

    Aliases are compared case-insensitively because the linker matches them that way; one
    alias must lead to one feature or person, else a mention cannot be resolved.
    """
    owners: list[tuple[str, dict[str, Any], str]] = [(record["id"], record, "aliases")]
    for person in record.get("people") or []:
        owners.append((f"{record['id']}/{person['id']}", person, "aliases"))
    for owner, holder, key in owners:
        kept = []
        for alias in holder.get(key) or []:
            folded = alias.casefold()
            previous = alias_owner.get(folded)
            if previous and previous[0] != owner:
                problems.append(
                    Problem(
                        path,
                        record["id"],
                        f"alias {alias!r} of {owner!r} is also claimed by {previous[0]!r} "
                        f"(in {previous[1]}); an alias must name one feature. Remove it from "
                        f"one of them. It was dropped from {owner!r}.",
                    )
                )
                continue
            alias_owner[folded] = (owner, path)
            kept.append(alias)
        if len(kept) != len(holder.get(key) or []):
            holder[key] = kept


def _to_layers(records: list[dict[str, Any]], problems: list[Problem]) -> Layers:
    """Assemble good records into the Layers result."""
    raw = {r["id"]: {**r["_properties"], "aliases": r["aliases"]} for r in records}
    rows = [{k: v for k, v in r.items() if k != "_properties"} for r in records]
    if rows:
        frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").set_index("id")
    else:
        frame = gpd.GeoDataFrame(
            {"layer": pd.Series(dtype=str)}, geometry=gpd.GeoSeries([], crs="EPSG:4326")
        )
        frame.index.name = "id"
    return Layers(features=frame, problems=problems, raw_properties=raw)
