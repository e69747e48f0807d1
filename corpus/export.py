"""Take the linked corpus away: GeoJSON for GIS, CSV for spreadsheets, Markdown for notes.

Three exports, each a pure function on plain data plus one wrapper that queries the mention
index (:class:`corpus.index.MentionIndex`), so the command line (``python -m corpus export``)
and the dashboard's download buttons write the same bytes:

- :func:`features_geojson`: the map features (all, or the visible ones) as an RFC 7946
  FeatureCollection whose properties carry mention, passage and article counts and the ids
  of the passages (as a JSON array and as one comma-joined text column, which QGIS and
  spreadsheets read as a plain string).
- :func:`mentions_csv`: one row per mention; text cells that a spreadsheet would run as a
  formula are defused with a leading apostrophe (article text is untrusted).
- :func:`feature_markdown`: one feature's passages with citations; article text is escaped
  so that nothing in it becomes Markdown or HTML.

A person's mention (kind ``person``) also counts for the actor it speaks for, as on the map.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import shapely.geometry
from shapely.geometry.polygon import orient

from corpus.citations import (
    also_published,
    also_published_text,
    one_line,
    outlet_label,
    safe_url,
    source_label,
)
from corpus.index_query import NO_FILTER, ArticleFilter, MentionIndex

#: Export formats, as named on the command line.
FORMATS = ("geojson", "csv", "md")

#: Columns of the mentions CSV, in order.
CSV_COLUMNS = (
    "mention_id", "article_id", "outlet", "published", "paragraph", "passage_id", "feature",
    "feature_name", "kind", "actor", "quote", "passage_excerpt", "start", "end", "url",
    "also_published",
)

#: Properties of each exported GeoJSON feature besides the geometry, in order.
GEOJSON_PROPERTIES = (
    "id", "name", "layer", "kind", "status", "accuracy", "mentions", "passages", "articles",
    "passage_ids", "passage_ids_text", "also_published",
)

#: Characters of context kept on each side of a mention in the CSV's passage excerpt.
EXCERPT_CONTEXT = 90

#: Digits kept in exported coordinates (5 decimals is about 1 m, as in geodata/layers).
COORDINATE_DECIMALS = 5

# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and
# carriage return, as the start of one); OWASP's CSV-injection advice is to prefix a quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_WHITESPACE = re.compile(r"\s+")
# Markdown (CommonMark + GitHub extensions) syntax that can act in the middle of a line.
# Passages are written on one line after a prefix, so block syntax (#, >, -, 1.) at a line
# start cannot occur; these characters are backslash-escaped wherever they appear.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#!|~&$^])")


class ExportError(ValueError):
    """An export could not be made: the message says what was asked and what to do."""


#: How each export's text begins (``is_export`` recognises a previous export by it).
_GEOJSON_START = '{"type":"FeatureCollection","features":['
_MARKDOWN_MARK = "Exported from Corridor Atlas"


def is_export(path, fmt: str | None = None) -> bool:
    """True if the regular file ``path`` begins as an export of ours does (of format
    ``fmt``, or of any format): such a file may be replaced by a new export."""
    from corpus.files import open_regular_file

    try:
        with open_regular_file(path) as handle:
            raw = handle.read(4096)
    except OSError:
        return False
    head = raw.decode("utf-8", "replace")
    looks = {
        # The pictures name their maker in their metadata (geodata.render.PICTURE_CREATOR).
        "png": raw.startswith(b"\x89PNG\r\n\x1a\n") and b"Software\x00Corridor Atlas" in raw,
        "svg": "<svg" in head and "<dc:creator>" in head and "Corridor Atlas" in head,
        "geojson": head.startswith(_GEOJSON_START),
        "csv": head.split("\r\n", 1)[0].split("\n", 1)[0] == ",".join(CSV_COLUMNS),
        "md": head.startswith("# ") and _MARKDOWN_MARK in head,
    }
    return looks.get(fmt, False) if fmt else any(looks.values())


# --------------------------------------------------------------------------- helpers


def defuse_formula(value: Any) -> Any:
    """Prefix an apostrophe to a text cell a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def escape_markdown(text: Any) -> str:
    """Article text as inert Markdown: one line, every syntax character backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))


def excerpt(text: str, start: int, end: int, context: int = EXCERPT_CONTEXT) -> str:
    """The mention with up to ``context`` characters each side, cut at word boundaries,
    ellipses where the passage goes on; on one line."""
    left = max(0, start - context)
    right = min(len(text), end + context)
    if left > 0 and not text[left - 1].isspace():
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text) and not text[right].isspace():
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    body = one_line(text[left:right])
    return ("\u2026" if left > 0 else "") + body + ("\u2026" if right < len(text) else "")


def _by_feature(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions plus, for each person's mention, a copy counted for its actor."""
    if mentions.empty or "actor" not in mentions.columns:
        return mentions
    people = mentions[mentions["actor"].notna() & (mentions["actor"] != mentions["feature"])]
    if people.empty:
        return mentions
    return pd.concat([mentions, people.assign(feature=people["actor"])], ignore_index=True)


