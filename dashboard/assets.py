"""Serve Leaflet and jQuery from the app itself, so the map needs no network at all.

The files come from the ``xstatic-leaflet`` and ``xstatic-jquery`` packages and are copied
into ``dashboard/static/vendor/`` at start-up; Streamlit serves ``dashboard/static/`` at
``/app/static/`` when ``server.enableStaticServing`` is on (``dashboard/.streamlit/config.toml``).
Third-party JavaScript is never committed: the copy is made on each machine.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
GENERATED_DIR = STATIC_DIR / "generated"
# Where Streamlit serves STATIC_DIR; absolute so it works from inside the map's iframe.
STATIC_URL = "/app/static"
VENDOR_URL = f"{STATIC_URL}/vendor"

LEAFLET_JS_URL = f"{VENDOR_URL}/leaflet/leaflet.js"
LEAFLET_CSS_URL = f"{VENDOR_URL}/leaflet/leaflet.css"
JQUERY_JS_URL = f"{VENDOR_URL}/jquery/jquery.min.js"

# What every map loads, in folium's (name, url) form for Map.default_js / default_css.
MAP_JS = [("leaflet", LEAFLET_JS_URL), ("jquery", JQUERY_JS_URL)]
MAP_CSS = [("leaflet_css", LEAFLET_CSS_URL)]


class AssetError(RuntimeError):
    """A vendored asset could not be found in its package or copied."""


@dataclass(frozen=True)
class VendorFile:
    """One file to copy: where it comes from and where it goes under VENDOR_DIR."""

    source: Path
    target: Path


def _package_dirs() -> dict[str, Path]:
    """Return the data folders of the xstatic packages, keyed by vendor sub-folder."""
    try:
        import xstatic.pkg.jquery as xjquery
        import xstatic.pkg.leaflet as xleaflet
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise AssetError(
            f"{error.name} is not installed; the map cannot load Leaflet without it. "
            "Run `make run` (it installs requirements.txt) or "
            "`.venv/bin/pip install -r requirements.txt`."
        ) from error
    return {"leaflet": Path(xleaflet.BASE_DIR), "jquery": Path(xjquery.BASE_DIR)}


def vendor_files(vendor_dir: Path = VENDOR_DIR) -> list[VendorFile]:
    """List the files the map needs: leaflet.js, leaflet.css, its images/, jquery.min.js."""
    dirs = _package_dirs()
    leaflet, jquery = dirs["leaflet"], dirs["jquery"]
    wanted = [
        (leaflet / "leaflet.js", vendor_dir / "leaflet" / "leaflet.js"),
        (leaflet / "leaflet.css", vendor_dir / "leaflet" / "leaflet.css"),
        (jquery / "jquery.min.js", vendor_dir / "jquery" / "jquery.min.js"),
    ]
    # leaflet.css refers to images/ (layer icons, marker icons) by relative URL.
    wanted += [
        (image, vendor_dir / "leaflet" / "images" / image.name)
        for image in sorted((leaflet / "images").iterdir())
        if image.is_file()
    ]
    missing = [str(source) for source, _ in wanted if not source.is_file()]
    if missing:
        raise AssetError(
            f"Expected vendored files are missing from the installed packages: {missing}. "
            "Reinstall xstatic-leaflet and xstatic-jquery."
        )
    return [VendorFile(source, target) for source, target in wanted]


def _is_current(item: VendorFile) -> bool:
    """True when the target exists with the source's size and is not older than it."""
    try:
        target = item.target.stat()
    except FileNotFoundError:
        return False
    source = item.source.stat()
    return target.st_size == source.st_size and target.st_mtime >= source.st_mtime


def ensure_vendor_assets(vendor_dir: Path = VENDOR_DIR) -> list[Path]:
    """Copy Leaflet and jQuery into ``vendor_dir`` unless already there; return what was copied.

    Idempotent and cheap on the second call (a stat per file). Each file is written under a
    temporary name and renamed, so a browser never receives half a file.
    """
    copied = []
    for item in vendor_files(vendor_dir):
        if _is_current(item):
            continue
        item.target.parent.mkdir(parents=True, exist_ok=True)
        partial = item.target.with_name(item.target.name + ".partial")
        shutil.copy2(item.source, partial)
        partial.replace(item.target)
        copied.append(item.target)
    return copied


def publish_json(data: object, stem: str, directory: Path = GENERATED_DIR) -> str:
    """Write ``data`` as compact JSON under a content-hashed name; return its URL path.

    For large, unchanging map data (the base map) that the browser should fetch once
    instead of receiving it with every rerun. The hash in the name means a changed file
    gets a new URL, so a cached old copy is never used.
    """
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    name = f"{stem}.{digest}.json"
    target = directory / name
    if not target.is_file():
        directory.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(name + ".partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)
    relative = directory.relative_to(STATIC_DIR).as_posix() if directory.is_relative_to(
        STATIC_DIR) else directory.name
    return f"{STATIC_URL}/{relative}/{name}"
