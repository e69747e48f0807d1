"""AppTest tests of the page (dashboard/app.py) on the tiny fixture data.

The fixture layers and articles of conftest.py are written to tmp_path and named by the
app's environment variables (the app indexes them as it would the real corpus), and
streamlit_folium.st_folium is replaced by a fake that records what the map was given
and returns a click when a test asks for one (as the component would after a click).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import streamlit as st
import streamlit_folium
from streamlit.testing.v1 import AppTest

import geodata
from dashboard import viewport
from geodata import style

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")

pytestmark = pytest.mark.app


class FakeMap:
    """Stands in for st_folium: remembers its last call and returns the queued click."""

    def __init__(self) -> None:
        self.calls: list[dict] = []
        self.click: dict | None = None
        self.count = 0

    def __call__(self, fig, **kwargs):
        self.calls.append({"fig": fig, **kwargs})
        return self.click or {"last_active_drawing": None, "last_object_clicked_count": None}

    def click_on(self, feature_id: str) -> None:
        """Queue a click on a feature, as the component reports it."""
        self.count += 1
        self.click = {
            "last_active_drawing": {
                "type": "Feature",
                "properties": {"id": feature_id, "label": feature_id},
                "geometry": {"type": "Point", "coordinates": [0, 0]},
            },
            "last_object_clicked_count": self.count,
        }

    def drawn_js(self) -> str:
        """The JavaScript of the feature group passed with the last call."""
        call = self.calls[-1]
        group = call["feature_group_to_add"][0]
        return streamlit_folium._get_feature_group_string(group, call["fig"])

    def view(self) -> tuple[dict, bool]:
        """The view request and the online-tiles choice the last call sends
        (``atlasView({...}, online)``)."""
        match = re.search(r"window\.atlasView\((\{.*?\}), (true|false)\);", self.drawn_js(),
                          re.DOTALL)
        assert match, "the feature group sends a view request"
        return json.loads(match.group(1)), match.group(2) == "true"

    def state(self) -> dict:
        """The map state the last call sends to the browser (``atlasApply({...})``)."""
        match = re.search(r"window\.atlasApply\((\{.*?\})\);", self.drawn_js(), re.DOTALL)
        assert match, "the feature group applies a map state"
        return json.loads(match.group(1))


@pytest.fixture
def fake_map(monkeypatch) -> FakeMap:
    fake = FakeMap()
    monkeypatch.setattr(streamlit_folium, "st_folium", fake)
    return fake


@pytest.fixture
def app(data_dirs_on_disk):
    """An AppTest of the page on the fixture data; call .run() after setting it up."""
    corpus_dir, _layers = data_dirs_on_disk
    (corpus_dir / "bad.md").write_text("---\nid: bad\npublished: not a date\n---\nText.\n",
                                       encoding="utf-8")
    st.cache_data.clear()
    st.cache_resource.clear()
    return AppTest.from_file(APP, default_timeout=30)


def tripp_km(collections) -> str:
    """TRIPP's length as the facts panel prints it, measured by geodata."""
    from shapely.geometry import shape

    tripp = collections["corridors"]["features"][0]
    return f"{geodata.feature_length_km(shape(tripp['geometry'])):,.0f} km"


def draws(state: dict, feature_id: str) -> bool:
    """True if the map state shows the feature (its shapes, class feature-<id>, are drawn)."""
    return feature_id in state["visible"]


