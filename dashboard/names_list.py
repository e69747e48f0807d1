"""The "Names by source" list of the reading panel: one block per matched name, narrow
enough for the ~300 px side panel and a phone.

Built from :func:`corpus.analysis.names_by_source` (the same grouping, counts and order as
the table and the exports): each block shows the name, how many mentions use it, every
spelling found in the text with its language, and the sources that use it with their
counts. Long names wrap (no fixed widths, no horizontal scrolling). Every string is
untrusted text from articles or files and goes through ``passages.escape_text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from corpus.analysis import WRITTEN_SEPARATOR, names_table
from corpus.export import defuse_formula
from dashboard.languages import language_name
from dashboard.passages import LANGUAGE_CODE, escape_text

_WHITESPACE = re.compile(r"\s+")

#: Laid out for a narrow column: words break where they must, nothing overflows.
NAMES_CSS = """<style>
.names-list{margin:0;padding:0;max-width:100%;overflow-wrap:anywhere;word-break:normal}
.names-list .name-group{border-top:1px solid rgba(128,128,128,.3);padding:.35rem 0}
.names-list .name-group:first-child{border-top:none}
.names-list .name-head{display:flex;gap:.5rem;align-items:baseline}
.names-list .name{font-weight:600;flex:1 1 auto;min-width:0}
.names-list .total{flex:0 0 auto;font-variant-numeric:tabular-nums;opacity:.8}
.names-list .written,.names-list .sources{font-size:.88em;margin:.1rem 0 0 0;padding:0}
.names-list .lang{font-size:.85em;opacity:.7}
.names-list .sources{list-style:none;padding-left:.75rem}
.names-list .sources li{display:flex;gap:.5rem;align-items:baseline;margin:0}
.names-list .source{flex:1 1 auto;min-width:0}
.names-list .count{flex:0 0 auto;font-variant-numeric:tabular-nums}
</style>"""


@dataclass(frozen=True)
class Spelling:
    """One way a name is written in the text, with the languages of its mentions, most
    used first (empty when none is recorded)."""

    text: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class NameGroup:
    """One matched name: its spellings, and (source, count) most used first."""

    name: str
    total: int
    spellings: tuple[Spelling, ...]
    sources: tuple[tuple[str, int], ...]


def _spelling_languages(mentions: pd.DataFrame, feature_id: str
                        ) -> dict[str, tuple[str, ...]]:
    """Spelling (whitespace collapsed, as in ``names_by_source``) -> the languages of its
    mentions of ``feature_id``, most used first, then alphabetically."""
    if mentions.empty or "language" not in mentions.columns:
        return {}
    rows = mentions[(mentions["feature"] == feature_id) & (mentions["kind"] == "feature")]
    counts: dict[str, dict[str, int]] = {}
    for text, language in zip(rows["text"], rows["language"], strict=True):
        code = language.strip() if isinstance(language, str) else ""
        if not LANGUAGE_CODE.match(code):
            continue
        spelling = _WHITESPACE.sub(" ", str(text)).strip()
        by_code = counts.setdefault(spelling, {})
        by_code[code] = by_code.get(code, 0) + 1
    return {s: tuple(sorted(c, key=lambda code: (-c[code], code))) for s, c in counts.items()}


def name_groups(long: pd.DataFrame, mentions: pd.DataFrame | None = None,
                feature_id: str = "") -> list[NameGroup]:
    """``long`` (:func:`corpus.analysis.names_by_source`) as one group per name, in its
    order (most used first); spellings get their language from ``mentions`` when given."""
    if long.empty:
        return []
    languages = (_spelling_languages(mentions, feature_id) if mentions is not None else {})
    groups: dict[str, dict] = {}
    for row in long.itertuples(index=False):
        group = groups.setdefault(row.name, {"written": getattr(row, "written", "") or "",
                                             "sources": []})
        group["sources"].append((str(row.source), int(row.count)))
    result = []
    for name, group in groups.items():
        written = [w for w in str(group["written"]).split(WRITTEN_SEPARATOR) if w]
        sources = sorted(group["sources"], key=lambda s: (-s[1], s[0]))
        result.append(NameGroup(
            name=str(name), total=sum(n for _, n in sources),
            spellings=tuple(Spelling(w, languages.get(w, ())) for w in written),
            sources=tuple(sources)))
    return result


def _languages_html(codes: tuple[str, ...]) -> str:
    """`` ru, hy`` in small type, each code's English name on hover."""
    if not codes:
        return ""
    return " " + ", ".join(f'<span class="lang" title="{escape_text(language_name(code))}">'
                           f"{escape_text(code)}</span>" for code in codes)


def _lang_attribute(code: str) -> str:
    return f' lang="{escape_text(code)}"' if code else ""


def group_html(group: NameGroup) -> str:
    """One name's block: the name and its total, its spellings (each with its languages,
    or the languages once at the end when every spelling has the same), its sources."""
    first = group.spellings[0].languages[:1] if group.spellings else ()
    first = first[0] if first else ""
    head = (f'<div class="name-head"><span class="name"{_lang_attribute(first)}>'
            f"{escape_text(group.name)}</span>"
            f'<span class="total" title="mentions">{group.total}</span></div>')
    shared = len({s.languages for s in group.spellings}) == 1
    spellings = ", ".join(
        f"<span{_lang_attribute(s.languages[0] if s.languages else '')}>"
        f"\u00ab{escape_text(s.text)}\u00bb</span>"
        + ("" if shared else _languages_html(s.languages))
        for s in group.spellings)
    if spellings and shared:
        spellings += _languages_html(group.spellings[0].languages)
    written = f'<p class="written">Written as {spellings}</p>' if spellings else ""
    sources = "".join(f'<li><span class="source">{escape_text(source)}</span> '
                      f'<span class="count">{count}</span></li>'
                      for source, count in group.sources)
    return (f'<div class="name-group">{head}{written}'
            f'<ul class="sources" aria-label="sources">{sources}</ul></div>')


def names_html(groups: list[NameGroup]) -> str:
    """The whole list, one element (with its style), '' when there is no name."""
    if not groups:
        return ""
    return (NAMES_CSS + '<div class="names-list" data-testid="names-list">'
            + "".join(group_html(g) for g in groups) + "</div>")


def names_csv(long: pd.DataFrame) -> bytes:
    """:func:`corpus.analysis.names_table` as CSV (UTF-8): a name per row, ``Written as``,
    a column per source and ``Total``. Names and sources come from articles, so a cell a
    spreadsheet would read as a formula is defused (``corpus.export.defuse_formula``)."""
    table = names_table(long)
    if table.empty:
        return b""
    table = table.reset_index().rename(columns={"name": "Name"})
    table.columns = [defuse_formula(str(c)) for c in table.columns]
    table = table.map(defuse_formula)
    return table.to_csv(index=False).encode("utf-8")
