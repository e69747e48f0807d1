"""Tests for dashboard.assets: Leaflet and jQuery copied from the xstatic packages."""

from __future__ import annotations

import os

from dashboard import assets


def test_copies_leaflet_jquery_and_leaflet_images(tmp_path):
    copied = assets.ensure_vendor_assets(tmp_path)
    names = {p.relative_to(tmp_path).as_posix() for p in copied}
    assert {"leaflet/leaflet.js", "leaflet/leaflet.css", "jquery/jquery.min.js"} <= names
    assert any(n.startswith("leaflet/images/") and n.endswith(".png") for n in names)
    assert "Leaflet 1.9" in (tmp_path / "leaflet" / "leaflet.js").read_text(encoding="utf-8")
    assert not list(tmp_path.rglob("*.partial"))


def test_second_call_copies_nothing(tmp_path):
    assets.ensure_vendor_assets(tmp_path)
    assert assets.ensure_vendor_assets(tmp_path) == []


def test_a_damaged_copy_is_replaced(tmp_path):
    assets.ensure_vendor_assets(tmp_path)
    leaflet = tmp_path / "leaflet" / "leaflet.js"
    leaflet.write_text("truncated", encoding="utf-8")
    os.utime(leaflet, (0, 0))
    assert leaflet in assets.ensure_vendor_assets(tmp_path)
    assert "Leaflet 1.9" in leaflet.read_text(encoding="utf-8")


def test_urls_point_at_the_apps_static_folder():
    for _, url in assets.MAP_JS + assets.MAP_CSS:
        assert url.startswith("/app/static/vendor/")
        assert (assets.STATIC_DIR / url.removeprefix("/app/static/")).parent.name in (
            "leaflet", "jquery")


def test_streamlit_config_serves_static_files_on_localhost_only():
    config = (assets.STATIC_DIR.parent / ".streamlit" / "config.toml").read_text()
    assert "enableStaticServing = true" in config
    assert 'address = "127.0.0.1"' in config
    assert "gatherUsageStats = false" in config
