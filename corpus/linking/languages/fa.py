"""Persian (Perso-Arabic script): letter normalisation and documented affix rules.

Snowball has no Persian stemmer, and names barely inflect in Persian: what varies is
spelling and a few attached affixes. The rules, each checked against a name, never used to
reduce arbitrary words:

* Letters: Arabic ``ي``/``ى`` and ``ك`` are read as Persian ``ی`` and ``ک`` (keyboards and
  Arabic-script sources mix them); ``ة`` and ``ۀ`` as ``ه``; ``أ``, ``إ``, ``ٱ`` as ``ا``;
  ``ؤ`` as ``و``, ``ئ`` as ``ی``. Diacritics (harakat, the ezafe kasra, hamza above),
  the superscript alef, the tatweel ``ـ`` and the zero-width non-joiner (ZWNJ) are
  dropped, so «بین‌المللی» and «بینالمللی», «مأموریت» and «ماموریت», «ترکیهٔ» and
  «ترکیه» read alike.
* Suffixes (attached, with or without ZWNJ): the plural ``ها`` and ``ان``/``یان``
  («ایرانیان»), the ezafe, indefinite or adjectival ``ی``/``ای``/``یی`` («آمریکای لاتین»,
  «ترکیه‌ای», «منطقه‌ی»), ``های``/``هایی`` and the object marker ``را`` when it is
  written attached. Possessive clitics (``ش``, ``م``, ``ت``) are not read: «چینش»
  (arrangement) is not China.
* Prefixes: the prepositions ``به``, ``از``, ``در``, ``با``, ``بر`` are separate words in
  standard orthography and are read as such by :func:`capital_is_state`; attached with a
  ZWNJ («به‌تهران») they are split off. A bare attached ``ب`` is not: «بچین» is the verb
  "pick", not "to China".

Measured on ``tests/data/dev_fa/`` (``python -m corpus evaluate tests/data/dev_fa``, see
``tests/data/README.md``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from corpus.linking.languages import strip_marks

CODE = "fa"
SCRIPTS = ("Arabic",)
MORPHOLOGY = True
#: Latin acronyms in Persian text carry no suffix ("TRIPP", "BTC").
acronym_suffix = None

_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا",
                          "إ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ی", "ـ": None, "\u0670": None})
_ZWNJ = "\u200c"
#: Suffix chains, longest first (in normalised form, ZWNJ removed).
SUFFIXES = ("هایی", "هایرا", "هارا", "های", "ها", "یان", "ان", "ای", "یی", "را", "ی")
PREFIXES = ("به", "از", "در", "با", "بر")
#: Shortest stem a suffix or prefix may leave.
MIN_STEM = 2


def normalise(token: str) -> str:
    """Letter variants unified; marks, ZWNJ, tatweel dropped; Latin lower-cased."""
    return strip_marks(token).translate(_LETTERS).lower()


@lru_cache(maxsize=200_000)
def _keys(token: str) -> frozenset[str]:
    bases = [token]
    for prefix in PREFIXES:
        if token.startswith(prefix + _ZWNJ):
            bases.append(token[len(prefix) + 1:])
    keys = set()
    for base in bases:
        word = normalise(base)
        keys.add(word)
        for suffix in SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
                keys.add(word[: -len(suffix)])
    return frozenset(keys)


def word_keys(token: str) -> frozenset[str]:
    """The word normalised, and every reading of it as a stem plus a suffix (and without an
    attached preposition)."""
    return _keys(token)


def name_keys(word: str, *, adjective: bool = False) -> frozenset[str]:
    """A name's word, normalised (names are written in their bare form)."""
    return frozenset({normalise(word)})


# --------------------------------------------------------------------------- capitals

def _set(words: str) -> frozenset[str]:
    return frozenset(normalise(w) for w in words.split())


#: Prepositions after which a capital is the place: «در تهران», «به باکو», «از ایروان».
LOCATIVE = _set("در به از تا نزدیک اطراف حوالی سوی سمت داخل درون بیرون مقصد")
#: Nouns before a capital that make it the place: «فرودگاه تهران», «مردم باکو».
PLACE_NOUNS = _set("فرودگاه بندر شهر شهردار شهرداری خیابان مردم ساکنان هتل مرکز "
                   "دانشگاه میدان نشست اجلاس کنفرانس همایش استان حومه ایستگاه مترو موزه")
#: Nouns after which «به»/«از»/«بر» + capital is the state: «فشار بر تهران», «پیام به باکو».
STATE_BEFORE_PREPOSITION = _set("فشار پیام هشدار درخواست حمایت انتقاد اعتراض پاسخ نامه "
                                "تهدید کمک وام امتیاز تضمین فراخوان اولتیماتوم")
