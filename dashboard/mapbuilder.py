"""Build the folium map of corridors, zones, actors and places from GeoJSON dicts.

The map is split in two so that streamlit-folium never has to remount its iframe:

- ``build_base_map`` holds what never changes during a session: the country outlines, the
  panes that keep corridors above polygons, the legend and the default view.
- ``build_feature_group`` holds what the sidebar and a click change: which features are
  shown, the actors' shading by mention count and the selected feature's highlight. The app
  passes it to ``st_folium(feature_group_to_add=...)``, which swaps it in place.

``build_map`` puts both together (for tests and for a standalone HTML file).

What reaches the browser is deliberately small and inert: each shape carries only its
feature ``id`` and a short ``label`` (name, status), the tooltip shows the label as text (never
parsed as HTML), and no article text ever goes into the map.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import folium
import numpy as np
import shapely
from branca.element import MacroElement
from folium.template import Template
from folium.utilities import JsCode
from shapely.geometry import mapping, shape

from dashboard import assets, maplabels
from geodata import style

LAYERS = ("corridors", "zones", "actors", "places")
LAYER_TITLES = {"corridors": "Corridors", "zones": "Zones", "actors": "Actors", "places": "Places"}

# The default view frames TRIPP (Kars to Horadiz), the Caspian crossing of the Middle Corridor
# (Baku/Alat to Aktau, Kuryk and Turkmenbashi) and the Caspian cables. A fixed centre and zoom
# rather than fitBounds: the map is created before its iframe has its final width, and
# fitBounds would pick the zoom for the wrong size.
DEFAULT_CENTER = [41.1, 47.9]
DEFAULT_ZOOM = 6
# The app's map (``build_static_map``) starts on the centre of these bounds and fits them
# once its shapes have arrived, when the iframe has its final size: Kars (TRIPP's west end)
# to Turkmenbashi, the Araks (TRIPP's south) to Aktau (the cables' north end).
VIEW_BOUNDS = style.VIEW_BOUNDS
VIEW_CENTER = [41.4, 48.1]

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

# The colours, widths and dashes come from geodata.style (shared with the picture); the names
# below are kept here for the legend and the callers that read them from this module.
KIND_COLOURS = style.KIND_COLOURS
STATUS_ORDER = style.STATUS_ORDER
COUNT_COLOURS = style.COUNT_COLOURS
count_colour = style.count_colour
count_bins = style.count_bins


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


# --------------------------------------------------------------------------- styles


def css_class(feature_id: str, *extra: str) -> str:
    """The Leaflet className of a feature's shape: ``feature-<id>`` plus extra classes."""
    return " ".join(["feature-" + feature_id, *extra])


def status_class(status: str) -> str:
    """A CSS-safe class for a status (``status-under-construction``)."""
    return "status-" + "-".join(str(status).split())


def leaflet_options(path: style.PathStyle) -> dict:
    """Leaflet path options for a style of ``geodata.style`` (the only translation made)."""
    options = {"color": path.colour, "weight": path.width, "opacity": path.opacity,
               "lineCap": path.cap}
    if path.dash:
        options["dashArray"] = " ".join(f"{length:g}" for length in path.dash)
    if path.fill is None:
        options["fill"] = False
    else:
        options["fillColor"] = path.fill
        options["fillOpacity"] = path.fill_opacity
    if path.radius is not None:
        options["radius"] = path.radius
    return options


def corridor_style(kind: str, status: str, accuracy: str, *, selected: bool) -> dict:
    """Leaflet path options for one corridor segment (``geodata.style.corridor_style``)."""
    return leaflet_options(style.corridor_style(kind, status, accuracy, selected=selected))


def actor_style(count: int, *, selected: bool, organisation: bool = False) -> dict:
    """Leaflet path options for an actor polygon (``geodata.style.actor_style``)."""
    return leaflet_options(style.actor_style(count, selected=selected,
                                             organisation=organisation))


def zone_style(status: str, *, selected: bool) -> dict:
    """Leaflet path options for a zone (``geodata.style.zone_style``)."""
    return leaflet_options(style.zone_style(status, selected=selected))


def place_style(kind: str, *, selected: bool) -> dict:
    """Leaflet CircleMarker options for a place (``geodata.style.place_style``)."""
    return leaflet_options(style.place_style(kind, selected=selected))


#: The wide line under a selected corridor (Leaflet options).
HALO_STYLE = {**leaflet_options(style.HALO), "className": "selection-halo", "interactive": False}


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


