"""Tests for corpus.articles: the committed seeds, the file format, and every bad input."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest

import corpus
from corpus.articles import (
    ArticleFormatError,
    load_corpus,
    parse_article,
    read_path,
    read_plain_text,
    slugify,
    split_paragraphs,
)

# Passage counts per seed article, counted by hand from the seed files: 000 has ten
# paragraphs; 001 has the standfirst plus 32 lines (paragraphs and section headings);
# 002 has 13 paragraphs; 003 has ten lines; 004 has 9 paragraphs and 3 section headings.
SEED_PASSAGES = {
    "aa2d72d812be5744": 10,
    "86ee1b2db61805c9": 33,
    "d3de398344552fac": 13,
    "6b6f8fa6948069a6": 10,
    "b905d5eae436789a": 12,
}

GOOD_FIELDS = {
    "title": "'Corridor talks: a test'",
    "outlet": "Test Outlet",
    "author": "''",
    "published": "2026-02-13",
    "url": "https://example.org/a",
    "language": "en",
    "seed": "''",
}
GOOD_BODY = "First paragraph about Baku.\n\nSecond paragraph\non two lines.\n"


def write(directory: Path, name: str, text: str | bytes) -> Path:
    path = directory / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def article_text(article_id: str = "good", **fields: str) -> str:
    """A valid article file; keyword arguments replace front matter values (YAML text)."""
    values = {"id": article_id, **GOOD_FIELDS, **fields}
    front = "".join(f"{key}: {value}\n" for key, value in values.items())
    return f"---\n{front}---\n{GOOD_BODY}"


@pytest.fixture()
def with_good(tmp_path: Path) -> Path:
    write(tmp_path, "good.md", article_text())
    return tmp_path


# --------------------------------------------------------------------------- the seeds


def test_seed_corpus_loads_without_problems():
    seeds = load_corpus()
    assert seeds.problems == ()
    assert {a.id: len(a.passages) for a in seeds.articles} == SEED_PASSAGES


def test_seed_front_matter_records_only_what_the_text_shows():
    seeds = load_corpus()
    caliber = seeds.get("d3de398344552fac")
    assert caliber.outlet == "Caliber.az"
    assert caliber.published == datetime.date(2026, 2, 13)
    assert caliber.title.startswith("Baku–Washington partnership")
    us = seeds.get("b905d5eae436789a")
    assert (us.outlet, us.author) == ("Azerbaijan.US", "Eldar S.")
    assert us.title == "Azerbaijan–U.S.: The ‘Trump Route’ and the New Strategic Horizon"
    heard = seeds.get("86ee1b2db61805c9")
    assert heard.title == "Azerbaijan speaks to the US — and is being heard"
    assert heard.passages[0].text == "Vance’s visit highlights Baku’s rising regional influence"
    for article in seeds.articles:
        assert article.url == ""
        assert article.seed.endswith(f"_{article.id}.txt")
    assert seeds.get("aa2d72d812be5744").title == ""
    assert seeds.get("aa2d72d812be5744").published is None


@pytest.mark.parametrize(
    ("passage_id", "sentence"),
    [
        ("aa2d72d812be5744:6", "✔️The US commitment to send ships to Azerbaijan"),
        ("aa2d72d812be5744:4", "the laying of fiber optic cables across the Caspian Sea."),
        ("86ee1b2db61805c9:3", "The Baku visit as a harbinger of a new era"),
        ("86ee1b2db61805c9:33", "any “magic wand,” understanding that the foundation"),
        ("d3de398344552fac:2", "rather than a subordinate.\u00a0"),
        ("d3de398344552fac:13", "NATO military logistics in the event of a crisis with Russia,”"),
        ("6b6f8fa6948069a6:2", "(İnşaat vasitəsilə sülh)"),
        ("b905d5eae436789a:3", "Strategic Context"),
        ("b905d5eae436789a:12", "seeks to turn geography into long-term strategic advantage."),
    ],
)
def test_known_sentences_are_in_their_passages(passage_id, sentence):
    passages = {p.id: p for p in load_corpus().passages()}
    assert sentence in passages[passage_id].text


def test_site_furniture_is_not_in_any_passage():
    texts = [p.text for p in load_corpus().passages()]
    for furniture in (
        "Related Posts",
        "Popular Articles",
        "back to top",
        "spot_img",
        "Stay Ahead with",
        "Views: 80",
        "Follow us on Telegram",
        "Caliber.az ©",
        "13 February 2026 13:48",
        "copy link",
        "By Eldar S.",
    ):
        assert not any(furniture in text for text in texts), furniture
    assert "Caliber.Az" not in texts


def test_passage_ids_are_article_id_and_number_from_one():
    for article in load_corpus().articles:
        assert [p.id for p in article.passages] == [
            f"{article.id}:{n}" for n in range(1, len(article.passages) + 1)
        ]
        assert all(p.article_id == article.id for p in article.passages)


def test_display_title_falls_back_to_opening_words():
    untitled = load_corpus().get("aa2d72d812be5744")
    assert untitled.display_title == (
        "J.D. Vance's visit to Baku (February 10-11) is illustrative of the US…"
    )
    assert load_corpus().get("b905d5eae436789a").display_title.startswith("Azerbaijan–U.S.")


def test_corpus_get_unknown_id_is_none():
    assert load_corpus().get("no-such-article") is None


def test_public_names_are_exported():
    for name in ("Article", "Passage", "Problem", "Corpus", "load_corpus", "read_path"):
        assert hasattr(corpus, name)


# --------------------------------------------------------------------------- the format


def test_good_article_parses(with_good):
    article = parse_article(with_good / "good.md")
    assert article.title == "Corridor talks: a test"
    assert article.published == datetime.date(2026, 2, 13)
    assert [p.text for p in article.passages] == [
        "First paragraph about Baku.",
        "Second paragraph\non two lines.",
    ]
    assert article.passages[1].id == "good:2"


def test_crlf_is_normalised(tmp_path):
    write(tmp_path, "good.md", article_text().replace("\n", "\r\n").encode("utf-8"))
    article = parse_article(tmp_path / "good.md")
    assert all("\r" not in p.text for p in article.passages)
    assert article.title == "Corridor talks: a test"


def test_published_may_be_a_quoted_iso_string(tmp_path):
    write(tmp_path, "good.md", article_text(published="'2026-02-13'"))
    assert parse_article(tmp_path / "good.md").published == datetime.date(2026, 2, 13)


def test_values_that_yaml_would_guess_stay_text(tmp_path):
    write(tmp_path, "0123.md", article_text("0123", author="yes"))
    article = parse_article(tmp_path / "0123.md")
    assert (article.id, article.author) == ("0123", "yes")


def test_split_paragraphs_blank_lines_and_single_lines():
    assert split_paragraphs("a\n\n\n b \n\nc\nd") == ["a", " b ", "c\nd"]
    # no blank line at all: one paragraph per line (text copied from web pages)
    assert split_paragraphs("one\ntwo\nthree") == ["one", "two", "three"]


def test_slugify():
    assert slugify("My Article (2026)") == "my-article-2026"
    assert slugify("Ünïcode_name") == "unicode_name"


def test_plain_text_file(tmp_path):
    path = write(tmp_path, "Vance Visit.txt", "\n\nOne.\n\nTwo\nlines.\n\n\nThree.\n")
    article = read_plain_text(path)
    assert article.id == "vance-visit"
    assert [p.id for p in article.passages] == ["vance-visit:1", "vance-visit:2", "vance-visit:3"]
    assert article.passages[1].text == "Two\nlines."


def test_read_path_file_and_folder(tmp_path):
    write(tmp_path, "b.md", article_text("b"))
    write(tmp_path, "a.txt", "Alpha.\n\nBeta.\n")
    write(tmp_path, "notes.csv", "not an article")
    write(tmp_path, ".b.x.tmp", "left over by an interrupted add")
    assert [a.id for a in read_path(tmp_path).articles] == ["a", "b"]
    assert [a.id for a in read_path(tmp_path / "b.md").articles] == ["b"]
    missing = read_path(tmp_path / "missing.md")
    assert missing.articles == () and "no such file" in missing.problems[0].message


# --------------------------------------------------------------------------- bad files
# Each case: the bad file's name, its content, the line the problem must name, and a
# fragment of the message. The good file in the same folder must still load.

BAD_CASES = {
    "no front matter": ("bad.md", "Just text.\n\nMore.\n", 1, "missing front matter"),
    "unterminated": ("bad.md", "---\nid: bad\ntitle: x\n\nText.\n", 1, "unterminated"),
    "yaml syntax": (
        "bad.md",
        "---\nid: bad\ntitle: 'unclosed\noutlet: x\n---\nText.\n",
        4,
        "not valid YAML",
    ),
    "yaml colon": ("bad.md", "---\nid: bad\ntitle: A: B\n---\nText.\n", 3, "not valid YAML"),
    "unknown field": (
        "bad.md",
        "---\nid: bad\ntitle: x\nautor: Someone\n---\nText.\n",
        4,
        "unknown field 'autor'",
    ),
    "duplicate field": ("bad.md", "---\nid: bad\ntitle: x\ntitle: y\n---\nText.\n", 4, "twice"),
    "missing id": ("bad.md", "---\ntitle: x\n---\nText.\n", 3, "missing required field 'id'"),
    "id not file name": ("bad.md", "---\nid: other\n---\nText.\n", 2, "does not match"),
    "id pattern": ("Bad.md", "---\nid: Bad\n---\nText.\n", 2, "not a valid article id"),
    "list value": ("bad.md", "---\nid: bad\nauthor: [a, b]\n---\nText.\n", 3, "must be text"),
    "date words": (
        "bad.md",
        "---\nid: bad\npublished: 13 Feb 2026\n---\nText.\n",
        3,
        "ISO date",
    ),
    "date impossible": (
        "bad.md",
        "---\nid: bad\npublished: 2026-02-30\n---\nText.\n",
        3,
        "not a real date",
    ),
    "date with time": (
        "bad.md",
        "---\nid: bad\npublished: 2026-02-13 10:00\n---\nText.\n",
        3,
        "ISO date",
    ),
    "not utf-8": (
        "bad.md",
        "---\nid: bad\n---\nOne.\n\nCaf\xe9 in Latin-1.\n".encode("latin-1"),
        6,
        "not UTF-8",
    ),
    "empty file": ("bad.md", "", 1, "empty"),
    "whitespace only": ("bad.md", "\n  \n\n", 1, "empty"),
    "empty body": ("bad.md", "---\nid: bad\n---\n\n\n", 4, "no text"),
    "plain text not utf-8": ("bad.txt", b"ok\n\n\xff\xfe", 3, "not UTF-8"),
    "plain text no usable id": ("---.txt", "Text.\n", 1, "cannot make an article id"),
}


@pytest.mark.parametrize("case", BAD_CASES, ids=list(BAD_CASES))
def test_bad_file_is_reported_and_good_file_still_loads(with_good, case):
    name, content, line, fragment = BAD_CASES[case]
    bad = write(with_good, name, content)
    loaded = load_corpus(with_good)
    assert [a.id for a in loaded.articles] == ["good"]
    assert loaded.problems, "the bad file must be reported"
    problem = loaded.problems[0]
    assert problem.path == bad
    assert problem.line == line
    assert fragment in problem.message
    assert str(problem).startswith(f"{bad}:{line}: ")


def test_bad_file_raises_named_error_when_parsed_alone(tmp_path):
    path = write(tmp_path, "bad.md", "---\nid: bad\npublished: soon\n---\nText.\n")
    with pytest.raises(ArticleFormatError) as caught:
        parse_article(path)
    assert caught.value.problems[0].line == 3
    assert "bad.md:3:" in str(caught.value)


def test_several_problems_in_one_file_are_all_reported(tmp_path):
    write(tmp_path, "bad.md", "---\nid: other\nsource: x\npublished: 2026-13-01\n---\n\n")
    problems = load_corpus(tmp_path).problems
    assert sorted(p.line for p in problems) == [2, 3, 4, 6]


def test_duplicate_ids_name_both_files(with_good):
    second = write(with_good, "good.txt", "Same id from a plain text file.\n")
    loaded = load_corpus(with_good)
    assert [a.id for a in loaded.articles] == ["good"]
    (problem,) = loaded.problems
    assert problem.path == second
    assert str(with_good / "good.md") in problem.message


def test_too_large_file_is_reported_quickly_and_not_loaded(with_good):
    big = with_good / "big.md"
    with big.open("wb") as handle:
        handle.write(article_text("big").encode("utf-8"))
        handle.write(b"word " * (4 * 1024 * 1024))  # 20 MB
    started = time.perf_counter()
    loaded = load_corpus(with_good)
    elapsed = time.perf_counter() - started
    assert [a.id for a in loaded.articles] == ["good"]
    assert loaded.problems[0].path == big
    assert "larger than" in loaded.problems[0].message
    assert elapsed < 1.0


def test_missing_folder_is_a_problem_not_an_exception(tmp_path):
    loaded = load_corpus(tmp_path / "nowhere")
    assert loaded.articles == ()
    assert "no such folder" in loaded.problems[0].message


def test_readme_documents_every_field_and_the_size_limit():
    readme = (corpus.ARTICLES_DIR.parent / "README.md").read_text(encoding="utf-8")
    for field in corpus.articles.FIELDS:
        assert f"| `{field}` |" in readme, field
    assert f"({corpus.MAX_ARTICLE_BYTES // (1024 * 1024)} MB)" in readme
    for article in load_corpus().articles:
        assert f"| `{article.id}` | `{article.seed}` |" in readme


def test_plausible_publication_dates():
    import datetime as _dt

    from corpus.articles import is_plausible_date, plausible_date_range

    today = _dt.date(2026, 12, 1)
    assert plausible_date_range(today) == (_dt.date(1900, 1, 1), _dt.date(2027, 12, 2))
    assert is_plausible_date(_dt.date(2026, 2, 13), today)
    assert is_plausible_date(_dt.date(1900, 1, 1), today)
    for typo in (_dt.date(1026, 2, 13), _dt.date(1, 1, 1), _dt.date(9999, 12, 31),
                 _dt.date(2099, 1, 1), _dt.date(1899, 12, 31)):
        assert not is_plausible_date(typo, today)
