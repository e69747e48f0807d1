"""Check the multilingual names tables in ``geodata/sources/names/<lang>.yaml``.

The tables are data for the linker (schema in geodata/README.md, section "Names in other
languages"). This module only reads and checks them: ``check_names_file`` returns a list of
problems, each naming the file, the feature or person and what was expected, so that a bad
edit is caught by ``tests/test_geodata_names.py`` before the linker sees it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from geodata.loading import PACKAGE_DIR

NAMES_DIR = PACKAGE_DIR / "sources" / "names"

TOP_KEYS = {"language", "about", "sources", "features", "people", "kinds", "waters", "lookalikes"}
REQUIRED_KEYS = {"language", "about", "features"}
# Lists of strings a feature entry may hold; `acting_metonyms` stand for the actor only when
# they act ("the White House said"), not as a building.
FEATURE_LISTS = ("names", "acronyms", "adjectives", "metonyms", "acting_metonyms")
FEATURE_KEYS = {*FEATURE_LISTS, "source", "note"}
PERSON_KEYS = {"names", "source", "note"}
LOOKALIKE_KEYS = {"text", "not", "why"}
# Water ids: the lead's three seas, plus the Adriatic (TAP's offshore section) and the Araks,
# which TRIPP's Armenian section and the Horadiz-Aghband railway follow.
WATER_IDS = {"caspian_sea", "black_sea", "mediterranean_sea", "adriatic_sea", "araks_river"}

# Scripts a language's strings may use. Latin is allowed everywhere for acronyms and quoted
# names ("TRIPP", "TCFO"); a single word must still be in one script.
LANGUAGE_SCRIPTS = {
    "en": {"LATIN"},
    "ru": {"CYRILLIC", "LATIN"},
    "az": {"LATIN"},
    "tr": {"LATIN"},
    "hy": {"ARMENIAN", "LATIN"},
    "fa": {"ARABIC", "LATIN"},
    "ka": {"GEORGIAN", "LATIN"},
}
# Latin letters beyond ASCII that each Latin-script language writes; anything else (an "ä" for
# "ə", the turned E "Ǝ" for the schwa "Ə") is a typo. Lower-case; checked after casefolding
# the dotted capital İ casefolds to "i" plus a combining dot, which is not a letter.
LATIN_EXTRA = {
    "az": set("əçğıöşü"),
    "tr": set("çğıöşüâîû"),
}
# Letters that look right but belong to another language's orthography: Persian writes the
# Persian yeh and keheh, not the Arabic yeh, alef maksura and kaf.
FORBIDDEN_LETTERS = {"fa": {"\u064a": "ی", "\u0649": "ی", "\u0643": "ک"}}
_WORD_SPLIT = re.compile(r"[\s\-‐‑–—'’.,«»\"“”()/&]+")


@dataclass(frozen=True)
class Known:
    """What the names tables may refer to: ids, people and kinds from the geodata."""

    feature_ids: frozenset[str]
    person_ids: frozenset[str]
    kinds: frozenset[str]
    # kinds of corridors and zones, which every complete table must give nouns for
    route_kinds: frozenset[str]
    # name_key(alias) -> ids whose `aliases` in geodata/sources hold it (any language)
    alias_owners: dict[str, frozenset[str]] = field(default_factory=dict)


def script_of(char: str) -> str | None:
    """Return the Unicode script word of a letter (``LATIN``, ``CYRILLIC``...), else None."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else None


def words(text: str) -> list[str]:
    """Split a name into words at spaces, hyphens, dashes, apostrophes and punctuation."""
    return [w for w in _WORD_SPLIT.split(text) if w]


