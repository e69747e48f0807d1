"""The page's data, loaded once and cached: the geodata layers and the on-disk mention index
(no Streamlit here).

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

The queries behind the panels (counts, passages, citations) are in ``dashboard.queries``.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from shapely.geometry import shape

from corpus.index import MentionIndex
from dashboard import mapshapes

REPO = Path(__file__).resolve().parents[1]
CORPUS_ENV = "CORRIDOR_ATLAS_CORPUS"
LAYERS_ENV = "CORRIDOR_ATLAS_LAYERS"
DEFAULT_CORPUS = REPO / "corpus" / "articles"
DEFAULT_LAYERS = REPO / "geodata" / "layers"
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


class OpenedCorpus:
    """The corpus index opened by this server process, shared by every session.

    Not an ``st.cache_resource`` function: opening shows a progress bar, and a cached
    function that draws elements has them replayed (and refused) on later runs.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.folder: tuple | None = None
        self.files: tuple | None = None
        self.generation: int | None = None
        self.corpus: CorpusData | None = None

    def get(self, folder: tuple, files: tuple | None, generation, open_corpus
            ) -> tuple[CorpusData, int]:
        """The corpus and its index's build counter. ``open_corpus()`` (which links what
        changed) runs when ``folder`` (the folders and the corpus folder's stat: a file
        added, removed or renamed) or ``files`` (every article file's stat, given on a
        session's first run, None otherwise) differ from the last opening's, when
        ``generation()`` moved (a build by the command line), or when the last opening was
        stale (another build was running)."""
        with self.lock:
            if (self.corpus is None or self.corpus.stale or self.generation != generation()
                    or folder != self.folder or (files is not None and files != self.files)):
                self.corpus = open_corpus()
                self.folder = folder
                self.files = files if files is not None else self.files
                self.generation = generation()
            return self.corpus, self.generation


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
