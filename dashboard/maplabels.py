"""Names on the live map, and what lies beyond the base map: ``geodata`` data, Leaflet text.

The labels (``geodata.labels.map_labels``) travel once, in the shapes file the browser
fetches (``label_rows``): a compact row per name. ``MapLabels`` draws them all in one
container of the labels pane, each a ``<span>`` filled with ``textContent`` (so a name is
never parsed as HTML) placed at its point with left/top after every zoom. After every move
or zoom it shows the labels whose rule allows that zoom (``geodata.style`` ``LABEL_RULES``)
and whose feature is shown, then hides any label that would overlap one of higher priority
(after trying one line up and one down), cover a map control or leave the map, so names
never pile up or get cut at the edge.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from branca.element import MacroElement
from folium.template import Template

import geodata
from geodata import labels as geolabels
from geodata import style

#: The labels' pane: above every shape (places are 450), below hover tooltips (650).
LABEL_PANE_Z = 460


def label_rows(collections: Mapping[str, Mapping],
               basemap_points: Iterable[Mapping] | None = None) -> list[list]:
    """One row per label, highest priority first:
    ``[text, lat, lon, class, min zoom, feature id or "", colour or ""]``.

    ``basemap_points`` defaults to the committed ``geodata/basemap/labels.geojson``.
    """
    if basemap_points is None:
        basemap_points = geodata.load_basemap_labels()
    return [
        [label.text, round(label.lat, 3), round(label.lon, 3), label.kind, label.min_zoom,
         label.feature_id or "", label.colour if label.kind == "corridor" else ""]
        for label in geolabels.map_labels(collections, basemap_points)
    ]


def _halo(colour: str) -> str:
    return ", ".join(f"{x}px {y}px 0 {colour}" for x, y in
                     ((-1, -1), (1, -1), (-1, 1), (1, 1), (0, -1.5), (0, 1.5), (-1.5, 0),
                      (1.5, 0)))


_ANCHORS = {
    "center": "transform: translate(-50%, -50%); text-align: center;",
    "right": "transform: translate(7px, -50%);",
    "above": "transform: translate(-50%, calc(-100% - 4px)); text-align: center;",
}


def label_css() -> str:
    """The labels' CSS, one class per rule of ``geodata.style.LABEL_RULES``."""
    parts = [
        ".atlas-label {pointer-events: none; position: absolute;}",
        # Hidden while a zoom animates (they would stay at the old zoom's points until it ends).
        ".leaflet-zoom-anim .atlas-labels {visibility: hidden;}",
        ".atlas-label span {position: absolute; left: 0; top: 0; width: max-content;"
        " max-width: 170px; white-space: normal; line-height: 1.15;"
        " font-family: system-ui, 'DejaVu Sans', sans-serif;"
        f" text-shadow: {_halo(style.LABEL_HALO)};}}",
    ]
    for kind, rule in style.LABEL_RULES.items():
        declarations = [
            f"font-size: {rule.size:g}px", f"font-weight: {rule.weight}",
            f"font-style: {'italic' if rule.italic else 'normal'}",
            f"letter-spacing: {rule.spacing:g}px", _ANCHORS[rule.anchor],
        ]
        if rule.colour:
            declarations.append(f"color: {rule.colour}")
        parts.append(f".atlas-label-{kind} span {{{'; '.join(declarations)}}}")
    return " ".join(parts)


