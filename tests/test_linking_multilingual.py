"""The linker across languages, with the committed layers (names from the names files):
inflected names, mixed-language passages, context rules, look-alikes, descriptions derived
from geodata, fuzzy names, and bad input."""

from __future__ import annotations

import time

import pytest

from corpus.linking import Linker
from geodata.loading import load_layers

LINKER = Linker.from_layers(load_layers())


def found(text: str, language: str | None = None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for match in LINKER.link_text(text, language=language):
        assert text[match.start:match.end] == match.text
        if match.kind == "feature":
            out.setdefault(match.feature, []).append(match.text)
    return out


def test_multiword_russian_name_with_every_word_inflected():
    matches = LINKER.link_text("Строительство Зангезурского коридора началось.", language="ru")
    tripp = [m for m in matches if m.feature == "tripp"]
    assert [(m.text, m.name, m.language) for m in tripp] == [
        ("Зангезурского коридора", "Зангезурский коридор", "ru")]


@pytest.mark.parametrize("language, text, feature, written", [
    ("ru", "Позиция России и Армении", "russia", "России"),
    ("ru", "сотрудничество с Арменией", "armenia", "Арменией"),
    ("az", "Azərbaycanın mövqeyi", "azerbaijan", "Azərbaycanın"),
    ("az", "Ermənistanla sərhəd", "armenia", "Ermənistanla"),
    ("tr", "Türkiye'nin desteği", "turkiye", "Türkiye'nin"),
    ("tr", "ABD'nin tutumu", "usa", "ABD'nin"),
    ("az", "ABŞ-ın mövqeyi", "usa", "ABŞ-ın"),
    ("hy", "Հայաստանի կառավարությունը", "armenia", "Հայաստանի"),
    ("hy", "ԱՄՆ-ի դերը", "usa", "ԱՄՆ-ի"),
])
def test_the_mention_is_the_word_as_written_with_its_ending(language, text, feature, written):
    assert found(text, language).get(feature) == [written]


def test_an_english_name_in_a_russian_paragraph_links():
    assert "middle_corridor" in found("Эксперты называют его Middle Corridor.", "ru")


def test_a_russian_name_in_an_english_article_links():
    assert "tripp" in found("Moscow calls it the «Зангезурский коридор».", "en")
    assert "tripp" in found("Moscow speaks of the Зангезурского коридора.", None)


@pytest.mark.parametrize("language, text, state, place", [
    ("ru", "Баку и Вашингтон подписали соглашение.", {"azerbaijan", "usa"}, set()),
    ("ru", "Визит в Ереван прошёл спокойно.", set(), {"yerevan"}),
    ("ru", "Переговоры прошли в Баку.", set(), {"baku"}),
    ("az", "Bakı ilə İrəvan razılaşdı.", {"azerbaijan", "armenia"}, set()),
    ("az", "Görüş Bakıda keçirildi.", set(), {"baku"}),
    ("az", "Nümayəndə heyəti Vaşinqtonda oldu.", set(), {"washington"}),
    ("tr", "Ankara ve Bakü anlaştı.", {"turkiye", "azerbaijan"}, set()),
    ("tr", "Toplantı Bakü'de yapıldı.", set(), {"baku"}),
    ("hy", "Երևանը և Բաքուն համաձայնեցին։", {"armenia", "azerbaijan"}, set()),
    ("hy", "Հանդիպումը Բաքվում էր։", set(), {"baku"}),
])
def test_capitals_count_for_their_state_only_as_metonyms(language, text, state, place):
    features = set(found(text, language))
    assert state <= features and place <= features
    capitals = {"baku", "yerevan", "washington", "ankara"}
    assert not (features & capitals) - place


def test_kremlin_stands_for_russia_even_after_a_preposition():
    assert "russia" in found("В Кремле заявили, что договор важен.", "ru")


@pytest.mark.parametrize("language, text, absent", [
    ("ru", "Губернатор штата Джорджия посетил порт.", "georgia"),
    ("ru", "Нефть идёт по трубопроводу КТК к Новороссийску.", "btc_pipeline"),
    ("ru", "Коридор Север — Юг идёт через Иран.", "middle_corridor"),
    ("az", "Şimal–Cənub dəhlizi İran üzərindən keçir.", "middle_corridor"),
    ("ru", "Европа наблюдает за процессом.", "eu"),
    ("tr", "Türk dünyası için tarihi bir gün.", "turkiye"),
    ("tr", "Türk Devletleri Teşkilatı toplandı.", "turkiye"),
    ("en", "Caspian Pipeline Consortium exports rose.", "btc_pipeline"),
])
def test_look_alikes_are_vetoed(language, text, absent):
    assert absent not in found(text, language)


def test_an_article_about_the_us_state_means_the_state_every_time():
    texts = ["ATLANTA — Georgia's governor said the Port of Savannah had a record year.",
             "Georgia will court Asian shippers, officials in Atlanta said."]
    per_passage = LINKER.link_document(texts, language="en")
    assert not any(m.feature == "georgia" for matches in per_passage for m in matches)


def test_both_georgias_in_one_article_are_left_to_the_local_rules():
    texts = ["A delegation from Atlanta, Georgia, visited Tbilisi.",
             "Georgia hopes to attract freight on the Middle Corridor, ministers in Tbilisi said."]
    per_passage = LINKER.link_document(texts, language="en")
    assert any(m.feature == "georgia" for m in per_passage[1])


@pytest.mark.parametrize("text, absent, present", [
    ("ASTANA, Reuters — Officials said exports grew.", "kazakhstan", "astana"),
    ("BAKU, Aug 8 (Reuters) - The ministry said exports grew.", "azerbaijan", "baku"),
    ("The Astana Times reported a new rail deal.", "kazakhstan", None),
    ("The @USEmbassyBaku account posted a photo, as did @US_Embassy.", "usa", None),
])
def test_datelines_outlets_and_handles_are_not_states_acting(text, absent, present):
    features = found(text, "en")
    assert absent not in features
    if present:
        assert present in features


@pytest.mark.parametrize("language, text, feature", [
    ("en", "A fibre-optic cable under the Caspian Sea will carry the data.", "caspian_fiber"),
    ("en", "The cable between Sumgait and Aktau is due in 2026.", "caspian_fiber"),
    ("en", "A rail link through Syunik would join the two parts of Azerbaijan.", "tripp"),
    ("ru", "Кабель по дну Каспийского моря свяжет берега.", "caspian_fiber"),
    ("ru", "Кабель между Азербайджаном и Казахстаном проложат в 2026 году.", "caspian_fiber"),
    ("ru", "Коридор через территорию Армении соединит Азербайджан с Нахичеванью.", "tripp"),
    ("az", "Ermənistan ərazisindən keçən yol Naxçıvanı birləşdirəcək.", "tripp"),
    ("az", "Xəzər dənizinin dibi ilə çəkiləcək kabel hazırdır.", "caspian_fiber"),
    ("tr", "Hazar Denizi'nin altından geçecek fiber optik kablo.", "caspian_fiber"),
    ("hy", "Կասպից ծովի հատակով անցնող մալուխը պատրաստ է։", "caspian_fiber"),
    ("hy", "Սյունիքով անցնող երկաթուղին կկառուցվի։", "tripp"),
])
def test_descriptions_derived_from_geodata(language, text, feature):
    matches = [m for m in LINKER.link_text(text, language=language) if m.feature == feature]
    assert matches and all(m.name == "" for m in matches if len(m.text.split()) > 2)


@pytest.mark.parametrize("language, text, absent", [
    ("en", "A road to Nakhchivan through Iran already exists.", "tripp"),
    ("ru", "Дорога в Нахичевань через Иран уже есть.", "tripp"),
    ("ru", "Участок дороги вдоль границы с Ираном.", "btc_pipeline"),
    ("en", "Georgian operators are upgrading terrestrial routes from Azerbaijan.",
     "middle_corridor"),
    ("en", "The route will remain under Armenian jurisdiction.", "tripp"),
])
def test_descriptions_of_something_else_do_not_link(language, text, absent):
    assert absent not in found(text, language)


def test_a_new_corridor_in_the_geodata_gets_descriptions_for_free():
    features = [
        {"id": "polar_cable", "layer": "corridors", "kind": "submarine cable",
         "aliases": ["Polar Link"], "waters": ["barents_sea"],
         "water_names": {"barents_sea": {"en": ["Barents Sea"], "ru": ["Баренцево море"]}},
         "route_places": [], "route_countries": ["norway"]},
        {"id": "norway", "layer": "actors", "kind": "state", "aliases": ["Norway"],
         "names": {"ru": {"names": ["Норвегия"]}}},
    ]
    linker = Linker.from_features(features)
    assert [m.feature for m in linker.link_text("A cable under the Barents Sea.")
            if m.feature == "polar_cable"] == ["polar_cable"]
    assert "polar_cable" in {m.feature for m in linker.link_text(
        "Кабель по дну Баренцева моря готов.", language="ru")}


@pytest.mark.parametrize("language, text, feature", [
    ("en", "the Trans-Caspian International Transit Route opened", "middle_corridor"),
    ("en", "the International Trans-Caspian Transport Route opened", "middle_corridor"),
    ("ru", "Транскаспийский транспортный международный маршрут открыт", "middle_corridor"),
])
def test_garbled_long_names_resolve_fuzzily(language, text, feature):
    assert feature in found(text, language)


def test_fuzzy_matching_does_not_link_a_different_long_name():
    features = found("the International North-South Transport Corridor opened", "en")
    assert "middle_corridor" not in features


# --------------------------------------------------------------------------- bad input

def test_unknown_language_code_links_like_english_plus_scripts():
    assert {"azerbaijan", "russia"} <= set(found("Azerbaijan and Россия agreed.", "xx"))


def test_undetectable_language_is_reported_by_corpus_link(tmp_path, capsys):
    from corpus.linking_cli import main

    path = tmp_path / "a.txt"
    path.write_text("TRIPP: Baku.\n", encoding="utf-8")
    assert main([str(path)]) == 0
    captured = capsys.readouterr()
    assert "no language stated and none could be detected" in captured.err
    assert '"feature": "tripp"' in captured.out


def test_mixed_script_and_rtl_override_inside_a_cyrillic_name_still_link():
    text = "Aзербайджан и Рос\u202eсия договорились."  # Latin A; RIGHT-TO-LEFT OVERRIDE
    matches = LINKER.link_text(text, language="ru")
    by_feature = {m.feature: m for m in matches}
    assert by_feature["azerbaijan"].text == "Aзербайджан"
    assert by_feature["russia"].text == "Рос\u202eсия"


def test_a_five_megabyte_russian_paragraph_is_linked_in_bounded_time():
    sentence = ("Баку и Москва обсудили Зангезурский коридор и маршрут через Каспий, "
                "а эксперты из Еревана ответили Азербайджану. ")
    text = sentence * (5_000_000 // len(sentence))
    began = time.perf_counter()
    matches = LINKER.link_text(text, language="ru")
    elapsed = time.perf_counter() - began
    assert elapsed < 120, elapsed
    assert all(text[m.start:m.end] == m.text for m in matches)
    assert sum(m.feature == "tripp" for m in matches) == text.count("Зангезурский коридор")
