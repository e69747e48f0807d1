"""The names table: every name of every feature (and of the people who speak for actors)
in every spelling it gets for free, keyed by its folded form, with what the linker must
check when it finds it (case, capital, metonym, look-alike); and the inflected names that
go to each language's token matcher. Built once per linker by :func:`name_tables`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from corpus.linking.context import _LOOKALIKES
from corpus.linking.folding import fold
from corpus.linking.languages import scripts_in

__all__ = ["LinkerError", "NameTables", "name_tables", "as_list"]


class LinkerError(ValueError):
    """A feature's aliases or patterns cannot be used; the message names the feature."""


@dataclass(frozen=True, slots=True)
class _Alias:
    feature: str
    kind: str  # "feature" | "person"
    actor: str | None
    case: str  # "exact" | "capitalised" | "any"
    surface: str  # the alias as written, for the case check
    is_actor: bool  # states and organisations survive inside longer names
    capital_of: str | None = None  # set for capitals: may stand for that state
    metonym: bool = False  # "White House": the state when it acts, nothing otherwise
    plain: bool = False  # no context rule applies: a hit is a candidate as it stands
    name: str = ""  # the canonical name as written in the sources
    veto: bool = False  # a look-alike: its span is not ``feature``


def _case_mode(alias: str) -> str:
    letters = [c for c in alias if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) <= 8:
        return "exact"
    if " " not in alias.strip() and "-" not in alias and letters and letters[0].isupper():
        return "capitalised"
    return "any"


def _case_ok(alias: _Alias, original: str) -> bool:
    if alias.case == "exact":
        return original == original.upper()
    if alias.case == "capitalised":
        return original[:1].isupper()
    return True


def _dotted(acronym: str) -> str | None:
    """'EU' -> 'E.U.'; only for plain letter acronyms of 2-4 letters."""
    if 2 <= len(acronym) <= 4 and acronym.isalpha() and acronym.isupper():
        return ".".join(acronym) + "."
    return None


def _variants(alias: str) -> set[str]:
    """Spelling variants that every alias gets for free."""
    out = {alias}
    if "-" in alias or "\u2013" in alias:
        spaced = re.sub(r"[-\u2013]", " ", alias)
        out |= {spaced, re.sub(r"[-\u2013]", "", alias)}
    if "fiber" in alias.lower() or "fibre" in alias.lower():
        out |= {re.sub("fiber", "fibre", a, flags=re.I) for a in list(out)}
        out |= {re.sub("fibre", "fiber", a, flags=re.I) for a in list(out)}
    dotted = _dotted(alias)
    if dotted:
        out.add(dotted)
    return out


_TURKIC_LETTERS = re.compile("[əƏğĞışŞİ]")


def _alias_languages(alias: str) -> tuple[str, ...]:
    """The token matchers an alias of the sources goes to, told by its script (Turkish and
    Azerbaijani letters send a Latin alias to both of those matchers)."""
    found = scripts_in(alias)
    if "Cyrillic" in found:
        return ("ru",)
    if "Armenian" in found:
        return ("hy",)
    if _TURKIC_LETTERS.search(alias):
        return ("az",) if "ə" in alias.lower() else ("tr", "az")
    return ()


@dataclass(frozen=True)
class NameTables:
    """What :func:`name_tables` derives from the features."""

    table: dict[str, list[_Alias]]  # folded name -> its entries, in the files' order
    patterns: list[tuple[str, re.Pattern[str]]]  # (feature id, descriptive pattern)
    capital_names: frozenset[str]  # folded names of capitals
    place_names: frozenset[str]  # one-word place names, folded
    layer_of: dict[str, str]  # feature id -> layer
    by_language: dict[str, list[tuple[str, _Alias, bool]]]  # token matchers' names


