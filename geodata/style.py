"""The map's cartography in one table, shared by the live map and the picture.

``dashboard.mapstyle`` translates these styles to Leaflet path options and
``geodata.render`` to matplotlib; neither decides a colour, a width or a dash of its own.
Sizes are CSS pixels at the screen's scale (Leaflet's unit); the picture converts them to
points (1 px = 0.75 pt).

Nothing here depends on a drawing library, so ``python -m corpus export`` can render the
picture without importing the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass

# --------------------------------------------------------------------------- colours

#: Corridor colour by kind: dark, saturated and categorical, none warm (the actors' shading
#: is) and none light blue (water is), no colour tied to a side; told apart in greyscale and
#: by colour-blind readers by their dash (status) and the legend's names too.
KIND_COLOURS = {
    "rail and road corridor": "#c51b7d",
    "transport corridor": "#5e3c99",
    "submarine cable": "#1b7837",
    "oil pipeline": "#252525",
    "gas pipeline system": "#00798c",
}
DEFAULT_CORRIDOR_COLOUR = "#666666"

#: Status is drawn as the dash pattern (px on, px off), so it reads in greyscale and next to
#: any colour.
STATUS_DASH: dict[str, tuple[float, ...]] = {
    "built": (),
    "under construction": (10, 6),
    "planned": (2, 7),
}
STATUS_ORDER = ("built", "under construction", "planned")

#: Actors are shaded by the number of passages mentioning them: class lower bounds, and one
#: colour per class (the first for "no passage"). ColorBrewer YlOrBr, 6 classes: sequential,
#: colour-blind safe, print friendly, and warm, so a shaded state never reads as water.
COUNT_BREAKS = (1, 2, 5, 10, 20)
COUNT_COLOURS = ("#ffffd4", "#fee391", "#fec44f", "#fe9929", "#d95f0e", "#993404")
ACTOR_FILL_OPACITY = 0.45

ZONE_COLOUR = "#3f6e8c"
ORGANISATION_OUTLINE = "#3d5a80"
ACTOR_OUTLINE = "#6b6b6b"
PLACE_COLOUR = "#252525"
#: The selection: a wide soft dark line under a selected corridor, a dark ring round a place
#: (yellow, as before, vanished over the yellow end of the actors' scale).
HALO_COLOUR = "#1a1a1a"
SELECTED_OUTLINE = "#111111"
#: Land (a neutral light tone, lighter than every shade of the actors), its borders, and
#: water: the map's background, seen wherever the base map has no land (seas, the Caspian,
#: the lakes cut out of the land). The base map covers the whole world, so nothing else shows.
LAND_FILL = "#f4f2ed"
LAND_OUTLINE = "#a29e95"
WATER = "#a9cfe6"
#: Corridors get a thin white casing (px each side) so they stand out over any shading.
CASING_COLOUR = "#ffffff"
CASING_WIDTH = 1.5


@dataclass(frozen=True)
class PathStyle:
    """How one shape is drawn, in renderer-neutral terms.

    ``colour``/``width``/``opacity`` are the outline (line) stroke; ``dash`` is a pattern of
    px on and off (empty: solid); ``fill`` is None for no fill; ``radius`` is set for points
    (a circle of that radius in px).
    """

    colour: str
    width: float
    opacity: float = 1.0
    dash: tuple[float, ...] = ()
    cap: str = "butt"
    fill: str | None = None
    fill_opacity: float = 0.0
    radius: float | None = None


def count_colour(count: int) -> str:
    """Fill colour for an actor mentioned in ``count`` passages."""
    index = sum(count >= threshold for threshold in COUNT_BREAKS)
    return COUNT_COLOURS[index]


def count_bins() -> list[tuple[str, str]]:
    """(label, colour) for each shading class, for the legend."""
    labels = ["no passage"]
    for low, high in zip(COUNT_BREAKS, COUNT_BREAKS[1:], strict=False):
        labels.append(f"{low}" if high - low == 1 else f"{low}\u2013{high - 1}")
    labels.append(f"{COUNT_BREAKS[-1]} or more")
    return list(zip(labels, COUNT_COLOURS, strict=True))


# --------------------------------------------------------------------------- shapes


def corridor_style(kind: str, status: str, accuracy: str, *, selected: bool) -> PathStyle:
    """One corridor segment: colour by kind, dash by status, width and opacity by accuracy."""
    schematic = accuracy == "schematic"
    width = 3 if schematic else 4
    return PathStyle(
        colour=KIND_COLOURS.get(kind, DEFAULT_CORRIDOR_COLOUR),
        width=width + 2 if selected else width,
        opacity=1.0 if selected else (0.75 if schematic else 0.95),
        dash=STATUS_DASH.get(status, ()),
        cap="round" if status == "planned" else "butt",
    )


def actor_style(count: int, *, selected: bool, organisation: bool = False) -> PathStyle:
    """An actor polygon shaded by mention count.

    Organisations cover their members' territory, so they are drawn as an outline only:
    filled, they would hide the states beneath them.
    """
    if organisation:
        # Thin and half transparent: several organisations share borders with the states.
        return PathStyle(
            colour=SELECTED_OUTLINE if selected else ORGANISATION_OUTLINE,
            width=3 if selected else 1.2,
            opacity=1.0 if selected else 0.7,
            dash=(7, 4),
        )
    return PathStyle(
        colour=SELECTED_OUTLINE if selected else ACTOR_OUTLINE,
        width=3 if selected else 0.8,
        fill=count_colour(count),
        fill_opacity=0.65 if selected else ACTOR_FILL_OPACITY,
    )


def zone_style(status: str, *, selected: bool) -> PathStyle:
    """A zone: a tinted area, dashed outline when planned."""
    return PathStyle(
        colour=SELECTED_OUTLINE if selected else ZONE_COLOUR,
        width=3.5 if selected else 2,
        dash=(4, 4) if status == "planned" else (),
        fill=ZONE_COLOUR,
        fill_opacity=0.3 if selected else 0.15,
    )


def place_style(kind: str, *, selected: bool) -> PathStyle:
    """A place as a circle: capitals filled, other places hollow."""
    return PathStyle(
        colour=HALO_COLOUR if selected else PLACE_COLOUR,
        width=4 if selected else 1.5,
        fill=PLACE_COLOUR if kind == "capital" else "#ffffff",
        fill_opacity=1.0,
        radius=8 if selected else (5 if kind == "capital" else 4),
    )


#: The wide line drawn under a selected corridor.
HALO = PathStyle(colour=HALO_COLOUR, width=14, opacity=0.3, cap="round")

#: Land (the country outlines of the base map).
LAND = PathStyle(colour=LAND_OUTLINE, width=0.8, fill=LAND_FILL, fill_opacity=1.0)


# --------------------------------------------------------------------------- legend


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: a sample drawn as a ``line``, a ``box`` or a ``circle``, and its text."""

    sample: str
    style: PathStyle
    text: str


