"""The descriptions' window prefilter (DescriptionMatcher._find_on_routes) gives what the
full reading (_find) gives, and skips the full reading where no description can be."""

from __future__ import annotations

import pytest

from corpus.linking import Linker
from geodata.loading import load_layers

LINKER = Linker.from_layers(load_layers())
MATCHER = LINKER.descriptions


@pytest.mark.parametrize("language, text", [
    ("en", "A fibre-optic cable under the Caspian Sea will carry the data."),
    ("en", "The cable between Sumgait and Aktau is due in 2026."),
    ("en", "A rail link through Syunik would join the two parts of Azerbaijan."),
    ("en", "the Azerbaijan-Kazakhstan cable is due in 2026."),
    ("en", "A road to Nakhchivan through Iran already exists."),
    ("en", "The route will remain under Armenian jurisdiction."),
    ("en", "the corridor through the country, with the United States and the Russian side"),
    ("ru", "Кабель между Азербайджаном и Казахстаном проложат в 2026 году."),
    ("ru", "Коридор через территорию Армении соединит Азербайджан с Нахичеванью."),
    ("hy", "Սյունիքով անցնող երկաթուղին կկառուցվի։"),
])
def test_the_prefilter_gives_what_the_full_reading_gives(language, text):
    index = MATCHER.index_for(language)
    for _ in range(2):  # the second time every word form is known to the caches
        assert list(MATCHER._find_on_routes(text, index)) == list(MATCHER._find(text, index))


def test_a_window_without_a_governed_route_name_is_not_read(monkeypatch):
    index = MATCHER.index_for("en")
    text = "the corridor of the United States, with the Russian side and the country"
    assert list(MATCHER._find(text, index)) == []  # the word forms are now known

    def fail(*_args):
        raise AssertionError("read in full")

    monkeypatch.setattr(MATCHER, "_find", fail)
    assert list(MATCHER._find_on_routes(text, index)) == []


def test_a_window_with_a_route_water_is_read(monkeypatch):
    index = MATCHER.index_for("en")
    text = "A fibre-optic cable under the Caspian Sea will carry the data."
    expected = list(MATCHER._find(text, index))
    assert expected
    calls = []
    real = MATCHER._find
    monkeypatch.setattr(MATCHER, "_find", lambda *a: calls.append(a) or real(*a))
    assert list(MATCHER._find_on_routes(text, index)) == expected and calls
