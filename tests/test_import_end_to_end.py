"""The "Done when" of issue 11: a folder that mixes OpenGraph pages, JSON-LD pages (one in
Russian), plain pages, a syndicated copy, an empty page, a JSONL export, an RSS file and a
.txt lands every article with its title, date, outlet, URL and language; the copy is a
duplicate, the empty page skipped with a reason; a second run adds nothing; `corpus check`
passes and the dashboard's index holds the imported articles."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from corpus.articles import ARTICLES_DIR, load_corpus
from tests.ingest_fixtures import (
    OTHER_STORY,
    RUSSIAN_STORY,
    STORY,
    html_paragraphs,
    jsonld_page,
    og_page,
    plain_page,
    rss,
)

REPO = Path(__file__).resolve().parent.parent

ENERGY = [
    "Gas flows through the Southern Gas Corridor to Italy rose in the winter months, the "
    "operator of the Trans Adriatic Pipeline said, as buyers in south-east Europe booked "
    "more capacity.",
    "The expansion of the pipeline requires long-term contracts, which European buyers have "
    "been reluctant to sign because of their climate targets, analysts noted.",
]
PIPELINE = [
    "Crude exports through the Baku-Tbilisi-Ceyhan pipeline were steady in the third quarter, "
    "with most cargoes loaded at Ceyhan bound for Italy and Israel, traders said.",
    "Output from the fields that feed the line continued its slow decline, and the operator "
    "is looking at volumes from Kazakhstan to fill the spare capacity.",
]
TURKIC = [
    "Leaders of the Organization of Turkic States met in Astana to discuss transport links "
    "across the Caspian Sea and a common customs regime for transit freight.",
    "The summit statement called for faster work on the ports of Aktau and Alat and on the "
    "rail link between Kars and Nakhchivan, officials said after the meeting.",
]


def build_folder(root: Path) -> Path:
    folder = root / "archive"
    pages = folder / "pages"
    pages.mkdir(parents=True)
    (pages / "og-freight.html").write_text(og_page(
        STORY, title="Record freight on the Middle Corridor", site="Caspian Times",
        url="https://caspian.example/freight", published="2026-02-14"), encoding="utf-8")
    (pages / "og-energy.html").write_text(og_page(
        ENERGY, title="Southern Gas Corridor flows rise", site="Energy Post",
        url="https://energy.example/sgc", published="2026-01-20"), encoding="utf-8")
    (pages / "ld-pipeline.html").write_text(jsonld_page(
        PIPELINE, headline="BTC exports steady", publisher="Oil Wire",
        url="https://oilwire.example/btc", published="2026-01-05", author="R. Ahmadov",
        lang="en"), encoding="utf-8")
    (pages / "ld-russian.html").write_text(jsonld_page(
        RUSSIAN_STORY, headline="Рекорд Среднего коридора", publisher="Каспийский вестник",
        url="https://vestnik.example/ru/1", published="2026-03-01", author="Анна Иванова"),
        encoding="utf-8")
    (pages / "plain-turkic.html").write_text(plain_page(TURKIC, title="Turkic summit in Astana"),
                                             encoding="utf-8")
    copy = ["ASTANA (Wire Agency) — " + STORY[0], STORY[1], STORY[2].split(", according")[0]
            + "."]
    (pages / "syndicated-copy.html").write_text(og_page(
        copy, title="Freight record on Caspian route", site="Steppe Herald",
        url="https://steppe.example/freight-copy", published="2026-02-15"), encoding="utf-8")
    (pages / "empty.html").write_text("<html><body></body></html>", encoding="utf-8")
    (folder / "export.jsonl").write_text(json.dumps({
        "headline": "Caspian cable laid", "body": "\n\n".join(OTHER_STORY),
        "link": "https://cable.example/1", "publish_date": "2026-04-01", "media": "Cable News",
        "lang": "en"}) + "\n", encoding="utf-8")
    (folder / "wire.rss").write_text(rss([{
        "title": "Ferries at Aktau", "link": "https://wire.example/aktau",
        "date": "Mon, 16 Feb 2026 07:00:00 GMT",
        "content": html_paragraphs([
            "Ferry operators at the port of Aktau added two vessels to the route across the "
            "Caspian Sea to Baku, easing queues of rail wagons waiting at the terminal.",
            "The port authority said the new ferries would double the weekly sailings by the "
            "summer, when the Middle Corridor expects more containers from China."])}]),
        encoding="utf-8")
    (folder / "notes.txt").write_text(
        "Kazakhstan and Azerbaijan agreed to build a fibre optic line under the Caspian Sea.\n\n"
        "The cable will carry data between Central Asia and Europe via Georgia.\n",
        encoding="utf-8")
    return folder


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "corpus", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "CI": "true"})


def test_a_mixed_archive_lands_once_with_its_metadata(tmp_path):
    folder = build_folder(tmp_path)
    corpus_dir = tmp_path / "corpus"
    shutil.copytree(ARTICLES_DIR, corpus_dir)
    first = run("import", str(folder), "--directory", str(corpus_dir), "--json")
    assert first.returncode == 1, first.stderr  # the empty page is skipped
    rows = {Path(r["source"].split("#")[0]).name: r
            for r in map(json.loads, first.stdout.splitlines())}
    assert rows["empty.html"]["status"] == "skipped" and rows["empty.html"]["reason"]
    copy = rows["syndicated-copy.html"]
    assert copy["status"] == "duplicate"
    assert copy["duplicate_of"] == rows["og-freight.html"]["id"]
    expected = {
        "og-freight.html": ("Record freight on the Middle Corridor", "2026-02-14",
                            "Caspian Times", "https://caspian.example/freight", "en"),
        "og-energy.html": ("Southern Gas Corridor flows rise", "2026-01-20", "Energy Post",
                           "https://energy.example/sgc", "en"),
        "ld-pipeline.html": ("BTC exports steady", "2026-01-05", "Oil Wire",
                             "https://oilwire.example/btc", "en"),
        "ld-russian.html": ("Рекорд Среднего коридора", "2026-03-01", "Каспийский вестник",
                            "https://vestnik.example/ru/1", "ru"),
        "plain-turkic.html": ("Turkic summit in Astana", "", "", "", "en"),
        "export.jsonl": ("Caspian cable laid", "2026-04-01", "Cable News",
                         "https://cable.example/1", "en"),
        "wire.rss": ("Ferries at Aktau", "2026-02-16", "Example Wire",
                     "https://wire.example/aktau", "en"),
        "notes.txt": ("", "", "", "", "en"),
    }
    for name, (title, published, outlet, url, language) in expected.items():
        row = rows[name]
        assert row["status"] == "imported", row
        assert (row["title"], row["published"], row["outlet"], row["url"],
                row["language"]) == (title, published, outlet, url, language), name
    corpus = load_corpus(corpus_dir)
    assert corpus.problems == ()
    kept = corpus.get(rows["og-freight.html"]["id"])
    assert kept.also_published == (("Steppe Herald", "https://steppe.example/freight-copy"),)
    assert "1 duplicate, 1 skipped, 0 error" in first.stderr

    before = {p.name: p.read_bytes() for p in corpus_dir.iterdir() if p.suffix == ".md"}
    second = run("import", str(folder), "--directory", str(corpus_dir), "--json")
    statuses = [json.loads(line)["status"] for line in second.stdout.splitlines()]
    assert "imported" not in statuses and statuses.count("duplicate") == 9
    assert {p.name: p.read_bytes() for p in corpus_dir.iterdir() if p.suffix == ".md"} == before

    check = run("check", str(corpus_dir))
    assert check.returncode == 0, check.stdout + check.stderr

    from corpus.index import open_index

    index = open_index(corpus_dir, index_path=tmp_path / "index.sqlite")
    assert {rows[name]["id"] for name in expected} <= set(index.articles()["id"])
    caspian = index.feature_counts()
    assert caspian  # the imported articles are linked to map features
