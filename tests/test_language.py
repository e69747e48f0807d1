"""Language of an article: stated codes normalised, else detected, never guessed."""

import pytest

from corpus.language import article_language, detect_language, normalise_language

SAMPLES = {
    "en": "A fibre-optic cable under the Caspian Sea will connect Sumgait and Aktau next year.",
    "ru": "Маршрут Трампа пройдёт через Сюникскую область Армении и соединит Азербайджан с "
    "Нахичеванью.",
    "az": "Zəngəzur dəhlizi Azərbaycanın əsas hissəsini Naxçıvan Muxtar Respublikası ilə "
    "birləşdirəcək.",
    "tr": "Zengezur koridoru Azerbaycan'ı Nahçıvan'a bağlayacak ve Türkiye'ye uzanacak.",
    "hy": "Թրամփի ուղին կանցնի Սյունիքի մարզով և կկապի Ադրբեջանը Նախիջևանի հետ։",
}


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_detects_each_linker_language(code):
    assert detect_language(SAMPLES[code]) == code


@pytest.mark.parametrize("text", ["", "Baku", "12345 67890 !!!", "ok ok ok"])
def test_too_little_text_is_unknown_not_a_guess(text):
    assert detect_language(text) is None


@pytest.mark.parametrize(
    ("stated", "code"),
    [("ru", "ru"), ("RU", "ru"), ("ru-RU", "ru"), ("az_AZ", "az"), ("Russian", "ru"),
     ("rus", "ru"), ("hye", "hy"), ("", ""), ("not a language", ""), (None, ""), (3, "")],
)
def test_stated_codes_are_normalised(stated, code):
    assert normalise_language(stated) == code


def test_stated_language_wins_over_detection():
    assert article_language("tr", SAMPLES["ru"]) == "tr"
    assert article_language("", SAMPLES["ru"]) == "ru"
    assert article_language("", "Baku") == ""
