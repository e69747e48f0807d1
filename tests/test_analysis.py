"""Tests of corpus.analysis: names by source, the actor x corridor matrix, quotations.

Synthetic passages with hand-placed mentions, then the seed corpus through the real linker.
"""

from __future__ import annotations

import pandas as pd
import pytest

import corpus
from corpus.analysis import (
    actor_corridor_matrix,
    cell_passages,
    display_titles,
    find_quotes,
    matrix_long,
    names_by_source,
    names_table,
    normalise_name,
    quoted_statements,
    source_label,
    statements_by_person,
)
from corpus.index import open_index

PEOPLE = {"Pashinyan": ("pashinyan", "armenia"), "Vance": ("vance", "usa"),
          "Trump": ("trump", "usa"), "Mirzoyan": ("mirzoyan", "armenia")}
FEATURES = {"TRIPP": "tripp", "Armenia": "armenia", "Moscow": "moscow",
            "Middle Corridor": "middle_corridor", "Azerbaijan": "azerbaijan"}


def mentions_for(passages: dict[str, str], outlets: dict[str, str] | None = None
                 ) -> pd.DataFrame:
    """A mentions frame: every occurrence of the known names in each passage."""
    rows = []
    for passage_id, text in passages.items():
        article_id, _, n = passage_id.rpartition(":")
        for needle, target in {**PEOPLE, **FEATURES}.items():
            feature, actor, kind = ((target[0], target[1], "person") if isinstance(target, tuple)
                                    else (target, None, "feature"))
            start = text.find(needle)
            while start != -1:
                rows.append({"mention_id": f"{passage_id}:{start}", "article_id": article_id,
                             "passage_id": passage_id, "paragraph": int(n), "feature": feature,
                             "start": start, "end": start + len(needle), "text": needle,
                             "kind": kind, "actor": actor,
                             "outlet": (outlets or {}).get(article_id, "")})
                start = text.find(needle, start + len(needle))
    return pd.DataFrame(rows)


def attributed(text: str) -> list[tuple[str, str]]:
    passages = {"a:1": text}
    return [(s.person, s.quote) for s in quoted_statements(passages.items(),
                                                           mentions_for(passages))]


@pytest.mark.parametrize("text, expected", [
    ("Pashinyan said: “We agree on TRIPP.”", [("pashinyan", "We agree on TRIPP.")]),
    ("Prime Minister Pashinyan grandiosely declared: “We agree.”", [("pashinyan", "We agree.")]),
    ("“We agree,” said Pashinyan in Moscow.", [("pashinyan", "We agree")]),
    ("“We agree,” Pashinyan said.", [("pashinyan", "We agree")]),
    ("According to Pashinyan, the deal is “historic and binding”.",
     [("pashinyan", "historic and binding")]),
    ('In Vance\'s opinion, "Other than President Trump, nobody can."',
     [("vance", "Other than President Trump, nobody can.")]),
    ("Mirzoyan spoke about the mission. He said: “Yes, we can.”", [("mirzoyan", "Yes, we can.")]),
    ("Vance recently mocked them sharply: “It's all bogus.” Needless to say, it was noted.",
     [("vance", "It's all bogus.")]),
])
def test_quotations_attributed_to_known_people(text, expected):
    assert attributed(text) == expected


@pytest.mark.parametrize("text", [
    "Vance visited Armenia. “We agree,” stated Musabayov.",
    "After Vance left, Musabayov said: “We agree.”",
    "According to analyst Rasim Musabayov, Vance's visit is “a signal”.",
    'Relations between Pashinyan and Trump entered a "warm" phase.',
    "Pashinyan said nothing. The “Trump Route” is a name.",
    "“The visits of Vance were aimed at progress",  # an unclosed quotation, no speaker
])
def test_quotations_not_attributed(text):
    assert attributed(text) == []


def test_find_quotes():
    text = 'He said “one” and "two" and “three'
    assert [text[s:e] for s, e in find_quotes(text)] == ["one", "two", "three"]


