"""Each language module on its own: normalisers, lemmas/stems/suffix rules, capital cues.

These pin the measured choices documented in the modules' docstrings (pymorphy3 over
Snowball for Russian, suffix rules for Turkish/Azerbaijani, suffix rules beside Snowball for
Armenian).
"""

from __future__ import annotations

import pytest

from corpus.linking.languages import (
    WORD_RE,
    LanguageError,
    known_languages,
    language_module,
    scripts_in,
    strip_marks,
)

ru, tr, az, hy, en = (language_module(code) for code in ("ru", "tr", "az", "hy", "en"))


def matches(module, token: str, name: str, adjective: bool = False) -> bool:
    return bool(module.word_keys(token) & module.name_keys(name, adjective=adjective))


def test_every_known_language_has_a_module_with_the_interface():
    for code in known_languages():
        module = language_module(code)
        assert module.CODE == code
        for attribute in ("SCRIPTS", "MORPHOLOGY", "word_keys", "name_keys", "RELATIONS",
                          "THROUGH", "BETWEEN", "AVOIDS", "KIND_NOUNS", "WATERS",
                          "US_STATE_CUES", "CAUCASUS_CUES", "HEAD_FINAL"):
            assert hasattr(module, attribute), (code, attribute)
        if module.MORPHOLOGY:
            assert callable(module.capital_is_state)


def test_unknown_language_is_a_clear_error():
    with pytest.raises(LanguageError, match="no linker module for language 'xx'.*known: en"):
        language_module("xx")


def test_word_re_keeps_marks_format_characters_and_apostrophe_suffix_in_the_word():
    assert WORD_RE.findall("Türkiye'nin ABD’nin") == ["Türkiye'nin", "ABD’nin"]
    assert WORD_RE.findall("Рос\u202eсия и Ро\u0301ссия") == ["Рос\u202eсия", "и", "Ро\u0301ссия"]
    assert strip_marks("Рос\u202eсия") == "Россия"


def test_scripts_in():
    assert scripts_in("Azərbaycan и Россия, Հայաստան") == {"Cyrillic", "Armenian"}
    assert scripts_in("plain English") == set()


# --------------------------------------------------------------------------- Russian

@pytest.mark.parametrize("token, name", [
    ("Зангезурского", "Зангезурский"), ("коридора", "коридор"), ("России", "Россия"),
    ("Армении", "Армения"), ("Азербайджаном", "Азербайджан"), ("Ереване", "Ереван"),
    ("Кремля", "Кремль"), ("Срединного", "Срединный"), ("Нахичевани", "Нахичевань"),
    ("Черного", "Чёрный"),
])
def test_russian_inflected_forms_share_a_lemma_with_the_dictionary_form(token, name):
    assert matches(ru, token, name)


def test_russian_snowball_pitfalls_are_avoided():
    # Snowball stems Грузия and груз (cargo) alike and splits Азербайджан/Азербайджаном.
    assert not matches(ru, "груз", "Грузия") and not matches(ru, "грузов", "Грузия")
    # Баку is the city, not the dative of бак (tank).
    assert not matches(ru, "бак", "Баку")


def test_russian_adjective_compound_forms():
    assert matches(ru, "российско", "российский", adjective=True)
    assert matches(ru, "армяно", "армянский", adjective=True)


def test_russian_mixed_script_word_reads_latin_look_alikes_as_cyrillic():
    assert matches(ru, "Aзербайджан", "Азербайджан")  # Latin A
    assert matches(ru, "Рос\u202eсии", "Россия")  # a right-to-left override inside


@pytest.mark.parametrize("text, capital, state", [
    ("Баку и Вашингтон подписали соглашение", "Баку", True),
    ("Баку и Вашингтон подписали соглашение", "Вашингтон", True),
    ("визит в Ереван завершился", "Ереван", False),
    ("встреча прошла в Баку и Ереване", "Ереване", False),
    ("давление на Ереван растёт", "Ереван", True),
    ("жители Еревана вышли", "Еревана", False),
    ("позиция Москвы неизменна", "Москвы", True),
])
def test_russian_capital_metonymy(text, capital, state):
    start = text.index(capital)
    assert ru.capital_is_state(text, start, start + len(capital)) is state


