"""Tests of dashboard.views.render: coloured mentions, anchors, chips, the add flag. No
Streamlit, no browser."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from dashboard.views.render import (
    adding_allowed,
    article_payload,
    chip_features,
    citation_line,
    first_mention,
    highlight_mentions,
    mention_pieces,
    paragraph_html,
    passage_anchor,
)

LAYER_OF = {"tripp": "corridors", "iran": "actors", "baku": "places"}


def frame(rows):
    return pd.DataFrame(rows, columns=["passage_id", "paragraph", "feature", "start", "end",
                                       "kind", "actor"])


def test_mentions_are_coloured_by_layer_and_never_nest():
    text = "TRIPP and Iran <b>x</b>"
    out = highlight_mentions(text, [(0, 5, "corridors", "tripp"), (2, 4, "actors", "x"),
                                    (10, 14, "actors", "iran")])
    assert out.startswith('<mark class="m-corridors" data-feature="tripp">TRIPP</mark>')
    assert '<mark class="m-actors" data-feature="iran">Iran</mark>' in out
    assert out.count("<mark") == 2
    assert "<b>" not in out and "&lt;b&gt;" in out


def test_paragraph_has_an_anchor_and_escapes_hostile_text():
    text = "<script>alert(1)</script> TRIPP [x](javascript:y) Pezeshkian"
    mentions = frame([("a:1", 1, "tripp", 26, 31, "feature", None),
                      ("a:1", 1, "pezeshkian", 51, 61, "person", "iran")])
    out = paragraph_html("a:1", 1, text, mentions, LAYER_OF)
    assert f'id="{passage_anchor("a:1")}"' in out and passage_anchor("a:1") == "read-a-1"
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "](" not in out  # Markdown link syntax made inert
    assert 'class="m-people" data-feature="pezeshkian"' in out
    assert 'id="' not in paragraph_html("a:1", 1, text, mentions, LAYER_OF, anchor=False)


def test_chips_list_map_features_and_people_stand_for_their_actor():
    mentions = frame([("a:1", 1, "baku", 20, 24, "feature", None),
                      ("a:1", 1, "pezeshkian", 0, 5, "person", "iran"),
                      ("a:1", 1, "tripp", 10, 15, "feature", None),
                      ("a:1", 1, "iran", 30, 34, "feature", None),
                      ("a:1", 1, "nowhere", 40, 44, "feature", None)])
    assert chip_features(mentions, LAYER_OF) == ["iran", "tripp", "baku"]


def test_first_mention_is_the_earliest_paragraph():
    mentions = frame([("a:3", 3, "tripp", 0, 5, "feature", None),
                      ("a:2", 2, "tripp", 9, 14, "feature", None),
                      ("a:1", 1, "iran", 0, 4, "feature", None)])
    assert first_mention(mentions, ["tripp"]) == "a:2"
    assert first_mention(mentions, ["baku"]) is None


def test_citation_line_escapes_and_links_only_http():
    line = citation_line({"outlet": "<i>O</i>", "title": "", "opening": "Opening *words*",
                          "published": None, "url": "javascript:alert(1)"})
    assert "&lt;i&gt;O&lt;/i&gt;" in line and "undated" in line
    assert "href" not in line and "&#42;words&#42;" in line
    assert 'href="https://example.org/a"' in citation_line(
        {"outlet": "", "title": "T", "published": "2026-02-13", "url": "https://example.org/a"})


def test_adding_is_off_unless_flag_or_environment():
    assert not adding_allowed(["app.py"], {})
    assert adding_allowed(["app.py", "--allow-add"], {})
    assert adding_allowed(["app.py"], {"CORRIDOR_ATLAS_ALLOW_ADD": "1"})
    assert not adding_allowed(["app.py"], {"CORRIDOR_ATLAS_ALLOW_ADD": "0"})


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)),
                                      max_size=6))
def test_mention_pieces_put_the_text_back_together_and_never_nest(text, bounds):
    spans = [(a, b, "actors", f"f{i}") for i, (a, b) in enumerate(bounds)]
    pieces = mention_pieces(text, spans)
    assert "".join(piece for piece, _layer, _feature in pieces) == text
    marked = [(piece, feature) for piece, layer, feature in pieces if layer is not None]
    assert all(piece for piece, _feature in marked)  # no empty mention
    assert len({feature for _piece, feature in marked}) == len(marked)


def test_article_payload_is_data_and_a_click_selects_the_map_feature():
    passages = pd.DataFrame({"passage_id": ["a:1", "a:2"], "paragraph": [1, 2],
                             "text": ["Pezeshkian <img src=x> on TRIPP", "Nothing here."]})
    mentions = frame([("a:1", 1, "pezeshkian", 0, 10, "person", "iran"),
                      ("a:1", 1, "tripp", 26, 31, "feature", None),
                      ("a:1", 1, "nowhere", 11, 22, "feature", None)])
    names = {"iran": "Iran", "tripp": "TRIPP"}
    first, second = article_payload(passages, mentions, LAYER_OF, LAYER_OF, names.get)
    assert first["anchor"] == "read-a-1" and first["n"] == 1
    assert first["pieces"] == [
        ["Pezeshkian", "people", "pezeshkian", "iran"],  # a person selects their actor
        [" "],
        ["<img src=x>", "places", "nowhere", None],  # not on the map: nothing to select
        [" on "],
        ["TRIPP", "corridors", "tripp", "tripp"],
    ]
    assert first["chips"] == [["iran", "Iran"], ["tripp", "TRIPP"]]
    assert second["pieces"] == [["Nothing here."]] and second["chips"] == []


# --------------------------------------------------------------------------- chart labels


def test_short_names_fit_and_keep_what_names_the_feature():
    from dashboard.views.render import short_name

    assert short_name("Iran") == "Iran"
    assert short_name("Southern Gas Corridor (SCP, TANAP, TAP)") == "Southern Gas Corridor"
    assert short_name("Trans-Caspian International Transport Route (Middle Corridor)"
                      ) == "Middle Corridor"
    assert short_name("Collective Security Treaty Organization (CSTO)") == "CSTO"
    assert short_name("TRIPP (Trump Route for International Peace and Prosperity) / "
                      "Zangezur corridor") == "TRIPP / Zangezur corridor"
    assert short_name("Trans-Caspian fibre-optic cables") == "Trans-Caspian fibre-optic\u2026"
    assert short_name("Supercalifragilisticexpialidocious-Corridor", 12) == "Supercalifr\u2026"


def test_short_names_are_unique_so_no_two_rows_merge():
    from dashboard.views.render import short_names

    names = ["Alpha Beta Gamma Delta One", "Alpha Beta Gamma Delta Two", "Iran"]
    labels = short_names(names, limit=20)
    assert labels["Iran"] == "Iran"
    assert len(set(labels.values())) == 3
    assert all(len(v) <= 24 for v in labels.values())


def test_the_matrix_chart_labels_every_row_with_the_full_name_on_hover():
    import pandas as pd

    from dashboard.views.sources import matrix_chart

    actors = [f"Actor number {i} with a rather long official name" for i in range(12)]
    long = pd.DataFrame([{"actor": f"a{i}", "corridor": "c", "passages": i,
                          "actor_name": name, "corridor_name": "Corridor"}
                         for i, name in enumerate(actors)])
    spec = matrix_chart(long, ["Corridor"], actors).to_dict()
    labels, grid = spec["hconcat"]
    datasets = spec["datasets"]
    rows = datasets[labels["data"]["name"]]
    # One text label per actor, each shortened, each with its full name as the tooltip.
    assert sorted(r["actor_name"] for r in rows) == sorted(actors)
    assert all(len(r["actor_label"]) <= 26 for r in rows)
    assert len({r["actor_label"] for r in rows}) == len(actors)
    assert labels["mark"]["type"] == "text"
    assert labels["encoding"]["tooltip"][0]["field"] == "actor_name"
    assert labels["encoding"]["y"]["scale"]["domain"] == [r["actor_label"] for r in
                                                         sorted(rows, key=lambda r: actors.index(
                                                             r["actor_name"]))]
    # The heatmap draws no labels of its own that Vega-Lite could drop for overlapping.
    heat = grid["layer"][0]
    assert heat["encoding"]["y"]["axis"] is None
    assert heat["encoding"]["x"]["axis"]["labelOverlap"] is False


def test_the_matrix_chart_fits_a_phone_screen_with_its_legend_below():
    # The chart has fixed widths: 190 px of labels, 96 px a corridor and a legend on the
    # right made it about 760 px wide, cut off on the right at 1024 px and on a phone.
    import pandas as pd

    from dashboard.views import sources

    corridors = [f"Corridor {i}" for i in range(5)]
    long = pd.DataFrame([{"actor": "a", "corridor": f"c{i}", "passages": i,
                          "actor_name": "Actor", "corridor_name": name}
                         for i, name in enumerate(corridors)])
    spec = sources.matrix_chart(long, corridors, ["Actor"]).to_dict()
    labels, grid = spec["hconcat"]
    width = labels["width"] + spec.get("spacing", 0) + grid["width"]["step"] * len(corridors)
    # 370 px: what a 390 px wide screen leaves; 5 px of Vega padding a side.
    assert width + 2 * 5 <= 370, width
    assert grid["layer"][0]["encoding"]["color"]["legend"]["orient"] == "bottom"


def test_the_timeline_labels_every_place_row_and_leaves_room_for_the_date_axis():
    # The page fits the chart's whole height (axes included) to the height given: 26 px a
    # place left 16 px rows for 8 places, and Vega-Lite dropped every other place's name.
    import pandas as pd

    from dashboard.views.timeline import timeline_chart

    places = [f"Place {i}" for i in range(8)]
    frame = pd.DataFrame([{"id": f"e{i}", "start": pd.Timestamp(2026, 1, 1 + i),
                           "end": pd.Timestamp(2026, 1, 1 + i), "date": "2026-01",
                           "title": "Event", "place": place, "passages": 1}
                          for i, place in enumerate(places)])
    spec = timeline_chart(frame).to_dict()
    assert spec["height"] >= 26 * len(places) + 50
    for layer in spec["layer"]:
        assert layer["encoding"]["y"]["axis"]["labelOverlap"] is False