# The tooltip is built from the label as a text node: a name can never become markup.
_TEXT_TOOLTIP = JsCode(
    """function (feature, layer) {
    layer.bindTooltip(function () {
        var span = document.createElement("span");
        span.textContent = feature.properties.label;
        return span;
    }, {sticky: true, direction: "top", opacity: 0.95});
}"""
)


def _geojson_layer(shapes: list[Shape], pane: str, *, interactive: bool = True) -> folium.GeoJson:
    """A folium GeoJson of Shapes in a pane, each styled by its own precomputed style."""
    styles = {shape_.key: shape_.style for shape_ in shapes}
    data = {"type": "FeatureCollection", "features": [s.as_geojson() for s in shapes]}
    marker = None
    if pane == "places":
        marker = folium.CircleMarker(radius=4, pane=pane)
    return folium.GeoJson(
        data,
        style_function=lambda feature: {**styles[feature["id"]], "interactive": interactive},
        on_each_feature=_TEXT_TOOLTIP if interactive else None,
        marker=marker,
        pane=pane,
        interactive=interactive,
        bubblingMouseEvents=False,
    )


def _halo_layer(shapes: list[Shape]) -> folium.GeoJson | None:
    """A wide yellow line under a selected corridor, so the selection stands out."""
    lines = [s for s in shapes if s.geometry["type"] == "LineString"]
    if not lines:
        return None
    data = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": s.key, "properties": {}, "geometry": s.geometry}
            for s in lines
        ],
    }
    return folium.GeoJson(data, style_function=lambda _f: HALO_STYLE, pane="halo",
                          interactive=False)


def build_feature_group(
    collections: Mapping[str, dict],
    *,
    visible: Iterable[str] | None = None,
    counts: Mapping[str, int] | None = None,
    selected: str | None = None,
) -> folium.FeatureGroup:
    """The changing part of the map: visible features, shading and the selection highlight.

    ``collections`` maps a layer name (``corridors``, ``zones``, ``actors``, ``places``) to
    its FeatureCollection (simplified with ``simplify_collection``). ``visible`` limits the
    feature ids drawn (None: all); ``counts`` gives each actor's number of passages.
    """
    group = folium.FeatureGroup(name="features", control=False)
    visible_ids = None if visible is None else set(visible)
    # Drawn bottom to top; the panes decide what is on top, this only keeps the JS stable.
    for layer in ("actors", "zones", "corridors", "places"):
        collection = collections.get(layer)
        if not collection:
            continue
        shapes = layer_shapes(
            layer, collection, visible=visible_ids, counts=counts, selected=selected
        )
        if not shapes:
            continue
        if layer == "corridors" and selected:
            halo = _halo_layer([s for s in shapes if s.feature_id == selected])
            if halo is not None:
                halo.add_to(group)
        _geojson_layer(shapes, layer).add_to(group)
    return group


# --------------------------------------------------------------------------- base map


# Top left, under the zoom buttons, over Georgia and the North Caucasus: away from TRIPP
# (south-west), the Caspian crossing and the cables (east). Open, it scrolls rather than
# reaching down to TRIPP.
LEGEND_POSITION = "topleft"
LEGEND_CSS = (
    ".atlas-legend {background: rgba(255,255,255,0.94); padding: 6px 9px; border-radius: 4px;"
    " box-shadow: 0 1px 4px rgba(0,0,0,0.3); font: 12px/1.35 system-ui, sans-serif;"
    " color: #222; max-height: 210px; overflow-y: auto;}"
    " .atlas-legend summary {cursor: pointer; font-weight: 600;}"
    " .atlas-legend h4 {margin: 6px 0 2px; font-size: 12px;}"
    " .atlas-legend .row {display: flex; align-items: center; gap: 6px; white-space: nowrap;}"
    " .atlas-legend svg {flex: none;}"
    " .leaflet-tooltip {font: 12px system-ui, sans-serif; white-space: normal;"
    " width: max-content; max-width: 240px;}"
)


# Water is the map's background; corridors get a thin white casing (a CSS drop shadow on
# their pane) so they stand out over any shading without drawing each line twice.
# A clicked shape takes the keyboard focus: Chromium would then draw its focus ring, a
# black rectangle round the shape's bounding box, over the map. Keyboard focus keeps it.
MAP_CSS = (
    f" .leaflet-container {{background: {style.WATER};}}"
    " .leaflet-interactive:focus:not(:focus-visible) {outline: none;}"
    " .leaflet-corridors-pane svg {filter:"
    f" drop-shadow(0 0 {style.CASING_WIDTH / 2:g}px {style.CASING_COLOUR})"
    f" drop-shadow(0 0 {style.CASING_WIDTH / 2:g}px {style.CASING_COLOUR});}}"
)


