"""Tests of ``python -m geodata`` (geodata/__main__.py)."""

from __future__ import annotations

import json

from geodata.__main__ import main
from geodata.loading import LAYER_NAMES


def test_check_committed_layers_prints_summary(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: ") and all(name in out for name in LAYER_NAMES)


def test_check_reports_problems_and_exits_1(tmp_path, capsys):
    for layer in LAYER_NAMES:
        (tmp_path / f"{layer}.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": []})
        )
    (tmp_path / "zones.geojson").write_text("{ not json")
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'zones.geojson'}: (file): not valid JSON" in out


def test_build_delegates_to_build_script(capsys, tmp_path):
    # A missing input is reported by the build script, not by an argparse error here.
    status = main(
        ["build", "--natural-earth", str(tmp_path / "missing.whl"), "--out", str(tmp_path)]
    )
    assert status == 1
    assert "build failed" in capsys.readouterr().err
