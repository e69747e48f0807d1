"""Linker rules generalised from errors a blind QA set found (tests/data/blind_README.md):
each test uses its own sentences, in several languages, not the blind set's."""

from __future__ import annotations

import pytest

from corpus.linking import Linker
from geodata.loading import load_layers

LINKER = Linker.from_layers(load_layers())


def found(text: str, language: str | None = None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for match in LINKER.link_text(text, language=language):
        assert text[match.start:match.end] == match.text
        out.setdefault(match.feature, []).append(match.text)
    return out


# ------------------------------------------------------------------ 1. datelines, every language

@pytest.mark.parametrize("language, text, state, place", [
    ("az", "Bakı, 14 aprel, Trend. Nazirlik yeni layihəni təqdim edib.", "azerbaijan", "baku"),
    ("az", "İrəvan, 2 may, APA. Nazirlik açıqlama yayıb.", "armenia", "yerevan"),
    ("tr", "Bakü, 21 Ekim (AA) - Bakanlık açıklama yaptı.", "azerbaijan", "baku"),
    ("ru", "Ереван, 9 ноября, Интерфакс. Министерство сообщило о переговорах.", "armenia",
     "yerevan"),
    ("ru", "Баку, 09.11.2026. Министерство сообщило о переговорах.", "azerbaijan", "baku"),
    ("hy", "Երևան, 5 ապրիլի, Արմենպրես։ Նախարարությունը հայտարարություն է տարածել։",
     "armenia", "yerevan"),
    ("en", "Baku, 14 April (Trend) The ministry presented the project.", "azerbaijan", "baku"),
    ("az", "Bakı — Report. Nazirlik yeni layihəni təqdim edib.", "azerbaijan", "baku"),
])
def test_a_dateline_with_a_date_or_an_agency_is_the_place(language, text, state, place):
    features = found(text, language)
    assert state not in features
    assert place in features


@pytest.mark.parametrize("language, text, state", [
    ("az", "Bakı, İrəvan və Tbilisi razılığa gəliblər.", "azerbaijan"),
    ("ru", "Баку, как заявили в МИД, готов к переговорам.", "azerbaijan"),
])
def test_a_capital_before_a_comma_without_a_date_still_acts(language, text, state):
    assert state in found(text, language)


# ------------------------------- 3. North–South: look-alikes veto what runs into them

@pytest.mark.parametrize("language, text", [
    ("ru", "Иран делает ставку на международный транспортный коридор «Север — Юг»."),
    ("ru", "Москва вкладывает в международный транспортный коридор Север — Юг."),
    ("ru", "Индия рассчитывает на транспортный коридор «Север — Юг» через Иран."),
])
def test_a_description_running_into_north_south_is_not_the_middle_corridor(language, text):
    features = found(text, language)
    assert "middle_corridor" not in features
    assert not any(span.split()[0] in {"на", "в", "через"}
                   for spans in features.values() for span in spans)
