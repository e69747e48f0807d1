"""The Persian and Georgian language modules: letter normalisation, affix and case-suffix
rules, capital metonymy (the rules documented in ``corpus/linking/languages/fa.py`` and
``ka.py``), and the linker reading right-to-left and Mkhedruli text with them."""

from __future__ import annotations

import pytest

from corpus.linking import Linker
from corpus.linking.languages import known_languages, language_module
from geodata.loading import load_layers

fa, ka = language_module("fa"), language_module("ka")


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.from_layers(load_layers())


def matches(module, token: str, name: str) -> bool:
    return bool(module.word_keys(token) & module.name_keys(name))


def features(linker: Linker, text: str, language: str) -> list[tuple[str, str]]:
    return [(m.feature, m.text) for m in linker.link_text(text, language=language)
            if m.kind == "feature"]


def test_both_are_registered():
    assert {"fa", "ka"} <= set(known_languages())
    assert fa.SCRIPTS == ("Arabic",) and ka.SCRIPTS == ("Georgian",)


# --------------------------------------------------------------------------- Persian

@pytest.mark.parametrize(("token", "name"), [
    ("ايران", "ایران"),  # Arabic yeh
    ("كريدور", "کریدور"),  # Arabic kaf
    ("مأموریت", "ماموریت"),  # hamza on alef
    ("ترکیهٔ", "ترکیه"),  # ezafe hamza (a mark)
    ("منطقۀ", "منطقه"),  # heh with yeh above
    ("بین‌المللی", "بینالمللی"),  # ZWNJ
    ("ایـــران", "ایران"),  # tatweel
    ("ایرانِ", "ایران"),  # ezafe kasra
])
def test_persian_letter_variants_read_alike(token, name):
    assert matches(fa, token, name)


@pytest.mark.parametrize(("token", "name"), [
    ("کریدورها", "کریدور"), ("کریدور‌های", "کریدور"), ("کریدورهایی", "کریدور"),
    ("ارمنی‌ها", "ارمنی"), ("ایرانیان", "ایرانی"), ("آمریکای", "آمریکا"),
    ("ترکیه‌ای", "ترکیه"), ("منطقه‌ی", "منطقه"), ("کریدوری", "کریدور"),
    ("ایرانرا", "ایران"), ("به‌تهران", "تهران"), ("از‌باکو", "باکو"),
])
def test_persian_affixes(token, name):
    assert matches(fa, token, name)


@pytest.mark.parametrize(("token", "name"), [
    ("چینش", "چین"),  # arrangement: possessive-like clitics are not read
    ("بچین", "چین"),  # the verb "pick": a bare attached ب is not "to"
    ("ایر", "ایران"),
])
def test_persian_rules_do_not_read_other_words_as_names(token, name):
    assert not matches(fa, token, name)


@pytest.mark.parametrize(("text", "capital", "state"), [
    ("تهران اعلام کرد که مخالف است", "تهران", True),
    ("باکو و ایروان به تفاهم رسیدند", "ایروان", True),
    ("فشار بر تهران افزایش یافت", "تهران", True),
    ("اتحادیه اروپا از باکو خواست", "باکو", True),
    ("پیام به باکو روشن بود", "باکو", True),
    ("نشستی در تهران برگزار شد", "تهران", False),
    ("سفر پزشکیان به باکو", "باکو", False),
    ("هیئتی از ایروان آمد", "ایروان", False),
    ("فرودگاه تهران بسته شد", "تهران", False),
    ("خیابان‌های باکو شلوغ بود", "باکو", False),
    ("مردم باکو", "باکو", False),
])
def test_persian_capital_metonymy(text, capital, state):
    start = text.index(capital)
    assert fa.capital_is_state(text, start, start + len(capital), capital) is state


def test_persian_capitals_in_the_linker(linker):
    assert ("iran", "تهران") in features(linker, "تهران اعلام کرد.", "fa")
    assert ("tehran", "تهران") in features(linker, "نشستی در تهران برگزار شد.", "fa")
    assert ("armenia", "ایروان") in features(linker, "فشار بر ایروان افزایش یافت.", "fa")


def test_persian_mentions_keep_their_affixes(linker):
    found = features(linker, "ارمنیها و آذربایجانی‌ها از «كريدور ميانی» استقبال کردند.", "fa")
    assert ("armenia", "ارمنیها") in found
    assert ("azerbaijan", "آذربایجانی‌ها") in found
    assert ("middle_corridor", "كريدور ميانی") in found


def test_persian_look_alikes_stay_vetoed(linker):
    found = features(linker, "استان آذربایجان شرقی و آمریکای لاتین و اروپا", "fa")
    assert not {f for f, _ in found} & {"azerbaijan", "usa", "eu"}


# --------------------------------------------------------------------------- Georgian

