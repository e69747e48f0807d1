"""The import bugs the blind QA set found (issue 11): which copy of a syndicated story is
the original, a feed item's language against its channel's, a plain text's headline line,
date and byline furniture at the top of a page, and an article file's own id."""

from __future__ import annotations

import pytest

from corpus.__main__ import main
from corpus.articles import load_corpus
from corpus.ingest import pages
from tests.ingest_fixtures import (
    OTHER_STORY,
    STORY,
    by_source,
    html_paragraphs,
    og_page,
    rss,
    run_import,
    write,
)

WIRE = dict(title="Freight record", site="Wire Agency", url="https://wire.example/freight")
COPY = dict(title="Record freight on the Caspian", site="Republisher",
            url="https://republisher.example/copy")


def trimmed_copy(paragraphs: list[str]) -> list[str]:
    """A republisher's copy: a sentence trimmed, a source credit added."""
    last = paragraphs[-1].split(", according")[0] + "."
    return [*paragraphs[:-1], last, "Source: Wire Agency"]


def at(page: str, moment: str) -> str:
    """The page with its article:published_time set to ``moment``."""
    date = moment[:10]
    return page.replace(f"{date}T09:30:00+04:00", moment)


def wire_and_copy(folder, *, wire_first: bool, copy_date="2026-02-10T12:40:00+04:00",
                  wire_date="2026-02-10T11:05:00+04:00", copy_text=None):
    wire = at(og_page(STORY, published=wire_date[:10], **WIRE), wire_date)
    copy = at(og_page(copy_text or trimmed_copy(STORY), published=copy_date[:10], **COPY),
              copy_date)
    names = ("1-wire.html", "2-copy.html") if wire_first else ("2-wire.html", "1-copy.html")
    write(folder / names[0], wire)
    write(folder / names[1], copy)


def the_story(corpus_dir):
    articles = load_corpus(corpus_dir).articles
    assert len(articles) == 1
    return articles[0]


@pytest.mark.parametrize("wire_first", [True, False])
def test_the_earlier_copy_is_the_original_in_either_file_order(
        tmp_path, corpus_dir, capsys, wire_first):
    wire_and_copy(tmp_path / "in", wire_first=wire_first)
    code, rows, _ = run_import(capsys, str(tmp_path / "in"), "--directory", str(corpus_dir))
    assert code == 0
    article = the_story(corpus_dir)
    assert article.outlet == "Wire Agency"
    assert article.url == WIRE["url"]
    assert [p.text for p in article.passages] == STORY
    assert article.also_published == (("Republisher", COPY["url"]),)
    assert main(["check", str(corpus_dir)]) == 0
    capsys.readouterr()
    # a second import adds nothing and changes nothing
    before = {p.name: p.read_bytes() for p in corpus_dir.glob("*.md")}
    code, again, _ = run_import(capsys, str(tmp_path / "in"), "--directory", str(corpus_dir))
    assert code == 0 and {r["status"] for r in again} == {"duplicate"}
    assert {p.name: p.read_bytes() for p in corpus_dir.glob("*.md")} == before


@pytest.mark.parametrize("wire_first", [True, False])
def test_an_earlier_day_wins_over_a_longer_text(tmp_path, corpus_dir, capsys, wire_first):
    # the copy is longer (a credit paragraph added) but published the day after
    longer = [*STORY, "Source: Wire Agency, with additional reporting by the desk staff."]
    wire_and_copy(tmp_path / "in", wire_first=wire_first, copy_text=longer,
                  copy_date="2026-02-11T08:00:00+04:00")
    run_import(capsys, str(tmp_path / "in"), "--directory", str(corpus_dir))
    assert the_story(corpus_dir).outlet == "Wire Agency"


@pytest.mark.parametrize("wire_first", [True, False])
def test_same_moment_the_more_complete_text_is_the_original(
        tmp_path, corpus_dir, capsys, wire_first):
    same = "2026-02-10T11:05:00+04:00"
    wire_and_copy(tmp_path / "in", wire_first=wire_first, copy_date=same, wire_date=same,
                  copy_text=[*STORY[:-1], STORY[-1].split(", according")[0] + "."])
    run_import(capsys, str(tmp_path / "in"), "--directory", str(corpus_dir))
    assert the_story(corpus_dir).outlet == "Wire Agency"