def test_names_group_by_case_and_apostrophe_only():
    assert normalise_name("Zangezur  Corridor") == normalise_name("zangezur corridor")
    assert normalise_name("Azerbaijan’s") == normalise_name("Azerbaijan's")
    assert normalise_name("Trump Route") != normalise_name("TRIPP")


def test_names_by_source_counts_each_name_per_source():
    mentions = pd.DataFrame([
        {"article_id": a, "feature": "tripp", "kind": "feature", "text": t, "outlet": o}
        for a, t, o in [("x", "Zangezur Corridor", "Outlet A"), ("x", "Zangezur corridor",
                        "Outlet A"), ("x", "TRIPP", "Outlet A"), ("y", "Zangezur Corridor", ""),
                        ("z", "Trump Route", ""), ("z", "Trump Route", "")]
    ] + [{"article_id": "x", "feature": "usa", "kind": "feature", "text": "US", "outlet": "A"}])
    long = names_by_source(mentions, "tripp", {"y": "First title", "z": "Second"})
    assert list(long[["name", "source", "count"]].itertuples(index=False, name=None)) == [
        ("Zangezur Corridor", "Outlet A", 2),
        ("Zangezur Corridor", "Unknown outlet (First title)", 1),
        ("Trump Route", "Unknown outlet (Second)", 2),
        ("TRIPP", "Outlet A", 1),
    ]
    assert long["written"].iloc[0] == "Zangezur Corridor \u00b7 Zangezur corridor"
    table = names_table(long)
    assert table.loc["Zangezur Corridor", "Total"] == 3
    assert table.loc["TRIPP", "Unknown outlet (Second)"] == 0
    assert names_by_source(mentions, "iran", {}).empty and names_table(
        names_by_source(mentions, "iran", {})).empty


def _named(rows):
    return pd.DataFrame([{"article_id": a, "feature": "tripp", "kind": "feature", "text": t,
                          "name": n, "outlet": o} for a, t, n, o in rows])


def test_names_by_source_groups_inflected_forms_under_the_canonical_name():
    mentions = _named([
        ("r", "Зангезурского коридора", "Зангезурский коридор", "Sputnik Армения"),
        ("r", "Зангезурскому коридору", "Зангезурский коридор", "Sputnik Армения"),
        ("s", "Зангезурского коридора", "Зангезурский коридор", "Report.az"),
        ("e", "Zangezur corridor", "Zangezur corridor", "Outlet A"),
        ("e", "Zangezur Corridor", "", "Outlet A"),
        ("e", "the route through southern Armenia", "", "Outlet A"),
    ])
    long = names_by_source(mentions, "tripp", {})
    table = names_table(long)
    assert list(table.index) == ["Зангезурский коридор", "Zangezur corridor",
                                 "the route through southern Armenia"]
    assert table.loc["Зангезурский коридор", "Written as"] == (
        "Зангезурского коридора \u00b7 Зангезурскому коридору")
    assert table.loc["Зангезурский коридор", "Sputnik Армения"] == 2
    assert table.loc["Зангезурский коридор", "Total"] == 3
    # A mention with no canonical name joins the name it spells (case aside).
    assert table.loc["Zangezur corridor", "Total"] == 2
    assert table.loc["Zangezur corridor", "Written as"] == (
        "Zangezur Corridor \u00b7 Zangezur corridor")
    # A description is grouped under its text as written.
    assert table.loc["the route through southern Armenia", "Outlet A"] == 1
    assert list(table.columns) == ["Written as", "Outlet A", "Report.az", "Sputnik Армения",
                                   "Total"]


def test_names_by_source_without_a_name_column_groups_by_the_text():
    mentions = _named([("r", "Зангезурского коридора", "", "X"),
                       ("r", "Зангезурский коридор", "", "X")]).drop(columns=["name"])
    table = names_table(names_by_source(mentions, "tripp", {}))
    assert sorted(table.index) == ["Зангезурский коридор", "Зангезурского коридора"]
    assert table["Total"].sum() == 2


