"""Tests for ``python -m corpus`` (corpus/__main__.py): exit codes and messages."""

from __future__ import annotations

import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

from corpus.__main__ import SUBCOMMANDS, build_parser, main
from corpus.articles import ARTICLES_DIR

REPO = Path(__file__).resolve().parent.parent

GOOD = "---\nid: good\ntitle: Good\n---\nOne paragraph.\n\nAnother.\n"

# name, content, line named in the message, fragment of the message
BAD_FILES = {
    "no front matter": ("bad.md", "Text only.\n", 1, "missing front matter"),
    "unterminated": ("bad.md", "---\nid: bad\nText.\n", 1, "unterminated"),
    "yaml syntax": ("bad.md", "---\nid: bad\ntitle: A: B\n---\nText.\n", 3, "not valid YAML"),
    "unknown field": ("bad.md", "---\nid: bad\nsummary: x\n---\nText.\n", 3, "unknown field"),
    "missing id": ("bad.md", "---\ntitle: x\n---\nText.\n", 3, "missing required field"),
    "id mismatch": ("bad.md", "---\nid: other\n---\nText.\n", 2, "does not match"),
    "bad id": ("BAD.md", "---\nid: BAD\n---\nText.\n", 2, "not a valid article id"),
    "bad date": ("bad.md", "---\nid: bad\npublished: 13 Feb 2026\n---\nT.\n", 3, "ISO date"),
    "impossible date": ("bad.md", "---\nid: bad\npublished: 2026-02-30\n---\nT.\n", 3, "real"),
    "not utf-8": ("bad.md", b"---\nid: bad\n---\n\xe9t\xe9\n", 4, "not UTF-8"),
    "empty file": ("bad.md", "", 1, "empty"),
    "empty body": ("bad.md", "---\nid: bad\n---\n", 4, "no text"),
    "duplicate id": ("good.txt", "Same id as good.md.\n", 1, "also used by"),
}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def make_dir(tmp_path: Path) -> Path:
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    return tmp_path


# --------------------------------------------------------------------------- check


def test_check_committed_corpus_is_clean(capsys):
    code, out, _ = run(capsys, "check")
    assert code == 0
    assert "5 articles, 78 passages" in out


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_check_reports_each_bad_file_with_line_and_exits_1(tmp_path, capsys, case):
    name, content, line, fragment = BAD_FILES[case]
    directory = make_dir(tmp_path)
    bad = directory / name
    if isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        bad.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "check", str(directory))
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(f"{bad}:{line}: ")
    assert fragment in first
    assert "1 articles" in err  # the good file still loaded


def test_check_large_file(tmp_path, capsys):
    directory = make_dir(tmp_path)
    with (directory / "huge.md").open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse 20 MB file: quick to make
    code, out, _ = run(capsys, "check", str(directory))
    assert code == 1
    assert out.startswith(f"{directory / 'huge.md'}:1: file is 20,971,520 bytes, larger than")


def test_check_single_file(tmp_path, capsys):
    directory = make_dir(tmp_path)
    code, out, _ = run(capsys, "check", str(directory / "good.md"))
    assert (code, "1 articles, 2 passages" in out) == (0, True)


