"""corpus import from files: every kind of source, every bad input with a named reason,
flags, duplicates and syndicated copies (no network; exports, feeds and zips are in
test_ingest_sources.py, http in test_ingest_http.py)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from corpus.__main__ import main
from corpus.articles import load_corpus
from tests.ingest_fixtures import (
    OTHER_STORY,
    RUSSIAN_STORY,
    STORY,
    by_source,
    html_paragraphs,
    jsonld_page,
    og_page,
    plain_page,
    rss,
    run_import,
    write,
)

# --------------------------------------------------------------------------- pages


def test_opengraph_page_lands_with_its_metadata(tmp_path, corpus_dir, capsys):
    page = write(tmp_path / "in" / "og.html", og_page(
        STORY, title="Record freight on the Middle Corridor", site="Caspian Times",
        url="https://caspian.example/freight", published="2026-02-14"))
    code, [row], _ = run_import(capsys, str(page), "--directory", str(corpus_dir))
    assert code == 0 and row["status"] == "imported"
    assert row["title"] == "Record freight on the Middle Corridor"
    assert row["outlet"] == "Caspian Times"
    assert row["published"] == "2026-02-14"
    assert row["url"] == "https://caspian.example/freight"
    assert row["language"] == "en"
    article = load_corpus(corpus_dir).get(row["id"])
    assert [p.text for p in article.passages] == STORY  # headline not repeated, no menu
    assert article.seed == "og.html"


def test_jsonld_page_in_russian(tmp_path, corpus_dir, capsys):
    page = write(tmp_path / "ru.html", jsonld_page(
        RUSSIAN_STORY, headline="Рекорд Среднего коридора", publisher="Каспийский вестник",
        url="https://vestnik.example/ru/1", published="2026-03-01", author="Анна Иванова"))
    code, [row], _ = run_import(capsys, str(page), "--directory", str(corpus_dir))
    assert code == 0, row
    assert (row["title"], row["outlet"], row["published"], row["url"], row["language"]) == (
        "Рекорд Среднего коридора", "Каспийский вестник", "2026-03-01",
        "https://vestnik.example/ru/1", "ru")
    assert load_corpus(corpus_dir).get(row["id"]).author == "Анна Иванова"


def test_plain_page_leaves_unknown_fields_empty(tmp_path, corpus_dir, capsys):
    page = write(tmp_path / "plain.html", plain_page(STORY))
    code, [row], _ = run_import(capsys, str(page), "--directory", str(corpus_dir))
    assert code == 0
    assert (row["outlet"], row["published"], row["url"]) == ("", "", "")
    assert row["language"] == "en"  # detected


def test_page_in_a_declared_non_utf8_charset_is_decoded(tmp_path, corpus_dir, capsys):
    text = og_page(RUSSIAN_STORY, title="Коридор", site="Вестник", url="https://v.example/2",
                   published="2026-03-02", lang="ru", charset="windows-1251")
    page = write(tmp_path / "cp1251.html", text.encode("windows-1251"))
    code, [row], _ = run_import(capsys, str(page), "--directory", str(corpus_dir))
    assert code == 0 and row["title"] == "Коридор"
    article = load_corpus(corpus_dir).get(row["id"])
    assert article.passages[0].text == RUSSIAN_STORY[0]


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("picture.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
    ("empty.html", b"", "empty"),
    ("menu.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
     "words of article text"),
    ("latin1.html", "<html><body><p>Caf\xe9 au lait</p></body></html>".encode("latin-1"),
     "not UTF-8"),
])
def test_bad_pages_are_skipped_with_a_named_reason_and_the_rest_lands(
        tmp_path, corpus_dir, capsys, name, data, reason):
    folder = tmp_path / "in"
    write(folder / name, data)
    write(folder / "good.txt", "\n\n".join(STORY))
    code, rows, err = run_import(capsys, str(folder), "--directory", str(corpus_dir))
    rows = by_source(rows)
    assert code == 1
    assert rows[name]["status"] in ("skipped", "error") and reason in rows[name]["reason"]
    assert rows["good.txt"]["status"] == "imported"
    assert "1 imported" in err


def test_a_file_over_the_size_cap_is_skipped(tmp_path, corpus_dir, capsys):
    big = write(tmp_path / "big.txt", "word " * (1_100_000))
    code, [row], _ = run_import(capsys, str(big), "--directory", str(corpus_dir))
    assert code == 1 and row["status"] == "skipped" and "limit" in row["reason"]


# --------------------------------------------------------------------------- text, md


def test_text_and_article_files(tmp_path, corpus_dir, capsys):
    write(tmp_path / "in" / "story.txt", "\n\n".join(OTHER_STORY))
    article = ("---\nid: anything\ntitle: A kept title\noutlet: Kept Outlet\nauthor: ''\n"
               "published: 2026-01-10\nurl: https://kept.example/a\nlanguage: en\nseed: ''\n"
               "---\n" + "\n\n".join(STORY) + "\n")
    write(tmp_path / "in" / "sub" / "article.md", article)
    code, rows, _ = run_import(capsys, str(tmp_path / "in"), "--directory", str(corpus_dir))
    rows = by_source(rows)
    assert code == 0
    assert rows["article.md"]["title"] == "A kept title"
    assert rows["article.md"]["outlet"] == "Kept Outlet"
    assert rows["story.txt"]["status"] == "imported"
    assert load_corpus(corpus_dir).problems == ()


# --------------------------------------------------------------------------- flags, duplicates


def test_flags_fill_what_the_source_does_not_say(tmp_path, corpus_dir, capsys):
    write(tmp_path / "in" / "plain.txt", "\n\n".join(STORY))
    write(tmp_path / "in" / "og.html", og_page(OTHER_STORY, title="Cable", site="Said Outlet",
                                               url="https://o.example/c", published="2026-02-02"))
    code, rows, _ = run_import(capsys, str(tmp_path / "in"), "--directory", str(corpus_dir),
                               "--outlet", "Flag Outlet", "--language", "English")
    rows = by_source(rows)
    assert code == 0
    assert rows["plain.txt"]["outlet"] == "Flag Outlet" and rows["plain.txt"]["language"] == "en"
    assert rows["og.html"]["outlet"] == "Said Outlet"  # what the source says wins


def test_russian_text_without_a_stated_language_is_detected(tmp_path, corpus_dir, capsys):
    text = write(tmp_path / "ru.txt", "\n\n".join(RUSSIAN_STORY))
    code, [row], _ = run_import(capsys, str(text), "--directory", str(corpus_dir))
    assert code == 0 and row["language"] == "ru"


def test_implausible_date_in_a_source_is_refused(tmp_path, corpus_dir, capsys):
    export = write(tmp_path / "e.jsonl", json.dumps({"text": "\n\n".join(STORY),
                                                     "date": "1026-02-13"}) + "\n")
    code, [row], _ = run_import(capsys, str(export), "--directory", str(corpus_dir))
    assert code == 1 and row["status"] == "skipped" and "plausible" in row["reason"]
    assert list(corpus_dir.glob("*.md")) == []


def test_same_text_and_same_canonical_url_are_duplicates(tmp_path, corpus_dir, capsys):
    write(tmp_path / "in" / "a.html", og_page(STORY, title="Freight", site="S",
                                              url="https://s.example/f", published="2026-02-01"))
    write(tmp_path / "in" / "b.txt", "\n".join(STORY))  # the same text re-wrapped
    write(tmp_path / "in" / "c.html", og_page(OTHER_STORY, title="Updated", site="S",
                                              url="https://s.example/f", published="2026-02-01"))
    code, rows, _ = run_import(capsys, str(tmp_path / "in"), "--directory", str(corpus_dir))
    rows = by_source(rows)
    kept = rows["a.html"]["id"]
    assert code == 0
    assert rows["b.txt"]["status"] == "duplicate" and rows["b.txt"]["duplicate_of"] == kept
    assert rows["c.html"]["status"] == "duplicate" and "same URL" in rows["c.html"]["reason"]
    before = {p.name: p.read_bytes() for p in corpus_dir.glob("*.md")}
    code, again, _ = run_import(capsys, str(tmp_path / "in"), "--directory", str(corpus_dir))
    assert code == 0 and {r["status"] for r in again} == {"duplicate"}
    assert {p.name: p.read_bytes() for p in corpus_dir.glob("*.md")} == before


def syndicated(paragraphs: list[str]) -> list[str]:
    """The same story on another site: dateline credit added, a sentence trimmed."""
    first = "BAKU (Wire Agency) — " + paragraphs[0]
    last = paragraphs[-1].split(", according")[0] + "."
    return [first, *paragraphs[1:-1], last]


def test_a_syndicated_copy_is_a_duplicate_and_recorded_on_the_kept_article(
        tmp_path, corpus_dir, capsys):
    write(tmp_path / "in" / "1-original.html", og_page(
        STORY, title="Freight", site="Caspian Times", url="https://caspian.example/f",
        published="2026-02-01"))
    write(tmp_path / "in" / "2-copy.html", og_page(
        syndicated(STORY), title="Freight record", site="Other Herald",
        url="https://herald.example/copy", published="2026-02-02"))
    write(tmp_path / "in" / "3-other.html", og_page(
        OTHER_STORY, title="Cable", site="Other Herald", url="https://herald.example/cable",
        published="2026-02-02"))
    code, rows, _ = run_import(capsys, str(tmp_path / "in"), "--directory", str(corpus_dir))
    rows = by_source(rows)
    kept = rows["1-original.html"]["id"]
    assert code == 0
    assert rows["2-copy.html"]["status"] == "duplicate"
    assert rows["2-copy.html"]["duplicate_of"] == kept
    assert "syndicated copy" in rows["2-copy.html"]["reason"]
    assert rows["3-other.html"]["status"] == "imported"  # same topic, other story
    article = load_corpus(corpus_dir).get(kept)
    assert article.also_published == (("Other Herald", "https://herald.example/copy"),)
    assert len(list(corpus_dir.glob("*.md"))) == 2
    before = {p.name: p.read_bytes() for p in corpus_dir.glob("*.md")}
    code, again, _ = run_import(capsys, str(tmp_path / "in"), "--directory", str(corpus_dir))
    assert code == 0 and {r["status"] for r in again} == {"duplicate"}
    assert {p.name: p.read_bytes() for p in corpus_dir.glob("*.md")} == before
    assert main(["check", str(corpus_dir)]) == 0


def test_updating_the_kept_file_is_atomic(tmp_path, corpus_dir, monkeypatch):
    import os

    from corpus.adding import add_text
    from corpus.ingest.importer import record_copy

    kept = add_text("\n\n".join(STORY), title="T", outlet="O", published="", url="",
                    directory=corpus_dir)
    before = kept.path.read_bytes()

    def failing_replace(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        record_copy(kept.path, "Copy Site", "https://copy.example/1")
    assert kept.path.read_bytes() == before
    assert [p.name for p in corpus_dir.iterdir() if p.name.endswith(".tmp")] == []


# --------------------------------------------------------------------------- command line


def test_json_objects_have_the_documented_keys(tmp_path, corpus_dir, capsys):
    write(tmp_path / "s.txt", "\n\n".join(STORY))
    _, [row], err = run_import(capsys, str(tmp_path / "s.txt"), "--directory", str(corpus_dir))
    assert list(row) == ["source", "status", "id", "title", "published", "outlet", "language",
                         "url", "duplicate_of", "reason"]
    assert "1 item(s): 1 imported, 0 duplicate, 0 skipped, 0 error" in err


def test_lines_on_stderr_without_json(tmp_path, corpus_dir, capsys):
    write(tmp_path / "s.txt", "\n\n".join(STORY))
    assert main(["import", str(tmp_path / "s.txt"), "--directory", str(corpus_dir)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "s.txt: imported " in captured.err


@pytest.mark.parametrize("args", [
    ["import", "x", "--directory", "/no/such/folder"],
    ["import", "x", "--language", "not a language!"],
    ["import"],
])
def test_usage_errors_exit_2(args, corpus_dir):
    if "--directory" not in args and args != ["import"]:
        args = [*args, "--directory", str(corpus_dir)]
    try:
        assert main(args) == 2
    except SystemExit as exit_:
        assert exit_.code == 2


def test_a_fifo_is_skipped_with_what_it_is(tmp_path, corpus_dir, capsys):
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    code, [row], _ = run_import(capsys, str(tmp_path / "pipe.txt"), "--directory",
                                str(corpus_dir))
    assert code == 1 and "named pipe" in row["reason"]


def test_progress_bar_only_on_a_terminal(monkeypatch):
    from corpus.ingest.cli import Reporter

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("CI", raising=False)
    assert Reporter(as_json=False, err=Terminal()).bar is not None
    assert Reporter(as_json=True, err=Terminal()).bar is None
    assert Reporter(as_json=False, err=io.StringIO()).bar is None
    monkeypatch.setenv("CI", "true")
    assert Reporter(as_json=False, err=Terminal()).bar is None


def test_import_killed_mid_way_leaves_only_complete_articles(tmp_path, corpus_dir):
    import os
    import signal
    import subprocess
    import sys

    from tests.ingest_fixtures import og_page as page

    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(60):
        words = " ".join(f"w{n}x{i}" for i in range(120))
        (folder / f"p{n:03d}.html").write_text(page(
            [f"Story {n} about the Middle Corridor: {words}."], title=f"Story {n}",
            site="S", url=f"https://s.example/{n}", published="2026-02-01"), encoding="utf-8")
    repo = Path(__file__).resolve().parent.parent
    process = subprocess.Popen(
        [sys.executable, "-m", "corpus", "import", str(folder), "--directory", str(corpus_dir),
         "--json"], cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONPATH": str(repo)})
    for _ in range(5):  # let a few land, then kill it without warning
        assert process.stdout.readline()
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    loaded = load_corpus(corpus_dir)
    assert loaded.problems == ()
    assert 5 <= len(loaded.articles) < 60
    visible = [p for p in corpus_dir.iterdir() if not p.name.startswith(".")]
    assert len(visible) == len(loaded.articles)
    # Run again: the rest lands, nothing twice.
    assert main(["import", str(folder), "--directory", str(corpus_dir)]) == 0
    assert len(load_corpus(corpus_dir).articles) == 60


def test_add_is_import_of_one_file_with_its_flags_winning(tmp_path, corpus_dir, capsys):
    page = write(tmp_path / "og.html", og_page(
        STORY, title="Page title", site="Page Outlet", url="https://p.example/a",
        published="2026-02-14"))
    assert main(["add", str(page), "--title", "", "--outlet", "Flag Outlet", "--published",
                 "", "--url", "", "--directory", str(corpus_dir)]) == 0
    [article] = load_corpus(corpus_dir).articles
    assert (article.title, article.outlet, article.url, article.published.isoformat(),
            article.language) == ("Page title", "Flag Outlet", "https://p.example/a",
                                  "2026-02-14", "en")
    capsys.readouterr()
    export = write(tmp_path / "two.jsonl", '{"text": "a b c"}\n{"text": "d e f"}\n')
    assert main(["add", str(export), "--title", "", "--outlet", "", "--published", "",
                 "--url", "", "--directory", str(corpus_dir)]) == 2
    assert "use `python -m corpus import`" in capsys.readouterr().err


@pytest.mark.parametrize("content", [b"/etc/passwd", b"/etc/hostname"])
def test_a_feed_whose_content_is_a_path_never_reads_that_file(tmp_path, corpus_dir, capsys,
                                                                content):
    """feedparser opens bytes that name a file; the feed reader gives it a stream."""
    from corpus.ingest import feeds

    secret = tmp_path / "secret.rss"
    secret.write_text(rss([{"title": "SECRET", "content": html_paragraphs(STORY)}]),
                      encoding="utf-8")
    for data in (content, str(secret).encode()):
        [rejected] = list(feeds.read(data, "upload.rss"))
        assert rejected.status == "error" and "SECRET" not in str(rejected)


def test_recording_a_copy_keeps_the_kept_files_permissions(tmp_path, corpus_dir):
    import os

    from corpus.adding import add_text
    from corpus.ingest.importer import record_copy

    kept = add_text("\n\n".join(STORY), title="T", outlet="O", published="", url="",
                    directory=corpus_dir)
    os.chmod(kept.path, 0o640)
    assert record_copy(kept.path, "Copy Site", "https://copy.example/1")
    assert kept.path.stat().st_mode & 0o777 == 0o640
    assert load_corpus(corpus_dir).get(kept.id).also_published == (
        ("Copy Site", "https://copy.example/1"),)
