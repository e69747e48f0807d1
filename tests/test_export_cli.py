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


def test_png_map_to_a_file_is_300_dpi(options, tmp_path, capsys):
    from PIL import Image

    target = tmp_path / "map.png"
    assert main(["export", "--format", "png", "--feature", "tripp", "-o", str(target),
                 *options]) == 0
    assert capsys.readouterr().out == ""
    image = Image.open(target)
    assert image.format == "PNG" and image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    assert image.size[0] >= 3000
    assert not list(tmp_path.glob(".map.png.*.tmp"))


def test_svg_map_names_the_selection_and_credits_the_corpus(options, tmp_path):
    import xml.etree.ElementTree as ET

    target = tmp_path / "map.svg"
    assert main(["export", "--format", "svg", "--feature", "tripp", "-o", str(target),
                 "--outlet", "Outlet One", *options]) == 0
    root = ET.parse(target).getroot()
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert any("TRIPP (selected)" in t for t in texts)
    assert "Natural Earth; Corridor Atlas; 1 article from 1 outlet, 2026-02-01" in texts


def test_picture_takes_at_most_one_known_feature(options, tmp_path, capsys):
    target = str(tmp_path / "map.png")
    assert main(["export", "--format", "png", "--feature", "tripp", "--feature", "armenia",
                 "-o", target, *options]) == 2
    assert "at most one feature" in capsys.readouterr().err
    assert main(["export", "--format", "svg", "--feature", "atlantis", "-o", target,
                 *options]) == 2
    assert "unknown feature id 'atlantis'" in capsys.readouterr().err


def test_picture_export_does_not_import_the_dashboard(options, tmp_path):
    script = (
        "import sys\n"
        "from corpus.__main__ import main\n"
        f"code = main(['export', '--format', 'svg', '-o', {str(tmp_path / 'm.svg')!r}, "
        f"*{options!r}])\n"
        "assert code == 0, code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dashboard', 'streamlit')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                            text=True, timeout=300, check=True)
    assert result.stdout.strip() == "[]"


def test_picture_is_not_written_to_a_terminal(options, monkeypatch, capsys):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["export", "--format", "png", *options]) == 2
    assert "-o map.png" in capsys.readouterr().err