# --------------------------------------------------------------------------- GeoJSON


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, COORDINATE_DECIMALS)
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    return value


def rfc7946_geometry(geometry: Mapping) -> dict:
    """A GeoJSON geometry as RFC 7946 wants it: polygon rings counterclockwise outside and
    clockwise inside (the right-hand rule), coordinates rounded."""
    shape = shapely.geometry.shape(geometry)
    if shape.geom_type == "Polygon":
        shape = orient(shape, sign=1.0)
    elif shape.geom_type == "MultiPolygon":
        shape = shapely.geometry.MultiPolygon([orient(p, sign=1.0) for p in shape.geoms])
    mapped = shapely.geometry.mapping(shape)
    return {"type": mapped["type"], "coordinates": _rounded(mapped["coordinates"])}


def feature_statistics(mentions: pd.DataFrame) -> dict[str, dict]:
    """Per feature: number of mentions, passages and articles, and the passage ids in
    reading order. A person's mentions count for its actor too."""
    frame = _by_feature(mentions)
    stats: dict[str, dict] = {}
    if frame.empty:
        return stats
    for feature, rows in frame.groupby("feature", sort=False):
        ordered = rows.sort_values(["article_id", "paragraph", "start"])
        passage_ids = list(dict.fromkeys(ordered["passage_id"]))
        stats[str(feature)] = {
            "mentions": int(len(rows)),
            "passages": len(passage_ids),
            "articles": int(rows["article_id"].nunique()),
            "passage_ids": passage_ids,
            "also_published": _copies(ordered),
        }
    return stats


def _copies(rows: pd.DataFrame) -> list[dict]:
    """{article_id, outlet, url} of each republished copy of the articles in ``rows``."""
    if "also_published" not in rows:
        return []
    copies = []
    for article_id, value in dict(zip(rows["article_id"], rows["also_published"],
                                      strict=True)).items():
        copies += [{"article_id": article_id, "outlet": o, "url": safe_url(u) or ""}
                   for o, u in also_published(value)]
    return copies


