"""The map's look in Leaflet terms: ``geodata.style`` translated to Leaflet path options,
the shapes' CSS classes and the legend's HTML.

The colours, widths and dashes are defined once in ``geodata.style`` (shared with the picture);
this module only translates them, for both map builders (``dashboard.embeddedmap`` and
``dashboard.staticmap``).
"""

from __future__ import annotations

import html

from geodata import style

# The colours, widths and dashes come from geodata.style (shared with the picture); the names
# below are kept here for the legend and the callers that read them from this module.
KIND_COLOURS = style.KIND_COLOURS
STATUS_ORDER = style.STATUS_ORDER
COUNT_COLOURS = style.COUNT_COLOURS
count_colour = style.count_colour
count_bins = style.count_bins


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

