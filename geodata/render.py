"""The map as a picture (PNG or SVG), drawn on the server with geopandas and matplotlib.

Same layers, same style table (``geodata.style``) and same names (``geodata.labels``) as the
live map: the visible features, the selection highlighted, the labels the zoom rules allow
(overlaps resolved by priority, as in the browser), a legend, a scale bar and a credit line.
SVG text stays text (``svg.fonttype = 'none'``), so names can be searched and edited.

Used by ``python -m corpus export --format png|svg`` and by the dashboard's Downloads tab;
imports nothing from the dashboard.
"""

from __future__ import annotations

import datetime
import io
import math
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import matplotlib
import matplotlib.transforms
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from shapely.geometry import LineString, box, shape

from geodata import labels as geolabels
from geodata import style

FORMATS = ("png", "svg")
#: CSS px to typographic points (96 px and 72 pt to the inch).
PT_PER_PX = 0.75
PX_PER_INCH = 96
WEB_MERCATOR = "EPSG:3857"
#: The picture's extent stays within these latitudes (as the live map's view does).
MAX_LATITUDE = 85.0
#: Circumference of the Web Mercator world in metres (256 px at zoom 0).
WORLD_M = 40_075_016.686
FONT = "DejaVu Sans"
SCALE_STEPS_KM = (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000)
LAYER_ORDER = ("actors", "zones", "corridors", "places")


class RenderError(ValueError):
    """The picture cannot be drawn as asked (unknown format, unknown selection)."""


@dataclass
class MapPicture:
    """What to draw: layers as GeoJSON FeatureCollections by layer name, the base map's
    countries (a GeoDataFrame or a FeatureCollection) and name points, which feature ids are
    shown (None: all), passages per feature id, the selected id, and the credit line."""

    collections: Mapping[str, Mapping]
    basemap: Any
    basemap_points: list[Mapping] = field(default_factory=list)
    visible: Iterable[str] | None = None
    counts: Mapping[str, int] = field(default_factory=dict)
    selected: str | None = None
    credit: str = ""


#: The maker written into every picture's metadata.
PICTURE_CREATOR = "Corridor Atlas"


def credit_line(articles: int, outlets: int, first: datetime.date | str | None,
                last: datetime.date | str | None, *, unnamed: int = 0) -> str:
    """"Natural Earth; Corridor Atlas; 5 articles from 3 outlets, 2026-02-09 to 2026-02-13";
    ``unnamed`` articles that name no outlet are said as "(2 articles name none)"."""
    article_word = "article" if articles == 1 else "articles"
    outlet_word = "outlet" if outlets == 1 else "outlets"
    text = f"Natural Earth; Corridor Atlas; {articles} {article_word} from {outlets} {outlet_word}"
    if unnamed:
        text += f" ({unnamed} article{' names' if unnamed == 1 else 's name'} none)"
    if first and last:
        text += f", {first}" if str(first) == str(last) else f", {first} to {last}"
    return text


def _features(collections: Mapping[str, Mapping], visible: set[str] | None):
    for layer in LAYER_ORDER:
        for feature in (collections.get(layer) or {}).get("features", []):
            props = feature.get("properties") or {}
            if not props.get("id") or not feature.get("geometry"):
                continue
            if visible is not None and props["id"] not in visible:
                continue
            yield layer, props, shape(feature["geometry"])


def picture_bounds(collections: Mapping[str, Mapping], selected: str | None
                   ) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees: the selected feature with some room around
    it, else the live map's default view (``style.VIEW_BOUNDS``)."""
    if selected:
        for _layer, props, geometry in _features(collections, None):
            if props["id"] == selected:
                west, south, east, north = geometry.bounds
                pad = max(0.6, 0.08 * max(east - west, north - south))
                # Within the one world Web Mercator draws: a feature reaching far north
                # (the USA's Alaska) padded past the pole had no Mercator extent at all.
                return (max(west - pad, -180.0), max(south - pad, -MAX_LATITUDE),
                        min(east + pad, 180.0), min(north + pad, MAX_LATITUDE))
        raise RenderError(f"unknown feature id {selected!r}; use an id from geodata/layers/ "
                          "(e.g. tripp, middle_corridor, usa)")
    (south, west), (north, east) = style.VIEW_BOUNDS
    return west, south, east, north