class MapLabels(MacroElement):
    """The labels' pane and CSS, and
    ``window.atlasLabels(rows)`` (called by ``AtlasLayers`` once the shapes file arrived)
    and ``window.atlasPlaceLabels()`` (after each state, so hidden features lose their
    names)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var pane = map.createPane("labels");
            pane.style.zIndex = {{ this.z_index }};
            pane.style.pointerEvents = "none";
            var labels = [];
            window.atlasPlaceLabels = function () {
                if (!labels.length) return;
                var zoom = map.getZoom(), state = (window.atlas || {}).state, shown = null;
                if (state && state.visible) {
                    shown = {};
                    state.visible.forEach(function (id) { shown[id] = true; });
                }
                // Show by rule (and near the view: a label far off screen is not laid out),
                // then read every box at once, then hide the overlaps: one layout, whatever
                // the number of labels. A style is written only when it changes, so a rerun
                // that moves nothing costs no style or layout work.
                var near = map.getBounds().pad(0.1);
                labels.forEach(function (item) {
                    var on = zoom >= item.z && (!item.id || shown === null || shown[item.id])
                        && near.contains(item.at);
                    set(item, "display", on ? "" : "none");
                });
                var boxes = labels.map(function (item) {
                    if (item.style.display === "none") return null;
                    // The box as if the label were not moved up or down.
                    var box = item.span.getBoundingClientRect();
                    return {left: box.left, right: box.right, top: box.top - item.shift,
                            bottom: box.bottom - item.shift};
                });
                var frame = map.getContainer().getBoundingClientRect();
                // The map's controls (zoom, legend, scale, attribution) are never covered.
                var controls = map.getContainer().querySelectorAll(".leaflet-control");
                var kept = Array.prototype.map.call(controls, function (control) {
                    return control.getBoundingClientRect();
                });
                function clashes(box) {
                    if (box.left < frame.left + 2 || box.right > frame.right - 2 ||
                        box.top < frame.top + 2 || box.bottom > frame.bottom - 2) return true;
                    return kept.some(function (other) {
                        return box.left < other.right + 3 && box.right + 3 > other.left &&
                               box.top < other.bottom + 2 && box.bottom + 2 > other.top;
                    });
                }
                // A label that would overlap a name already placed (or leave the map) tries
                // one line up, then one line down, else it waits for a closer zoom.
                var named = {};
                labels.forEach(function (item, n) {
                    var box = boxes[n];
                    if (!box) return;
                    // A country named twice (Natural Earth's point and the regional one)
                    // keeps one name on screen.
                    if (named[item.text]) { set(item, "visibility", "hidden"); return; }
                    var step = box.bottom - box.top + 2, moves = [0, -step, step];
                    for (var i = 0; i < moves.length; i++) {
                        var moved = {left: box.left, right: box.right,
                                     top: box.top + moves[i], bottom: box.bottom + moves[i]};
                        if (!clashes(moved)) {
                            kept.push(moved);
                            named[item.text] = true;
                            set(item, "visibility", "");
                            if (item.shift !== moves[i]) {
                                item.shift = moves[i];
                                item.span.style.marginTop = moves[i] ? moves[i] + "px" : "";
                            }
                            return;
                        }
                    }
                    set(item, "visibility", "hidden");
                });
            };
            // The label's style as last written, so that only changes touch the page.
            function set(item, property, value) {
                if (item.style[property] === value) return;
                item.style[property] = value;
                item.element.style[property] = value;
            }
            // All names in one layer: one element per name in one container, placed with
            // left/top. (A marker per name put 355 layers on the map, and streamlit-folium
            // rebinds its click handler on every layer of the map at each rerun.)
            function position() {
                labels.forEach(function (item) {
                    var point = map.latLngToLayerPoint(item.at);
                    item.element.style.left = point.x + "px";
                    item.element.style.top = point.y + "px";
                });
            }
            var container = L.DomUtil.create("div", "atlas-labels", pane);
            window.atlasLabels = function (rows) {
                rows.forEach(function (row) {
                    var span = document.createElement("span");
                    span.textContent = row[0];
                    if (row[6]) span.style.color = row[6];
                    var element = L.DomUtil.create(
                        "div", "atlas-label atlas-label-" + row[3], container);
                    element.appendChild(span);
                    labels.push({element: element, span: span, z: row[4],
                                 id: row[5], text: row[0], at: L.latLng(row[1], row[2]),
                                 shift: 0, style: {display: "", visibility: ""}});
                });
                position();
                window.atlasPlaceLabels();
            };
            // Layer points change with the zoom (and a view reset), not with a pan; this runs
            // before "moveend", so the names are placed at their new points.
            map.on("zoomend viewreset", position);
            map.on("moveend", function () { window.atlasPlaceLabels(); });
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "MapLabels"
        self.css = label_css()
        self.z_index = LABEL_PANE_Z
