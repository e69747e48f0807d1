"""Unit tests of corpus.linker on small hand-made feature sets."""

import pytest

from corpus.linking import Linker, LinkerError, fold

FEATURES = [
    {"id": "azerbaijan", "layer": "actors",
     "aliases": ["Azerbaijan", "Azerbaijani", "Azeri", "Republic of Azerbaijan", "Azərbaycan"]},
    {"id": "usa", "layer": "actors",
     "aliases": ["United States", "US", "U.S.", "USA", "America", "American", "Americans"],
     "metonyms": ["White House"],
     "people": [{"id": "jd_vance", "name": "J.D. Vance", "aliases": ["Vance", "JD Vance"]},
                {"id": "donald_trump", "name": "Donald Trump", "aliases": ["Trump"]}]},
    {"id": "armenia", "layer": "actors", "aliases": ["Armenia", "Armenian", "Armenians"]},
    {"id": "georgia", "layer": "actors", "aliases": ["Georgia", "Georgian"]},
    {"id": "turkiye", "layer": "actors", "aliases": ["Türkiye", "Turkey", "Turkish", "Turks"]},
    {"id": "eu", "layer": "actors", "aliases": ["EU", "European Union"]},
    {"id": "russia", "layer": "actors", "aliases": ["Russia", "Kremlin"]},
    {"id": "baku", "layer": "places", "aliases": ["Baku"], "capital_of": "azerbaijan"},
    {"id": "yerevan", "layer": "places", "aliases": ["Yerevan"], "capital_of": "armenia"},
    {"id": "washington", "layer": "places", "aliases": ["Washington"], "capital_of": "usa"},
    {"id": "moscow", "layer": "places", "aliases": ["Moscow"], "capital_of": "russia"},
    {"id": "tbilisi", "layer": "places", "aliases": ["Tbilisi"], "capital_of": "georgia"},
    {"id": "tripp", "layer": "corridors",
     "aliases": ["TRIPP", "Trump Route", "Trump Route for International Peace and Prosperity",
                 "Zangezur corridor"],
     "patterns": [r"corridor\s+through\s+southern\s+armenia"]},
    {"id": "middle_corridor", "layer": "corridors",
     "aliases": ["Middle Corridor", "Trans-Caspian Transport Corridor"],
     "patterns": [r"land bridge between the black sea and the caspian(?: sea)?"]},
    {"id": "caspian_fiber", "layer": "corridors", "aliases": ["Trans-Caspian Fiber Optic"],
     "patterns": [r"fib(?:er|re)[- ]?optic\s+cables?\s+across\s+the\s+caspian(?:\s+sea)?"]},
    {"id": "btc_pipeline", "layer": "corridors", "aliases": ["Baku-Tbilisi-Ceyhan"]},
    {"id": "euma", "layer": "zones", "aliases": ["EU mission", "EU Mission in Armenia"]},
]


@pytest.fixture(scope="module")
def linker():
    return Linker.from_features(FEATURES)


def found(linker, text, kind="feature"):
    return [(m.feature, m.text) for m in linker.link_text(text) if m.kind == kind]


def features(linker, text):
    return {m.feature for m in linker.link_text(text) if m.kind == "feature"}


def test_fold_keeps_length_and_folds_accents_dashes_apostrophes():
    text = "Türkiye’s Azərbaycan — İstanbul ΑΒΓ"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.startswith("turkiye's azerbaycan - istanbul")


def test_offsets_slice_to_text(linker):
    text = "The U.S.–Azerbaijan Charter covers TRIPP and the Zangezur Corridor."
    for m in linker.link_text(text):
        assert text[m.start:m.end] == m.text
    assert found(linker, text) == [("usa", "U.S."), ("azerbaijan", "Azerbaijan"),
                                   ("tripp", "TRIPP"), ("tripp", "Zangezur Corridor")]


def test_possessive_and_case_insensitive_multiword(linker):
    assert found(linker, "Azerbaijan’s role on the trump route") == [
        ("azerbaijan", "Azerbaijan"), ("tripp", "trump route")]


def test_acronym_needs_capitals(linker):
    assert features(linker, "Let us go, said the minister.") == set()
    assert features(linker, "The US and the EU agreed.") == {"usa", "eu"}
    assert features(linker, "LET US KNOW WHAT YOU THINK") == set()


def test_one_word_name_must_be_capitalised(linker):
    assert features(linker, "They ate turkey in america.") == set()
    assert features(linker, "Turkey and America.") == {"turkiye", "usa"}


def test_transliteration_and_accents(linker):
    assert features(linker, "Azərbaycan and Turkiye") == {"azerbaijan", "turkiye"}


def test_word_boundaries(linker):
    assert features(linker, "AzerTelecom and Kazakhtelecom, Azerbaijanism") == set()