class Legend(MacroElement):
    """A collapsible legend in the map's corner: static HTML built from escaped pieces."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        .atlas-legend {background: rgba(255,255,255,0.94); padding: 6px 9px; border-radius: 4px;
          box-shadow: 0 1px 4px rgba(0,0,0,0.3); font: 12px/1.35 system-ui, sans-serif;
          color: #222; max-height: 60vh; overflow-y: auto;}
        .atlas-legend summary {cursor: pointer; font-weight: 600;}
        .atlas-legend h4 {margin: 6px 0 2px; font-size: 12px;}
        .atlas-legend .row {display: flex; align-items: center; gap: 6px; white-space: nowrap;}
        .atlas-legend svg {flex: none;}
        .leaflet-container {background: {{ this.sea }};}
        .leaflet-tooltip {font: 12px system-ui, sans-serif; white-space: normal;
          width: max-content; max-width: 240px;}
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: "bottomleft"});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create("div", "atlas-legend");
            div.innerHTML = {{ this.legend_html|tojson }};
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "Legend"
        self.legend_html = legend_html()
        self.sea = style.WATER


def _dash(path: style.PathStyle) -> str:
    if not path.dash:
        return ""
    return f' stroke-dasharray="{html.escape(" ".join(f"{d:g}" for d in path.dash))}"'


def legend_sample(entry: style.LegendEntry) -> str:
    """A small inline SVG drawing one legend entry's style (numbers and colours only)."""
    path = entry.style
    stroke = (f'stroke="{html.escape(path.colour)}" stroke-width="{path.width:g}" '
              f'stroke-opacity="{path.opacity:g}"{_dash(path)}')
    fill = (f'fill="{html.escape(path.fill)}" fill-opacity="{path.fill_opacity:g}"'
            if path.fill else 'fill="none"')
    if entry.sample == "line":
        body = f'<line x1="2" y1="6" x2="32" y2="6" {stroke}/>'
    elif entry.sample == "circle":
        radius = min(path.radius or 4, 5)
        body = f'<circle cx="17" cy="6" r="{radius:g}" {fill} {stroke}/>'
    else:
        body = f'<rect x="2" y="1" width="30" height="10" {fill} {stroke}/>'
    return f'<svg width="34" height="12">{body}</svg>'


def _row(sample: str, text: str) -> str:
    return f'<div class="row">{sample}<span>{html.escape(text)}</span></div>'


def legend_html() -> str:
    """The legend's HTML from ``geodata.style.legend_sections``. Static, escaped."""
    # Closed at first so it covers nothing; one click opens it.
    parts = ["<details><summary>Legend</summary>"]
    for heading, entries in style.legend_sections():
        parts.append(f"<h4>{html.escape(heading)}</h4>")
        parts.extend(_row(legend_sample(entry), entry.text) for entry in entries)
    parts.append("</details>")
    return "".join(parts)


BASEMAP_STYLE = {**leaflet_options(style.LAND), "interactive": False, "className": "basemap"}


def _basemap_layer(basemap: dict) -> folium.GeoJson:
    """The country outlines embedded in the page: grey, under everything, never clickable."""
    data = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": f["geometry"]}
            for f in basemap.get("features", [])
            if f.get("geometry")
        ],
    }
    return folium.GeoJson(
        data,
        style_function=lambda _f: BASEMAP_STYLE,
        pane="basemap",
        interactive=False,
        name="basemap",
    )


class FetchedBasemap(MacroElement):
    """The country outlines loaded by the browser from a file the app serves.

    Kept out of the map's script so it is not re-sent to the browser on every rerun; the
    URL must be on the app's own server (checked here).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        fetch({{ this.url|tojson }}).then(function (response) {
            return response.json();
        }).then(function (data) {
            L.geoJSON(data, {pane: "basemap", interactive: false,
                             style: {{ this.style|tojson }}})
             .addTo({{ this._parent.get_name() }});
        });
        {% endmacro %}
        """
    )

    def __init__(self, url: str) -> None:
        super().__init__()
        if not url.startswith("/") or url.startswith("//"):
            raise ValueError(
                f"Base map URL {url!r} must be a path on the app's own server "
                "(e.g. /app/static/generated/basemap.json); the map loads nothing from "
                "elsewhere."
            )
        self._name = "FetchedBasemap"
        self.url = url
        self.style = BASEMAP_STYLE


