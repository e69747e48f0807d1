"""Plain (Streamlit-free) pieces of the reading views: escaped HTML and map layers.

- the article view: every mention highlighted in its layer's colour, one anchor per passage;
- quoted statements and event lists as escaped HTML;
- where to pin an event on the map (``dashboard.mapevents`` draws the pins);
- whether adding articles from the page is allowed (``--allow-add`` or an environment flag).

Every piece of article text goes through ``dashboard.passages.escape_text``; nothing an
article says can become markup.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence

import pandas as pd
from shapely.geometry import shape

from dashboard.offsets import align_span
from dashboard.passages import (
    also_published_html,
    escape_text,
    language_span,
    link_html,
    safe_url,
    source_label,
)

#: Mention highlight colours by layer (light tints; text stays dark and readable). People
#: get their own colour: they speak for an actor but are not a shape on the map.
LAYER_COLOURS = {
    "corridors": "#ffd98a",
    "zones": "#d9c6f0",
    "actors": "#bfe3f5",
    "places": "#d4ecc4",
    "people": "#f7c9d4",
}
LAYER_LABELS = {"corridors": "Corridor", "zones": "Zone", "actors": "Actor",
                "places": "Place", "people": "Person"}

#: Command-line flag and environment variable that allow saving articles from the page.
ALLOW_ADD_FLAG = "--allow-add"
ALLOW_ADD_ENV = "CORRIDOR_ATLAS_ALLOW_ADD"

EVENT_COLOUR = "#b2182b"

#: The reading views' styles, part of the page's one stylesheet (``dashboard/app.py``): not
#: repeated in the elements, where each copy made the browser restyle the whole page.
VIEW_CSS = """<style>
.article-view p.para {font-size: .93rem; line-height: 1.5; margin: .2rem 0 .1rem 0;}
.article-view p.focus {border-left: 3px solid #e0b400; padding-left: .5rem;}
p.first-mention {margin: .7rem 0 .3rem 0;}
.article-view mark, .mention-legend mark, .trial mark {padding: 0 .12em; border-radius: 2px;
  color: inherit;}
""" + "".join(
    f".m-{layer} {{background: {colour};}}\n" for layer, colour in LAYER_COLOURS.items()
) + """.statement blockquote {margin: .2rem 0 .4rem 0; padding: .3rem .7rem;
  border-left: 3px solid #9aa7b4; background: #f7f8fa; font-size: .92rem;}
.statement .who {font-weight: 600;}
.event-list li {margin-bottom: .3rem;}
</style>"""


def adding_allowed(argv: Sequence[str] | None = None,
                   environ: Mapping[str, str] | None = None) -> bool:
    """True if the app was started with ``-- --allow-add`` or CORRIDOR_ATLAS_ALLOW_ADD=1."""
    import sys

    argv = sys.argv if argv is None else argv
    environ = os.environ if environ is None else environ
    return ALLOW_ADD_FLAG in argv or environ.get(ALLOW_ADD_ENV, "").strip().lower() in (
        "1", "true", "yes")


def passage_anchor(passage_id: str) -> str:
    """HTML id of a passage in the article view: ``read-<article id>-<n>`` (the panel's
    "open article in full" uses ``passage-...``; ids must stay unique on the page)."""
    return "read-" + "".join(c if c.isalnum() or c in "_-" else "-" for c in passage_id)


def mention_layer(kind: str, feature: str, layer_of: Mapping[str, str]) -> str:
    """The highlight class of a mention: its feature's layer, or ``people``."""
    if kind == "person":
        return "people"
    return layer_of.get(feature, "places")


def mention_pieces(text: str, spans: Iterable[tuple[int, int, str, str]]
                   ) -> list[tuple[str, str | None, str | None]]:
    """``text`` cut into (piece, layer, feature): a mention's layer and feature, or None
    and None between mentions.

    Overlapping spans keep the one that starts first (the longer at equal starts), so
    mentions never nest.
    """
    chosen: list[tuple[int, int, str, str]] = []
    for start, end, layer, feature in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        start, end = max(0, int(start)), min(len(text), int(end))
        if end <= start or (chosen and start < chosen[-1][1]):
            continue
        chosen.append((start, end, layer, feature))
    pieces: list[tuple[str, str | None, str | None]] = []
    cursor = 0
    for start, end, layer, feature in chosen:
        if start > cursor:
            pieces.append((text[cursor:start], None, None))
        pieces.append((text[start:end], layer, feature))
        cursor = end
    if cursor < len(text) or not pieces:
        pieces.append((text[cursor:], None, None))
    return pieces


def highlight_mentions(text: str, spans: Iterable[tuple[int, int, str, str]]) -> str:
    """Escaped ``text`` with each (start, end, layer, feature) span in a coloured ``<mark>``
    (overlaps resolved as in ``mention_pieces``)."""
    out = []
    for piece, layer, feature in mention_pieces(text, spans):
        if layer is None:
            out.append(escape_text(piece))
        else:
            out.append(f'<mark class="m-{html.escape(layer, quote=True)}" '
                       f'data-feature="{html.escape(feature or "", quote=True)}">'
                       f"{escape_text(piece)}</mark>")
    return "".join(out)


#: Axis labels longer than this many characters are shortened (the full name shows on hover).
LABEL_LIMIT = 26


_PARENTHESES = re.compile(r"\s*\(([^()]*)\)")


def short_name(name: str, limit: int = LABEL_LIMIT) -> str:
    """A label of at most ``limit`` characters for ``name``: the name itself if it fits;
    else the name without its parenthesised parts ("Southern Gas Corridor (SCP, TANAP,
    TAP)" -> "Southern Gas Corridor"); else the short name or acronym a parenthesis gives
    ("... Transport Route (Middle Corridor)" -> "Middle Corridor"); else the name cut at a
    word boundary with an ellipsis."""
    name = " ".join(str(name).split())
    if len(name) <= limit:
        return name
    bare = " ".join(_PARENTHESES.sub(" ", name).split())
    if bare and len(bare) <= limit:
        return bare
    inner = [part.strip() for part in _PARENTHESES.findall(name)
             if part.strip() and len(part.strip()) <= limit]
    if inner:
        return inner[-1]
    text = bare or name
    cut = text[: limit - 1]
    space = max(cut.rfind(" "), cut.rfind("-"), cut.rfind("/"))
    if text[limit - 1] not in " -/" and space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" -/,(:;") + "\u2026"


def short_names(names: Iterable[str], limit: int = LABEL_LIMIT) -> dict[str, str]:
    """Full name -> a short label (``short_name``), unique among ``names``: a label two
    names would share gets the number of its turn, so no two rows of a chart merge."""
    out: dict[str, str] = {}
    used: dict[str, int] = {}
    for name in dict.fromkeys(names):
        label = short_name(name, limit)
        used[label] = used.get(label, 0) + 1
        out[name] = label if used[label] == 1 else f"{label} ({used[label]})"
    return out


def citation_line(article: Mapping) -> str:
    """Outlet, title (or opening words), author, date, link: escaped HTML."""
    outlet = source_label(article.get("outlet"), article.get("url"))
    title = (article.get("title") or "").strip() or f"\u201c{article.get('opening') or ''}\u201d"
    parts = [f'<span class="outlet">{escape_text(outlet)}</span>',
             f'<span class="title">{escape_text(title)}</span>']
    if (article.get("author") or "").strip():
        parts.append(escape_text(article["author"]))
    published = article.get("published")
    parts.append(escape_text(published if isinstance(published, str) and published
                             else "undated"))
    if language_span(article.get("language")):
        parts.append(language_span(article.get("language")))
    if safe_url(article.get("url")):
        parts.append(link_html(article["url"], "original"))
    also = also_published_html(article.get("also_published"))
    if also:
        parts.append(also)
    return '<div class="citation">' + " \u00b7 ".join(parts) + "</div>"


def paragraph_html(passage_id: str, n: int, text: str, mentions: pd.DataFrame,
                   layer_of: Mapping[str, str], *, focus: bool = False,
                   anchor: bool = True) -> str:
    """One passage of the article view, mentions coloured by layer, with its anchor id."""
    spans = [(*align_span(text, m.start, m.end, getattr(m, "text", None)),
              mention_layer(m.kind, m.feature, layer_of), m.feature)
             for m in mentions.itertuples(index=False)]
    ident = f' id="{passage_anchor(passage_id)}"' if anchor else ""
    css = "para focus" if focus else "para"
    return (f'<div class="article-view"><p class="{css}"{ident} '
            f'data-passage="{html.escape(passage_id, quote=True)}">'
            f'<span class="pnum">\u00b6 {int(n)}</span> {highlight_mentions(text, spans)}'
            "</p></div>")


def chip_features(mentions: pd.DataFrame, known: Iterable[str]) -> list[str]:
    """The map features a passage mentions, in order of first mention; a person's mention
    stands for its actor (the actor is what the map can select)."""
    known = set(known)
    ordered: list[str] = []
    for m in mentions.sort_values("start").itertuples(index=False):
        target = mention_target(m.kind, m.feature, m.actor, known)
        if target and target not in ordered:
            ordered.append(target)
    return ordered


def mention_target(kind: str, feature: str, actor: object, known: Iterable[str]
                   ) -> str | None:
    """The map feature a mention selects: the feature itself, or a person's actor (the
    actor is what the map can show); None if neither is on the map."""
    target = actor if kind == "person" else feature
    return target if isinstance(target, str) and target in known else None


def article_payload(passages: pd.DataFrame, mentions: pd.DataFrame,
                    layer_of: Mapping[str, str], known: Iterable[str],
                    name_of: Callable[[str], str]) -> list[dict]:
    """The article view's body as data for the reader component (``reader.js``), which
    builds it with ``textContent`` only: article text never passes through an HTML parser.

    One dict per passage, in reading order: ``anchor`` (the element id), ``passage``,
    ``n``, ``pieces`` (``[text]`` between mentions, ``[text, layer, feature, target]`` for
    a mention; ``target`` is the map feature a click selects, or None) and ``chips``
    (``[feature id, name]`` of the map features the passage mentions, in order)."""
    known = set(known)
    by_passage = dict(tuple(mentions.groupby("passage_id", sort=False)))
    empty = mentions.iloc[0:0]
    out: list[dict] = []
    for passage_id, n, text in zip(passages["passage_id"], passages["paragraph"],
                                   passages["text"], strict=True):
        here = by_passage.get(passage_id, empty)
        targets: dict[str, str | None] = {}
        spans = []
        for m in here.itertuples(index=False):
            targets[m.feature] = mention_target(m.kind, m.feature, getattr(m, "actor", None),
                                                known)
            spans.append((*align_span(str(text), m.start, m.end, getattr(m, "text", None)),
                          mention_layer(m.kind, m.feature, layer_of), m.feature))
        pieces = [[piece] if layer is None else [piece, layer, feature, targets.get(feature)]
                  for piece, layer, feature in mention_pieces(str(text), spans)]
        chips = chip_features(here, known) if not here.empty else []
        out.append({"anchor": passage_anchor(str(passage_id)), "passage": str(passage_id),
                    "n": int(n), "pieces": pieces,
                    "chips": [[feature, name_of(feature)] for feature in chips]})
    return out


def first_mention(mentions: pd.DataFrame, feature_ids: Iterable[str]) -> str | None:
    """Passage id of the first mention (by paragraph) of any of ``feature_ids``."""
    ids = set(feature_ids)
    rows = mentions[mentions["feature"].isin(ids)]
    if rows.empty:
        return None
    return str(rows.sort_values(["paragraph", "start"]).iloc[0]["passage_id"])


def first_mention_line(name: str, passage_id: str, paragraph: int) -> str:
    """"First mention of NAME (go to ¶ N in the text):", linked to the paragraph in the
    article below (escaped HTML)."""
    return (f'<p class="first-mention"><strong>First mention of {escape_text(name)}</strong>'
            f' (<a href="#{passage_anchor(passage_id)}">go to \u00b6 {int(paragraph)} in the'
            " text</a>):</p>")


def mention_legend_html() -> str:
    """Which colour is which kind of mention."""
    items = " ".join(f'<mark class="m-{layer}">{LAYER_LABELS[layer]}</mark>'
                     for layer in LAYER_COLOURS)
    return f'<div class="mention-legend">Mentions: {items}</div>'


def statement_html(person_name: str, quote: str, citation: str, passage_id: str) -> str:
    """One quoted statement with who said it and where (all escaped)."""
    return (f'<div class="statement"><span class="who">{escape_text(person_name)}</span> '
            f'<span class="pid">({escape_text(passage_id)})</span>'
            f"<blockquote>\u201c{escape_text(quote)}\u201d</blockquote>{citation}</div>")


# --------------------------------------------------------------------------- events on the map


def place_point(properties: Mapping[str, Mapping], geometries: Mapping[str, Mapping],
                place: str) -> tuple[float, float] | None:
    """(lat, lon) of a feature to pin an event on: a point, or a point inside a shape."""
    geometry = geometries.get(place)
    if not geometry:
        return None
    point = shape(geometry).representative_point()
    return point.y, point.x


def feature_geometries(collections: Mapping[str, Mapping]) -> dict[str, dict]:
    """Feature id -> geometry over every layer."""
    return {f["properties"]["id"]: f["geometry"]
            for c in collections.values() for f in c.get("features", [])
            if f.get("geometry") and (f.get("properties") or {}).get("id")}
