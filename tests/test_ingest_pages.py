"""The author of a saved page is kept as the page writes it (issue 11): trafilatura's author
normalisation turns "J. R. Smith" into "J R Smith", so the page's own metadata (JSON-LD,
<meta name=author>) or its byline is read again."""

from __future__ import annotations

import html
import json

import pytest

from corpus.articles import load_corpus
from corpus.ingest.pages import meta_author, page_author
from tests.ingest_fixtures import STORY, jsonld_page, run_import, write


def _page(head: str = "", byline: str = "") -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in STORY)
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Freight</title>"
            f"{head}</head><body><article><h1>Freight</h1>{byline}{paragraphs}</article>"
            "</body></html>")


def _jsonld_authors(*names: str) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Freight",
            "author": [{"@type": "Person", "name": name} for name in names]}
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


@pytest.mark.parametrize(("page", "author"), [
    (_page(head="<meta name='author' content='J. R. Smith'>"), "J. R. Smith"),
    (_page(head='<meta content="Dr. J.R.R. Tolkien-Smith, Jr." name="author" />'),
     "Dr. J.R.R. Tolkien-Smith, Jr."),
    (_page(head="<meta property='article:author' content='By A. B. Jones'>"), "A. B. Jones"),
    (_page(head=_jsonld_authors("J. R. Smith", "A.B. Jones")), "J. R. Smith; A.B. Jones"),
    (jsonld_page(STORY, headline="Freight", publisher="Wire", url="https://w.example/1",
                 published="2026-02-01", author="R. Ahmadov"), "R. Ahmadov"),
    (_page(byline="<p class='byline'>By J.&nbsp;R. Smith</p>"), "J. R. Smith"),
    (_page(byline="<span rel='author'>E. S. Mammadova</span>"), "E. S. Mammadova"),
    (_page(head="<meta name='author' content='Иван И. Петров'>"), "Иван И. Петров"),
], ids=["meta", "meta-reversed-attributes", "article-author-by", "jsonld-list", "jsonld-one",
        "byline", "rel-author", "cyrillic-initial"])
def test_author_initials_keep_their_periods(tmp_path, corpus_dir, capsys, page, author):
    saved = write(tmp_path / "page.html", page)
    code, [row], _ = run_import(capsys, str(saved), "--directory", str(corpus_dir))
    assert code == 0, row
    assert load_corpus(corpus_dir).get(row["id"]).author == author


def test_an_author_link_or_address_is_not_a_name():
    page = _page(head="<meta name='author' content='https://wire.example/staff/jrs'>"
                      "<meta name='author' content='desk@wire.example'>")
    assert meta_author(page) == ""


def test_several_author_tags_are_kept_in_order_once_each():
    page = _page(head="<meta name='author' content='J. R. Smith'>"
                      "<meta name='author' content='A. Aliyev'>"
                      "<meta name='dc.creator' content='J. R. Smith'>")
    assert meta_author(page) == "J. R. Smith; A. Aliyev"


def test_a_name_not_found_in_the_page_stays_as_trafilatura_gave_it():
    assert page_author(_page(), "J R Smith", {}) == "J R Smith"
    assert page_author(_page(), "", {}) == ""


def test_a_byline_name_is_not_taken_from_an_email_address():
    page = _page(byline="<p>Write to j.r.smith@wire.example</p><p class='byline'>By J. R. "
                        "Smith</p>")
    assert page_author(page, "J R Smith", {}) == "J. R. Smith"
