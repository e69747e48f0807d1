"""Reading bad files (issue 13, items 2-4): implausible dates, unreadable files and
special files are named problems in check, link, index, export and the dashboard; nothing
hangs, nothing crashes, the other articles load."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from test_index import write_article, write_layers

from corpus import articles as articles_module
from corpus.__main__ import main
from corpus.articles import (
    MAX_ARTICLE_BYTES,
    formatted_size_problem,
    load_corpus,
    parse_article,
    plausible_date_range,
)
from corpus.index import MentionIndex, build_index
from dashboard import data, queries

REPO = Path(__file__).resolve().parents[1]
IMPLAUSIBLE = ["1026-02-13", "0001-01-01", "9999-12-31", "2099-01-01", "1899-12-31"]


@pytest.fixture
def layers(tmp_path) -> Path:
    return write_layers(tmp_path / "layers")


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    directory = tmp_path / "articles"
    directory.mkdir()
    write_article(directory, "good", ["TRIPP crosses Armenia."], outlet="Outlet One",
                  published="2026-02-01")
    return directory


def cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """``python -m corpus ARGS`` in a subprocess (a hang fails the test, never the run)."""
    return subprocess.run([sys.executable, "-m", "corpus", *args], cwd=REPO, text=True,
                          capture_output=True, timeout=timeout)


# --------------------------------------------------------------------------- item 2: dates


@pytest.mark.parametrize("date", IMPLAUSIBLE)
def test_check_reports_an_implausible_date_and_the_article_loads_undated(corpus_dir, date,
                                                                         capsys):
    write_article(corpus_dir, "typo", ["The Middle Corridor."], published=date)
    corpus = load_corpus(corpus_dir)
    assert [a.id for a in corpus.articles] == ["good", "typo"]
    assert corpus.get("typo").published is None
    [problem] = corpus.problems
    assert problem.path.name == "typo.md" and problem.line == 6
    assert f"published {date} is not a plausible news date" in problem.message
    first, last = plausible_date_range()
    assert f"{first.isoformat()} to {last.isoformat()}" in problem.message
    assert main(["check", str(corpus_dir)]) == 1
    assert f"typo.md:6: published {date} is not a plausible" in capsys.readouterr().out


def test_a_plausible_date_is_no_problem(corpus_dir):
    write_article(corpus_dir, "edge", ["Text."], published="1900-01-01")
    assert load_corpus(corpus_dir).problems == ()
    assert parse_article(corpus_dir / "edge.md").published.year == 1900


def test_the_index_keeps_the_article_undated_and_names_the_date(corpus_dir, layers, tmp_path):
    write_article(corpus_dir, "typo", ["The Middle Corridor."], published="1026-02-13")
    index = MentionIndex(build_index(corpus_dir, layers_dir=layers,
                                     index_path=tmp_path / "i.sqlite").path)
    table = index.articles().set_index("id")
    assert pd.isna(table.loc["typo", "published"])
    assert any("published 1026-02-13 is not a plausible" in p for p in index.problems())
    assert index.feature_summary("middle_corridor") == (1, 1)


def test_the_date_controls_ignore_a_date_already_in_an_index(tmp_path):
    # An index written by older code may still hold 1026-02-13: the controls never see it.

    table = pd.DataFrame({"published": ["1026-02-13", "2026-02-01", None, "9999-12-31",
                                        "2025-05-05", "not a date"]})
    assert queries.date_range(table) == (queries.dt.date(2025, 5, 5), queries.dt.date(2026, 2, 1))
    assert queries.date_range(pd.DataFrame({"published": ["0001-01-01"]})) is None


# --------------------------------------------------------------------------- item 3: unreadable


@pytest.fixture
def unreadable(corpus_dir, monkeypatch) -> Path:
    """An article file with mode 000. Root reads any file, so as root opening it is made to
    fail as it does for any other user (os.open raises EACCES for that one path)."""
    path = write_article(corpus_dir, "secret", ["Azerbaijan."], published="2026-01-01")
    path.chmod(0)
    if os.geteuid() == 0:
        real_open = os.open

        def deny(target, flags, *args, **kwargs):
            if Path(target) == path:
                raise PermissionError(errno.EACCES, "Permission denied", str(target))
            return real_open(target, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", deny)
    yield path
    path.chmod(0o644)


def test_an_unreadable_file_is_a_named_problem_in_check(corpus_dir, unreadable, capsys):
    assert main(["check", str(corpus_dir)]) == 1
    assert "secret.md:1: cannot read the file: Permission denied" in capsys.readouterr().out


def test_an_unreadable_file_is_a_named_problem_in_index(corpus_dir, unreadable, layers,
                                                        tmp_path, capsys):
    assert main(["index", str(corpus_dir), "--layers", str(layers), "--index",
                 str(tmp_path / "i.sqlite")]) == 1
    captured = capsys.readouterr()
    assert "secret.md:1: cannot read the file: Permission denied" in captured.err
    assert "1 linked" not in captured.out and "2 linked" in captured.out
    assert MentionIndex(tmp_path / "i.sqlite").feature_summary("tripp") == (1, 1)


def test_an_unreadable_file_is_a_named_problem_in_export(corpus_dir, unreadable, layers,
                                                         tmp_path, capsys):
    assert main(["export", "--format", "csv", "--corpus", str(corpus_dir), "--layers",
                 str(layers), "--index", str(tmp_path / "i.sqlite")]) == 0
    captured = capsys.readouterr()
    assert "warning: " in captured.err and "secret.md:1: cannot read the file" in captured.err
    assert "good:1" in captured.out


def test_an_unreadable_file_is_a_named_problem_in_the_dashboard(corpus_dir, unreadable,
                                                                layers, tmp_path):
    opened = data.open_corpus(corpus_dir, layers, index_path=tmp_path / "i.sqlite")
    assert [(Path(p.path).name, p.where) for p in opened.problems] == [("secret.md", "line 1")]
    assert "Permission denied" in opened.problems[0].message
    assert list(opened.articles["id"]) == ["good"]


def test_once_readable_the_file_is_indexed(corpus_dir, unreadable, layers, tmp_path,
                                           monkeypatch):
    build_index(corpus_dir, layers_dir=layers, index_path=tmp_path / "i.sqlite")
    monkeypatch.undo()  # the file can be opened again (as root)
    unreadable.chmod(0o644)
    build_index(corpus_dir, layers_dir=layers, index_path=tmp_path / "i.sqlite")
    index = MentionIndex(tmp_path / "i.sqlite")
    assert index.problems() == [] and set(index.articles()["id"]) == {"good", "secret"}


# --------------------------------------------------------------------------- item 4: special files


@pytest.fixture
def fifo(corpus_dir) -> Path:
    path = corpus_dir / "pipe.md"
    os.mkfifo(path)
    return path


def test_a_fifo_never_hangs_check_and_is_named(corpus_dir, fifo):
    for target in (corpus_dir, fifo):
        result = cli("check", str(target))
        assert result.returncode == 1, result.stderr
        assert "pipe.md:1: is a FIFO (named pipe), not a regular file; skipped" in result.stdout


def test_a_fifo_never_hangs_link(corpus_dir, fifo, layers):
    result = cli("link", str(corpus_dir), str(fifo))
    assert result.returncode == 2
    assert result.stderr.count("pipe.md:1: is a FIFO (named pipe)") == 2
    assert '"feature": "tripp"' in result.stdout  # the good article is still linked


def test_a_fifo_never_hangs_index_or_the_dashboard(corpus_dir, fifo, layers, tmp_path):
    result = cli("index", str(corpus_dir), "--layers", str(layers), "--index",
                 str(tmp_path / "i.sqlite"))
    assert result.returncode == 1
    assert "pipe.md:1: is a FIFO (named pipe), not a regular file" in result.stderr
    opened = data.open_corpus(corpus_dir, layers, index_path=tmp_path / "i.sqlite")
    assert any("FIFO" in p.message for p in opened.problems)
    assert list(opened.articles["id"]) == ["good"]


def test_a_socket_and_a_broken_link_are_named(corpus_dir, tmp_path):
    import socket

    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(corpus_dir / "sock.md"))
        (corpus_dir / "dangling.md").symlink_to(tmp_path / "nowhere.md")
        messages = [str(p) for p in load_corpus(corpus_dir).problems]
    assert any("sock.md:1: is a socket, not a regular file" in m for m in messages)
    assert any("dangling.md:1: cannot read the file: No such file" in m for m in messages)


def test_add_says_what_a_special_file_is(fifo, capsys):
    assert main(["add", str(fifo), "--title", "t", "--outlet", "", "--published", "",
                 "--url", ""]) == 2
    assert "is a FIFO (named pipe), not a regular file" in capsys.readouterr().err


def test_a_file_growing_past_the_limit_after_its_size_was_checked_is_refused(corpus_dir,
                                                                             monkeypatch):
    path = write_article(corpus_dir, "big", ["x" * 1000])
    monkeypatch.setattr(articles_module, "MAX_ARTICLE_BYTES", 500)
    with pytest.raises(articles_module.ArticleFormatError, match="500-byte limit"):
        parse_article(path)


# --------------------------------------------------------------------------- item 12: size


def test_formatted_size_problem_counts_the_formatted_file():
    lines = "\n".join(["short line"] * (MAX_ARTICLE_BYTES // 12))  # under the limit as text
    assert len(lines.encode()) < MAX_ARTICLE_BYTES
    formatted = "---\nid: x\n---\n" + "\n\n".join(lines.split("\n")) + "\n"
    message = formatted_size_problem(formatted)
    assert message and "once formatted" in message and "nothing was written" in message
    assert formatted_size_problem(lines[:1000]) is None
