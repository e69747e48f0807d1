"""Downloads: the same exports as ``python -m corpus export``, from the page.

The visible features as GeoJSON (full geometry, with counts and passage ids), every mention
as CSV, the selected feature's passages as Markdown, and the current map (visible layers,
selection) as a PNG or SVG picture (``corpus.map_picture``), all within the source filters.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import streamlit as st

from corpus.export import export_text
from corpus.map_picture import MIME_TYPES, picture_bytes

LAYERS = ("corridors", "zones", "actors", "places")


@st.cache_resource(show_spinner=False, max_entries=2)
def full_collections(layers_dir: str, signature: tuple) -> dict[str, dict]:
    """The layers at full detail (the map draws simplified shapes; exports are exact)."""
    import geodata

    del signature  # only the cache key
    layers = geodata.load_layers(Path(layers_dir))
    return {layer: layers.as_geojson(layer) for layer in LAYERS}


def export_payload(fmt: str, atlas, collections: dict, filters, *,
                   feature_ids: Iterable[str] | None = None) -> str:
    """The text of one download (exactly what the command line writes)."""
    ids = sorted(feature_ids) if feature_ids is not None else None
    return export_text(fmt, atlas.index, collections, feature_ids=ids, filters=filters)


def map_picture(fmt: str, atlas, collections: dict, filters, visible: Iterable[str],
                selected: str | None) -> bytes:
    """The map picture of one download: the visible features, the selection framed."""
    return picture_bytes(fmt, atlas.index, collections, selected=selected, visible=visible,
                         filters=filters)


def downloads_section(atlas, filters, visible: set[str], selected: str | None,
                      layers_dir: str, signature: tuple) -> None:
    """Three download buttons; files are made when clicked."""
    collections = full_collections(layers_dir, signature)
    shown = sorted(f for f in visible if f in atlas.properties)
    columns = st.columns(3)
    columns[0].download_button(
        f"Visible features (GeoJSON, {len(shown)})",
        data=lambda: export_payload("geojson", atlas, collections, filters,
                                    feature_ids=shown),
        file_name="corridor-atlas-features.geojson", mime="application/geo+json",
        key="download_geojson", on_click="ignore")
    columns[1].download_button(
        "All mentions (CSV)",
        data=lambda: export_payload("csv", atlas, collections, filters),
        file_name="corridor-atlas-mentions.csv", mime="text/csv", key="download_csv",
        on_click="ignore")
    columns[2].download_button(
        f"Passages of {atlas.name(selected)} (Markdown)" if selected
        else "Passages of the selected feature (Markdown)",
        data=lambda: export_payload("md", atlas, collections, filters,
                                    feature_ids=[selected]),
        file_name=f"corridor-atlas-{selected or 'feature'}.md", mime="text/markdown",
        key="download_md", disabled=not selected, on_click="ignore")
    pictures = st.columns(3)
    for column, fmt in zip(pictures, ("png", "svg"), strict=False):
        column.download_button(
            f"Current map ({fmt.upper()}{', 300 dpi' if fmt == 'png' else ''})",
            data=lambda fmt=fmt: map_picture(fmt, atlas, collections, filters, shown, selected),
            file_name=f"corridor-atlas-map{'-' + selected if selected else ''}.{fmt}",
            mime=MIME_TYPES[fmt], key=f"download_{fmt}", on_click="ignore")
    st.caption("The same files from the command line: `python -m corpus export --format "
               "geojson|csv|md|png|svg [-o FILE] [--feature ID]`. Counts and passages follow "
               "the source filters in the sidebar; the map shows the visible layers and frames "
               "the selected feature (else the default view).")