def test_a_later_import_of_the_original_makes_the_stored_copy_its_republication(
        tmp_path, corpus_dir, capsys):
    wire_and_copy(tmp_path / "in", wire_first=True)
    first = tmp_path / "in" / "2-copy.html"
    code, rows, _ = run_import(capsys, str(first), "--directory", str(corpus_dir))
    stored_id = rows[0]["id"]
    assert the_story(corpus_dir).outlet == "Republisher"
    code, rows, _ = run_import(capsys, str(tmp_path / "in" / "1-wire.html"),
                               "--directory", str(corpus_dir))
    assert code == 0
    assert rows[0]["status"] == "imported" and rows[0]["id"] == stored_id  # id kept
    assert "original of" in rows[0]["reason"]
    article = the_story(corpus_dir)
    assert article.id == stored_id
    assert (article.outlet, article.url) == ("Wire Agency", WIRE["url"])
    assert [p.text for p in article.passages] == STORY
    assert article.also_published == (("Republisher", COPY["url"]),)
    # the copy, imported again, is a duplicate of it
    code, rows, _ = run_import(capsys, str(first), "--directory", str(corpus_dir))
    assert rows[0]["status"] == "duplicate" and rows[0]["duplicate_of"] == stored_id
    assert the_story(corpus_dir).also_published == (("Republisher", COPY["url"]),)


def test_a_later_republication_stays_a_duplicate(tmp_path, corpus_dir, capsys):
    wire_and_copy(tmp_path / "in", wire_first=True)
    run_import(capsys, str(tmp_path / "in" / "1-wire.html"), "--directory", str(corpus_dir))
    code, rows, _ = run_import(capsys, str(tmp_path / "in" / "2-copy.html"),
                               "--directory", str(corpus_dir))
    assert rows[0]["status"] == "duplicate"
    assert the_story(corpus_dir).outlet == "Wire Agency"


# --------------------------------------------------------------------------- feed language

TURKISH = ("<p>Bakü-Tiflis-Ceyhan Ham Petrol Boru Hattı'ndan şubat ayında günlük ortalama "
           "600 bin varil petrol taşındı. Ceyhan'daki terminalden yapılan yüklemelerde "
           "Kazakistan petrolünün payı artmaya devam ediyor.</p><p>Enerji ve Tabii Kaynaklar "
           "Bakanlığı'ndan yapılan açıklamada, TANAP'ın kapasitesinin artırılması için "
           "Azerbaycan ile teknik görüşmelerin sürdüğü belirtildi.</p>")


def feed_languages(tmp_path, corpus_dir, capsys, feed: str) -> dict[str, str]:
    write(tmp_path / "feed.rss", feed)
    code, rows, _ = run_import(capsys, str(tmp_path / "feed.rss"), "--directory",
                               str(corpus_dir))
    assert code == 0
    return {r["title"]: r["language"] for r in rows}


def test_a_turkish_item_in_an_english_channel_is_turkish(tmp_path, corpus_dir, capsys):
    feed = rss([{"title": "en", "link": "https://wire.example/en",
                 "content": html_paragraphs(STORY)},
                {"title": "tr", "link": "https://wire.example/tr", "content": TURKISH}],
               language="en")
    assert feed_languages(tmp_path, corpus_dir, capsys, feed) == {"en": "en", "tr": "tr"}
    assert {a.language for a in load_corpus(corpus_dir).articles} == {"en", "tr"}


def test_the_items_own_language_wins(tmp_path, corpus_dir, capsys):
    feed = rss([{"title": "stated", "link": "https://wire.example/a",
                 "content": html_paragraphs(STORY)}], language="en")
    feed = feed.replace("<title>stated</title>", "<title>stated</title>"
                        "<dc:language>az</dc:language>")
    assert feed_languages(tmp_path, corpus_dir, capsys, feed) == {"stated": "az"}


