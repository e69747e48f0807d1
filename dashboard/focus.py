"""Keyboard focus after a search: the page script that moves it to the reading panel.

A mounted component with no data and no output (``focus.js``); it lives outside the map's
fragment, so it is sent once per full run and never with a click."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

KEY = "atlas_focus"
#: In the page's one stylesheet (``app.main``). Hidden: the component draws nothing, and its
#: empty element would leave a gap. The panel, once focused, shows a ring only for the
#: keyboard (``:focus-visible``), clear of its text.
CSS = f"""<style>
.st-key-{KEY} {{display: none !important;}}
.st-key-reading_panel:focus {{outline: none;}}
.st-key-reading_panel:focus-visible {{outline: 2px solid #4a6fa5; outline-offset: 2px;
  border-radius: 4px;}}
</style>"""

_component = st.components.v2.component(
    "corridor_atlas_focus",
    js=(Path(__file__).resolve().parent / "focus.js").read_text(encoding="utf-8"),
    isolate_styles=False,
)


def install() -> None:
    """Mount the focus script (once per page; mounting again changes nothing)."""
    _component(key=KEY)
