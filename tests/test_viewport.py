"""dashboard.viewport: the bounds and padding the map frames a selected feature with."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard import viewport


def test_longitudes_in_one_hemisphere_give_their_min_and_max():
    assert viewport.longitude_span([43.1, 80.4, 28.9, 49.9]) == (28.9, 80.4)


def test_a_single_longitude_is_a_zero_width_span():
    assert viewport.longitude_span([49.9, 49.9]) == (49.9, 49.9)


def test_longitudes_across_the_antimeridian_give_a_span_over_180():
    # Russia: Kaliningrad (19.6 E) to Chukotka (169 W), not the whole world.
    west, east = viewport.longitude_span([19.6, 60.0, 140.0, 179.9, -179.9, -169.0])
    assert west == pytest.approx(19.6) and east == pytest.approx(191.0)


def test_no_longitude_is_an_error():
    with pytest.raises(ValueError, match="at least one"):
        viewport.longitude_span([])


@given(st.lists(st.floats(-180, 179.999), min_size=1, max_size=30))
def test_the_span_holds_every_longitude_and_is_at_most_a_circle(longitudes):
    west, east = viewport.longitude_span(longitudes)
    assert west <= east and east - west < 360
    for lng in longitudes:
        assert any(west - 1e-9 <= lng + k <= east + 1e-9 for k in (0, 360))


def test_bounds_of_a_line_are_south_west_then_north_east():
    line = {"type": "MultiLineString",
            "coordinates": [[[80.4, 44.2], [51.2, 43.6]], [[49.9, 40.4], [43.1, 40.6]]]}
    assert viewport.geometry_bounds(line) == [[40.4, 43.1], [44.2, 80.4]]


def test_bounds_of_a_polygon_across_the_antimeridian():
    chukotka = [[[170, 64], [180, 64], [180, 70], [170, 70], [170, 64]]]
    beyond = [[[-180, 64], [-169, 64], [-169, 68], [-180, 68], [-180, 64]]]
    geometry = {"type": "MultiPolygon", "coordinates": [chukotka, beyond]}
    assert viewport.geometry_bounds(geometry) == [[64, 170], [70, 191]]


def test_bounds_across_the_antimeridian_lie_where_most_of_the_shape_is_drawn():
    # The United States: the mainland and Alaska west of 180, a few Aleutians east of it.
    mainland = [[[-125, 30], [-67, 30], [-67, 49], [-125, 49], [-125, 30]]]
    alaska = [[[-180, 52], [-130, 52], [-130, 71], [-170, 71], [-180, 52]]]
    aleutians = [[[172, 52], [180, 52], [180, 53], [172, 52]]]
    geometry = {"type": "MultiPolygon", "coordinates": [mainland, alaska, aleutians]}
    assert viewport.geometry_bounds(geometry) == [[30, -188], [71, -67]]


def test_empty_geometry_is_an_error_naming_its_type():
    with pytest.raises(ValueError, match="LineString geometry is empty"):
        viewport.geometry_bounds({"type": "LineString", "coordinates": []})


def test_padding_grows_each_side_by_a_share_of_the_extent():
    assert viewport.padded([[40, 40], [50, 60]], fraction=0.1, minimum=0) == [[39, 38],
                                                                             [51, 62]]


def test_a_point_gets_the_minimum_padding():
    assert viewport.padded([[40, 49], [40, 49]], fraction=0.1, minimum=0.5) == [[39.5, 48.5],
                                                                              [40.5, 49.5]]


def test_padding_stays_within_the_mercator_latitudes():
    (south, _), (north, _) = viewport.padded([[-84, 0], [84.5, 10]], fraction=0.5)
    assert south == -85 and north == 85


def test_view_request_carries_bounds_and_a_padded_target_containing_them():
    request = viewport.view_request({"type": "Point", "coordinates": [49.892, 40.3777]}, 7)
    assert request["seq"] == 7
    assert request["bounds"] == [[40.3777, 49.892], [40.3777, 49.892]]
    (ts, tw), (tn, te) = request["target"]
    assert ts < 40.3777 < tn and tw < 49.892 < te


def test_view_request_without_geometry_leaves_the_map_alone():
    assert viewport.view_request(None, 3) == {"seq": 3}


def test_reset_request():
    assert viewport.reset_request(4) == {"seq": 4, "reset": True}


def test_requests_count_up_and_the_latest_says_what_to_frame():
    state: dict = {}
    assert viewport.latest(state, None, dict) == {"seq": 0}
    viewport.ask(state)
    bounds = {"bounds": [[1, 2], [3, 4]], "target": [[0, 1], [4, 5]], "seq": 0}
    assert viewport.latest(state, "tripp", lambda i: bounds) == {**bounds, "seq": 1}
    viewport.ask(state, reset=True)
    assert viewport.latest(state, "tripp", lambda i: bounds) == {"seq": 2, "reset": True}
    viewport.ask(state)
    assert viewport.latest(state, "tripp", lambda i: bounds)["seq"] == 3