def offline_map(center) -> folium.Map:
    """An empty folium map with no tile layer whose Leaflet and jQuery come from the app's
    static folder (``dashboard.assets``): it makes no request that leaves the machine."""
    m = folium.Map(
        location=center,
        zoom_start=DEFAULT_ZOOM,
        tiles=None,
        control_scale=True,
        min_zoom=3,
        max_zoom=12,
        zoom_snap=0.5,
    )
    m.default_js = list(assets.MAP_JS)
    m.default_css = list(assets.MAP_CSS)
    return m


def build_base_map(basemap: dict | str | None = None) -> folium.Map:
    """The part of the map that stays put: outlines, panes, legend, default view.

    ``basemap`` is the country outlines as a FeatureCollection (embedded) or the URL path of
    a GeoJSON file the app serves (fetched by the browser once).

    Leaflet and jQuery come from the app's static folder (see ``dashboard.assets``); no tile
    layer, so the default map makes no request that leaves the machine.
    """
    m = offline_map(DEFAULT_CENTER)
    for name, z_index in PANES.items():
        clickable = name not in ("basemap", "halo")
        folium.map.CustomPane(name, z_index=z_index, pointer_events=clickable).add_to(m)
    if isinstance(basemap, str):
        FetchedBasemap(basemap).add_to(m)
    elif basemap and basemap.get("features"):
        _basemap_layer(basemap).add_to(m)
    Legend().add_to(m)
    return m


def build_map(
    collections: Mapping[str, dict],
    basemap: dict | str | None = None,
    *,
    visible: Iterable[str] | None = None,
    counts: Mapping[str, int] | None = None,
    selected: str | None = None,
) -> folium.Map:
    """The whole map in one folium.Map: base map plus the feature group (see module doc)."""
    m = build_base_map(basemap)
    build_feature_group(
        collections, visible=visible, counts=counts, selected=selected
    ).add_to(m)
    return m


def render_html(m: folium.Map) -> str:
    """The map as a standalone HTML page (what the unit tests inspect)."""
    return m.get_root().render()


def geojson_bytes(collections: Mapping[str, dict]) -> int:
    """Size in bytes of the GeoJSON the feature group embeds (for reports and budgets)."""
    shapes = [
        s.as_geojson()
        for layer, collection in collections.items()
        for s in layer_shapes(layer, collection)
    ]
    return len(json.dumps(shapes, separators=(",", ":")))


# --------------------------------------------------------------------------- static shapes
#
# What the app uses: every shape is drawn once, from a file the app serves, and each rerun
# sends only the small state below (which ids are shown, which one is selected, the actors'
# fills). A script in the base map restyles the shapes in place, so a click or a toggle
# re-sends no geometry and the map never remounts.

DRAW_ORDER = ("actors", "zones", "corridors", "places")



def _without_class(style: Mapping) -> dict:
    return {k: v for k, v in style.items() if k != "className"}


def shapes_payload(collections: Mapping[str, dict],
                   basemap_labels: Iterable[Mapping] | None = None) -> dict:
    """Every shape of every layer, for the file the browser fetches once.

    Each shape has its key, feature id, hover label, geometry, its style (``s``, with the
    ``feature-<id>`` className) and what changes when it is selected (``ss``); then the
    halo's style, the legend's HTML and the names drawn on the map (``labels``, see
    ``dashboard.maplabels.label_rows``; ``basemap_labels`` defaults to the committed
    country and sea names). No article text: labels are names and statuses from the geodata.
    """
    layers = []
    for layer in DRAW_ORDER:
        collection = collections.get(layer) or {"features": []}
        shapes = []
        for feature in collection.get("features", []):
            props = feature.get("properties") or {}
            feature_id = props.get("id")
            if not feature_id or not feature.get("geometry"):
                continue
            single = {"features": [feature]}
            plain = layer_shapes(layer, single)
            chosen = layer_shapes(layer, single, selected=feature_id)
            for normal, selected in zip(plain, chosen, strict=True):
                shapes.append({
                    "k": normal.key,
                    "id": normal.feature_id,
                    "label": normal.label,
                    "g": normal.geometry,
                    "s": normal.style,
                    "ss": _without_class(selected.style),
                })
        layers.append({"layer": layer, "pane": layer, "shapes": shapes})
    return {"layers": layers, "halo": HALO_STYLE, "legend": legend_html(),
            "labels": maplabels.label_rows(collections, basemap_labels)}


