"""The hypothesis property for every language: whatever the text and the stated language,
``text[start:end] == match.text``, within bounds and sorted.

Texts interleave random Unicode with the names of every language in the layers (Cyrillic,
Armenian, Turkish and Azerbaijani Latin, right-to-left Persian, Georgian Mkhedruli), in
cases that shift under case mapping (``İ``, ``ı``, Armenian ``և``, the German ``ß``,
Georgian Mtavruli), with inflection-like endings, combining marks, Arabic diacritics, the
ZWNJ, the tatweel and bidirectional controls inserted inside them.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.linking import Linker
from corpus.linking.names import feature_names
from geodata.loading import load_layers

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

LAYERS = load_layers()
LINKER = Linker.from_layers(LAYERS)
NAMES = sorted({name for props in LAYERS.raw_properties.values()
                for groups in feature_names(props).values()
                for words in groups.values() for name in words})
assert any("\u0400" <= c <= "\u04ff" for n in NAMES for c in n)  # Russian names are there
assert any("\u0531" <= c <= "\u0587" for n in NAMES for c in n)  # and Armenian ones
assert any("\u0600" <= c <= "\u06ff" for n in NAMES for c in n)  # and Persian ones
assert any("\u10d0" <= c <= "\u10ff" for n in NAMES for c in n)  # and Georgian ones

ENDINGS = ["ого", "ой", "ами", "'nin", "’ın", "-ın", "ın", "la", "də", "ի", "ում", "ը", "-ի",
           "\u200cها", "ها", "ی", "\u200cای", "ان", "را", "ის", "მა", "ში", "იდან", "ისთვის",
           "-ის", "ც"]
INSIDE = ["\u0301", "\u0308", "\u0307", "\u202e", "\u202c", "\u200b", "\u200d", "\u00ad",
          "\u2067", "\ufeff", "İ", "ı", "և", "ß", "ﬃ", "\u0130\u0307",
          "\u200c", "\u064e", "\u0650", "\u0654", "\u0670", "\u0640", "ي", "ك", "ۀ",
          "\u200f", "\u061c", "Ა", "\u1c90"]


@st.composite
def name_variant(draw) -> str:
    name = draw(st.sampled_from(NAMES))
    how = draw(st.sampled_from(["as is", "upper", "lower", "turkish upper", "insert", "end"]))
    if how == "upper":
        name = name.upper()  # "և".upper() is two letters, "ß" too: offsets shift
    elif how == "lower":
        name = name.lower()  # "İ".lower() is two characters
    elif how == "turkish upper":
        name = name.replace("i", "İ").replace("ı", "I").upper()
    elif how == "insert" and name:
        at = draw(st.integers(0, len(name)))
        name = name[:at] + draw(st.sampled_from(INSIDE)) + name[at:]
    elif how == "end":
        name = name + draw(st.sampled_from(ENDINGS))
    return name


fragment = st.one_of(st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
                     name_variant(), st.sampled_from(INSIDE),
                     st.sampled_from([" ", ", ", ". ", "-", " — ", "«", "»", "(", ")", "\n"]))
texts = st.lists(fragment, max_size=30).map("".join)
languages = st.sampled_from(["en", "ru", "az", "tr", "hy", "fa", "ka", None, "xx", ""])


@SETTINGS
@given(texts, languages)
def test_every_span_slices_to_its_text_in_every_language(text, language):
    matches = LINKER.link_text(text, language=language)
    for match in matches:
        assert 0 <= match.start < match.end <= len(text)
        assert text[match.start:match.end] == match.text
        assert match.language == (language or "en")
    assert [(m.start, m.end) for m in matches] == sorted((m.start, m.end) for m in matches)


@SETTINGS
@given(st.lists(texts, max_size=4), languages)
def test_documents_in_every_language(passages, language):
    for text, matches in zip(passages, LINKER.link_document(passages, language=language),
                             strict=True):
        assert all(text[m.start:m.end] == m.text for m in matches)


def test_the_generated_names_really_link():
    for text, language in [("Зангезурского коридора", "ru"), ("Azərbaycanın", "az"),
                           ("TÜRKİYE'NİN", "tr"), ("ՀԱՅԱՍՏԱՆԻ", "hy"),
                           ("ايران\u200cها", "fa"), ("ᲡᲐᲥᲐᲠᲗᲕᲔᲚᲝᲡ", "ka")]:
        assert LINKER.link_text(text, language=language), (text, language)


PERSIAN = [n for n in NAMES if any("\u0600" <= c <= "\u06ff" for c in n)]
GEORGIAN = [n for n in NAMES if any("\u10d0" <= c <= "\u10ff" for c in n)]


@st.composite
def script_text(draw) -> tuple[str, str]:
    """Persian (right to left, with ZWNJ, diacritics, Arabic letter variants and bidi marks)
    or Georgian (with Mtavruli and case endings) text, and its language."""
    language, names = draw(st.sampled_from([("fa", PERSIAN), ("ka", GEORGIAN)]))
    glue = [" ", "، ", "؛ ", ". ", "«", "»", " - ", "\u200f", "\u200e", "\n", " و ", " და "]
    parts = []
    for _ in range(draw(st.integers(1, 12))):
        name = draw(st.sampled_from(names))
        if draw(st.booleans()):
            at = draw(st.integers(0, len(name)))
            name = name[:at] + draw(st.sampled_from(INSIDE)) + name[at:]
        if draw(st.booleans()):
            name += draw(st.sampled_from(ENDINGS))
        if draw(st.booleans()):
            name = name.upper()  # Georgian Mkhedruli -> Mtavruli; Persian is unicase
        parts += [name, draw(st.sampled_from(glue))]
    return "".join(parts), language


@SETTINGS
@given(script_text())
def test_persian_and_georgian_spans_slice_the_original_text(case):
    text, language = case
    matches = LINKER.link_text(text, language=language)
    for match in matches:
        assert 0 <= match.start < match.end <= len(text)
        assert text[match.start:match.end] == match.text
    assert [(m.start, m.end) for m in matches] == sorted((m.start, m.end) for m in matches)