def _to_mercator(geometries: list, crs: str = "EPSG:4326") -> gpd.GeoSeries:
    return gpd.GeoSeries(geometries, crs=crs).to_crs(WEB_MERCATOR)


def _fit_extent(bounds, aspect: float) -> tuple[float, float, float, float]:
    """The Mercator extent of ``bounds`` grown to the axes' width/height ``aspect``."""
    corners = _to_mercator([box(*bounds)]).total_bounds
    x0, y0, x1, y1 = corners
    width, height = x1 - x0, y1 - y0
    if width / height < aspect:
        grow = (height * aspect - width) / 2
        x0, x1 = x0 - grow, x1 + grow
    else:
        grow = (width / aspect - height) / 2
        y0, y1 = y0 - grow, y1 + grow
    return x0, y0, x1, y1


def equivalent_zoom(extent_width_m: float, width_px: float) -> float:
    """The Leaflet zoom at which ``extent_width_m`` of Web Mercator fills ``width_px``."""
    return math.log2(width_px * WORLD_M / (256 * extent_width_m))


def _dashes(dash: tuple[float, ...]):
    return "solid" if not dash else (0, tuple(d * PT_PER_PX for d in dash))


def _line_kwargs(path: style.PathStyle) -> dict:
    return {"color": path.colour, "linewidth": path.width * PT_PER_PX, "alpha": path.opacity,
            "linestyle": _dashes(path.dash),
            "solid_capstyle": "round" if path.cap == "round" else "butt",
            "dash_capstyle": "round" if path.cap == "round" else "butt"}


def _polygon_kwargs(path: style.PathStyle) -> dict:
    kwargs = {"edgecolor": matplotlib.colors.to_rgba(path.colour, path.opacity),
              "linewidth": path.width * PT_PER_PX,
              "linestyle": _dashes(path.dash)}
    if path.fill is None:
        kwargs["facecolor"] = "none"
    else:
        kwargs["facecolor"] = matplotlib.colors.to_rgba(path.fill, path.fill_opacity)
    return kwargs


