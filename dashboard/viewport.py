"""Where the map should look when a feature is selected: pure functions on bounds.

Bounds are ``[[south, west], [north, east]]`` in degrees, the order Leaflet's
``fitBounds`` takes. The browser decides whether to move (only it knows what is on screen,
see ``dashboard.mapview``); Python gives it, for the selected feature:

- ``bounds``: the whole feature, which must be wholly visible for the map to stay still;
- ``target``: the same bounds with some padding, what the map frames when it has to move.

A feature that crosses the antimeridian (Russia's Chukotka, the United States' Aleutians)
gets bounds across it (east above 180, or west below -180, whichever side holds most of the
shape as Leaflet draws it) rather than bounds around the whole world.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableMapping

import numpy as np
import shapely
from shapely.geometry import shape

Bounds = list[list[float]]

#: Padding on each side, as a share of the feature's extent.
PAD_FRACTION = 0.06
#: The least padding on each side, in degrees (~10 km), so a short line is not framed
#: edge to edge.
MIN_PAD_DEGREES = 0.1
#: Coordinates sent to the browser: 4 decimals is ~10 m, far below a pixel.
DECIMALS = 4


def longitude_span(longitudes: Iterable[float]) -> tuple[float, float]:
    """(west, east) of the shortest arc that holds every longitude; ``east`` may exceed 180
    when the arc crosses the antimeridian, and ``west <= east`` always.

    The arc is the circle minus its largest gap between neighbouring longitudes.
    """
    values = np.asarray(list(longitudes), dtype=float)
    # Into [-180, 180) without touching values already there (no rounding error).
    values = np.unique(np.where((values < -180) | (values >= 180),
                                np.mod(values + 180.0, 360.0) - 180.0, values))
    if values.size == 0:
        raise ValueError("longitude_span needs at least one longitude")
    if values.size == 1:
        return float(values[0]), float(values[0])
    gaps = np.diff(values)
    wrap_gap = values[0] + 360.0 - values[-1]
    largest = int(np.argmax(gaps))
    if gaps[largest] <= wrap_gap:
        return float(values[0]), float(values[-1])
    # The largest gap is inside [-180, 180): the arc runs east from its far side, over 180.
    return float(values[largest + 1]), float(values[largest] + 360.0)


def geometry_bounds(geometry: Mapping) -> Bounds:
    """The bounds of a GeoJSON geometry dict (see the module doc for the antimeridian)."""
    geom = shape(geometry)
    if geom.is_empty:
        raise ValueError(f"geometry_bounds: the {geometry.get('type')} geometry is empty")
    coords = shapely.get_coordinates(geom)
    west, east = longitude_span(coords[:, 0])
    if east > 180:
        # Leaflet draws each vertex at its own longitude (no copies across the antimeridian),
        # so frame the side where most of the shape is drawn: east of 180 for Russia, west
        # of -180 (the same arc, shifted) for the United States.
        beyond = int((coords[:, 0] <= east - 360).sum())
        if beyond > len(coords) - beyond:
            west, east = west - 360, east - 360
    south, north = float(coords[:, 1].min()), float(coords[:, 1].max())
    return [[south, west], [north, east]]


def padded(bounds: Bounds, *, fraction: float = PAD_FRACTION,
           minimum: float = MIN_PAD_DEGREES) -> Bounds:
    """``bounds`` grown on each side by ``fraction`` of its extent (at least ``minimum``
    degrees); latitudes stay within the map's ±85° (Web Mercator's limit)."""
    (south, west), (north, east) = bounds
    pad_lat = max((north - south) * fraction, minimum)
    pad_lng = max((east - west) * fraction, minimum)
    return [[max(south - pad_lat, -85.0), west - pad_lng],
            [min(north + pad_lat, 85.0), east + pad_lng]]


def _rounded(bounds: Bounds) -> Bounds:
    return [[round(v, DECIMALS) for v in corner] for corner in bounds]


def view_request(geometry: Mapping | None, seq: int) -> dict:
    """What the browser needs to follow a selection: ``seq`` (a new number for each
    request: the browser acts once per number), and, for a feature with a geometry, its
    ``bounds`` and padded ``target``. With no geometry the map stays where it is."""
    request: dict = {"seq": int(seq)}
    if geometry:
        bounds = geometry_bounds(geometry)
        request["bounds"] = _rounded(bounds)
        request["target"] = _rounded(padded(bounds))
    return request


def reset_request(seq: int) -> dict:
    """A request to go back to the default framing."""
    return {"seq": int(seq), "reset": True}


# --------------------------------------------------------------------------- requests
#
# Kept in the session state (any mutable mapping): a number that grows with each request,
# and whether the latest one is "back to the default framing".

SEQ_KEY = "view_seq"
RESET_KEY = "view_reset"


def ask(state: MutableMapping, *, reset: bool = False) -> None:
    """Record a new request: frame the selection (the browser moves only if it is not wholly
    visible) or, with ``reset``, go back to the default framing."""
    state[SEQ_KEY] = int(state.get(SEQ_KEY, 0)) + 1
    state[RESET_KEY] = bool(reset)


def latest(state: Mapping, selected: str | None,
           request_for: Callable[[str], Mapping]) -> dict:
    """The latest request for the browser: a reset, the selection's bounds
    (``request_for(selected)``, a ``view_request``), or nothing to frame."""
    seq = int(state.get(SEQ_KEY, 0))
    if state.get(RESET_KEY):
        return reset_request(seq)
    if not selected:
        return {"seq": seq}
    return {**request_for(selected), "seq": seq}