def test_capital_stands_for_state_only_when_it_acts(linker):
    assert features(linker, "Baku and Washington signed the Charter.") == {"azerbaijan", "usa"}
    assert features(linker, "Vance's visit to Baku was short.") == {"baku"}
    assert features(linker, "the negotiations in Baku and Yerevan") == {"baku", "yerevan"}
    assert features(linker, "increasing pressure on Yerevan") == {"armenia"}
    assert features(linker, "Baku’s rising regional influence") == {"azerbaijan"}
    assert features(linker, "securing concessions from Moscow") == {"russia"}
    assert features(linker, "Simonyan, speaking in Moscow, said") == {"moscow"}


def test_metonym_only_when_it_acts(linker):
    assert features(linker, "the White House had promised to invest") == {"usa"}
    assert features(linker, "At the White House, Aliyev signed") == set()


def test_lookalikes_are_not_linked(linker):
    assert features(linker, "She flew from Atlanta, Georgia to Tbilisi.") == {"tbilisi"}
    assert features(linker, "the Georgia State Senate voted") == set()
    assert features(linker, "a report in the Washington Post") == set()
    assert features(linker, "Latin America and South American markets") == set()
    assert features(linker, "By Eldar S., Special to Azerbaijan.US") == set()
    assert features(linker, "the Caspian Sea and the Caspian") == set()


def test_longest_name_wins_but_actors_nest(linker):
    assert features(linker, "oil flows through Baku-Tbilisi-Ceyhan") == {"btc_pipeline"}
    assert features(linker, "the EU Mission in Armenia patrols") == {"euma", "eu", "armenia"}
    assert found(linker, "the Trump Route") == [("tripp", "Trump Route")]
    assert found(linker, "the Trump Route", kind="person") == []


def test_people_are_found_with_their_actor(linker):
    matches = [m for m in linker.link_text("J.D. Vance met Trump.") if m.kind == "person"]
    assert [(m.feature, m.actor, m.text) for m in matches] == [
        ("jd_vance", "usa", "J.D. Vance"), ("donald_trump", "usa", "Trump")]


def test_descriptive_patterns(linker):
    text = "the laying of fiber optic cables across the Caspian Sea"
    assert found(linker, text) == [("caspian_fiber", "fiber optic cables across the Caspian Sea")]
    text = "the land bridge between the Black Sea and the Caspian Sea must operate"
    assert features(linker, text) == {"middle_corridor"}


def test_hyphen_and_spelling_variants(linker):
    assert features(linker, "the Trans Caspian Transport Corridor") == {"middle_corridor"}
    assert features(linker, "the Trans-Caspian Fibre Optic line") == {"caspian_fiber"}
    assert features(linker, "the E.U. said") == {"eu"}


def test_acronym_introduced_in_parentheses_counts_for_the_article(linker):
    passages = ["The Trans-Caspian Transport Corridor (TCTC) grows.", "TCTC volumes doubled."]
    result = linker.link_document(passages)
    assert [(m.feature, m.text) for m in result[0]] == [
        ("middle_corridor", "Trans-Caspian Transport Corridor"), ("middle_corridor", "TCTC")]
    assert [(m.feature, m.text) for m in result[1]] == [("middle_corridor", "TCTC")]


def test_unrelated_parenthesis_is_not_an_acronym(linker):
    result = linker.link_document(["The Middle Corridor (see map) grows.", "See map."])
    assert [m.text for m in result[1]] == []


def test_bad_pattern_names_the_feature():
    with pytest.raises(LinkerError, match="tripp"):
        Linker.from_features([{"id": "tripp", "layer": "corridors", "aliases": ["TRIPP"],
                               "patterns": ["(unclosed"]}])


def test_empty_inputs():
    linker = Linker.from_features([])
    assert linker.link_text("anything") == []
    assert Linker.from_features(FEATURES).link_text("") == []


MORE = FEATURES + [
    {"id": "aktau", "layer": "places", "aliases": ["Aktau"]},
    {"id": "kazakhstan", "layer": "actors", "aliases": ["Kazakhstan", "Kazakh"]},
    {"id": "iran", "layer": "actors", "aliases": ["Iran", "Iranian"]},
    {"id": "tripp", "layer": "corridors", "aliases": [],
     "patterns": [r"route\s+(?:\w+\s+){0,3}?through\s+southern\s+armenia",
                  r"link\s+that\s+would\s+connect\s+mainland\s+azerbaijan\s+with\s+nakhchivan"]},
]


@pytest.fixture(scope="module")
def more():
    return Linker.from_features(MORE)


def test_acronym_defined_by_initials_before_a_description(more):
    passages = ["The Armenia-Azerbaijan connectivity route (AACR) through southern Armenia.",
                "Customs linked to the AACR."]
    second = more.link_document(passages)[1]
    assert [(m.feature, m.text) for m in second] == [("tripp", "AACR")]