class _Renderer:
    def __init__(self, picture: MapPicture, *, bounds, width_in: float, height_in: float):
        self.picture = picture
        self.visible = None if picture.visible is None else set(picture.visible)
        self.figure = Figure(figsize=(width_in, height_in))
        FigureCanvasAgg(self.figure)  # measures the labels' text
        self.map_ax = self.figure.add_axes((0.01, 0.07, 0.75, 0.86))
        self.legend_ax = self.figure.add_axes((0.775, 0.07, 0.215, 0.86))
        size = self.map_ax.get_position()
        self.width_px = size.width * width_in * PX_PER_INCH
        aspect = (size.width * width_in) / (size.height * height_in)
        self.extent = _fit_extent(bounds, aspect)
        x0, y0, x1, y1 = self.extent
        self.clip = gpd.GeoSeries([box(x0, y0, x1, y1)], crs=WEB_MERCATOR)
        self.zoom = equivalent_zoom(x1 - x0, self.width_px)
        self.countries = None

    # ------------------------------------------------------------------ layers

    def _clipped(self, geometries: list) -> gpd.GeoSeries:
        series = _to_mercator(geometries)
        area = self.clip.iloc[0].buffer((self.extent[2] - self.extent[0]) * 0.05)
        return series.intersection(area)

    def draw_base(self) -> None:
        ax = self.map_ax
        ax.set_facecolor(style.WATER)
        basemap = self.picture.basemap
        if isinstance(basemap, Mapping):
            basemap = gpd.GeoDataFrame.from_features(basemap.get("features", []),
                                                     crs="EPSG:4326")
        self.countries = basemap
        if basemap is not None and len(basemap):
            land = self._clipped(list(basemap.geometry))
            land = land[~land.is_empty]
            if len(land):  # a picture of open sea has no land to draw
                land.plot(ax=ax, zorder=1, **_polygon_kwargs(style.LAND))

    def draw_layers(self) -> None:
        selected = self.picture.selected
        counts = self.picture.counts
        z = {"actors": 2, "zones": 3, "corridors": 5, "places": 7}
        for layer, props, geometry in _features(self.picture.collections, self.visible):
            is_selected = props["id"] == selected
            clipped = self._clipped([geometry])
            if clipped.iloc[0].is_empty:
                continue
            zorder = z[layer] + (0.5 if is_selected else 0)
            if layer == "actors":
                path = style.actor_style(int(counts.get(props["id"], 0)), selected=is_selected,
                                         organisation=props.get("kind") == "organisation")
                clipped.plot(ax=self.map_ax, zorder=zorder, **_polygon_kwargs(path))
            elif layer == "zones":
                path = style.zone_style(str(props.get("status")), selected=is_selected)
                clipped.plot(ax=self.map_ax, zorder=zorder, **_polygon_kwargs(path))
            elif layer == "corridors":
                self._draw_corridor(props, geometry, is_selected)
            else:
                path = style.place_style(str(props.get("kind")), selected=is_selected)
                point = clipped.iloc[0]
                self.map_ax.scatter(
                    [point.x], [point.y], s=(2 * path.radius * PT_PER_PX) ** 2,
                    facecolor=path.fill, edgecolor=path.colour,
                    linewidths=path.width * PT_PER_PX, zorder=zorder)

    def _draw_corridor(self, props: Mapping, geometry, is_selected: bool) -> None:
        parts = list(getattr(geometry, "geoms", [geometry]))
        segments = props.get("segments") or []
        if len(segments) != len(parts):
            segments = [{}] * len(parts)
        for part, segment in zip(parts, segments, strict=True):
            status = segment.get("status") or props.get("status") or "planned"
            accuracy = segment.get("accuracy") or props.get("accuracy") or "schematic"
            path = style.corridor_style(props.get("kind", ""), status, accuracy,
                                        selected=is_selected)
            line = self._clipped([LineString(part.coords)]).iloc[0]
            if line.is_empty:
                continue
            for piece in getattr(line, "geoms", [line]):
                xs, ys = piece.xy
                if is_selected:
                    self.map_ax.plot(xs, ys, zorder=4, **_line_kwargs(style.HALO))
                width = (path.width + 2 * style.CASING_WIDTH) * PT_PER_PX
                casing = patheffects.withStroke(linewidth=width,
                                                foreground=style.CASING_COLOUR)
                self.map_ax.plot(xs, ys, zorder=5.5 if is_selected else 5,
                                 path_effects=[casing, patheffects.Normal()],
                                 **_line_kwargs(path))

    # ------------------------------------------------------------------ labels

    def draw_labels(self, reserved: Iterable = ()) -> list[str]:
        """Draw the labels the zoom rules allow, best first, dropping those that would
        overlap another or a ``reserved`` box (display coordinates); returns the texts
        drawn."""
        every = geolabels.map_labels(self.picture.collections, self.picture.basemap_points)
        candidates = geolabels.shown_at(every, self.zoom, self.visible)
        candidates += self._unnamed_countries(candidates)
        points = _to_mercator([shape({"type": "Point", "coordinates": [c.lon, c.lat]})
                               for c in candidates]) if candidates else []
        renderer = self.figure.canvas.get_renderer()
        map_box = self.map_ax.get_window_extent(renderer)
        kept, drawn, named = list(reserved), [], set()
        for label, point in zip(candidates, points, strict=True):
            if label.text in named:
                continue
            rule = style.label_rule(label.kind)
            text = label.text
            if label.kind == "corridor":
                text = "\n".join(textwrap.wrap(text, 26)) or text
            colour = label.colour or rule.colour or "#222222"
            size = rule.size * PT_PER_PX
            offset, ha, va = {"center": ((0, 0), "center", "center"),
                              "right": ((7 * PT_PER_PX, 0), "left", "center"),
                              "above": ((0, 4 * PT_PER_PX), "center", "bottom")}[rule.anchor]
            placed = None
            for shift in (0, 1, -1):
                where = {"xy": (point.x, point.y), "textcoords": "offset points",
                         "xytext": (offset[0], offset[1] + shift * size * 1.3)}
                font = {"ha": ha, "va": va, "fontsize": size, "fontfamily": FONT,
                        "fontweight": "bold" if rule.weight >= 600 else "normal",
                        "fontstyle": "italic" if rule.italic else "normal",
                        "annotation_clip": False, "multialignment": "center"}
                artist = self.map_ax.annotate(text, color=colour, zorder=9, **where, **font)
                extent = artist.get_window_extent(renderer).padded(2)
                inside = (extent.x0 >= map_box.x0 and extent.x1 <= map_box.x1
                          and extent.y0 >= map_box.y0 and extent.y1 <= map_box.y1)
                if inside and not any(extent.overlaps(other) for other in kept):
                    placed = extent
                    self._halo(text, zorder=8.9, **where, **font)
                    break
                artist.remove()
            if placed is not None:
                kept.append(placed)
                drawn.append(label.text)
                named.add(label.text)
        return drawn

    def _unnamed_countries(self, candidates: list) -> list:
        """Names for the countries that fill a good part of the picture but whose label
        points all fall outside it (zoomed on TRIPP, Iran's is far south): one more label at
        the point farthest inside their visible part, placed after every other label."""
        if self.countries is None or not len(self.countries) or "iso_a3" not in self.countries:
            return []
        x0, y0, x1, y1 = self.extent
        view = gpd.GeoSeries([box(x0, y0, x1, y1)], crs=WEB_MERCATOR).to_crs("EPSG:4326")
        view = view.iloc[0]
        names = {(p.get("properties") or {}).get("iso_a3"): p["properties"].get("name")
                 for p in self.picture.basemap_points
                 if (p.get("properties") or {}).get("kind") == "country"}
        inside = {c.text for c in candidates if view.contains(shape(
            {"type": "Point", "coordinates": [c.lon, c.lat]}))}
        extra = []
        for row in self.countries.itertuples():
            name = names.get(row.iso_a3) or getattr(row, "name", None)
            if not name or name in inside:
                continue
            part = row.geometry.intersection(view)
            if part.is_empty or part.area < 0.06 * view.area:
                continue
            point = geolabels.polylabel_of(part)
            extra.append(geolabels.Label(name, point.x, point.y, "country", 0.0, rank=99,
                                         colour=style.LABEL_RULES["country"].colour or ""))
        return extra

    def _halo(self, text: str, **kwargs) -> None:
        """A white outline behind a label: a copy of it drawn with a stroke. In SVG a text
        with a path effect becomes outlines, so the name itself stays a plain text element
        above its halo."""
        self.map_ax.annotate(text, color=style.LABEL_HALO, path_effects=[
            patheffects.withStroke(linewidth=2.2, foreground=style.LABEL_HALO)], **kwargs)

    # ------------------------------------------------------------------ furniture

    def draw_scale_bar(self) -> list:
        """Draw the scale bar in the map's lower left corner; return its boxes (display
        coordinates) so that no label covers it."""
        x0, y0, x1, y1 = self.extent
        middle = gpd.GeoSeries(gpd.points_from_xy([(x0 + x1) / 2], [(y0 + y1) / 2]),
                               crs=WEB_MERCATOR).to_crs("EPSG:4326").iloc[0]
        factor = math.cos(math.radians(middle.y))  # ground metres per Mercator metre
        ground_km = (x1 - x0) * factor / 1000
        length_km = max((s for s in SCALE_STEPS_KM if s <= ground_km / 5),
                        default=SCALE_STEPS_KM[0])
        length = length_km * 1000 / factor
        left, bottom = x0 + (x1 - x0) * 0.03, y0 + (y1 - y0) * 0.035
        height = (y1 - y0) * 0.008
        for n, colour in enumerate(("#222222", "#ffffff")):
            self.map_ax.add_patch(Rectangle((left + n * length / 2, bottom), length / 2, height,
                                            facecolor=colour, edgecolor="#222222",
                                            linewidth=0.6, zorder=10))
        where = {"xy": (left + length / 2, bottom + height * 1.8), "ha": "center",
                 "va": "bottom", "fontsize": 7, "fontfamily": FONT}
        text = self.map_ax.annotate(f"{length_km:g} km", zorder=10, **where)
        self._halo(f"{length_km:g} km", zorder=9.9, **where)
        renderer = self.figure.canvas.get_renderer()
        bar = self.map_ax.transData.transform([(left, bottom), (left + length, bottom + height)])
        (bx0, by0), (bx1, by1) = bar
        return [text.get_window_extent(renderer).padded(3),
                matplotlib.transforms.Bbox([[bx0 - 3, by0 - 3], [bx1 + 3, by1 + 3]])]

    def draw_legend(self) -> None:
        ax = self.legend_ax
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.axis("off")
        sections = style.legend_sections()
        rows = sum(len(entries) + 1 for _, entries in sections) + 1
        step = min(0.034, 0.99 / rows)
        y = 1 - step / 2
        ax.text(0, y, "Legend", fontsize=8, fontweight="bold", fontfamily=FONT, va="center")
        for heading, entries in sections:
            y -= step
            ax.text(0, y, heading, fontsize=6.5, fontweight="bold", fontfamily=FONT,
                    va="center")
            for entry in entries:
                y -= step
                self._legend_sample(entry, y, step)
                ax.text(0.2, y, entry.text, fontsize=6.2, fontfamily=FONT, va="center")

    def _legend_sample(self, entry: style.LegendEntry, y: float, step: float) -> None:
        ax, path = self.legend_ax, entry.style
        if entry.sample == "line":
            ax.add_line(Line2D([0.01, 0.16], [y, y], **_line_kwargs(path)))
        elif entry.sample == "circle":
            ax.scatter([0.085], [y], s=(2 * min(path.radius or 4, 5) * PT_PER_PX) ** 2,
                       facecolor=path.fill, edgecolor=path.colour,
                       linewidths=path.width * PT_PER_PX)
        else:
            kwargs = _polygon_kwargs(path)
            ax.add_patch(Rectangle((0.01, y - step * 0.32), 0.15, step * 0.64, **kwargs))

    def finish(self) -> None:
        x0, y0, x1, y1 = self.extent
        self.map_ax.set_xlim(x0, x1)
        self.map_ax.set_ylim(y0, y1)
        self.map_ax.set_xticks([])
        self.map_ax.set_yticks([])
        self.map_ax.set_xlabel("")  # geopandas names the projected axes; a map needs no name
        self.map_ax.set_ylabel("")
        for spine in self.map_ax.spines.values():
            spine.set_linewidth(0.6)
        title = "Corridor Atlas"
        if self.picture.selected:
            for _layer, props, _geometry in _features(self.picture.collections, None):
                if props["id"] == self.picture.selected:
                    title += f": {props.get('name') or props['id']} (selected)"
        self.figure.text(0.01, 0.965, title, fontsize=11, fontweight="bold", fontfamily=FONT,
                         va="center")
        self.figure.text(0.01, 0.03, self.picture.credit, fontsize=7, fontfamily=FONT,
                         va="center", color="#333333")