def legend_sections() -> list[tuple[str, list[LegendEntry]]]:
    """Every style the map uses, grouped under headings, each with a sample (both renderers
    draw their legend from this)."""
    grey = "#333333"
    kinds = [LegendEntry("line", corridor_style(kind, "built", "exact", selected=False), kind)
             for kind in KIND_COLOURS]
    statuses = [LegendEntry("line", PathStyle(grey, 4, dash=STATUS_DASH[status]), status)
                for status in STATUS_ORDER]
    accuracy = [
        LegendEntry("line", PathStyle(grey, 4), "exact or approximate route"),
        LegendEntry("line", corridor_style("", "built", "schematic", selected=False),
                    "schematic line"),
    ]
    actors = [LegendEntry("box", PathStyle(ACTOR_OUTLINE, 0.8, fill=colour,
                                           fill_opacity=ACTOR_FILL_OPACITY), label)
              for label, colour in count_bins()]
    actors.append(LegendEntry("box", actor_style(0, selected=False, organisation=True),
                              "organisation (outline of its members)"))
    others = [
        LegendEntry("box", zone_style("active", selected=False), "zone (active)"),
        LegendEntry("box", zone_style("planned", selected=False), "zone (planned)"),
        LegendEntry("circle", place_style("capital", selected=False), "capital"),
        LegendEntry("circle", place_style("city", selected=False), "other place"),
    ]
    selection = [LegendEntry("line", PathStyle(HALO_COLOUR, 8, opacity=0.5),
                             "selected feature")]
    return [
        ("Corridors: kind", kinds),
        ("Corridors: status", statuses),
        ("Corridors: accuracy", accuracy),
        ("Actors: passages mentioning them", actors),
        ("Zones and places", others),
        ("Selection", selection),
    ]


# --------------------------------------------------------------------------- labels

#: The default framing (south-west and north-east corners, [lat, lon]): Kars (TRIPP's west
#: end) to Turkmenbashi, the Araks (TRIPP's south) to Aktau (the cables' north end).
VIEW_BOUNDS = [[38.7, 42.8], [44.0, 53.4]]


@dataclass(frozen=True)
class LabelRule:
    """How one class of label is drawn and from which zoom.

    ``min_zoom`` is a Leaflet zoom level (None: each label carries its own, e.g. Natural
    Earth's ``MIN_LABEL`` for countries). ``priority``: lower wins when two labels would
    overlap (the other is hidden at that zoom). ``colour`` None: the feature's own colour
    (corridors in their kind's colour). ``anchor``: ``center`` on the point, ``right`` of a
    place marker, or ``above`` a line. Sizes in CSS px.
    """

    min_zoom: float | None
    priority: int
    size: float
    colour: str | None
    weight: int = 400
    italic: bool = False
    spacing: float = 0.0
    anchor: str = "center"


#: Text halo behind every label, so names read over any fill or line.
LABEL_HALO = "#ffffff"

LABEL_RULES: dict[str, LabelRule] = {
    "sea": LabelRule(None, 0, 13, "#1d5b87", italic=True, spacing=1.2),
    "lake": LabelRule(None, 0, 11, "#1d5b87", italic=True, spacing=0.6),
    "country": LabelRule(None, 1, 13, "#383838", weight=600, spacing=0.6),
    "corridor": LabelRule(5.5, 3, 12, None, weight=700, italic=True, anchor="above"),
    "capital": LabelRule(6.0, 2, 12, "#1a1a1a", weight=700, anchor="right"),
    "port": LabelRule(7.0, 4, 11, "#262626", anchor="right"),
    "city": LabelRule(7.0, 4, 11, "#262626", anchor="right"),
    "site": LabelRule(8.0, 5, 11, "#3a3a3a", italic=True, anchor="right"),
    "region": LabelRule(8.0, 5, 11, "#3a3a3a", italic=True, anchor="right"),
}


def label_rule(kind: str) -> LabelRule:
    """The rule of a label class; an unknown place kind is drawn like a site."""
    return LABEL_RULES.get(kind, LABEL_RULES["site"])