def test_check_runs_as_a_module(tmp_path):
    directory = make_dir(tmp_path)
    (directory / "bad.md").write_text("---\nid: bad\npublished: soon\n---\nText.\n")
    result = subprocess.run(
        [sys.executable, "-m", "corpus", "check", str(directory)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert f"{directory / 'bad.md'}:3: published must be an ISO date" in result.stdout


# --------------------------------------------------------------------------- add


def add_args(source: Path, directory: Path, **override: str) -> list[str]:
    options = {
        "--title": "Talks resume",
        "--outlet": "Example News",
        "--published": "2026-02-20",
        "--url": "https://example.org/talks",
        "--directory": str(directory),
        **override,
    }
    argv = ["add", str(source)]
    for key, value in options.items():
        argv += [key, value]
    return argv


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    directory = tmp_path / "articles"
    shutil.copytree(ARTICLES_DIR, directory)
    return directory


def test_add_prints_what_it_extracted(tmp_path, corpus_copy, capsys):
    source = tmp_path / "talks.txt"
    source.write_text("The Middle Corridor talks resumed in Baku.\n\nSecond.\n", encoding="utf-8")
    code, out, err = run(capsys, *add_args(source, corpus_copy, **{"--author": "A. B."}))
    assert (code, err) == (0, "")
    written = next(
        p for p in corpus_copy.iterdir() if p.name not in {q.name for q in ARTICLES_DIR.iterdir()}
    )
    assert f"id:       {written.stem}" in out
    assert "title:    Talks resume" in out
    assert "passages: 2" in out
    assert "first:    The Middle Corridor talks resumed in Baku." in out
    assert f"written:  {written}" in out
    assert "author: A. B." in written.read_text(encoding="utf-8")


def test_add_twice_is_refused_with_exit_2(tmp_path, corpus_copy, capsys):
    source = tmp_path / "talks.txt"
    source.write_text("Some article text.\n", encoding="utf-8")
    assert run(capsys, *add_args(source, corpus_copy))[0] == 0
    code, out, err = run(capsys, *add_args(source, corpus_copy))
    assert code == 2
    assert out == ""
    assert err.startswith("error: ") and "already in the corpus" in err


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        ({"--published": "13 Feb 2026"}, "ISO date"),
        ({"--published": "2026-02-30"}, "not a real date"),
        ({"--url": "ftp://example.org/x"}, "http"),
    ],
)
def test_add_bad_metadata_exit_2(tmp_path, corpus_copy, capsys, override, fragment):
    source = tmp_path / "talks.txt"
    source.write_text("Some article text.\n", encoding="utf-8")
    code, _, err = run(capsys, *add_args(source, corpus_copy, **override))
    assert code == 2
    assert fragment in err
    assert sorted(p.name for p in corpus_copy.iterdir()) == sorted(
        p.name for p in ARTICLES_DIR.iterdir()
    )


def test_add_missing_file_exit_2(tmp_path, corpus_copy, capsys):
    code, _, err = run(capsys, *add_args(tmp_path / "nope.txt", corpus_copy))
    assert code == 2
    assert "nope.txt: no such file" in err


def test_add_requires_metadata_options(tmp_path, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["add", str(tmp_path / "x.txt"), "--title", "T"])
    assert caught.value.code == 2
    assert "--outlet" in capsys.readouterr().err


# --------------------------------------------------------------------------- link


def test_link_hands_paths_and_format_to_linking_cli(monkeypatch, capsys):
    calls = []

    def fake_main(paths, fmt, out):
        calls.append((paths, fmt, out))
        out.write("linked\n")
        return 0

    fake = types.ModuleType("corpus.linking_cli")
    fake.main = fake_main
    monkeypatch.setitem(sys.modules, "corpus.linking_cli", fake)
    code, out, _ = run(capsys, "link", "a.md", "folder", "--format", "csv")
    assert code == 0
    assert out == "linked\n"
    assert calls == [(["a.md", "folder"], "csv", sys.stdout)]


def test_link_defaults_to_jsonl_and_rejects_other_formats(capsys):
    args = build_parser().parse_args(["link", "x.md"])
    assert (args.paths, args.format) == (["x.md"], "jsonl")
    with pytest.raises(SystemExit):
        build_parser().parse_args(["link", "x.md", "--format", "xml"])
    with pytest.raises(SystemExit):
        build_parser().parse_args(["link"])


def test_every_subcommand_is_one_registration_function():
    names = [register.__name__ for register in SUBCOMMANDS]
    assert {"register_check", "register_add", "register_link"} <= set(names)
    help_text = build_parser().format_help()
    for name in ("check", "add", "link"):
        assert name in help_text
