"""Features as drawable shapes, and the empty offline map both map builders start from.

Each GeoJSON feature becomes one or more ``Shape``: its key, feature id, short hover label
(name, status), geometry simplified and rounded for display, and its Leaflet style (see
``dashboard.mapstyle``). What reaches the browser is deliberately small and inert: each shape
carries only its feature ``id`` and ``label``, and no article text ever goes into the map.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import folium
import numpy as np
import shapely
from branca.element import MacroElement
from folium.template import Template
from shapely.geometry import mapping, shape

from dashboard import assets
from dashboard.mapstyle import (
    actor_style,
    corridor_style,
    css_class,
    place_style,
    status_class,
    zone_style,
)

LAYERS = ("corridors", "zones", "actors", "places")
LAYER_TITLES = {"corridors": "Corridors", "zones": "Zones", "actors": "Actors", "places": "Places"}
# The zoom both maps open at (see embeddedmap.DEFAULT_CENTER, staticmap.VIEW_CENTER).
DEFAULT_ZOOM = 6
MIN_ZOOM = 3
# [[south, west], [north, east]]: the world once, as far north and south as Web Mercator goes.
MAX_BOUNDS = [[-85.0, -180.0], [85.0, 180.0]]

# Panes stack the layers; a higher z-index is drawn on top and gets the click. Leaflet's own
# overlayPane is 400 and its tooltips 650.
PANES = {
    "basemap": 300,
    "actors": 410,
    "zones": 420,
    "halo": 430,
    "corridors": 440,
    "places": 450,
}

# Display precision: 3 decimals is ~100 m, far below a pixel at the zooms this map is read at.
DISPLAY_DECIMALS = 3
# Simplification tolerance in degrees for drawing (~1 km): polygons stay recognisable while
# the JavaScript sent on every rerun stays small.
DISPLAY_TOLERANCE = 0.01


# --------------------------------------------------------------------------- geometry


def round_geometry(geometry: dict, decimals: int = DISPLAY_DECIMALS) -> dict:
    """Return a GeoJSON geometry dict with every coordinate rounded to ``decimals``."""
    geom = shapely.transform(shape(geometry), lambda xy: np.round(xy, decimals))
    return mapping(geom)


def drop_small_parts(geom: shapely.Geometry, min_area: float) -> shapely.Geometry:
    """Drop polygon parts smaller than ``min_area`` square degrees (never the largest part).

    Islands far below a pixel cost many vertices and show nothing at this map's zooms.
    """
    if min_area <= 0 or geom.geom_type != "MultiPolygon":
        return geom
    parts = list(geom.geoms)
    largest = max(parts, key=lambda part: part.area)
    kept = [part for part in parts if part is largest or part.area >= min_area]
    return kept[0] if len(kept) == 1 else shapely.MultiPolygon(kept)


def simplify_collection(
    collection: dict,
    *,
    tolerance: float = DISPLAY_TOLERANCE,
    decimals: int = DISPLAY_DECIMALS,
    min_area: float = 0.0,
    tolerance_by_kind: Mapping[str, float] | None = None,
) -> dict:
    """Return a copy of a FeatureCollection with simplified, rounded geometries for display.

    ``tolerance_by_kind`` overrides ``tolerance`` for features of some ``kind`` (e.g. coarser
    outlines for organisations spanning continents). Properties are kept as they are (the
    map builder picks the few it sends). Features whose geometry is missing or becomes
    empty are dropped: Leaflet cannot draw them.
    """
    tolerance_by_kind = tolerance_by_kind or {}
    features = []
    for feature in collection.get("features", []):
        if not feature.get("geometry"):
            continue
        geom = drop_small_parts(shape(feature["geometry"]), min_area)
        if not geom.geom_type.endswith("Point"):
            kind = (feature.get("properties") or {}).get("kind")
            geom = geom.simplify(tolerance_by_kind.get(kind, tolerance), preserve_topology=True)
        geom = shapely.transform(geom, lambda xy: np.round(xy, decimals))
        if geom.is_empty:
            continue
        features.append({**feature, "geometry": mapping(geom)})
    return {"type": "FeatureCollection", "features": features}


# --------------------------------------------------------------------------- labels


def feature_label(properties: Mapping, segment: Mapping | None = None) -> str:
    """The short hover label of a feature (or of one corridor segment): name and status.

    Plain text; the tooltip sets it as text, so it is never parsed as HTML.
    """
    name = str(properties.get("name") or properties.get("id") or "")
    layer = properties.get("layer")
    if segment is not None:
        part = str(segment.get("name") or "").strip()
        status = segment.get("status") or properties.get("status")
        text = f"{name}: {part}" if part and part != name else name
        return f"{text} ({status})" if status else text
    if layer in ("actors", "places") or not properties.get("status"):
        return name
    return f"{name} ({properties['status']})"


# --------------------------------------------------------------------------- display features


@dataclass(frozen=True)
class Shape:
    """One drawable GeoJSON feature: what goes to the browser plus its Leaflet style."""

    key: str
    feature_id: str
    label: str
    geometry: dict
    style: dict

    def as_geojson(self) -> dict:
        """The GeoJSON sent to the browser: geometry, the feature id and the label only."""
        return {
            "type": "Feature",
            "id": self.key,
            "properties": {"id": self.feature_id, "label": self.label},
            "geometry": self.geometry,
        }


def corridor_shapes(feature: Mapping, *, selected: bool) -> list[Shape]:
    """One Shape per segment (part of the MultiLineString), each styled by its own status."""
    props = feature["properties"]
    geometry = feature["geometry"]
    if geometry["type"] == "LineString":
        parts = [geometry["coordinates"]]
    else:
        parts = geometry["coordinates"]
    segments = props.get("segments") or []
    if len(segments) != len(parts):
        # The loader reports the mismatch; draw every part in the corridor's own style.
        segments = [None] * len(parts)
    shapes = []
    for n, (coords, segment) in enumerate(zip(parts, segments, strict=True)):
        status = (segment or {}).get("status") or props.get("status") or "planned"
        accuracy = (segment or {}).get("accuracy") or props.get("accuracy") or "schematic"
        style = corridor_style(props.get("kind", ""), status, accuracy, selected=selected)
        extra = [status_class(status), "accuracy-" + str(accuracy)]
        if selected:
            extra.append("selected")
        style["className"] = css_class(props["id"], *extra)
        shapes.append(
            Shape(
                key=f"{props['id']}/{n}",
                feature_id=props["id"],
                label=feature_label(props, segment or {"status": status}),
                geometry={"type": "LineString", "coordinates": coords},
                style=style,
            )
        )
    return shapes


def layer_shapes(
    layer: str,
    collection: dict,
    *,
    visible: Iterable[str] | None = None,
    counts: Mapping[str, int] | None = None,
    selected: str | None = None,
) -> list[Shape]:
    """The Shapes of one layer's visible features, styled for the current selection."""
    wanted = None if visible is None else set(visible)
    counts = counts or {}
    shapes: list[Shape] = []
    for feature in collection.get("features", []):
        props = feature.get("properties") or {}
        feature_id = props.get("id")
        if not feature_id or not feature.get("geometry"):
            continue
        if wanted is not None and feature_id not in wanted:
            continue
        is_selected = feature_id == selected
        if layer == "corridors":
            shapes.extend(corridor_shapes(feature, selected=is_selected))
            continue
        if layer == "actors":
            style = actor_style(
                int(counts.get(feature_id, 0)),
                selected=is_selected,
                organisation=props.get("kind") == "organisation",
            )
        elif layer == "zones":
            style = zone_style(str(props.get("status")), selected=is_selected)
        else:
            style = place_style(str(props.get("kind")), selected=is_selected)
        extra = ["selected"] if is_selected else []
        style["className"] = css_class(feature_id, "layer-" + layer, *extra)
        shapes.append(
            Shape(feature_id, feature_id, feature_label(props), feature["geometry"], style)
        )
    return shapes


