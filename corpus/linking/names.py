"""The multilingual names a feature carries in its layer properties.

``geodata.build`` copies ``geodata/sources/names/<lang>.yaml`` into each feature as
``names: {lang: {names: [...], acronyms: [...], adjectives: [...], metonyms: [...]}}`` (see
``geodata/README.md``); this reads that property defensively (a layer file written by hand
or an older build may lack it or hold the wrong types).
"""

from __future__ import annotations

from collections.abc import Mapping

#: The groups of a language's entry for a feature, in the order they are matched.
GROUPS = ("names", "acronyms", "adjectives", "metonyms", "acting_metonyms")


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, str) and v.strip()]
    try:  # numpy arrays from a GeoDataFrame round trip
        return [v for v in list(value) if isinstance(v, str) and v.strip()]
    except TypeError:
        return []


def feature_names(feature: Mapping) -> dict[str, dict[str, list[str]]]:
    """``{language: {group: [name, ...]}}`` from a feature's ``names`` property."""
    value = feature.get("names")
    if not isinstance(value, Mapping):
        return {}
    out: dict[str, dict[str, list[str]]] = {}
    for language, entry in value.items():
        if not isinstance(language, str):
            continue
        if isinstance(entry, Mapping):
            groups = {g: _strings(entry.get(g)) for g in GROUPS}
        else:
            groups = {"names": _strings(entry)}
        groups = {g: v for g, v in groups.items() if v}
        if groups:
            out[language] = groups
    return out


def all_names(feature: Mapping, language: str) -> list[str]:
    """Every name (not acronym) of a feature in ``language``, dictionary form."""
    entry = feature_names(feature).get(language, {})
    return [n for group in ("names", "adjectives", "metonyms") for n in entry.get(group, [])]
