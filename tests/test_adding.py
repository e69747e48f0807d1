"""Tests for corpus.adding: extraction, ids, refusal to overwrite, atomic writes."""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
from pathlib import Path

import pytest

from corpus.adding import (
    AddArticleError,
    ArticleExistsError,
    ExtractionError,
    add_file,
    add_text,
    extract_html_paragraphs,
    looks_like_html,
)
from corpus.articles import ARTICLES_DIR, load_corpus

HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Corridor talks resume | Example News</title></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/about">About us</a></li></ul></nav>
<header><div class="logo">Example News</div></header>
<article>
<h1>Corridor talks resume</h1>
<p>The first paragraph says that the Middle Corridor carries freight across the Caspian Sea
to Baku and on to Tbilisi, according to the ministry.</p>
<p>A second paragraph quotes an official: “We will finish the line by 2028,” he said, adding
that <b>costs</b> remain unclear.</p>
<p>A third paragraph mentions &lt;script&gt;alert(1)&lt;/script&gt; as literal text about
the route and its critics.</p>
</article>
<aside><h3>Related Posts</h3><ul><li><a href="/a">Another story entirely</a></li></ul></aside>
<footer><p>© 2026 Example News. All rights reserved.</p><a href="#top">back to top</a></footer>
</body></html>
"""

META = {
    "title": "Corridor talks resume",
    "outlet": "Example News",
    "published": "2026-02-20",
    "url": "https://example.org/corridor-talks",
}


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    """A copy of the committed corpus to add to."""
    directory = tmp_path / "articles"
    shutil.copytree(ARTICLES_DIR, directory)
    return directory


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_add_plain_text_writes_article_with_content_hash_id(corpus_dir, tmp_path):
    source = tmp_path / "talks.txt"
    source.write_text("First paragraph.\r\n\r\nSecond\r\nparagraph.\r\n", encoding="utf-8")
    article = add_file(source, directory=corpus_dir, author="A. Writer", language="en",
                       **META)
    body = "First paragraph. Second paragraph."  # whitespace normalised
    assert article.id == hashlib.sha256(body.encode()).hexdigest()[:16]
    assert article.path == corpus_dir / f"{article.id}.md"
    assert [p.text for p in article.passages] == ["First paragraph.", "Second\nparagraph."]
    assert article.published == datetime.date(2026, 2, 20)
    assert (article.author, article.language, article.seed) == ("A. Writer", "en", "talks.txt")
    reloaded = load_corpus(corpus_dir)
    assert reloaded.problems == ()
    assert reloaded.get(article.id) == article


def test_add_text_given_as_a_string(corpus_dir):
    article = add_text("One.\n\nTwo.\n\nThree.", directory=corpus_dir, **META)
    assert len(article.passages) == 3
    assert article.seed == ""


def test_title_with_colon_and_quotes_round_trips(corpus_dir):
    meta = {**META, "title": "Azerbaijan–U.S.: The ‘Trump Route’ — “new” horizon"}
    article = add_text("Some text.", directory=corpus_dir, **meta)
    assert article.title == meta["title"]


def test_html_extraction_keeps_only_article_paragraphs():
    paragraphs = extract_html_paragraphs(HTML_PAGE)
    assert paragraphs[0] == "Corridor talks resume"
    assert paragraphs[1].startswith("The first paragraph says that the Middle Corridor")
    assert "“We will finish the line by 2028,” he said" in paragraphs[2]
    assert "<script>alert(1)</script>" in paragraphs[3]
    assert len(paragraphs) == 4
    joined = "\n".join(paragraphs)
    for furniture in ("Home", "About us", "Related Posts", "Another story", "©", "back to top"):
        assert furniture not in joined


def test_add_html_file_drops_repeated_headline(corpus_dir, tmp_path):
    source = tmp_path / "page.html"
    source.write_text(HTML_PAGE, encoding="utf-8")
    article = add_file(source, directory=corpus_dir, **META)
    assert len(article.passages) == 3
    assert article.passages[0].text.startswith("The first paragraph")


def test_html_is_detected_by_content_without_extension(corpus_dir, tmp_path):
    assert looks_like_html(HTML_PAGE)
    assert not looks_like_html("Text that mentions a <p> tag once.")
    source = tmp_path / "saved-page"
    source.write_text(HTML_PAGE, encoding="utf-8")
    article = add_file(source, directory=corpus_dir, **META)
    assert all("<nav>" not in p.text and "Home" != p.text for p in article.passages)


def test_page_without_article_text_is_refused(corpus_dir, tmp_path):
    source = tmp_path / "empty.html"
    source.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    before = snapshot(corpus_dir)
    with pytest.raises(ExtractionError, match="empty.html"):
        add_file(source, directory=corpus_dir, **META)
    assert snapshot(corpus_dir) == before


def test_adding_the_same_text_twice_is_refused(corpus_dir):
    first = add_text("Unique text about the corridor.", directory=corpus_dir, **META)
    before = snapshot(corpus_dir)
    with pytest.raises(ArticleExistsError, match=first.id):
        add_text("Unique text about the corridor.", directory=corpus_dir, **{**META, "url": ""})
    assert snapshot(corpus_dir) == before


def test_adding_an_existing_url_is_refused(corpus_dir):
    add_text("Text one.", directory=corpus_dir, **META)
    with pytest.raises(ArticleExistsError, match="already has url"):
        add_text("A different text.", directory=corpus_dir, **META)


def test_existing_file_with_the_new_id_is_never_overwritten(corpus_dir):
    text = "Text whose file name is already taken."
    article_id = hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:16]
    taken = corpus_dir / f"{article_id}.md"
    taken.write_text("a broken file someone is still editing", encoding="utf-8")
    with pytest.raises(ArticleExistsError, match="nothing was written"):
        add_text(text, directory=corpus_dir, **META)
    assert taken.read_text(encoding="utf-8") == "a broken file someone is still editing"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("published", "13 Feb 2026", "ISO date"),
        ("published", "2026-02-30", "not a real date"),
        ("url", "javascript:alert(1)", "http"),
        ("title", "two\nlines", "one line"),
    ],
)
def test_invalid_metadata_is_refused_and_nothing_written(corpus_dir, field, value, message):
    before = snapshot(corpus_dir)
    with pytest.raises(AddArticleError, match=message):
        add_text("Some text.", directory=corpus_dir, **{**META, field: value})
    assert snapshot(corpus_dir) == before


def test_published_may_be_empty_or_a_date(corpus_dir):
    unknown = add_text("Text A.", directory=corpus_dir, **{**META, "published": "", "url": ""})
    assert unknown.published is None
    dated = add_text(
        "Text B.",
        directory=corpus_dir,
        **{**META, "published": datetime.date(2026, 1, 5), "url": ""},
    )
    assert dated.published == datetime.date(2026, 1, 5)


def test_a_missing_file_is_named(corpus_dir):
    with pytest.raises(AddArticleError, match="missing-article.txt: no such file"):
        add_file(corpus_dir / "missing-article.txt", directory=corpus_dir, **META)


def test_non_utf8_source_is_refused(corpus_dir, tmp_path):
    source = tmp_path / "latin1.txt"
    source.write_bytes("Line one.\n\nCaf\xe9.".encode("latin-1"))
    with pytest.raises(AddArticleError, match=r"latin1.txt:3: not UTF-8"):
        add_file(source, directory=corpus_dir, **META)


def test_failed_write_leaves_no_partial_file(corpus_dir, monkeypatch):
    before = snapshot(corpus_dir)

    def failing_link(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "link", failing_link)
    with pytest.raises(OSError, match="No space left"):
        add_text("Text that never lands.", directory=corpus_dir, **META)
    assert snapshot(corpus_dir) == before  # no target, no temporary file left


def test_adding_does_not_change_existing_articles_or_passage_ids(corpus_dir, tmp_path):
    before_files = snapshot(corpus_dir)
    before_ids = [p.id for p in load_corpus(corpus_dir).passages()]
    source = tmp_path / "page.html"
    source.write_text(HTML_PAGE, encoding="utf-8")
    added = add_file(source, directory=corpus_dir, **META)
    after = load_corpus(corpus_dir)
    assert after.problems == ()
    assert [p.id for p in after.passages() if p.article_id != added.id] == before_ids
    after_files = snapshot(corpus_dir)
    assert {k: v for k, v in after_files.items() if k != f"{added.id}.md"} == before_files


def test_missing_corpus_folder_is_an_error(tmp_path):
    with pytest.raises(AddArticleError, match="no such folder"):
        add_text("Text.", directory=tmp_path / "nowhere", **META)


def test_file_is_synced_to_disk_before_it_is_renamed_into_place(corpus_dir, monkeypatch):
    events = []
    real_fsync, real_link = os.fsync, os.link
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd)))
    monkeypatch.setattr(
        os, "link", lambda a, b: (events.append(("link", Path(b).name)), real_link(a, b))
    )
    article = add_text("Synced text.", directory=corpus_dir, **META)
    # The file is synced, then linked to its name.
    assert events == ["fsync", ("link", f"{article.id}.md")]
    assert not [p for p in corpus_dir.iterdir() if p.name.startswith(".")]


# --------------------------------------------------------------------------- issue 13 item 1


@pytest.fixture()
def secret_file(tmp_path: Path) -> Path:
    """A server file that no visitor may read: several paragraphs of secret text."""
    path = tmp_path / "server-secret.txt"
    path.write_text("root:x:0:0:SECRET LINE ONE\n\nSECRET LINE TWO\n\nSECRET THREE\n",
                    encoding="utf-8")
    return path


def _corpus_text(directory: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in directory.iterdir())


def test_text_that_names_a_file_is_only_text(corpus_dir, secret_file):
    article = add_text(str(secret_file), directory=corpus_dir, **{**META, "url": ""})
    assert [p.text for p in article.passages] == [str(secret_file)]
    assert "SECRET" not in _corpus_text(corpus_dir)


def test_etc_passwd_pasted_is_a_one_line_article(corpus_dir):
    article = add_text("/etc/passwd", directory=corpus_dir, **{**META, "url": ""})
    assert [p.text for p in article.passages] == ["/etc/passwd"]
    assert "root:" not in _corpus_text(corpus_dir)


def test_html_name_of_an_existing_page_is_not_opened(corpus_dir, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    # A one-line 'name.html' given as text is still text, never the page it names.
    article = add_text(str(page), directory=corpus_dir, **{**META, "url": ""})
    assert [p.text for p in article.passages] == [str(page)]
    assert "The first paragraph says" not in _corpus_text(corpus_dir)


def test_add_text_refuses_a_path_object(corpus_dir, secret_file):
    with pytest.raises(TypeError, match="add_file"):
        add_text(secret_file, directory=corpus_dir, **META)  # type: ignore[arg-type]
    assert "SECRET" not in _corpus_text(corpus_dir)


def test_the_upload_name_is_recorded_but_never_opened(corpus_dir, secret_file):
    article = add_text("Uploaded text about the corridor.", name=str(secret_file),
                       directory=corpus_dir, **{**META, "url": ""})
    assert article.seed == secret_file.name
    assert "SECRET" not in _corpus_text(corpus_dir)


def test_add_file_reads_only_regular_files(corpus_dir, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(AddArticleError, match="not a regular file"):
        add_file(fifo, directory=corpus_dir, **META)
    with pytest.raises(AddArticleError, match="not a regular file"):
        add_file(tmp_path, directory=corpus_dir, **META)


# ------------------------------------------------------------ issue 13 items 2, 3, 10-12


@pytest.mark.parametrize("date", ["1026-02-13", "0001-01-01", "9999-12-31", "2099-01-01",
                                  "1899-12-31"])
def test_implausible_dates_are_refused(corpus_dir, date):
    before = snapshot(corpus_dir)
    with pytest.raises(AddArticleError, match="outside the plausible range"):
        add_text("Some text.", directory=corpus_dir, **{**META, "published": date})
    assert snapshot(corpus_dir) == before


def test_plausible_dates_at_the_edges_are_accepted(corpus_dir):
    first = add_text("Old text.", directory=corpus_dir,
                     **{**META, "published": "1900-01-01", "url": ""})
    assert first.published == datetime.date(1900, 1, 1)
    ahead = datetime.date.today() + datetime.timedelta(days=300)
    soon = add_text("Embargoed text.", directory=corpus_dir,
                    **{**META, "published": ahead, "url": ""})
    assert soon.published == ahead


def test_added_file_respects_the_umask(corpus_dir):
    old = os.umask(0o022)
    try:
        article = add_text("Readable text.", directory=corpus_dir, **META)
    finally:
        os.umask(old)
    assert article.path.stat().st_mode & 0o777 == 0o644
    old = os.umask(0o077)
    try:
        private = add_text("Private text.", directory=corpus_dir, **{**META, "url": ""})
    finally:
        os.umask(old)
    assert private.path.stat().st_mode & 0o777 == 0o600


def test_rewrapped_text_gets_the_same_id(corpus_dir):
    first = add_text("The corridor opens.\nIt runs east.\n\nA second   paragraph.",
                     directory=corpus_dir, **META)
    with pytest.raises(ArticleExistsError, match=first.id):
        add_text("The corridor opens. It runs\neast.\n\n\n  A second paragraph.  ",
                 directory=corpus_dir, **{**META, "url": ""})


def test_rewrapped_copy_of_an_article_with_an_old_style_id_is_a_duplicate(corpus_dir):
    # The committed articles' ids were not made by normalised hashing; a re-wrapped copy of
    # one of them is still found by its normalised body.
    seed = load_corpus(corpus_dir).get("d3de398344552fac")
    text = "\n\n".join(" \n".join(p.text.split(" ", 1)) for p in seed.passages)
    with pytest.raises(ArticleExistsError, match="d3de398344552fac"):
        add_text(text, directory=corpus_dir, **{**META, "url": ""})


def test_many_short_lines_over_the_limit_after_formatting_are_refused(corpus_dir, tmp_path):
    source = tmp_path / "lines.txt"
    source.write_text("ab\n" * 1_400_000, encoding="utf-8")  # 4.2 MB, 5.6 MB as an article
    assert source.stat().st_size < 5 * 1024 * 1024
    before = snapshot(corpus_dir)
    with pytest.raises(AddArticleError, match=r"would be [\d,]+ bytes.*blank lines") as caught:
        add_file(source, directory=corpus_dir, **META)
    assert "did not read back" not in str(caught.value)
    assert snapshot(corpus_dir) == before


def test_two_simultaneous_adds_of_the_same_text_one_wins(corpus_dir, monkeypatch):
    """Both adds pass the duplicate check before either writes (a barrier holds them there);
    exclusive creation still lets only one write, and the other is told it is a duplicate."""
    import threading

    import corpus.adding as adding

    barrier = threading.Barrier(2, timeout=10)
    real_check = adding.refuse_duplicates

    def check_then_wait(*args):
        real_check(*args)
        barrier.wait()

    monkeypatch.setattr(adding, "refuse_duplicates", check_then_wait)
    results: dict[str, object] = {}

    def add(title: str) -> None:
        try:
            results[title] = add_text("The same text, twice at once.", directory=corpus_dir,
                                      **{**META, "title": title, "url": ""})
        except ArticleExistsError as error:
            results[title] = error

    threads = [threading.Thread(target=add, args=(t,)) for t in ("Title A", "Title B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [t for t, r in results.items() if not isinstance(r, Exception)]
    losers = [r for r in results.values() if isinstance(r, ArticleExistsError)]
    assert len(winners) == 1 and len(losers) == 1
    assert "already in the corpus" in str(losers[0])
    [article] = [r for r in results.values() if not isinstance(r, Exception)]
    assert load_corpus(corpus_dir).get(article.id).title == winners[0]
    assert not [p for p in corpus_dir.iterdir() if p.name.startswith(".")]


def test_concurrent_add_processes_write_one_file(corpus_dir, tmp_path):
    """Eight `corpus add` processes of the same text, started together: one writes, seven
    say it is already there (exit 2), and the file is complete."""
    import subprocess
    import sys

    source = tmp_path / "same.txt"
    source.write_text("One text added by many processes at once.\n", encoding="utf-8")
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "corpus", "add", str(source), "--title", f"T{n}",
             "--outlet", "", "--published", "", "--url", "", "--directory", str(corpus_dir)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(8)
    ]
    outcomes = [(p.wait(timeout=120), p.stderr.read()) for p in processes]
    assert sorted(code for code, _ in outcomes) == [0] + [2] * 7
    assert all("already" in err for code, err in outcomes if code)
    assert load_corpus(corpus_dir).problems == ()
    assert len(list(corpus_dir.glob("*.md"))) == 6