def name_tables(features: Iterable[Mapping]) -> NameTables:
    """Every name of every feature and person, keyed by its folded spelling variants, and
    what the linker needs besides (see :class:`NameTables`); :class:`LinkerError` for a
    pattern that does not compile."""
    from corpus.linking.names import feature_names

    features = [dict(f) for f in features]
    table: dict[str, list[_Alias]] = {}
    patterns: list[tuple[str, re.Pattern[str]]] = []
    capital_names: set[str] = set()
    place_names: set[str] = set()
    layer_of: dict[str, str] = {}
    by_language: dict[str, list[tuple[str, _Alias, bool]]] = {}

    def add(name: str, entry: _Alias) -> None:
        for variant in _variants(name.strip()):
            key = fold(variant)
            if len(key.strip()) < 2:
                continue
            entries = table.setdefault(key, [])
            plain = (not entry.capital_of and not entry.metonym and not entry.veto
                     and entry.feature not in _LOOKALIKES)
            same_case = _Alias(entry.feature, entry.kind, entry.actor, _case_mode(variant),
                               variant, entry.is_actor, entry.capital_of, entry.metonym,
                               plain, entry.name or name.strip(), entry.veto)
            if same_case not in entries:
                entries.append(same_case)

    def add_inflected(languages: str | tuple[str, ...], name: str, entry: _Alias,
                      adjective: bool) -> None:
        for language in (languages,) if isinstance(languages, str) else languages:
            by_language.setdefault(language, []).append((name.strip(), entry, adjective))

    for feature in features:
        fid = str(feature["id"])
        layer = str(feature.get("layer") or "")
        layer_of[fid] = layer
        capital_of = _clean(feature.get("capital_of"))
        is_actor = layer == "actors"
        for alias in as_list(feature.get("aliases")):
            if capital_of:
                capital_names.add(fold(alias))
            if layer == "places" and " " not in alias.strip():
                place_names.add(fold(alias.strip()))
            entry = _Alias(fid, "feature", None, "any", alias, is_actor, capital_of,
                           name=alias)
            add(alias, entry)
            add_inflected(_alias_languages(alias), alias, entry, False)
        for alias in as_list(feature.get("metonyms")):
            add(alias, _Alias(fid, "feature", None, "any", alias, is_actor, None, True,
                              name=alias))
        for language, names in feature_names(feature).items():
            for group, words in names.items():
                for name in words:
                    # «Кремль» always stands for Russia; "the White House" only
                    # when it acts (the capital rule decides).
                    entry = _Alias(fid, "feature", None, "any", name, is_actor,
                                   capital_of, group == "acting_metonyms", name=name)
                    if capital_of:
                        capital_names.add(fold(name))
                    if layer == "places" and " " not in name.strip():
                        place_names.add(fold(name.strip()))
                    add(name, entry)
                    if group != "acronyms":
                        add_inflected(language, name, entry, group == "adjectives")
        lookalikes = feature.get("lookalikes")
        for language, texts in (lookalikes.items() if isinstance(lookalikes, Mapping)
                                else ()):
            for text in as_list(texts):
                entry = _Alias(fid, "feature", None, "any", text, False, veto=True,
                               name=text)
                add(text, entry)
                add_inflected(language, text, entry, False)
        for number, source in enumerate(as_list(feature.get("patterns")), start=1):
            try:
                patterns.append((fid, re.compile(source, re.IGNORECASE)))
            except re.error as exc:
                raise LinkerError(
                    f"feature {fid!r}: pattern {number} {source!r} is not a valid regular "
                    f"expression ({exc}); fix it in geodata/layers/{layer or '?'}.geojson"
                ) from exc
        for person in as_list(feature.get("people")):
            if not isinstance(person, Mapping) or not person.get("id"):
                continue
            names = [person.get("name", "")] + as_list(person.get("aliases"))
            for name in filter(None, names):
                entry = _Alias(str(person["id"]), "person", fid, "any", name, False,
                               name=name)
                add(name, entry)
                add_inflected(_alias_languages(name), name, entry, False)
            local_names = person.get("names")
            for language, local in (local_names.items() if isinstance(local_names, Mapping)
                                    else ()):
                for name in as_list(local):
                    entry = _Alias(str(person["id"]), "person", fid, "any", name, False,
                                   name=name)
                    add(name, entry)
                    add_inflected(language, name, entry, False)

    return NameTables(table, patterns, frozenset(capital_names), frozenset(place_names),
                      layer_of, by_language)


def as_list(value) -> list:
    """A feature property as a list: None -> [], a string -> [it], NaN entries dropped."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    try:
        return [v for v in value if v is not None and v == v]
    except TypeError:
        return []


def _clean(value) -> str | None:
    if value is None or value != value or value == "":  # NaN from pandas
        return None
    return str(value)