def panel_html(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


def test_page_loads_with_map_and_prompt(app):
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "Corridor Atlas"
    assert any("Click a corridor" in i.value for i in at.info)
    assert at.get("component_instance"), "the map component is on the page"


def test_content_does_not_fade_while_a_rerun_runs(app):
    # Fading stale content cost a busy browser about 1 CPU-second per slow rerun (the map
    # frame is composited on every frame of the fade): the page turns it off.
    at = app.run()
    css = "\n".join(str(e.proto.body) for e in at.get("html"))
    assert '[data-stale="true"]' in css and "transition: none !important" in css


def test_layer_toggles_have_the_exact_labels(app):
    at = app.run()
    labels = {t.label for t in at.toggle}
    assert {"Corridors", "Actors", "Places", "Zones"} <= labels


def test_deep_link_selects_the_feature(app, fake_map, collections):
    app.query_params["feature"] = "tripp"
    at = app.run()
    assert not at.exception
    html = panel_html(at)
    assert "TRIPP" in html and "rail and road corridor" in html
    assert tripp_km(collections) in html
    assert "<mark>TRIPP</mark>" in html
    assert "4 passages in 3 articles from 2 outlets (1 article names none)" in html
    assert fake_map.state()["selected"] == "tripp"


def test_deep_link_to_the_cable_shows_its_passage(app, fake_map):
    app.query_params["feature"] = "caspian_fiber"
    at = app.run()
    assert "<mark>fibre-optic cable across the Caspian</mark>" in panel_html(at)


@pytest.mark.parametrize(
    "value", ["no_such_feature", "", "<script>alert(1)</script>", "TRIPP", "x" * 500]
)
def test_bad_deep_link_gives_a_friendly_warning(app, fake_map, value):
    app.query_params["feature"] = value
    at = app.run()
    assert not at.exception
    assert at.warning, "expected a warning about the link"
    assert "<script>" not in at.warning[0].value
    assert len(at.warning[0].value) < 400
    assert any("Click a corridor" in i.value for i in at.info)


def test_click_on_the_map_opens_the_panel_and_updates_the_url(app, fake_map):
    at = app.run()
    fake_map.click_on("iran")
    at.run()
    assert not at.exception
    html = panel_html(at)
    assert "Iran" in html and "<mark>Pezeshkian</mark>" in html
    assert at.query_params["feature"] == "iran"
    assert fake_map.state()["selected"] == "iran"


def test_another_click_replaces_the_panel_same_click_keeps_it(app, fake_map):
    at = app.run()
    fake_map.click_on("iran")
    at.run()
    fake_map.click_on("tripp")
    at.run()
    assert "rail and road corridor" in panel_html(at)
    assert "<mark>Pezeshkian</mark>" not in panel_html(at)
    fake_map.click_on("tripp")
    at.run()
    assert "rail and road corridor" in panel_html(at)
    assert at.query_params["feature"] == "tripp"


def test_click_on_an_unknown_id_is_ignored(app, fake_map):
    app.query_params["feature"] = "baku"
    at = app.run()
    fake_map.click_on("not_a_feature")
    at.run()
    assert not at.exception
    assert at.query_params["feature"] == "baku"


def test_toggling_corridors_hides_and_shows_them_and_keeps_selection(app, fake_map):
    app.query_params["feature"] = "iran"
    at = app.run()
    assert draws(fake_map.state(), "tripp")
    at.toggle(key="layer_corridors").set_value(False).run()
    state = fake_map.state()
    assert not draws(state, "tripp") and not draws(state, "caspian_fiber")
    assert draws(state, "iran") and state["selected"] == "iran"
    at.toggle(key="layer_corridors").set_value(True).run()
    assert draws(fake_map.state(), "tripp")
    assert at.query_params["feature"] == "iran"


def test_choosing_individual_features(app, fake_map):
    at = app.run()
    at.multiselect(key="hidden_corridors").set_value(["caspian_fiber"]).run()
    at.multiselect(key="hidden_actors").set_value(["azerbaijan"]).run()
    state = fake_map.state()
    assert draws(state, "tripp") and draws(state, "iran")
    assert not draws(state, "caspian_fiber") and not draws(state, "azerbaijan")
    at.multiselect(key="hidden_corridors").set_value([]).run()
    assert draws(fake_map.state(), "caspian_fiber")


def test_the_map_keeps_its_identity_across_reruns(app, fake_map):
    # The base map's script must not change, or the component remounts (flicker, lost view).
    at = app.run()
    first = streamlit_folium._get_map_string(fake_map.calls[-1]["fig"])
    fake_map.click_on("tripp")
    at.run()
    at.toggle(key="layer_actors").set_value(False).run()
    last = streamlit_folium._get_map_string(fake_map.calls[-1]["fig"])
    assert streamlit_folium.generate_js_hash(first) == streamlit_folium.generate_js_hash(last)
    assert fake_map.calls[-1]["key"] == "atlas_map"
    # What changes travels as a small state, never as geometry.
    assert "coordinates" not in fake_map.drawn_js() and len(fake_map.drawn_js()) < 4000


def test_actor_shading_follows_the_source_filter(app, fake_map):
    at = app.run()
    assert fake_map.state()["fill"] == {"iran": style.count_colour(1)}
    at.multiselect(key="outlets").set_value(["Unknown outlet"]).run()
    assert fake_map.state()["fill"] == {}


def test_search_selects_a_feature(app, fake_map):
    at = app.run()
    at.selectbox(key="feature_search").set_value("baku").run()
    assert not at.exception
    assert at.query_params["feature"] == "baku"
    assert "Baku" in panel_html(at)
    assert at.selectbox(key="feature_search").value is None


def test_outlet_filter_narrows_passages(app, fake_map):
    app.query_params["feature"] = "tripp"
    at = app.run()
    at.multiselect(key="outlets").set_value(["Outlet One"]).run()
    assert "2 passages in 1 article from 1 outlet" in panel_html(at)


def test_excluding_undated_articles(app, fake_map):
    app.query_params["feature"] = "caspian_fiber"
    at = app.run()
    at.checkbox(key="undated").uncheck().run()
    assert "0 passages" in panel_html(at)


def test_hostile_article_is_shown_as_text(app, fake_map):
    app.query_params["feature"] = "tripp"
    at = app.run()
    html = panel_html(at)
    assert "<script>" not in html and "<img" not in html and "<b>Hostile" not in html
    assert "&lt;script&gt;" in html


def test_data_problems_are_listed(app, fake_map):
    at = app.run()
    assert any("Data problems (1)" in e.label for e in at.expander)
    frame = at.dataframe[0].value
    assert [f.rsplit("/", 1)[-1] for f in frame["file"]] == ["bad.md"]
    assert "published" in frame["problem"].iloc[0]


def test_a_progress_bar_while_linking_does_not_break_later_runs(app, fake_map, monkeypatch):
    import dashboard.data

    shown = []

    class Eager(dashboard.data.ProgressReporter):
        """Shows progress from the first article on."""

        def __init__(self, show, **kwargs):
            super().__init__(lambda f, t: (shown.append(f), show(f, t)), many=0)

    monkeypatch.setattr(dashboard.data, "ProgressReporter", Eager)
    at = app.run()
    assert not at.exception and shown and shown[-1] == 1.0
    at.run()
    fake_map.click_on("tripp")
    at.run()
    assert not at.exception
    assert "rail and road corridor" in panel_html(at)


def test_hidden_views_do_not_run_until_shown(app, fake_map):
    app.query_params["feature"] = "tripp"
    at = app.run()
    assert not at.exception
    # Names by source is closed: its table is not computed on a click.
    assert any(e.label.startswith("Names by source") for e in at.expander)
    assert 'class="names-list"' not in panel_html(at)
    # Only the open tab of each row runs: the article view, not the downloads.
    assert at.selectbox(key="article_view_id") is not None
    assert not [b for b in at.get("download_button")]
    at.session_state["names_open"] = True
    at.run()
    assert not at.exception
    assert 'class="names-list"' in panel_html(at)


def test_each_selection_asks_the_map_to_frame_it_and_reset_asks_for_the_default(
        app, fake_map, collections):
    app.query_params["feature"] = "tripp"
    at = app.run()
    view, online = fake_map.view()
    assert not online
    tripp = collections["corridors"]["features"][0]
    expected = viewport.geometry_bounds(tripp["geometry"])
    assert [c for corner in view["bounds"] for c in corner] == pytest.approx(
        [c for corner in expected for c in corner], abs=1e-3)
    assert not view.get("reset")
    first = view["seq"]
    fake_map.click_on("baku")
    at.run()
    view, _ = fake_map.view()
    assert view["seq"] > first and view["bounds"] == [[40.378, 49.892], [40.378, 49.892]]
    # A rerun for another reason repeats the request: the browser acts on a number once.
    at.toggle(key="layer_zones").set_value(False).run()
    assert fake_map.view()[0]["seq"] == view["seq"]
    at.button(key="reset_view").click().run()
    reset, _ = fake_map.view()
    assert reset == {"seq": view["seq"] + 1, "reset": True}
    assert at.query_params["feature"] == "baku"  # the selection stays
    at.selectbox(key="feature_search").set_value("aktau").run()
    view, _ = fake_map.view()
    assert view["seq"] == reset["seq"] + 1 and "reset" not in view


def test_the_online_base_map_is_off_until_turned_on_and_then_says_so(app, fake_map):
    at = app.run()
    # The map's own script first: drawn_js() adds the feature group to the map object.
    first = streamlit_folium._get_map_string(fake_map.calls[-1]["fig"])
    toggle = at.toggle(key="online_basemap")
    assert toggle.label == "Online base map (OpenStreetMap)" and toggle.value is False
    assert fake_map.view()[1] is False
    assert not any("tile" in w.value for w in at.sidebar.warning)
    at.toggle(key="online_basemap").set_value(True).run()
    last = streamlit_folium._get_map_string(fake_map.calls[-1]["fig"])
    assert not at.exception and fake_map.view()[1] is True
    assert any("requests map tiles from tile.openstreetmap.org" in w.value
               for w in at.sidebar.warning)
    # Turning it on sends a flag, not a new map: the frame does not remount.
    assert streamlit_folium.generate_js_hash(first) == streamlit_folium.generate_js_hash(last)
    at.toggle(key="online_basemap").set_value(False).run()
    assert fake_map.view()[1] is False


def test_language_filter_beside_the_outlets_and_the_language_in_the_citation(
        app, fake_map, data_dirs_on_disk):
    from tests.conftest import make_article, write_article_files

    corpus_dir, _ = data_dirs_on_disk
    write_article_files(corpus_dir, {"r1": make_article(
        "r1", ["Маршрут TRIPP пройдёт через Армению."], language="ru", outlet="Outlet One")})
    app.query_params["feature"] = "tripp"
    at = app.run()
    assert not at.exception
    box = at.sidebar.multiselect(key="languages")
    assert box.label == "Languages" and box.options == ["English (en)", "Russian (ru)"]
    labels = [e.label for e in at.sidebar if hasattr(e, "label")]
    assert labels.index("Languages") == labels.index("Outlets") + 1
    assert "5 passages in 4 articles" in panel_html(at)
    at.sidebar.multiselect(key="languages").set_value(["ru"]).run()
    html = panel_html(at)
    assert "1 passage in 1 article from 1 outlet" in html
    assert '<span class="language">Russian (ru)</span>' in html