# --------------------------------------------------------------------------- Turkish, Azerbaijani

@pytest.mark.parametrize("module, token, name", [
    (tr, "Türkiye'nin", "Türkiye"), (tr, "Türkiyenin", "Türkiye"), (tr, "Turkiye'nin", "Türkiye"),
    (tr, "İran'ın", "İran"), (tr, "koridorunun", "koridoru"), (tr, "Birliği'nin", "Birliği"),
    (az, "Azərbaycanın", "Azərbaycan"), (az, "Ermənistanla", "Ermənistan"),
    (az, "dəhlizinin", "dəhlizi"), (az, "Azərbaycanlılar", "Azərbaycan"),
])
def test_turkic_suffix_chains(module, token, name):
    assert matches(module, token, name)


def test_turkic_rules_do_not_read_other_words_as_names():
    assert not matches(tr, "Ermenistan", "Ermeni")  # "-stan" is no suffix
    assert not matches(tr, "Irak", "İran")
    assert not matches(az, "Rusiyaçı", "Rusiya")


def test_turkish_lower_case_of_dotted_and_dotless_i():
    from corpus.linking.languages import _turkic

    assert _turkic.lower("İSTANBUL") == "istanbul" and _turkic.lower("IĞDIR") == "ığdır"


@pytest.mark.parametrize("module, text, capital, name, state", [
    (az, "Bakı ilə İrəvan razılaşdı", "Bakı", "Bakı", True),
    (az, "Bakıda görüş keçirildi", "Bakıda", "Bakı", False),
    (az, "Vaşinqtonda danışıqlar", "Vaşinqtonda", "Vaşinqton", False),
    (az, "Bakı limanı genişlənir", "Bakı", "Bakı", False),
    (tr, "Ankara'nın tutumu değişmedi", "Ankara'nın", "Ankara", True),
    (tr, "Bakü'de toplantı", "Bakü'de", "Bakü", False),
    (tr, "Moskova'dan dönen heyet", "Moskova'dan", "Moskova", False),
])
def test_turkic_capital_metonymy(module, text, capital, name, state):
    start = text.index(capital)
    assert module.capital_is_state(text, start, start + len(capital), name) is state


def test_acronym_suffixes():
    assert tr.acronym_suffix.match("ABD'nin", 3) and az.acronym_suffix.match("ABŞ-ın", 3)
    assert hy.acronym_suffix.match("ԱՄՆ-ի", 3)
    assert en.acronym_suffix is None


# --------------------------------------------------------------------------- Armenian

@pytest.mark.parametrize("token, name", [
    ("Հայաստանի", "Հայաստան"), ("Հայաստանը", "Հայաստան"), ("Երևանը", "Երևան"),
    ("Բաքվում", "Բաքու"), ("Բաքուն", "Բաքու"), ("Մոսկվայում", "Մոսկվա"),
    ("միջանցքի", "միջանցք"), ("Իրանը", "Իրան"),
])
def test_armenian_endings(token, name):
    assert matches(hy, token, name)


def test_armenian_short_snowball_stems_are_not_trusted():
    # Snowball cuts Երևան to երև; "երևում" (it appears) must not be Yerevan.
    assert not matches(hy, "երևում", "Երևան")


@pytest.mark.parametrize("text, capital, name, state", [
    ("Երևանը և Բաքուն ստորագրեցին", "Երևանը", "Երևան", True),
    ("Բաքվում կայացավ հանդիպում", "Բաքվում", "Բաքու", False),
    ("Մոսկվայից հայտարարեցին", "Մոսկվայից", "Մոսկվա", False),
])
def test_armenian_capital_metonymy(text, capital, name, state):
    start = text.index(capital)
    assert hy.capital_is_state(text, start, start + len(capital), name) is state