def features_geojson(collections: Mapping[str, Mapping], mentions: pd.DataFrame, *,
                     feature_ids: Iterable[str] | None = None) -> dict:
    """The features of every layer (or only ``feature_ids``) with their mention counts.

    ``collections`` maps layer name to a GeoJSON FeatureCollection dict (as
    ``geodata.Layers.as_geojson`` returns); ``mentions`` has the columns of
    ``MentionIndex.mentions()``. Features keep their order within each layer.
    """
    wanted = None if feature_ids is None else set(feature_ids)
    stats = feature_statistics(mentions)
    out = []
    for layer, collection in collections.items():
        for feature in collection.get("features", []):
            props = feature.get("properties") or {}
            feature_id = props.get("id") or feature.get("id")
            if not feature_id or not feature.get("geometry"):
                continue
            if wanted is not None and feature_id not in wanted:
                continue
            counts = stats.get(feature_id, {"mentions": 0, "passages": 0, "articles": 0,
                                             "passage_ids": []})
            properties = {
                "id": feature_id,
                "name": props.get("name") or feature_id,
                "layer": props.get("layer") or layer,
                "kind": props.get("kind", ""),
                "status": props.get("status", ""),
                "accuracy": props.get("accuracy", ""),
                "mentions": counts["mentions"],
                "passages": counts["passages"],
                "articles": counts["articles"],
                "passage_ids": counts["passage_ids"],
                "passage_ids_text": ",".join(counts["passage_ids"]),
                "also_published": counts.get("also_published", []),
            }
            out.append({"type": "Feature", "id": feature_id, "properties": properties,
                        "geometry": rfc7946_geometry(feature["geometry"])})
    return {"type": "FeatureCollection", "features": out}


def geojson_text(collection: Mapping) -> str:
    """A FeatureCollection as UTF-8 JSON text (non-ASCII kept as is, one feature a line)."""
    features = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":"))
                          for f in collection["features"])
    return _GEOJSON_START + "\n" + features + "\n]}\n"


# --------------------------------------------------------------------------- CSV


def mention_rows(mentions: pd.DataFrame, passage_texts: Mapping[str, str],
                 feature_names: Mapping[str, str]) -> list[dict]:
    """One dict per mention with :data:`CSV_COLUMNS` (spreadsheet-safe values)."""
    rows = []
    for m in mentions.itertuples(index=False):
        text = passage_texts.get(m.passage_id, "")
        published = m.published if isinstance(m.published, str) else ""
        actor = m.actor if isinstance(getattr(m, "actor", None), str) else ""
        row = {
            "mention_id": m.mention_id,
            "article_id": m.article_id,
            "outlet": outlet_label(m.outlet),
            "published": published,
            "paragraph": int(m.paragraph),
            "passage_id": m.passage_id,
            "feature": m.feature,
            "feature_name": feature_names.get(m.feature, m.feature),
            "kind": m.kind,
            "actor": actor,
            "quote": one_line(m.text),
            "passage_excerpt": excerpt(text, int(m.start), int(m.end)) if text else "",
            "start": int(m.start),
            "end": int(m.end),
            "url": safe_url(m.url) or "",
            "also_published": also_published_text(getattr(m, "also_published", "")),
        }
        rows.append({key: defuse_formula(value) for key, value in row.items()})
    return rows


def mentions_csv(mentions: pd.DataFrame, passage_texts: Mapping[str, str],
                 feature_names: Mapping[str, str]) -> str:
    """Every mention as CSV text: a header line, then one row per mention, ``\\r\\n`` line
    ends (RFC 4180), fields quoted only when needed."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows(mention_rows(mentions, passage_texts, feature_names))
    return buffer.getvalue()


# --------------------------------------------------------------------------- Markdown


def citation_markdown(article: Mapping) -> str:
    """Outlet, title (or opening words in quotes), author, date and URL, escaped."""
    title = one_line(article.get("title"))
    if not title:
        opening = one_line(article.get("opening")) or str(article.get("article_id", ""))
        title = f"\u201c{opening}\u201d"
    parts = [f"**{escape_markdown(source_label(article.get('outlet'), article.get('url')))}**",
             f"*{escape_markdown(title)}*"]
    author = one_line(article.get("author"))
    if author:
        parts.append(escape_markdown(author))
    published = article.get("published")
    parts.append(escape_markdown(published) if isinstance(published, str) and published
                 else "undated")
    url = safe_url(article.get("url"))
    if url:
        parts.append(f"<{url}>")
    others = also_published(article.get("also_published"))
    if others:
        parts.append("also published by " + ", ".join(
            escape_markdown(source_label(o, u)) + (f" <{safe_url(u)}>" if safe_url(u) else "")
            for o, u in others))
    return " \u00b7 ".join(parts)


def highlight_markdown(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Escaped passage text on one line with each mention in bold."""
    merged: list[list[int]] = []
    for start, end in sorted((int(s), int(e)) for s, e in spans):
        start, end = max(0, start), min(len(text), end)
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(end, merged[-1][1])
        else:
            merged.append([start, end])

    def inert(piece: str) -> str:
        # Like escape_markdown, but keeps edge spaces: the pieces are joined afterwards.
        return _MARKDOWN_SPECIAL.sub(r"\\\1", _WHITESPACE.sub(" ", piece))

    pieces, cursor = [], 0
    for start, end in merged:
        pieces.append(inert(text[cursor:start]))
        pieces.append(f"**{inert(text[start:end]).strip()}**")
        cursor = end
    pieces.append(inert(text[cursor:]))
    return "".join(pieces).strip()