def offline_map(center) -> folium.Map:
    """An empty folium map with no tile layer whose Leaflet and jQuery come from the app's
    static folder (``dashboard.assets``): it makes no request that leaves the machine. The
    view stays on the one world the base map draws (``MAX_BOUNDS``; at ``MIN_ZOOM`` the world
    is 2048 px wide, wider than any screen), so no framing shows an edge of it."""
    (south, west), (north, east) = MAX_BOUNDS
    m = folium.Map(
        location=center,
        zoom_start=DEFAULT_ZOOM,
        tiles=None,
        control_scale=True,
        min_zoom=MIN_ZOOM,
        max_zoom=12,
        zoom_snap=0.5,
        max_bounds=True,
        min_lat=south,
        max_lat=north,
        min_lon=west,
        max_lon=east,
        max_bounds_viscosity=1.0,
    )
    m.default_js = list(assets.MAP_JS)
    m.default_css = list(assets.MAP_CSS)
    NeutralAttribution().add_to(m)
    return m


#: The attribution prefix: Leaflet's name only. Leaflet 1.9 adds a national flag to it by
#: default; a tool that takes no side in its labels shows no flag either. No link: the map's
#: HTML holds no address off the machine (tests/test_mapbuilder.py checks).
LEAFLET_PREFIX = "Leaflet"


class NeutralAttribution(MacroElement):
    """Replaces Leaflet's default attribution prefix with :data:`LEAFLET_PREFIX`."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        if ({{ this._parent.get_name() }}.attributionControl) {
            {{ this._parent.get_name() }}.attributionControl.setPrefix({{ this.prefix }});
        }
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "NeutralAttribution"
        self.prefix = json.dumps(LEAFLET_PREFIX)


def render_html(m: folium.Map) -> str:
    """The map as a standalone HTML page (what the unit tests inspect)."""
    return m.get_root().render()


def check_local_url(url: str, what: str,
                    example: str = "/app/static/generated/features.json") -> None:
    """Refuse a URL that is not a path on the app's own server (the map fetches nothing else).

    ``what`` and ``example`` name the file in the message (``Base map``, a path like it).
    """
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError(
            f"{what} URL {url!r} must be a path on the app's own server "
            f"(e.g. {example}); the map loads nothing from elsewhere."
        )