def render_map(picture: MapPicture, fmt: str, *, bounds=None, width_in: float = 11.0,
               height_in: float = 7.5, dpi: int = 300) -> bytes:
    """The picture as PNG (``dpi`` dots per inch, recorded in the file) or SVG bytes.

    ``bounds`` (west, south, east, north, degrees) defaults to ``picture_bounds``: the
    selection with room around it, else the live map's default view.
    """
    if fmt not in FORMATS:
        raise RenderError(f"unknown picture format {fmt!r}; use one of {', '.join(FORMATS)}")
    bounds = bounds or picture_bounds(picture.collections, picture.selected)
    with matplotlib.rc_context({"svg.fonttype": "none", "lines.scale_dashes": False,
                                "font.family": FONT, "svg.hashsalt": "corridor-atlas"}):
        renderer = _Renderer(picture, bounds=bounds, width_in=width_in, height_in=height_in)
        renderer.draw_base()
        renderer.draw_layers()
        renderer.finish()
        renderer.draw_labels(reserved=renderer.draw_scale_bar())
        renderer.draw_legend()
        out = io.BytesIO()
        # Both formats name their maker near the start of the file: that is how a later
        # export knows it may replace this file (corpus.export.is_export).
        metadata = ({"Date": None, "Creator": PICTURE_CREATOR} if fmt == "svg"
                    else {"Software": PICTURE_CREATOR})
        renderer.figure.savefig(out, format=fmt, dpi=dpi, metadata=metadata,
                                facecolor="white")
    return out.getvalue()