def feature_markdown(feature_name: str, feature_id: str, passages: pd.DataFrame,
                     mentions: pd.DataFrame) -> str:
    """One feature's passages as Markdown, grouped by article, each article cited.

    ``passages`` has the columns of ``MentionIndex.passages_for``; ``mentions`` the mentions
    in those passages (``MentionIndex.mentions_in``), of which those of ``feature_id`` (and
    of the people who speak for it) are set in bold.
    """
    mine = mentions[(mentions["feature"] == feature_id)
                    | (mentions.get("actor", pd.Series(index=mentions.index)) == feature_id)]
    spans: dict[str, list[tuple[int, int]]] = {}
    for m in mine.itertuples(index=False):
        spans.setdefault(m.passage_id, []).append((int(m.start), int(m.end)))
    articles = passages["article_id"].nunique() if not passages.empty else 0
    lines = [f"# {escape_markdown(feature_name)}", "",
             f"Feature id `{feature_id}`: {len(passages)} passage"
             f"{'' if len(passages) == 1 else 's'} in {articles} article"
             f"{'' if articles == 1 else 's'}. Mentions are in bold. {_MARKDOWN_MARK}; the "
             "texts are the sources' own words, quoted for research.", ""]
    for _article_id, rows in passages.groupby("article_id", sort=False):
        first = rows.iloc[0].to_dict()
        lines += [f"## {citation_markdown(first)}", ""]
        for row in rows.itertuples(index=False):
            text = highlight_markdown(row.text, spans.get(row.passage_id, []))
            lines += [f"> \u00b6 {int(row.paragraph)} ({row.passage_id}): {text}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- from the index


def passage_texts(index: MentionIndex, article_ids: Iterable[str]) -> dict[str, str]:
    """Passage id -> text for every passage of these articles."""
    texts: dict[str, str] = {}
    for article_id in dict.fromkeys(article_ids):
        frame = index.article_passages(article_id)
        texts.update(zip(frame["passage_id"], frame["text"], strict=True))
    return texts


def feature_names(collections: Mapping[str, Mapping], people: Mapping[str, str] | None = None
                  ) -> dict[str, str]:
    """Feature id -> display name over every layer, plus people (id -> name) if given."""
    names = dict(people or {})
    for collection in collections.values():
        for feature in collection.get("features", []):
            props = feature.get("properties") or {}
            if props.get("id"):
                names[props["id"]] = props.get("name") or props["id"]
                for person in props.get("people") or []:
                    if isinstance(person, Mapping) and person.get("id"):
                        names.setdefault(person["id"], person.get("name") or person["id"])
    return names


def _people_of(collections: Mapping[str, Mapping]) -> dict[str, tuple[str, str]]:
    """Person id -> (name, id of the actor the person speaks for), over every layer."""
    people: dict[str, tuple[str, str]] = {}
    for collection in collections.values():
        for feature in collection.get("features", []):
            props = feature.get("properties") or {}
            for person in props.get("people") or []:
                if isinstance(person, Mapping) and person.get("id") and props.get("id"):
                    people.setdefault(person["id"], (person.get("name") or person["id"],
                                                     props["id"]))
    return people


def feature_passages(index: MentionIndex, feature_id: str, filters: ArticleFilter = NO_FILTER
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(passages, mentions) of one feature: the passages that mention it or a person who
    speaks for it, in article then paragraph order, with the article's citation columns
    (title, outlet, author, published, url, opening); and every mention in them."""
    mentions = index.mentions(filters)
    mine = mentions[(mentions["feature"] == feature_id) | (mentions["actor"] == feature_id)]
    passage_ids = list(dict.fromkeys(mine["passage_id"]))
    texts = passage_texts(index, mine["article_id"])
    articles = index.articles().set_index("id")
    rows = []
    for passage_id in passage_ids:
        article_id, _, n = passage_id.rpartition(":")
        article = articles.loc[article_id]
        rows.append({"passage_id": passage_id, "article_id": article_id, "paragraph": int(n),
                     "text": texts.get(passage_id, ""), "title": article["title"],
                     "outlet": article["outlet"], "author": article["author"],
                     "published": article["published"], "url": article["url"],
                     "opening": article["opening"],
                     "also_published": article.get("also_published", "")})
    columns = ["passage_id", "article_id", "paragraph", "text", "title", "outlet", "author",
               "published", "url", "opening", "also_published"]
    frame = pd.DataFrame(rows, columns=columns)
    if not frame.empty:
        # Dated articles first, oldest first, as MentionIndex.passages_for orders them.
        frame = frame.assign(_undated=frame["published"].isna()).sort_values(
            ["_undated", "published", "article_id", "paragraph"], kind="stable"
        ).drop(columns="_undated").reset_index(drop=True)
    in_passages = mentions[mentions["passage_id"].isin(set(passage_ids))]
    return frame, in_passages


def export_text(fmt: str, index: MentionIndex, collections: Mapping[str, Mapping], *,
                feature_ids: Sequence[str] | None = None,
                filters: ArticleFilter = NO_FILTER) -> str:
    """The export in ``fmt`` (``geojson``, ``csv`` or ``md``) as text.

    ``feature_ids`` restricts GeoJSON and CSV to those features (for CSV: mentions of them,
    or of people speaking for them) and names the one feature of a Markdown export.
    ``filters`` restricts the articles counted, as on the map.
    """
    names = feature_names(collections)
    unknown = [f for f in feature_ids or () if f not in names]
    if unknown:
        raise ExportError(f"unknown feature id(s) {', '.join(map(repr, unknown))}; use ids "
                          "from geodata/layers/ (e.g. tripp, middle_corridor, usa)")
    if fmt == "geojson":
        people = _people_of(collections)
        on_map = {(f.get("properties") or {}).get("id") for c in collections.values()
                  for f in c.get("features", [])}
        asked = [f for f in feature_ids or () if f in people and f not in on_map]
        if asked:
            described = "; ".join(f"{f!r} is a person ({people[f][0]}, who speaks for "
                                  f"{people[f][1]!r})" for f in asked)
            raise ExportError(f"{described}: GeoJSON holds map features only. Give the actor "
                              f"instead (--feature {people[asked[0]][1]}), or export the "
                              "person's mentions with --format csv or md")
        return geojson_text(features_geojson(collections, index.mentions(filters),
                                             feature_ids=feature_ids))
    if fmt == "csv":
        mentions = index.mentions(filters)
        if feature_ids:
            wanted = set(feature_ids)
            mentions = mentions[mentions["feature"].isin(wanted)
                                | mentions["actor"].isin(wanted)]
        return mentions_csv(mentions, passage_texts(index, mentions["article_id"]), names)
    if fmt == "md":
        if not feature_ids or len(feature_ids) != 1:
            raise ExportError("a Markdown export is one feature's passages: give exactly one "
                              "feature id (--feature tripp)")
        feature_id = feature_ids[0]
        passages, mentions = feature_passages(index, feature_id, filters)
        return feature_markdown(names[feature_id], feature_id, passages, mentions)
    raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
