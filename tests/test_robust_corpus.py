"""Issue 4, corpus: every kind of bad article in one folder next to the good ones.

`python -m corpus check` must name each bad file with its line and why, exit non-zero, and
every good article must still load with its passages unchanged. `python -m corpus add` must
refuse to overwrite, leave nothing half-written when it is killed mid-write, say what it
extracted, and never change an existing passage id.

Each test pins one protection; docs/robustness.md lists which.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from corpus.__main__ import EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS, main
from corpus.articles import ARTICLES_DIR, MAX_ARTICLE_BYTES, load_corpus

REPO = Path(__file__).resolve().parents[1]
SEED_IDS = sorted(p.stem for p in ARTICLES_DIR.glob("*.md"))
TWENTY_MB = 20 * 1024 * 1024

# file name -> (bytes, line the problem must be reported on, words the message must contain)
BAD_FILES: dict[str, tuple[bytes, int, str]] = {
    "no-front-matter.md": (b"Just text, no fences.\n\nSecond paragraph.\n", 1,
                           "missing front matter"),
    "unterminated.md": (b"---\nid: unterminated\ntitle: x\nBody without a closing fence.\n", 1,
                        "unterminated front matter"),
    "broken-yaml.md": (b"---\nid: broken-yaml\ntitle: [never closed\n---\nBody.\n", 3,
                       "not valid YAML"),
    "unknown-field.md": (b"---\nid: unknown-field\nsecret: 1\n---\nBody.\n", 3,
                         "unknown field 'secret'"),
    "bad-date.md": (b"---\nid: bad-date\npublished: 2026-02-30\n---\nBody.\n", 3,
                    "not a real date"),
    "not-a-date.md": (b"---\nid: not-a-date\npublished: last Tuesday\n---\nBody.\n", 3,
                      "ISO date"),
    "latin1.md": (b"---\nid: latin1\n---\nfirst line\nCaf\xe9 in Baku.\n", 5, "not UTF-8"),
    "empty.md": (b"", 1, "file is empty"),
    "blank.md": (b"  \n\n\t\n", 1, "file is empty"),
    "no-body.md": (b"---\nid: no-body\n---\n", 4, "no text after the front matter"),
    # A plain-text file whose id (its stem) is the id of a committed article.
    f"{SEED_IDS[0]}.txt": (b"Another text claiming the same id.\n", 1,
                           f"article id '{SEED_IDS[0]}' is also used by"),
}


def write_bad_corpus(directory: Path) -> Path:
    """The committed articles plus every bad file above and a 20 MB article."""
    shutil.copytree(ARTICLES_DIR, directory)
    for name, (data, _line, _words) in BAD_FILES.items():
        (directory / name).write_bytes(data)
    huge = directory / "huge.md"
    with huge.open("w", encoding="utf-8") as out:
        out.write("---\nid: huge\n---\n")
        paragraph = ("Baku and Aktau. " * 64).strip() + "\n\n"
        while out.tell() < TWENTY_MB:
            out.write(paragraph)
    return directory


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory) -> Path:
    return write_bad_corpus(tmp_path_factory.mktemp("bad") / "articles")


def test_check_names_every_bad_file_with_its_line_and_exits_non_zero(bad_corpus, capsys):
    assert main(["check", str(bad_corpus)]) == EXIT_PROBLEMS
    out = capsys.readouterr().out.splitlines()
    for name, (_data, line, words) in BAD_FILES.items():
        prefix = f"{bad_corpus / name}:{line}: "
        hits = [row for row in out if row.startswith(prefix)]
        assert hits, f"no problem reported as {prefix!r}; got:\n" + "\n".join(out)
        assert any(words in row for row in hits), (name, hits)
    huge = [row for row in out if row.startswith(f"{bad_corpus / 'huge.md'}:1: ")]
    assert huge and f"{MAX_ARTICLE_BYTES:,}-byte limit" in huge[0]
    # Nothing but the bad files is blamed.
    blamed = {Path(row.split(":", 1)[0]).name for row in out}
    assert blamed == {*BAD_FILES, "huge.md"}


def test_good_articles_load_unchanged_next_to_bad_ones(bad_corpus):
    clean = load_corpus(ARTICLES_DIR)
    loaded = load_corpus(bad_corpus)
    assert sorted(a.id for a in loaded.articles) == SEED_IDS
    for article in clean.articles:
        again = loaded.get(article.id)
        assert [(p.id, p.text) for p in again.passages] == [
            (p.id, p.text) for p in article.passages
        ]
    # One problem at least per bad file, each with a file and a line.
    assert {p.path.name for p in loaded.problems} == {*BAD_FILES, "huge.md"}
    assert all(p.line >= 1 for p in loaded.problems)


def test_check_as_a_module_exits_non_zero_quickly_on_the_bad_folder(bad_corpus):
    result = subprocess.run(
        [sys.executable, "-m", "corpus", "check", str(bad_corpus)],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == EXIT_PROBLEMS, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{len(BAD_FILES) + 1} problem(s)" in result.stderr
    assert f"{len(SEED_IDS)} articles" in result.stderr


def test_a_twenty_megabyte_article_is_refused_without_reading_it(tmp_path, monkeypatch):
    directory = tmp_path / "articles"
    directory.mkdir()
    huge = directory / "huge.md"
    with huge.open("wb") as out:
        out.truncate(TWENTY_MB)  # sparse: the size is what matters
    read = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or original(self))
    loaded = load_corpus(directory)
    assert huge not in read
    assert [p.path.name for p in loaded.problems] == ["huge.md"]


# --------------------------------------------------------------------------- corpus add

ARTICLE_TEXT = textwrap.dedent("""\
    Freight on the Middle Corridor crossed the Caspian Sea from Aktau to Baku this week.

    Officials in Yerevan said the TRIPP works near Meghri would start next year.

    A third paragraph with no feature at all.
    """)


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    directory = tmp_path / "articles"
    shutil.copytree(ARTICLES_DIR, directory)
    return directory


def add_args(source: Path, directory: Path, **overrides: str) -> list[str]:
    options = {"title": "Freight news", "outlet": "Example Wire", "published": "2026-02-20",
               "url": "https://example.org/freight", **overrides}
    args = ["add", str(source), "--directory", str(directory)]
    for key, value in options.items():
        args += [f"--{key}", value]
    return args


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_add_reports_what_it_extracted(corpus_copy, tmp_path, capsys):
    source = tmp_path / "freight.txt"
    source.write_text(ARTICLE_TEXT, encoding="utf-8")
    assert main(add_args(source, corpus_copy)) == EXIT_OK
    report = dict(
        line.split(":", 1) for line in capsys.readouterr().out.splitlines() if ":" in line
    )
    written = Path(report["written"].strip())
    added = load_corpus(corpus_copy).get(report["id"].strip())
    assert written == added.path and written.parent == corpus_copy
    assert report["title"].strip() == "Freight news"
    assert int(report["passages"]) == len(added.passages) == 3
    assert report["first"].strip() == added.passages[0].text


def test_add_refuses_to_overwrite_and_leaves_the_file_alone(corpus_copy, tmp_path, capsys):
    source = tmp_path / "freight.txt"
    source.write_text(ARTICLE_TEXT, encoding="utf-8")
    assert main(add_args(source, corpus_copy)) == EXIT_OK
    before = snapshot(corpus_copy)
    # Same text under another title and URL: same id, so the file would be replaced.
    again = main(add_args(source, corpus_copy, title="Other", url="https://example.org/o"))
    assert again == EXIT_ERROR
    assert "already" in capsys.readouterr().err
    assert snapshot(corpus_copy) == before


def test_add_never_changes_existing_passage_ids(corpus_copy, tmp_path):
    before = {a.id: [(p.id, p.text) for p in a.passages] for a in load_corpus(corpus_copy).articles}
    files_before = snapshot(corpus_copy)
    source = tmp_path / "freight.txt"
    source.write_text(ARTICLE_TEXT, encoding="utf-8")
    assert main(add_args(source, corpus_copy)) == EXIT_OK
    after = {a.id: [(p.id, p.text) for p in a.passages] for a in load_corpus(corpus_copy).articles}
    assert {k: after[k] for k in before} == before
    assert len(after) == len(before) + 1
    files_after = snapshot(corpus_copy)
    assert {k: files_after[k] for k in files_before} == files_before


# Runs `corpus add` in a child process that is SIGKILLed after the text is written and synced
# but before it is linked to its name: the harshest interruption (no cleanup code can run).
_KILL_BEFORE_RENAME = """
import os, signal, sys
import corpus.adding
def killed(src, dst):
    os.kill(os.getpid(), signal.SIGKILL)
