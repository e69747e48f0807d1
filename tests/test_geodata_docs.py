"""geodata/README.md must document every layer, every field and every feature id."""

from __future__ import annotations

import re

import pytest

from geodata import LAYER_NAMES, load_layers
from geodata.loading import PACKAGE_DIR

README = (PACKAGE_DIR / "README.md").read_text(encoding="utf-8")
LAYERS = load_layers()


def documented(name: str) -> bool:
    """True when ``name`` appears in README as code (`name`)."""
    return re.search(rf"`{re.escape(name)}`", README) is not None


@pytest.mark.parametrize("layer", LAYER_NAMES)
def test_every_layer_documented(layer):
    assert f"layers/{layer}.geojson" in README


def field_names() -> set[str]:
    names = set()
    for feature_id in LAYERS.features.index:
        props = LAYERS.raw_properties[feature_id]
        names |= set(props)
        for key in ("segments", "people"):
            for item in props.get(key) or []:
                names |= set(item)
    return names


@pytest.mark.parametrize("field", sorted(field_names()))
def test_every_field_documented(field):
    assert documented(field), f"field {field!r} is not documented in geodata/README.md"


@pytest.mark.parametrize("feature_id", sorted(LAYERS.features.index))
def test_every_feature_id_documented(feature_id):
    assert documented(feature_id), f"feature {feature_id!r} is not documented in geodata/README.md"


def test_every_person_id_documented():
    missing = [
        p["id"]
        for people in LAYERS.by_layer("actors")["people"]
        for p in people
        if not documented(p["id"])
    ]
    assert not missing
