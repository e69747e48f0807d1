"""The names tables in geodata/sources/names/ parse and agree with the geodata."""

from __future__ import annotations

import pytest
import yaml

from geodata.loading import PACKAGE_DIR
from geodata.names import (
    COMPLETE_EXCEPT,
    NAMES_DIR,
    WATER_IDS,
    Known,
    check_names,
    check_string,
    load_known,
    load_names_file,
    main,
    name_key,
    words,
)

FILES = sorted(NAMES_DIR.glob("*.yaml"))
KNOWN = load_known()
# Names deliberately given to two ids in one language, with why (see geodata/README.md).
SHARED: dict[str, set[str]] = {}


def test_the_main_languages_have_tables():
    assert {"ru", "az", "tr", "hy"} <= {path.stem for path in FILES}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_names_file_is_good(path):
    data = load_names_file(path)
    problems = check_names(
        data,
        path.stem,
        KNOWN,
        complete=path.stem not in COMPLETE_EXCEPT,
        shared=SHARED.get(path.stem, set()),
    )
    assert not problems, f"{path}:\n" + "\n".join(problems)


# --- the checker itself, on small tables built here ---

SMALL = Known(
    feature_ids=frozenset({"tripp", "russia", "georgia", "middle_corridor"}),
    person_ids=frozenset({"vladimir_putin"}),
    kinds=frozenset({"rail and road corridor", "state"}),
    route_kinds=frozenset({"rail and road corridor"}),
)


def table(**changes):
    data = {
        "language": "ru",
        "about": "test table",
        "sources": {"wiki": {"title": "Википедия", "url": "https://ru.wikipedia.org/"}},
        "features": {
            "tripp": {"names": ["Маршрут Трампа"], "acronyms": ["TRIPP"], "source": "wiki"},
            "russia": {"names": ["Россия"], "adjectives": ["российский"], "metonyms": ["Кремль"]},
            "georgia": {"names": ["Грузия"]},
            "middle_corridor": {"names": ["Средний коридор"]},
        },
        "people": {"vladimir_putin": {"names": ["Путин"]}},
        "kinds": {"rail and road corridor": ["железная дорога"]},
        "waters": {water: ["Каспий"] if water == "caspian_sea" else ["x"] for water in WATER_IDS},
        "lookalikes": [{"text": "Джорджия", "not": "georgia"}],
    }
    data.update(changes)
    return data


def problems_of(data, language="ru", complete=True, shared=()):
    return check_names(data, language, SMALL, complete=complete, shared=shared)


def test_small_table_is_good():
    assert problems_of(table()) == []


def test_language_must_match_file_name():
    assert any("expected 'az'" in p for p in problems_of(table(), language="az"))


def test_unknown_feature_and_person_ids_are_reported():
    data = table()
    data["features"]["trump_route"] = {"names": ["Путь Трампа"]}
    data["people"]["sergei_lavrov"] = {"names": ["Лавров"]}
    found = problems_of(data)
    assert any("features.trump_route: no such feature" in p for p in found)
    assert any("people.sergei_lavrov: no such person" in p for p in found)


def test_missing_feature_person_and_kind_reported_only_when_complete():
    data = table(people={}, kinds={})
    del data["features"]["georgia"]
    data["lookalikes"] = []
    found = problems_of(data)
    assert "features: no entry for georgia" in found
    assert "people: no entry for vladimir_putin" in found
    assert "kinds: no nouns for 'rail and road corridor'" in found
    assert problems_of(data, complete=False) == []


def test_corridor_waters_are_known_water_ids():
    with open(PACKAGE_DIR / "sources" / "corridors.yaml", encoding="utf-8") as handle:
        corridors = yaml.safe_load(handle)
    for corridor in corridors:
        assert set(corridor.get("waters") or []) <= WATER_IDS, corridor["id"]


def test_missing_water_reported_only_when_complete():
    data = table()
    del data["waters"]["araks_river"]
    assert "waters: no names for araks_river" in problems_of(data)
    assert problems_of(data, complete=False) == []


def test_unknown_kind_and_water_reported():
    found = problems_of(table(kinds={"railway": ["дорога"]}, waters={"aral_sea": ["Арал"]}))
    assert any("kinds.'railway'" in p for p in found)
    assert any("waters.aral_sea" in p for p in found)


def test_one_name_for_two_features_is_reported_unless_shared():
    data = table()
    data["features"]["middle_corridor"]["names"].append("маршрут трампа")
    found = problems_of(data)
    assert any("'маршрут трампа' is given to ['middle_corridor', 'tripp']" in p for p in found)
    assert problems_of(data, shared={"маршрут трампа"}) == []