corpus.adding.os.link = killed
from corpus.__main__ import main
sys.exit(main(sys.argv[1:]))
"""

# Killed halfway through writing the text.
_KILL_MID_WRITE = """
import io, os, signal, sys
import corpus.adding
real = os.fdopen
def half_then_die(*args, **kwargs):
    handle = real(*args, **kwargs)
    write = handle.write
    def write_half(text):
        write(text[: len(text) // 2])
        handle.flush()
        os.kill(os.getpid(), signal.SIGKILL)
    handle.write = write_half
    return handle
corpus.adding.os.fdopen = half_then_die
from corpus.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("script", [_KILL_BEFORE_RENAME, _KILL_MID_WRITE],
                         ids=["killed-before-rename", "killed-mid-write"])
def test_add_killed_mid_way_leaves_no_article_file(corpus_copy, tmp_path, script):
    before = snapshot(corpus_copy)
    source = tmp_path / "freight.txt"
    source.write_text(ARTICLE_TEXT, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", script, *add_args(source, corpus_copy)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == -9, result.stderr  # it really was killed
    after = snapshot(corpus_copy)
    new = sorted(set(after) - set(before))
    # At most the hidden temporary file is left; never a (partial) article file.
    assert all(name.startswith(".") and name.endswith(".tmp") for name in new), new
    assert {k: after[k] for k in before} == before
    loaded = load_corpus(corpus_copy)
    assert not loaded.problems
    assert sorted(a.id for a in loaded.articles) == SEED_IDS
    # The interrupted add can simply be run again.
    assert main(add_args(source, corpus_copy)) == EXIT_OK
    assert len(load_corpus(corpus_copy).articles) == len(SEED_IDS) + 1
