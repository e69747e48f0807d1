"""The hypothesis property for every language: whatever the text and the stated language,
``text[start:end] == match.text``, within bounds and sorted.

Texts interleave random Unicode with the names of every language in the layers (Cyrillic,
Armenian, Turkish and Azerbaijani Latin), in cases that shift under case mapping (``İ``,
``ı``, Armenian ``և``, the German ``ß``), with inflection-like endings, combining marks
and bidirectional controls inserted inside them.
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

ENDINGS = ["ого", "ой", "ами", "'nin", "’ın", "-ın", "ın", "la", "də", "ի", "ում", "ը", "-ի"]
INSIDE = ["\u0301", "\u0308", "\u0307", "\u202e", "\u202c", "\u200b", "\u200d", "\u00ad",
          "\u2067", "\ufeff", "İ", "ı", "և", "ß", "ﬃ", "\u0130\u0307"]


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
languages = st.sampled_from(["en", "ru", "az", "tr", "hy", None, "xx", ""])


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
                           ("TÜRKİYE'NİN", "tr"), ("ՀԱՅԱՍՏԱՆԻ", "hy")]:
        assert LINKER.link_text(text, language=language), (text, language)
