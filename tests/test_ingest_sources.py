"""corpus import of exports (JSONL, JSON, CSV), feeds (RSS, Atom) and zips: the usual
columns, every bad row with its reason, items with full text, archives read in memory."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from corpus.articles import load_corpus
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

# --------------------------------------------------------------------------- exports


def test_jsonl_export_with_a_line_that_is_not_json(tmp_path, corpus_dir, capsys):
    rows = [{"headline": "Cable laid", "body": "\n\n".join(OTHER_STORY), "link":
             "https://cable.example/1", "publish_date": "2026-04-01T08:00:00Z",
             "media": "Cable News", "lang": "English", "sentiment": 0.3}]
    export = write(tmp_path / "export.jsonl", json.dumps(rows[0]) + "\n{not json\n[1, 2]\n")
    code, out, err = run_import(capsys, str(export), "--directory", str(corpus_dir))
    first, bad, listed = out
    assert code == 1
    assert first["source"].endswith("export.jsonl#1") and first["status"] == "imported"
    assert (first["title"], first["url"], first["published"], first["outlet"],
            first["language"]) == ("Cable laid", "https://cable.example/1", "2026-04-01",
                                   "Cable News", "en")
    assert "'sentiment'" in first["reason"]  # an unknown column is reported
    assert bad["status"] == "error" and "line 2 is not JSON" in bad["reason"]
    assert listed["status"] == "error" and "not an object" in listed["reason"]


def test_json_list_export(tmp_path, corpus_dir, capsys):
    export = write(tmp_path / "export.json", json.dumps([
        {"title": "One", "text": "\n\n".join(STORY), "date": "2026-02-01"},
        {"title": "No text", "text": ""},
    ]))
    code, (one, empty), _ = run_import(capsys, str(export), "--directory", str(corpus_dir))
    assert code == 1 and one["status"] == "imported" and one["published"] == "2026-02-01"
    assert empty["status"] == "skipped" and "no text" in empty["reason"]


def test_csv_with_usual_columns_and_a_broken_quote(tmp_path, corpus_dir, capsys):
    good = '"{}"'.format("\n\n".join(STORY).replace('"', '""'))
    other = '"{}"'.format("\n\n".join(OTHER_STORY))
    text = ("title,content,url,date,source,author,extra\n"
            f"Freight,{good},https://f.example/1,2026-02-03,Freight Daily,Ann,x\n"
            f"Cable,{other},https://c.example/2,2026-02-04,Cable Daily,Bo,y\n"
            'Broken,"an unterminated quote,https://b.example/3,2026-02-05,B,C,z\n')
    export = write(tmp_path / "export.csv", text)
    code, rows, _ = run_import(capsys, str(export), "--directory", str(corpus_dir))
    assert code == 1
    assert [r["status"] for r in rows] == ["imported", "imported", "error"]
    assert rows[0]["outlet"] == "Freight Daily" and rows[0]["published"] == "2026-02-03"
    assert "'extra'" in rows[0]["reason"]
    assert "quoting" in rows[2]["reason"] and rows[2]["source"].endswith("#3")


def test_csv_without_a_text_column_is_an_error(tmp_path, corpus_dir, capsys):
    export = write(tmp_path / "export.csv", "title,summary\nA,B\n")
    code, [row], _ = run_import(capsys, str(export), "--directory", str(corpus_dir))
    assert code == 1 and "no text column" in row["reason"]


# --------------------------------------------------------------------------- feeds


def test_rss_items_with_full_text_are_imported_from_the_feed(tmp_path, corpus_dir, capsys):
    feed = write(tmp_path / "wire.rss", rss([
        {"title": "Freight", "link": "https://wire.example/freight",
         "date": "Sat, 14 Feb 2026 10:00:00 +0000", "content": html_paragraphs(STORY),
         "author": "Desk"},
        {"title": "Cable", "link": "https://wire.example/cable",
         "date": "Sun, 15 Feb 2026 10:00:00 +0000", "content": html_paragraphs(OTHER_STORY)},
    ]))
    code, rows, _ = run_import(capsys, str(feed), "--directory", str(corpus_dir))
    assert code == 0 and [r["status"] for r in rows] == ["imported", "imported"]
    assert rows[0]["source"].endswith("wire.rss#1")
    assert (rows[0]["published"], rows[0]["outlet"], rows[0]["url"]) == (
        "2026-02-14", "Example Wire", "https://wire.example/freight")
    assert [p.text for p in load_corpus(corpus_dir).get(rows[0]["id"]).passages] == STORY


def test_atom_feed_with_content(tmp_path, corpus_dir, capsys):
    atom = ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            "<title>Atom Desk</title><id>urn:x</id><updated>2026-02-01T00:00:00Z</updated>"
            "<entry><title>Freight</title><id>urn:1</id><link href='https://a.example/1'/>"
            "<updated>2026-02-20T10:00:00Z</updated><content type='html'>"
            + html_paragraphs(STORY).replace("<", "&lt;").replace(">", "&gt;")
            + "</content></entry></feed>")
    feed = write(tmp_path / "desk.atom", atom)
    code, [row], _ = run_import(capsys, str(feed), "--directory", str(corpus_dir))
    assert code == 0 and row["published"] == "2026-02-20" and row["outlet"] == "Atom Desk"


def test_malformed_feed_is_an_error_and_the_rest_lands(tmp_path, corpus_dir, capsys):
    write(tmp_path / "in" / "broken.rss", "<rss version='2.0'><channel><title>x</titl")
    write(tmp_path / "in" / "story.txt", "\n\n".join(STORY))
    code, rows, _ = run_import(capsys, str(tmp_path / "in"), "--directory", str(corpus_dir))
    rows = by_source(rows)
    assert code == 1 and rows["broken.rss"]["status"] == "error"
    assert "malformed feed" in rows["broken.rss"]["reason"]
    assert rows["story.txt"]["status"] == "imported"


def test_link_only_items_are_not_fetched_without_a_fetcher(tmp_path, corpus_dir):
    from corpus.ingest import kinds
    from corpus.ingest.importer import Importer

    data = rss([{"title": "Only a link", "link": "http://127.0.0.1:9/never"}]).encode()
    [item] = kinds.read_bytes(data, "upload.rss", name="upload.rss")
    outcome = Importer(corpus_dir, fetcher=None).import_item(item)
    assert outcome.status == "skipped" and "command-line feature" in outcome.reason


# --------------------------------------------------------------------------- zips


def zip_bytes(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_of_pages_is_read_in_memory(tmp_path, corpus_dir, capsys):
    archive = write(tmp_path / "pages.zip", zip_bytes({
        "a/freight.html": og_page(STORY, title="Freight", site="S", url="https://s.example/f",
                                  published="2026-02-01").encode(),
        "cable.txt": "\n\n".join(OTHER_STORY).encode()}))
    code, rows, _ = run_import(capsys, str(archive), "--directory", str(corpus_dir))
    assert code == 0 and len(rows) == 2
    assert rows[0]["source"].endswith("pages.zip/a/freight.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "pages.zip"]


@pytest.mark.parametrize(("members", "reason"), [
    ({"../escape.html": b"<p>x</p>", "ok.txt": b"text"}, "path traversal"),
    ({"/etc/cron.d/x.txt": b"text"}, "path traversal"),
    ({"bomb.txt": b"0" * (20 * 1024 * 1024)}, "zip bomb"),
])
def test_hostile_zips_are_refused_before_anything_is_read(tmp_path, corpus_dir, capsys,
                                                           members, reason):
    archive = write(tmp_path / "in" / "hostile.zip", zip_bytes(members))
    write(tmp_path / "in" / "story.txt", "\n\n".join(STORY))
    code, rows, _ = run_import(capsys, str(tmp_path / "in"), "--directory", str(corpus_dir))
    rows = by_source(rows)
    assert code == 1
    assert rows["hostile.zip"]["status"] == "error" and reason in rows["hostile.zip"]["reason"]
    assert rows["story.txt"]["status"] == "imported"
    assert not (tmp_path / "escape.html").exists() and archive.exists()


def test_zip_member_over_the_cap_is_skipped(tmp_path, corpus_dir, capsys):
    import os

    big = os.urandom(6 * 1024 * 1024)  # incompressible, so not a bomb
    archive = write(tmp_path / "big.zip", zip_bytes({"big.txt": big,
                                                      "ok.txt": "\n\n".join(STORY).encode()}))
    code, rows, _ = run_import(capsys, str(archive), "--directory", str(corpus_dir))
    rows = by_source(rows)
    assert code == 1
    assert [r["status"] for r in rows.values()] == ["skipped", "imported"]