def test_name_that_is_another_features_alias_in_the_sources_is_reported():
    known = Known(
        SMALL.feature_ids,
        SMALL.person_ids,
        SMALL.kinds,
        SMALL.route_kinds,
        {name_key("Сакартвело"): frozenset({"georgia"}), name_key("Россия"): frozenset({"russia"})},
    )
    data = table()
    data["features"]["tripp"]["names"].append("Сакартвело")
    found = check_names(data, "ru", known, complete=True)
    assert any("is an alias of ['georgia']" in p for p in found)
    data = table(lookalikes=[{"text": "Россия", "not": "russia"}])
    data["features"]["russia"]["names"] = ["Российская Федерация"]
    found = check_names(data, "ru", known, complete=True)
    assert any("both a name of russia and a look-alike" in p for p in found)


def test_known_reads_aliases_from_the_sources():
    assert "azerbaijan" in KNOWN.alias_owners[name_key("Azərbaycan")]
    assert "tripp" in KNOWN.feature_ids and "jd_vance" in KNOWN.person_ids
    assert {"submarine cable", "zone"} <= KNOWN.route_kinds


def test_same_name_twice_for_one_feature_is_fine():
    data = table()
    data["features"]["russia"]["acronyms"] = ["Россия"]
    assert problems_of(data) == []


def test_name_key_ignores_case_yo_and_dashes():
    assert name_key("Баку — Тбилиси — Джейхан") == name_key("баку-тбилиси-джейхан")
    assert name_key("Чёрное море") == name_key("Черное  море")


def test_latin_a_inside_cyrillic_word_is_reported():
    found = check_string("ru", "x", "Кремль Росcия")  # Latin "c" in "Росcия"
    assert any("mixes scripts" in p and "Росcия" in p for p in found)


def test_latin_lookalike_inside_armenian_word_is_reported():
    found = check_string("hy", "x", "Հaյաստան")  # Latin "a"
    assert any("mixes scripts" in p for p in found)


def test_latin_acronym_beside_cyrillic_word_is_fine():
    assert check_string("ru", "x", "зона TRIPP") == []
    assert check_string("hy", "x", "TRIPP-ի տարածք") == []


def test_wrong_script_for_language_is_reported():
    assert any("expected ['LATIN']" in p for p in check_string("az", "x", "Азербайджан"))


def test_letters_the_language_does_not_write_are_reported():
    # "ä" typed for "ə", and the turned E (U+018E) typed for the schwa (U+018F)
    assert any("does not write" in p for p in check_string("az", "x", "Azärbaycan"))
    assert any("does not write" in p for p in check_string("az", "x", "\u018eliyev"))
    assert check_string("az", "x", "\u018fliyev") == []
    assert check_string("tr", "x", "İstanbul Iğdır Erdoğan") == []
    assert any("does not write" in p for p in check_string("tr", "x", "Əliyev"))


def test_arabic_yeh_and_kaf_in_persian_are_reported():
    assert any("U+064A" in p for p in check_string("fa", "x", "ايران"))
    assert any("U+0643" in p for p in check_string("fa", "x", "كابل"))
    assert check_string("fa", "x", "ایران کابل") == []


def test_not_nfc_and_stray_spaces_are_reported():
    assert any("NFC" in p for p in check_string("tr", "x", "Baku\u0308"))
    assert any("stray spaces" in p for p in check_string("ru", "x", " Баку"))
    assert any("non-empty" in p for p in check_string("ru", "x", ""))


def test_lookalike_must_point_at_a_known_id_and_not_be_a_name_of_it():
    found = problems_of(
        table(lookalikes=[{"text": "Грузия", "not": "georgia"}, {"text": "X", "not": "usa"}])
    )
    assert any("both a name of georgia and a look-alike" in p for p in found)
    assert any("`not: usa` is no feature" in p for p in found)


def test_source_key_must_exist():
    data = table()
    data["features"]["georgia"]["source"] = "wiki_ka"
    assert any("source key 'wiki_ka'" in p for p in problems_of(data))


def test_unknown_keys_are_reported():
    data = table(extra=1)
    data["features"]["georgia"]["names_ru"] = ["Грузия"]
    found = problems_of(data)
    assert "unknown top-level key 'extra'" in found
    assert any("unknown key 'names_ru'" in p for p in found)


def test_words_split_at_hyphens_and_apostrophes():
    assert words("Aİ-nin Ermənistandakı missiyası") == ["Aİ", "nin", "Ermənistandakı", "missiyası"]
    assert words("Türkiye'nin") == ["Türkiye", "nin"]


def test_bad_yaml_names_file_and_line(tmp_path):
    path = tmp_path / "ru.yaml"
    path.write_text("language: ru\nfeatures: [\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"(?s)ru.yaml: not valid YAML.*line 3"):
        load_names_file(path)


def test_command_line_prints_counts_or_problems(tmp_path, capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert f"ru.yaml: ok: {len(KNOWN.feature_ids)} features" in out
    bad = tmp_path / "az.yaml"
    bad.write_text("language: tr\nabout: x\nfeatures: {}\n", encoding="utf-8")
    assert main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "az.yaml: language is 'tr', expected 'az'" in out
    assert main([str(tmp_path / "empty")]) == 1
