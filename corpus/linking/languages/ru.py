"""Russian: pymorphy3 lemmas (with its Russian dictionaries), not the Snowball stemmer.

Measured on the development texts in ``tests/data/dev_ru/`` (see ``tests/data/README.md``
and ``tests/test_languages.py``): Snowball reduces «Азербайджан» to ``азербайджа`` but
«Азербайджаном» to ``азербайджан`` and «Ереван»/«Ереване» likewise, so the nominative in
the names file misses the inflected forms; and it reduces «Грузия» and «груз» (cargo, common
in transport news) to the same stem ``груз``, a false positive in most corridor articles.
pymorphy3 gives the dictionary form of every word it knows and guesses one for unknown
proper names (``Зангезурского`` -> ``зангезурский``, ``Сюника`` -> ``сюник``), which is exactly
the form the names files are written in. It costs ~120 µs per distinct word, so lemmas are
cached per word form (a corpus has few distinct forms).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from corpus.linking.languages import strip_marks

CODE = "ru"
SCRIPTS = ("Cyrillic",)
MORPHOLOGY = True
#: «США-», «ЕС-» with a hyphenated ending are rare; «ОДКБ» does not inflect in writing.
acronym_suffix = re.compile(r"-[а-яё]{1,3}\b")

# Latin letters that look like Cyrillic ones, for mixed-script words («Aзербайджан» with a
# Latin A, from careless typing or on purpose).
_HOMOGLYPHS = str.maketrans("aceopxyACEHKMOPTXBi", "асеорхуАСЕНКМОРТХВі")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z]")


@cache
def _analyser():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def normalise(token: str) -> str:
    """Lower case, «ё» as «е», marks and format characters dropped, Latin look-alikes in a
    Cyrillic word read as Cyrillic."""
    token = strip_marks(token)
    if _LATIN.search(token) and _CYRILLIC.search(token):
        token = token.translate(_HOMOGLYPHS)
    return token.lower().replace("ё", "е")


@lru_cache(maxsize=200_000)
def _lemmas(word: str) -> frozenset[str]:
    if not _CYRILLIC.search(word):
        return frozenset({word})
    forms = {parse.normal_form.replace("ё", "е") for parse in _analyser().parse(word)}
    return frozenset(forms | {word})


_PROPER = ("Geox", "Name", "Surn", "Orgn", "Patr")


@lru_cache(maxsize=20_000)
def _proper_lemmas(word: str) -> frozenset[str]:
    """A name's dictionary forms: when pymorphy3 reads the word as a place, person or
    organisation, only those readings («Баку» is the city, not the dative of «бак», tank)."""
    if not _CYRILLIC.search(word):
        return frozenset({word})
    parses = _analyser().parse(word)
    proper = [p for p in parses if any(tag in p.tag for tag in _PROPER)]
    forms = {p.normal_form.replace("ё", "е") for p in (proper or parses)}
    return frozenset(forms | {word})


def word_keys(token: str) -> frozenset[str]:
    """The dictionary forms pymorphy3 gives the word (every reading), and the word itself."""
    return _lemmas(normalise(token))


def name_keys(word: str, *, adjective: bool = False) -> frozenset[str]:
    """Keys of a name's word; an adjective also gets the compound forms of its stem
    («российский» -> «российско», «армяно»-style «азербайджано»), as in
    «российско-азербайджанские»."""
    word = normalise(word)
    keys = set(_proper_lemmas(word))
    if adjective:
        for ending in ("ский", "цкий", "ний", "ный", "ий", "ый"):
            if word.endswith(ending) and len(word) > len(ending) + 2:
                stem = word[: -len(ending)]
                keys |= {word[:-2] + "о", stem + "о"}
                break
    return frozenset(keys)


# --------------------------------------------------------------------------- capitals

#: Prepositions after which a capital is the place: «в Баку», «из Москвы», «до Еревана».
LOCATIVE = frozenset("в во из до через около возле близ под у по".split())
#: Words (lemmas) before a capital that make it the place: «визит в Ереван» is covered by «в»;
#: «аэропорт Баку», «мэр Москвы», «жители Еревана», «улицах Тбилиси».
PLACE_NOUNS = frozenset("аэропорт порт город мэр мэрия центр улица житель гостиница отель "
                        "район пригород окрестность саммит форум конференция столица "
                        "вокзал станция площадь метро университет музей".split())
#: Nouns after which «на»/«к» + capital is the state: «давление на Ереван».
STATE_BEFORE_PREPOSITION = frozenset("давление призыв требование ответ сигнал упрек "
                                     "претензия обращение угроза поддержка".split())
_WORD = re.compile(r"[\w\u0301-]+")
_PLACE_AFTER = frozenset("аэропорт порт вокзал".split())


def _lemma(word: str) -> set[str]:
    return set(_lemmas(normalise(word)))


def capital_is_state(text: str, start: int, end: int, name: str = "") -> bool:
    """«Баку и Вашингтон подписали», «давление на Ереван», «позиция Москвы»: the state;
    «в Баку», «визит в Ереван», «из Тбилиси», «аэропорт Баку», «жители Еревана»: the place.
    Coordinated capitals share the preposition: «в Баку и Ереване»."""
    before = _WORD.findall(text[max(0, start - 80):start])
    words = [w.lower() for w in before]
    # Walk back over coordinated capitals: «в Баку и Ереване».
    while len(words) >= 2 and words[-1] in {"и", "или"} and words[-2][:1].isalpha() \
            and before[len(words) - 2][:1].isupper():
        words = words[:-2]
    if not words:
        return True
    previous = words[-1]
    if previous in LOCATIVE:
        return False
    if previous in {"на", "к", "ко"} and len(words) > 1 \
            and _lemma(words[-2]) & STATE_BEFORE_PREPOSITION:
        return True
    if _lemma(previous) & PLACE_NOUNS:
        return False
    return True


# --------------------------------------------------------------------------- descriptions

HEAD_FINAL = False
#: «через территорию Армении», «по территории Грузии».
THROUGH = frozenset("через по сквозь территория пересекать пересекающий".split())
#: «по дну Каспийского моря», «через Каспий», «под Каспийским морем».
RELATIONS = frozenset("через по под вдоль пересекать пересекающий дно акватория".split())
BETWEEN = frozenset("между соединять связывать соединяющий связывающий".split())
AVOIDS = frozenset("минуя обходить обход".split())

KIND_NOUNS = {
    "submarine cable": ["кабель", "ВОЛС", "волоконно-оптическая линия", "оптоволоконная линия",
                        "линия связи", "оптоволокно", "подводный кабель"],
    "rail and road corridor": ["коридор", "маршрут", "дорога", "железная дорога", "путь",
                               "транзитный маршрут", "автодорога"],
    "transport corridor": ["коридор", "маршрут", "транспортный коридор", "сухопутный мост",
                           "торговый путь"],
    "oil pipeline": ["нефтепровод", "трубопровод"],
    "gas pipeline system": ["газопровод", "газовый коридор"],
}
WATERS = {"caspian_sea": ["Каспийское море", "Каспий"], "black_sea": ["Чёрное море"],
          "mediterranean_sea": ["Средиземное море"]}
US_STATE_CUES = ("штат джорджия", "атланта", "саванна", "губернатор штата")
CAUCASUS_CUES = ("тбилиси", "кавказ", "кобахидзе", "батуми", "поти", "грузинская мечта",
                 "абхазия", "южная осетия")

#: Month names (genitive and nominative), for datelines («БАКУ, 3 марта. /ТАСС/.»).
MONTHS = tuple("января февраля марта апреля мая июня июля августа сентября октября ноября "
               "декабря январь февраль март апрель май июнь июль август сентябрь октябрь "
               "ноябрь декабрь".split())

#: Starts of the nouns of a route named by its end points («железная дорога Баку — Тбилиси — Карс»):
#: a capital in such a chain is a place (:func:`corpus.linking.context.in_route_chain`).
ROUTE_STEMS = tuple("железн дорог трубопровод нефтепровод газопровод маршрут коридор "
                    "магистрал трасс линии линия паром автодорог".split())