@pytest.mark.parametrize(("token", "name"), [
    ("თბილისმა", "თბილისი"), ("თბილისს", "თბილისი"), ("თბილისის", "თბილისი"),
    ("თბილისით", "თბილისი"), ("თბილისად", "თბილისი"), ("თბილისში", "თბილისი"),
    ("თბილისზე", "თბილისი"), ("თბილისთან", "თბილისი"), ("თბილისიდან", "თბილისი"),
    ("თბილისისკენ", "თბილისი"), ("თბილისამდე", "თბილისი"), ("თბილისისთვის", "თბილისი"),
    ("თბილისისგან", "თბილისი"), ("თბილისივით", "თბილისი"), ("თბილისიც", "თბილისი"),
    ("ბაქომ", "ბაქო"), ("ბაქოს", "ბაქო"), ("ბაქოში", "ბაქო"), ("ბაქოდან", "ბაქო"),
    ("ბაქოთი", "ბაქო"), ("ბაქოსთვის", "ბაქო"), ("ბაქომდე", "ბაქო"),
    ("საქართველოსა", "საქართველო"), ("საქართველოც", "საქართველო"),
    ("უკრაინის", "უკრაინა"), ("უკრაინაში", "უკრაინა"), ("უკრაინამ", "უკრაინა"),
    ("კობახიძის", "კობახიძე"), ("დერეფნის", "დერეფანი"), ("ერევნის", "ერევანი"),
    ("დერეფანში", "დერეფანი"), ("ამერიკელებმა", "ამერიკელი"), ("სომხებმა", "სომეხი"),
    ("ამერიკულ", "ამერიკული"),
    ("ᲡᲐᲥᲐᲠᲗᲕᲔᲚᲝᲡ", "საქართველო"),  # Mtavruli capitals, as in headlines
])
def test_georgian_case_endings_and_postpositions(token, name):
    assert matches(ka, token, name)


@pytest.mark.parametrize(("token", "name"), [
    ("თბილ", "თბილისი"),  # a stem shorter than the name's is no reading of it
    ("რუსთავი", "რუსი"),  # the town of Rustavi is not a Russian
    ("ირანული", "ირანი"),  # the adjective is its own name, not an ending of the country
])
def test_georgian_rules_do_not_read_other_words_as_names(token, name):
    assert not matches(ka, token, name)


@pytest.mark.parametrize(("text", "capital", "name", "state"), [
    ("თბილისმა განაცხადა", "თბილისმა", "თბილისი", True),
    ("ბაქომ და ერევანმა შეათანხმეს", "ერევანმა", "ერევანი", True),
    ("ბაქოს პოზიცია შეიცვალა", "ბაქოს", "ბაქო", True),
    ("ერევანთან მოლაპარაკება", "ერევანთან", "ერევანი", True),
    ("მოსკოვი აკვირდება", "მოსკოვი", "მოსკოვი", True),
    ("ბაქოში გაიმართა", "ბაქოში", "ბაქო", False),
    ("თბილისიდან გაემგზავრა", "თბილისიდან", "თბილისი", False),
    ("ერევნისკენ მიდის", "ერევნისკენ", "ერევანი", False),
    ("მოსკოვამდე", "მოსკოვამდე", "მოსკოვი", False),
    ("ბაქოს აეროპორტი", "ბაქოს", "ბაქო", False),
    ("თბილისის ქუჩებში", "თბილისის", "თბილისი", False),
    ("ბაქოს გავლით", "ბაქოს", "ბაქო", False),
])
def test_georgian_capital_metonymy(text, capital, name, state):
    start = text.index(capital)
    assert ka.capital_is_state(text, start, start + len(capital), name) is state


def test_georgian_capitals_in_the_linker(linker):
    assert ("georgia", "თბილისმა") in features(linker, "თბილისმა განაცხადა.", "ka")
    assert ("tbilisi", "თბილისში") in features(linker, "შეხვედრა თბილისში გაიმართა.", "ka")
    assert ("azerbaijan", "ბაქომ") in features(linker, "ბაქომ უარი თქვა.", "ka")


def test_georgian_mentions_keep_their_endings(linker):
    found = features(linker, "აშშ-ის მხარდაჭერით TRIPP-ის და შუა დერეფნის პროექტები "
                             "საქართველოსა და სომხეთში წინ მიიწევს.", "ka")
    assert ("usa", "აშშ") in found
    assert ("tripp", "TRIPP-ის") in found
    assert ("middle_corridor", "შუა დერეფნის") in found
    assert ("georgia", "საქართველოსა") in found and ("armenia", "სომხეთში") in found


def test_georgian_look_alikes_stay_vetoed(linker):
    found = features(linker, "ჯორჯიის შტატი და ლათინური ამერიკა და ევროპა", "ka")
    assert not {f for f, _ in found} & {"georgia", "usa", "eu"}


@pytest.mark.parametrize(("paragraphs", "expected"), [
    (["تهران روز گذشته اعلام کرد که با هرگونه تغییر در مرزهای قفقاز جنوبی مخالف است و "
      "ارمنیها نیز نگران‌اند."], {("iran", "تهران"), ("armenia", "ارمنیها")}),
    (["თბილისმა განაცხადა, რომ საქართველო მზადაა შუა დერეფნის განვითარებაში "
      "მონაწილეობისთვის."], {("georgia", "თბილისმა"), ("middle_corridor", "შუა დერეფნის")}),
])
def test_an_article_without_a_stated_language_is_linked_in_the_detected_one(
        linker, paragraphs, expected):
    from corpus.linking.passages import link_article
    from tests.conftest import make_article

    article = make_article("undeclared", paragraphs, language="")
    found = {(m.feature, m.text) for m in link_article(article, linker) if m.kind == "feature"}
    assert expected <= found


@pytest.mark.parametrize(("text", "state"), [
    ("روز دوشنبه هیئت ایرانی آمد", False), ("دوشنبه گذشته", False),
    ("دوشنبه ۱۲ آذر", False), ("دوشنبه اعلام کرد", True),
])
def test_persian_monday_is_not_tajikistan_acting(text, state):
    start = text.index("دوشنبه")
    assert fa.capital_is_state(text, start, start + len("دوشنبه"), "دوشنبه") is state


def test_persian_time_words_do_not_make_other_capitals_places():
    text = "امروز تهران اعلام کرد"
    start = text.index("تهران")
    assert fa.capital_is_state(text, start, start + len("تهران"), "تهران")
