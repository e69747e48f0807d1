"""The names drawn on the map, as data: one list for the live map and the picture.

Countries and seas come from ``basemap/labels.geojson`` (Natural Earth label points, see
geodata/README.md); capitals, cities, ports and sites from the places layer; each
corridor's name from a point beside its line. Which labels show at which zoom, and how
they look, is ``geodata.style.LABEL_RULES``; a renderer draws them as text (never markup),
hiding a label that would overlap one of higher priority.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import shapely
from shapely.geometry import Point, box, shape
from shapely.ops import polylabel

from geodata import style

_PARENTHESES = re.compile(r"\s*\([^)]*\)")


@dataclass(frozen=True)
class Label:
    """One name on the map: its text, point, class (``country``, ``sea``, ``corridor`` or a
    place kind), the zoom from which it shows, its rank inside its class (lower first), the
    feature it names (None for the base map's names) and its colour."""

    text: str
    lon: float
    lat: float
    kind: str
    min_zoom: float
    rank: float = 0.0
    feature_id: str | None = None
    colour: str = ""

    @property
    def priority(self) -> tuple:
        """Sort key: who keeps its place when two labels overlap."""
        return (style.label_rule(self.kind).priority, self.rank, self.text)


def short_name(name: str) -> str:
    """A name without its parenthesised parts: "Alat (Port of Baku)" -> "Alat"; the hover
    label and the panel keep the full name."""
    short = " ".join(_PARENTHESES.sub("", name).split())
    return short or name.strip()


def basemap_labels(features: Iterable[Mapping]) -> list[Label]:
    """Labels of the base map's name points (``geodata.load_basemap_labels``)."""
    out = []
    for feature in features:
        props = feature.get("properties") or {}
        lon, lat = feature["geometry"]["coordinates"][:2]
        kind = props.get("kind", "country")
        rule = style.label_rule(kind)
        out.append(Label(
            text=str(props.get("name", "")), lon=float(lon), lat=float(lat), kind=kind,
            min_zoom=float(props.get("min_zoom", rule.min_zoom or 0)),
            rank=float(props.get("rank", 0)), colour=rule.colour or "",
        ))
    return [label for label in out if label.text]


def corridor_anchor(geometry, others: Iterable, frame=None, taken: Iterable[Point] = ()
                    ) -> Point:
    """The point of a corridor's line where its name goes: inside ``frame`` (the default
    view) if the line passes through it, away from the other corridors, from the frame's
    edge and from points already ``taken`` by other names, so that the names of corridors
    sharing a route (BTC and the Southern Gas Corridor) do not pile up."""
    frame = frame if frame is not None else _frame()
    inside = geometry.intersection(frame)
    line = inside if not inside.is_empty and inside.length > 0 else geometry
    others = [g for g in others if g is not None and not g.is_empty]
    crowd = shapely.union_all(others) if others else None
    taken = [p for p in taken if p is not None]
    best, best_score = None, -math.inf
    steps = 40
    for n in range(1, steps):
        point = line.interpolate(n / steps, normalized=True)
        room = crowd.distance(point) if crowd is not None else 1.5
        edge = frame.exterior.distance(point) if frame.contains(point) else 0.0
        apart = min((point.distance(p) for p in taken), default=3.0)
        # Degrees, each term capped: beyond that distance nothing is gained. A small
        # preference for the middle of the line breaks ties.
        score = (min(room, 1.0) + min(edge, 1.0) + min(apart, 3.0)
                 - abs(n / steps - 0.5) * 0.05)
        if score > best_score:
            best, best_score = point, score
    return best if best is not None else line.representative_point()


def polylabel_of(geometry) -> Point:
    """The point farthest inside the largest part of a (Multi)Polygon: where a name fits."""
    parts = [g for g in getattr(geometry, "geoms", [geometry]) if g.geom_type == "Polygon"]
    if not parts:
        return geometry.representative_point()
    return polylabel(max(parts, key=lambda part: part.area), tolerance=0.01)


def _frame():
    (south, west), (north, east) = style.VIEW_BOUNDS
    return box(west, south, east, north)


def feature_labels(collections: Mapping[str, Mapping],
                   taken: Iterable[Label] = ()) -> list[Label]:
    """Labels of the places (their kind's rule) and the corridors (beside their line, away
    from the ``taken`` labels: the base map's country and sea names)."""
    out = []
    for feature in (collections.get("places") or {}).get("features", []):
        props = feature.get("properties") or {}
        if not props.get("id") or not feature.get("geometry"):
            continue
        lon, lat = feature["geometry"]["coordinates"][:2]
        kind = str(props.get("kind") or "site")
        rule = style.label_rule(kind)
        out.append(Label(short_name(str(props.get("name") or props["id"])), float(lon),
                         float(lat), kind, float(rule.min_zoom or 0),
                         feature_id=props["id"], colour=rule.colour or ""))
    corridors = [f for f in (collections.get("corridors") or {}).get("features", [])
                 if (f.get("properties") or {}).get("id") and f.get("geometry")]
    shapes = {f["properties"]["id"]: shape(f["geometry"]) for f in corridors}
    rule = style.LABEL_RULES["corridor"]
    points = [Point(label.lon, label.lat) for label in taken]
    for feature in corridors:
        props = feature["properties"]
        others = [g for other, g in shapes.items() if other != props["id"]]
        point = corridor_anchor(shapes[props["id"]], others, taken=points)
        points.append(point)
        colour = style.KIND_COLOURS.get(props.get("kind", ""), style.DEFAULT_CORRIDOR_COLOUR)
        out.append(Label(short_name(str(props.get("name") or props["id"])),
                         round(point.x, 3), round(point.y, 3), "corridor",
                         float(rule.min_zoom or 0), feature_id=props["id"], colour=colour))
    return out


def map_labels(collections: Mapping[str, Mapping],
               basemap_points: Iterable[Mapping]) -> list[Label]:
    """Every label of the map, highest priority first."""
    base = basemap_labels(basemap_points)
    # Corridor names keep clear of the names shown with them (not of those of closer zooms).
    with_corridors = [label for label in base
                      if label.min_zoom <= (style.LABEL_RULES["corridor"].min_zoom or 0)]
    labels = base + feature_labels(collections, taken=with_corridors)
    return sorted(labels, key=lambda label: label.priority)


def shown_at(labels: Iterable[Label], zoom: float, visible: Iterable[str] | None = None
             ) -> list[Label]:
    """The labels whose rule shows them at ``zoom`` and whose feature (if any) is visible
    (before overlaps are resolved, which needs the rendered text's size)."""
    wanted = None if visible is None else set(visible)
    return [label for label in labels if zoom >= label.min_zoom
            and (label.feature_id is None or wanted is None or label.feature_id in wanted)]
