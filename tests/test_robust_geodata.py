"""Issue 4, geodata: every kind of bad layer data next to the committed layers.

A copy of ``geodata/layers`` gets a file that is not JSON, features with invalid, empty,
malformed and out-of-range geometry, a duplicate id, an alias claimed by two features, a
feature in an unknown layer and an unknown layer file. `python -m geodata check` must name
each problem (file and feature id) and exit 1; ``load_layers`` must load every good feature
exactly as before, and the linker built from them must still work.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from corpus.linking import Linker
from geodata.__main__ import main
from geodata.loading import LAYERS_DIR, load_layers

REPO = Path(__file__).resolve().parents[1]


def _place(template: dict, feature_id: str, geometry, **props) -> dict:
    feature = copy.deepcopy(template)
    feature["properties"].update(
        {"id": feature_id, "name": feature_id.replace("_", " ").title(),
         "aliases": [feature_id.replace("_", " ").title()], "patterns": [], **props}
    )
    feature["properties"].pop("capital_of", None)
    feature["geometry"] = geometry
    return feature


def _bad_features(places: list[dict], actors: list[dict]) -> tuple[list[dict], list[dict]]:
    """(features added to places.geojson, features added to actors.geojson)."""
    template = places[0]
    taken_alias = places[1]["properties"]["aliases"][0]
    point = {"type": "Point", "coordinates": [45.0, 40.0]}
    added_places = [
        _place(template, "empty_point", {"type": "Point", "coordinates": []}),
        _place(template, "no_geometry", None),
        _place(template, "swapped_point", {"type": "Point", "coordinates": [40.0, 245.0]}),
        _place(template, "projected_point",
               {"type": "Point", "coordinates": [5_000_000.0, 4_500_000.0]}),
        _place(template, "nan_point", {"type": "Point", "coordinates": [float("nan"), 40.0]}),
        _place(template, "malformed_point", {"type": "Point", "coordinates": "here"}),
        _place(template, "line_in_places",
               {"type": "LineString", "coordinates": [[45, 40], [46, 41]]}),
        _place(template, "river_mouth", point, layer="rivers"),
        _place(template, places[2]["properties"]["id"], point),  # duplicate id
        _place(template, "alias_thief", point, aliases=["Alias Thief", taken_alias]),
    ]
    bowtie = copy.deepcopy(actors[0])
    bowtie["properties"].update({"id": "bowtie_state", "name": "Bowtie", "aliases": ["Bowtie"],
                                 "people": []})
    bowtie["geometry"] = {"type": "Polygon",
                          "coordinates": [[[44, 40], [45, 41], [45, 40], [44, 41], [44, 40]]]}
    return added_places, [bowtie]


# feature id (or '(file)') -> words the problem must contain, per file
EXPECTED = {
    "places.geojson": {
        "empty_point": "empty geometry",
        "no_geometry": "missing geometry",
        "swapped_point": "outside lon -180..180 / lat -90..90",
        "projected_point": "outside lon -180..180 / lat -90..90",
        "nan_point": "invalid geometry",
        "malformed_point": "malformed geometry",
        "line_in_places": "geometry type 'LineString' not allowed",
        "river_mouth": "unknown layer 'rivers'",
        "alias_thief": "is also claimed by",
    },
    "actors.geojson": {"bowtie_state": "Self-intersection"},
    "zones.geojson": {"(file)": "not valid JSON"},
    "rivers.geojson": {"(file)": "unknown layer file 'rivers.geojson'"},
}


def write_bad_layers(directory: Path) -> tuple[Path, str]:
    """A copy of the committed layers with every bad feature and file above: (folder, the
    duplicated id)."""
    shutil.copytree(LAYERS_DIR, directory)
    places = json.loads((directory / "places.geojson").read_text(encoding="utf-8"))
    actors = json.loads((directory / "actors.geojson").read_text(encoding="utf-8"))
    add_places, add_actors = _bad_features(places["features"], actors["features"])
    places["features"] += add_places
    actors["features"] += add_actors
    # json.dumps writes NaN as a bare token, as a hand-edited or numpy-written file might.
    (directory / "places.geojson").write_text(json.dumps(places), encoding="utf-8")
    (directory / "actors.geojson").write_text(json.dumps(actors), encoding="utf-8")
    (directory / "zones.geojson").write_text('{"type": "FeatureCollection", "features": [',
                                             encoding="utf-8")
    (directory / "rivers.geojson").write_text(json.dumps(places), encoding="utf-8")
    return directory, places["features"][2]["properties"]["id"]


@pytest.fixture(scope="module")
def bad_layers(tmp_path_factory) -> tuple[Path, str]:
    return write_bad_layers(tmp_path_factory.mktemp("layers") / "layers")


def test_check_names_each_problem_with_file_and_feature(bad_layers, capsys):
    directory, duplicate = bad_layers
    assert main(["check", str(directory)]) == 1
    out = capsys.readouterr().out.splitlines()
    expected = {**EXPECTED, "places.geojson": {**EXPECTED["places.geojson"],
                                               duplicate: "duplicate id"}}
    for file_name, by_feature in expected.items():
        for feature_id, words in by_feature.items():
            prefix = f"{directory / file_name}: {feature_id}: "
            rows = [row for row in out if row.startswith(prefix)]
            assert any(words in row for row in rows), (prefix, words, rows)


def test_the_good_features_load_as_before(bad_layers):
    directory, duplicate = bad_layers
    clean = load_layers(LAYERS_DIR)
    loaded = load_layers(directory)
    good = clean.features[clean.features["layer"] != "zones"]
    # Every committed feature outside the broken zones file loads, with the same geometry.
    assert set(good.index) <= set(loaded.features.index)
    for feature_id, row in good.iterrows():
        assert loaded.features.loc[feature_id].geometry.equals(row.geometry), feature_id
    assert "alias_thief" in loaded.features.index  # loads, without the stolen alias
    refused = set(EXPECTED["places.geojson"]) - {"alias_thief"} | {"bowtie_state"}
    assert not refused & set(loaded.features.index)
    # The first feature with the duplicated id wins; the later one is skipped.
    assert loaded.features.loc[duplicate].geometry.equals(clean.features.loc[duplicate].geometry)


def test_an_alias_claimed_twice_still_links_to_its_first_owner(bad_layers):
    directory, _duplicate = bad_layers
    loaded = load_layers(directory)
    owner = json.loads((LAYERS_DIR / "places.geojson").read_text())["features"][1]["properties"]
    assert loaded.raw_properties["alias_thief"]["aliases"] == ["Alias Thief"]
    linker = Linker.from_layers(loaded)
    text = f"Trains reached {owner['aliases'][0]} and Alias Thief on Monday."
    features = {m.feature for m in linker.link_text(text)}
    assert {owner["id"], "alias_thief"} <= features


def test_geodata_check_as_a_module_exits_1_without_traceback(bad_layers):
    directory, _duplicate = bad_layers
    result = subprocess.run([sys.executable, "-m", "geodata", "check", str(directory)],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "problem(s)" in result.stderr


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00 not utf-8", b"[1, 2, 3]", b"null",
                                     b'{"type": "Feature"}', b'{"type": "FeatureCollection"}'])
def test_a_layer_file_that_is_not_a_feature_collection_is_one_problem(tmp_path, content):
    shutil.copytree(LAYERS_DIR, tmp_path / "layers")
    (tmp_path / "layers" / "corridors.geojson").write_bytes(content)
    loaded = load_layers(tmp_path / "layers")
    assert [(Path(p.path).name, p.feature_id) for p in loaded.problems] == [
        ("corridors.geojson", "")
    ]
    assert not (loaded.features["layer"] == "corridors").any()
    assert (loaded.features["layer"] == "actors").sum() == len(
        json.loads((LAYERS_DIR / "actors.geojson").read_text())["features"]
    )