def test_names_by_source_tolerates_missing_names():
    mentions = _named([("r", "TRIPP", None, "X"), ("r", "TRIPP", float("nan"), "X")])
    table = names_table(names_by_source(mentions, "tripp", {}))
    assert list(table.index) == ["TRIPP"] and table.loc["TRIPP", "Total"] == 2


def test_source_label():
    assert source_label("Caliber.az", "T") == "Caliber.az"
    assert source_label("", "Opening words…") == "Unknown outlet (Opening words…)"
    assert source_label(None, None) == "Unknown outlet"


def test_matrix_counts_passages_with_both_and_lists_exactly_them():
    passages = {"a:1": "TRIPP crosses Armenia.", "a:2": "Pashinyan backs TRIPP and TRIPP.",
                "a:3": "The Middle Corridor.", "b:1": "Azerbaijan and the Middle Corridor.",
                "b:2": "Armenia alone."}
    mentions = mentions_for(passages)
    matrix = actor_corridor_matrix(mentions, ["armenia", "azerbaijan", "usa"],
                                   ["tripp", "middle_corridor"])
    assert matrix.loc["armenia", "tripp"] == 2  # a person counts for the actor
    assert matrix.loc["azerbaijan", "middle_corridor"] == 1
    assert matrix.loc["usa"].sum() == 0
    assert cell_passages(mentions, "armenia", "tripp") == ["a:1", "a:2"]
    assert cell_passages(mentions, "usa", "tripp") == []
    long = matrix_long(matrix)
    assert set(long.columns) == {"actor", "corridor", "passages"} and len(long) == 6


# --------------------------------------------------------------------------- the seeds


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    index = open_index(index_path=tmp_path_factory.mktemp("index") / "seeds.sqlite")
    mentions = index.mentions()
    passages = [(p.id, p.text) for p in corpus.load_corpus().passages()]
    return index, mentions, quoted_statements(passages, mentions)


def test_seed_quotations(seeds):
    _, _, statements = seeds
    found = {(s.person, s.passage_id): s.quote for s in statements}
    assert found[("nikol_pashinyan", "86ee1b2db61805c9:21")].startswith(
        "The United States will invest in Armenia for at least 99 years.")
    assert found[("jd_vance", "aa2d72d812be5744:8")].startswith("Other than President Trump")
    assert ("donald_trump", "aa2d72d812be5744:8") not in found
    assert ("ararat_mirzoyan", "86ee1b2db61805c9:27") in found
    # Musabayov (d3de…:7) and Korybko are not people of an actor: nothing is attributed there.
    assert not [s for s in statements if s.passage_id.startswith("d3de398344552fac")]
    by_person = statements_by_person(statements, "armenia")
    assert set(by_person) >= {"nikol_pashinyan", "ararat_mirzoyan"}
    assert all(s.actor == "armenia" for group in by_person.values() for s in group)


def test_seed_names_and_matrix(seeds):
    index, mentions, _ = seeds
    long = names_by_source(mentions, "tripp", display_titles(index.articles()))
    # Spellings are grouped under the name they matched; the text as written stays shown.
    assert {"Zangezur corridor", "TRIPP", "Trump Route"} <= set(long["name"])
    assert any("Zangezur Corridor" in w for w in long["written"])
    sources = set(long["source"])
    assert "Caliber.az" in sources and "Azerbaijan.US" in sources
    assert any(s.startswith("Unknown outlet (Azerbaijan speaks to the US") for s in sources)
    matrix = actor_corridor_matrix(mentions, ["armenia", "usa"], ["tripp", "caspian_fiber"])
    cell = cell_passages(mentions, "armenia", "tripp")
    assert matrix.loc["armenia", "tripp"] == len(cell) > 3
    assert "86ee1b2db61805c9:24" in cell