def test_an_items_xml_lang_wins(tmp_path, corpus_dir, capsys):
    feed = rss([{"title": "lang", "link": "https://wire.example/a",
                 "content": html_paragraphs(STORY)}], language="en")
    feed = feed.replace("<item>", "<item xml:lang='kk'>")
    assert feed_languages(tmp_path, corpus_dir, capsys, feed) == {"lang": "kk"}


def test_the_channel_language_stays_when_the_text_agrees_or_is_unclear(
        tmp_path, corpus_dir, capsys):
    unclear = "<p>" + " ".join(["TANAP BTC SCP TAP 2027 2028 12.9 bcm"] * 6) + "</p>"
    feed = rss([{"title": "same", "link": "https://wire.example/a",
                 "content": html_paragraphs(STORY)},
                {"title": "unclear", "link": "https://wire.example/b", "content": unclear}],
               language="tr")
    languages = feed_languages(tmp_path, corpus_dir, capsys, feed)
    assert languages["same"] == "en"  # English text: the detector disagrees with tr
    feed = rss([{"title": "agrees", "link": "https://wire.example/c", "content": TURKISH}],
               language="tr")
    assert feed_languages(tmp_path / "2", corpus_dir, capsys, feed) == {"agrees": "tr"}


# --------------------------------------------------------------------------- plain text

def test_a_headline_line_is_the_title_of_a_text_file(tmp_path, corpus_dir, capsys):
    headline = "Ferries struggle to keep up with the Middle Corridor"
    write(tmp_path / "story.txt", headline + "\n\n" + "\n\n".join(STORY))
    code, rows, _ = run_import(capsys, str(tmp_path / "story.txt"), "--directory",
                               str(corpus_dir))
    assert rows[0]["title"] == headline
    article = the_story(corpus_dir)
    assert article.title == headline
    assert [p.text for p in article.passages] == STORY


@pytest.mark.parametrize("first", [
    STORY[0],  # a full paragraph
    "Ferries are late again.",  # a short sentence, with its period
])
def test_a_first_line_that_is_text_stays_the_body(tmp_path, corpus_dir, capsys, first):
    write(tmp_path / "story.txt", first + "\n\n" + "\n\n".join(OTHER_STORY))
    run_import(capsys, str(tmp_path / "story.txt"), "--directory", str(corpus_dir))
    article = the_story(corpus_dir)
    assert article.title == ""
    assert [p.text for p in article.passages] == [first, *OTHER_STORY]


def test_a_headline_followed_by_text_without_a_blank_line_is_not_a_title(
        tmp_path, corpus_dir, capsys):
    write(tmp_path / "story.txt", "Ferries late\n" + "\n\n".join(STORY))
    run_import(capsys, str(tmp_path / "story.txt"), "--directory", str(corpus_dir))
    assert the_story(corpus_dir).title == ""


def test_add_with_title_keeps_the_headline_line_as_text(tmp_path, corpus_dir, capsys):
    headline = "Ferries struggle to keep up"
    write(tmp_path / "story.txt", headline + "\n\n" + "\n\n".join(STORY))
    code = main(["add", str(tmp_path / "story.txt"), "--title", "Given title", "--outlet", "",
                 "--published", "", "--url", "", "--directory", str(corpus_dir)])
    assert code == 0
    article = the_story(corpus_dir)
    assert article.title == "Given title"
    assert [p.text for p in article.passages] == [headline, *STORY]


# --------------------------------------------------------------------------- page furniture

def furniture_page(lines: str, *, author="Elvin Quliyev") -> str:
    page = og_page(STORY, title="Freight", site="Portal", url="https://portal.example/f",
                   published="2026-02-12", lang="en")
    page = page.replace("<head>", f"<head><meta name='author' content='{author}'>")
    return page.replace("</h1>\n", "</h1>\n" + lines + "\n")


