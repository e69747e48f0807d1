"""The reading panel's "Names by source" list (dashboard/names_list.py): grouped by name,
spellings with their languages, sources with counts, escaped, and narrow."""

from __future__ import annotations

import csv
import io

import pandas as pd

from corpus.analysis import names_by_source, names_table
from dashboard import names_list


def _mentions(rows):
    return pd.DataFrame([{"article_id": a, "feature": f, "kind": "feature", "text": t,
                          "name": n, "language": lang, "outlet": o}
                         for a, f, t, n, lang, o in rows])


MENTIONS = _mentions([
    ("r", "tripp", "Зангезурского коридора", "Зангезурский коридор", "ru", "Каспий-Инфо"),
    ("r", "tripp", "Зангезурскому коридору", "Зангезурский коридор", "ru", "Каспий-Инфо"),
    ("s", "tripp", "Зангезурского коридора", "Зангезурский коридор", "ru", "Report.az"),
    ("e", "tripp", "Zangezur corridor", "Zangezur corridor", "en", "Caucasus Wire"),
    ("e", "tripp", "TRIPP", "TRIPP", "en", "Caucasus Wire"),
    ("h", "tripp", "TRIPP", "TRIPP", "hy", "Լուր-Մամուլ"),
    ("h", "tripp", "TRIPP", "TRIPP", "hy", "Լուր-Մամուլ"),
    ("e", "iran", "Iran", "Iran", "en", "Caucasus Wire"),
])


def _groups(mentions=MENTIONS, feature="tripp"):
    long = names_by_source(mentions, feature, {})
    return long, names_list.name_groups(long, mentions, feature)


def test_one_group_per_name_most_used_first_with_the_same_counts_as_the_table():
    long, groups = _groups()
    assert [g.name for g in groups] == ["TRIPP", "Зангезурский коридор", "Zangezur corridor"]
    table = names_table(long)
    for group in groups:
        assert group.total == table.loc[group.name, "Total"]
        for source, count in group.sources:
            assert table.loc[group.name, source] == count
    russian = groups[1]
    assert russian.sources == (("Каспий-Инфо", 2), ("Report.az", 1))
    # The iran mention is another feature's: not counted.
    assert sum(g.total for g in groups) == 7


def test_spellings_keep_the_text_as_written_with_every_language_most_used_first():
    _, groups = _groups()
    tripp, russian, _ = groups
    assert russian.spellings == (
        names_list.Spelling("Зангезурского коридора", ("ru",)),
        names_list.Spelling("Зангезурскому коридору", ("ru",)))
    assert tripp.spellings == (names_list.Spelling("TRIPP", ("hy", "en")),)


def test_languages_are_optional_and_only_well_formed_codes_are_kept():
    mentions = MENTIONS.assign(language=["ru", "<b>", None, "", "en", "hy", "hy", "en"])
    _, groups = _groups(mentions)
    russian = next(g for g in groups if g.name == "Зангезурский коридор")
    assert [s.languages for s in russian.spellings] == [("ru",), ()]
    no_language = MENTIONS.drop(columns=["language"])
    assert all(not s.languages for g in _groups(no_language)[1] for s in g.spellings)
    long = names_by_source(MENTIONS, "tripp", {})
    assert [g.name for g in names_list.name_groups(long)] == [
        "TRIPP", "Зангезурский коридор", "Zangezur corridor"]


def test_no_name_gives_no_list():
    long, groups = _groups(feature="btc_pipeline")
    assert groups == [] and names_list.names_html(groups) == ""
    assert names_list.names_csv(long) == b""


def test_html_shows_each_name_as_written_next_to_its_language_and_sources():
    _, groups = _groups()
    body = names_list.names_html(groups)
    assert body.startswith("<style>") and 'class="names-list"' in body
    assert body.count('class="name-group"') == 3
    assert '<span lang="ru">\u00abЗангезурского коридора\u00bb</span>' in body
    assert '<span class="lang" title="Russian">ru</span>' in body
    assert '<span class="source">Լուր-Մամուլ</span> <span class="count">2</span>' in body
    assert '<span class="name" lang="ru">Зангезурский коридор</span>' in body


def test_the_list_wraps_instead_of_overflowing():
    css = names_list.NAMES_CSS
    assert "overflow-wrap:anywhere" in css and "min-width:0" in css
    assert "nowrap" not in css and "width:" not in css.replace("max-width:", "").replace(
        "min-width:", "")


def test_untrusted_names_and_sources_are_text_never_markup():
    hostile = _mentions([
        ("x", "tripp", '<img src=x onerror="alert(1)">', "", "en", "<script>alert(2)</script>"),
        ("x", "tripp", "**bold** [link](javascript:alert(3)) {{ x }}", "", "xx\" onclick=\"",
         "Outlet & Co"),
    ])
    _, groups = _groups(hostile)
    body = names_list.names_html(groups)
    assert "<img" not in body and "<script" not in body and "onclick" not in body
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in body
    assert "&lt;script&gt;" in body and "Outlet &amp; Co" in body
    assert "](javascript" not in body and "**bold**" not in body


def test_csv_is_the_full_table_with_formulas_defused():
    mentions = MENTIONS.assign(outlet=["=HYPERLINK(\"x\")"] + list(MENTIONS["outlet"][1:]))
    long = names_by_source(mentions, "tripp", {})
    rows = list(csv.reader(io.StringIO(names_list.names_csv(long).decode("utf-8"))))
    header, body = rows[0], rows[1:]
    assert header[:2] == ["Name", "Written as"] and header[-1] == "Total"
    assert "'=HYPERLINK(\"x\")" in header and "=HYPERLINK(\"x\")" not in header
    assert [r[0] for r in body] == ["TRIPP", "Зангезурский коридор", "Zangezur corridor"]
    assert body[1][1] == "Зангезурского коридора \u00b7 Зангезурскому коридору"
    assert body[0][-1] == "3"


def test_a_language_shared_by_every_spelling_is_shown_once():
    _, groups = _groups()
    russian = names_list.group_html(groups[1])
    assert russian.count('class="lang"') == 1
    assert russian.index("\u00abЗангезурскому коридору\u00bb") < russian.index('class="lang"')
    mixed = names_list.NameGroup("TRIPP", 2, (names_list.Spelling("TRIPP", ("en",)),
                                              names_list.Spelling("TRIPP-ի", ("hy",))),
                                 (("A", 2),))
    assert names_list.group_html(mixed).count('class="lang"') == 2