#: Verbs after «از» + capital that make it the one asked: «از باکو خواست».
ASKED = _set("خواست خواستند خواسته خواهد درخواست")
#: «دوشنبه» is Dushanbe and Monday: after a word of time («روز دوشنبه», «صبح دوشنبه»), before
#: «گذشته»/«آینده» or a date, it is the weekday, never Tajikistan acting. (It is still linked
#: as the place by its literal name: telling the weekday from the city is the names file's
#: look-alike table's job.)
WEEKDAYS = _set("دوشنبه")
TIME_WORDS = _set("روز روزهای صبح ظهر عصر شب بامداد امروز دیروز فردا هر")
TIME_AFTER = _set("گذشته آینده پیش اخیر شب صبح عصر")
_DIGIT = re.compile(r"\s*[0-9\u06f0-\u06f9\u0660-\u0669]")
_STATE_PREPOSITIONS = _set("به از بر")
_FROM = normalise("از")


def capital_is_state(text: str, start: int, end: int, name: str = "") -> bool:
    """«تهران اعلام کرد», «فشار بر ایروان», «از باکو خواست»: the state; «در تهران»,
    «سفر به باکو», «از مسکو», «فرودگاه تهران», «مردم باکو»: the place; «روز دوشنبه»
    (Monday) is never Tajikistan."""
    from corpus.linking.languages import WORD_RE

    before = WORD_RE.findall(text[max(0, start - 80):start])
    after = WORD_RE.search(text, end, min(len(text), end + 40))
    if normalise(text[start:end]) in WEEKDAYS and (
            (before and normalise(before[-1]) in TIME_WORDS) or _DIGIT.match(text, end)
            or (after and normalise(after.group()) in TIME_AFTER)):
        return False  # a weekday: «روز دوشنبه», «دوشنبه گذشته», «دوشنبه ۱۲ آذر»
    if not before:
        return True
    previous = normalise(before[-1])
    if previous in _STATE_PREPOSITIONS and len(before) > 1 \
            and _keys(before[-2]) & STATE_BEFORE_PREPOSITION:
        return True
    if previous == _FROM:
        if after and _keys(after.group()) & ASKED:
            return True
    if previous in LOCATIVE:
        return False
    return not _keys(before[-1]) & PLACE_NOUNS


# --------------------------------------------------------------------------- descriptions

#: Head-initial with the ezafe: «کابل فیبر نوری زیر دریای خزر», «مسیری از طریق ارمنستان».
HEAD_FINAL = False
THROUGH = _set("طریق خاک قلمرو عبور")
RELATIONS = _set("زیر بستر کف عرض طول طریق عبور")
BETWEEN = _set("بین میان اتصال متصل پیوند")
AVOIDS = _set("دورزدن")

KIND_NOUNS = {
    "submarine cable": ["کابل", "کابل فیبر نوری", "کابل زیردریایی", "فیبر نوری"],
    "rail and road corridor": ["کریدور", "دالان", "مسیر", "راه", "جاده", "راه‌آهن"],
    "transport corridor": ["کریدور", "مسیر", "کریدور حمل‌ونقل", "مسیر ترانزیتی"],
    "oil pipeline": ["خط لوله", "خط لوله نفت"],
    "gas pipeline system": ["خط لوله گاز", "کریدور گازی"],
}
WATERS = {"caspian_sea": ["دریای خزر", "خزر"], "black_sea": ["دریای سیاه"],
          "mediterranean_sea": ["دریای مدیترانه"]}
US_STATE_CUES = ("ایالت جورجیا", "آتلانتا", "ساوانا", "فرماندار ایالت")
CAUCASUS_CUES = ("تفلیس", "قفقاز", "باتومی", "پوتی", "رویای گرجی", "آبخازیا")

#: Month names (Gregorian as written in Persian, and the solar Hijri months), for
#: datelines («باکو، ۱۲ اسفند، ایرنا»).
MONTHS = tuple("ژانویه فوریه مارس آوریل مه ژوئن ژوئیه اوت سپتامبر اکتبر نوامبر دسامبر "
               "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند".split())

#: Starts of the nouns of a route named by its end points («راه‌آهن باکو-تفلیس-قارص»):
#: a capital in such a chain is a place (:func:`corpus.linking.context.in_route_chain`).
ROUTE_STEMS = tuple("راه‌آهن راه خط مسیر کریدور جاده لوله".split())
