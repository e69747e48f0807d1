"""Exit codes of ``corpus import`` and ``corpus watch`` for bad sources (issue 11): a SOURCE
that cannot be read at all (a URL scheme other than http/https, a path that does not exist)
is a usage error, exit 2 and nothing imported; what goes wrong inside a source that exists
(unreadable, unknown kind, a named pipe) is an item's error, exit 1 and the rest lands."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from corpus.__main__ import main
from tests.ingest_fixtures import STORY, by_source, run_import, write

README = Path(__file__).resolve().parent.parent / "README.md"


def _articles(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix == ".md")


@pytest.mark.parametrize(("source", "named"), [
    ("ftp://host/x", "scheme ftp:"),
    ("FTP://example.org/feed.xml", "scheme FTP:"),
    ("file:///etc/passwd", "scheme file:"),
    ("gopher://example.org/1", "scheme gopher:"),
    ("http:///no-host", "no host name"),
])
def test_a_url_of_another_scheme_is_a_usage_error_naming_it(tmp_path, corpus_dir, capsys,
                                                            source, named):
    good = write(tmp_path / "good.txt", "\n\n".join(STORY))
    code, rows, err = run_import(capsys, str(good), source, "--directory", str(corpus_dir))
    assert code == 2
    assert rows == [] and _articles(corpus_dir) == []  # nothing imported, not even good.txt
    assert f"error: {source}: " in err and named in err
    assert "http://" in err and "https://" in err
    assert "nothing imported" in err


@pytest.mark.parametrize("source", ["no-such-file.html", "javascript:alert(1)"])
def test_a_missing_source_is_a_usage_error_naming_it(tmp_path, corpus_dir, capsys, source):
    code, rows, err = run_import(capsys, str(tmp_path / source), "--directory",
                                 str(corpus_dir))
    assert code == 2 and rows == []
    assert f"{tmp_path / source}: no such file or folder" in err


def test_every_bad_source_is_named_at_once(tmp_path, corpus_dir, capsys):
    code, _, err = run_import(capsys, "ftp://a/1", str(tmp_path / "gone.txt"), "--directory",
                              str(corpus_dir))
    assert code == 2
    assert "ftp://a/1" in err and "gone.txt" in err and "2 SOURCE argument(s)" in err


def test_a_broken_link_exists_and_is_an_item_error(tmp_path, corpus_dir, capsys):
    link = tmp_path / "dangling.html"
    link.symlink_to(tmp_path / "nowhere.html")
    code, [row], _ = run_import(capsys, str(link), "--directory", str(corpus_dir))
    assert code == 1 and row["status"] == "error" and "no such file" in row["reason"]


def test_an_unreadable_file_is_an_item_error_and_the_rest_lands(tmp_path, corpus_dir, capsys,
                                                               monkeypatch):
    folder = tmp_path / "in"
    secret = write(folder / "secret.txt", "\n\n".join(STORY[:1]))
    write(folder / "good.txt", "\n\n".join(STORY))
    real_open = os.open

    def deny(target, flags, *args, **kwargs):  # as root, mode 000 would still be read
        if Path(target) == secret:
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return real_open(target, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    code, rows, _ = run_import(capsys, str(folder), "--directory", str(corpus_dir))
    rows = by_source(rows)
    assert code == 1
    assert rows["secret.txt"]["status"] == "error"
    assert "Permission denied" in rows["secret.txt"]["reason"]
    assert rows["good.txt"]["status"] == "imported"


def test_a_file_of_unknown_kind_is_skipped_and_the_rest_lands(tmp_path, corpus_dir, capsys):
    folder = tmp_path / "in"
    write(folder / "program.bin", b"\x7fELF\x02\x01\x01" + bytes(200))
    write(folder / "good.txt", "\n\n".join(STORY))
    code, rows, _ = run_import(capsys, str(folder), "--directory", str(corpus_dir))
    rows = by_source(rows)
    assert code == 1
    assert rows["program.bin"]["status"] == "skipped"
    assert "not an article source" in rows["program.bin"]["reason"]
    assert rows["good.txt"]["status"] == "imported"


def test_help_and_readme_say_what_the_exit_codes_mean(capsys):
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "exit status: 0 every item was imported or was a duplicate" in shown
    assert "1 some items were skipped or failed" in shown
    assert "2 usage error, nothing imported" in shown and "not http or https" in shown
    readme = " ".join(README.read_text(encoding="utf-8").split())
    assert "2 on a usage error (a SOURCE that does not exist, or a URL whose scheme is not " \
           "http or https: nothing is imported)" in readme


def test_watch_refuses_a_feed_list_with_another_scheme(tmp_path, corpus_dir, capsys):
    feeds = write(tmp_path / "feeds.txt", "# feeds\nhttps://example.org/feed\nftp://host/x\n")
    assert main(["watch", str(feeds), "--directory", str(corpus_dir), "--polls", "1"]) == 2
    err = capsys.readouterr().err
    assert f"{feeds}: ftp://host/x: the URL scheme ftp: is not accepted" in err
