"""Tests of ``python -m corpus export`` (corpus.export_cli), on tiny layers in tmp_path."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
from test_index import write_article, write_layers

from corpus.__main__ import main

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def options(tmp_path):
    corpus_dir = tmp_path / "articles"
    corpus_dir.mkdir()
    write_article(corpus_dir, "a1", ["TRIPP crosses Armenia.", "Nothing here."],
                  outlet="Outlet One", published="2026-02-01")
    write_article(corpus_dir, "b2", ["The Middle Corridor and TRIPP."], published="2025-01-01")
    layers = write_layers(tmp_path / "layers")
    return ["--corpus", str(corpus_dir), "--layers", str(layers),
            "--index", str(tmp_path / "i.sqlite")]


def test_csv_to_standard_output(options, capsys):
    assert main(["export", "--format", "csv", *options]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["passage_id"] for r in rows if r["feature"] == "tripp"} == {"a1:1", "b2:1"}


def test_geojson_to_a_file_reads_back(options, tmp_path, capsys):
    target = tmp_path / "out.geojson"
    assert main(["export", "--format", "geojson", "-o", str(target), "--feature", "tripp",
                 "--feature", "armenia", *options]) == 0
    assert capsys.readouterr().out == ""
    frame = gpd.read_file(target).set_index("id")
    assert sorted(frame.index) == ["armenia", "tripp"]
    assert frame.loc["tripp", "passage_ids_text"] == "a1:1,b2:1"
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # not the temp file's 0600
    assert not list(tmp_path.glob(".out.geojson.*.tmp"))


def test_date_and_outlet_filters(options, capsys):
    assert main(["export", "--format", "csv", "--since", "2026-01-01", "--exclude-undated",
                 *options]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["article_id"] for r in rows} == {"a1"}
    assert main(["export", "--format", "csv", "--outlet", "", *options]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["article_id"] for r in rows} == {"b2"}


def test_markdown_of_one_feature(options, capsys):
    assert main(["export", "--format", "md", "--feature", "tripp", *options]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# TRIPP") and "**Outlet One**" in out and "(b2:1)" in out


def test_errors_exit_2_with_a_message(options, tmp_path, capsys):
    assert main(["export", "--format", "md", *options]) == 2
    assert "exactly one feature" in capsys.readouterr().err
    assert main(["export", "--format", "csv", "--feature", "nowhere", *options]) == 2
    assert "unknown feature id" in capsys.readouterr().err
    assert main(["export", "--format", "csv", "-o", str(tmp_path / "no" / "x.csv"),
                 *options]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["export", "--format", "csv", "--since", "2026-02-02", "--until",
                 "2026-01-01", *options]) == 2
    assert "is after" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export", "--format", "csv", "--since", "13 Feb 2026", *options])
    assert "not an ISO date" in capsys.readouterr().err


def test_python_dash_m_corpus_export_runs(options):
    result = subprocess.run([sys.executable, "-m", "corpus", "export", "--format", "csv",
                             *options], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("mention_id,article_id,outlet")
