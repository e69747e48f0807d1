"""Put the multilingual names and the route facts the linker derives descriptions from into
the layer properties (run by ``geodata.build``).

Inputs: ``geodata/sources/names/<lang>.yaml`` (checked by :mod:`geodata.names`) and the
built features. Each feature gains, where the tables have them:

``names``
    ``{lang: {names: [...], acronyms: [...], adjectives: [...], metonyms: [...],
    acting_metonyms: [...]}}`` in dictionary form, as written in the names file.
``lookalikes``
    ``{lang: [text, ...]}``: texts that must not link to this feature (or person).
people's ``names``
    ``{lang: [...]}`` on each person of an actor.

Each corridor also gains the facts its descriptions are derived from:

``kind_names``
    ``{lang: [noun, ...]}``: the nouns of its ``kind`` in each language (``kinds`` tables).
``waters`` / ``water_names``
    the water ids of ``corridors.yaml`` and ``{water: {lang: [name, ...]}}``.
``route_places``
    ids of the places on its route: its segments' waypoints and the places within
    :data:`ROUTE_PLACE_KM` of its line.
``route_countries``
    ids of the states whose territory its line crosses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shapely.geometry import shape

#: Places this close to a corridor's line (km) are "on the route"; a region's point is only
#: representative, so regions get a wider margin.
ROUTE_PLACE_KM = 15.0
ROUTE_REGION_KM = 60.0



class NamesError(Exception):
    """A names file is unreadable or inconsistent; the message names the file."""


def read_names_tables(names_dir: Path) -> dict[str, dict[str, Any]]:
    """``{lang: parsed table}`` for every ``<lang>.yaml`` in ``names_dir`` (none: {})."""
    from geodata.names import load_names_file

    tables = {}
    if not names_dir.is_dir():
        return tables
    for path in sorted(names_dir.glob("*.yaml")):
        try:
            data = load_names_file(path)
        except ValueError as error:
            raise NamesError(str(error)) from error
        if not isinstance(data, dict) or data.get("language") != path.stem:
            raise NamesError(f"{path}: 'language' must be {path.stem!r} (the file name)")
        tables[path.stem] = data
    return tables


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value or [] if isinstance(v, str) and v.strip()]


def apply_names(layers: dict[str, list[dict[str, Any]]], tables: dict[str, dict[str, Any]],
                sources: dict[str, Any]) -> None:
    """Add the properties listed in the module docstring to the built features, in place.

    ``layers`` maps a layer name to its features (GeoJSON dicts); ``sources`` holds the
    parsed ``corridors.yaml`` and ``places.yaml`` (for waters and waypoints).
    """
    from geodata.names import FEATURE_LISTS

    features = {f["properties"]["id"]: f for fs in layers.values() for f in fs}
    people = {p["id"]: p for f in layers.get("actors", [])
              for p in f["properties"].get("people") or []}
    for lang, table in sorted(tables.items()):
        for fid, entry in (table.get("features") or {}).items():
            if fid not in features or not isinstance(entry, dict):
                continue
            groups = {g: _strings(entry.get(g)) for g in FEATURE_LISTS if _strings(entry.get(g))}
            if groups:
                features[fid]["properties"].setdefault("names", {})[lang] = groups
        for pid, entry in (table.get("people") or {}).items():
            if pid in people and isinstance(entry, dict) and _strings(entry.get("names")):
                people[pid].setdefault("names", {})[lang] = _strings(entry["names"])
        for item in table.get("lookalikes") or []:
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                continue
            target = features.get(item.get("not")) or {}
            holder = target.get("properties") if target else people.get(item.get("not"))
            if holder is not None:
                holder.setdefault("lookalikes", {}).setdefault(lang, []).append(item["text"])
    _apply_routes(layers, tables, sources)


def _crosses(polygon, spec, waypoint_points, iso_a3: str = "") -> bool:
    """Whether a corridor's route runs through a state: the state holds an end of one of its
    segments, or two waypoints of one segment. (The line crossing the polygon is not
    enough: the generalised 1:10m borders put the Agarak and Julfa points, on the Araks, and
    stretches of TRIPP's line inside Iran.)"""
    for segment in spec.get("segments", []):
        if iso_a3 and (segment.get("along_border") or {}).get("country") == iso_a3:
            return True  # drawn inside that country along its border
        keys = segment.get("waypoints", [])
        points = [waypoint_points.get(k) for k in keys]
        inside = [p is not None and polygon.contains(p) for p in points]
        if inside and (inside[0] or inside[-1] or sum(inside) >= 2):
            return True
    return False


def _apply_routes(layers, tables, sources) -> None:
    corridor_specs = {c["id"]: c for c in sources.get("corridors", [])}
    waypoint_points = sources.get("waypoints", {})
    place_specs = {p["id"]: p for p in sources.get("places", [])}
    places = [(f["properties"]["id"], shape(f["geometry"]),
               ROUTE_REGION_KM if f["properties"].get("kind") == "region" else ROUTE_PLACE_KM)
              for f in layers.get("places", [])]
    states = [(f["properties"]["id"], shape(f["geometry"]), f["properties"].get("iso_a3", ""))
              for f in layers.get("actors", []) if f["properties"].get("kind") == "state"]
    for feature in layers.get("corridors", []):
        props = feature["properties"]
        spec = corridor_specs.get(props["id"], {})
        line = shape(feature["geometry"])
        keys = {k for segment in spec.get("segments", []) for k in segment.get("waypoints", [])}
        on_route = {pid for pid, point, km in places
                    if place_specs.get(pid, {}).get("waypoint") in keys
                    or line.distance(point) <= km / 111.0}
        props["route_places"] = sorted(on_route)
        props["route_countries"] = sorted(
            sid for sid, polygon, iso in states
            if _crosses(polygon, spec, waypoint_points, iso))
        waters = list(spec.get("waters") or [])
        props["waters"] = waters
        props["water_names"] = {
            water: {lang: _strings((table.get("waters") or {}).get(water))
                    for lang, table in sorted(tables.items())
                    if _strings((table.get("waters") or {}).get(water))}
            for water in waters}
        props["kind_names"] = {
            lang: _strings((table.get("kinds") or {}).get(props["kind"]))
            for lang, table in sorted(tables.items())
            if _strings((table.get("kinds") or {}).get(props["kind"]))}
