"""An article's language: from what the source states, else detected from its text.

The detector is py3langid (a compact naive-Bayes model over byte n-grams, 4.5 MB, shipped in
its wheel, so nothing is downloaded at run time). lingua-language-detector was measured
beside it on one-sentence samples in English, Russian, Azerbaijani, Turkish and Armenian:
both labelled 20 of 20 correctly, but lingua's wheel is 96 MB against 4.5 MB, so py3langid
it is. Short or mixed texts are where detectors guess; below ``MIN_CONFIDENCE`` (a normalised
probability) or with fewer than ``MIN_LETTERS`` letters, the answer is "unknown" (``None``),
never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

#: Lowest normalised probability accepted from the detector.
MIN_CONFIDENCE = 0.8

#: Fewest letters a text must have before its language is detected at all.
MIN_LETTERS = 20

#: How much of a long text the detector reads: the opening is enough, and it keeps a 5 MB
#: article from costing seconds.
DETECT_CHARS = 20_000

#: Language codes are ISO 639-1 (two letters) or, where a language has none, ISO 639-3.
_CODE = re.compile(r"^[a-z]{2,3}$")

#: Names and three-letter codes that sources use for the languages the linker reads.
_ALIASES = {
    "english": "en", "eng": "en",
    "russian": "ru", "rus": "ru", "русский": "ru",
    "azerbaijani": "az", "aze": "az", "azerbaycan": "az", "azərbaycan": "az",
    "turkish": "tr", "tur": "tr", "türkçe": "tr", "turkce": "tr",
    "armenian": "hy", "arm": "hy", "hye": "hy", "հայերեն": "hy",
    "persian": "fa", "farsi": "fa", "fas": "fa", "per": "fa",
    "georgian": "ka", "kat": "ka", "geo": "ka",
    "kazakh": "kk", "kaz": "kk",
}


def normalise_language(value: object) -> str:
    """The language code a source states, as a lower-case ISO 639 code, or '' if none.

    Accepts what pages and exports write: ``ru``, ``RU``, ``ru-RU``, ``ru_RU``, ``rus``,
    ``Russian``. Anything else that is not a plausible code gives ''.
    """
    if not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFC", value).strip().casefold()
    if not text:
        return ""
    if text in _ALIASES:
        return _ALIASES[text]
    primary = re.split(r"[-_]", text, maxsplit=1)[0]
    primary = _ALIASES.get(primary, primary)
    return primary if _CODE.match(primary) else ""


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, *, min_confidence: float = MIN_CONFIDENCE) -> str | None:
    """The language of ``text`` as an ISO 639 code, or None when it cannot be told.

    None for text with fewer than ``MIN_LETTERS`` letters, and when the detector's normalised
    probability is below ``min_confidence``.
    """
    if not isinstance(text, str):
        return None
    sample = text[:DETECT_CHARS]
    if sum(1 for ch in sample if ch.isalpha()) < MIN_LETTERS:
        return None
    code, probability = _identifier().classify(sample)
    if probability < min_confidence or code == "zxx":
        return None
    return normalise_language(code) or None


def article_language(stated: object, text: str) -> str:
    """The stated language if there is one, else the detected one, else ''."""
    return normalise_language(stated) or (detect_language(text) or "")
