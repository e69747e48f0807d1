"""The map as a picture from the corpus index: counts and credit under the source filters,
then ``geodata.render``. Shared by ``python -m corpus export --format png|svg`` and the
dashboard's Downloads tab; imports nothing from the dashboard.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from corpus.index_query import NO_FILTER, ArticleFilter, MentionIndex

MIME_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


def corpus_credit(index: MentionIndex, filters: ArticleFilter = NO_FILTER) -> str:
    """The picture's credit line for the articles the filters keep: outlets counted as the
    page counts them (:func:`corpus.citations.count_sources`); undated articles count, but give
    no date."""
    from corpus.citations import count_sources
    from geodata.render import credit_line

    where, params = filters.sql()
    frame = index.read_sql(f"SELECT a.outlet, a.url, a.published FROM articles a WHERE {where}",
                           params)
    named, unnamed = count_sources(zip(frame["outlet"], frame["url"], strict=True))
    dates = sorted(d for d in frame["published"] if isinstance(d, str) and d)
    return credit_line(len(frame), named, dates[0] if dates else None,
                       dates[-1] if dates else None, unnamed=unnamed)


def picture_bytes(fmt: str, index: MentionIndex, collections: Mapping[str, Mapping], *,
                  selected: str | None = None, visible: Iterable[str] | None = None,
                  filters: ArticleFilter = NO_FILTER, basemap=None,
                  basemap_points: list | None = None) -> bytes:
    """The map in ``fmt`` (``png`` at 300 dpi, or ``svg``): ``visible`` features (None:
    all), ``selected`` highlighted and framed, actors shaded by passages within
    ``filters``. ``basemap``/``basemap_points`` default to the committed base map."""
    import geodata
    from geodata import render

    picture = render.MapPicture(
        collections=collections,
        basemap=basemap if basemap is not None else geodata.load_basemap(),
        basemap_points=(basemap_points if basemap_points is not None
                        else geodata.load_basemap_labels()),
        visible=visible,
        counts=index.map_counts(filters),
        selected=selected,
        credit=corpus_credit(index, filters),
    )
    return render.render_map(picture, fmt)
