"""The timeline's events pinned on the map: drawn once, shown or hidden by the map's state.

The pins (one per place, for every event of the events file) are published as a file the
browser fetches once (``events_payload``), like the shapes. Each rerun's state says which
events are in the timeline's date range (``state["events"]``); ``window.atlasEvents(ids)``
then shows the pins of those places, sized by how many of their events are in range and
labelled with them. Before, the pins in range were rebuilt as folium markers on every
rerun: about 20 ms of the server's time for each click and as much work for the browser,
which removed and redrew them each time.

A pin's path has the classes ``event event-<id>`` for each of its events in range, and its
label is set as text (dates and titles come from the events file, never from an article).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import folium
from branca.element import MacroElement
from folium.template import Template

from dashboard.mapshapes import check_local_url
from dashboard.views.render import EVENT_COLOUR, place_point

#: The pins' look: the events' colour of the reading views, white fill.
PIN_STYLE = {"color": EVENT_COLOUR, "weight": 2, "fill": True, "fillColor": "#ffffff",
             "fillOpacity": 0.9}
#: The radius grows by a pixel for each event in range at the place, up to four.
BASE_RADIUS = 7
MAX_EXTRA = 4


def event_label(event: Any) -> str:
    """One line of a pin's label: the date as the file gives it, the title, and whether the
    place is the file's or assumed (plain text)."""
    return (f"{event.date_label}: {event.title}"
            + ("" if event.place_stated else " (place assumed)"))


def events_payload(events: Iterable[Any],
                   point_of: Callable[[str], tuple[float, float] | None]) -> dict:
    """The pins file: one pin per place that ``point_of(place)`` puts on the map (``(lat,
    lon)`` or None), with its events in date order as ``[id, label]``.

    ``events`` are ``corpus.events.Event`` objects (anything with ``id``, ``place``,
    ``first``, ``date_label``, ``title`` and ``place_stated``)."""
    by_place: dict[str, list[Any]] = {}
    for event in sorted(events, key=lambda e: (e.first, e.id)):
        by_place.setdefault(event.place, []).append(event)
    pins = []
    for place, here in by_place.items():
        point = point_of(place)
        if point is None:
            continue
        pins.append({"place": place, "at": [round(point[0], 5), round(point[1], 5)],
                     "events": [[e.id, event_label(e)] for e in here]})
    return {"pins": pins, "style": PIN_STYLE, "radius": [BASE_RADIUS, MAX_EXTRA]}


def pins_key(events: Iterable[Any]) -> tuple:
    """What the pins file is made of, as a cache key: it changes when the events file does."""
    return tuple((e.id, e.place, str(e.first), e.date_label, e.title, bool(e.place_stated))
                 for e in events)


def shown_events(events: Sequence[Any]) -> list[str]:
    """The ids for the map's state: the events in range (sorted, so equal states compare
    equal)."""
    return sorted({e.id for e in events})


class EventPins(MacroElement):
    """The static half: fetch the pins once from ``url``; ``window.atlasEvents(ids)`` shows
    the pins of the events in ``ids`` (called with each state, see ``staticmap.MapState``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var pins = null, wanted = null, shownKey = null;
            function apply() {
                if (!pins || wanted === null) return;
                var key = wanted.join(" ");
                if (key === shownKey) return;
                shownKey = key;
                var on = {};
                wanted.forEach(function (id) { on[id] = true; });
                pins.forEach(function (pin) {
                    var here = pin.events.filter(function (e) { return on[e[0]] === true; });
                    if (!here.length) {
                        if (map.hasLayer(pin.layer)) map.removeLayer(pin.layer);
                        return;
                    }
                    pin.layer.setRadius(pin.radius[0] + Math.min(here.length, pin.radius[1]));
                    var label = document.createElement("span");
                    here.forEach(function (e, n) {
                        if (n) label.appendChild(document.createElement("br"));
                        label.appendChild(document.createTextNode(e[1]));
                    });
                    pin.layer.setTooltipContent(label);
                    if (!map.hasLayer(pin.layer)) pin.layer.addTo(map);
                    var path = pin.layer.getElement();
                    if (path) {
                        path.setAttribute("class", "leaflet-interactive event " + here.map(
                            function (e) { return "event-" + e[0]; }).join(" "));
                    }
                });
            }
            window.atlasEvents = function (ids) {
                wanted = (ids || []).slice();
                apply();
            };
            fetch({{ this.url|tojson }}).then(function (r) { return r.json(); })
                .then(function (data) {
                    pins = (data.pins || []).map(function (pin) {
                        var layer = L.circleMarker(pin.at, L.extend(
                            {radius: data.radius[0]}, data.style));
                        layer.bindTooltip("", {sticky: false});
                        return {events: pin.events, layer: layer, radius: data.radius};
                    });
                    apply();
                });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, url: str) -> None:
        super().__init__()
        check_local_url(url, "Event pins")
        self._name = "EventPins"
        self.url = url


def add_pins(m: folium.Map, url: str | None) -> folium.Map:
    """Add the pins fetched from ``url`` to the static map ``m`` (nothing when None)."""
    if url:
        EventPins(url).add_to(m)
    return m


def place_points(geometries: Mapping[str, Mapping]
                 ) -> Callable[[str], tuple[float, float] | None]:
    """``point_of`` for ``events_payload``: a point of each feature (``render.place_point``)."""
    return lambda place: place_point({}, geometries, place)
