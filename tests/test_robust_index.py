"""The index under concurrency, kills and change (issue 13, items 5-9).

Builds are serialised on a lock, a build is one WAL transaction (readers see the previous
complete index until it commits, a kill leaves it), the same folder named two ways is one
index, and ``--index`` never turns someone's file into a database.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from test_index import table_rows, write_article, write_layers

import corpus.index as index_module
from corpus.__main__ import main
from corpus.files import exclusive_lock
from corpus.index import MentionIndex, build_index, lock_path
from dashboard import data

REPO = Path(__file__).resolve().parents[1]

# `corpus index` with a linker slowed by argv[1] seconds a file, so that two
# builds started together certainly overlap and a kill lands in the middle of one.
SLOW_CLI = (
    "import sys, time\n"
    "import corpus.index as i\n"
    "real = i.link_file\n"
    "def slow(*a, **k):\n"
    "    time.sleep(float(sys.argv[1]))\n"
    "    return real(*a, **k)\n"
    "i.link_file = slow\n"
    "from corpus.__main__ import main\n"
    "raise SystemExit(main(sys.argv[2:]))\n"
)


def many_articles(directory: Path, n: int = 60) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        write_article(directory, f"art{k:03d}", [f"TRIPP crosses Armenia, report {k}.",
                                                 "Azerbaijani officials met in Yerevan."],
                      outlet=f"Outlet {k % 3}", published="2026-01-15")
    return directory


def slow_index(corpus_dir: Path, layers: Path, index: Path, delay: float = 0.02
               ) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", SLOW_CLI, str(delay), "index", str(corpus_dir), "--layers",
         str(layers), "--index", str(index)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def reference_rows(corpus_dir: Path, layers: Path, tmp_path: Path) -> dict:
    """What one clean build of the corpus holds."""
    reference = tmp_path / f"reference-{time.monotonic_ns()}.sqlite"
    build_index(corpus_dir, layers_dir=layers, index_path=reference)
    return table_rows(reference)


@pytest.fixture
def layers(tmp_path) -> Path:
    return write_layers(tmp_path / "layers")


def test_two_concurrent_index_builds_then_an_edit_give_a_correct_index(tmp_path, layers):
    corpus_dir = many_articles(tmp_path / "articles")
    index = tmp_path / "index.sqlite"
    # 50 ms a file: 3 s of linking, far longer than the two interpreters' start-up skew.
    first = slow_index(corpus_dir, layers, index, delay=0.05)
    second = slow_index(corpus_dir, layers, index, delay=0.05)
    outputs = [process.communicate(timeout=120) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert any("waiting for it to finish" in err for _out, err in outputs), outputs
    assert table_rows(index) == reference_rows(corpus_dir, layers, tmp_path)

    # An edit after the two builds is indexed, with no "also used by" problem.
    write_article(corpus_dir, "art007", ["The Middle Corridor, edited in place."],
                  outlet="Edited outlet", published="2026-01-20")
    edit = slow_index(corpus_dir, layers, index, delay=0)
    out, err = edit.communicate(timeout=120)
    assert edit.returncode == 0, err
    assert "1 linked, 59 unchanged" in out
    assert table_rows(index) == reference_rows(corpus_dir, layers, tmp_path)
    opened = MentionIndex(index)
    assert opened.problems() == []
    assert opened.articles().set_index("id").loc["art007", "outlet"] == "Edited outlet"


def test_a_build_started_once_the_first_has_created_a_new_index_file_waits_for_it(
        tmp_path, layers):
    # The second build used to look at the new --index file before taking the lock: its
    # tables not committed yet, it was "not an index written by Corridor Atlas" (exit 2).
    corpus_dir = many_articles(tmp_path / "articles")
    index = tmp_path / "new.sqlite"
    first = slow_index(corpus_dir, layers, index, delay=0.05)
    deadline = time.monotonic() + 60
    while not (index.exists() and index.stat().st_size) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert first.poll() is None, "the first build ended before the second could start"
    second = slow_index(corpus_dir, layers, index, delay=0)
    outputs = [process.communicate(timeout=120) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert "waiting for it to finish" in outputs[1][1], outputs
    assert table_rows(index) == reference_rows(corpus_dir, layers, tmp_path)


def test_a_reader_during_a_full_rebuild_sees_the_previous_complete_index(tmp_path, layers):
    corpus_dir = many_articles(tmp_path / "articles", 20)
    index = tmp_path / "index.sqlite"
    build_index(corpus_dir, layers_dir=layers, index_path=index)
    before = table_rows(index)
    reader = MentionIndex(index)
    counts = reader.feature_summary("azerbaijan")
    assert counts == (20, 20)

    # A full rebuild (the layers changed) stopped half-way, inside its transaction.
    write_layers(layers, extra_alias="Crossroads of Peace")
    halfway, release = threading.Event(), threading.Event()

    def progress(done: int, total: int) -> None:
        if done == total // 2:
            halfway.set()
            release.wait(30)

    builder = threading.Thread(target=build_index, args=(corpus_dir,),
                               kwargs={"layers_dir": layers, "index_path": index,
                                       "progress": progress})
    builder.start()
    try:
        assert halfway.wait(30)
        assert reader.feature_summary("azerbaijan") == counts
        assert table_rows(index) == before
        # The dashboard does not wait for the build: it opens the previous index, says so.
        opened = data.open_corpus(corpus_dir, layers, index_path=index)
        assert opened.stale and len(opened.articles) == 20
        assert any("another process is updating" in p.message for p in opened.problems)
    finally:
        release.set()
        builder.join(60)
    assert not builder.is_alive()
    assert table_rows(index) == reference_rows(corpus_dir, layers, tmp_path)
    assert not data.open_corpus(corpus_dir, layers, index_path=index).stale


def wait_until_linked(process: subprocess.Popen, files: int) -> None:
    """Return once the progress bar of ``process`` shows at least ``files`` linked."""
    seen = ""
    while process.poll() is None:
        chunk = os.read(process.stderr.fileno(), 256).decode("utf-8", "replace")
        seen += chunk
        done = [int(n) for n in re.findall(r"(\d+)/\d+ \[", seen)]
        if not chunk or (done and max(done) >= files):
            return


def test_the_page_opened_while_the_command_line_builds_shows_the_previous_index(tmp_path,
                                                                                layers):
    corpus_dir = many_articles(tmp_path / "articles", 40)
    index = tmp_path / "index.sqlite"
    build_index(corpus_dir, layers_dir=layers, index_path=index)
    previous = table_rows(index)
    write_layers(layers, extra_alias="Crossroads of Peace")  # a full rebuild
    process = slow_index(corpus_dir, layers, index, delay=0.05)
    try:
        wait_until_linked(process, 5)
        assert process.poll() is None
        started = time.monotonic()
        opened = data.open_corpus(corpus_dir, layers, index_path=index)
        assert time.monotonic() - started < 1.5  # it did not wait for the build
        assert opened.stale and len(opened.articles) == 40
        assert opened.index.feature_summary("azerbaijan") == (40, 40)
        assert table_rows(index) == previous
    finally:
        process.communicate(timeout=120)
    assert process.returncode == 0
    assert not data.open_corpus(corpus_dir, layers, index_path=index).stale
    assert table_rows(index) == reference_rows(corpus_dir, layers, tmp_path)


def kill_when_linked(process: subprocess.Popen, files: int) -> None:
    """SIGKILL ``process`` once its progress bar shows at least ``files`` linked (0: as
    soon as it starts, before the build)."""
    if files:
        wait_until_linked(process, files)
    else:
        time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


@pytest.mark.parametrize("files", [0, 4, 20, 36])
def test_a_build_killed_at_any_point_leaves_the_previous_index(tmp_path, layers, files):
    corpus_dir = many_articles(tmp_path / "articles", 40)
    index = tmp_path / "index.sqlite"
    build_index(corpus_dir, layers_dir=layers, index_path=index)
    before = table_rows(index)
    write_layers(layers, extra_alias="Crossroads of Peace")  # a full rebuild
    process = slow_index(corpus_dir, layers, index, delay=0.05)
    kill_when_linked(process, files)
    assert process.returncode == -signal.SIGKILL  # killed, not finished
    assert MentionIndex(index).is_complete()
    assert table_rows(index) == before
    assert MentionIndex(index).feature_summary("azerbaijan") == (40, 40)
    # The next build completes the rebuild.
    report = build_index(corpus_dir, layers_dir=layers, index_path=index)
    assert report.full_rebuild
    assert table_rows(index) == reference_rows(corpus_dir, layers, tmp_path)


def test_a_second_build_can_say_another_is_running_instead_of_waiting(tmp_path, layers):
    corpus_dir = many_articles(tmp_path / "articles", 3)
    index = tmp_path / "index.sqlite"
    with exclusive_lock(lock_path(index)), pytest.raises(index_module.IndexBusy) as busy:
        build_index(corpus_dir, layers_dir=layers, index_path=index, wait=False)
    assert f"process {os.getpid()}" in str(busy.value)
    assert not index.exists()


def test_the_same_folder_named_two_ways_is_one_corpus(tmp_path, layers, monkeypatch):
    monkeypatch.setattr(index_module, "INDEX_DIR", tmp_path / "indexes")
    many_articles(tmp_path / "articles", 4)
    (tmp_path / "link").symlink_to(tmp_path / "articles")
    monkeypatch.chdir(tmp_path)
    first = build_index("articles", layers_dir=layers)
    assert first.linked == 4
    for name in (str(tmp_path / "articles"), "link", "./articles/"):
        again = build_index(name, layers_dir=layers)
        assert again.path == first.path
        assert (again.linked, again.removed, again.full_rebuild) == (0, 0, False)


def test_an_index_against_other_layers_does_not_rebuild_the_dashboards(tmp_path, layers,
                                                                       monkeypatch):
    # `corpus index --layers <edited copy>` must leave the default-layers index alone.
    monkeypatch.setattr(index_module, "INDEX_DIR", tmp_path / "indexes")
    corpus_dir = many_articles(tmp_path / "articles", 4)
    edited = write_layers(tmp_path / "edited", extra_alias="Crossroads of Peace")
    mine = build_index(corpus_dir, layers_dir=layers)
    other = build_index(corpus_dir, layers_dir=edited)
    assert other.path != mine.path
    assert build_index(corpus_dir, layers_dir=layers).linked == 0


def test_a_missing_corpus_folder_creates_no_index(tmp_path, layers, monkeypatch):
    monkeypatch.setattr(index_module, "INDEX_DIR", tmp_path / "indexes")
    with pytest.raises(index_module.CorpusFolderMissing, match="no such folder"):
        build_index(tmp_path / "missing", layers_dir=layers)
    with pytest.raises(data.CorpusFolderMissing, match="CORRIDOR_ATLAS_CORPUS"):
        data.open_corpus(tmp_path / "missing", layers)
    assert not (tmp_path / "indexes").exists()


# --------------------------------------------------------------------------- --index FILE


@pytest.fixture
def small(tmp_path, layers):
    corpus_dir = many_articles(tmp_path / "articles", 2)
    return corpus_dir, ["--layers", str(layers)]


def test_index_option_refuses_to_turn_a_text_file_into_a_database(tmp_path, small, capsys):
    corpus_dir, options = small
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    assert main(["index", str(corpus_dir), *options, "--index", str(notes)]) == 2
    err = capsys.readouterr().err
    assert "notes.txt already exists and is not an index" in err and "--force" in err
    assert notes.read_text(encoding="utf-8") == "my notes\n"
    # Our own index is updated in place; --force replaces the text file.
    ours = tmp_path / "ours.sqlite"
    assert main(["index", str(corpus_dir), *options, "--index", str(ours)]) == 0
    assert main(["index", str(corpus_dir), *options, "--index", str(ours)]) == 0
    assert main(["index", str(corpus_dir), *options, "--index", str(notes), "--force"]) == 0
    assert MentionIndex(notes).is_complete()


def test_index_option_refuses_a_symlink_and_a_device(tmp_path, small, capsys):
    corpus_dir, options = small
    target = tmp_path / "target.sqlite"
    (tmp_path / "link.sqlite").symlink_to(target)
    for path, kind in ((tmp_path / "link.sqlite", "a symbolic link"),
                       (Path("/dev/null"), "a character device")):
        assert main(["index", str(corpus_dir), *options, "--index", str(path),
                     "--force"]) == 2
        assert f"is {kind}" in capsys.readouterr().err
    assert not target.exists()
    assert (tmp_path / "link.sqlite").is_symlink()


def test_a_foreign_sqlite_database_is_not_an_index(tmp_path, small, capsys):
    corpus_dir, options = small
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    assert main(["index", str(corpus_dir), *options, "--index", str(other)]) == 2
    with sqlite3.connect(other) as connection:
        assert connection.execute("SELECT name FROM sqlite_master").fetchall() == [("notes",)]


def test_an_index_file_in_a_new_folder_is_created(tmp_path, small):
    corpus_dir, options = small
    assert main(["index", str(corpus_dir), *options, "--index",
                 str(tmp_path / "new" / "folder" / "i.sqlite")]) == 0
    assert MentionIndex(tmp_path / "new" / "folder" / "i.sqlite").is_complete()


@pytest.mark.parametrize("files", [0, 5])
def test_a_killed_first_build_into_a_new_index_file_is_finished_by_the_next(tmp_path, small,
                                                                             layers, files):
    # The first build into a new --index file used to leave a file with no committed
    # tables: the next build refused it as "not an index written by Corridor Atlas"
    # unless given --force.
    corpus_dir = many_articles(tmp_path / "articles", 40)
    index = tmp_path / "new.sqlite"
    process = slow_index(corpus_dir, layers, index, delay=0.05)
    deadline = time.monotonic() + 60
    while not index.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    kill_when_linked(process, files)
    assert process.returncode == -signal.SIGKILL  # killed, not finished
    assert index.exists() and not MentionIndex(index).is_complete()
    assert main(["index", str(corpus_dir), "--layers", str(layers), "--index",
                 str(index)]) == 0
    assert MentionIndex(index).is_complete()
    assert table_rows(index) == reference_rows(corpus_dir, layers, tmp_path)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_what_a_kill_left_beside_a_new_index_file_is_cleared(tmp_path, small):
    # A build killed while making a new index file leaves its hidden half-made copy.
    corpus_dir, options = small
    index = tmp_path / "i.sqlite"
    (tmp_path / ".i.sqlite.new").write_bytes(b"SQLite format 3\x00 half written")
    (tmp_path / ".i.sqlite.new-wal").write_bytes(b"frames of a killed build")
    assert main(["index", str(corpus_dir), *options, "--index", str(index)]) == 0
    assert MentionIndex(index).is_complete() and len(MentionIndex(index).articles()) == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