def test_acronym_of_a_company_is_not_the_country(more):
    passages = ["Kazakhstan Temir Zholy (KTZ) runs trains.", "KTZ grew."]
    assert more.link_document(passages)[1] == []


def test_description_of_a_route_through_iran_is_not_the_feature(more):
    text = "a link that would connect mainland Azerbaijan with Nakhchivan through Iran"
    assert "tripp" not in features(more, text)


def test_capital_coordinated_with_a_place_is_a_place(more):
    assert features(more, "ferry links between Aktau and Baku") == {"aktau", "baku"}
    assert features(more, "between Horadiz and Nakhchivan, Washington has acted") >= {"usa"}


def test_capital_after_a_state_directed_noun_is_the_state(more):
    assert features(more, "critics called it a concession to Baku") == {"azerbaijan"}
    assert features(more, "written guarantees from Yerevan") == {"armenia"}


def test_capital_in_a_compound_route_name_is_the_place(more):
    assert features(more, "The Aktau-Baku ferry line") == {"aktau", "baku"}


def test_georgia_in_the_united_states_is_not_the_country(linker):
    assert "georgia" not in features(linker, "Georgia is the largest producer of broiler "
                                             "chickens in the United States.")


# ---------------------------------------------------------------- speed-ups keep the results


def _reference_fold(text):
    """The definition: every character through the folding table, one by one."""
    from corpus.linking.folding import _fold_char

    return "".join(_fold_char(c) for c in text)


@pytest.mark.parametrize("text", [
    "", "plain ascii, Upper Case", "tab\there\nnewline `tick`", "Türkiye’s Azərbaycan — İstanbul",
    "ΣΟΦΟΣ σοφος", "ﬁ ligature and ǅ title case", "KELVIN \u212a and long \u017f", "Straße ẞ",
])
def test_fast_fold_equals_the_character_by_character_definition(text):
    assert fold(text) == _reference_fold(text)


def test_every_folded_character_is_its_own_lower_case_or_grows():
    # fold() lower-cases after folding the special characters; it relies on this to match
    # the definition (a longer lower case is caught by its length check). Planes 0 and 1
    # hold every cased script; the rest (CJK, tags, private use) has no case.
    from corpus.linking.folding import _fold_char

    for code in range(0x20000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        folded = _fold_char(chr(code))
        assert folded.lower() == folded or len(folded.lower()) != 1, hex(code)


def test_case_free_patterns_match_what_the_originals_match_on_folded_text():
    import re

    from corpus.linking.gates import _case_free

    sources = [r"(?:the\s+)?White\s+House(?=\s+said)", r"Trump(?:'s|’s)?\s+Route",
               r"\bEU\S*\s+mission\W", r"[A-Z]{2}\s+corridor", r"\x41ktau port",
               r"Bak[uıü]-Ceyhan"]
    texts = ["The White House said so. Trump’s route, trump's ROUTE; EU's  mission! "
             "ab corridor, aktau port, Baki-Ceyhan, Baku-Ceyhan, K\u212a corridor"]
    for source in sources:
        original = re.compile(source, re.IGNORECASE)
        fast = _case_free(original)
        for text in map(fold, texts):
            assert [m.span() for m in fast.finditer(text)] == \
                [m.span() for m in original.finditer(text)], source
    for kept in ("Bak[uıü]", r"\x41ktau", r"(\w)\1", r"(?P<a>x)"):
        assert _case_free(re.compile(kept, re.IGNORECASE)).flags & re.IGNORECASE, kept
    assert not _case_free(re.compile(r"\bEU\.\s", re.IGNORECASE)).flags & re.IGNORECASE


def test_pattern_gates_name_words_every_match_contains():
    import re

    from corpus.linking.gates import _required_factors

    gates = _required_factors(re.compile(
        r"(?:corridor|route)\s+(?:\w+\s+){0,3}?through\s+(?:southern\s+)?Armenia", re.I))
    assert set(gates) == {frozenset({"corridor", "route"}), frozenset({"through"}),
                          frozenset({"armenia"})}  # "southern" is optional: no gate
    assert _required_factors(re.compile(r"\w+\s+(?:a|b)", re.I)) == ()


def test_skipped_patterns_change_nothing(linker):
    # A text with none of the gate words still gets every name; one with them gets the
    # description too.
    assert found(linker, "Plans for the corridor through southern Armenia.") == [
        ("tripp", "corridor through southern Armenia"), ("armenia", "Armenia")]
    assert found(linker, "Armenia and Azerbaijan met.") == [
        ("armenia", "Armenia"), ("azerbaijan", "Azerbaijan")]
