"""Map layers of Corridor Atlas: the GeoJSON in ``geodata/layers/`` and the code that loads it.

>>> from geodata import load_layers
>>> layers = load_layers()
>>> layers.get("tripp").name  # doctest: +SKIP
"""

from geodata.loading import (
    LAYER_NAMES,
    Layers,
    Problem,
    feature_length_km,
    load_basemap,
    load_basemap_labels,
    load_layers,
)

__all__ = ["LAYER_NAMES", "Layers", "Problem", "feature_length_km", "load_basemap",
           "load_basemap_labels", "load_layers"]
