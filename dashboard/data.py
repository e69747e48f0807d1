"""What the page shows, read from the geodata layers and the on-disk mention index (no
Streamlit here).

Where the data comes from (environment variables, read when the app starts a run):

- ``CORRIDOR_ATLAS_CORPUS``: the folder of article files (default ``corpus/articles``).
- ``CORRIDOR_ATLAS_LAYERS``: the folder of geodata layer files (default ``geodata/layers``).
- ``CORRIDOR_ATLAS_INDEX_DIR``: where the SQLite index files live (see ``corpus.index``).

At start the app calls ``open_corpus`` (``corpus.index.open_index``): only the article files
whose content changed since the last start are linked again, so a 10k-article corpus opens
without relinking. ``load_geodata`` reads the layers once and keeps simplified GeoJSON for
drawing, full properties for the facts panel and lengths. Both are heavy and read-only, so the
app keeps them with ``st.cache_resource`` keyed on cheap signatures (``layers_signature``:
a few ``stat`` calls; for the corpus, ``folder_signature`` and the index's build counter
``index_generation`` on every run, ``corpus_signature``, a ``stat`` of each article file, on
a session's first run), so an edit in place is picked up after a reload and a build by the
command line at the next run.

Each click then costs a few SQL queries by feature id: ``feature_summary`` (exact counts) and
``passage_page`` (the first N passages, grouped by article). An actor's passages include
those that mention the people who speak for it, as its shading counts do (``mention_counts``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from shapely.geometry import shape

from corpus.articles import Passage
from corpus.index import ArticleFilter, MentionIndex
from dashboard import mapshapes
from dashboard.languages import chosen_languages
from dashboard.offsets import align_span
from dashboard.passages import UNKNOWN_OUTLET, ArticleGroup, PassageHit

REPO = Path(__file__).resolve().parents[1]
CORPUS_ENV = "CORRIDOR_ATLAS_CORPUS"
LAYERS_ENV = "CORRIDOR_ATLAS_LAYERS"
DEFAULT_CORPUS = REPO / "corpus" / "articles"
DEFAULT_LAYERS = REPO / "geodata" / "layers"
FEATURE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# Bidirectional formatting characters: embeddings, overrides, isolates and marks.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# "path:line: message", the form of corpus.index problems.
_PROBLEM_LINE = re.compile(r"^(?P<path>.*?):(?P<line>\d+): (?P<message>.*)$", re.DOTALL)

# How much detail each layer keeps for drawing (degrees; 0.01 is about 1 km). Polygons
# dominate what travels to the browser; lines and points are cheap and need the detail near
# borders.
DRAWING = {
    "corridors": {"tolerance": 0.005, "decimals": 3},
    "zones": {"tolerance": 0.002, "decimals": 3},
    "actors": {"tolerance": 0.02, "decimals": 2, "min_area": 0.05,
               "tolerance_by_kind": {"organisation": 0.08}},
    "places": {"tolerance": 0.0, "decimals": 3},
}
BASEMAP_DRAWING = {"tolerance": 0.02, "decimals": 2, "min_area": 0.02}

# Passages shown per feature before the reader asks for more.
PAGE_SIZE = 20


@dataclass(frozen=True)
class DataProblem:
    """A problem found while loading: which part, which file, where in it, what is wrong."""

    part: str
    path: str
    where: str
    message: str


@dataclass(frozen=True)
class DataDirs:
    """The folders the page reads."""

    corpus: Path
    layers: Path


def data_dirs(environ: Mapping[str, str] | None = None) -> DataDirs:
    """The corpus and layers folders, from the environment or the defaults."""
    environ = os.environ if environ is None else environ
    corpus = environ.get(CORPUS_ENV) or DEFAULT_CORPUS
    layers = environ.get(LAYERS_ENV) or DEFAULT_LAYERS
    return DataDirs(Path(corpus).expanduser(), Path(layers).expanduser())


def _stat_key(path: Path) -> tuple:
    try:
        stat = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path), stat.st_size, stat.st_mtime_ns)


def folder_signature(corpus_dir: Path) -> tuple:
    """One ``stat`` of the corpus folder: changes when an article file is added, removed
    or renamed (adding writes a temporary file and renames it), not on an edit in place."""
    return _stat_key(Path(corpus_dir))


def corpus_signature(corpus_dir: Path) -> tuple:
    """A cheap key that changes when an article file is added, removed, renamed or edited
    in place: the folder's stat and a digest of each article file's name, size, mtime and
    inode (one ``scandir``; about 10 ms for 10,000 files)."""
    import hashlib

    corpus_dir = Path(corpus_dir)
    digest = hashlib.sha256()
    try:
        entries = sorted(os.scandir(corpus_dir), key=lambda e: e.name)
    except OSError:
        entries = []
    for entry in entries:
        if entry.name.startswith(".") or not entry.name.lower().endswith((".md", ".txt")):
            continue
        try:
            info = entry.stat()
        except OSError:
            digest.update(f"{entry.name}\0?\n".encode())
            continue
        digest.update(f"{entry.name}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}\0"
                      f"{info.st_mode}\n".encode())
    return (*_stat_key(corpus_dir), digest.hexdigest())


def layers_signature(layers_dir: Path) -> tuple:
    """(path, size, mtime) of the layer files and the base map: changes on any edit."""
    import geodata.loading

    layers_dir = Path(layers_dir)
    files = sorted(layers_dir.glob("*.geojson")) if layers_dir.is_dir() else []
    return (_stat_key(layers_dir), *map(_stat_key, files),
            _stat_key(geodata.loading.BASEMAP_PATH))


# --------------------------------------------------------------------------- geodata


@dataclass
class GeoData:
    """The map layers as plain data: simplified GeoJSON for drawing, full properties."""

    collections: dict[str, dict]
    basemap: dict
    properties: dict[str, dict]
    layer_of: dict[str, str]
    lengths_km: dict[str, float]
    problems: list[DataProblem] = field(default_factory=list)


def _plain(value: Any) -> Any:
    """A JSON round trip: numpy arrays, tuples and the like become lists and plain scalars."""
    return json.loads(json.dumps(value, default=_json_default))


def _json_default(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def as_feature_collection(data: Any) -> dict:
    """A GeoJSON FeatureCollection dict from a dict or a GeoDataFrame (``load_basemap``)."""
    if hasattr(data, "to_json"):
        return json.loads(data.to_json(drop_id=True))
    return _plain(data)


def length_km(geometry: Mapping) -> float | None:
    """Length of a line geometry in km (geodata's geodesic measure), None if not a line."""
    import geodata

    geom = shape(geometry)
    if "LineString" not in geom.geom_type:
        return None
    return float(geodata.feature_length_km(geom))


def build_geodata(
    collections: Mapping[str, dict],
    basemap: Any,
    problems: Iterable[DataProblem] = (),
    *,
    measure: Callable[[Mapping], float | None] = length_km,
) -> GeoData:
    """Keep every feature's properties for the facts panel, measure corridors on the full
    geometry, and simplify what will be drawn."""
    drawn, properties, layer_of, lengths = {}, {}, {}, {}
    for layer in mapshapes.LAYERS:
        collection = _plain(collections.get(layer) or {"features": []})
        for feature in collection.get("features", []):
            props = feature.get("properties") or {}
            feature_id = props.get("id")
            if not feature_id or not feature.get("geometry"):
                continue
            properties[feature_id] = props
            layer_of[feature_id] = layer
            if layer == "corridors":
                km = measure(feature["geometry"])
                if km is not None:
                    lengths[feature_id] = km
        drawn[layer] = mapshapes.simplify_collection(collection, **DRAWING[layer])
    return GeoData(
        collections=drawn,
        basemap=mapshapes.simplify_collection(as_feature_collection(basemap), **BASEMAP_DRAWING),
        properties=properties,
        layer_of=layer_of,
        lengths_km=lengths,
        problems=list(problems),
    )


def _geodata_problem(problem: Any) -> DataProblem:
    return DataProblem(
        part="geodata",
        path=str(getattr(problem, "path", "") or ""),
        where=str(getattr(problem, "feature_id", "") or ""),
        message=str(getattr(problem, "message", problem)),
    )


def load_geodata(layers_dir: Path | None = None) -> GeoData:
    """Read the layers and the base map; bad features become problems, never exceptions."""
    import geodata

    layers = geodata.load_layers(layers_dir)
    problems = [_geodata_problem(p) for p in getattr(layers, "problems", [])]
    return build_geodata(
        {layer: layers.as_geojson(layer) for layer in mapshapes.LAYERS},
        geodata.load_basemap(),
        problems,
    )


# --------------------------------------------------------------------------- the corpus index


class ProgressReporter:
    """Turns ``open_index``'s (done, total) calls into a progress display, shown only when
    linking takes more than a moment (``after`` seconds, or ``many`` files at once)."""

    def __init__(self, show: Callable[[float, str], None], *, after: float = 0.5,
                 many: int = 50, clock: Callable[[], float] = time.monotonic) -> None:
        self.show = show
        self.after = after
        self.many = many
        self.clock = clock
        self.started = clock()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.shown and total < self.many and self.clock() - self.started < self.after:
            return
        self.shown = True
        self.show(done / total if total else 1.0,
                  f"Linking articles to the map: {done:,} of {total:,}")


def corpus_problem(text: str) -> DataProblem:
    """A DataProblem from an index problem string ('path:line: message')."""
    match = _PROBLEM_LINE.match(text)
    if not match:
        return DataProblem("corpus", "", "", text)
    return DataProblem("corpus", match["path"], f"line {match['line']}", match["message"])


@dataclass
class CorpusData:
    """The opened index, its articles' metadata and its problems.

    ``articles`` is read from the index in the same snapshot as ``problems`` and
    ``generation`` (the index's build counter); it feeds the source filters. What a panel
    cites is read from the index with the passages (``passage_page``), never from this
    table, so a later build can never put new text under an old citation. ``stale`` is True
    when another process was building the index and the previous complete one was opened.
    """

    index: MentionIndex
    articles: pd.DataFrame
    problems: list[DataProblem] = field(default_factory=list)
    generation: int = 0
    stale: bool = False


class CorpusFolderMissing(FileNotFoundError):
    """The corpus folder named by CORRIDOR_ATLAS_CORPUS (or the default) does not exist."""

    def __init__(self, corpus_dir: Path):
        self.corpus_dir = Path(corpus_dir)
        super().__init__(
            f"The corpus folder {corpus_dir} does not exist. Set {CORPUS_ENV} to the folder "
            "that holds the article files (or unset it to use corpus/articles); no index was "
            "created.")


def read_corpus(index: MentionIndex) -> CorpusData:
    """Article metadata (for the source filters), problems and the build counter, from one
    snapshot of an opened index."""
    with index.snapshot() as connection:
        articles = index.query(connection, "SELECT * FROM articles ORDER BY id")
        cells = index.query(connection, "SELECT problems FROM files WHERE problems != '[]' "
                                        "ORDER BY path")["problems"]
        row = connection.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    problems = [corpus_problem(p) for cell in cells for p in json.loads(cell)]
    return CorpusData(index, articles.set_index("id", drop=False), problems,
                      generation=int(row[0]) if row else 0)


def index_path_for(corpus_dir: Path, layers_dir: Path | None = None) -> Path:
    """The index file the page opens for these folders."""
    from corpus.index import default_index_path

    return default_index_path(corpus_dir, layers_dir)


def index_generation(corpus_dir: Path, layers_dir: Path | None = None,
                     index_path: Path | None = None) -> int:
    """The build counter of the page's index (0 if there is none yet): part of the page's
    key, so a build by the command line is picked up at the next run."""
    return MentionIndex(index_path or index_path_for(corpus_dir, layers_dir)).generation()


def open_corpus(corpus_dir: Path, layers_dir: Path | None = None, *,
                progress: Callable[[int, int], None] | None = None,
                index_path: Path | None = None) -> CorpusData:
    """Bring the corpus's index up to date (only changed files are linked) and open it.

    If another process (``python -m corpus index``) is building the same index, the page
    does not wait for it: it opens the previous complete index, says so in the problems,
    and marks the result ``stale`` (the caller tries again on the next run). Only when there
    is no complete index yet does it wait. A missing corpus folder raises
    :class:`CorpusFolderMissing`, and no index is created for it.
    """
    from corpus.index import IndexBusy, open_index

    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise CorpusFolderMissing(corpus_dir)
    try:
        index = open_index(corpus_dir, layers_dir=layers_dir, index_path=index_path,
                           progress=progress, wait=False)
    except IndexBusy as busy:
        previous = MentionIndex(busy.index_path)
        if not previous.is_complete():
            index = open_index(corpus_dir, layers_dir=layers_dir, index_path=index_path,
                               progress=progress)
            return read_corpus(index)
        opened = read_corpus(previous)
        opened.stale = True
        opened.problems.append(DataProblem(
            "corpus", str(busy.index_path), "",
            "another process is updating the article index; this page shows the previous "
            "complete index until that finishes (reload then)"))
        return opened
    return read_corpus(index)


# --------------------------------------------------------------------------- the atlas


@dataclass
class Atlas:
    """Everything the page reads: the geodata and the corpus index together."""

    geo: GeoData
    corpus: CorpusData

    @property
    def properties(self) -> dict[str, dict]:
        return self.geo.properties

    @property
    def layer_of(self) -> dict[str, str]:
        return self.geo.layer_of

    @property
    def collections(self) -> dict[str, dict]:
        return self.geo.collections

    @property
    def lengths_km(self) -> dict[str, float]:
        return self.geo.lengths_km

    @property
    def index(self) -> MentionIndex:
        return self.corpus.index

    @property
    def articles(self) -> pd.DataFrame:
        return self.corpus.articles

    @property
    def problems(self) -> list[DataProblem]:
        return self.geo.problems + self.corpus.problems

    def name(self, feature_id: str) -> str:
        """The display name of a feature (its id if it has none)."""
        return str(self.properties.get(feature_id, {}).get("name") or feature_id)

    def ids_in(self, layer: str) -> list[str]:
        """The feature ids of one layer, sorted by name."""
        ids = [i for i, layer_name in self.layer_of.items() if layer_name == layer]
        return sorted(ids, key=lambda i: self.name(i).casefold())

    def linked_ids(self, feature_id: str) -> list[str]:
        """The ids whose mentions count for a feature: itself, and for an actor the people
        listed as speaking for it."""
        people = self.properties.get(feature_id, {}).get("people") or []
        ids = [feature_id]
        ids += [str(p["id"]) for p in people if isinstance(p, Mapping) and p.get("id")]
        return ids


# --------------------------------------------------------------------------- source filters


def outlet_labels(articles: pd.DataFrame) -> list[str]:
    """Every outlet in the corpus, ``Unknown outlet`` for articles without one, sorted."""
    if articles.empty:
        return []
    labels = articles["outlet"].fillna("").astype(str).str.strip().replace("", UNKNOWN_OUTLET)
    return sorted(set(labels))


def plausible_dates(values: Iterable[Any]) -> list[dt.date]:
    """The values that are ISO dates within ``corpus.articles.plausible_date_range``.

    Reading already turns an implausible date into a problem and an undated article; this
    keeps any other value that reaches the page (an index written by older code, a hand
    edit of the database) from the date controls, which cannot represent years such as
    1026 or 9999 (``StreamlitJSNumberBoundsError``): one bad value never blanks the page.
    """
    from corpus.articles import is_plausible_date

    dates = []
    for value in values:
        day = _date(value)
        if day is not None and is_plausible_date(day):
            dates.append(day)
    return dates


def date_range(articles: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    """The first and last plausible publication date in the corpus, None if no article is
    dated."""
    if articles.empty:
        return None
    dates = plausible_dates(articles["published"])
    if not dates:
        return None
    return min(dates), max(dates)


def article_filter(
    articles: pd.DataFrame,
    *,
    outlets: Iterable[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    include_undated: bool = True,
    languages: Iterable[str] | None = None,
) -> ArticleFilter:
    """The index filter for the sidebar's choices (outlet labels as shown in the sidebar,
    language codes as in ``dashboard.languages``).

    Choosing everything is no restriction, which keeps the queries simple.
    """
    chosen = None
    if outlets is not None:
        chosen_labels = set(outlets)
        if chosen_labels != set(outlet_labels(articles)):
            chosen = tuple(sorted("" if o == UNKNOWN_OUTLET else o for o in chosen_labels))
    span = date_range(articles)
    if span is not None:
        start = None if start is not None and start <= span[0] else start
        end = None if end is not None and end >= span[1] else end
    return ArticleFilter(outlets=chosen, start=start, end=end, include_undated=include_undated,
                         languages=chosen_languages(articles, languages))


# --------------------------------------------------------------------------- queries


def _query(index: MentionIndex, sql: str, params: Sequence = ()) -> pd.DataFrame:
    """Run a read-only query on the index file."""
    with sqlite3.connect(f"file:{index.path}?mode=ro", uri=True) as connection:
        return pd.read_sql_query(sql, connection, params=list(params))


def mention_counts(atlas: Atlas, filters: ArticleFilter) -> dict[str, int]:
    """Passages mentioning each feature within the filters (a person counts for its actor)."""
    where, params = filters.sql()
    frame = _query(
        atlas.index,
        "SELECT CASE WHEN m.kind = 'person' AND m.actor IS NOT NULL THEN m.actor "
        "ELSE m.feature END AS f, COUNT(DISTINCT m.passage_id) AS n FROM mentions m "
        f"JOIN articles a ON a.id = m.article_id WHERE {where} GROUP BY f",
        params,
    )
    return {str(f): int(n) for f, n in zip(frame["f"], frame["n"], strict=True)}


def article_mentions_any(atlas: Atlas, article_id: str, feature_ids: Sequence[str]) -> bool:
    """True if the article mentions any of ``feature_ids`` (stops at the first mention)."""
    if not feature_ids:
        return False
    frame = _query(atlas.index,
                   "SELECT 1 AS hit FROM mentions WHERE article_id = ? "
                   f"AND feature IN ({_marks(feature_ids)}) LIMIT 1",
                   [article_id, *feature_ids])
    return not frame.empty


@dataclass(frozen=True)
class Summary:
    """Exact counts of what mentions a feature within the filters."""

    passages: int
    articles: int
    outlets: int

    def text(self) -> str:
        """``7 passages in 5 articles from 2 outlets`` (plain text)."""

        def plural(n: int, word: str) -> str:
            return f"{n:,} {word}{'' if n == 1 else 's'}"

        return (f"{plural(self.passages, 'passage')} in {plural(self.articles, 'article')} "
                f"from {plural(self.outlets, 'outlet')}")


def _marks(values: Sequence) -> str:
    return ",".join("?" * len(values))


def feature_summary(atlas: Atlas, feature_id: str, filters: ArticleFilter) -> Summary:
    """Passages, articles and outlets that mention the feature (exact, whatever the page)."""
    ids = atlas.linked_ids(feature_id)
    where, params = filters.sql()
    frame = _query(
        atlas.index,
        "SELECT COUNT(DISTINCT m.passage_id) AS p, COUNT(DISTINCT m.article_id) AS a, "
        "COUNT(DISTINCT COALESCE(NULLIF(TRIM(a.outlet), ''), '')) AS o "
        f"FROM mentions m JOIN articles a ON a.id = m.article_id "
        f"WHERE m.feature IN ({_marks(ids)}) AND {where}",
        [*ids, *params],
    )
    row = frame.iloc[0]
    return Summary(int(row["p"]), int(row["a"]), int(row["o"]) if int(row["p"]) else 0)


@dataclass(frozen=True)
class ArticleView:
    """An article as the panel shows it: metadata from the index and its passages."""

    id: str
    title: str
    outlet: str
    author: str
    published: dt.date | None
    url: str
    passages: tuple[Passage, ...]
    #: Who else published it: the index's ``also_published`` JSON ('' when nobody).
    also_published: str = ""
    language: str = ""


def _date(value: Any) -> dt.date | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def passage_page(atlas: Atlas, feature_id: str, filters: ArticleFilter, *,
                 limit: int = PAGE_SIZE, offset: int = 0) -> list[ArticleGroup]:
    """The passages that mention the feature, newest article first, paged with
    ``limit``/``offset``, grouped by article, each with the spans to highlight."""
    ids = atlas.linked_ids(feature_id)
    where, params = filters.sql()
    index = atlas.index
    # One snapshot for the page, its texts, citations and spans: a build committing
    # meanwhile cannot pair new text with an old citation (or an id this run never saw).
    with index.snapshot() as connection:
        page = index.query(
            connection,
            "SELECT p.id AS passage_id, p.article_id FROM passages p "
            "JOIN articles a ON a.id = p.article_id WHERE p.id IN ("
            f"  SELECT DISTINCT m.passage_id FROM mentions m WHERE m.feature IN ({_marks(ids)})) "
            f"AND {where} ORDER BY a.published IS NULL, a.published DESC, p.article_id, p.n "
            f"LIMIT {int(limit)} OFFSET {int(offset)}",
            [*ids, *params],
        )
        if page.empty:
            return []
        article_ids = list(dict.fromkeys(page["article_id"]))
        metadata = index.query(
            connection, "SELECT id, title, outlet, author, published, url, language, "
                        f"also_published FROM articles WHERE id IN ({_marks(article_ids)})",
            article_ids).set_index("id")
        texts = index.query(connection,
                            "SELECT id, article_id, n, text FROM passages "
                            f"WHERE article_id IN ({_marks(article_ids)}) ORDER BY article_id, n",
                            article_ids)
        spans = index.query(connection,
                            "SELECT passage_id, start, \"end\", text FROM mentions "
                            f"WHERE passage_id IN ({_marks(list(page['passage_id']))}) "
                            f"AND feature IN ({_marks(ids)}) ORDER BY passage_id, start",
                            [*page["passage_id"], *ids])
    by_article: dict[str, list[Passage]] = {}
    for row in texts.itertuples(index=False):
        by_article.setdefault(row.article_id, []).append(
            Passage(row.id, row.article_id, int(row.n), row.text))
    spans_of: dict[str, list[tuple[int, int, str]]] = {}
    for row in spans.itertuples(index=False):
        spans_of.setdefault(row.passage_id, []).append((int(row.start), int(row.end), row.text))
    groups: list[ArticleGroup] = []
    for article_id in article_ids:
        meta = metadata.loc[article_id]
        article = ArticleView(
            id=article_id, title=_text(meta["title"]), outlet=_text(meta["outlet"]),
            author=_text(meta["author"]), published=_date(meta["published"]),
            url=_text(meta["url"]), passages=tuple(by_article.get(article_id, ())),
            also_published=_text(meta.get("also_published", "")),
            language=_text(meta.get("language")),
        )
        by_id = {p.id: p for p in article.passages}
        hits = [PassageHit(by_id[pid], [align_span(by_id[pid].text, *span)
                                        for span in spans_of.get(pid, [])])
                for pid in page.loc[page["article_id"] == article_id, "passage_id"]
                if pid in by_id]
        groups.append(ArticleGroup(article, hits))
    return groups


def article_meta(atlas: Atlas, article_ids: Iterable[str]) -> dict[str, dict]:
    """Article id -> its citation fields (the index's ``articles`` row), read from the
    index now rather than from the table the page opened with: a build that committed since
    cannot leave a citation behind its text, nor a new article without one. An id no longer
    in the index gets ``{"id": id}`` (cited as unknown outlet, undated)."""
    wanted = list(dict.fromkeys(article_ids))
    if not wanted:
        return {}
    frame = _query(atlas.index, f"SELECT * FROM articles WHERE id IN ({_marks(wanted)})",
                   wanted)
    rows = {row["id"]: {k: (None if _text(v) == "" else v) for k, v in row.items()}
            for row in frame.to_dict("records")}
    return {article_id: rows.get(article_id, {"id": article_id}) for article_id in wanted}


def parse_feature_param(value: Any, known: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """Check a ``?feature=`` value: (feature id, None) or (None, a message for the reader).

    Never echoes more than 60 characters of what the link said; the caller shows the message
    as plain text.
    """
    if value is None:
        return None, None
    if isinstance(value, list):
        value = value[0] if value else ""
    text = str(value).strip()
    if not text:
        return None, "The link asks for a feature but gives no id; nothing is selected."
    shown = _BIDI_CONTROLS.sub("", text)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    # Isolated (U+2068 ... U+2069) with its direction controls removed: an override in the
    # link cannot reverse the rest of the message.
    shown = f"\u2068{shown}\u2069"
    if not FEATURE_ID.match(text):
        return None, (
            f"The link asks for feature '{shown}', which is not a valid feature id "
            "(lower-case letters, digits and underscores). Choose a feature on the map or in "
            "the sidebar."
        )
    if text not in known:
        return None, (
            f"The link asks for feature '{shown}', which is not on this map. Choose a feature "
            "on the map or in the sidebar."
        )
    return text, None