def map_state(
    collections: Mapping[str, dict],
    *,
    visible: Iterable[str] | None = None,
    counts: Mapping[str, int] | None = None,
    selected: str | None = None,
) -> dict:
    """The small state sent on each rerun: shown ids (sorted), the selected id, the fill
    of each state actor mentioned at least once (the others keep the 'no passage' fill),
    and the passage count of every feature mentioned at least once (for the hover text)."""
    counts = counts or {}
    ids, fills, mentioned = [], {}, {}
    wanted = None if visible is None else set(visible)
    for layer in DRAW_ORDER:
        for feature in (collections.get(layer) or {}).get("features", []):
            props = feature.get("properties") or {}
            feature_id = props.get("id")
            if not feature_id or not feature.get("geometry"):
                continue
            if wanted is None or feature_id in wanted:
                ids.append(feature_id)
            count = int(counts.get(feature_id, 0))
            if count > 0:
                mentioned[feature_id] = count
            if layer == "actors" and props.get("kind") != "organisation" and count > 0:
                fills[feature_id] = count_colour(count)
    return {"visible": sorted(ids), "selected": selected, "fill": dict(sorted(fills.items())),
            "counts": dict(sorted(mentioned.items()))}


class AtlasLayers(MacroElement):
    """Everything on the map that does not change during a session, in one element: the
    panes, the legend, the country outlines fetched from ``basemap_url`` and the shapes
    fetched from ``shapes_url``; and ``window.atlasApply(state)``, which shows, hides and
    restyles the shapes in place.

    One element on purpose: folium compiles each element's rendered script as a template on
    every render, so fewer, smaller scripts make each rerun cheaper. Shapes go into one
    feature group that is on the map from the start, so the component's click handler
    (bound to the map's layers when it starts) sees every click with the clicked shape's
    ``{id, label}``. A hidden shape is removed from the map (its path leaves the DOM); the
    selected one gets the ``selected`` class and, for a line, a halo beneath it.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var panes = {{ this.panes|tojson }};
            Object.keys(panes).forEach(function (name) {
                var pane = map.createPane(name);
                pane.style.zIndex = panes[name][0];
                if (!panes[name][1]) pane.style.pointerEvents = "none";
            });
            var atlas = {group: L.featureGroup().addTo(map), halo: L.featureGroup().addTo(map),
                         byId: {}, state: null, ready: false, applied: {}};
            window.atlas = atlas;
            // Name and passage count (under the current source filters), as text.
            function tooltip(layer, id, label) {
                layer.bindTooltip(function () {
                    var span = document.createElement("span");
                    var n = ((atlas.state || {}).counts || {})[id] || 0;
                    span.textContent = label + " \u2014 " + (n === 1 ? "1 passage"
                        : (n ? n + " passages" : "no passage"));
                    return span;
                }, {sticky: true, direction: "top", opacity: 0.95});
            }
            function mark(layer, on) {
                var element = layer.getElement && layer.getElement();
                if (!element) return;
                if (on) { L.DomUtil.addClass(element, "selected"); }
                else { L.DomUtil.removeClass(element, "selected"); }
            }
            window.atlasApply = function (state) {
                atlas.state = state;
                if (!atlas.ready) return;
                var shown = {};
                state.visible.forEach(function (id) { shown[id] = true; });
                atlas.halo.clearLayers();
                Object.keys(atlas.byId).forEach(function (id) {
                    var on = shown[id] === true, selected = id === state.selected;
                    var fill = (state.fill || {})[id] || null;
                    var look = (selected ? "s" : "n") + (fill || "");
                    atlas.byId[id].forEach(function (item) {
                        var layer = item.layer;
                        var present = atlas.group.hasLayer(layer);
                        if (on && !present) { atlas.group.addLayer(layer); }
                        if (!on && present) { atlas.group.removeLayer(layer); }
                        if (atlas.applied[item.key] !== look) {
                            var style = L.extend({}, item.s, selected ? item.ss : {});
                            if (fill && style.fillColor !== undefined) style.fillColor = fill;
                            layer.setStyle(style);
                            if (style.radius !== undefined && layer.setRadius) {
                                layer.setRadius(style.radius);
                            }
                            atlas.applied[item.key] = look;
                        }
                        if (!on) return;
                        mark(layer, selected);
                        if (selected && item.line) {
                            var halo = L.extend({pane: "halo"}, atlas.haloStyle);
                            L.polyline(layer.getLatLngs(), halo).addTo(atlas.halo);
                        }
                    });
                });
                if (window.atlasPlaceLabels) window.atlasPlaceLabels();
            };
            function json(url) {
                return fetch(url).then(function (response) { return response.json(); });
            }
            json({{ this.basemap_url|tojson }}).then(function (data) {
                L.geoJSON(data, {pane: "basemap", interactive: false,
                                 style: {{ this.basemap_style|tojson }}}).addTo(map);
            });
            json({{ this.shapes_url|tojson }}).then(function (data) {
                var legend = L.control({position: {{ this.legend_position|tojson }}});
                legend.onAdd = function () {
                    var div = L.DomUtil.create("div", "atlas-legend");
                    div.innerHTML = data.legend;
                    L.DomEvent.disableClickPropagation(div);
                    L.DomEvent.disableScrollPropagation(div);
                    return div;
                };
                legend.addTo(map);
                atlas.haloStyle = data.halo;
                data.layers.forEach(function (group) {
                    group.shapes.forEach(function (shape) {
                        var feature = {type: "Feature", id: shape.k,
                                       properties: {id: shape.id, label: shape.label},
                                       geometry: shape.g};
                        var options = L.extend({pane: group.pane, bubblingMouseEvents: false},
                                               shape.s);
                        options.pointToLayer = function (f, latlng) {
                            return L.circleMarker(latlng, options);
                        };
                        var layer = L.GeoJSON.geometryToLayer(feature, options);
                        layer.feature = feature;
                        tooltip(layer, shape.id, shape.label);
                        var item = {key: shape.k, layer: layer, s: shape.s, ss: shape.ss,
                                    line: shape.g.type === "LineString"};
                        (atlas.byId[shape.id] = atlas.byId[shape.id] || []).push(item);
                    });
                });
                atlas.ready = true;
                if (atlas.state) window.atlasApply(atlas.state);
                if (window.atlasLabels) window.atlasLabels(data.labels || []);
                // Now the iframe has its final width: fit the default view once.
                map.invalidateSize();
                map.fitBounds({{ this.view_bounds|tojson }}, {padding: [6, 6]});
                // For dashboard.mapview: a selection waiting for the default view.
                atlas.framed = true;
                map.fire("atlas:framed");
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, basemap_url: str, shapes_url: str) -> None:
        super().__init__()
        _check_local_url(basemap_url, "Base map")
        _check_local_url(shapes_url, "Shapes")
        self._name = "AtlasLayers"
        self.basemap_url = basemap_url
        self.shapes_url = shapes_url
        self.basemap_style = BASEMAP_STYLE
        self.panes = {name: [z, name not in ("basemap", "halo")] for name, z in PANES.items()}
        self.legend_position = LEGEND_POSITION
        self.view_bounds = VIEW_BOUNDS
        self.css = LEGEND_CSS + MAP_CSS


class MapState(MacroElement):
    """The per-rerun part of the map: one call of ``atlasApply`` with the state."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.atlasApply({{ this.state|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, state: Mapping) -> None:
        super().__init__()
        self._name = "MapState"
        self.state = dict(state)


def _check_local_url(url: str, what: str) -> None:
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError(
            f"{what} URL {url!r} must be a path on the app's own server "
            "(e.g. /app/static/generated/features.json); the map loads nothing from "
            "elsewhere."
        )


def build_static_map(basemap_url: str, shapes_url: str) -> folium.Map:
    """The map the app shows: outlines and shapes fetched once from files the app serves
    (``shapes_url`` holds ``shapes_payload``), legend, default view. Each rerun applies the
    state with ``build_state_group``. No tile layer: no request leaves the machine."""
    m = offline_map(VIEW_CENTER)
    AtlasLayers(basemap_url, shapes_url).add_to(m)
    maplabels.MapLabels().add_to(m)
    return m


def build_state_group(state: Mapping) -> folium.FeatureGroup:
    """A feature group with no shapes whose script applies ``state`` (for
    ``st_folium(feature_group_to_add=...)``: a few hundred bytes per rerun)."""
    group = folium.FeatureGroup(name="state", control=False)
    MapState(state).add_to(group)
    return group
