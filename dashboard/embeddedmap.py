"""The embedded map: every shape in the page's own script (the "Try a new article" preview,
the tests and a standalone HTML file).

The map is split in two so that streamlit-folium never has to remount its iframe:

- ``build_base_map`` holds what never changes during a session: the country outlines, the
  panes that keep corridors above polygons, the legend and the default view.
- ``build_feature_group`` holds what the sidebar and a click change: which features are
  shown, the actors' shading by mention count and the selected feature's highlight. It is
  passed to ``st_folium(feature_group_to_add=...)``, which swaps it in place.

``build_map`` puts both together. The app's main map is ``dashboard.staticmap``, which fetches
its shapes once instead of re-sending them. The tooltip shows the label as text (never parsed
as HTML).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

import folium
from branca.element import MacroElement
from folium.template import Template
from folium.utilities import JsCode

from dashboard.mapshapes import PANES, Shape, check_local_url, layer_shapes, offline_map
from dashboard.mapstyle import BASEMAP_STYLE, HALO_STYLE, legend_html
from geodata import style

# The default view frames TRIPP (Kars to Horadiz), the Caspian crossing of the Middle Corridor
# (Baku/Alat to Aktau, Kuryk and Turkmenbashi) and the Caspian cables. A fixed centre and zoom
# rather than fitBounds: the map is created before its iframe has its final width, and
# fitBounds would pick the zoom for the wrong size.
DEFAULT_CENTER = [41.1, 47.9]


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
        check_local_url(url, "Base map", "/app/static/generated/basemap.json")
        self._name = "FetchedBasemap"
        self.url = url
        self.style = BASEMAP_STYLE


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


def geojson_bytes(collections: Mapping[str, dict]) -> int:
    """Size in bytes of the GeoJSON the feature group embeds (for reports and budgets)."""
    shapes = [
        s.as_geojson()
        for layer, collection in collections.items()
        for s in layer_shapes(layer, collection)
    ]
    return len(json.dumps(shapes, separators=(",", ":")))