@pytest.mark.parametrize("lines", [
    '<span class="author">Elvin Quliyev</span> <span class="date">12.02.2026 16:30</span>',
    '<p class="date">12.02.2026 16:30</p>',
    "<p>By Elvin Quliyev</p><p>February 12, 2026, 16:30 GMT</p>",
    "<p>2026-02-12 16:30</p>",
])
def test_date_and_byline_lines_at_the_top_are_dropped(tmp_path, corpus_dir, capsys, lines):
    write(tmp_path / "page.html", furniture_page(lines))
    code, rows, _ = run_import(capsys, str(tmp_path / "page.html"), "--directory",
                               str(corpus_dir))
    assert code == 0
    article = the_story(corpus_dir)
    assert [p.text for p in article.passages] == STORY
    assert article.author == "Elvin Quliyev"


def test_a_date_line_is_kept_when_the_page_gives_no_date():
    assert pages.drop_furniture(["12.02.2026 16:30", *STORY], author="", published="") == [
        "12.02.2026 16:30", *STORY]


def test_a_date_line_with_another_date_is_kept():
    # an "updated" line or an event date is not the publication date
    assert pages.drop_furniture(["03.03.2026 10:00", *STORY], author="",
                                published="2026-02-12") == ["03.03.2026 10:00", *STORY]
    assert pages.drop_furniture(["12.02.2026 16:30", *STORY], author="",
                                published="2026-02-12T16:30:00+04:00") == STORY


@pytest.mark.parametrize("text", [
    "Bakı, 12 fevral, APA. Azərbaycan Prezidenti bildirib ki, dəhliz açılacaq.",
    "In 2026 the ferries carried 12 per cent more.",
    "The talks ended at 16:30 without a deal on tariffs.",
])
def test_text_with_a_date_is_not_furniture(text):
    assert pages.drop_furniture([text, *STORY], author="Elvin Quliyev",
                                published="2026-02-12") == [text, *STORY]


# --------------------------------------------------------------------------- article file ids

def article_file(article_id: str, paragraphs: list[str]) -> str:
    return (f"---\nid: {article_id}\ntitle: Kept\noutlet: Kept Outlet\nauthor: ''\n"
            "published: 2026-01-10\nurl: ''\nlanguage: en\nseed: ''\n---\n"
            + "\n\n".join(paragraphs) + "\n")


def test_an_article_files_id_is_kept(tmp_path, corpus_dir, capsys):
    write(tmp_path / "a.md", article_file("en-middle-corridor-analysis", STORY))
    code, rows, _ = run_import(capsys, str(tmp_path / "a.md"), "--directory", str(corpus_dir))
    assert code == 0 and rows[0]["id"] == "en-middle-corridor-analysis"
    assert (corpus_dir / "en-middle-corridor-analysis.md").is_file()
    assert the_story(corpus_dir).id == "en-middle-corridor-analysis"


def test_an_exported_corpus_round_trips_its_ids(tmp_path, corpus_dir, capsys):
    write(tmp_path / "in" / "a.md", article_file("first-story", STORY))
    write(tmp_path / "in" / "b.md", article_file("second-story", OTHER_STORY))
    run_import(capsys, str(tmp_path / "in"), "--directory", str(corpus_dir))
    again = tmp_path / "again"
    again.mkdir()
    run_import(capsys, str(corpus_dir), "--directory", str(again))
    assert sorted(p.stem for p in again.glob("*.md")) == ["first-story", "second-story"]
    assert sorted(a.id for a in load_corpus(again).articles) == ["first-story", "second-story"]


def test_a_taken_id_gets_a_new_one_and_says_so(tmp_path, corpus_dir, capsys):
    write(tmp_path / "a.md", article_file("story", STORY))
    write(tmp_path / "b.md", article_file("story", OTHER_STORY))
    code, rows, _ = run_import(capsys, str(tmp_path / "a.md"), str(tmp_path / "b.md"),
                               "--directory", str(corpus_dir))
    rows = by_source(rows)
    assert rows["a.md"]["id"] == "story"
    assert rows["b.md"]["status"] == "imported" and rows["b.md"]["id"] != "story"
    assert "taken" in rows["b.md"]["reason"]
    assert len(load_corpus(corpus_dir).articles) == 2
