"""The multilingual linker carried through: the geodata build's names properties, the index's
``language`` and ``name`` columns, the linker version that triggers relinking, ``corpus
link`` and ``corpus evaluate`` per language."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

from corpus.linking import linker_version

DATA = Path(__file__).parent / "data"

RUSSIAN = ("---\nid: ru1\ntitle: 'Маршрут'\noutlet: ''\nauthor: ''\npublished: ''\nurl: ''\n"
           "language: ru\nseed: ''\n---\n"
           "Строительство Зангезурского коридора обсудили в Москве.\n\n"
           "Срединный коридор проходит через Казахстан.\n")


def test_the_index_stores_each_mentions_language_and_name(tmp_path):
    from corpus.index import MentionIndex, build_index

    corpus_dir = tmp_path / "articles"
    corpus_dir.mkdir()
    (corpus_dir / "ru1.md").write_text(RUSSIAN, encoding="utf-8")
    report = build_index(corpus_dir, index_path=tmp_path / "index.sqlite")
    with sqlite3.connect(report.path) as connection:
        rows = connection.execute(
            "SELECT feature, text, language, name FROM mentions ORDER BY start").fetchall()
    assert ("tripp", "Зангезурского коридора", "ru", "Зангезурский коридор") in rows
    assert ("middle_corridor", "Срединный коридор", "ru", "Срединный коридор") in rows
    frame = MentionIndex(report.path).mentions()
    assert {"language", "name"} <= set(frame.columns)


def test_the_linker_version_changes_when_a_names_file_changes(tmp_path):
    names = tmp_path / "names"
    names.mkdir()
    (names / "ru.yaml").write_text("language: ru\n", encoding="utf-8")
    before = linker_version(names)
    (names / "ru.yaml").write_text("language: ru\nfeatures: {}\n", encoding="utf-8")
    assert linker_version(names) != before
    assert linker_version() != before


def test_corpus_link_records_carry_language_and_name(tmp_path):
    from corpus.linking_cli import main

    path = tmp_path / "ru1.md"
    path.write_text(RUSSIAN, encoding="utf-8")
    out = io.StringIO()
    assert main([str(path)], out=out) == 0
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    tripp = [r for r in records if r["feature"] == "tripp"]
    assert tripp and tripp[0]["language"] == "ru"
    assert tripp[0]["name"] == "Зангезурский коридор"
    assert tripp[0]["text"] == "Зангезурского коридора"


def test_evaluate_reports_per_language_and_group(capsys):
    from corpus.__main__ import main

    assert main(["evaluate", str(DATA / "dev_ru"), str(DATA / "dev_az")]) == 0
    printed = capsys.readouterr().out
    assert "language" in printed and "\nru " in printed and "\naz " in printed
    assert "ru/corridors" in printed and "az/actors" in printed
    assert " F1" in printed


def test_evaluate_names_a_folder_without_gold(tmp_path, capsys):
    from corpus.__main__ import main

    assert main(["evaluate", str(tmp_path)]) == 1
    assert "no gold.csv in this folder" in capsys.readouterr().out


def test_apply_names_puts_names_and_route_facts_into_the_layers():
    from shapely.geometry import LineString, Point, box, mapping

    from geodata.multilingual import apply_names

    layers = {
        "actors": [{"properties": {"id": "arm", "kind": "state", "iso_a3": "ARM",
                                   "people": [{"id": "pm"}]},
                    "geometry": mapping(box(0, 0, 2, 2))},
                   {"properties": {"id": "irn", "kind": "state", "iso_a3": "IRN",
                                   "people": []},
                    "geometry": mapping(box(0, -2, 2, 0))}],
        "corridors": [{"properties": {"id": "road", "kind": "rail and road corridor"},
                       "geometry": mapping(LineString([(0.5, 0.5), (1.5, 0.5)]))}],
        "places": [{"properties": {"id": "town", "kind": "city"},
                    "geometry": mapping(Point(1.0, 0.55))},
                   {"properties": {"id": "far", "kind": "city"},
                    "geometry": mapping(Point(1.0, 1.9))}],
        "zones": [],
    }
    tables = {"ru": {"language": "ru",
                     "features": {"arm": {"names": ["Армения"], "adjectives": ["армянский"]}},
                     "people": {"pm": {"names": ["Пашинян"]}},
                     "kinds": {"rail and road corridor": ["дорога"]},
                     "waters": {"araks_river": ["Аракс"]},
                     "lookalikes": [{"text": "Армения-2", "not": "arm"}]}}
    sources = {"corridors": [{"id": "road", "waters": ["araks_river"],
                              "segments": [{"waypoints": ["a", "b"]}]}],
               "places": [], "waypoints": {"a": Point(0.5, 0.5), "b": Point(1.5, 0.5)}}
    apply_names(layers, tables, sources)
    arm = layers["actors"][0]["properties"]
    assert arm["names"] == {"ru": {"names": ["Армения"], "adjectives": ["армянский"]}}
    assert arm["people"][0]["names"] == {"ru": ["Пашинян"]}
    assert arm["lookalikes"] == {"ru": ["Армения-2"]}
    road = layers["corridors"][0]["properties"]
    assert road["kind_names"] == {"ru": ["дорога"]}
    assert road["water_names"] == {"araks_river": {"ru": ["Аракс"]}}
    assert road["route_places"] == ["town"]
    assert road["route_countries"] == ["arm"]


def test_geodata_check_validates_the_names_tables(monkeypatch, tmp_path, capsys):
    import geodata.__main__ as cli
    import geodata.names as names

    bad = tmp_path / "names"
    bad.mkdir()
    (bad / "ru.yaml").write_text("language: ru\nabout: x\nfeatures: {nowhere: {names: [X]}}\n",
                                 encoding="utf-8")
    monkeypatch.setattr(names, "NAMES_DIR", bad)
    assert cli.check(None) == 1
    assert "nowhere" in capsys.readouterr().out