def name_key(text: str) -> str:
    """Comparison key for "the same name": case, ё/е, dashes and spacing ignored."""
    text = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    text = re.sub(r"\s*[-‐‑–—]\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def iter_strings(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Yield (where, string) for every name string in a table."""
    for fid, entry in (data.get("features") or {}).items():
        for key in FEATURE_LISTS:
            for value in (entry or {}).get(key) or []:
                yield f"features.{fid}.{key}", value
    for pid, entry in (data.get("people") or {}).items():
        for value in (entry or {}).get("names") or []:
            yield f"people.{pid}.names", value
    for kind, nouns in (data.get("kinds") or {}).items():
        for value in nouns or []:
            yield f"kinds.{kind}", value
    for water, values in (data.get("waters") or {}).items():
        for value in values or []:
            yield f"waters.{water}", value
    for i, item in enumerate(data.get("lookalikes") or []):
        if isinstance(item, dict):
            yield f"lookalikes[{i}].text", item.get("text")


def check_string(language: str, where: str, value: Any) -> list[str]:
    """Problems with one name string: type, spacing, NFC, scripts, stray Latin letters."""
    if not isinstance(value, str) or not value.strip():
        return [f"{where}: expected a non-empty string, got {value!r}"]
    problems = []
    if value != value.strip() or "  " in value:
        problems.append(f"{where}: {value!r} has stray spaces")
    if unicodedata.normalize("NFC", value) != value:
        problems.append(f"{where}: {value!r} is not in Unicode NFC form")
    allowed = LANGUAGE_SCRIPTS.get(language)
    for word in words(value):
        scripts = {s for s in map(script_of, word) if s}
        if len(scripts) > 1:
            problems.append(
                f"{where}: the word {word!r} in {value!r} mixes scripts {sorted(scripts)}; "
                "retype it in one script (look-alike letters such as Latin 'a' in Cyrillic)"
            )
        elif allowed and scripts and not scripts <= allowed:
            problems.append(
                f"{where}: {value!r} uses {sorted(scripts)}, "
                f"expected {sorted(allowed)} for {language}"
            )
        extra = LATIN_EXTRA.get(language)
        if extra is not None and scripts == {"LATIN"}:
            odd = sorted({c for c in word.casefold() if c.isalpha() and not c.isascii()} - extra)
            if odd:
                problems.append(
                    f"{where}: {value!r} has letters {odd} that {language} does not write"
                )
    for bad, good in FORBIDDEN_LETTERS.get(language, {}).items():
        if bad in value:
            problems.append(f"{where}: {value!r} has U+{ord(bad):04X}; {language} writes {good!r}")
    return problems


def _check_source(where: str, value: Any, sources: dict[str, Any]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [] if value in sources else [f"{where}: source key {value!r} is not under `sources`"]
    if isinstance(value, dict) and {"title", "url"} <= set(value):
        return []
    return [f"{where}: source must be a key of `sources` or {{title, url}}, got {value!r}"]


def _check_entry(where: str, entry: Any, keys: set[str], sources: dict[str, Any]) -> list[str]:
    if not isinstance(entry, dict):
        return [f"{where}: expected a mapping, got {type(entry).__name__}"]
    problems = [
        f"{where}: unknown key {k!r} (expected {sorted(keys)})" for k in entry if k not in keys
    ]
    for key in FEATURE_LISTS:
        if key in entry and not isinstance(entry[key], list):
            problems.append(f"{where}.{key}: expected a list")
    if not any(entry.get(k) for k in FEATURE_LISTS):
        problems.append(f"{where}: has no names")
    return problems + _check_source(f"{where}.source", entry.get("source"), sources)


def check_names(
    data: Any, language: str, known: Known, *, complete: bool, shared: Iterable[str] = ()
) -> list[str]:
    """Return every problem of one parsed names table (empty when it is good).

    ``complete`` requires every feature id and person id of ``known`` and nouns for every
    route kind. ``shared`` lists name keys (``name_key``) deliberately given to two ids.
    """
    if not isinstance(data, dict):
        return [f"expected a mapping at the top, got {type(data).__name__}"]
    problems = [f"unknown top-level key {k!r}" for k in data if k not in TOP_KEYS]
    problems += [f"missing top-level key {k!r}" for k in sorted(REQUIRED_KEYS - set(data))]
    if data.get("language") != language:
        problems.append(
            f"language is {data.get('language')!r}, expected {language!r} (the file name)"
        )
    sources = data.get("sources") or {}
    for key, value in sources.items():
        if not (isinstance(value, dict) and {"title", "url"} <= set(value)):
            problems.append(f"sources.{key}: expected {{title, url}}")

    features = data.get("features") or {}
    people = data.get("people") or {}
    for fid, entry in features.items():
        if fid not in known.feature_ids:
            problems.append(f"features.{fid}: no such feature id in geodata/sources")
        problems += _check_entry(f"features.{fid}", entry, FEATURE_KEYS, sources)
    for pid, entry in people.items():
        if pid not in known.person_ids:
            problems.append(f"people.{pid}: no such person id in geodata/sources/actors.yaml")
        problems += _check_entry(f"people.{pid}", entry, PERSON_KEYS, sources)
    kinds = data.get("kinds") or {}
    for kind in kinds:
        if kind not in known.kinds:
            problems.append(f"kinds.{kind!r}: no feature in the layers has this kind")
    for water in data.get("waters") or {}:
        if water not in WATER_IDS:
            problems.append(
                f"waters.{water}: unknown water id (expected one of {sorted(WATER_IDS)})"
            )
    if complete:
        problems += [
            f"features: no entry for {i}" for i in sorted(known.feature_ids - set(features))
        ]
        problems += [f"people: no entry for {i}" for i in sorted(known.person_ids - set(people))]
        problems += [f"kinds: no nouns for {k!r}" for k in sorted(known.route_kinds - set(kinds))]
        waters = data.get("waters") or {}
        problems += [f"waters: no names for {w}" for w in sorted(WATER_IDS - set(waters))]

    for where, value in iter_strings(data):
        problems += check_string(language, where, value)

    owners: dict[str, set[str]] = {}
    for where, value in iter_strings(data):
        if isinstance(value, str) and where.startswith(("features.", "people.")):
            owners.setdefault(name_key(value), set()).add(where.split(".")[1])
    shared = set(shared)
    for key, ids in sorted(owners.items()):
        others = known.alias_owners.get(key, frozenset()) - ids
        if others and key not in shared:
            problems.append(
                f"the name {key!r} of {sorted(ids)} is an alias of {sorted(others)} "
                "in geodata/sources; a name must mean one thing"
            )
        if len(ids) > 1 and key not in shared:
            problems.append(
                f"the name {key!r} is given to {sorted(ids)}; a name must mean one thing"
            )

    for i, item in enumerate(data.get("lookalikes") or []):
        where = f"lookalikes[{i}]"
        if not isinstance(item, dict) or not {"text", "not"} <= set(item):
            problems.append(f"{where}: expected {{text, not}} (and optional why), got {item!r}")
            continue
        problems += [f"{where}: unknown key {k!r}" for k in item if k not in LOOKALIKE_KEYS]
        target = item["not"]
        if target not in known.feature_ids | known.person_ids:
            problems.append(f"{where}: `not: {target}` is no feature or person id")
        elif target in owners.get(key := name_key(str(item["text"])), set()) | set(
            known.alias_owners.get(key, frozenset())
        ):
            problems.append(
                f"{where}: {item['text']!r} is both a name of {target} and a look-alike of it"
            )
    return problems


def load_known(sources_dir: Path | None = None, layers_dir: Path | None = None) -> Known:
    """Read the feature ids and people from geodata/sources and the kinds from the layers."""
    import json

    sources_dir = sources_dir or PACKAGE_DIR / "sources"
    layers_dir = layers_dir or PACKAGE_DIR / "layers"

    def read(name: str) -> Any:
        with open(sources_dir / name, encoding="utf-8") as handle:
            return yaml.safe_load(handle)

    actors = read("actors.yaml")
    actor_specs = [*actors.get("states", []), *actors.get("organisations", [])]
    ids = {c["id"] for c in read("corridors.yaml")} | {z["id"] for z in read("zones.yaml")}
    ids |= {a["id"] for a in actor_specs} | {p["id"] for p in read("places.yaml")}
    people = {p["id"] for a in actor_specs for p in a.get("people") or []}
    alias_owners: dict[str, set[str]] = {}
    specs = [*read("corridors.yaml"), *read("zones.yaml"), *read("places.yaml"), *actor_specs]
    specs += [p for a in actor_specs for p in a.get("people") or []]
    for spec in specs:
        for alias in spec.get("aliases") or []:
            alias_owners.setdefault(name_key(str(alias)), set()).add(spec["id"])
    kinds: set[str] = set()
    route_kinds: set[str] = set()
    for layer in ("corridors", "zones", "actors", "places"):
        with open(layers_dir / f"{layer}.geojson", encoding="utf-8") as handle:
            layer_kinds = {f["properties"]["kind"] for f in json.load(handle)["features"]}
        kinds |= layer_kinds
        if layer in ("corridors", "zones"):
            route_kinds |= layer_kinds
    return Known(
        frozenset(ids),
        frozenset(people),
        frozenset(kinds),
        frozenset(route_kinds),
        {key: frozenset(owners) for key, owners in alias_owners.items()},
    )


def load_names_file(path: Path) -> Any:
    """Parse one names file; a YAML error names the file, line and column."""
    with open(path, encoding="utf-8") as handle:
        try:
            return yaml.safe_load(handle)
        except yaml.YAMLError as error:
            raise ValueError(f"{path}: not valid YAML: {error}") from error


COMPLETE_EXCEPT = {"en"}  # English names are the sources' aliases; en.yaml only adds vocabulary


def check_all(names_dir: Path = NAMES_DIR, known: Known | None = None) -> dict[str, list[str]]:
    """``{file name: problems}`` for every names file in ``names_dir``."""
    known = known or load_known()
    out = {}
    for path in sorted(names_dir.glob("*.yaml")):
        try:
            data = load_names_file(path)
        except ValueError as error:
            out[path.name] = [str(error)]
            continue
        out[path.name] = check_names(
            data, path.stem, known, complete=path.stem not in COMPLETE_EXCEPT
        )
    return out


def summary(data: dict[str, Any]) -> str:
    """One line of counts for a parsed table."""
    features = data.get("features") or {}
    strings = sum(1 for where, _ in iter_strings(data) if where.startswith("features."))
    people = sum(len((p or {}).get("names") or []) for p in (data.get("people") or {}).values())
    return (
        f"{len(features)} features ({strings} names), {len(data.get('people') or {})} people "
        f"({people} names), {len(data.get('kinds') or {})} kinds, "
        f"{len(data.get('waters') or {})} waters, {len(data.get('lookalikes') or [])} look-alikes"
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m geodata.names [DIR]``: check every names file; print problems or counts."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m geodata.names", description=main.__doc__)
    parser.add_argument("directory", nargs="?", help=f"names folder (default {NAMES_DIR})")
    args = parser.parse_args(argv)
    names_dir = Path(args.directory) if args.directory else NAMES_DIR
    results = check_all(names_dir)
    if not results:
        print(f"no names files in {names_dir}", file=sys.stderr)
        return 1
    bad = 0
    for name, problems in results.items():
        for problem in problems:
            print(f"{names_dir / name}: {problem}")
        bad += len(problems)
        if not problems:
            print(f"{name}: ok: {summary(load_names_file(names_dir / name))}")
    if bad:
        print(f"{bad} problem(s) in {names_dir}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
