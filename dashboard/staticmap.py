"""The app's map: every shape drawn once, from a file the app serves.

Each rerun sends only a small state (which ids are shown, which one is selected, the actors'
fills). A script in the base map restyles the shapes in place, so a click or a toggle re-sends
no geometry and the map never remounts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import folium
from branca.element import MacroElement
from folium.template import Template

from dashboard import maplabels
from dashboard.mapshapes import PANES, check_local_url, layer_shapes, offline_map
from dashboard.mapstyle import BASEMAP_STYLE, HALO_STYLE, count_colour, legend_html
from geodata import style

# The app's map (``build_static_map``) starts on the centre of these bounds and fits them
# once its shapes have arrived, when the iframe has its final size: Kars (TRIPP's west end)
# to Turkmenbashi, the Araks (TRIPP's south) to Aktau (the cables' north end).
VIEW_BOUNDS = style.VIEW_BOUNDS
VIEW_CENTER = [41.4, 48.1]


# --------------------------------------------------------------------------- legend and look

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
# The shadow is on the SVG's group, not on the SVG: on the SVG (a composited layer) Chromium
# applied the filter again on every frame the page drew, about a fifth of a click's CPU.
# A clicked shape takes the keyboard focus: Chromium would then draw its focus ring, a
# black rectangle round the shape's bounding box, over the map. Keyboard focus keeps it.
MAP_CSS = (
    f" .leaflet-container {{background: {style.WATER};}}"
    " .leaflet-interactive:focus:not(:focus-visible) {outline: none;}"
    " .leaflet-corridors-pane svg > g {filter:"
    f" drop-shadow(0 0 {style.CASING_WIDTH / 2:g}px {style.CASING_COLOUR})"
    f" drop-shadow(0 0 {style.CASING_WIDTH / 2:g}px {style.CASING_COLOUR});}}"
)

# --------------------------------------------------------------------------- shapes and state

# Bottom to top; the panes decide what is drawn on top, this only keeps the payload stable.
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
    events: Iterable[str] | None = None,
) -> dict:
    """The small state sent on each rerun: shown ids (sorted), the selected id, the fill
    of each state actor mentioned at least once (the others keep the 'no passage' fill),
    the passage count of every feature mentioned at least once (for the hover text) and,
    when the timeline is on, the ids of the events whose pins show
    (``dashboard.mapevents``)."""
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
    state = {"visible": sorted(ids), "selected": selected,
             "fill": dict(sorted(fills.items())), "counts": dict(sorted(mentioned.items()))}
    if events is not None:
        state["events"] = sorted(events)
    return state


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
                // The timeline's pins (dashboard.mapevents), when the timeline is on.
                if (state.events && window.atlasEvents) window.atlasEvents(state.events);
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
            // The outlines as one polygon layer (one SVG path): they share one style and take
            // no clicks, and a layer per country made every rerun slower, since
            // streamlit-folium rebinds its click handler on each of the map's layers.
            json({{ this.basemap_url|tojson }}).then(function (data) {
                var rings = [];
                (data.features || []).forEach(function (feature) {
                    var g = feature.geometry;
                    if (!g) return;
                    var polygons = g.type === "Polygon" ? [g.coordinates]
                        : (g.type === "MultiPolygon" ? g.coordinates : []);
                    polygons.forEach(function (polygon) {
                        rings.push(L.GeoJSON.coordsToLatLngs(polygon, 1));
                    });
                });
                L.polygon(rings, L.extend({pane: "basemap", interactive: false},
                                          {{ this.basemap_style|tojson }})).addTo(map);
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
        check_local_url(basemap_url, "Base map")
        check_local_url(shapes_url, "Shapes")
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
