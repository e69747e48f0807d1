"""What the command line writes and says (issue 13, items 9 and 12): ``export -o`` never
replaces a link, a device, a folder or a file that is not an export of ours; missing
folders, person ids, the 'Unknown outlet' label and formulas in file names are handled."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from test_index import write_article, write_layers

import corpus.index as index_module
from corpus.__main__ import main
from corpus.export import is_export


@pytest.fixture
def setup(tmp_path):
    corpus_dir = tmp_path / "articles"
    corpus_dir.mkdir()
    write_article(corpus_dir, "a1", ["TRIPP crosses Armenia.", "Pashinyan spoke."],
                  outlet="Outlet One", published="2026-02-01")
    write_article(corpus_dir, "b2", ["The Middle Corridor and TRIPP."])
    layers = write_layers(tmp_path / "layers")
    options = ["--corpus", str(corpus_dir), "--layers", str(layers), "--index",
               str(tmp_path / "i.sqlite")]
    return corpus_dir, options


def export(options, *args):
    return main(["export", *options, *args])


@pytest.mark.parametrize("fmt", ["geojson", "csv", "md"])
def test_export_replaces_its_own_previous_export_but_not_other_files(setup, tmp_path, fmt,
                                                                     capsys):
    _corpus, options = setup
    out = tmp_path / f"out.{fmt}"
    feature = ["--feature", "tripp"]
    assert export(options, "--format", fmt, "-o", str(out), *feature) == 0
    assert is_export(out, fmt)
    assert export(options, "--format", fmt, "-o", str(out), *feature) == 0  # ours: replaced
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    capsys.readouterr()
    assert export(options, "--format", fmt, "-o", str(notes), *feature) == 2
    err = capsys.readouterr().err
    assert "notes.txt already exists and is not an export" in err and "--force" in err
    assert notes.read_text(encoding="utf-8") == "my notes\n"
    assert export(options, "--format", fmt, "-o", str(notes), "--force", *feature) == 0
    assert is_export(notes, fmt)


def test_export_never_replaces_a_symlink_or_a_device(setup, tmp_path, capsys):
    _corpus, options = setup
    target = tmp_path / "previous.csv"
    assert export(options, "--format", "csv", "-o", str(target)) == 0
    before = target.read_bytes()
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    for path, kind in ((link, "a symbolic link"), (Path("/dev/null"), "a character device")):
        assert export(options, "--format", "csv", "-o", str(path), "--force") == 2
        assert f"is {kind}; an export is written only to a regular file" in \
            capsys.readouterr().err
    assert link.is_symlink() and target.read_bytes() == before
    assert Path("/dev/null").is_char_device()


def test_export_to_a_folder_is_a_message_not_a_traceback(setup, tmp_path, capsys):
    _corpus, options = setup
    assert export(options, "--format", "csv", "-o", str(tmp_path)) == 2
    err = capsys.readouterr().err
    assert "is a folder; give a file name" in err and "Traceback" not in err


def test_an_export_is_written_atomically_with_the_usual_mode(setup, tmp_path):
    _corpus, options = setup
    out = tmp_path / "out.csv"
    assert export(options, "--format", "csv", "-o", str(out)) == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_export_of_a_missing_corpus_exits_non_zero_and_creates_no_index(tmp_path, capsys,
                                                                        monkeypatch):
    monkeypatch.setattr(index_module, "INDEX_DIR", tmp_path / "indexes")
    layers = write_layers(tmp_path / "layers")
    assert main(["export", "--format", "csv", "--corpus", str(tmp_path / "missing"),
                 "--layers", str(layers)]) == 2
    captured = capsys.readouterr()
    assert "missing: no such folder" in captured.err and captured.out == ""
    assert not (tmp_path / "indexes").exists()


def test_geojson_export_of_a_person_id_names_the_person_and_the_actor(setup, capsys):
    _corpus, options = setup
    assert export(options, "--format", "geojson", "--feature", "pashinyan") == 2
    err = capsys.readouterr().err
    assert "'pashinyan' is a person (Nikol Pashinyan, who speaks for 'armenia')" in err
    assert "--feature armenia" in err
    # The person's mentions are still available as CSV.
    assert export(options, "--format", "csv", "--feature", "pashinyan") == 0
    assert "pashinyan" in capsys.readouterr().out


def test_unknown_outlet_label_matches_articles_without_outlet(setup, capsys):
    _corpus, options = setup
    assert export(options, "--format", "csv", "--outlet", "Unknown outlet") == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and {r["article_id"] for r in rows} == {"b2"}
    assert {r["outlet"] for r in rows} == {"Unknown outlet"}
    assert export(options, "--format", "geojson", "--outlet", "Unknown outlet",
                  "--feature", "middle_corridor") == 0
    feature = json.loads(capsys.readouterr().out)["features"][0]
    assert feature["properties"]["articles"] == 1


def test_link_csv_defuses_a_formula_in_the_file_name(tmp_path, monkeypatch):
    # The source column is the path as given: run in the folder, it is the bare file name.
    directory = tmp_path / "corpus"
    directory.mkdir()
    (directory / "=HYPERLINK(1).txt").write_text("TRIPP crosses Armenia.\n", encoding="utf-8")
    layers = write_layers(tmp_path / "layers")
    monkeypatch.chdir(directory)
    from corpus.linking_cli import main as link_main

    for paths in (["."], ["=HYPERLINK(1).txt"]):
        out = io.StringIO()
        assert link_main(paths, "csv", out=out, layers_dir=str(layers)) == 0
        rows = list(csv.DictReader(io.StringIO(out.getvalue())))
        assert rows and {r["source"] for r in rows} == {"'=HYPERLINK(1).txt"}
