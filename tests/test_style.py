"""Tests for geodata.style: the one style table of the live map and the picture."""

from __future__ import annotations

import re

import pytest

from geodata import style

HEX = re.compile(r"^#[0-9a-f]{6}$")


def test_every_colour_is_a_hex_colour():
    colours = [*style.KIND_COLOURS.values(), *style.COUNT_COLOURS, style.ZONE_COLOUR,
               style.LAND_FILL, style.WATER, style.HALO_COLOUR, style.PLACE_COLOUR]
    assert all(HEX.match(c) for c in colours), colours


def test_status_is_a_dash_pattern_and_built_is_solid():
    assert style.STATUS_DASH["built"] == ()
    assert style.STATUS_DASH["under construction"] != style.STATUS_DASH["planned"]
    assert set(style.STATUS_ORDER) == set(style.STATUS_DASH)


def test_schematic_lines_are_thinner_and_fainter():
    exact = style.corridor_style("oil pipeline", "planned", "exact", selected=False)
    schematic = style.corridor_style("oil pipeline", "planned", "schematic", selected=False)
    assert schematic.width < exact.width and schematic.opacity < exact.opacity
    selected = style.corridor_style("oil pipeline", "planned", "exact", selected=True)
    assert selected.width > exact.width


def test_unknown_kind_gets_the_default_colour():
    path = style.corridor_style("canal", "built", "exact", selected=False)
    assert path.colour == style.DEFAULT_CORRIDOR_COLOUR


@pytest.mark.parametrize(("count", "index"), [(0, 0), (1, 1), (2, 2), (4, 2), (5, 3),
                                              (19, 4), (20, 5), (10_000, 5)])
def test_count_classes(count, index):
    assert style.count_colour(count) == style.COUNT_COLOURS[index]


def test_legend_classes_are_unchanged():
    assert [label for label, _ in style.count_bins()] == [
        "no passage", "1", "2\u20134", "5\u20139", "10\u201319", "20 or more"]


def test_organisations_are_outlines_only():
    assert style.actor_style(30, selected=False, organisation=True).fill is None
    assert style.actor_style(30, selected=False).fill == style.COUNT_COLOURS[-1]


def test_legend_covers_every_kind_status_and_class():
    texts = [entry.text for _, entries in style.legend_sections() for entry in entries]
    for text in [*style.KIND_COLOURS, *style.STATUS_ORDER, "schematic line", "no passage",
                 "20 or more", "capital", "selected feature"]:
        assert text in texts
    samples = {entry.sample for _, entries in style.legend_sections() for entry in entries}
    assert samples == {"line", "box", "circle"}
