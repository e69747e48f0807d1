"""Downloads: the same exports as ``python -m corpus export``, from the page.

The visible features as GeoJSON (full geometry, with counts and passage ids), every mention
as CSV, and the selected feature's passages as Markdown, all within the source filters.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import streamlit as st

from corpus.export import export_text

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
    st.caption("The same files from the command line: `python -m corpus export --format "
               "geojson|csv|md [-o FILE] [--feature ID]`. Counts and passages follow the "
               "source filters in the sidebar.")
