"""Synthetic corpora for the benchmarks, made from the committed seed articles.

Every seed paragraph becomes a *template*: the names the linker finds in it are cut out as
slots that remember which feature (or person) they named. A synthetic passage is a template
drawn at random with each slot filled by a random name of the same feature (its aliases and
their spelling variants), so the corpus is shuffled, the names vary, and the density of
mentions stays that of real articles. Descriptive mentions found by the features' patterns
("fiber optic cables across the Caspian Sea") are kept as written, so the patterns are
exercised too. Everything is seeded: the same seed gives the same corpus.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus.linking import Linker, as_list, fold
from corpus.linking.aliases import _variants

#: Outlets given to synthetic articles (fictional, so no real outlet is misattributed).
OUTLETS = ("Synthetic Wire", "Example Daily", "Test Gazette", "")

#: Synthetic articles are dated between these days; every eighth one is undated.
FIRST_DAY = datetime.date(2024, 1, 1)
DAYS = 800


class SyntheticCorpusError(ValueError):
    """The seed text has nothing to make passages from; the message says what is missing."""


@dataclass(frozen=True)
class Template:
    """A seed paragraph cut into literal text and name slots.

    ``parts`` alternates: a ``str`` is kept as is, a ``(kind, id)`` tuple is a slot filled
    with a name of that feature (``kind`` ``feature``) or person (``kind`` ``person``).
    """

    parts: tuple[str | tuple[str, str], ...]


def alias_pools(features: Iterable[Mapping]) -> dict[tuple[str, str], list[str]]:
    """Names to draw from for each ``(kind, id)``: a feature's aliases with their spelling
    variants, a person's name and aliases. Sorted, so draws are reproducible.

    Names in other scripts (the layers also list Russian and Armenian spellings) are left
    out where a Latin-script name exists: the seed articles are in English.
    """
    pools: dict[tuple[str, str], set[str]] = {}
    for feature in features:
        names = pools.setdefault(("feature", str(feature["id"])), set())
        for alias in as_list(feature.get("aliases")):
            names |= _variants(alias.strip())
        for person in as_list(feature.get("people")):
            if isinstance(person, Mapping) and person.get("id"):
                people = pools.setdefault(("person", str(person["id"])), set())
                people |= {n for n in [person.get("name")] + as_list(person.get("aliases")) if n}
    return {key: sorted(_latin_first(names)) for key, names in pools.items() if names}


def _latin_first(names: set[str]) -> set[str]:
    latin = {n for n in names if all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN")
                                     for c in n)}
    return latin or names


def russian_pools(features: Iterable[Mapping]) -> dict[tuple[str, str], list[str]]:
    """Russian names to draw from for each ``(kind, id)``: the ``ru`` names, acronyms and
    adjectives the geodata build put into the layers (``names``), in dictionary form."""
    from corpus.linking.names import feature_names

    pools: dict[tuple[str, str], set[str]] = {}
    for feature in features:
        groups = feature_names(feature).get("ru", {})
        names = {n for words in groups.values() for n in words}
        if names:
            pools[("feature", str(feature["id"]))] = names
        for person in as_list(feature.get("people")):
            if isinstance(person, Mapping) and person.get("id"):
                local = as_list((person.get("names") or {}).get("ru"))
                if local:
                    pools[("person", str(person["id"]))] = set(local)
    return {key: sorted(names) for key, names in pools.items()}


#: Russian development texts the Russian benchmark corpus is made from.
RUSSIAN_TEXTS = Path(__file__).resolve().parent.parent / "tests" / "data" / "dev_ru"


def russian_texts() -> list[str]:
    """The passages of the Russian development articles (``tests/data/dev_ru``)."""
    from corpus.articles import read_path

    return [p.text for article in read_path(RUSSIAN_TEXTS).articles for p in article.passages]


def build_templates(texts: Iterable[str], linker: Linker,
                    pools: Mapping[tuple[str, str], Sequence[str]], *,
                    language: str | None = None) -> list[Template]:
    """Cut each text into a :class:`Template` at the names ``linker`` finds in it.

    Only literal names (keys of the linker's automaton) become slots; nested names (a state
    inside a longer name) stay inside their enclosing slot's text.
    """
    templates = []
    for text in texts:
        parts: list[str | tuple[str, str]] = []
        position = 0
        for match in linker.link_text(text, language=language):
            key = (match.kind, match.feature)
            if match.start < position or key not in pools:
                continue  # nested in the previous slot, or a name we cannot vary
            if not linker.automaton.exists(fold(match.text)):
                continue  # a description, or an inflected name: keep it as written
            parts += [text[position:match.start], key]
            position = match.end
        parts.append(text[position:])
        templates.append(Template(tuple(p for p in parts if p != "")))
    if not templates:
        raise SyntheticCorpusError("no seed paragraphs: give at least one text to build "
                                   "templates from (the committed corpus/articles/)")
    return templates


def synthetic_passages(templates: Sequence[Template],
                       pools: Mapping[tuple[str, str], Sequence[str]], count: int, *,
                       seed: int = 0) -> list[str]:
    """``count`` passages: random templates (with replacement) with random names."""
    if not templates:
        raise SyntheticCorpusError("no templates to draw passages from")
    rng = random.Random(seed)
    passages = []
    for _ in range(count):
        template = templates[rng.randrange(len(templates))]
        passages.append("".join(part if isinstance(part, str) else rng.choice(pools[part])
                                for part in template.parts))
    return passages


def write_synthetic_corpus(directory: Path | str, templates: Sequence[Template],
                           pools: Mapping[tuple[str, str], Sequence[str]], articles: int, *,
                           seed: int = 0, passages_per_article: tuple[int, int] = (3, 12)
                           ) -> list[Path]:
    """Write ``articles`` article files (front matter + passages) into ``directory``.

    Ids are ``syn-000001``...; outlets cycle through :data:`OUTLETS`; dates fall in the
    :data:`DAYS` days from :data:`FIRST_DAY`, and every eighth article is undated.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    low, high = passages_per_article
    paths = []
    for number in range(1, articles + 1):
        article_id = f"syn-{number:06d}"
        body = synthetic_passages(templates, pools, rng.randint(low, high),
                                  seed=rng.randrange(1 << 30))
        published = ("" if number % 8 == 0
                     else (FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))).isoformat())
        front = (f"---\nid: {article_id}\ntitle: 'Synthetic article {number}'\n"
                 f"outlet: '{OUTLETS[number % len(OUTLETS)]}'\nauthor: ''\n"
                 f"published: '{published}'\nurl: ''\nlanguage: en\nseed: ''\n---\n")
        path = directory / f"{article_id}.md"
        path.write_text(front + "\n\n".join(" ".join(p.split()) for p in body) + "\n",
                        encoding="utf-8")
        paths.append(path)
    return paths


def feature_records(layers) -> list[dict]:
    """Feature property dicts from ``geodata.load_layers()`` (what the linker is built from)."""
    frame = layers.features.drop(columns="geometry", errors="ignore")
    if "id" not in frame.columns:
        frame = frame.reset_index()
    return frame.to_dict("records")




def write_seed_corpus(directory: Path, articles: int, seed: int) -> None:
    """Write ``articles`` synthetic articles made from the seed corpus's passages and the
    layers' names into ``directory`` (what ``python -m bench`` and
    ``bench.index_regression`` index)."""
    import geodata
    from corpus.articles import load_corpus
    from corpus.linking import linker_for

    layers = geodata.load_layers()
    pools = alias_pools(feature_records(layers))
    templates = build_templates([p.text for p in load_corpus().passages()],
                                linker_for(layers), pools)
    write_synthetic_corpus(directory, templates, pools, articles, seed=seed)
