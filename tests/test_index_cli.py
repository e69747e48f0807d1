"""Tests of ``python -m corpus index`` (corpus.index_cli), on tiny layers in tmp_path."""

from __future__ import annotations

import pytest
from test_index import write_article, write_layers

from corpus.__main__ import main


@pytest.fixture
def paths(tmp_path):
    corpus_dir = tmp_path / "articles"
    corpus_dir.mkdir()
    write_article(corpus_dir, "a1", ["TRIPP crosses Armenia.", "Nothing here."])
    write_article(corpus_dir, "b2", ["The Middle Corridor."])
    layers = write_layers(tmp_path / "layers")
    return corpus_dir, ["--layers", str(layers), "--index", str(tmp_path / "i.sqlite")]


def test_index_links_then_links_nothing_the_second_time(paths, capsys):
    corpus_dir, options = paths
    assert main(["index", str(corpus_dir), *options]) == 0
    out, err = capsys.readouterr()
    assert "2 linked, 0 unchanged, 0 removed (full rebuild" in out
    assert "2/2" in err  # the progress bar
    assert main(["index", str(corpus_dir), *options]) == 0
    assert "0 linked, 2 unchanged, 0 removed in" in capsys.readouterr().out


def test_problems_are_listed_and_exit_1(paths, capsys):
    corpus_dir, options = paths
    (corpus_dir / "broken.md").write_text("no front matter\n", encoding="utf-8")
    assert main(["index", str(corpus_dir), *options]) == 1
    err = capsys.readouterr().err
    assert "broken.md:1: missing front matter" in err and "1 problem(s)" in err


def test_bad_arguments_exit_2(paths, tmp_path, capsys):
    corpus_dir, options = paths
    assert main(["index", str(tmp_path / "nowhere"), *options]) == 2
    assert "no such folder" in capsys.readouterr().err
    assert main(["index", str(corpus_dir), "--workers", "2", *options]) == 2
    assert "need --engine dask" in capsys.readouterr().err
