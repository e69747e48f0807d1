"""The map's view and base: following the selection, resetting the view, and the optional
online base map. Folium elements only; what to frame is worked out in ``dashboard.viewport``.

Two parts, so that the map never remounts (streamlit-folium remounts its iframe whenever
the map's own script changes):

- ``FollowSelection`` goes into the static map once. It defines ``window.atlasView(view,
  online)``, which moves the map for a new view request and shows or hides the online
  tiles.
- ``add_view_state(group, view, online=...)`` adds a tiny element that calls it to the
  per-rerun feature group (``st_folium(feature_group_to_add=...)``).

A request is acted on once (by its ``seq``), so a rerun for any other reason (a layer
toggle, a filter) never moves the map. The browser moves only if the selected feature is
not already wholly visible, and then by as little as it can: it keeps the zoom when the
feature fits at the current zoom (a pan), and zooms out only as far as needed. It jumps
rather than glides: without a GPU, each frame of Leaflet's 0.25 s animation redrew the map,
and that cost more than the rest of the map's update for a click. Until the
shapes have arrived and the default view is set (the ``atlas:framed`` event of
``staticmap.AtlasLayers``) a request waits, so a deep link is framed after the default.

The online base map is OpenStreetMap's standard tile layer, off unless the reader turns it
on: only then does the browser ask a tile server for images, with the attribution the
OpenStreetMap tile usage policy asks for. The offline country outlines are hidden while it
shows (their opaque land would cover the tiles).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import folium
from branca.element import MacroElement
from folium.template import Template

#: OpenStreetMap's standard tile layer and the attribution its tile usage policy asks for.
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">'
                   "OpenStreetMap contributors</a>")
OSM_MAX_ZOOM = 19
#: Pixels kept free around a feature the map moves to.
FIT_PADDING_PX = 24
#: What the reader is told before and while the online base map is on.
ONLINE_LABEL = "Online base map (OpenStreetMap)"
ONLINE_HELP = ("Off, the map is drawn from the app's own files and your browser asks no other "
               "server for anything. On, your browser downloads map images (tiles) from "
               "OpenStreetMap's tile server, which then sees your IP address and the part of "
               "the map you look at.")
ONLINE_NOTICE = ("Online base map on: your browser now requests map tiles from "
                 "tile.openstreetmap.org (OpenStreetMap's tile server). Turn it off to keep "
                 "every request on the app's own server.")
#: Said under the switch while it is off.
OFFLINE_NOTE = "Offline: drawn from the app's own files; no request goes anywhere else."


class FollowSelection(MacroElement):
    """The static half (see the module doc): ``window.atlasView(view, online)``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var follow = {seq: null, pending: null, tiles: null};
            window.atlasFollow = follow;
            function framed() { return !!(window.atlas && window.atlas.framed); }
            function move(view) {
                if (view.reset) {
                    map.fitBounds({{ this.default_bounds|tojson }},
                                  {padding: [6, 6], animate: false});
                    return;
                }
                if (!view.bounds) return;
                var whole = L.latLngBounds(view.bounds);
                if (map.getBounds().contains(whole)) return;
                var target = L.latLngBounds(view.target || view.bounds);
                var pad = L.point({{ this.padding }}, {{ this.padding }});
                var zoom = Math.min(map.getZoom(), map.getBoundsZoom(target, false, pad));
                map.setView(target.getCenter(), zoom, {animate: false});
            }
            function online(on) {
                var pane = map.getPane("basemap");
                if (on && !follow.tiles) {
                    follow.tiles = L.tileLayer({{ this.tiles|tojson }}, {
                        attribution: {{ this.attribution|tojson }},
                        maxZoom: {{ this.max_zoom }}
                    }).addTo(map);
                    if (pane) pane.style.display = "none";
                } else if (!on && follow.tiles) {
                    map.removeLayer(follow.tiles);
                    follow.tiles = null;
                    if (pane) pane.style.display = "";
                }
            }
            map.on("atlas:framed", function () {
                var view = follow.pending;
                follow.pending = null;
                if (view) move(view);
            });
            window.atlasView = function (view, on) {
                online(on === true);
                if (!view || view.seq === follow.seq) return;
                follow.seq = view.seq;
                if (framed()) { move(view); } else { follow.pending = view; }
            };
        })();
        {% endmacro %}
        """
    )

    def __init__(self, default_bounds: Sequence[Sequence[float]]) -> None:
        super().__init__()
        self._name = "FollowSelection"
        self.default_bounds = [list(corner) for corner in default_bounds]
        self.padding = FIT_PADDING_PX
        self.tiles = OSM_TILES
        self.attribution = OSM_ATTRIBUTION
        self.max_zoom = OSM_MAX_ZOOM


class ViewState(MacroElement):
    """The per-rerun half: one call of ``atlasView`` with the request and the base choice."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if (window.atlasView) window.atlasView({{ this.view|tojson }}, {{ this.online|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, view: Mapping, online: bool) -> None:
        super().__init__()
        self._name = "ViewState"
        self.view = dict(view)
        self.online = bool(online)


def add_follow(m: folium.Map, default_bounds: Sequence[Sequence[float]]) -> folium.Map:
    """Add ``FollowSelection`` to the static map ``m`` (returned for chaining)."""
    FollowSelection(default_bounds).add_to(m)
    return m


def add_view_state(group: folium.FeatureGroup, view: Mapping, *, online: bool = False
                   ) -> folium.FeatureGroup:
    """Add to the per-rerun ``group`` the element that applies ``view``
    (``dashboard.viewport``) and shows the online tiles only if ``online``."""
    ViewState(view, online).add_to(group)
    return group
